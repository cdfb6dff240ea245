"""importera: papers that name themselves first, with a flattened header (labels over values, lost values)."""

from __future__ import annotations

import yaml

from kanslist.importera.place import assemble, guess_kind
from kanslist.importera.read_text import Block, Read, flat_header, read_text
from kanslist.importera.run import importera_text
from kanslist.pipeline.load import parse_yaml


def draft(text: str) -> dict:
    return assemble(read_text(text)).data


def fields(data: dict) -> dict:
    return {k: data.get(k) for k in ("typ", "rubrik", "dnr", "fran", "till", "handlaggare")}


TJANSTEUTLATANDE = (
    "1 KOMMUNSTYRELSENS FÖRVALTNING TJÄNSTEUTLÅTANDE DATUM DIARIENR SIDA KS-216/ (3) HANDLÄGGARE Viktoria "
    "Thonäng viktoria.thonang@huddinge.se Kommunstyrelsen Revidering av regler för föreningsbidrag inom "
    "kommunstyrelsens ansvarsområde Förslag till beslut Kommunstyrelsens förslag till kommunfullmäktige Nuvarande "
    "regler för övriga bidrag, avsnitt 7.1 HKF 82, upphävs och ersätts av förslag till nya regler för övriga "
    "bidrag enligt bilaga. Sammanfattning Kommunstyrelsens förvaltning har utarbetat ett förslag till nya regler "
    "för övriga bidrag med anledning av att nuvarande regler upplevs som otydliga och svåra att tillämpa.")


def test_labels_over_values_are_read_by_the_values_form_and_the_lost_number_is_dropped():
    header = flat_header(TJANSTEUTLATANDE.split(" Förslag till beslut")[0])
    assert (header.namn, header.fields, header.rubrik, header.rest) == (
        "Tjänsteutlåtande",
        {"fran": "Kommunstyrelsens förvaltning", "handlaggare": "Viktoria Thonäng", "till": "Kommunstyrelsen"},
        "Revidering av regler för föreningsbidrag inom kommunstyrelsens ansvarsområde", "")
    assert header.dropped == ["1", "KS-216/", "(3)", "viktoria.thonang@huddinge.se"]
    assert fields(draft(TJANSTEUTLATANDE)) == {
        "typ": "tjansteskrivelse", "rubrik": "Revidering av regler för föreningsbidrag inom kommunstyrelsens "
        "ansvarsområde", "dnr": None, "fran": "Kommunstyrelsens förvaltning", "till": "Kommunstyrelsen",
        "handlaggare": [{"namn": "Viktoria Thonäng"}]}


def test_a_line_that_does_not_open_with_the_papers_own_name_is_no_flattened_header():
    assert flat_header("Kommunstyrelsen har i dag läst förvaltningens Tjänsteutlåtande DATUM DIARIENR Anna Berg") is None
    assert flat_header("Tjänsteskrivelsen från förvaltningen visar att Handläggare Anna Berg svarat") is None
    # an extract's labels count only when asked for (the protocol reader); a case paper must name itself
    assert flat_header("Sammanträdesdatum Kommunstyrelsen Paragraf Diarienummer KS-2017/ Titel här") is None


KARLSKOGA = (
    "1 Tjänsteskrivelse KFN Handläggare: Nina Simonen Kultur- och föreningsnämnden Checklista för en hållbar "
    "utveckling Sammanfattning Förvaltningen har på uppdrag av nämnden tagit fram en kort utvärdering av hur "
    "checklistan tillämpats. Bakgrund I Karlskoga finns en Barn- och ungdomspolitisk policy för åren antagen av "
    "kommunfullmäktige 28 september 2009, 143, och strategin är att barnkonventionen beaktas i besluten.")


