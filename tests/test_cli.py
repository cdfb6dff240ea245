"""The command line maps arguments to library calls, messages and exit codes; nothing more."""

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from kanslist.cli import main


def run(*args, cwd: Path | None = None):
    return CliRunner().invoke(main, [*(["-C", str(cwd)] if cwd else []), *args], prog_name="kanslist")


def it_creates_a_workspace_that_builds(tmp_path):
    target = tmp_path / "kommun"
    result = run("init", str(target))
    assert result.exit_code == 0, result.output
    assert (target / "mallar").is_dir()  # empty: the default templates are used until the workspace restyles its own
    assert (target / "data" / "organisation.yaml").exists()
    built = run("bygg", cwd=target)
    assert built.exit_code == 0, built.output
    assert (target / "build" / "exempel-revisionssvar" / "tjansteskrivelse.docx").exists()


def it_refuses_to_init_over_a_workspace(workspace_dir):
    result = run("init", str(workspace_dir))
    assert result.exit_code == 1
    assert "här finns redan en arbetsyta – välj en annan mapp" in result.output


def it_writes_a_new_case_that_validates(workspace_dir):
    result = run("ny", "motionssvar", "--rubrik", "Svar på motion om cykelvägar", cwd=workspace_dir)
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip())
    assert path.name == "svar-pa-motion-om-cykelvagar.yaml"
    assert yaml.safe_load(path.read_text("utf-8"))["typ"] == "motionssvar"
    assert run("granska", str(path), cwd=workspace_dir).exit_code == 0


def it_prints_the_json_schema():
    result = run("schema")
    schema = json.loads(result.output)
    assert schema["discriminator"]["propertyName"] == "typ"
    assert set(schema["discriminator"]["mapping"]) == {"tjansteskrivelse", "revisionssvar", "motionssvar",
                                                       "aterrapport", "styrdokument"}


def it_gives_exit_status_2_for_usage_errors(workspace_dir):
    assert run("ny", "protokoll", cwd=workspace_dir).exit_code == 2
    assert run("bygg", "--jobb", "0", cwd=workspace_dir).exit_code == 2


def it_says_how_to_fix_a_folder_without_workspace(tmp_path):
    result = run("bygg", cwd=tmp_path)
    assert result.exit_code == 1
    assert "ingen arbetsyta här (data/organisation.yaml saknas)" in result.output
    assert "kanslist init MAPP" in result.output


def it_reports_a_broken_organisation_file_with_its_line(workspace_dir):
    (workspace_dir / "data" / "organisation.yaml").write_text("namn: X\nbeslutsform: lottning\n", "utf-8")
    result = run("bygg", cwd=workspace_dir)
    assert result.exit_code == 1
    assert ("data/organisation.yaml:2: beslutsform: 'lottning' är inget tillåtet värde – "
            "välj ett av: att, numrerad, mening") in result.output


def it_keeps_a_title_with_yaml_characters_whole(workspace_dir):
    result = run("ny", "motionssvar", "--rubrik", 'Svar: #2 - "cykel"', cwd=workspace_dir)
    path = Path(result.output.strip())
    assert yaml.safe_load(path.read_text("utf-8"))["rubrik"] == 'Svar: #2 - "cykel"'
    assert run("bygg", str(path), cwd=workspace_dir).exit_code == 0


def it_builds_the_cases_of_a_named_folder_and_skips_editor_files(workspace_dir):
    (workspace_dir / "arenden" / "._kopia.yaml").write_bytes(b"\x00\x05binary")
    (workspace_dir / "arenden" / ".#lås.yaml").write_text("x", "utf-8")
    result = run("bygg", "arenden", cwd=workspace_dir)
    assert result.exit_code == 0, result.output
    assert "2 byggda, 0 oförändrade, 0 med fel" in result.output


def it_says_a_binary_file_is_not_a_paper_to_import(tmp_path):
    path = tmp_path / "bild.txt"
    path.write_bytes(b"\x81\x8d\x90")
    result = run("importera", str(path))
    assert result.exit_code == 1
    assert "filen är inte text" in result.output


def it_speaks_swedish_in_usage_errors_too(workspace_dir):
    result = run("byg", cwd=workspace_dir)
    assert result.exit_code == 2
    assert "Fel: Kommandot 'byg' finns inte. Menade du 'bygg'?" in result.output
    result = run("diarium", "visa", cwd=workspace_dir)
    assert "Användning: kanslist diarium visa [FLAGGOR] DNR" in result.output
    assert "Fel: Argument saknas 'DNR'." in result.output
