"""The command line: a thin shell over the library; every command is one library call."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path

import click

from kanslist import __version__
from kanslist.cli import sv as cli_sv
from kanslist.errors import InvalidInput, KanslistError
from kanslist.processes import stop_on_signals
from kanslist.workspace import Workspace


cli_sv.install()

# Commands in modules of their own, imported only when used: `bygg` starts without them.
LAZY_COMMANDS = {
    "diarium": ("kanslist.cli.diarium", "diarium"),
    "samla": ("kanslist.samla", "samla_command"),
    "importera": ("kanslist.importera.run", "importera_command"),
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
        except KanslistError as exc:
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            click.echo(str(exc), err=True)
            ctx.exit(1)


def workspace(ctx: click.Context) -> Workspace:
    """Return the workspace named by -C, or the one at the current folder."""
    root = ctx.find_root().obj["root"]
    return Workspace.find(root)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]},
             options_metavar="[FLAGGOR]", subcommand_metavar="KOMMANDO [ARG]...")
@click.option("-C", "root", type=click.Path(file_okay=False, path_type=Path), default=".",
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
def init(folder: Path) -> None:
    """Skapa en ny arbetsyta med mallar, data och ett exempelärende."""
    from kanslist.init import init_workspace

    created = init_workspace(folder)
    click.echo(f"Arbetsytan {folder} skapades ({len(created)} filer). Bygg exemplet med: kanslist -C {folder} bygg")


@main.command()
@click.argument("typ", metavar="TYP", type=click.Choice(["tjansteskrivelse", "revisionssvar", "motionssvar", "aterrapport", "styrdokument"]))
@click.option("--rubrik", default=None, help="Ärendets rubrik.")
@click.option("--registrera", is_flag=True, help="Ta nästa diarienummer ur diariet.")
@click.pass_context
def ny(ctx: click.Context, typ: str, rubrik: str | None, registrera: bool) -> None:
    """Skapa en ny ärendefil från en mall."""
    from kanslist.init import new_case

    path = new_case(workspace(ctx), typ, rubrik, registrera=registrera)
    click.echo(str(path))


@main.command()
@click.argument("files", nargs=-1, metavar="[FIL]...", type=click.Path(path_type=Path))
@click.option("--pdf", is_flag=True, help="Skriv även PDF/A bredvid varje dokument.")
@click.option("--jobb", type=click.IntRange(1, 64), default=None, help="Antal parallella processer (standard: antal kärnor).")
@click.option("--tvinga", is_flag=True, help="Bygg om allt, även det som inte ändrats.")
@click.option("--tyst", is_flag=True, help="Skriv bara ut fel.")
@click.option("--registrera", is_flag=True, help="Registrera varje skapad handling i diariet.")
@click.pass_context
@stop_on_signals()  # SIGTERM/SIGHUP: LibreOffice and the workers stopped, profiles tidied, then exit
def bygg(ctx: click.Context, files: tuple[Path, ...], pdf: bool, jobb: int | None, tvinga: bool, tyst: bool,
         registrera: bool) -> None:
    """Bygg ärendena under arenden/ (eller de namngivna) till build/."""
    from kanslist.pipeline.build import build
    from kanslist.cli.progress import Progress

    ws = workspace(ctx)
    total = len(files) or len(ws.case_files())
    with Progress(total, quiet=tyst) as progress:
        report = build(ws, list(files) or None, force=tvinga, jobs=jobb, progress=progress.step)
    for result in report.results:
        for problem in result.problems:
            click.echo(str(problem), err=True)
        if result.message:
            click.echo(result.message, err=True)
    if not tyst or not report.ok:
        click.echo(report.summary(), err=not report.ok)
    # The Word files are written: a missing LibreOffice or register stops only this step.
    if pdf or registrera:
        from kanslist.pipeline.publish import publish

        publish(ws, report, pdf=pdf, registrera=registrera, quiet=tyst)
    if not report.ok:
        ctx.exit(1)


@main.command()
@click.argument("files", nargs=-1, metavar="[FIL]...", type=click.Path(path_type=Path))
@click.option("--strikt", is_flag=True, help="Behandla varningar som fel.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def granska(ctx: click.Context, files: tuple[Path, ...], strikt: bool, fmt: str) -> None:
    """Granska ärenden utan att bygga: fullständighet, samstämmighet, hänvisningar, språk."""
    from kanslist.granska.run import granska as run

    ws = workspace(ctx)
    problems = run(ws, list(files) or None)
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
def schema() -> None:
    """Skriv ut JSON Schema för ärendefilerna (för editorer)."""
    from kanslist.kinds import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
