"""Secrecy reaches every document of a case, names a real provision, and register text reads as stored."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from kanslist.diarium import DiariumError
from kanslist.diarium.listing import export_csv, to_csv, to_html
from kanslist.diarium.poster import OgiltigGrund, check_grund

SUBJECT = "Placering av barnet Kalle Svensson"
GRUND = "26 kap. 1 § OSL"
MARK = f"Sekretess enligt {GRUND}"


def _papers(tmp_path, *names: str):
    paths = []
    for name in names:
        path = tmp_path / f"{name}.docx"
        path.write_bytes(name.encode())
        paths.append(path)
    return paths


def _listings(diarium) -> list[str]:
    rows = diarium.lista()
    return [to_csv(rows), to_html(rows, "Vaggeryds kommun")]


def _csv_rows(diarium) -> list[list[str]]:
    return list(csv.reader(io.StringIO(to_csv(diarium.lista())), delimiter=";"))[1:]


def test_a_case_classified_after_its_documents_were_registered_hides_them_all(diarium, tmp_path):
    # bygg --registrera, then the case file gets sekretess: and is built and registered again;
    # the unchanged documents are found by their SHA-256 and must still be marked
    dnr = diarium.nytt_arende("SN", SUBJECT)
    skrivelse, beslut = _papers(tmp_path, "tjansteskrivelse", "beslut")
    assert diarium.registrera_fil(dnr, skrivelse, f"Tjänsteskrivelse: {SUBJECT}") == "SN 26/0001, handling 1"
    assert diarium.registrera_fil(dnr, beslut, f"Beslut: {SUBJECT}") == "SN 26/0001, handling 2"
    assert "Kalle" in _listings(diarium)[0]  # not classified yet

    assert diarium.registrera_fil(dnr, skrivelse, f"Tjänsteskrivelse: {SUBJECT}", sekretess=GRUND,
                                  vem="registrator") == "SN 26/0001, handling 1"
    for output in _listings(diarium):
        assert "Kalle" not in output and MARK in output
    assert _csv_rows(diarium) == [
        ["SN 26/0001", "2026-04-27", "Ärende", "", "", MARK, "Öppet", GRUND],
        ["SN 26/0001, handling 1", "2026-04-27", "Handling", "Upprättad", "", MARK, "", GRUND],
        ["SN 26/0001, handling 2", "2026-04-27", "Handling", "Upprättad", "", MARK, "", GRUND],
    ]
    case = diarium.visa(dnr)
    assert (case.sekretess.grund, case.sekretess.maskera, case.sekretess.myndighet) == (GRUND, ("rubrik",),
                                                                                       "Socialnämnden")
    assert [d.sekretess.grund for d in case.handlingar] == [GRUND, GRUND]
    assert [(e.vem, e.atgard, e.dnr, e.uppgifter) for e in diarium.logg(dnr)][-3:] == [
        ("registrator", "sekretessmarkera", "SN 26/0001",
         {"grund": GRUND, "maskera": ["rubrik"], "genom": "SN 26/0001, handling 1"}),
        ("registrator", "sekretessmarkera", "SN 26/0001, handling 1",
         {"grund": GRUND, "maskera": ["beskrivning", "motpart"], "genom": "SN 26/0001, handling 1"}),
        ("registrator", "sekretessmarkera", "SN 26/0001, handling 2",
         {"grund": GRUND, "maskera": ["beskrivning", "motpart"], "genom": "SN 26/0001, handling 1"}),
    ]
    # registered once more: nothing left to mark, nothing logged
    before = len(diarium.logg())
    diarium.registrera_fil(dnr, beslut, f"Beslut: {SUBJECT}", sekretess=GRUND)
    assert len(diarium.logg()) == before


def test_a_new_classified_document_marks_the_case_and_the_documents_before_it(diarium, tmp_path):
    dnr = diarium.nytt_arende("KS", SUBJECT)
    diarium.registrera(dnr, "inkommande", f"Anmälan om {SUBJECT}", motpart="Lisa Svensson")
    (paper,) = _papers(tmp_path, "tjansteskrivelse")
    assert diarium.registrera_fil(dnr, paper, f"Tjänsteskrivelse: {SUBJECT}", sekretess=GRUND) == "KS 2026/001-2"
    for output in _listings(diarium):
        assert "Kalle" not in output and "Lisa" not in output
    assert [d.sekretess.grund for d in diarium.visa(dnr).handlingar] == [GRUND, GRUND]


@pytest.mark.parametrize("order", ["markerat först", "markerat sist"])
def test_a_case_marked_by_hand_hides_every_document_whatever_came_first(diarium, tmp_path, order):
    dnr = diarium.nytt_arende("KS", SUBJECT)
    (paper,) = _papers(tmp_path, "tjansteskrivelse")
    if order == "markerat först":
        diarium.sekretessmarkera(dnr, GRUND)
    diarium.registrera_fil(dnr, paper, f"Tjänsteskrivelse: {SUBJECT}")
    diarium.registrera(dnr, "inkommande", "Yttrande från Kalles skola", motpart="Kalles skola")
    if order == "markerat sist":
        diarium.sekretessmarkera(dnr, GRUND)
    for output in _listings(diarium):
        assert "Kalle" not in output and MARK in output


def test_maskera_rubrik_hides_the_subject_and_the_descriptions(diarium, tmp_path):
    dnr = diarium.nytt_arende("KS", SUBJECT)
    (paper,) = _papers(tmp_path, "tjansteskrivelse")
    diarium.registrera_fil(dnr, paper, f"Tjänsteskrivelse: {SUBJECT}", sekretess=GRUND, maskera=["rubrik"])
    assert [row[5] for row in _csv_rows(diarium)] == [MARK, MARK]


def test_maskera_motpart_hides_the_counterparts_only(diarium, tmp_path):
    dnr = diarium.nytt_arende("KS", "Upphandling av skolskjuts")
    diarium.registrera(dnr, "inkommande", "Anbud", motpart="Kalle Svensson Taxi AB")
    (paper,) = _papers(tmp_path, "tjansteskrivelse")
    diarium.registrera_fil(dnr, paper, "Tjänsteskrivelse: Upphandling av skolskjuts", sekretess="31 kap. 16 § OSL",
                           maskera=["motpart"])
    assert [(row[4], row[5]) for row in _csv_rows(diarium)] == [
        ("", "Upphandling av skolskjuts"),
        ("Sekretess enligt 31 kap. 16 § OSL", "Anbud"),
        ("", "Tjänsteskrivelse: Upphandling av skolskjuts"),
    ]
    assert diarium.visa(dnr).sekretess.maskera == ("motpart",)


def test_maskera_of_document_parts_only_hides_nothing_listed_but_shows_the_ground(diarium, tmp_path):
    dnr = diarium.nytt_arende("KS", "Svar på medborgarförslag")
    (paper,) = _papers(tmp_path, "tjansteskrivelse")
    diarium.registrera_fil(dnr, paper, "Tjänsteskrivelse: Svar på medborgarförslag", sekretess="21 kap. 7 § OSL",
                           maskera=["sammanfattning", "arendet"])
    assert [(row[5], row[7]) for row in _csv_rows(diarium)] == [
        ("Svar på medborgarförslag", "21 kap. 7 § OSL"),
        ("Tjänsteskrivelse: Svar på medborgarförslag", "21 kap. 7 § OSL"),
    ]


def test_a_later_marking_widens_what_the_case_hides(diarium, tmp_path):
    dnr = diarium.nytt_arende("KS", SUBJECT)
    first, second = _papers(tmp_path, "tjansteskrivelse", "beslut")
    diarium.registrera_fil(dnr, first, "Tjänsteskrivelse", sekretess=GRUND, maskera=["motpart"])
    assert "Kalle" in to_csv(diarium.lista())
    diarium.registrera_fil(dnr, second, "Beslut", sekretess=GRUND, maskera=["rubrik"])
    assert diarium.visa(dnr).sekretess.maskera == ("motpart", "rubrik")
    assert "Kalle" not in to_csv(diarium.lista())


def test_maskera_names_only_what_a_case_file_can(diarium, tmp_path):
    dnr = diarium.nytt_arende("KS", "a")
    (paper,) = _papers(tmp_path, "tjansteskrivelse")
    with pytest.raises(DiariumError) as raised:
        diarium.registrera_fil(dnr, paper, "x", sekretess=GRUND, maskera=["namn"])
    assert str(raised.value) == "sekretess.maskera: 'namn' finns inte – välj bland: rubrik, sammanfattning, arendet, motpart"
    assert diarium.visa(dnr).handlingar == ()
    # without a ground maskera marks nothing: a build of a public case passes its default along
    diarium.registrera_fil(dnr, paper, "x", maskera=["rubrik"])
    assert diarium.visa(dnr).sekretess is None


# -- the ground names a provision of OSL ---------------------------------------------------

@pytest.mark.parametrize("grund", ["39 kap. 3 § OSL", "26 kap. 1 § offentlighets- och sekretesslagen",
                                   "21 kap. 7 § OSL", "25 kap. 6 a § OSL", "26 kap. 1 och 5 §§ OSL",
                                   "18 kap. 8 § offentlighets- och sekretesslagen (2009:400)", " 31 kap. 16 § osl "])
def test_a_ground_naming_a_chapter_and_paragraph_of_osl_is_taken(grund):
    assert check_grund(grund) == grund.strip()


@pytest.mark.parametrize(("grund", "fel"), [
    ("bla bla", "'bla bla' anger ingen bestämmelse i offentlighets- och sekretesslagen"),
    ("hemligt", "'hemligt' anger ingen bestämmelse i offentlighets- och sekretesslagen"),
    ("OSL", "'OSL' anger ingen bestämmelse i offentlighets- och sekretesslagen"),
    ("26 kap. OSL", "'26 kap. OSL' anger ingen bestämmelse i offentlighets- och sekretesslagen"),
    ("1 § OSL", "'1 § OSL' anger ingen bestämmelse i offentlighets- och sekretesslagen"),
    ("26 kap. 1 § SoL", "'26 kap. 1 § SoL' anger ingen bestämmelse i offentlighets- och sekretesslagen"),
    ("26 kap. 0 § OSL", "'26 kap. 0 § OSL' anger ingen bestämmelse i offentlighets- och sekretesslagen"),
    ("45 kap. 1 § OSL", "'45 kap. 1 § OSL': offentlighets- och sekretesslagen har bara 44 kapitel"),
    (" ", "sekretessmarkeringen saknar bestämmelse"),
])
def test_a_ground_that_names_no_provision_is_refused_with_a_hint(grund, fel):
    with pytest.raises(OgiltigGrund) as raised:
        check_grund(grund)
    assert (raised.value.fel, raised.value.atgard) == (
        fel, "ange kapitel och paragraf i offentlighets- och sekretesslagen, t.ex. 39 kap. 3 § OSL")
    assert str(raised.value) == f"{fel} – ange kapitel och paragraf i offentlighets- och sekretesslagen, t.ex. 39 kap. 3 § OSL"


def test_every_way_of_marking_refuses_a_ground_that_names_no_provision(diarium, tmp_path):
    message = ("'hemligt' anger ingen bestämmelse i offentlighets- och sekretesslagen – ange kapitel och paragraf "
               "i offentlighets- och sekretesslagen, t.ex. 39 kap. 3 § OSL")
    (paper,) = _papers(tmp_path, "tjansteskrivelse")
    dnr = diarium.nytt_arende("KS", "a")
    attempts = [
        lambda: diarium.nytt_arende("KS", "b", sekretess="hemligt"),
        lambda: diarium.registrera(dnr, "upprattad", "x", sekretess="hemligt"),
        lambda: diarium.registrera_fil(dnr, paper, "x", sekretess="hemligt"),
        lambda: diarium.sekretessmarkera(dnr, "hemligt"),
        lambda: diarium.sekretessmarkera(dnr, "hemligt", handling_nr=1),
    ]
    for attempt in attempts:
        with pytest.raises(DiariumError) as raised:
            attempt()
        assert str(raised.value) == message
    assert [a.dnr for a in diarium.arenden()] == ["KS 2026/001"]
    assert diarium.visa(dnr).handlingar == () and diarium.visa(dnr).sekretess is None


def test_the_command_refuses_a_ground_that_names_no_provision(tmp_path):
    from kanslist.cli import main

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "organisation.yaml").write_text(
        'namn: K\ndiarienummer: "{serie} {ar}/{lopnr:03d}[-{handling}]"\n'
        "enheter:\n  ks: {namn: Kommunstyrelsen, typ: namnd, serie: KS}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "diarium", "nytt", "--serie", "KS", "--rubrik", "a",
                                       "--sekretess", "bla bla"], catch_exceptions=False)
    assert (result.exit_code, result.output) == (
        1, "'bla bla' anger ingen bestämmelse i offentlighets- och sekretesslagen – ange kapitel och "
           "paragraf i offentlighets- och sekretesslagen, t.ex. 39 kap. 3 § OSL\n")


# -- text reads as stored --------------------------------------------------------------------

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


def _bidi_message(field: str, char: str) -> str:
    return (f"{field} innehåller ett osynligt styrtecken för textriktning (U+{ord(char):04X}) som kan få texten "
            "att visas i en annan ordning än den sparas – skriv texten utan det; det följer ofta med när text kopieras")


@pytest.mark.parametrize("char", BIDI)
def test_bidi_controls_are_refused_in_register_fields(diarium, tmp_path, char):
    dnr = diarium.nytt_arende("KS", "a")
    (paper,) = _papers(tmp_path, "tjansteskrivelse")
    attempts = [
        ("rubrik", lambda: diarium.nytt_arende("KS", f"Faktura {char}fdp.exe")),
        ("beskrivning", lambda: diarium.registrera(dnr, "upprattad", f"Beslut {char}tyrsnok")),
        ("motpart", lambda: diarium.registrera(dnr, "inkommande", "Brev", motpart=f"Region {char}nälkmöJ")),
        ("beskrivning", lambda: diarium.registrera_fil(dnr, paper, f"Beslut {char}x")),
        ("orsak", lambda: diarium.makulera(dnr, f"Fel {char}x")),
        ("filnamn", lambda: diarium.registrera(dnr, "upprattad", "Bilaga", filnamn=f"faktura{char}fdp.exe")),
    ]
    for field, attempt in attempts:
        with pytest.raises(DiariumError) as raised:
            attempt()
        assert str(raised.value) == _bidi_message(field, char)
    assert [a.dnr for a in diarium.arenden()] == [dnr] and diarium.visa(dnr).handlingar == ()


@pytest.mark.parametrize("start", ["＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫"])
def test_full_width_formula_characters_are_neutralised_in_csv(diarium, start):
    case = diarium.nytt_arende("KS", f"{start}HYPERLINK(\"http://x\";\"klicka\")")
    diarium.registrera(case, "inkommande", f"{start}1+1", motpart=f"{start}46 70 123")
    for text in (to_csv(diarium.lista()), export_csv(diarium.arenden())):
        cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
        assert f"'{start}HYPERLINK(\"http://x\";\"klicka\")" in cells
        assert f"'{start}1+1" in cells and f"'{start}46 70 123" in cells
        assert not [c for c in cells if c[:1] == start]