def test_handlaggare_with_a_colon_then_the_addressee_then_the_title():
    assert fields(draft(KARLSKOGA)) == {
        "typ": "tjansteskrivelse", "rubrik": "Checklista för en hållbar utveckling", "dnr": None, "fran": None,
        "till": "Kultur- och föreningsnämnden", "handlaggare": [{"namn": "Nina Simonen"}]}


def test_a_name_without_the_handlaggare_label_is_not_taken_for_the_handlaggare():
    header = flat_header("Tjänsteskrivelse Nina Simonen Kultur- och föreningsnämnden Checklista för en hållbar utveckling")
    assert (header.fields, header.rubrik) == ({}, "Nina Simonen Kultur- och föreningsnämnden Checklista för en hållbar "
                                                  "utveckling")


def _read(dokumentnamn: str | None) -> Read:
    return Read(blocks=[Block("stycke", "Riktlinjen för checklistan antagen av kommunfullmäktige 2009 gäller alla.")],
                dokumentnamn=dokumentnamn)


def test_a_paper_naming_itself_a_tjansteskrivelse_is_never_a_styrdokument():
    assert guess_kind(_read("Tjänsteskrivelse")).typ == "tjansteskrivelse"
    assert guess_kind(_read(None)).typ == "styrdokument"  # the same words without the name: a governing document


def test_a_self_named_papers_title_tells_a_motion_answer_and_a_consultation_answer():
    assert guess_kind(_read("Utlåtande"), "Renovering av obelisken Motion (2016:5) av Joakim Larsson (M)").typ == \
        "motionssvar"
    assert guess_kind(_read("PM"), "Låt fler forma framtiden! (SOU 2016:5) Remiss från Kulturdepartementet").typ == \
        "yttrande"
    assert guess_kind(_read("Utlåtande"), "Renovering av obelisken på Slottsbacken").typ == "tjansteskrivelse"
    # without the paper's own name the title alone decides nothing
    assert guess_kind(_read(None), "Låt fler forma framtiden! Remiss från Kulturdepartementet").typ == "styrdokument"


UTLATANDE = (
    "1 Utlåtande 2017:19 RI (Dnr /2016) Renovering av obelisken på Slottsbacken Motion (2016:5) av Joakim Larsson "
    "(M) Kommunstyrelsen föreslår att kommunfullmäktige beslutar följande. Motion (2016:5) av Joakim Larsson (M) "
    "om Renovering av obelisken på Slottsbacken anses besvarad med hänvisning till vad som sägs i utlåtandet. "
    "Föredragande borgarrådet Karin Wanngård anför följande. Ärendet Joakim Larsson (M) har väckt en motion i "
    "fullmäktige där han anför att obelisken på Slottsbacken sedan ett par år varit omgärdad av skyddsstängsel.")


def test_the_title_ends_where_the_body_proposes_to_the_body_deciding():
    header = flat_header(UTLATANDE.split(" Ärendet ")[0])
    assert (header.namn, header.fields, header.rubrik) == (
        "Utlåtande", {"till": "kommunfullmäktige"},
        "Renovering av obelisken på Slottsbacken Motion (2016:5) av Joakim Larsson (M)")
    assert header.rest.startswith("Kommunstyrelsen föreslår att kommunfullmäktige beslutar följande. Motion")
    assert header.dropped == ["1", "2017:19 RI", "(Dnr /2016)"]  # the number's digits were lost: no dnr
    assert fields(draft(UTLATANDE))["typ"] == "motionssvar"


def test_a_proposal_that_is_not_the_opening_formula_does_not_end_the_title():
    header = flat_header("Utlåtande 2017:19 RI Renovering av obelisken Förvaltningen föreslår att den renoveras snart.")
    assert (header.fields, header.rubrik) == ({}, None)
    assert header.rest == "Renovering av obelisken Förvaltningen föreslår att den renoveras snart."


def meeting(text: str) -> dict:
    return yaml.safe_load(importera_text(text, "utdrag.txt"))


