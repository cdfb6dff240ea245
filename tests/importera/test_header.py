"""importera: a paper's header fields in the layouts real papers have (rows of labels, flattened texts)."""

from __future__ import annotations

import datetime as dt

from kanslist.importera.place import assemble
from kanslist.importera.read_text import read_text


def header(text: str) -> dict:
    draft = assemble(read_text(text))
    return {k: draft.data.get(k) for k in ("rubrik", "dnr", "datum", "fran", "till", "handlaggare")}


BODY = "Sammanfattning\n\nNämnden har fått en skrivelse och svarar på den i detta ärende med ett förslag.\n"


def test_a_flattened_header_row_gives_each_label_its_value_and_the_title_after_them():
    text = ("SOCIALFÖRVALTNINGEN Handläggare Datum Diarienummer Eiderbrant Ulf 2015-05-26 SCN-2015-0180 "
            "Socialnämnden Tillsyn av bostadssamordningen, Dnr 8.5-29206/2014 Förslag till beslut Socialnämnden "
            "föreslås besluta att avge yttrande till IVO enligt upprättat förslag Sammanfattning Inspektionen för "
            "vård och omsorg genomförde under hösten en tillsyn av bostadssamordningen mot bakgrund av inkomna "
            "klagomål mot verksamheten och riktar nu kritik mot brister i dokumentation och handläggning.")
    assert header(text) == {"rubrik": "Tillsyn av bostadssamordningen, Dnr 8.5-29206/2014", "dnr": "SCN-2015-0180",
                            "datum": dt.date(2015, 5, 26), "fran": "Socialförvaltningen", "till": "Socialnämnden",
                            "handlaggare": [{"namn": "Eiderbrant Ulf"}]}


def test_a_header_row_whose_values_lost_their_digits_still_gives_the_names():
    text = ("Socialkontoret TJÄNSTESKRIVELSE Handläggare, telefon Datum Vår beteckning Martin Taavola, Dnr "
            "Socialnämnden Delårsbokslut 2 med helårsprognos 2013 Förslag till beslut Socialnämnden beslutar "
            "godkänna delårsbokslut 2 med helårsprognos 2013 och översända det till kommunstyrelsen. Sammanfattning "
            "Socialnämnden visar ett överskott och ekonomiskt bistånd visar ett underskott för perioden som gått.")
    assert header(text) == {"rubrik": "Delårsbokslut 2 med helårsprognos 2013", "dnr": None, "datum": None,
                            "fran": "Socialkontoret", "till": "Socialnämnden",
                            "handlaggare": [{"namn": "Martin Taavola"}]}


def test_a_row_of_labels_in_capitals_takes_its_values_from_the_next_line_beside_the_page_number():
    text = ("ÄRENDE TILL SAMMANTRÄDESDATUM\n\nRegionstyrelsen 2017-12-19 Sida 1 (1)\n\n"
            "ANSVARIG CHEF HANDLÄGGARE\n\nAnneli Granberg Henrik Berg\n\n"
            "Återrapportering av uppdrag till regiondirektören 2017-12- 19\n\nDnr 4468-2017\n\n" + BODY)
    assert header(text) == {"rubrik": "Återrapportering av uppdrag till regiondirektören 2017-12-19",
                            "dnr": "4468-2017", "datum": dt.date(2017, 12, 19), "fran": None,
                            "till": "Regionstyrelsen", "handlaggare": [{"namn": "Henrik Berg"}]}
    assert assemble(read_text(text)).data["ansvarig"] == {"namn": "Anneli Granberg"}


def test_one_label_over_a_date_and_a_number_and_a_draft_title():
    text = ("Yttrande Diarienr:\n2010-05-24 2010/124\nFörslag till\nYttrande över kritik i revisionsberättelsen "
            "för 2009\n" + BODY)
    assert header(text)["rubrik"] == "Yttrande över kritik i revisionsberättelsen för 2009"
    assert (header(text)["dnr"], header(text)["datum"]) == ("2010/124", dt.date(2010, 5, 24))


def test_a_case_number_keeps_its_document_suffix():
    text = ("Kommunstyrelsen\n\n§ 52/2019 Dnr 2018/0219 KS-5\n\nDiariekod: 609\n\n"
            "Svar på motion om utvecklingsgrupp för förskolan\n\n"
            "I ärendet föreligger tjänsteutlåtande 2018-11-05 från kommunledningskontoret.\n\n" + BODY)
    assert header(text)["dnr"] == "2018/0219 KS-5"
    assert header(text)["rubrik"] == "Svar på motion om utvecklingsgrupp för förskolan"


def test_the_proposal_heading_names_the_body_deciding():
    text = ("Svar på motion om arbetsskor\n\nFörslag till beslut i kommunfullmäktige\n\n"
            "Kommunfullmäktige avslår motionen.\n\n" + BODY)
    assert header(text)["till"] == "kommunfullmäktige"


def test_a_title_straight_before_a_known_section_is_no_letterhead():
    text = "Motion: Ang. motionsredovisning\n\nBakgrund\n\nEnligt arbetsordningen ska motioner redovisas två gånger om året.\n"
    assert (header(text)["rubrik"], header(text)["fran"]) == ("Motion: Ang. motionsredovisning", None)


def test_front_matter_after_blank_lines_is_the_stores_record_and_names_the_title():
    text = ("\n\n---\ntitle: \"Kostpolicy för kommunen\"\nsource_url: \"https://example.org/a.pdf\"\n---\n\n"
            "1[4]\nUtbildningsförvaltningen\nAdministrativa enheten\n2011-03-28\nDnr  UF/2011:71\n\n"
            "Post Kommunen, 147 85 Tumba · Besök Vägen 45 · Kontaktcenter 08-530 610 00 · Webb www.example.org "
            "Org.nr 212000-2882 · Bankgiro 624-1061\n\nKostpolicy för kommunen\nVision\n"
            "Alla matgäster ska känna trygghet i att maten är god.\n\n## Mål\n\nMålet är god mat.\n")
    read = read_text(text)
    assert (read.titel, read.dnr, read.fran) == ("Kostpolicy för kommunen", "UF/2011:71", "Utbildningsförvaltningen")
    assert [b.text for b in read.blocks if b.kind == "rubrik"] == ["Kostpolicy för kommunen", "Vision", "Mål"]
    assert "source_url" not in " ".join(b.text for b in read.blocks)
