"""The Diarium: allocate case numbers, register documents, void, close, and log every change."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from kanslist.dnr import Dnr, DnrPattern
from kanslist.organisation import Organisation
from kanslist.diarium import store
from kanslist.diarium.poster import (MASKERA_ARENDE, MASKERA_ARENDEFIL, MASKERA_HANDLING, MASKERA_HANDLING_TILLATNA,
                                     RIKTNINGAR, Arende, Handling, ListRad, Logghandelse, OgiltigGrund, Sekretess,
                                     check_grund, check_text, marking_columns, marking_from, riktning_av, to_json)
from kanslist.diarium.store import DiariumError, arende, handling, logg

try:
    SVENSK_TID = ZoneInfo("Europe/Stockholm")
except ZoneInfoNotFoundError:  # pragma: no cover - a system without time zone data
    raise DiariumError("tidszonen Europe/Stockholm saknas – installera tzdata (pip install tzdata)") from None



class OkandSerie(DiariumError):
    """A series that the organisation does not have."""


class OkantDiarienummer(DiariumError):
    """A number that is not in the register, or text that is no number at all."""


def default_user() -> str:
    """Return the OS user's name, used as 'who' in the log when nobody is named."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (containers)
        return "okänd"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Diarium:
    """One organisation's register, on SQLite or PostgreSQL."""

    def __init__(self, engine: Engine, organisation: Organisation,
                 clock: Callable[[], dt.datetime] = _utc_now):
        self.engine = engine
        self.organisation = organisation
        self.clock = clock
        self.patterns: dict[str, DnrPattern] = {}
        for serie in organisation.series():
            try:
                self.patterns[serie] = DnrPattern(organisation.pattern_for(serie))
            except ValueError as exc:
                raise DiariumError(f"data/organisation.yaml: diarienummer: {exc}") from None

    @classmethod
    def open(cls, url: str, organisation: Organisation, *,
             clock: Callable[[], dt.datetime] = _utc_now) -> "Diarium":
        """Return the register at ``url``, checked (a damaged file is refused) and its schema brought up to date."""
        engine = store.connect(url)
        try:
            diarium = cls(engine, organisation, clock)
            store.prepare(engine)
        except BaseException:
            engine.dispose()
            raise
        return diarium

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Diarium":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def schema_version(self) -> int:
        return store.version(self.engine)

    def backup(self, ut: Path | str, tvinga: bool = False) -> int:
        """Write a checked copy of the register to file ``ut``; return how many cases it holds.

        Safe while registrars work (SQLite's online backup, the -wal file's changes
        included); ``ut`` is replaced only with ``tvinga``. A PostgreSQL register is
        backed up with pg_dump instead, which this says.
        """
        return store.backup(self.engine, ut, tvinga=tvinga)

    # -- changes ------------------------------------------------------------------------

    def nytt_arende(self, serie: str, rubrik: str, datum: dt.date | dt.datetime | str | None = None,
                    sekretess: str | Sekretess | None = None, klass: str | None = None,
                    vem: str | None = None, om_saknas: bool = False) -> str:
        """Return the number of a new case in ``serie``, allocated with its entry in one transaction.

        The year is that of ``datum`` in Swedish time (default: now). ``sekretess`` marks
        the case's subject as classified under that provision (5 kap. 5 § OSL). With
        ``om_saknas`` a case of the series with exactly this ``rubrik`` (not voided) is
        returned instead when there is one; looked for under the series' lock, so that two
        registrars doing this at once make one case.
        """
        serie = self._serie(serie)
        rubrik = _required(rubrik, "rubrik", "ange ärendemeningen, kort vad ärendet gäller")
        _plain(klass, "klass")
        dag = self._dag(datum)
        marking = self._marking(sekretess, serie, dag, MASKERA_ARENDE)
        pattern = self.patterns[serie]
        if pattern.requires("klass") and not klass:
            raise DiariumError(f"serie {serie} skriver klassificering i numret ({pattern.pattern}) – ange klass")
        who = vem or default_user()

        def work(conn: Connection) -> str:
            if om_saknas:
                _raise_counter(conn, serie, dag.year, 0)  # takes the series' lock: a second run waits here
                found = conn.execute(select(arende.c.dnr).where(
                    arende.c.serie == serie, arende.c.rubrik == rubrik, arende.c.status != "makulerat",
                ).order_by(arende.c.ar, arende.c.lopnr)).first()
                if found is not None:
                    return found.dnr
            lopnr = _allocate(conn, serie, dag.year)
            try:
                dnr_text = pattern.format(Dnr(serie, dag.year, lopnr, klass=klass or None))
            except ValueError as exc:
                raise DiariumError(str(exc)) from None
            try:
                conn.execute(arende.insert().values(
                    serie=serie, ar=dag.year, lopnr=lopnr, klass=klass or None, dnr=dnr_text, rubrik=rubrik,
                    datum=dag, status="oppet", senaste_handling=0, **marking_columns(marking),
                    registrerad_tid=self._tid(), registrerad_av=who))
            except IntegrityError:
                if pattern.has("serie"):
                    raise
                # two series whose pattern does not write the series can produce the same text
                raise DiariumError(f"{dnr_text} finns redan i en annan serie – mönstret för {serie} "
                                   "behöver {serie} för att numren ska skiljas åt") from None
            self._log(conn, who, "nytt_arende", dnr_text,
                      {"rubrik": rubrik, "datum": dag, "sekretess": marking and marking.grund})
            return dnr_text

        return store.run(self.engine, work, write=True)

    def befintligt_arende(self, dnr: str, rubrik: str, datum: dt.date | dt.datetime | str | None = None,
                          sekretess: str | Sekretess | None = None, vem: str | None = None) -> str:
        """Return the number of a case entered with the number it already has (``KS 2026/017``), as written.

        For a registrar moving from an earlier register: the number must be written as the
        organisation's pattern writes it and not be in the register already. The series'
        counter is raised to it, so the numbers ``nytt_arende`` gives later never collide.
        ``datum`` is the day the case was registered in the earlier register (default: today).
        """
        rubrik = _required(rubrik, "rubrik", "ange ärendemeningen, kort vad ärendet gäller")
        wanted = self._numbers(dnr)
        if len(wanted) != 1:
            raise DiariumError(f"{dnr.strip()} kan läsas som ett nummer i flera serier ({', '.join(d.serie for d in wanted)}) "
                               "– skriv numret med serien")
        nummer = wanted[0]
        if nummer.handling is not None:
            raise DiariumError(f"{dnr.strip()} är numret på en handling, inte på ett ärende – ange ärendets nummer "
                               f"utan handlingens, t.ex. {self.patterns[nummer.serie].format(nummer.arende())}")
        if nummer.lopnr < 1:
            raise DiariumError(f"{dnr.strip()}: löpnumret måste vara 1 eller större")
        serie = nummer.serie
        pattern = self.patterns[serie]
        if pattern.requires("klass") and not nummer.klass:
            raise DiariumError(f"serie {serie} skriver klassificering i numret ({pattern.pattern}) – ange klass")
        dnr_text = pattern.format(nummer)
        dag = self._dag(datum)
        marking = self._marking(sekretess, serie, dag, MASKERA_ARENDE)
        who = vem or default_user()

        def work(conn: Connection) -> str:
            taken = conn.execute(select(arende.c.dnr).where(
                (arende.c.dnr == dnr_text) | ((arende.c.serie == serie) & (arende.c.ar == nummer.ar)
                                              & (arende.c.lopnr == nummer.lopnr)))).first()
            if taken is not None:
                raise DiariumError(f"{taken.dnr} finns redan i diariet – se 'kanslist diarium visa {taken.dnr}'")
            conn.execute(arende.insert().values(
                serie=serie, ar=nummer.ar, lopnr=nummer.lopnr, klass=nummer.klass, dnr=dnr_text, rubrik=rubrik,
                datum=dag, status="oppet", senaste_handling=0, **marking_columns(marking),
                registrerad_tid=self._tid(), registrerad_av=who))
            _raise_counter(conn, serie, nummer.ar, nummer.lopnr)
            self._log(conn, who, "befintligt_arende", dnr_text,
                      {"rubrik": rubrik, "datum": dag, "sekretess": marking and marking.grund})
            return dnr_text

        return store.run(self.engine, work, write=True)

    def registrera(self, dnr: str, riktning: str, beskrivning: str, motpart: str | None = None,
                   datum: dt.date | dt.datetime | str | None = None, sha256: str | None = None,
                   filnamn: str | None = None, sekretess: str | Sekretess | None = None,
                   vem: str | None = None) -> str:
        """Return the number of a document registered in case ``dnr`` (e.g. ``KS 2026/017-3``).

        ``riktning`` is inkommande, upprattad or utgaende; a received or sent document
        names its sender or recipient in ``motpart`` (5 kap. 2 § OSL). ``datum`` is the day
        it was received or drawn up (default: today). ``sekretess`` marks this document only
        (an offer in a public procurement); the case is marked with ``sekretessmarkera``.
        """
        riktning = _direction(riktning)
        beskrivning = _required(beskrivning, "beskrivning", "ange kort vad handlingen gäller")
        motpart = _plain((motpart or "").strip() or None, "motpart")
        if riktning in ("inkommande", "utgaende") and not motpart:
            vem_text = "avsändare" if riktning == "inkommande" else "mottagare"
            raise DiariumError(f"en {RIKTNINGAR[riktning].lower()} handling behöver {vem_text} "
                               f"(5 kap. 2 § OSL) – ange motpart")
        if sha256 is not None and (len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256.lower())):
            raise DiariumError(f"'{sha256}' är ingen SHA-256-summa – den ska vara 64 hexadecimala tecken")
        _plain(filnamn, "filnamn")
        dag = self._dag(datum)
        who = vem or default_user()
        wanted = self._numbers(dnr)

        def work(conn: Connection) -> str:
            row = _find(conn, wanted, dnr)
            return self._add_document(conn, row, riktning, beskrivning, motpart, dag, sha256 and sha256.lower(),
                                      filnamn, sekretess, who)

        return store.run(self.engine, work, write=True)

    def registrera_fil(self, dnr: str, path: Path | str, beskrivning: str, riktning: str = "upprattad",
                       motpart: str | None = None, vem: str | None = None,
                       sekretess: str | Sekretess | None = None, maskera: list[str] | None = None,
                       datum: dt.date | dt.datetime | str | None = None) -> str:
        """Return the number of the document recording file ``path`` in case ``dnr``, with its SHA-256.

        Registering the same file content in the same case again returns the number it got
        the first time (a build run twice registers once). ``datum`` is the day it was drawn up
        (default: today).

        ``sekretess`` is the case's marking (the case file's ``sekretess.grund``) and
        ``maskera`` what its ``sekretess.maskera`` lists (rubrik, sammanfattning, arendet,
        motpart; default rubrik). It marks the case and every document already in it that is
        not marked, each change logged, also when this file was registered before unmarked:
        the public listing then never shows the classified subject, whatever came first.
        """
        path = Path(path)
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            raise DiariumError(f"{path}: kan inte läsas ({exc.strerror}) – kontrollera sökvägen") from None
        riktning = _direction(riktning)
        beskrivning = _required(beskrivning, "beskrivning", "ange kort vad handlingen gäller")
        motpart = _plain((motpart or "").strip() or None, "motpart")
        _plain(path.name, "filnamn")
        who = vem or default_user()
        wanted = self._numbers(dnr)
        dag = self._dag(datum)
        marking = _case_marking(sekretess, maskera)

        def work(conn: Connection) -> str:
            row = _find(conn, wanted, dnr)
            done = conn.execute(select(handling.c.nr).where(
                handling.c.arende_id == row.id, handling.c.sha256 == digest,
                handling.c.makulerad_orsak.is_(None)).order_by(handling.c.nr)).first()
            if done is not None:
                number = self._document_number(row, done.nr)
            else:
                number = self._add_document(conn, row, riktning, beskrivning, motpart, dag, digest,
                                            path.name, marking, who)
            if marking is not None:
                self._mark_case_and_documents(conn, row, marking, dag, who, number)
            return number

        return store.run(self.engine, work, write=True)

    def avsluta(self, dnr: str, datum: dt.date | str | None = None, vem: str | None = None) -> None:
        """Close case ``dnr``; registering in it again needs ``ateroppna``."""
        dag = self._dag(datum)
        self._set_status(dnr, "avslutat", vem, {"avslutad": dag}, {"oppet"})

    def ateroppna(self, dnr: str, vem: str | None = None) -> None:
        """Reopen closed case ``dnr``."""
        self._set_status(dnr, "oppet", vem, {"avslutad": None}, {"avslutat"})

    def makulera(self, dnr: str, orsak: str, handling_nr: int | None = None, vem: str | None = None) -> None:
        """Void case ``dnr`` or one of its documents (``KS 2026/017-3`` or ``handling_nr``).

        The entry and its number stay in the register, marked void with ``orsak``.
        """
        orsak = _required(orsak, "orsak", "ange varför posten makuleras")
        who = vem or default_user()
        wanted = self._numbers(dnr)

        def work(conn: Connection) -> None:
            row = _find(conn, wanted, dnr)
            nr = handling_nr if handling_nr is not None else next((d.handling for d in wanted if d.handling), None)
            if nr is None:
                if row.status == "makulerat":
                    raise DiariumError(f"{row.dnr} är redan makulerat")
                conn.execute(arende.update().where(arende.c.id == row.id)
                             .values(status="makulerat", makulerad_orsak=orsak))
                self._log(conn, who, "makulera", row.dnr, {"orsak": orsak})
                return
            doc = conn.execute(select(handling).where(handling.c.arende_id == row.id, handling.c.nr == nr)).first()
            if doc is None:
                raise OkantDiarienummer(f"{row.dnr} har ingen handling {nr} – se 'kanslist diarium visa {row.dnr}'")
            if doc.makulerad_orsak is not None:
                raise DiariumError(f"{self._document_number(row, nr)} är redan makulerad")
            conn.execute(handling.update().where(handling.c.id == doc.id).values(makulerad_orsak=orsak))
            self._log(conn, who, "makulera", self._document_number(row, nr), {"orsak": orsak})

        store.run(self.engine, work, write=True)

    def sekretessmarkera(self, dnr: str, grund: str, handling_nr: int | None = None,
                         vem: str | None = None) -> None:
        """Mark case ``dnr`` (its subject) or one of its documents as classified under ``grund``."""
        who = vem or default_user()
        wanted = self._numbers(dnr)
        dag = self._dag(None)

        def work(conn: Connection) -> None:
            row = _find(conn, wanted, dnr)
            nr = handling_nr if handling_nr is not None else next((d.handling for d in wanted if d.handling), None)
            if nr is None:
                marking = self._marking(grund, row.serie, dag, MASKERA_ARENDE)
                conn.execute(arende.update().where(arende.c.id == row.id).values(**marking_columns(marking)))
                self._log(conn, who, "sekretessmarkera", row.dnr, {"grund": marking.grund})
                return
            marking = self._marking(grund, row.serie, dag, MASKERA_HANDLING)
            done = conn.execute(handling.update().where(handling.c.arende_id == row.id, handling.c.nr == nr)
                                .values(**marking_columns(marking)))
            if done.rowcount != 1:
                raise OkantDiarienummer(f"{row.dnr} har ingen handling {nr}")
            self._log(conn, who, "sekretessmarkera", self._document_number(row, nr), {"grund": marking.grund})

        store.run(self.engine, work, write=True)

    # -- reading ------------------------------------------------------------------------

    def visa(self, dnr: str) -> Arende:
        """Return case ``dnr`` with all its documents (classified details included)."""
        wanted = self._numbers(dnr)

        def work(conn: Connection) -> Arende:
            return self._arende(conn, _find(conn, wanted, dnr))

        return store.run(self.engine, work, write=False)

    def arenden(self, ar: int | None = None) -> list[Arende]:
        """Return every case (of year ``ar``, or all years) in number order, with documents."""
        return store.run(self.engine, lambda conn: self._arenden(conn, ar), write=False)

    def lista(self, ar: int | None = None) -> list[ListRad]:
        """Return the public listing of year ``ar`` (or all), classified details replaced by their marking."""
        from kanslist.diarium.listing import public_rows
        return public_rows(self.arenden(ar))

    def logg(self, dnr: str | None = None) -> list[Logghandelse]:
        """Return the change log in order, for one number (case and its documents) or all."""
        return store.run(self.engine, lambda conn: self._logg(conn, dnr), write=False)

    def export(self) -> dict:
        """Return the whole register (classified details included), its counters and its log, as one snapshot."""

        def work(conn: Connection) -> dict:
            counters = conn.execute(select(store.nummerserie).order_by(store.nummerserie.c.serie,
                                                                       store.nummerserie.c.ar))
            return {
                "organisation": self.organisation.namn,
                "schemaversion": store._version(conn),
                "exporterad": self._tid(),
                "nummerserier": [dict(serie=r.serie, ar=r.ar, senaste=r.senaste) for r in counters],
                "arenden": [a.as_dict() for a in self._arenden(conn, None)],
                "logg": [e.as_dict() for e in self._logg(conn, None)],
            }

        return store.run(self.engine, work, write=False)

    def _arenden(self, conn: Connection, ar: int | None) -> list[Arende]:
        query = select(arende).order_by(arende.c.ar, arende.c.serie, arende.c.lopnr)
        doc_query = select(handling).order_by(handling.c.arende_id, handling.c.nr)
        if ar is not None:
            query = query.where(arende.c.ar == ar)
            doc_query = doc_query.where(handling.c.arende_id.in_(select(arende.c.id).where(arende.c.ar == ar)))
        rows = conn.execute(query).all()
        docs: dict[int, list] = {}
        for doc in conn.execute(doc_query):
            docs.setdefault(doc.arende_id, []).append(doc)
        return [self._arende(conn, row, docs.get(row.id, [])) for row in rows]

    def _logg(self, conn: Connection, dnr: str | None) -> list[Logghandelse]:
        query = select(logg).order_by(logg.c.id)
        if dnr is not None:
            case = _find(conn, self._numbers(dnr), dnr)
            query = query.where(logg.c.dnr.in_(
                [case.dnr] + [self._document_number(case, n) for n in range(1, case.senaste_handling + 1)]))
        return [Logghandelse(r.tid, r.vem, r.atgard, r.dnr, json.loads(r.uppgifter)) for r in conn.execute(query)]

    # -- helpers ------------------------------------------------------------------------

    def _add_document(self, conn, row, riktning, beskrivning, motpart, dag, sha256, filnamn, sekretess, who) -> str:
        # Locks the case row (PostgreSQL) so two registrars never get the same document number.
        bumped = conn.execute(text(
            "UPDATE arende SET senaste_handling = senaste_handling + 1 WHERE id = :id "
            "RETURNING senaste_handling, status"), {"id": row.id}).one()
        if bumped.status != "oppet":
            hint = (f"öppna det igen med 'kanslist diarium ateroppna {row.dnr}'" if bumped.status == "avslutat"
                    else "registrera handlingen i ett annat ärende")
            raise DiariumError(f"{row.dnr} är {bumped.status} – {hint}")
        marking = self._marking(sekretess, row.serie, dag, MASKERA_HANDLING)
        conn.execute(handling.insert().values(
            arende_id=row.id, nr=bumped.senaste_handling, datum=dag, riktning=riktning, beskrivning=beskrivning,
            motpart=motpart, sha256=sha256, filnamn=filnamn, **marking_columns(marking),
            registrerad_tid=self._tid(), registrerad_av=who))
        number = self._document_number(row, bumped.senaste_handling)
        self._log(conn, who, "registrera", number,
                  {"riktning": riktning, "beskrivning": beskrivning, "motpart": motpart, "datum": dag,
                   "sha256": sha256, "filnamn": filnamn, "sekretess": marking and marking.grund})
        return number

    def _mark_case_and_documents(self, conn: Connection, row, marking: Sekretess, dag: dt.date, who: str,
                                 number: str) -> None:
        """Mark case ``row`` and each of its unmarked documents with the case file's ``marking``, logged.

        A case whose marking lacks a part ``marking`` hides gets that part too: a marking
        is widened here, never narrowed (that is done by hand, with sekretessmarkera).
        """
        current = conn.execute(select(arende).where(arende.c.id == row.id)).one()
        own = marking_from(current)
        if own is None:
            case_mark = self._marking(marking, row.serie, dag, MASKERA_ARENDE)
        else:
            held = own.maskera or MASKERA_ARENDE
            wanted = marking.maskera or MASKERA_ARENDE
            case_mark = replace(own, maskera=tuple(dict.fromkeys((*held, *wanted)))) \
                if set(wanted) - set(held) else None
        if case_mark is not None:
            conn.execute(arende.update().where(arende.c.id == row.id).values(**marking_columns(case_mark)))
            self._log(conn, who, "sekretessmarkera", row.dnr,
                      {"grund": case_mark.grund, "maskera": list(case_mark.maskera), "genom": number})
        doc_mark = self._marking(marking, row.serie, dag, MASKERA_HANDLING)
        unmarked = conn.execute(select(handling.c.id, handling.c.nr).where(
            handling.c.arende_id == row.id, handling.c.sekretess_grund.is_(None)).order_by(handling.c.nr)).all()
        for doc in unmarked:
            conn.execute(handling.update().where(handling.c.id == doc.id).values(**marking_columns(doc_mark)))
            self._log(conn, who, "sekretessmarkera", self._document_number(row, doc.nr),
                      {"grund": doc_mark.grund, "maskera": list(doc_mark.maskera), "genom": number})

    def _set_status(self, dnr: str, status: str, vem: str | None, values: dict, allowed: set[str]) -> None:
        who = vem or default_user()
        wanted = self._numbers(dnr)

        def work(conn: Connection) -> None:
            row = _find(conn, wanted, dnr)
            if row.status not in allowed:
                raise DiariumError(_STATUS_REFUSED[(status, row.status)].format(dnr=row.dnr))
            conn.execute(arende.update().where(arende.c.id == row.id).values(status=status, **values))
            self._log(conn, who, {"avslutat": "avsluta", "oppet": "ateroppna"}[status], row.dnr, values)

        store.run(self.engine, work, write=True)

    def _arende(self, conn: Connection, row, docs=None) -> Arende:
        if docs is None:
            docs = conn.execute(select(handling).where(handling.c.arende_id == row.id).order_by(handling.c.nr)).all()
        return Arende(
            dnr=row.dnr, nummer=Dnr(row.serie, row.ar, row.lopnr, row.klass), rubrik=row.rubrik, datum=row.datum,
            status=row.status, avslutad=row.avslutad, makulerad_orsak=row.makulerad_orsak,
            sekretess=marking_from(row), registrerad_tid=row.registrerad_tid, registrerad_av=row.registrerad_av,
            handlingar=tuple(Handling(
                nr=d.nr, dnr=self._document_number(row, d.nr), datum=d.datum, riktning=d.riktning,
                beskrivning=d.beskrivning, motpart=d.motpart, sekretess=marking_from(d),
                makulerad_orsak=d.makulerad_orsak, sha256=d.sha256, filnamn=d.filnamn,
                registrerad_tid=d.registrerad_tid, registrerad_av=d.registrerad_av) for d in docs))

    def _document_number(self, row, nr: int) -> str:
        """Return a document's number: by the pattern where it has {handling}, else 'KS 2026/017, handling 3'."""
        pattern = self.patterns.get(row.serie)
        if pattern is not None and pattern.has("handling"):
            return pattern.format(Dnr(row.serie, row.ar, row.lopnr, row.klass, nr))
        return f"{row.dnr}, handling {nr}"

    def _serie(self, serie: str) -> str:
        known = sorted(self.patterns)
        if not known:
            raise OkandSerie("organisationen har inga diarieserier – ge en enhet 'serie: KS' i data/organisation.yaml")
        for name in known:
            if name == serie or name.upper() == str(serie).strip().upper():
                return name
        raise OkandSerie(f"serien '{serie}' finns inte – kända serier: {', '.join(known)}")

    def _numbers(self, text_: str) -> list[Dnr]:
        """Return what ``text_`` can mean as a number, series written as configured."""
        found: list[Dnr] = []
        unknown = None
        for serie, pattern in self.patterns.items():
            parsed = pattern.parse(text_ or "")
            if parsed is None:
                continue
            if parsed.serie is None:
                found.append(replace(parsed, serie=serie))
            elif parsed.serie.upper() == serie.upper():
                found.append(replace(parsed, serie=serie))
            else:
                unknown = parsed.serie
        if found:
            return found
        if unknown is not None:
            raise OkandSerie(f"serien '{unknown}' i {text_} finns inte – kända serier: {', '.join(sorted(self.patterns))}")
        raise OkantDiarienummer(f"'{text_}' är inget diarienummer – skriv det som {self._example()}")

    def _example(self) -> str:
        serie = sorted(self.patterns)[0] if self.patterns else "KS"
        pattern = self.patterns.get(serie) or DnrPattern(self.organisation.diarienummer)
        return pattern.example(serie, self._dag(None).year)

    def _dag(self, datum) -> dt.date:
        """Return the Swedish calendar day of ``datum`` (default: now); refuse days in the future."""
        today = self.clock().astimezone(SVENSK_TID).date()
        if datum is None:
            return today
        if isinstance(datum, str):
            try:
                datum = dt.datetime.fromisoformat(datum.strip()) if "T" in datum or " " in datum.strip() \
                    else dt.date.fromisoformat(datum.strip())
            except ValueError:
                raise DiariumError(f"'{datum}' är inget datum – skriv det som ÅÅÅÅ-MM-DD") from None
        if isinstance(datum, dt.datetime):
            # a time without zone is taken as Swedish time, as a registrar would read it
            datum = datum.replace(tzinfo=SVENSK_TID) if datum.tzinfo is None else datum.astimezone(SVENSK_TID)
            datum = datum.date()
        if datum > today:
            raise DiariumError(f"datumet {datum.isoformat()} ligger i framtiden – ange dagen då handlingen "
                               "kom in eller upprättades")
        return datum

    def _marking(self, sekretess, serie: str, dag: dt.date, default_mask: tuple[str, ...]) -> Sekretess | None:
        if sekretess is None or sekretess == "":
            return None
        if isinstance(sekretess, str):
            sekretess = Sekretess(grund=sekretess)
        grund = _grund(sekretess.grund)
        _plain(sekretess.myndighet, "myndighet")
        allowed = MASKERA_ARENDEFIL if default_mask is MASKERA_ARENDE else MASKERA_HANDLING_TILLATNA
        for part in sekretess.maskera:
            if part not in allowed:
                raise DiariumError(f"'{part}' kan inte maskeras här – välj bland: {', '.join(allowed)}")
        # 5 kap. 5 § OSL: the marking states the provision, the date and the authority
        owner = self.organisation.enheter.get(self.organisation.series().get(serie, ""))
        return Sekretess(grund=grund, datum=sekretess.datum or dag,
                         myndighet=sekretess.myndighet or (owner.namn if owner else self.organisation.namn),
                         maskera=tuple(sekretess.maskera) or default_mask)

    def _tid(self) -> str:
        return self.clock().astimezone(dt.timezone.utc).isoformat(timespec="microseconds")

    def _log(self, conn: Connection, who: str, what: str, dnr: str | None, details: dict) -> None:
        conn.execute(logg.insert().values(tid=self._tid(), vem=who, atgard=what, dnr=dnr,
                                          uppgifter=to_json(details)))