def test_an_extract_with_labels_over_values_gives_its_organ_and_title_though_the_paragraph_number_is_lost():
    data = meeting(
        "1 KOMMUNSTYRELSEN PROTOKOLLSUTDRAG Sammanträdesdatum Kommunstyrelsen 25 oktober Paragraf Diarienummer "
        "KS-2017/ Förslag till ny ansvarsfördelning avseende hemtjänst och boendestöd (KF) Kommunstyrelsens beslut "
        "Kommunstyrelsens förslag till kommunfullmäktige Reglementet för kommunens upphandling ska tillföras följande "
        "bestämmelse om valfrihetssystem för hemtjänst och boendestöd enligt socialtjänstlagen. Sammanfattning Både "
        "äldreomsorgsnämnden och socialnämnden fattar för närvarande beslut om förfrågningsunderlag för hemtjänst.")
    assert data["organ"] == "Kommunstyrelsen"
    assert "forsta_paragraf" not in data
    assert [p["rubrik"] for p in data["punkter"]] == [
        "Förslag till ny ansvarsfördelning avseende hemtjänst och boendestöd (KF)"]


def test_an_extract_whose_paragraph_sign_was_lost_keeps_its_number_and_its_case_number():
    data = meeting(
        "1 Mjölby Kommun PROTOKOLLSUTDRAG Sammanträdesdatum Arbetsutskott (2) Sida 83 Dnr KS/2018:4 Beslut om "
        "kommunmål och driftramar 2019 Bakgrund Enligt gällande tidplan för mål- och budgetprocess ska beslut om "
        "kommunmål och driftramar och investeringar ske i fullmäktige den 12 juni. Mål och budget fastställs i sin "
        "helhet av kommunfullmäktige den 20 november. Beslutet i juni innehåller fastställda kommunmål för 2019. "
        "Sammanfattning Enligt kommunstyrelsens förvaltnings bedömning ligger resultatet för 2019 på ca + 17 mnkr.")
    assert (data["organ"], data["forsta_paragraf"]) == ("Arbetsutskott", 83)
    assert [(p["rubrik"], p["dnr"]) for p in data["punkter"]] == [("Beslut om kommunmål och driftramar 2019", "KS/2018:4")]


def test_a_case_paper_that_names_an_extract_later_on_is_no_meeting():
    text = ("Tjänsteskrivelse Handläggare: Anna Berg Kommunstyrelsen Svar på skrivelse om parkering Förslag till beslut "
            "Kommunstyrelsen beslutar att skrivelsen är besvarad. Sammanfattning Förvaltningen har läst skrivelsen och "
            "svarar på den med detta förslag, som grundar sig på tidigare beslut i nämnden om parkering. Beslutsunderlag "
            "Protokollsutdrag KS 2019-04-08, § 52 Tjänsteskrivelse 2019-03-01 från förvaltningen om parkeringen.")
    assert parse_yaml(importera_text(text, "t.txt"), "t.txt").data["typ"] == "tjansteskrivelse"


TORSHALLA = (
    "1 Torshälla stads nämnd Kommunledningskontoret Ledningsstaben TSN/2018:3 Ann-Kristin Rydberg 1 (2) Torshälla "
    "stads nämnd Ärenden för kännedom december 2018 Förslag till beslut Ärendena anmäls och läggs till handlingarna. "
    "Ärendebeskrivning Kommunfullmäktige har beslutat om sammanträdesplan 2019 och om plan för jämställdhet, som "
    "anmäls till nämnden för kännedom tillsammans med kommunstyrelsens beslut i oktober.")


def test_a_letterhead_without_labels_gives_office_number_and_officer_before_its_page_count():
    assert fields(draft(TORSHALLA)) == {
        "typ": "tjansteskrivelse", "rubrik": "Ärenden för kännedom december 2018", "dnr": "TSN/2018:3",
        "fran": "Kommunledningskontoret", "till": "Torshälla stads nämnd", "handlaggare": [{"namn": "Ann-Kristin Rydberg"}]}


