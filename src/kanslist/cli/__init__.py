"""The command line: a thin shell over the library; every command is one library call."""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import os
import sys
from pathlib import Path

# The command, not a test or the web app importing this.
_COMMAND = Path((sys.argv or [""])[0]).name == "kanslist"
if _COMMAND:
    # The imports make some hundred thousand objects that live as long as the command: the
    # collector, run while they are made and at exit over all of them, took a tenth of a second
    # of every `kanslist granska`. They are collected never (gc.freeze below); what the command
    # itself makes, as ever.
    _collecting = gc.isenabled()
    gc.disable()
    # kanslist uses no pydantic plugin; looking for them reads every installed package's entry points.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from kanslist.granska import forhand

    forhand.start(sys.argv[1:])  # `granska FIL` with new words: the dictionary loads while the rest imports

import click

from kanslist import __version__, api
from kanslist.cli import sv as cli_sv
from kanslist.processes import stop_on_signals


cli_sv.install()

# Commands in modules of their own, imported only when used: `bygg` starts without them.
LAZY_COMMANDS = {
    "diarium": ("kanslist.cli.diarium", "diarium"),
}


class _Group(click.Group):
    """Turns our one base error into a Swedish message and exit status 1; tracebacks only with -v."""

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx, name):
        if name in LAZY_COMMANDS and name not in self.commands:
            import importlib

            module, attribute = LAZY_COMMANDS[name]
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        command = super().get_command(ctx, name)
        if command is not None:
            cli_sv.localise(command)
        return command

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except api.KanslistError as exc:
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            click.echo(str(exc), err=True)
            ctx.exit(1)


def workspace(ctx: click.Context) -> api.Workspace:
    """Return the workspace named by -C, or the one at the current folder."""
    return api.open_workspace(root_of(ctx))


def root_of(ctx: click.Context) -> Path:
    """Return the folder given with -C (the current folder without it)."""
    obj = ctx.find_root().obj or {}
    return Path(obj.get("root") or ".")


def in_root(ctx: click.Context, path: Path) -> Path:
    """Return ``path`` as the user meant it: relative to the folder of -C, as with git and make."""
    return path if path.is_absolute() else root_of(ctx) / path


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]},
             options_metavar="[FLAGGOR]", subcommand_metavar="KOMMANDO [ARG]...")
@click.option("-C", "root", type=click.Path(file_okay=False, path_type=Path), default=".", metavar="MAPP",
              help="Arbetsytans mapp (som git -C).")
@click.option("-v", "--verbose", is_flag=True, help="Visa tekniska detaljer vid fel.")
@click.version_option(__version__, prog_name="kanslist", help="Visa versionen.")
@click.pass_context
def main(ctx: click.Context, root: Path, verbose: bool) -> None:
    """kanslist – ärendehandlingar från YAML till Word och PDF/A."""
    ctx.obj = {"root": root, "verbose": verbose}
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(message)s")


@main.command()
@click.argument("folder", metavar="MAPP", type=click.Path(path_type=Path))
@click.option("--med-mallar", is_flag=True,
              help="Kopiera standardmallarna till mallar/ för att formge om dem i Word.")
@click.pass_context
def init(ctx: click.Context, folder: Path, med_mallar: bool) -> None:
    """Skapa en ny arbetsyta med data och ett exempelärende.

    Standardmallarna används tills arbetsytan har egna i mallar/ (med samma namn).
    """
    created = api.new_workspace(in_root(ctx, folder), templates=med_mallar)
    click.echo(f"Arbetsytan {folder} skapades ({len(created)} filer). Bygg exemplet med: kanslist -C {folder} bygg")


@main.command()
@click.argument("typ", metavar="TYP", type=click.Choice(list(api.KINDS)))
@click.option("--rubrik", default=None, help="Ärendets rubrik.")
@click.option("--registrera", is_flag=True, help="Ta nästa diarienummer ur diariet.")
@click.option("--dnr", default=None, metavar="DNR",
              help="Med --registrera: lägg handlingen i detta redan registrerade ärende i stället för ett nytt.")
@click.pass_context
def ny(ctx: click.Context, typ: str, rubrik: str | None, registrera: bool, dnr: str | None) -> None:
    """Skapa en ny ärendefil från en mall."""
    path = api.new_case(workspace(ctx), typ, rubrik, registrera=registrera, dnr=dnr)
    click.echo(str(path))


ny.help = ("Skapa en ny ärendefil från en mall.\n\nTYP är "
           + ", ".join(f"{kind.typ} ({kind.title})" for kind in api.KINDS.values()) + ".")


@main.command()
@click.argument("files", nargs=-1, metavar="[FIL]...", type=click.Path(path_type=Path))
@click.option("--pdf", is_flag=True, help="Skriv även PDF/A bredvid varje dokument.")
@click.option("--jobb", type=click.IntRange(1, 64), default=None, metavar="ANTAL",
              help="Antal parallella processer, 1–64 (standard: antal kärnor).")