# Why a status change is refused (wanted status, present status), said as the register says it.
_STATUS_REFUSED = {
    ("avslutat", "avslutat"): "{dnr} är redan avslutat",
    ("avslutat", "makulerat"): "{dnr} är makulerat – ett makulerat ärende kan inte avslutas",
    ("oppet", "oppet"): "{dnr} är redan öppet – bara ett avslutat ärende kan öppnas igen",
    ("oppet", "makulerat"): "{dnr} är makulerat – ett makulerat ärende kan inte öppnas igen",
}


def _allocate(conn: Connection, serie: str, ar: int) -> int:
    """Return the next number of ``serie`` and ``ar``, counted in this transaction.

    The upsert locks the counter row until commit (PostgreSQL) or runs under the write
    lock (SQLite), so concurrent registrars queue here; a rollback returns the number.
    """
    return conn.execute(text(
        "INSERT INTO nummerserie (serie, ar, senaste) VALUES (:serie, :ar, 1) "
        "ON CONFLICT (serie, ar) DO UPDATE SET senaste = nummerserie.senaste + 1 "
        "RETURNING senaste"), {"serie": serie, "ar": ar}).scalar_one()


def _raise_counter(conn: Connection, serie: str, ar: int, lopnr: int) -> None:
    """Raise the counter of ``serie`` and ``ar`` to ``lopnr`` when it is lower (a case entered with its number)."""
    conn.execute(text(
        "INSERT INTO nummerserie (serie, ar, senaste) VALUES (:serie, :ar, :lopnr) "
        "ON CONFLICT (serie, ar) DO UPDATE SET senaste = CASE WHEN nummerserie.senaste < excluded.senaste "
        "THEN excluded.senaste ELSE nummerserie.senaste END"), {"serie": serie, "ar": ar, "lopnr": lopnr})


