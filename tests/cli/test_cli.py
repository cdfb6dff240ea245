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
    assert run("bygg", str(path), cwd=workspace_dir).exit_code == 0  # valid and buildable at once
    checked = run("granska", str(path), cwd=workspace_dir)  # but not done: the skeleton's texts are left
    assert checked.exit_code == 1 and "exempeltexten 'Skriv en kort sammanfattning här.'" in checked.output


def it_prints_the_json_schema():
    result = run("schema")
    schema = json.loads(result.output)
    assert schema["discriminator"]["propertyName"] == "typ"
    from kanslist.kinds import KINDS

    assert set(schema["discriminator"]["mapping"]) == set(KINDS)  # every registered kind


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
    assert result.output.endswith("1 fel i data/organisation.yaml – inget skrevs\n")  # the file at fault, no case


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


def only_here(workspace_dir: Path) -> str:
    """Return the name of a case file that exists only in this workspace (not in the folder tests run from)."""
    source = next((workspace_dir / "arenden").glob("*motionssvar*.yaml"))
    (workspace_dir / "arenden" / "bara-har.yaml").write_text(source.read_text("utf-8"), "utf-8")
    return "arenden/bara-har.yaml"


def it_takes_file_arguments_relative_to_the_folder_of_C(workspace_dir, tmp_path, monkeypatch):
    name = only_here(workspace_dir)
    monkeypatch.chdir(tmp_path)  # somewhere else, as `kanslist -C ws bygg arenden/x.yaml` from anywhere
    built = run("bygg", name, cwd=workspace_dir)
    assert built.exit_code == 0, built.output
    assert (workspace_dir / "build" / "bara-har" / "tjansteskrivelse.docx").exists()
    assert run("granska", name, cwd=workspace_dir).exit_code == 0


def it_writes_samla_output_relative_to_the_folder_of_C(workspace_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("samla", "arenden/2025-064-revisionssvar-hemarbete.yaml", "-o", "samlat.docx", cwd=workspace_dir)
    assert result.exit_code == 0, result.output
    assert (workspace_dir / "samlat.docx").exists() and not (tmp_path / "samlat.docx").exists()


def it_counts_the_cases_of_a_folder_and_builds_a_file_named_twice_once(workspace_dir):
    result = run("bygg", "arenden", "arenden/2026-017-motionssvar-distansarbete.yaml", "--tvinga", cwd=workspace_dir)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("[")]
    assert [line.split("]")[0] + "]" for line in lines] == ["[1/2]", "[2/2]"]
    assert "2 byggda, 0 oförändrade, 0 med fel" in result.output


def it_shows_the_traceback_of_an_internal_error_only_with_v(workspace_dir, monkeypatch):
    import kanslist.pipeline.build as building

    def broken(*args):
        raise RuntimeError("trasig")

    monkeypatch.setattr(building, "build_context", broken)
    quiet = run("bygg", "--tvinga", cwd=workspace_dir)
    assert quiet.exit_code == 1
    assert "internt fel i kanslist (RuntimeError: trasig) – kör med -v och rapportera felet" in quiet.output
    assert "Traceback" not in quiet.output
    verbose = CliRunner().invoke(main, ["-v", "-C", str(workspace_dir), "bygg", "--tvinga"], prog_name="kanslist")
    assert "Traceback (most recent call last)" in verbose.output and "RuntimeError: trasig" in verbose.output


def it_offers_every_registered_kind_to_ny():
    from kanslist.kinds import KINDS

    result = run("ny", "--help")
    assert all(typ in result.output for typ in KINDS)


def it_copies_the_default_templates_for_restyling_when_asked(tmp_path):
    result = run("init", "--med-mallar", str(tmp_path / "kommun"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kommun" / "mallar" / "tjansteskrivelse.docx").is_file()


NO_DECISION = """typ: tjansteskrivelse
rubrik: Ett ärende utan förslag
datum: 2026-01-15
fran: kommunledningskontoret
till: kommunstyrelsen
handlaggare: [anna-ystrom]
sammanfattning: Ärendet gäller lokalerna.
"""


def it_reports_granska_errors_with_the_build_and_refuses_them_with_strikt(workspace_dir):
    (workspace_dir / "arenden" / "utan-forslag.yaml").write_text(NO_DECISION, "utf-8")
    strict = run("bygg", "arenden/utan-forslag.yaml", "--strikt", cwd=workspace_dir)
    assert strict.exit_code == 1
    assert "arenden/utan-forslag.yaml: forslag_till_beslut: avsnittet Förslag till beslut saknas" in strict.output
    assert not (workspace_dir / "build" / "utan-forslag").exists()
    built = run("bygg", "arenden/utan-forslag.yaml", cwd=workspace_dir)
    assert built.exit_code == 0  # written all the same, and said
    assert "arenden/utan-forslag.yaml: forslag_till_beslut: avsnittet Förslag till beslut saknas" in built.output
    assert "1 byggda, 0 oförändrade, 0 med fel, 1 granskningsfel" in built.output


def it_refuses_to_consolidate_answers_with_granska_errors_unless_forced(workspace_dir):
    answer = workspace_dir / "arenden" / "svar.yaml"
    answer.write_text("""typ: revisionssvar
rubrik: Svar på granskningen av hemarbete
datum: 2025-05-12
fran: kommunledningskontoret
till: kommunstyrelsen
handlaggare: [anna-ystrom]
sammanfattning: Kommunstyrelsen svarar på revisorernas granskning.
granskning: {titel: Granskning av hemarbete, svar_senast: 2025-06-30}
rekommendationer:
  - {nr: 1, rubrik: Rutiner, stallningstagande: instammer, svar: Rutinerna ses över under hösten.}
""", "utf-8")
    refused = run("samla", "arenden/svar.yaml", "-o", "samlat.docx", cwd=workspace_dir)
    assert refused.exit_code == 1
    assert refused.output.endswith("1 fel i svaren – inget skrevs; rätta dem, eller samla ändå med --tvinga\n")
    assert not (workspace_dir / "samlat.docx").exists()
    forced = run("samla", "arenden/svar.yaml", "-o", "samlat.docx", "--tvinga", cwd=workspace_dir)
    assert forced.exit_code == 0, forced.output
    assert (workspace_dir / "samlat.docx").exists()