@click.option("--tvinga", is_flag=True, help="Bygg om allt, även det som inte ändrats.")
@click.option("--tyst", is_flag=True, help="Skriv bara ut fel.")
@click.option("--registrera", is_flag=True, help="Registrera varje skapad handling i diariet.")
@click.option("--strikt", is_flag=True, help="Bygg ingenting om granska hittar fel i något ärende.")
@click.pass_context
@stop_on_signals()  # SIGTERM/SIGHUP: LibreOffice and the workers stopped, profiles tidied, then exit
def bygg(ctx: click.Context, files: tuple[Path, ...], pdf: bool, jobb: int | None, tvinga: bool, tyst: bool,
         registrera: bool, strikt: bool) -> None:
    """Bygg ärendena under arenden/ (eller de namngivna) till build/."""
    from kanslist.cli.progress import Progress

    ws = workspace(ctx)
    paths = ws.expand(files, base=root_of(ctx)) if files else ws.case_files()
    verbose = bool((ctx.find_root().obj or {}).get("verbose"))
    with Progress(len(paths), quiet=tyst) as progress:
        report = api.build(ws, paths or None, force=tvinga, jobs=jobb, progress=progress.step, strict=strikt) \
            if paths or not files else api.BuildReport([])
    for result in report.results:
        for problem in result.problems:
            click.echo(str(problem), err=True)
        if result.message:
            click.echo(result.message, err=True)
        if verbose and result.detail:
            click.echo(result.detail, err=True)
    for problem in report.review:  # written all the same; --strikt refuses them
        click.echo(str(problem), err=True)
    if not tyst or not report.ok:
        click.echo(report.summary(), err=not report.ok)
    # The Word files are written: a missing LibreOffice or register stops only this step.
    if pdf or registrera:
        api.publish(ws, report, pdf=pdf, registrera=registrera,
                    on_step=None if tyst else (lambda line: click.echo(line, err=True)))
    if not report.ok:
        ctx.exit(1)


