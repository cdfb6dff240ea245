"""`kanslist diarium backup`: a copy taken while the register is in use keeps the last numbers."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from kanslist.cli import main
from kanslist.diarium import Diarium, DiariumError


def test_a_backup_taken_in_use_has_the_numbers_still_in_the_wal(tmp_path, organisation, clock):
    path = tmp_path / "diarium.sqlite"
    with Diarium.open(f"sqlite:///{path}", organisation, clock=clock) as d:
        numbers = [d.nytt_arende("KS", f"Ärende {i}") for i in range(5)]
        with d.engine.connect() as reader:  # another registrar holds the register open: no checkpoint
            reader.exec_driver_sql("SELECT COUNT(*) FROM arende").scalar_one()
            wal = tmp_path / "diarium.sqlite-wal"
            assert wal.stat().st_size > 0  # the last numbers are in the -wal, not yet in the file

            shutil.copy(path, tmp_path / "filkopia.sqlite")  # what a plain file copy gets
            assert d.backup(tmp_path / "kopia.sqlite") == 5
    assert numbers[-1] == "KS 2026/005"

    with Diarium.open(f"sqlite:///{tmp_path / 'kopia.sqlite'}", organisation, clock=clock) as copy:
        assert [a.dnr for a in copy.arenden()][-1] == "KS 2026/005"
        assert copy.nytt_arende("KS", "Efter återställning") == "KS 2026/006"
    plain = sqlite3.connect(tmp_path / "filkopia.sqlite")
    assert plain.execute("SELECT COUNT(*) FROM arende").fetchone() == (0,)  # it would give KS 2026/001 again
    plain.close()


def test_a_backup_is_one_file_and_never_replaces_a_file_unless_told(tmp_path, organisation, clock):
    path = tmp_path / "data" / "diarium.sqlite"
    path.parent.mkdir()
    target = tmp_path / "kopia.sqlite"
    with Diarium.open(f"sqlite:///{path}", organisation, clock=clock) as d:
        d.nytt_arende("KS", "Ett")
        d.backup(target)
        d.nytt_arende("KS", "Två")
        with pytest.raises(DiariumError) as raised:
            d.backup(target)
        assert str(raised.value) == (f"{target} finns redan – välj ett annat filnamn, eller skriv över filen "
                                     "med --tvinga")
        assert d.backup(target, tvinga=True) == 2
        with pytest.raises(DiariumError) as raised:
            d.backup(path, tvinga=True)
        assert str(raised.value) == f"{path} är själva diariet – välj en annan fil för säkerhetskopian"
        with pytest.raises(DiariumError) as raised:
            d.backup(tmp_path / "saknas" / "kopia.sqlite")
        assert str(raised.value) == (f"{tmp_path / 'saknas'}: mappen finns inte – skapa den eller välj en annan "
                                     "plats för säkerhetskopian")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "kopia.sqlite"]  # no temporary file, no -wal
    assert target.read_bytes()[18:20] == b"\x01\x01"  # rollback journal: the copy needs no -wal beside it
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600  # classified details: readable by its owner only


@pytest.mark.postgres
def test_a_postgresql_register_is_backed_up_with_pg_dump(pg_url, organisation, clock, tmp_path):
    with Diarium.open(pg_url, organisation, clock=clock) as d:
        with pytest.raises(DiariumError) as raised:
            d.backup(tmp_path / "kopia.sqlite")
    assert str(raised.value) == ("diariet ligger i PostgreSQL – ta säkerhetskopian med pg_dump (t.ex. pg_dump "
                                 "--format=custom --file=diarium.dump DATABAS) och återställ den med pg_restore")
    assert not (tmp_path / "kopia.sqlite").exists()


def test_the_backup_command(tmp_path):
    from kanslist.workspace import Workspace

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "organisation.yaml").write_text(
        'namn: Vaggeryds kommun\ndiarienummer: "{serie} {ar}/{lopnr:03d}[-{handling}]"\n'
        "enheter:\n  kommunstyrelsen: {namn: Kommunstyrelsen, typ: namnd, serie: KS}\n", encoding="utf-8")
    workspace = Workspace(tmp_path)
    runner = CliRunner()

    def run(*args):
        return runner.invoke(main, ["-C", str(workspace.root), "diarium", *args], catch_exceptions=False)

    run("nytt", "--serie", "KS", "--rubrik", "Budget")
    target = tmp_path / "kopia.sqlite"
    result = run("backup", str(target))
    assert (result.exit_code, result.output) == (
        0, f"{target}: säkerhetskopia av diariet skriven och kontrollerad (1 ärende)\n")
    result = run("backup", str(target))
    assert (result.exit_code, result.output) == (
        1, f"{target} finns redan – välj ett annat filnamn, eller skriv över filen med --tvinga\n")
    assert run("backup", str(target), "--tvinga").exit_code == 0
    help_text = run("backup", "--help").output
    assert "SQLites backup-funktion" in help_text and "pg_dump" in help_text and "--tvinga" in help_text
