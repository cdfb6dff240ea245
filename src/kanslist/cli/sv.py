"""Click's own messages (usage errors, help headings) in Swedish.

Click marks its texts for gettext but ships no Swedish catalogue, and gettext picks the
language from the environment, which is often "C" on a municipality's servers. The CLI
speaks Swedish whatever the environment says, so the texts click shows are looked up here;
a text missing here is shown as click wrote it.
"""

from __future__ import annotations

import importlib

SINGULAR = {
    "Usage:": "Användning:",
    "Options": "Flaggor",
    "Commands": "Kommandon",
    "Positional arguments": "Argument",
    "Show this message and exit.": "Visa den här hjälpen.",
    "Show the version and exit.": "Visa versionen.",
    "Error: {message}": "Fel: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "Missing argument": "Argument saknas",
    "Missing option": "Flagga saknas",
    "Missing parameter": "Värde saknas",
    "Missing parameter: {param_name}": "Värde saknas: {param_name}",
    "Missing {param_type}": "{param_type} saknas",
    "Missing command.": "Ange ett kommando.",
    "No such command {name!r}.": "Kommandot {name!r} finns inte.",
    "No such option {name!r}.": "Flaggan {name!r} finns inte.",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "Could not open file {filename!r}: {message}": "Filen {filename!r} kunde inte öppnas: {message}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finns inte.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} är en mapp.",
    "{name} {filename!r} is a file.": "{name} {filename!r} är en fil.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} går inte att läsa.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} går inte att skriva.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} går inte att köra.",
    "{value!r} is not a valid {number_type}.": "{value!r} är inget giltigt {number_type}.",
    "{value} is not in the range {range}.": "{value} ligger utanför {range}.",
    "Choose from:\n\t{choices}": "Välj bland:\n\t{choices}",
    "Aborted!": "Avbrutet.",
    "file": "Filen",
    "directory": "Mappen",
    "path": "Sökvägen",
    "integer": "heltal",
    "default: {default}": "standard: {default}",
    "unknown error": "okänt fel",
}

PLURAL = {
    "Did you mean {possibility}?": ("Menade du {possibility}?", "(Menade du något av: {possibilities}?)"),
    "{value!r} is not {choice}.": ("{value!r} är inte {choice}.", "{value!r} är inte något av {choices}."),
    "Got unexpected extra argument ({args})": ("Oväntat argument ({args})", "Oväntade argument ({args})"),
    "Option {name!r} requires an argument.": ("Flaggan {name!r} behöver ett värde.",
                                               "Flaggan {name!r} behöver {nargs} värden."),
    "Takes {nargs} values but 1 was given.": ("Tar {nargs} värden men 1 gavs.", "Tar {nargs} värden men {len} gavs."),
}

_MODULES = ("click.core", "click.exceptions", "click.types", "click.parser", "click.formatting",
            "click.decorators", "click.termui", "click.utils")


def gettext(message: str) -> str:
    """Return the Swedish of one of click's texts, or the text itself."""
    return SINGULAR.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the Swedish singular or plural of one of click's texts."""
    swedish = PLURAL.get(singular)
    if swedish is None:
        return singular if n == 1 else plural
    return swedish[0] if n == 1 else swedish[1]


def localise(command) -> None:
    """Set the Swedish placeholders of ``command`` and, for a group, of its subcommands."""
    command.options_metavar = "[FLAGGOR]"
    for sub in getattr(command, "commands", {}).values():
        localise(sub)
    if hasattr(command, "commands"):
        command.subcommand_metavar = "KOMMANDO [ARG]..."


def install() -> None:
    """Make click's modules look their texts up here (they call ``_`` and ``ngettext`` by name)."""
    for name in _MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