def test_a_page_count_without_a_number_and_an_officer_before_it_is_no_letterhead():
    from kanslist.importera.read_text import letterhead

    assert letterhead("Torshälla stads nämnd Kommunledningskontoret 1 (2) Torshälla stads nämnd Ärenden") is None
    assert letterhead("Ärendet gäller TSN/2018:3 och beslutades av Anna Berg") is None


def test_a_number_whose_digits_were_lost_is_no_case_number():
    text = ("1 i Huddinge TJÄNSTEUTLÅTANDE KOMMUNSTYRELSENS FÖRVALTNING Datum Diarienummer KS-2018/ (4) Handläggare "
            "Ralph Strandqvist Ralph.Strandqvist@huddinge.se Kommunstyrelsen Förfrågan om förvaltningen av stiftelsen "
            "Förslag till beslut Kommunstyrelsen avstår från att acceptera erbjudandet om förvaltningen av stiftelsen. "
            "Sammanfattning Stiftelsen har till ändamål att vara till nytta och glädje för boende i kommunen och verka "
            "i humanitär och ideell anda, och kommunen har fått en förfrågan om att förvalta den.")
    assert fields(draft(text)) == {
        "typ": "tjansteskrivelse", "rubrik": "Förfrågan om förvaltningen av stiftelsen", "dnr": None,
        "fran": "Kommunstyrelsens förvaltning", "till": "Kommunstyrelsen", "handlaggare": [{"namn": "Ralph Strandqvist"}]}


ESKILSTUNA = (
    "1 1(43) Plats och tid Rinmansalen, stadshuset, klockan 15:00-15:45 Beslutande Ej tjänstgörande ersättare Utses "
    "att justera Jimmy Jansson (S), ordförande Sarita Hotti (S) Mikael Edlund (S) Mona Kanaan (S) Marie Svensson (S) "
    "Maria Chergui (V) Jari Puustinen (M) Justeringens plats och tid Måndagen 15 september 2014, stadshuset Paragrafer "
    "Underskrifter... Sekreterare Marie Johansson-Saati Ordförande Justerande... Jimmy Jansson... Maria Chergui "
    "Anslag/Bevis Protokollet är justerat. Justeringen har tillkännagivits genom anslag Organ och sammanträdesdatum "
    "Kommunstyrelsen Anslaget sätts upp Anslaget tas ner Förvaringsplats för protokollet Kommunstyrelsens kansli, "
    "stadshuset Underskrift...\n\n"
    "3 3(43) KSKF/2014:1 235 Val till kommunala uppdrag Beslut Nedanstående avsägelser godkänns: en ledamots "
    "avsägelse som ledamot i Rådet för funktionshindrade.")


def test_a_flattened_front_page_gives_the_signatures_labels_their_names_and_a_dnr_first_line_is_a_paragraph():
    data = meeting(ESKILSTUNA)
    assert {k: data.get(k) for k in ("organ", "ordforande", "sekreterare", "justerare", "forsta_paragraf")} == {
        "organ": "Kommunstyrelsen", "ordforande": {"namn": "Jimmy Jansson"}, "sekreterare": {"namn": "Marie Johansson-Saati"},
        "justerare": ["Maria Chergui"], "forsta_paragraf": 235}
    assert [(p["rubrik"], p["dnr"]) for p in data["punkter"]] == [("Val till kommunala uppdrag", "KSKF/2014:1")]


def test_signature_labels_standing_together_are_no_secretarys_name():
    data = meeting("PROTOKOLL Kommunstyrelsens arbetsutskott Plats och tid Kommunhuset, klockan 13.00 Utses att justera "
                   "Mattias Wärnsberg Underskrifter Paragrafer Sekreterare Ordförande Justerande. Britt Olsson. Lars "
                   "Rosander. Mattias Wärnsberg ANSLAG/BEVIS Protokollet är justerat. Justeringen har tillkännagivits "
                   "genom anslag.\n\n§ 130 Dnr 2014/12 Budget 2015\n\nBeslut\n\nArbetsutskottet föreslår att budgeten antas.")
    assert "sekreterare" not in data


