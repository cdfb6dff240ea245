"""Load YAML safely, keeping the line of every value for later error messages.

Plain scalars stay text (``017``, ``no``, ``12:30`` are never numbers, booleans or
sexagesimals); typing is the model's job. Aliases, duplicate keys, tags, deep nesting
and oversized files are refused with a Swedish message.

libyaml's C scanner and parser read the text when PyYAML was built with it (the common
case: its wheels are); the events are composed into nodes here, in Python, so the line
map and every refusal are the same on both paths. Anything the C path does not accept is
read again by PyYAML's pure-Python reader, scanner and parser, whose messages are the
ones explained in Swedish below: a file is accepted or refused, with the same words and
line, whichever parser is installed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

try:  # libyaml's parser; PyYAML built without libyaml has no yaml.cyaml and uses the pure-Python path alone
    from yaml.cyaml import CParser
except ImportError:  # pragma: no cover – depends on how PyYAML was built
    CParser = None

from kanslist.errors import InvalidInput, Problem

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40

Path_ = tuple  # a location inside the document: keys and list indexes


@dataclass
class Loaded:
    """A parsed YAML document with the line (1-based) of every key and value."""

    data: Any
    file: str
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, loc: tuple) -> int | None:
        """Return the line of ``loc``, or of its nearest located parent; None if unknown."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get(())


class _Resolver(BaseResolver):
    """Resolve only null implicitly; every other plain scalar is text."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _Composing(Composer, SafeConstructor, _Resolver):
    """Compose nodes from parser events, refusing aliases, anchors and deep nesting."""

    def _start_composing(self) -> None:
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark.line + 1, "YAML-alias (*namn) används inte",
                           "skriv ut värdet i stället för att hänvisa med & och *")
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise _Refused(event.start_mark.line + 1, "YAML-ankare (&namn) används inte",
                           "ta bort &-ankaret och skriv ut värdet där det behövs")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(event.start_mark.line + 1, f"strukturen är nästlad djupare än {MAX_DEPTH} nivåer",
                           "förenkla filen")
        try:
            return Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1


class _Loader(Reader, Scanner, Parser, _Composing):
    """The pure-Python path: PyYAML's reader, scanner and parser."""

    def __init__(self, stream: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        self._start_composing()


if CParser is not None:
    class _CLoader(_Composing, CParser):
        """The fast path: libyaml's scanner and parser, composed by :class:`_Composing` (first in the MRO)."""

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            self._start_composing()


class _Refused(Exception):
    def __init__(self, line: int, message: str, hint: str):
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


_KNOWN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
               "tag:yaml.org,2002:seq"}


