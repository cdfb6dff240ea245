"""Generate examples/kommun-ar: one year (2026) of Åsby kommun's kommunstyrelse and kommunfullmäktige.

Writes data/organisation.yaml, data/personer.yaml, arenden/*.yaml and sammantraden/*.yaml from
the tables below (run again after editing them; every file is rewritten). The content is
invented but written as Swedish municipalities write: motions, audit answers, budget and
annual report, taxes, governing documents, information items.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent / "examples" / "kommun-ar"
D = dt.date.fromisoformat


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(path: Path, data, comment: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text((f"# {comment}\n" if comment else "") + text, "utf-8")


ORGANISATION = {
    "namn": "Åsby kommun",
    "diarienummer": "{serie} {ar}/{lopnr:03d}",
    "beslutsform": "att",
    "dokumentnamn": "TJÄNSTESKRIVELSE",
    "datumformat": "iso",
    "enheter": {
        "kommunfullmaktige": {"namn": "Kommunfullmäktige", "typ": "fullmaktige", "serie": "KF"},
        "kommunstyrelsen": {"namn": "Kommunstyrelsen", "typ": "styrelse", "serie": "KS"},
        "kommunledningskontoret": {"namn": "Kommunledningskontoret", "typ": "forvaltning"},
        "ekonomiavdelningen": {"namn": "Ekonomiavdelningen", "typ": "enhet", "under": "kommunledningskontoret"},
        "hr-avdelningen": {"namn": "HR-avdelningen", "typ": "enhet", "under": "kommunledningskontoret"},
        "samhallsbyggnadsforvaltningen": {"namn": "Samhällsbyggnadsförvaltningen", "typ": "forvaltning"},
        "barn-och-utbildningsforvaltningen": {"namn": "Barn- och utbildningsförvaltningen", "typ": "forvaltning"},
        "socialforvaltningen": {"namn": "Socialförvaltningen", "typ": "forvaltning"},
    },
    "sammantraden": {
        "paragraf": "§ {nr}",
        "justerandes_signatur": True,
        "forvaringsplats": "Kommunkansliet, kommunhuset i Åsby",
        "anslagstavla": "www.asby.example/anslagstavla",
        "forvaltningsratt": "Förvaltningsrätten i Jönköping",
    },
}

TJANSTEMAN = {
    "maria-lund": ("Maria Lund", "Kommundirektör", "kommunledningskontoret"),
    "johan-ek": ("Johan Ek", "Kommunsekreterare", "kommunledningskontoret"),
    "sara-holm": ("Sara Holm", "Ekonomichef", "ekonomiavdelningen"),
    "ali-hassan": ("Ali Hassan", "Controller", "ekonomiavdelningen"),
    "lena-berg": ("Lena Berg", "HR-chef", "hr-avdelningen"),
    "per-nyberg": ("Per Nyberg", "Samhällsbyggnadschef", "samhallsbyggnadsforvaltningen"),
    "eva-strom": ("Eva Ström", "Utredare", "kommunledningskontoret"),
    "karin-dahl": ("Karin Dahl", "Förvaltningschef", "barn-och-utbildningsforvaltningen"),
    "omar-said": ("Omar Said", "Socialchef", "socialforvaltningen"),
}
# Councillors: id → name with party. The first nine sit in kommunstyrelsen; all sit in fullmäktige.
POLITIKER = {
    "anders-lind": "Anders Lind (M)", "birgitta-sand": "Birgitta Sand (S)", "cecilia-wik": "Cecilia Wik (C)",
    "david-oden": "David Odén (SD)", "elin-kvist": "Elin Kvist (S)", "fredrik-alm": "Fredrik Alm (KD)",
    "gunilla-ros": "Gunilla Ros (L)", "hassan-omar": "Hassan Omar (V)", "ingrid-fors": "Ingrid Fors (MP)",
    "jonas-bergh": "Jonas Bergh (M)", "karin-hed": "Karin Hed (S)", "lars-ivar-nord": "Lars-Ivar Nord (SD)",
    "maja-tell": "Maja Tell (C)", "nils-ahl": "Nils Åhl (S)", "olga-pettersson": "Olga Pettersson (M)",
    "pia-lund": "Pia Lund (V)", "rune-falk": "Rune Falk (SD)", "stina-mark": "Stina Mark (KD)",
    "tomas-byqvist": "Tomas Byqvist (S)", "ulla-grahn": "Ulla Grahn (M)", "viktor-sten": "Viktor Sten (L)",
}
KS = list(POLITIKER)[:9]
ERSATTARE = {"jonas-bergh": "Jonas Bergh (M)", "karin-hed": "Karin Hed (S)", "pia-lund": "Pia Lund (V)"}


def personer() -> dict:
    out = {}
    for pid, (namn, titel, enhet) in TJANSTEMAN.items():
        out[pid] = {"namn": namn, "titel": titel, "enhet": enhet,
                    "epost": namn.lower().replace(" ", ".").replace("ö", "o").replace("å", "a").replace("ä", "a")
                    + "@asby.example", "telefon": "0380-12 30 00"}
    for pid, namn in POLITIKER.items():
        out[pid] = {"namn": namn, "titel": "Kommunstyrelsens ordförande" if pid == "anders-lind" else
                    ("Kommunfullmäktiges ordförande" if pid == "ulla-grahn" else "Ledamot")}
    return out


# ---- cases ----------------------------------------------------------------------------------
def ts(nr, datum, rubrik, fran, handl, att, sammanfattning, underlag=(), skickas=(), till="kommunstyrelsen",
       beslutsinstans=None, arendet=None, typ="tjansteskrivelse", extra=None):
    case = {"typ": typ, "rubrik": rubrik, "dnr": f"KS {D(datum).year}/{nr:03d}", "datum": D(datum), "fran": fran,
            "till": till, "handlaggare": [handl], "ansvarig": "maria-lund"}
    forslag = {"att": list(att)}
    if beslutsinstans:
        forslag["beslutsinstans"] = beslutsinstans
    case["forslag_till_beslut"] = forslag
    case["sammanfattning"] = sammanfattning
    if arendet:
        case["arendet"] = arendet
    case["beslutsunderlag"] = [f"Tjänsteskrivelse {datum}", *underlag]
    if skickas:
        case["skickas_till"] = list(skickas)
    case.update(extra or {})
    return case


def motion(nr, datum, titel, av, inkom, yrkanden, bedomning, att, sammanfattning, skickas=(), klar=True, ar=None):
    extra = {"motion": {"titel": titel, "forslagsstallare": av, "inkom": D(inkom), "yrkanden": yrkanden,
                        "bedomning": bedomning}}
    case = ts(nr, datum, f"Svar på motion om {titel[0].lower() + titel[1:]}", "kommunledningskontoret", "eva-strom",
              att, sammanfattning, underlag=[f"Motion från {av}, {inkom}"], skickas=skickas,
              beslutsinstans="Kommunfullmäktige", typ="motionssvar", extra=extra)
    case["dnr"] = f"KS {ar or D(inkom).year}/{nr:03d}"
    if not klar:  # raised, not yet prepared: no answer and no proposal yet
        del case["forslag_till_beslut"]
        case["sammanfattning"] = sammanfattning
        case["beslutsunderlag"] = [f"Motion från {av}, {inkom}"]
    return case


def revisionssvar(nr, datum, titel, byra, rapportdatum, svar_senast, reks, sammanfattning):
    case = ts(nr, datum, f"Svar på revisionsrapport: {titel}", "kommunledningskontoret", "eva-strom",
              ["anta kommunledningskontorets förslag till svar", "överlämna svaret till kommunens revisorer"],
              sammanfattning, underlag=[f"Revisionsrapport \"{titel}\", {rapportdatum}"],
              skickas=["De förtroendevalda revisorerna"], typ="revisionssvar")
    case["granskning"] = {"titel": titel, "revisionsbyra": byra,
                          "uppdragsgivare": "de förtroendevalda revisorerna i Åsby kommun",
                          "rapportdatum": D(rapportdatum), "svar_senast": D(svar_senast)}
    case["rekommendationer"] = [
        {"nr": i, "rubrik": rubrik, "stallningstagande": stance, "svar": svar,
         "atgarder": [{"atgard": atgard, "ansvarig": ansvarig, "klart": D(klart), "status": "planerad"}]}
        for i, (rubrik, stance, svar, atgard, ansvarig, klart) in enumerate(reks, 1)]
    return case


CASES = {
    # -- kommunstyrelsen 2026-02-10 and kommunfullmäktige 2026-02-23
    "2026-004-arsplan-sammantraden": ts(4, "2026-01-20", "Sammanträdesplan för kommunstyrelsen 2026-2027",
        "kommunledningskontoret", "johan-ek", ["fastställa sammanträdesplanen för 2026 och första halvåret 2027"],
        "Kommunledningskontoret har tagit fram ett förslag till sammanträdesplan. Planen är samordnad med "
        "fullmäktiges sammanträden och budgetprocessen.", skickas=["Samtliga nämnder", "Kommunens förvaltningar"]),
    "2026-007-attestreglemente": ts(7, "2026-01-22", "Revidering av attestreglemente", "ekonomiavdelningen",
        "sara-holm", ["anta reviderat attestreglemente", "upphäva attestreglementet antaget 2019-11-25, § 112"],
        "Attestreglementet ses över eftersom kommunen har infört ett nytt ekonomisystem med elektronisk attest. "
        "Ändringarna gäller främst beloppsgränser och vem som får ersätta beslutsattestanten.",
        till="kommunstyrelsen", beslutsinstans="Kommunfullmäktige", skickas=["Ekonomiavdelningen"]),
    "2025-118-motion-solceller": motion(118, "2026-01-15", "Solceller på kommunens tak", "Ingrid Fors (MP)",
        "2025-05-19", ["Åsby kommun inventerar vilka kommunala byggnader som lämpar sig för solceller.",
                       "Åsby kommun tar fram en plan för att installera solceller på lämpliga tak."], "besvarad",
        ["anse motionen besvarad med hänvisning till pågående arbete med energiplanen"],
        "Ingrid Fors (MP) föreslår i en motion att kommunen inventerar sina tak och planerar för solceller. "
        "Samhällsbyggnadsförvaltningen genomför redan en inventering inom ramen för energiplanen 2026-2030.",
        skickas=["Samhällsbyggnadsförvaltningen"]),
    "2026-011-info-budgetlage": ts(11, "2026-02-02", "Information om budgetläget efter bokslut 2025",
        "ekonomiavdelningen", "sara-holm", ["notera informationen till protokollet"],
        "Ekonomichefen redovisar det preliminära resultatet för 2025 och vad det innebär för budgeten 2026."),
    "2025-131-revision-upphandling": revisionssvar(131, "2026-01-28", "Granskning av direktupphandlingar",
        "KPMG", "2025-11-14", "2026-02-28",
        [("Dokumentation av direktupphandlingar", "instammer",
          "Kommunledningskontoret instämmer och kommer att införa en obligatorisk mall för dokumentation.",
          "Införa mall för dokumentation av direktupphandlingar", "ekonomiavdelningen", "2026-06-30"),
         ("Uppföljning av avtalstrohet", "instammer_delvis",
          "Uppföljning sker redan i dag men inte systematiskt. En årlig rapport till kommunstyrelsen införs.",
          "Årlig rapport om avtalstrohet till kommunstyrelsen", "ekonomiavdelningen", "2026-12-31")],
        "KPMG har på uppdrag av de förtroendevalda revisorerna granskat kommunens direktupphandlingar. "
        "Granskningen visar att dokumentationen är bristfällig i flera fall."),
    # -- kommunstyrelsen 2026-03-31 (justering skärtorsdagen) and kommunfullmäktige 2026-04-20
    "2026-021-arsredovisning-2025": ts(21, "2026-03-16", "Årsredovisning 2025 för Åsby kommun", "ekonomiavdelningen",
        "sara-holm", ["godkänna årsredovisningen för 2025", "överlämna den till revisorerna och kommunfullmäktige"],
        "Årsredovisningen visar ett resultat på 18,4 miljoner kronor, vilket är 6,1 miljoner kronor bättre än "
        "budget. Balanskravet är uppfyllt.", beslutsinstans="Kommunfullmäktige",
        skickas=["De förtroendevalda revisorerna", "Ekonomiavdelningen"]),
    "2026-023-taxa-bygglov": ts(23, "2026-03-10", "Ny taxa för plan- och bygglovsverksamheten",
        "samhallsbyggnadsforvaltningen", "per-nyberg",
        ["anta taxa för plan- och bygglovsverksamheten att gälla från den 1 juli 2026"],
        "Taxan bygger på Sveriges Kommuner och Regioners underlag. Timavgiften höjs från 1 250 till 1 340 kronor.",
        beslutsinstans="Kommunfullmäktige", skickas=["Samhällsbyggnadsförvaltningen"]),
    "2026-025-motion-gatubelysning": motion(25, "2026-03-12", "Tänd gatubelysningen hela natten",
        "David Odén (SD)", "2026-01-26", ["Åsby kommun låter gatubelysningen lysa hela natten i tätorterna."],
        "avslag", ["avslå motionen"],
        "David Odén (SD) föreslår att gatubelysningen ska lysa hela natten. Att släcka mellan klockan 01 och 05 "
        "sparar omkring 400 000 kronor om året, och polisen ser inget samband med fler brott i kommunen.",
        skickas=["Samhällsbyggnadsförvaltningen"]),
    "2025-140-revision-intern-kontroll": revisionssvar(140, "2026-03-02", "Granskning av intern kontroll 2025",
        "KPMG", "2026-01-20", "2026-03-31",
        [("Riskanalys som grund för internkontrollplanen", "instammer",
          "En dokumenterad riskanalys tas fram inför varje års internkontrollplan.",
          "Dokumenterad riskanalys inför internkontrollplan 2027", "kommunledningskontoret", "2026-10-31"),
         ("Återrapportering av kontrollmoment", "instammer",
          "Resultatet av kontrollerna redovisas för kommunstyrelsen två gånger om året.",
          "Återrapportering i samband med delårsrapport och bokslut", "ekonomiavdelningen", "2026-09-30")],
        "Revisorerna bedömer att den interna kontrollen i huvudsak är tillräcklig men att riskanalysen behöver "
        "dokumenteras bättre."),
    "2026-028-delegationsordning": ts(28, "2026-03-18", "Revidering av kommunstyrelsens delegationsordning",
        "kommunledningskontoret", "johan-ek", ["anta reviderad delegationsordning att gälla från den 1 maj 2026"],
        "Delegationsordningen anpassas till den nya organisationen av kommunledningskontoret.",
        skickas=["Kommunledningskontoret"]),
    "2026-030-info-vatten": ts(30, "2026-03-20", "Information om arbetet med ny vattentäkt i Östra Åsby",
        "samhallsbyggnadsforvaltningen", "per-nyberg", ["notera informationen till protokollet"],
        "Samhällsbyggnadschefen informerar om provborrningarna och tidsplanen för den nya vattentäkten."),
    # -- kommunstyrelsen 2026-06-02 (justering samma dag) and kommunfullmäktige 2026-06-15
    "2026-041-budget-2027": ts(41, "2026-05-12", "Budget 2027 och plan för 2028-2029", "ekonomiavdelningen",
        "sara-holm", ["fastställa budget för 2027 och plan för 2028-2029",
                      "fastställa skattesatsen för 2027 till oförändrat 21,79 kronor per skattekrona",
                      "ge kommunstyrelsen rätt att under 2027 nyupplåna, det vill säga öka kommunens skulder, "
                      "med högst 50 miljoner kronor"],
        "Budgeten bygger på Sveriges Kommuner och Regioners skatteunderlagsprognos i april. Resultatet beräknas "
        "till 1,8 procent av skatter och statsbidrag.", beslutsinstans="Kommunfullmäktige",
        skickas=["Samtliga nämnder", "Ekonomiavdelningen"]),
    "2026-044-riktlinje-distansarbete": ts(44, "2026-05-05", "Riktlinje för distansarbete", "hr-avdelningen",
        "lena-berg", ["anta riktlinje för distansarbete"],
        "Riktlinjen ersätter de tillfälliga rutinerna från 2021 och anger när distansarbete kan beviljas, hur "
        "överenskommelsen dokumenteras och vilka krav som gäller för arbetsmiljön.", skickas=["HR-avdelningen"]),
    "2026-046-motion-skolmat": motion(46, "2026-05-06", "Mer närproducerad mat i skolan", "Cecilia Wik (C)",
        "2025-09-22", ["Andelen närproducerade livsmedel i skolmåltiderna ökar till minst 30 procent till 2028."],
        "bifall", ["bifalla motionen", "ge barn- och utbildningsnämnden i uppdrag att redovisa hur målet nås"],
        "Cecilia Wik (C) föreslår att andelen närproducerade livsmedel ökar. Den nya livsmedelsupphandlingen "
        "gör det möjligt att dela upp anbuden så att lokala producenter kan lämna anbud.",
        skickas=["Barn- och utbildningsförvaltningen"]),
    "2026-048-motion-fritidskort": motion(48, "2026-05-08", "Fritidskort för barn och unga", "Hassan Omar (V)",
        "2025-10-20", ["Åsby kommun inför ett fritidskort för alla barn mellan 8 och 16 år."], "avslag",
        ["avslå motionen"],
        "Hassan Omar (V) föreslår ett fritidskort. Det statliga fritidskortet avskaffades 2023 och en kommunal "
        "lösning skulle kosta omkring 2,4 miljoner kronor om året utan finansiering i budgeten.",
        skickas=["Barn- och utbildningsförvaltningen"]),
    "2026-050-aterrapport-bostadsforsorjning": ts(50, "2026-05-15", "Återrapport: uppdrag om riktlinjer för "
        "bostadsförsörjning", "samhallsbyggnadsforvaltningen", "per-nyberg",
        ["godkänna återrapporten", "anse uppdraget slutfört"],
        "Kommunfullmäktige gav 2025-06-16, § 61, kommunstyrelsen i uppdrag att ta fram nya riktlinjer för "
        "bostadsförsörjning. Riktlinjerna har varit på remiss och redovisas nu.", typ="aterrapport",
        arendet="Riktlinjerna bygger på bostadsbehovsanalysen från 2025. De anger mål för antalet nya bostäder, "
        "hur kommunen ska använda sin mark och hur Åsbyhem AB ska bidra till bostadsförsörjningen. "
        "Remissinstanserna har i huvudsak ställt sig bakom förslaget.",
        extra={"uppdrag": {"beslutat": D("2025-06-16"), "beskrivning": "Ta fram nya riktlinjer för bostadsförsörjning",
                           "aterrapport_senast": D("2026-06-30")}}),
    "2026-052-info-sommarjobb": ts(52, "2026-05-20", "Information om feriearbeten sommaren 2026", "hr-avdelningen",
        "lena-berg", ["notera informationen till protokollet"],
        "HR-chefen informerar om att 142 ungdomar har fått feriearbete i kommunens verksamheter i sommar."),
    "2026-054-borgen-bostadsbolaget": ts(54, "2026-05-18", "Kommunal borgen för Åsbyhem AB", "ekonomiavdelningen",
        "sara-holm", ["teckna proprieborgen för Åsbyhem AB:s lån upp till 120 miljoner kronor"],
        "Åsbyhem AB bygger 48 hyreslägenheter i kvarteret Linden och behöver utöka sin låneram.",
        beslutsinstans="Kommunfullmäktige", skickas=["Åsbyhem AB", "Ekonomiavdelningen"]),
    # -- kommunstyrelsen 2026-09-15
    "2026-061-delarsrapport": ts(61, "2026-08-28", "Delårsrapport januari-augusti 2026", "ekonomiavdelningen",
        "ali-hassan", ["godkänna delårsrapporten", "överlämna den till kommunfullmäktige och revisorerna"],
        "Prognosen för helåret är ett överskott på 9,2 miljoner kronor. Socialnämnden prognostiserar ett "
        "underskott på 4,5 miljoner kronor.", beslutsinstans="Kommunfullmäktige",
        skickas=["De förtroendevalda revisorerna", "Ekonomiavdelningen"]),
    "2026-063-revision-ik-it": revisionssvar(63, "2026-08-20", "Granskning av informationssäkerhet", "EY",
        "2026-06-10", "2026-09-30",
        [("Utbildning i informationssäkerhet", "instammer",
          "En obligatorisk webbutbildning införs för alla medarbetare under hösten.",
          "Obligatorisk webbutbildning i informationssäkerhet", "kommunledningskontoret", "2026-12-31"),
         ("Klassning av informationstillgångar", "instammer_delvis",
          "Klassning görs redan för de största systemen. Övriga system klassas i samband med upphandling.",
          "Klassa system vid upphandling och avtalsförlängning", "kommunledningskontoret", "2027-06-30"),
         ("Övning av kontinuitetsplaner", "instammer_inte",
          "Kontinuitetsplanerna övas redan inom krisberedskapsarbetet; en särskild övning bedöms inte behövas.",
          "Redovisa genomförda krisövningar i årlig rapport", "kommunledningskontoret", "2026-12-31")],
        "EY har granskat kommunens informationssäkerhet på uppdrag av revisorerna. Tre rekommendationer lämnas."),
    "2026-065-motion-hundrastgard": motion(65, "2026-08-25", "En hundrastgård i centrala Åsby", "Stina Mark (KD)",
        "2026-02-23", ["Åsby kommun anlägger en inhägnad hundrastgård i centrala Åsby."], "bifall",
        ["bifalla motionen", "finansiera hundrastgården inom samhällsbyggnadsnämndens investeringsbudget 2027"],
        "Stina Mark (KD) föreslår en hundrastgård. En lämplig plats finns i Stadsparkens norra del och kostnaden "
        "beräknas till 350 000 kronor.", skickas=["Samhällsbyggnadsförvaltningen"]),
    "2026-067-motion-laxhjalp": motion(67, "2026-08-27", "Läxhjälp på biblioteken", "Elin Kvist (S)",
        "2026-02-23", ["Åsby kommun erbjuder läxhjälp på biblioteken två kvällar i veckan."], "besvarad",
        ["anse motionen besvarad"],
        "Elin Kvist (S) föreslår läxhjälp på biblioteken. Biblioteken erbjuder sedan augusti läxhjälp i samarbete "
        "med studieförbunden, vilket svarar mot motionens förslag.", skickas=["Barn- och utbildningsförvaltningen"]),
    "2026-069-info-civilforsvar": ts(69, "2026-09-01", "Information om kommunens arbete med civilt försvar",
        "kommunledningskontoret", "maria-lund", ["notera informationen till protokollet"],
        "Kommundirektören informerar om den nya risk- och sårbarhetsanalysen och om arbetet med krigsorganisation."),
    "2026-071-naringslivsstrategi": ts(71, "2026-09-02", "Näringslivsstrategi 2027-2030", "kommunledningskontoret",
        "eva-strom", ["anta näringslivsstrategi 2027-2030"],
        "Strategin har tagits fram tillsammans med det lokala näringslivet och anger fyra fokusområden: "
        "kompetensförsörjning, mark för etablering, service till företag och besöksnäring.",
        beslutsinstans="Kommunfullmäktige", skickas=["Kommunledningskontoret"]),
    # -- kommunstyrelsen 2026-12-01 and kommunfullmäktige 2026-12-14
    "2026-081-redovisning-motioner": ts(81, "2026-11-10", "Redovisning av motioner som inte har beslutats",
        "kommunledningskontoret", "johan-ek", ["godkänna redovisningen av motioner som inte har beslutats"],
        "Enligt 5 kap. 35 § kommunallagen ska kommunstyrelsen två gånger om året redovisa de motioner som inte "
        "har beslutats inom ett år från att de väcktes.", beslutsinstans="Kommunfullmäktige",
        skickas=["Kommunfullmäktiges presidium"]),
    "2026-083-internkontrollplan-2027": ts(83, "2026-11-05", "Internkontrollplan 2027 för kommunstyrelsen",
        "kommunledningskontoret", "ali-hassan", ["anta internkontrollplan 2027"],
        "Planen bygger på den riskanalys som revisorerna efterfrågade i granskningen av intern kontroll 2025.",
        skickas=["Kommunledningskontoret"]),
    "2026-085-taxor-2027": ts(85, "2026-10-28", "Avgifter för vatten och avlopp 2027", "samhallsbyggnadsforvaltningen",
        "per-nyberg", ["höja brukningsavgiften för vatten och avlopp med 6 procent från den 1 januari 2027"],
        "Höjningen behövs för att finansiera den nya vattentäkten i Östra Åsby och reinvesteringar i ledningsnätet.",
        beslutsinstans="Kommunfullmäktige", skickas=["Samhällsbyggnadsförvaltningen"]),
    "2026-087-motion-cykelvag": motion(87, "2026-11-02", "Cykelväg mellan Åsby och Norrby", "Maja Tell (C)",
        "2025-11-24", ["Åsby kommun verkar för en gång- och cykelväg mellan Åsby och Norrby."], "besvarad",
        ["anse motionen besvarad med hänvisning till att sträckan finns med i länsplanen för 2026-2037"],
        "Maja Tell (C) föreslår en cykelväg mellan Åsby och Norrby. Trafikverket har tagit med sträckan i "
        "länsplanen med byggstart tidigast 2029.", skickas=["Samhällsbyggnadsförvaltningen"]),
    "2026-089-info-ensamkommande": ts(89, "2026-11-12", "Information om socialtjänstens arbete med placerade barn",
        "socialforvaltningen", "omar-said", ["notera informationen till protokollet"],
        "Socialchefen informerar om antalet placerade barn och om arbetet med att rekrytera fler familjehem."),
    "2026-091-arvodesregler": ts(91, "2026-11-16", "Ändrade arvodesregler för förtroendevalda 2027",
        "kommunledningskontoret", "johan-ek", ["anta ändrade bestämmelser om arvoden för förtroendevalda"],
        "Arvodesberedningen föreslår att arvodena räknas upp med inkomstbasbeloppet.",
        beslutsinstans="Kommunfullmäktige", skickas=["HR-avdelningen"]),
    # -- motions raised but not yet prepared (for the report under KL 5 kap. 35 §)
    "2025-102-motion-badplats": motion(102, "2025-04-28", "Tillgänglighetsanpassad badplats vid Åsjön",
        "Gunilla Ros (L)", "2025-04-28", ["Åsby kommun tillgänglighetsanpassar badplatsen vid Åsjön."], "bifall",
        [], "Gunilla Ros (L) föreslår att badplatsen vid Åsjön anpassas för personer med funktionsnedsättning. "
        "Motionen har remitterats till samhällsbyggnadsnämnden.", klar=False),
    "2026-033-motion-kommunal-tandvard": motion(33, "2026-04-20", "Avgiftsfri tandvård för unga vuxna",
        "Pia Lund (V)", "2026-04-20", ["Åsby kommun verkar för avgiftsfri tandvård till och med 23 år."], "avslag",
        [], "Pia Lund (V) föreslår att kommunen verkar för avgiftsfri tandvård för unga vuxna. Motionen bereds av "
        "kommunledningskontoret.", klar=False),
    "2026-075-motion-e-forslag": motion(75, "2026-10-12", "Inför e-förslag", "Viktor Sten (L)", "2026-10-12",
        ["Åsby kommun inför e-förslag som ersättning för medborgarförslag."], "bifall", [],
        "Viktor Sten (L) föreslår att kommunen inför e-förslag. Motionen har remitterats till kommunstyrelsen.",
        klar=False),
}


# ---- meetings -------------------------------------------------------------------------------
def ks_meeting(datum, justering, punkter, **extra):
    meeting = {"organ": "kommunstyrelsen", "datum": D(datum), "tid": "13.00",
               "plats": "Kommunhuset, sammanträdesrum Ån", "ordforande": "anders-lind", "sekreterare": "johan-ek",
               "ledamoter": KS, "ovriga": ["maria-lund", "sara-holm"], "justerare": ["birgitta-sand"],
               "justering": justering, "punkter": punkter}
    meeting.update(extra)
    return meeting


def kf_meeting(datum, justering, punkter, **extra):
    meeting = {"organ": "kommunfullmaktige", "datum": D(datum), "tid": "18.30", "plats": "Folkets hus, Åsby",
               "ordforande": "ulla-grahn", "sekreterare": "johan-ek", "ledamoter": list(POLITIKER)[:20] + ["ulla-grahn"],
               "ovriga": ["maria-lund"], "justerare": ["karin-hed", "rune-falk"], "justering": justering,
               "punkter": punkter}
    meeting.update(extra)
    return meeting


def a(name, **extra):
    return {"arende": f"arenden/{name}.yaml", **extra}


KS_VOTE = {"ja_innebar": "arbetsutskottets förslag", "nej_innebar": "Hassan Omars (V) yrkande",
           "ja": ["anders-lind", "cecilia-wik", "david-oden", "fredrik-alm", "gunilla-ros"],
           "nej": ["birgitta-sand", "elin-kvist", "hassan-omar"], "avstar": ["ingrid-fors"]}

MEETINGS = {
    "ks-2026-02-10": ks_meeting("2026-02-10", {"datum": D("2026-02-12"), "plats": "Kommunledningskontoret",
                                               "tid": "10.00"}, [
        "val_av_justerare",
        {"information": "Information om budgetläget efter bokslut 2025", "av": "Ekonomichef Sara Holm", "tid": "13.05",
         "dnr": "KS 2026/011"},
        a("2026-004-arsplan-sammantraden"),
        a("2026-007-attestreglemente"),
        a("2025-131-revision-upphandling"),
        a("2025-118-motion-solceller", yrkanden=[{"av": "Ingrid Fors (MP)", "yrkande": "bifall till motionen"},
                                                 {"av": "Anders Lind (M)", "yrkande": "bifall till förslaget"}],
          propositionsordning="Ordföranden ställer proposition på förslagen och finner att kommunstyrelsen bifaller "
                              "Anders Linds (M) yrkande.",
          reservationer=[{"av": "Ingrid Fors (MP)", "text": "till förmån för eget yrkande"}]),
        {"rubrik": "Anmälan av delegeringsbeslut", "dnr": "KS 2026/002",
         "beslut": ["Redovisningen av delegeringsbeslut läggs till handlingarna."]},
    ], upprattad=D("2026-02-03"), oppet=False, forsta_paragraf=1),
    "kf-2026-02-23": kf_meeting("2026-02-23", {"datum": D("2026-02-26"), "digital": True}, [
        "val_av_justerare",
        a("2026-007-attestreglemente"),
        a("2025-118-motion-solceller"),
        {"rubrik": "Anmälan av nya motioner", "beslut": [
            "Motionen om en hundrastgård i centrala Åsby från Stina Mark (KD) remitteras till kommunstyrelsen.",
            "Motionen om läxhjälp på biblioteken från Elin Kvist (S) remitteras till kommunstyrelsen."]},
    ], upprattad=D("2026-02-09")),
    "ks-2026-03-31": ks_meeting("2026-03-31", {"datum": D("2026-04-02"), "plats": "Kommunledningskontoret"}, [
        "val_av_justerare",
        a("2026-030-info-vatten", grupp="Information"),
        a("2026-021-arsredovisning-2025"),
        a("2026-023-taxa-bygglov"),
        a("2025-140-revision-intern-kontroll"),
        a("2026-028-delegationsordning"),
        a("2026-025-motion-gatubelysning", yrkanden=[
            {"av": "David Odén (SD)", "yrkande": "bifall till motionen"},
            {"av": "Anders Lind (M)", "yrkande": "avslag på motionen"}],
          omrostning={"ja_innebar": "kommunledningskontorets förslag", "nej_innebar": "David Odéns (SD) yrkande",
                      "ja": ["anders-lind", "birgitta-sand", "cecilia-wik", "elin-kvist", "fredrik-alm",
                             "gunilla-ros", "ingrid-fors"], "nej": ["david-oden"], "avstar": ["hassan-omar"]},
          reservationer=[{"av": "David Odén (SD)", "text": "till förmån för eget yrkande"}]),
    ], upprattad=D("2026-03-24"), oppet=False),
    "kf-2026-04-20": kf_meeting("2026-04-20", {"datum": D("2026-04-23"), "plats": "Kommunkansliet"}, [
        "val_av_justerare",
        a("2026-021-arsredovisning-2025"),
        a("2026-023-taxa-bygglov"),
        a("2026-025-motion-gatubelysning"),
        {"rubrik": "Anmälan av ny motion", "beslut": [
            "Motionen om avgiftsfri tandvård för unga vuxna från Pia Lund (V) remitteras till kommunstyrelsen."]},
    ], upprattad=D("2026-04-06")),
    "ks-2026-06-02": ks_meeting("2026-06-02", {"datum": D("2026-06-02"), "plats": "Sammanträdesrum Ån",
                                               "tid": "16.00"}, [
        "val_av_justerare",
        a("2026-052-info-sommarjobb", grupp="Information"),
        a("2026-041-budget-2027", yrkanden=[{"av": "Birgitta Sand (S)", "yrkande": "bifall till Socialdemokraternas "
                                                                                 "budgetförslag"}],
          omrostning={"ja_innebar": "kommunledningskontorets förslag", "nej_innebar": "Birgitta Sands (S) yrkande",
                      "ja": ["anders-lind", "cecilia-wik", "david-oden", "fredrik-alm", "gunilla-ros"],
                      "nej": ["birgitta-sand", "elin-kvist", "pia-lund", "ingrid-fors"]},
          reservationer=[{"av": "Birgitta Sand (S)", "text": "till förmån för eget yrkande"},
                         {"av": "Elin Kvist (S)", "text": "till förmån för Birgitta Sands (S) yrkande"}]),
        a("2026-044-riktlinje-distansarbete"),
        a("2026-046-motion-skolmat"),
        a("2026-048-motion-fritidskort", yrkanden=[{"av": "Pia Lund (V)", "yrkande": "bifall till motionen"}],
          reservationer=[{"av": "Pia Lund (V)"}]),
        a("2026-050-aterrapport-bostadsforsorjning"),
        a("2026-054-borgen-bostadsbolaget", omedelbar_justering=True),
    ], ledamoter=[k for k in KS if k != "hassan-omar"] + [{"namn": "pia-lund", "ersatter": "hassan-omar"}],
        upprattad=D("2026-05-26"), oppet=False),
    "kf-2026-06-15": kf_meeting("2026-06-15", {"datum": D("2026-06-18"), "digital": True}, [
        "val_av_justerare",
        a("2026-041-budget-2027"),
        a("2026-046-motion-skolmat"),
        a("2026-048-motion-fritidskort", beslut=["Motionen återremitteras till kommunstyrelsen för att utreda "
                                                 "en avgiftsfri lånecentral för fritidsutrustning."],
          yrkanden=[{"av": "Pia Lund (V)", "yrkande": "återremiss av ärendet"}]),
        a("2026-054-borgen-bostadsbolaget"),
    ], upprattad=D("2026-06-01")),
    "ks-2026-09-15": ks_meeting("2026-09-15", {"datum": D("2026-09-17"), "plats": "Kommunledningskontoret"}, [
        "val_av_justerare",
        a("2026-069-info-civilforsvar", grupp="Information", sluten=True),
        a("2026-061-delarsrapport"),
        a("2026-063-revision-ik-it"),
        a("2026-065-motion-hundrastgard"),
        a("2026-067-motion-laxhjalp"),
        a("2026-071-naringslivsstrategi", beslut=["Ärendet bordläggs till kommunstyrelsens sammanträde den "
                                                  "1 december 2026."]),
    ], upprattad=D("2026-09-08"), oppet=True),
    "ks-2026-12-01": ks_meeting("2026-12-01", {"datum": D("2026-12-02"), "plats": "Kommunledningskontoret"}, [
        "val_av_justerare",
        a("2026-089-info-ensamkommande", grupp="Information", sluten=True),
        a("2026-071-naringslivsstrategi"),
        a("2026-081-redovisning-motioner"),
        a("2026-083-internkontrollplan-2027"),
        a("2026-085-taxor-2027"),
        a("2026-087-motion-cykelvag"),
        a("2026-091-arvodesregler"),
    ], anslag=D("2026-12-03"), upprattad=D("2026-11-24"), oppet=False),
    "kf-2026-12-14": kf_meeting("2026-12-14", {"datum": D("2026-12-17"), "plats": "Kommunkansliet"}, [
        "val_av_justerare",
        a("2026-061-delarsrapport"),
        a("2026-065-motion-hundrastgard"),
        a("2026-067-motion-laxhjalp"),
        a("2026-071-naringslivsstrategi"),
        a("2026-081-redovisning-motioner"),
        a("2026-085-taxor-2027"),
        a("2026-087-motion-cykelvag"),
        a("2026-091-arvodesregler"),
    ], upprattad=D("2026-11-30")),
}


def main() -> int:
    dump(ROOT / "data" / "organisation.yaml", ORGANISATION, "Åsby kommun (påhittad) – ett år av sammanträden, genererat av tools/exempel_kommun_ar.py")
    dump(ROOT / "data" / "personer.yaml", personer(), "Tjänstepersoner och förtroendevalda (parti inom parentes)")
    (ROOT / "data" / "ordlista.txt").write_text("Åsbyhem\nnyupplåna\n", "utf-8")
    for name, case in CASES.items():
        dump(ROOT / "arenden" / f"{name}.yaml", case)
    for name, meeting in MEETINGS.items():
        dump(ROOT / "sammantraden" / f"{name}.yaml", meeting)
    print(f"{ROOT}: {len(CASES)} ärenden, {len(MEETINGS)} sammanträden")
    return 0


if __name__ == "__main__":
    sys.exit(main())
