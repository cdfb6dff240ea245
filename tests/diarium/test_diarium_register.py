"""The Diarium API: numbers, documents, voiding, closing, secrecy and the log, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from kanslist.diarium import (Diarium, DiariumError, OkandSerie, OkantDiarienummer, Sekretess)
from kanslist.errors import KanslistError

SE = ZoneInfo("Europe/Stockholm")


def test_it_gives_numbers_in_order_formatted_with_the_pattern(diarium):
    assert [diarium.nytt_arende("KS", f"Ärende {i}") for i in range(3)] == ["KS 2026/001", "KS 2026/002", "KS 2026/003"]


def test_it_keeps_each_series_its_own_count_and_pattern(diarium):
    assert diarium.nytt_arende("KS", "a") == "KS 2026/001"
    assert diarium.nytt_arende("SN", "b") == "SN 26/0001"
    assert diarium.nytt_arende("KS", "c") == "KS 2026/002"
    assert diarium.nytt_arende("sn", "d") == "SN 26/0002"  # series matched regardless of case


def test_it_starts_each_year_at_one(diarium, clock):
    clock.set(dt.datetime(2025, 12, 30, 12, tzinfo=SE))
    assert diarium.nytt_arende("KS", "a") == "KS 2025/001"
    assert diarium.nytt_arende("KS", "b") == "KS 2025/002"
    clock.set(dt.datetime(2026, 1, 2, 8, tzinfo=SE))
    assert diarium.nytt_arende("KS", "c") == "KS 2026/001"
    assert diarium.nytt_arende("KS", "d", datum="2025-12-31") == "KS 2025/003"  # late registration, own date


def test_it_takes_the_year_from_swedish_time(diarium, clock):
    # 2026-12-31 23:30 in Stockholm is 22:30 UTC: still 2026
    clock.set(dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.timezone.utc))
    assert diarium.nytt_arende("KS", "Nyårsafton") == "KS 2026/001"
    # 23:30 UTC is already 00:30 on New Year's Day in Stockholm
    clock.set(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.timezone.utc))
    assert diarium.nytt_arende("KS", "Nyårsdagen") == "KS 2027/001"
    assert diarium.visa("KS 2027/001").datum == dt.date(2027, 1, 1)


def test_it_reads_a_given_time_in_swedish_time(diarium, clock):
    clock.set(dt.datetime(2027, 1, 5, tzinfo=dt.timezone.utc))
    assert diarium.nytt_arende("KS", "a", datum=dt.datetime(2026, 12, 31, 23, 30)) == "KS 2026/001"
    assert diarium.nytt_arende("KS", "b", datum=dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.timezone.utc)) \
        == "KS 2027/001"


def test_it_pads_numbers_to_a_minimum_width_only(diarium, url):
    diarium.nytt_arende("KS", "first")
    with diarium.engine.begin() as conn:  # fast-forward the counter instead of 997 allocations
        conn.execute(text("UPDATE nummerserie SET senaste = 998 WHERE serie = 'KS'"))
    assert diarium.nytt_arende("KS", "a") == "KS 2026/999"
    assert diarium.nytt_arende("KS", "b") == "KS 2026/1000"
    assert diarium.visa("KS 2026/1000").rubrik == "b"


def test_it_numbers_documents_within_their_case(diarium):
    dnr = diarium.nytt_arende("KS", "Budget")
    assert diarium.registrera(dnr, "inkommande", "Skrivelse", motpart="Länsstyrelsen") == "KS 2026/001-1"
    assert diarium.registrera(dnr, "upprättad", "Tjänsteskrivelse") == "KS 2026/001-2"
    assert diarium.registrera("KS 2026/1", "utgående", "Beslut", motpart="Revisorerna") == "KS 2026/001-3"
    case = diarium.visa(dnr)
    assert [(d.nr, d.riktning, d.beskrivning, d.motpart) for d in case.handlingar] == [
        (1, "inkommande", "Skrivelse", "Länsstyrelsen"), (2, "upprattad", "Tjänsteskrivelse", None),
        (3, "utgaende", "Beslut", "Revisorerna")]


def test_it_names_documents_where_the_pattern_has_no_document_part(diarium):
    dnr = diarium.nytt_arende("SN", "Ansökan")
    assert diarium.registrera(dnr, "upprattad", "Utredning") == "SN 26/0001, handling 1"


def test_it_records_the_date_a_document_came_in(diarium):
    dnr = diarium.nytt_arende("KS", "a")
    diarium.registrera(dnr, "inkommande", "Brev", motpart="X", datum="2026-04-20")
    assert diarium.visa(dnr).handlingar[0].datum == dt.date(2026, 4, 20)


@pytest.mark.parametrize(("args", "message"), [
    (("KS", "inkommande", "Brev"), "en inkommande handling behöver avsändare (5 kap. 2 § OSL) – ange motpart"),
    (("KS", "utgaende", "Brev"), "en utgående handling behöver mottagare (5 kap. 2 § OSL) – ange motpart"),
    (("KS", "skickad", "Brev"), "'skickad' är ingen riktning – välj inkommande, upprattad eller utgaende"),
    (("KS", "upprattad", " "), "beskrivning saknas – ange kort vad handlingen gäller"),
])
def test_it_refuses_incomplete_documents(diarium, args, message):
    dnr = diarium.nytt_arende("KS", "a")
    with pytest.raises(DiariumError) as raised:
        diarium.registrera(dnr, *args[1:])
    assert str(raised.value) == message
    assert diarium.visa(dnr).handlingar == ()


def test_it_refuses_dates_in_the_future(diarium):
    with pytest.raises(DiariumError) as raised:
        diarium.nytt_arende("KS", "a", datum="2026-04-28")
    assert str(raised.value) == ("datumet 2026-04-28 ligger i framtiden – ange dagen då handlingen "
                                 "kom in eller upprättades")
    with pytest.raises(DiariumError, match="'28 april' är inget datum – skriv det som ÅÅÅÅ-MM-DD"):
        diarium.nytt_arende("KS", "a", datum="28 april")


def test_it_names_the_known_series_when_one_is_unknown(diarium):
    with pytest.raises(OkandSerie) as raised:
        diarium.nytt_arende("BN", "Bygglov")
    assert str(raised.value) == "serien 'BN' finns inte – kända serier: KS, SN"
    assert isinstance(raised.value, KanslistError)


def test_it_says_when_a_number_is_not_in_the_register(diarium):
    with pytest.raises(OkantDiarienummer) as raised:
        diarium.visa("KS 2026/017")
    assert str(raised.value) == "KS 2026/017 finns inte i diariet – se 'kanslist diarium lista'"
    with pytest.raises(OkantDiarienummer) as raised:
        diarium.visa("KS-2026-17")
    assert str(raised.value) == "'KS-2026-17' är inget diarienummer – skriv det som KS 2026/017"
    with pytest.raises(OkandSerie, match="serien 'BN' i BN 2026/001 finns inte – kända serier: KS, SN"):
        diarium.visa("BN 2026/001")


def test_it_voids_a_case_but_keeps_it_and_its_number(diarium):
    first = diarium.nytt_arende("KS", "Fel ärende")
    diarium.makulera(first, "Dubbelregistrering av KS 2026/002", vem="registrator")
    case = diarium.visa(first)
    assert (case.status, case.makulerad_orsak, case.rubrik) == ("makulerat", "Dubbelregistrering av KS 2026/002",
                                                                "Fel ärende")
    assert diarium.nytt_arende("KS", "Nästa") == "KS 2026/002"  # the voided number is never given again
    assert [a.dnr for a in diarium.arenden()] == ["KS 2026/001", "KS 2026/002"]
    with pytest.raises(DiariumError, match="KS 2026/001 är redan makulerat"):
        diarium.makulera(first, "igen")
    with pytest.raises(DiariumError, match="KS 2026/001 är makulerat – registrera handlingen i ett annat ärende"):
        diarium.registrera(first, "upprattad", "x")


def test_it_voids_one_document_by_its_number(diarium):
    dnr = diarium.nytt_arende("KS", "a")
    diarium.registrera(dnr, "upprattad", "Utkast")
    diarium.registrera(dnr, "upprattad", "Slutversion")
    diarium.makulera("KS 2026/001-1", "Fel fil")
    docs = diarium.visa(dnr).handlingar
    assert [(d.nr, d.makulerad_orsak) for d in docs] == [(1, "Fel fil"), (2, None)]
    assert diarium.registrera(dnr, "upprattad", "Ny") == "KS 2026/001-3"
    with pytest.raises(DiariumError, match="orsak saknas"):
        diarium.makulera(dnr, "", handling_nr=2)
    with pytest.raises(OkantDiarienummer, match="KS 2026/001 har ingen handling 9"):
        diarium.makulera(dnr, "x", handling_nr=9)


def test_it_closes_and_reopens_a_case(diarium):
    dnr = diarium.nytt_arende("KS", "a")
    diarium.avsluta(dnr)
    case = diarium.visa(dnr)
    assert (case.status, case.avslutad) == ("avslutat", dt.date(2026, 4, 27))
    with pytest.raises(DiariumError) as raised:
        diarium.registrera(dnr, "upprattad", "Sent")
    assert str(raised.value) == "KS 2026/001 är avslutat – öppna det igen med 'kanslist diarium ateroppna KS 2026/001'"
    diarium.ateroppna(dnr)
    assert diarium.registrera(dnr, "upprattad", "Sent") == "KS 2026/001-1"


def test_it_records_a_secrecy_marking_with_provision_date_and_authority(diarium):
    dnr = diarium.nytt_arende("SN", "Orosanmälan för N.N.", sekretess="26 kap. 1 § OSL")
    assert diarium.visa(dnr).sekretess == Sekretess("26 kap. 1 § OSL", dt.date(2026, 4, 27), "Socialnämnden",
                                                    ("rubrik",))
    diarium.registrera(dnr, "inkommande", "Anmälan", motpart="N.N.",
                       sekretess=Sekretess("26 kap. 1 § OSL", myndighet="Individ- och familjeomsorgen"))
    assert diarium.visa(dnr).handlingar[0].sekretess == Sekretess(
        "26 kap. 1 § OSL", dt.date(2026, 4, 27), "Individ- och familjeomsorgen", ("beskrivning", "motpart"))


def test_it_marks_an_existing_entry_as_classified(diarium):
    dnr = diarium.nytt_arende("KS", "Upphandling av larm")
    diarium.registrera(dnr, "inkommande", "Anbud", motpart="Larmbolaget AB")
    diarium.sekretessmarkera(dnr + "-1", "31 kap. 16 § OSL")
    assert diarium.visa(dnr).sekretess is None
    assert diarium.visa(dnr).handlingar[0].sekretess.grund == "31 kap. 16 § OSL"
    diarium.sekretessmarkera(dnr, "18 kap. 8 § OSL")
    assert diarium.visa(dnr).sekretess.grund == "18 kap. 8 § OSL"


def test_it_registers_a_file_once_with_its_sha256(diarium, tmp_path):
    dnr = diarium.nytt_arende("KS", "Svar på revisionsrapport")
    paper = tmp_path / "tjansteskrivelse.docx"
    paper.write_bytes(b"version 1")
    assert diarium.registrera_fil(dnr, paper, "Tjänsteskrivelse") == "KS 2026/001-1"
    assert diarium.registrera_fil(dnr, paper, "Tjänsteskrivelse") == "KS 2026/001-1"  # built twice
    paper.write_bytes(b"version 2")
    assert diarium.registrera_fil(dnr, paper, "Tjänsteskrivelse") == "KS 2026/001-2"
    docs = diarium.visa(dnr).handlingar
    assert [(d.sha256, d.filnamn) for d in docs] == [
        (hashlib.sha256(b"version 1").hexdigest(), "tjansteskrivelse.docx"),
        (hashlib.sha256(b"version 2").hexdigest(), "tjansteskrivelse.docx")]
    with pytest.raises(DiariumError, match="kan inte läsas"):
        diarium.registrera_fil(dnr, tmp_path / "saknas.docx", "x")


def test_it_logs_every_change_with_who_and_what(diarium, clock):
    dnr = diarium.nytt_arende("KS", "Budget", vem="anna")
    clock.set(dt.datetime(2026, 4, 27, 10, tzinfo=dt.timezone.utc))
    diarium.registrera(dnr, "inkommande", "Skrivelse", motpart="X", vem="bertil")
    diarium.makulera(dnr + "-1", "fel", vem="cecilia")
    diarium.avsluta(dnr, vem="anna")
    events = diarium.logg()
    assert [(e.vem, e.atgard, e.dnr) for e in events] == [
        ("anna", "nytt_arende", "KS 2026/001"), ("bertil", "registrera", "KS 2026/001-1"),
        ("cecilia", "makulera", "KS 2026/001-1"), ("anna", "avsluta", "KS 2026/001")]
    assert events[0].tid == "2026-04-27T09:30:00.000000+00:00"
    assert events[0].uppgifter == {"rubrik": "Budget", "datum": "2026-04-27", "sekretess": None}
    assert events[2].uppgifter == {"orsak": "fel"}
    other = diarium.nytt_arende("KS", "Annat")
    assert [e.dnr for e in diarium.logg(dnr)] == ["KS 2026/001", "KS 2026/001-1", "KS 2026/001-1", "KS 2026/001"]
    assert [e.dnr for e in diarium.logg(other)] == [other]


def test_it_logs_the_os_user_when_nobody_is_named(diarium, monkeypatch):
    monkeypatch.setattr("kanslist.diarium.register.getpass.getuser", lambda: "registrator1")
    diarium.nytt_arende("KS", "a")
    assert diarium.logg()[0].vem == "registrator1"
    assert diarium.visa("KS 2026/001").registrerad_av == "registrator1"


def test_the_database_refuses_to_change_the_log_or_delete_numbers(diarium):
    dnr = diarium.nytt_arende("KS", "a")
    diarium.registrera(dnr, "upprattad", "x")
    for statement in ["UPDATE logg SET vem = 'x'", "DELETE FROM logg", "DELETE FROM handling",
                      "DELETE FROM arende", "UPDATE arende SET lopnr = 5"]:
        with pytest.raises(DBAPIError):
            with diarium.engine.begin() as conn:
                conn.execute(text(statement))
    assert len(diarium.logg()) == 2 and diarium.visa(dnr).nummer.lopnr == 1


def test_a_failed_entry_uses_no_number(diarium):
    with pytest.raises(DiariumError):
        diarium.nytt_arende("KS", "   ")
    diarium.nytt_arende("KS", "a")
    dnr = diarium.nytt_arende("KS", "b")
    with pytest.raises(DiariumError):
        diarium.registrera(dnr, "inkommande", "Brev")  # no sender: rolled back
    assert diarium.registrera(dnr, "upprattad", "Brev") == "KS 2026/002-1"
    assert dnr == "KS 2026/002"


def test_it_exports_everything_with_counters_and_log(diarium):
    dnr = diarium.nytt_arende("SN", "Hemligt", sekretess="26 kap. 1 § OSL")
    diarium.registrera(dnr, "upprattad", "Utredning")
    data = diarium.export()
    assert data["schemaversion"] == 2
    assert data["nummerserier"] == [{"serie": "SN", "ar": 2026, "senaste": 1}]
    assert data["arenden"][0]["rubrik"] == "Hemligt"  # the export is for registrars: nothing masked
    assert data["arenden"][0]["handlingar"][0]["dnr"] == "SN 26/0001, handling 1"
    assert [e["atgard"] for e in data["logg"]] == ["nytt_arende", "registrera"]


def test_it_needs_a_classification_when_the_pattern_writes_one(url, clock):
    from kanslist.organisation import Organisation
    org = Organisation.model_validate({"namn": "K", "diarienummer": "{lopnr}-{klass}-{ar}",
                                       "enheter": {"ks": {"namn": "KS", "serie": "KS"}}})
    with Diarium.open(url, org, clock=clock) as d:
        with pytest.raises(DiariumError, match="ange klass"):
            d.nytt_arende("KS", "a")
        assert d.nytt_arende("KS", "a", klass="7") == "1-7-2026"
        assert d.visa("1-7-2026").nummer.klass == "7"


def test_it_explains_a_bad_pattern_in_the_organisation(tmp_path):
    # The pattern is checked when data/organisation.yaml is read, before any register opens.
    from kanslist.errors import InvalidInput
    from kanslist.organisation import load_organisation
    path = tmp_path / "organisation.yaml"
    path.write_text('namn: K\ndiarienummer: "{serie} {ar}"\nenheter:\n  ks: {namn: KS, serie: KS}\n', "utf-8")
    with pytest.raises(InvalidInput) as raised:
        load_organisation(path)
    (problem,) = raised.value.problems
    assert (problem.line, problem.field) == (2, "diarienummer")
    assert "saknar {lopnr}" in problem.message


def test_it_refuses_numbers_two_series_would_write_alike(url, clock):
    from kanslist.organisation import Organisation
    org = Organisation.model_validate({"namn": "K", "diarienummer": "{lopnr}/{ar}", "enheter": {
        "ks": {"namn": "KS", "serie": "KS"}, "sn": {"namn": "SN", "serie": "SN"}}})
    with Diarium.open(url, org, clock=clock) as d:
        assert d.nytt_arende("KS", "a") == "1/2026"
        with pytest.raises(DiariumError) as raised:
            d.nytt_arende("SN", "b")
        assert str(raised.value) == "1/2026 finns redan i en annan serie – mönstret för SN behöver {serie} för att numren ska skiljas åt"
        assert d.nytt_arende("KS", "c") == "2/2026"


def test_a_case_asked_for_if_missing_is_found_again_by_its_heading_in_its_series(diarium):
    first = diarium.nytt_arende("KS", "Sammanträden Kommunstyrelsen 2026", om_saknas=True)
    assert diarium.nytt_arende("KS", "Sammanträden Kommunstyrelsen 2026", om_saknas=True) == first
    diarium.avsluta(first)  # a closed case is still the one
    assert diarium.nytt_arende("KS", "Sammanträden Kommunstyrelsen 2026", om_saknas=True) == first
    other = diarium.nytt_arende("SN", "Sammanträden Kommunstyrelsen 2026", om_saknas=True)  # another series: its own
    assert other != first
    diarium.makulera(first, "Fel rubrik")
    again = diarium.nytt_arende("KS", "Sammanträden Kommunstyrelsen 2026", om_saknas=True)
    assert again not in (first, other)  # a voided case is never used again
    assert diarium.nytt_arende("KS", "Sammanträden Kommunstyrelsen 2026") not in (first, again)  # without: always new