def _convert(node: Node, loc: tuple, lines: dict, file: str) -> Any:
    lines[loc] = node.start_mark.line + 1
    if node.tag not in _KNOWN_TAGS:
        raise _Refused(node.start_mark.line + 1, f"YAML-taggen {node.tag} stöds inte",
                       "ta bort taggen (det som börjar med !)")
    if isinstance(node, ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return None
        return node.value
    if isinstance(node, SequenceNode):
        return [_convert(child, loc + (i,), lines, file) for i, child in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:null":
            raise _Refused(key_node.start_mark.line + 1, "nyckeln måste vara ett ord",
                           "skriv nyckeln som text följd av kolon, t.ex. rubrik:")
        key = key_node.value
        if key == "<<":
            raise _Refused(key_node.start_mark.line + 1, "sammanslagning med << stöds inte",
                           "skriv ut fälten i stället")
        if key in result:
            first = lines.get(loc + (key,))
            raise _Refused(key_node.start_mark.line + 1, f"fältet {key} förekommer två gånger (första gången på rad {first})",
                           "ta bort eller slå ihop den ena")
        lines[loc + (key,)] = key_node.start_mark.line + 1
        result[key] = _convert(value_node, loc + (key,), lines, file)
        lines[loc + (key,)] = key_node.start_mark.line + 1
    return result


# PyYAML's commonest complaints, said the way a case officer can act on them.
_YAML_PROBLEMS = [
    ("found character '\\t'", "raden är indragen med tabb", "dra in med blanksteg i stället för tabb"),
    ("mapping values are not allowed", "ett kolon står där ett nytt fält inte kan börja",
     "sätt citattecken runt en text som innehåller ': ', t.ex. rubrik: \"Svar: motion\""),
    ("could not find expected ':'", "ett fält saknar kolon", "skriv fältet som 'namn: värde'"),
    ("expected <block end>", "indraget stämmer inte med raderna ovanför",
     "dra in raden lika mycket som de andra i samma lista eller samling"),
    ("found unexpected end of stream", "ett citattecken eller en hakparentes stängs aldrig",
     "kontrollera att varje \" och [ har sin motsvarighet"),
    ("flow sequence", "en lista med [ stängs aldrig med ]", "avsluta listan med ] på samma rad"),
    ("flow node", "en lista med [ eller samling med { stängs aldrig", "avsluta med ] eller } på samma rad"),
    ("flow mapping", "en samling med { stängs aldrig med }", "avsluta samlingen med } på samma rad"),
    ("while scanning a quoted scalar", "ett citattecken stängs aldrig", "avsluta texten med samma citattecken"),
]


def _explain(problem: str, context: str) -> tuple[str, str]:
    """Return (message, hint) in Swedish for a YAML syntax error; the original text as a last resort."""
    for needle, message, hint in _YAML_PROBLEMS:
        if needle in problem or needle in context:
            return message, hint
    return f"filen är inte giltig YAML ({problem})", "kontrollera indrag, kolon och citattecken på raden"


# Texts the C path leaves to the Python one, where libyaml and PyYAML part ways: any
# character PyYAML's reader refuses (libyaml's set differs a little), any tab (libyaml takes
# "a:<tab>b", PyYAML refuses it) and any "!" that may start a tag (a bare "!" on an empty
# value is text to libyaml, null to PyYAML); a comment straight after a block scalar's "|"
# (libyaml takes "|#", PyYAML wants a space); and a text without a final newline (libyaml
# puts the end of such a stream a line lower). All are rare in a case file ("Viktigt!" is no tag).
_TAG_START = re.compile(r"(?:^|[\s\[\]{},])!")
_COMMENT_ON_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*#")


def _libyaml_reads(text: str) -> bool:
    """Return True when the C path may read ``text`` (libyaml installed, nothing it reads otherwise)."""
    # The plain `in` tests first: a regex search costs more than the check it spares on most texts.
    return (CParser is not None and text.endswith("\n") and "\t" not in text
            and not Reader.NON_PRINTABLE.search(text)
            and not ("!" in text and _TAG_START.search(text))
            and not ("#" in text and _COMMENT_ON_BLOCK_HEADER.search(text)))


def _compose(loader_class, text: str, file: str) -> Loaded:
    """Return the document of ``text`` read by ``loader_class``; raise what the loader raises."""
    lines: dict[tuple, int] = {}
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        data = {} if node is None else _convert(node, (), lines, file)
    finally:
        loader.dispose()
    return Loaded(data, file, lines)


def parse_yaml(text: str, file: str) -> Loaded:
    """Return the parsed document of ``text``; raise InvalidInput naming ``file`` and line."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InvalidInput([Problem(file, None, "", f"filen är större än {MAX_BYTES // (1024 * 1024)} MB",
                                    "dela upp ärendet eller lägg bilagor som egna filer")])
    if _libyaml_reads(text):
        try:
            return _compose(_CLoader, text, file)
        except (_Refused, yaml.YAMLError, RecursionError):
            pass  # the pure-Python path below says what is wrong, in PyYAML's words and lines
    try:
        return _compose(_Loader, text, file)  # the reader checks that every character is one YAML allows
    except _Refused as refused:
        raise InvalidInput([Problem(file, refused.line, "", refused.message, refused.hint)]) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        raise InvalidInput([Problem(file, line, "", f"innehåller tecknet U+{exc.character:04X}, som inte kan stå i "
                                    "ett Word-dokument", "ta bort tecknet (det kommer ofta från inklistrad text)")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message, hint = _explain(str(exc.problem or ""), str(exc.context or ""))
        raise InvalidInput([Problem(file, line, "", message, hint)]) from None
    except yaml.YAMLError as exc:
        raise InvalidInput([Problem(file, None, "", f"filen är inte giltig YAML ({exc})",
                                    "spara filen som UTF-8-text")]) from None
    except RecursionError:
        raise InvalidInput([Problem(file, None, "", "strukturen är för djupt nästlad", "förenkla filen")]) from None


def load_yaml(path: Path, display: str | None = None) -> Loaded:
    """Return the parsed YAML file at ``path``; ``display`` is the name used in messages."""
    display = display or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput([Problem(display, None, "", f"filen kan inte läsas ({exc.strerror})",
                                    "kontrollera sökvägen och behörigheten")]) from None
    return parse_yaml(decode_yaml(raw, display), display)


def decode_yaml(raw: bytes, display: str) -> str:
    """Return the text of a YAML file's bytes; raise InvalidInput when too large or not UTF-8."""
    if len(raw) > MAX_BYTES:
        raise InvalidInput([Problem(display, None, "", f"filen är större än {MAX_BYTES // (1024 * 1024)} MB",
                                    "dela upp ärendet eller lägg bilagor som egna filer")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidInput([Problem(display, line, "", "filen är inte UTF-8-kodad",
                                    "spara filen som UTF-8 i din editor")]) from None
