"""Write the reference pages of docs/ from the code itself: commands, fields, template variables.

`make docs` rewrites docs/kommandon.md, docs/falt.md and docs/mallvariabler.md; a test
fails when they differ from what the code says, so the documentation cannot drift.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import click

from kanslist import api
from kanslist.cli import main
from kanslist.cli import sv as cli_sv
from kanslist.granska.mallar import sample_consolidated_context, sample_context
from kanslist.organisation import Organisation, Person
from kanslist.sammantrade.model import Sammantrade
from kanslist.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLE = ROOT / "src" / "kanslist" / "resources" / "arbetsyta"
HEADER = "<!-- Skriven av tools/docs.py (make docs) – redigera inte för hand. -->\n\n"


# ---- commands ----------------------------------------------------------------------------

def _command_section(command: click.Command, path: list[str], out: list[str],
                     parent: click.Context | None = None) -> None:
    # As the real command line shows it: the command's own settings (-h), a fixed width.
    cli_sv.localise(command)
    ctx = click.Context(command, parent=parent, info_name=path[-1], terminal_width=88, max_content_width=88,
                        **command.context_settings)
    out.append(f"{'#' * min(len(path) + 1, 4)} `{' '.join(path)}`\n")
    out.append("```text")
    out.append(command.get_help(ctx).replace("\u2028", " ").rstrip())
    out.append("```\n")
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                _command_section(sub, [*path, name], out, ctx)


def commands_page() -> str:
    out = [HEADER + "# Kommandon\n", "Alla kommandon tar `-C MAPP` före kommandonamnet för att arbeta i en annan "
           "arbetsyta; filnamn och `-o` räknas då från den mappen (som med git och make).\n"]
    _command_section(main, ["kanslist"], out)
    return "\n".join(out).rstrip() + "\n"


# ---- fields ------------------------------------------------------------------------------

def _type_of(schema: dict, defs: dict) -> str:
    if "$ref" in schema:
        return defs.get(schema["$ref"].rsplit("/", 1)[-1], {}).get("title", "fält")
    if "enum" in schema:
        return " \\| ".join(f"`{v}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"
    for key in ("anyOf", "oneOf"):
        if key in schema:
            kinds = [_type_of(s, defs) for s in schema[key] if s.get("type") != "null"]
            return " eller ".join(dict.fromkeys(kinds))
    kind = schema.get("type")
    if kind == "array":
        return f"lista av {_type_of(schema.get('items', {}), defs)}"
    if kind == "object":
        extra = schema.get("additionalProperties")
        return f"namn → {_type_of(extra, defs)}" if isinstance(extra, dict) else "fält"
    if schema.get("format") == "date":
        return "datum (ÅÅÅÅ-MM-DD)"
    return {"string": "text", "integer": "heltal", "boolean": "ja/nej", "number": "tal"}.get(kind, "värde")


def _fields(title: str, schema: dict, defs: dict, out: list[str], seen: set[str]) -> None:
    required = set(schema.get("required", []))
    out.append(f"### {title}\n")
    if schema.get("description"):
        out.append(schema["description"].strip() + "\n")
    out.append("| fält | typ | krävs | betydelse |")
    out.append("| --- | --- | --- | --- |")
    nested = []
    # What must be written first, then the rest in the model's order (an item's arende before what it may add).
    properties = sorted(schema.get("properties", {}).items(), key=lambda item: item[0] not in required)
    for name, field in properties:
        description = " ".join((field.get("description") or "").split())
        out.append(f"| `{name}` | {_type_of(field, defs)} | {'ja' if name in required else ''} | {description} |")
        for ref in _refs(field):
            if ref not in seen:
                seen.add(ref)
                nested.append(ref)
    out.append("")
    for ref in nested:
        _fields(defs[ref].get("title", ref), defs[ref], defs, out, seen)


def _refs(schema) -> list[str]:
    found = []
    if isinstance(schema, dict):
        if "$ref" in schema:
            found.append(schema["$ref"].rsplit("/", 1)[-1])
        for value in schema.values():
            found.extend(_refs(value))
    elif isinstance(schema, list):
        for value in schema:
            found.extend(_refs(value))
    return found


def fields_page() -> str:
    out = [HEADER + "# Fälten i ärendefiler och datafiler\n",
           "Nycklarna skrivs med svenska ord utan å, ä och ö; värdena är fri svensk text. Långa textfält är "
           "Markdown. Ett värde som ser ut som ett id (små bokstäver och bindestreck) slås upp i "
           "`data/organisation.yaml` eller `data/personer.yaml`; ett värde med versaler eller mellanslag används "
           "som det står.\n", "## Ärendefiler (`arenden/*.yaml`)\n"]
    schema = api.json_schema()
    defs = schema.get("$defs", {})
    seen: set[str] = set()
    for kind in api.KINDS.values():
        name = kind.model.__name__
        seen.add(name)
        out.append(f"## `typ: {kind.typ}` – {kind.title}\n")
        out.append("Dokument: " + ", ".join(f"`{d.name}.docx` (mall `{d.template}`)" for d in kind.documents) + ".\n")
        _fields(name, defs[name], defs, out, seen)
    out.append("## Sammanträdesfiler (`sammantraden/*.yaml`)\n")
    out.append("En fil per sammanträde ger kallelse, protokoll, protokollsutdrag och anslag i "
               "`build/sammantraden/<namn>/`. Hur handlingarna ser ut ställs in under `sammantraden:` i "
               "`data/organisation.yaml`.\n")
    meeting = Sammantrade.model_json_schema()
    _fields("Sammantrade", meeting, meeting.get("$defs", {}), out, set())
    out.append("## `data/organisation.yaml`\n")
    org = Organisation.model_json_schema()
    _fields("Organisation", org, org.get("$defs", {}), out, set())
    out.append("## `data/personer.yaml`\n")
    out.append("Ett id per person (`anna-ystrom:`) med fälten nedan.\n")
    person = Person.model_json_schema()
    _fields("Person", person, person.get("$defs", {}), out, set())
    return "\n".join(out).rstrip() + "\n"


# ---- template variables ------------------------------------------------------------------

def _paths(value, prefix: str, out: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _paths(item, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(value, list):
        if value and isinstance(value[0], dict):
            out.append((prefix, "lista; `{% for x in " + prefix + " %}`"))
            _paths(value[0], f"{prefix}[]", out)
        else:
            out.append((prefix, "lista"))
    else:
        shown = str(value).replace("\n", " ").replace("|", "\\|")
        out.append((prefix, f"t.ex. `{shown[:50]}`" if shown else ""))


def variables_page() -> str:
    workspace = Workspace(EXAMPLE)
    out = [HEADER + "# Variablerna i mallarna\n",
           "Varje mall ser ärendets fält, färdiga för Word: id utbytta mot namn, datum i organisationens stil, "
           "ställningstaganden och beslut formulerade. `kanslist granska` kontrollerar att en mall bara använder "
           "variabler som finns här. Markdown-fält skrivs med `{{p falt|markdown(3) }}` (egna stycken) eller "
           "`{{r falt|inline }}` (på en rad); datum med `{{ datum_iso|datum('lang') }}`.\n"]
    contexts = [(f"`{k.typ}` (mallarna " + ", ".join(f"`{d.template}`" for d in k.documents) + ")",
                 sample_context(k, workspace)) for k in api.KINDS.values()]
    contexts.append(("det samlade svaret (mallen `samlat-svar`, `kanslist samla`)",
                     sample_consolidated_context(workspace)))
    contexts.append(("sammanträdeshandlingarna (mallarna `kallelse`, `protokoll`, `utdrag` och `anslag`)",
                     meeting_sample()))
    for title, context in contexts:
        out.append(f"## {title}\n")
        if "paragrafer" in context:
            out.append("Exemplet är kommunstyrelsens sammanträde 2026-02-10 i `examples/kommun-ar`. `punkter` är "
                       "föredragningslistans punkter i ordning, med samma fält som `paragrafer[]` (val av justerare "
                       "först, utan paragraf); utdraget ser sin paragraf som `p`, med fälten i `paragrafer[]`.\n")
            context = {k: v for k, v in context.items() if k != "punkter"}
        out.append("| variabel | värde |")
        out.append("| --- | --- |")
        rows: list[tuple[str, str]] = []
        _paths(context, "", rows)
        out.extend(f"| `{path}` | {value} |" for path, value in rows)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def meeting_sample() -> dict:
    """Return what the meeting papers' templates see, for a meeting of examples/kommun-ar."""
    from kanslist.sammantrade.context import meeting_context
    from kanslist.sammantrade.kontroll import load_meeting
    from kanslist.sammantrade.numrering import first_paragraph

    workspace = Workspace(ROOT / "examples" / "kommun-ar")
    path = workspace.root / "sammantraden" / "ks-2026-02-10.yaml"
    meeting = load_meeting(workspace, path)
    model = meeting.model
    return meeting_context(workspace, meeting, first_paragraph(workspace, path, model.organ, model.datum))


PAGES = {"kommandon.md": commands_page, "falt.md": fields_page, "mallvariabler.md": variables_page}


def main_docs(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skriv", action="store_true", help="skriv om sidorna i docs/")
    args = parser.parse_args(argv)
    stale = []
    for name, make in PAGES.items():
        text = make()
        if (DOCS / name).exists() and (DOCS / name).read_text("utf-8") == text:
            continue
        stale.append(name)
        if args.skriv:
            (DOCS / name).write_text(text, "utf-8")
    print(("skrev om: " if args.skriv else "inaktuella: ") + (", ".join(stale) or "inga"))
    return 1 if stale and not args.skriv else 0


if __name__ == "__main__":
    sys.exit(main_docs())