def _find(conn: Connection, wanted: list[Dnr], written: str):
    """Return the case row of the first of ``wanted`` in the register; raise OkantDiarienummer."""
    for dnr in wanted:
        row = conn.execute(select(arende).where(
            arende.c.serie == dnr.serie, arende.c.ar == dnr.ar, arende.c.lopnr == dnr.lopnr)).first()
        if row is not None:
            return row
    raise OkantDiarienummer(f"{written.strip()} finns inte i diariet – se 'kanslist diarium lista'")


def _required(value: str | None, name: str, hint: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DiariumError(f"{name} saknas – {hint}")
    return _plain(value, name)


def _plain(value: str | None, name: str) -> str | None:
    """Return ``value``; refuse text with bidirectional controls (it would read otherwise than stored)."""
    try:
        return check_text(value, name)
    except ValueError as exc:
        raise DiariumError(str(exc)) from None


def _grund(value: str) -> str:
    try:
        return check_grund(value)
    except OgiltigGrund as exc:
        raise DiariumError(str(exc)) from None


def _case_marking(sekretess: str | Sekretess | None, maskera: list[str] | None) -> Sekretess | None:
    """Return the case file's marking with what its ``maskera`` lists; None without a ground."""
    if sekretess is None or sekretess == "":
        return None  # nothing to mask without a ground: maskera alone marks nothing
    marking = Sekretess(grund=sekretess) if isinstance(sekretess, str) else sekretess
    marking = replace(marking, grund=_grund(marking.grund))
    if maskera:
        for part in maskera:
            if part not in MASKERA_ARENDEFIL:
                raise DiariumError(f"sekretess.maskera: '{part}' finns inte – välj bland: "
                                   f"{', '.join(MASKERA_ARENDEFIL)}")
        marking = replace(marking, maskera=tuple(dict.fromkeys(maskera)))
    return marking


def _direction(value: str) -> str:
    try:
        return riktning_av(value)
    except ValueError as exc:
        raise DiariumError(str(exc)) from None
