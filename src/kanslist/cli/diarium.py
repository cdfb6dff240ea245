"""`kanslist diarium ...`: a thin shell over the Diarium API."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import click

from kanslist.cli import workspace as main_workspace
from kanslist.diarium.listing import case_text, export_csv, to_csv, to_html
from kanslist.diarium.poster import to_json
from kanslist.diarium.register import Diarium


def _command(func):
    """Open the workspace's register for the command and close it after.

    Errors go to the main command, the one place that shows them (a traceback with -v) and
    maps them to exit status 1.
    """

    @functools.wraps(func)
    @click.pass_context
    def wrapper(ctx: click.Context, *args, **kwargs):
        workspace = main_workspace(ctx)
        with Diarium.open(workspace.diarium_url(), workspace.organisation) as opened:
            return func(opened, *args, **kwargs)

    return wrapper


_vem = click.option("--vem", metavar="NAMN", envvar="KANSLIST_VEM",
                    help="vem som gör ändringen (loggas); standard är inloggad användare")


@click.group()
def diarium() -> None:
    """Diariet: diarienummer, registrerade handlingar och den offentliga listan."""


@diarium.command()
@click.option("--serie", help="diarieserie, t.ex. KS")
@click.option("--dnr", "dnr", metavar="DNR",
              help="för in ett ärende som redan har ett nummer (ur ett tidigare diarium), t.ex. 'KS 2026/017'")
@click.option("--rubrik", required=True, help="ärendemening: kort vad ärendet gäller")
@click.option("--datum", metavar="ÅÅÅÅ-MM-DD", help="registreringsdag (standard i dag); avgör årtalet")
@click.option("--sekretess", metavar="BESTÄMMELSE",
              help="sekretessmarkera ärendemeningen; kapitel och paragraf i OSL, t.ex. '26 kap. 1 § OSL'")
@click.option("--klass", help="klassificering enligt informationshanteringsplanen")
@_vem
@_command
def nytt(diarium: Diarium, serie, dnr, rubrik, datum, sekretess, klass, vem) -> None:
    """Nytt ärende med nästa nummer i serien; skriver ut diarienumret.

    Med --dnr förs ett ärende in med det nummer det redan har, t.ex. när diariet flyttas
    från ett tidigare diarium; nya nummer i serien tas sedan efter det högsta.
    """
    if dnr is None and serie is None:
        raise click.UsageError("ange --serie för ett nytt nummer, eller --dnr för ett ärende som redan har ett nummer")
    if dnr is not None:
        if serie is not None or klass is not None:
            raise click.UsageError("--dnr ger redan serien och klassificeringen – ange inte --serie eller --klass med --dnr")
        click.echo(diarium.befintligt_arende(dnr, rubrik, datum=datum, sekretess=sekretess, vem=vem))
        return
    click.echo(diarium.nytt_arende(serie, rubrik, datum=datum, sekretess=sekretess, klass=klass, vem=vem))


@diarium.command()
@click.argument("dnr", metavar="DNR")
@click.option("--riktning", required=True, type=click.Choice(["inkommande", "upprattad", "utgaende"]))
@click.option("--beskrivning", required=True, help="kort vad handlingen gäller")
@click.option("--motpart", help="avsändare (inkommande) eller mottagare (utgående)")
@click.option("--datum", metavar="ÅÅÅÅ-MM-DD", help="dagen handlingen kom in eller upprättades (standard i dag)")
@click.option("--fil", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="filen som registreras; dess SHA-256 sparas")
@click.option("--sekretess", metavar="BESTÄMMELSE",
              help="sekretessmarkera bara den här handlingen; kapitel och paragraf i OSL, t.ex. '39 kap. 3 § OSL'")
@_vem
@_command
def registrera(diarium: Diarium, dnr, riktning, beskrivning, motpart, datum, fil, sekretess, vem) -> None:
    """Registrera en handling i ärendet DNR; skriver ut handlingens nummer."""
    sha256 = hashlib.sha256(fil.read_bytes()).hexdigest() if fil else None
    click.echo(diarium.registrera(dnr, riktning, beskrivning, motpart=motpart, datum=datum, sha256=sha256,
                                  filnamn=fil.name if fil else None, sekretess=sekretess, vem=vem))


@diarium.command()
@click.option("--ar", type=int, metavar="ÅÅÅÅ", help="bara ärenden från detta år")
@click.option("--format", "form", type=click.Choice(["csv", "html"]), default="csv", show_default=True)
@_command
def lista(diarium: Diarium, ar, form) -> None:
    """Den offentliga diarielistan; sekretessmarkerade uppgifter är ersatta."""
    rows = diarium.lista(ar)
    click.echo(to_csv(rows) if form == "csv" else to_html(rows, diarium.organisation.namn, ar), nl=False)


@diarium.command()
@click.argument("dnr", metavar="DNR")
@_command
def visa(diarium: Diarium, dnr) -> None:
    """Ett ärende med alla handlingar (för registratorn: inget maskerat)."""
    click.echo(case_text(diarium.visa(dnr)), nl=False)


@diarium.command()
@click.argument("dnr", metavar="DNR")
@click.option("--datum", metavar="ÅÅÅÅ-MM-DD", help="dagen ärendet avslutas (standard i dag)")
@_vem
@_command
def avsluta(diarium: Diarium, dnr, datum, vem) -> None:
    """Avsluta ärendet DNR."""
    diarium.avsluta(dnr, datum=datum, vem=vem)
    click.echo(f"{dnr} avslutat")


@diarium.command()
@click.argument("dnr", metavar="DNR")
@_vem
@_command
def ateroppna(diarium: Diarium, dnr, vem) -> None:
    """Öppna ett avslutat ärende igen, så att nya handlingar kan registreras i det (loggas)."""
    diarium.ateroppna(dnr, vem=vem)
    click.echo(f"{dnr} öppnat igen")


@diarium.command()
@click.argument("dnr", metavar="DNR")
@click.option("--orsak", required=True, help="varför posten makuleras")
@click.option("--handling", "nr", type=int, help="makulera bara handling nummer N i ärendet")
@_vem
@_command
def makulera(diarium: Diarium, dnr, orsak, nr, vem) -> None:
    """Makulera ett ärende eller en handling; posten och numret finns kvar."""
    diarium.makulera(dnr, orsak, handling_nr=nr, vem=vem)
    click.echo(f"{dnr}{f' handling {nr}' if nr else ''} makulerad")


@diarium.command()
@click.argument("dnr", metavar="DNR")
@click.option("--grund", required=True, metavar="BESTÄMMELSE",
              help="sekretessbestämmelsen: kapitel och paragraf i OSL, t.ex. '26 kap. 1 § OSL'")
@click.option("--handling", "nr", type=int, help="markera bara handling nummer N i ärendet")
@_vem
@_command
def sekretessmarkera(diarium: Diarium, dnr, grund, nr, vem) -> None:
    """Sekretessmarkera ett ärende eller en handling (5 kap. 5 § OSL)."""
    diarium.sekretessmarkera(dnr, grund, handling_nr=nr, vem=vem)
    click.echo(f"{dnr}{f' handling {nr}' if nr else ''} sekretessmarkerad enligt {grund}")


@diarium.command()
@click.option("--format", "form", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@_command
def export(diarium: Diarium, form) -> None:
    """Hela diariet med logg, inget maskerat (JSON eller CSV)."""
    if form == "csv":
        click.echo(export_csv(diarium.arenden()), nl=False)
    else:
        click.echo(json.dumps(diarium.export(), ensure_ascii=False, indent=2))


@diarium.command()
@click.argument("dnr", metavar="[DNR]", required=False)
@_command
def logg(diarium: Diarium, dnr) -> None:
    """Ändringsloggen, för ett ärende eller hela diariet (en JSON-rad per händelse)."""
    for event in diarium.logg(dnr):
        click.echo(to_json(event.as_dict()))


@diarium.command()
@click.argument("ut", metavar="UT.sqlite", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--tvinga", is_flag=True, help="skriv över UT.sqlite om filen redan finns")
@_command
def backup(diarium: Diarium, ut, tvinga) -> None:
    """Säkerhetskopiera diariet till filen UT.sqlite, säkert även medan andra registrerar.

    Kopian tas med SQLites backup-funktion och får med de senaste numren (en vanlig
    filkopia av diarium.sqlite kan sakna dem, de ligger i diarium.sqlite-wal). Den
    kontrolleras och skrivs färdig under ett tillfälligt namn innan den får sitt namn;
    en befintlig fil skrivs bara över med --tvinga. Återställ genom att, när ingen
    använder diariet, lägga kopian som data/diarium.sqlite och ta bort
    diarium.sqlite-wal och diarium.sqlite-shm som hörde till den gamla filen.
    Ett diarium i PostgreSQL säkerhetskopieras med pg_dump.
    """
    count = diarium.backup(ut, tvinga=tvinga)
    noun = "ärende" if count == 1 else "ärenden"
    click.echo(f"{ut}: säkerhetskopia av diariet skriven och kontrollerad ({count} {noun})")