@main.command()
@click.argument("files", nargs=-1, metavar="[FIL]...", type=click.Path(path_type=Path))
@click.option("--strikt", is_flag=True, help="Behandla varningar som fel.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def granska(ctx: click.Context, files: tuple[Path, ...], strikt: bool, fmt: str) -> None:
    """Granska ärenden utan att bygga: fullständighet, samstämmighet, hänvisningar, språk."""
    ws = workspace(ctx)
    problems = api.check(ws, ws.expand(files, base=root_of(ctx)) if files else None)
    errors = [p for p in problems if p.severity == "fel" or strikt]
    if fmt == "json":
        click.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            click.echo(str(problem))
        click.echo(f"{len(errors)} fel, {len(problems) - len(errors)} varningar", err=True)
    if errors:
        ctx.exit(1)


@main.command()
@click.option("--organisation", is_flag=True, help="Schemat för data/organisation.yaml i stället, med husstilen.")
def schema(organisation: bool) -> None:
    """Skriv ut JSON Schema för ärendefilerna (för editorer)."""
    from kanslist.organisation import json_schema as organisation_schema
    click.echo(json.dumps(organisation_schema() if organisation else api.json_schema(), ensure_ascii=False, indent=2))


@main.command("samla")
@click.argument("files", nargs=-1, required=True, metavar="FIL...", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--ut", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Den samlade svarsfilen (.docx).")
@click.option("--pdf", is_flag=True, help="Skriv även PDF/A bredvid.")
@click.option("--tvinga", is_flag=True, help="Samla även svar som granska hittar fel i.")
@click.pass_context
def samla(ctx: click.Context, files: tuple[Path, ...], output: Path, pdf: bool, tvinga: bool) -> None:
    """Samla flera instansers svar på samma granskning till ett svar till revisorerna."""
    written = api.consolidate(workspace(ctx), [in_root(ctx, f) for f in files], in_root(ctx, output), pdf=pdf,
                              force=tvinga)
    for path in written:
        click.echo(str(path))


@main.command("importera")
@click.argument("fil", metavar="FIL", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "ut", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Skriv utkastet hit (t.ex. arenden/NAMN.yaml, för ett protokoll sammantraden/NAMN.yaml) "
                   "i stället för till standard ut.")
@click.option("--tvinga", is_flag=True, help="Skriv över filen om den redan finns.")
@click.pass_context
def importera(ctx: click.Context, fil: Path, ut: Path | None, tvinga: bool) -> None:
    """Läs en befintlig handling (.docx eller text) och skriv ett utkast till ärendefil.

    Ett protokoll eller protokollsutdrag blir ett utkast till sammanträdesfil.
    """
    fil = in_root(ctx, fil)
    if not fil.is_file():
        raise api.KanslistError(f"{fil}: filen finns inte – kontrollera namnet")
    try:
        ws = workspace(ctx)
    except api.NotAWorkspace:
        ws = None  # without a workspace, names stay text
    text = api.import_paper(fil, ws)
    if ut is None:
        click.echo(text, nl=False)
        return
    written = api.write_draft(in_root(ctx, ut), text, replace=tvinga)
    click.echo(f"skrev {written}" + (" – fyll i det som står som SAKNAS" if "SAKNAS" in text else ""), err=True)


@main.command("motioner")
@click.option("--per", "per", default=None, metavar="DATUM",
              help="Redovisa läget detta datum (ÅÅÅÅ-MM-DD); standard i dag.")
@click.option("-o", "--ut", "output", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Rapportens fil (.docx); en .xlsx skrivs bredvid. Standard build/motioner/.")
@click.pass_context
def motioner(ctx: click.Context, per: str | None, output: Path | None) -> None:
    """Redovisa motioner som inte har beslutats (5 kap. 35 § kommunallagen) som Word och Excel."""
    from kanslist.sammantrade.motioner import write_report

    try:
        day = dt.date.fromisoformat(per) if per else dt.date.today()
    except ValueError:
        raise click.BadParameter(f"'{per}' är inget datum – skriv ÅÅÅÅ-MM-DD, t.ex. 2026-12-01",
                                 param_hint="--per") from None
    for path in write_report(workspace(ctx), day, in_root(ctx, output) if output else None):
        click.echo(str(path))


@main.command("webb")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Porten att lyssna på.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Adressen att lyssna på; bara den här datorn om inget annat anges.")
@click.option("--lita-pa-huvud", "trust_header", default=None, metavar="HUVUD",
              help="Lita på att en omvänd proxy med inloggning (SSO) anger användaren i detta huvud, "
                   "t.ex. X-Remote-User. Använd bara bakom en sådan proxy.")
@click.pass_context
def webb(ctx: click.Context, port: int, host: str, trust_header: str | None) -> None:
    """Starta webbappen: ärenden, formulär, förhandsvisning, bygge och diariet i webbläsaren."""
    from kanslist.webb.app import serve

    ws = workspace(ctx)
    click.echo(f"kanslist webb: http://{host}:{port}/ – avsluta med Ctrl+C", err=True)
    serve(ws.root, host=host, port=port, trust_header=trust_header)


@main.group("anvandare")
def anvandare() -> None:
    """Webbappens användare: skapa, byt lösenord, ta bort, lista."""


def _password(losenord_fil: Path | None) -> str:
    if losenord_fil is not None:
        try:
            return losenord_fil.read_text(encoding="utf-8").strip("\r\n")
        except OSError as exc:
            raise api.KanslistError(f"{losenord_fil}: kan inte läsas ({exc.strerror}) – kontrollera sökvägen") from None
    return click.prompt("Lösenord", hide_input=True, confirmation_prompt="Upprepa lösenordet")


@anvandare.command("ny")
@click.argument("namn", metavar="NAMN")
@click.option("--roll", "roller", multiple=True, required=True, metavar="ROLL",
              help="handläggare, registrator eller läsare (kan anges flera gånger).")
@click.option("--losenord-fil", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Läs lösenordet ur filen i stället för att fråga.")
@click.pass_context
def anvandare_ny(ctx: click.Context, namn: str, roller: tuple[str, ...], losenord_fil: Path | None) -> None:
    """Skapa en användare med roll och lösenord."""
    from kanslist.webb.auth import UserStore, role_key

    store = UserStore(workspace(ctx).data_dir)
    for roll in roller:  # refuse a wrong role before asking for a password
        role_key(roll)
    user = store.add(namn, list(roller), _password(losenord_fil and in_root(ctx, losenord_fil)))
    click.echo(f"skapade {user.name} ({user.role_text})", err=True)


@anvandare.command("losenord")
@click.argument("namn", metavar="NAMN")
@click.option("--losenord-fil", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Läs lösenordet ur filen i stället för att fråga.")
@click.pass_context
def anvandare_losenord(ctx: click.Context, namn: str, losenord_fil: Path | None) -> None:
    """Byt lösenord för en användare."""
    from kanslist.webb.auth import AuthError, UserStore

    store = UserStore(workspace(ctx).data_dir)
    user = store.get(namn)
    if user is None:
        raise AuthError(f"användaren {namn} finns inte – se 'kanslist anvandare lista'")
    store.add(namn, list(user.roles), _password(losenord_fil and in_root(ctx, losenord_fil)), replace=True)
    click.echo(f"bytte lösenord för {namn}", err=True)


@anvandare.command("bort")
@click.argument("namn", metavar="NAMN")
@click.pass_context
def anvandare_bort(ctx: click.Context, namn: str) -> None:
    """Ta bort en användare."""
    from kanslist.webb.auth import UserStore

    UserStore(workspace(ctx).data_dir).remove(namn)
    click.echo(f"tog bort {namn}", err=True)


@anvandare.command("lista")
@click.pass_context
def anvandare_lista(ctx: click.Context) -> None:
    """Lista användarna och deras roller."""
    from kanslist.webb.auth import UserStore

    store = UserStore(workspace(ctx).data_dir)
    for name in store.names():
        user = store.get(name)
        click.echo(f"{name}\t{user.role_text if user else '(ingen giltig roll)'}")


if _COMMAND:
    gc.freeze()
    if _collecting:
        gc.enable()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