def test_a_number_before_a_title_without_its_case_number_first_is_no_paragraph():
    from kanslist.importera.protokoll import _dnr_first

    assert _dnr_first("2014 235 Val till kommunala uppdrag") == ["2014 235 Val till kommunala uppdrag"]
    assert _dnr_first("KSKF/2014:1 235 Val till kommunala uppdrag") == ["§ 235 Dnr KSKF/2014:1",
                                                                       "Val till kommunala uppdrag"]


OSTERSUND = ("1, MSN :30 MSN: 5/2014 TJÄNSTEMANNAFÖRSLAG Dnr Agneta Johansson Miljö- och samhällsnämnden Anmälan av "
             "delegationsbeslut 2014 Förteckning över delegationsbeslut meddelade mars 2014 anmäls. SAMHÄLLSBYGGNAD "
             "Agneta Johansson nämndsekreterare")


def test_a_name_in_capitals_after_a_meeting_systems_marks_and_the_officer_who_signs_the_paper():
    header = flat_header(OSTERSUND)
    assert (header.namn, header.fields) == ("Tjänstemannaförslag", {
        "handlaggare": "Agneta Johansson", "till": "Miljö- och samhällsnämnden", "fran": "Samhällsbyggnad"})
    assert header.dropped == ["1,", "MSN", ":30", "MSN:", "5/2014"]


def test_a_name_that_does_not_sign_the_paper_is_not_its_officer():
    header = flat_header("1, MSN :30 MSN: 5/2014 TJÄNSTEMANNAFÖRSLAG Dnr Agneta Johansson Miljö- och samhällsnämnden "
                         "Anmälan av delegationsbeslut 2014 Förteckning över beslut anmäls. SAMHÄLLSBYGGNAD")
    assert header.fields == {}
    # a capitalised name far into a sentence is no paper's own name
    assert flat_header("Det här är ett svar som nämnden gav i sin Tjänsteskrivelse till styrelsen") is None


REVISIONSSKRIVELSE = (
    "1 september 2014 KS-2014/742.912 1 (11) HANDLÄGGARE Åsa Brunkvist Pia Nordeman 08-535 303 11 08-535 313 61 "
    "Kommunstyrelsen Granskning av manuella utbetalningar svar på revisionsskrivelse Förslag till beslut "
    "Kommunstyrelsens beslut Som svar på revisionsskrivelsen åberopas innehållet i förvaltningens tjänsteutlåtande. "
    "Sammanfattning Kommunens revisorer har med stöd av EY genomfört en granskning av utbetalningar kopplade till "
    "förvaltningarna och önskar ta del av kommunstyrelsens kommentarer och slutsatser kring fyra rekommendationer.")


def test_a_label_in_capitals_makes_a_header_though_the_paper_lost_its_own_name():
    data = draft(REVISIONSSKRIVELSE)
    assert fields(data) == {
        "typ": "revisionssvar", "rubrik": "Granskning av manuella utbetalningar svar på revisionsskrivelse",
        "dnr": "KS-2014/742.912", "fran": None, "till": "Kommunstyrelsen",
        "handlaggare": [{"namn": "Åsa Brunkvist"}, {"namn": "Pia Nordeman"}]}
    assert str(data["datum"]) == "2014-09-01"  # the day's "1" is no page number


def test_labels_not_in_capitals_without_the_papers_name_make_no_header():
    assert flat_header("1 september 2014 KS-2014/742.912 Handläggare Åsa Brunkvist Kommunstyrelsen Granskning") is None
    assert flat_header("Datum för mötet är inte bestämt och Handläggare Åsa Brunkvist svarar på frågor") is None
