"""Read a YAML file as untrusted input: plain Python data plus the position of every value.

Case files need no anchors, aliases, tags or deep nesting, and those are how "billion laughs"
and Python-object tricks get in. ruamel.yaml composes the file into nodes (YAML 1.2, with its
safe resolver) from parser events that `_Guard` looks at as the composer takes them, rejecting
those before they become part of any tree. The nodes carry the line and column of every key
and value; `_Builder` turns them into plain data and positions, constructing each scalar with
ruamel's safe constructor. So the file is parsed once, without the comment handling of ruamel's
round-trip mode, which kkdocs never writes back.

The events come from libyaml's parser in ruamel.yaml.clib (`_LibyamlEvents`), which reads a case
file in about a third of the CPU of ruamel's pure-Python parser (docs/design.md). A file
that it cannot read to the end without a complaint, or that has a %YAML directive, is read
again by the pure-Python parser (`_GuardedParser`), whose findings (the syntax messages of
yaml_messages) are the ones the user gets; so is a file with a character that the two read
differently (PURE_ONLY), and every file where ruamel.yaml.clib is missing. Both give the same
data and positions, except that an empty value stands where libyaml puts it, right after its
key's colon, and not at the start of the next line's token.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionStartEvent, CollectionEndEvent, NodeEvent
from ruamel.yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.parser import Parser

try:
    from _ruamel_yaml import CParser  # ruamel.yaml.clib
except ImportError:  # no wheel for this platform: the pure-Python parser reads every file
    CParser = None

from kkdocs.errors import KkdocsError, os_error_text
from kkdocs.findings import Finding, Level, cut, quoted, shown
from kkdocs.source.pasted_characters import SPACES, name, plain
from kkdocs.source.yaml_messages import GENERAL, reference_problem, syntax_problem

MAX_BYTES = 1_000_000  # a case file is a few kB; this leaves a hundredfold margin
MAX_DEPTH = 20  # the deepest case structure is 5 levels
MAX_NODES = 20_000  # a 1.000-row table of five columns is about 6.000 values; parsing costs ~0,1 ms a value

MERGE_TAG = "tag:yaml.org,2002:merge"  # the key <<, which copies another mapping into this one
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# libyaml (YAML 1.1) reads these otherwise than ruamel's pure parser does: it takes a tab after
# "key:" as a space, which ruamel refuses, and NEL and the Unicode separators as line breaks.
PURE_ONLY = ("\t", "\x85", "\u2028", "\u2029")
NUMBER_LIKE = re.compile(r"[-+]?\d[\d.]*")  # an unquoted 1.250.000 is a string in YAML, but meant as a number
PathKey = tuple[Any, ...]  # keys and list indices from the root, e.g. ("økonomi", "år", 0)


@dataclass
class Positions:
    """1-based (line, column) of every value and key in a loaded document."""

    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    written: dict[PathKey, str] = field(default_factory=dict)  # decimals and 1.250.000 as written, e.g. "118.400"

    def of(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        path = tuple(path)
        while path:
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


@dataclass
class Source:
    """A loaded YAML document: `data` is plain dicts, lists and scalars."""

    file: str
    data: Any
    positions: Positions
    # advarsler about text that YAML reads otherwise than a person does (a " #" cutting a value short)
    findings: list[Finding] = field(default_factory=list)

    def finding(self, path: PathKey, level: Level, code: str, message: str, *, key: bool = False) -> Finding:
        line, column = self.positions.of(path, key=key)
        return Finding(self.file, line, column, level, code, message)


class YamlProblem(KkdocsError):
    """A file that could not be read as YAML; carries its finding."""

    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding


def load_yaml(path: Path, display_name: str | None = None) -> Source:
    """Load one YAML file. Raises YamlProblem with a YAML-SYNTAX or YAML-DUPKEY finding."""
    name = display_name or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlProblem(_file_finding(name, f"Filen er {size:,} byte; en sagsfil må højst fylde {MAX_BYTES:,} byte.".replace(",", ".")))
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlProblem(_file_finding(name, f"Filen kan ikke læses: {os_error_text(exc, with_file=False)}.")) from None
    return load_yaml_text(_decode(raw, name), name)


def load_yaml_text(text: str, name: str) -> Source:
    if CParser is not None and not any(character in text for character in PURE_ONLY):
        try:
            return _load_with_libyaml(text, name)
        except Exception:  # any complaint at all: the pure-Python parser says what it is
            pass
    yaml = _safe_yaml()
    yaml.Parser = _GuardedParser
    try:
        root = yaml.compose(text)
        positions = Positions()
        builder = _Builder(yaml.constructor, name, positions, text)
        data = builder.value(root, ()) if root is not None else None
    except _Forbidden as exc:
        raise YamlProblem(_event_finding(name, exc.event, _forbidden_message(exc, text))) from None
    except MarkedYAMLError as exc:
        line, column, message = syntax_problem(exc, text)
        raise YamlProblem(Finding(name, line, column, Level.FEJL, "YAML-SYNTAX", message)) from None
    except (YAMLError, RecursionError, ValueError):
        raise YamlProblem(_file_finding(name, GENERAL)) from None
    positions.values.setdefault((), (1, 1))
    return Source(name, data, positions, builder.findings)


def _load_with_libyaml(text: str, name: str) -> Source:
    """The file read from libyaml's events; raises on anything that is not a clean, guarded read."""
    yaml = _safe_yaml()
    yaml._parser = _LibyamlEvents(text)  # what ruamel's `parser` property hands its composer
    root = yaml.composer.get_single_node()
    positions = Positions()
    builder = _Builder(yaml.constructor, name, positions, text)
    data = builder.value(root, ()) if root is not None else None
    positions.values.setdefault((), (1, 1))
    return Source(name, data, positions, builder.findings)


def _safe_yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    return yaml


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    encoding = _wide_encoding(raw)
    if encoding:
        raise YamlProblem(_file_finding(name, f"Filen er gemt som {encoding} (Windows kalder det ofte \"Unicode\"). "
                                              "Gem den som UTF-8: i Notesblok under Gem som → Kodning: UTF-8."))
    if b"\x00" in raw:
        raise YamlProblem(_file_finding(name, "Filen indeholder binære data (NUL-tegn) og er ikke en YAML-tekstfil."))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        which = "Windows-1252 eller latin-1" if _looks_latin1(raw) else "en anden tegnkodning"
        raise YamlProblem(Finding(name, line, column, Level.FEJL, "YAML-SYNTAX",
                                  f"Filen er ikke gemt som UTF-8, men som {which} (byte 0x{raw[exc.start]:02x} her). "
                                  "Gem den som UTF-8: i Notesblok under Gem som → Kodning: UTF-8.")) from None


def _wide_encoding(raw: bytes) -> str | None:
    """"UTF-16" or "UTF-32" for a file saved in one of them (by its byte order mark or its NUL bytes), else None."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    even, odd = raw[:200:2], raw[1:200:2]  # UTF-16 without a mark: every other byte of Latin text is NUL
    for zeros, letters in ((even, odd), (odd, even)):
        if len(zeros) >= 4 and zeros.count(0) >= 0.9 * len(zeros) and letters.count(0) <= 0.1 * len(letters):
            return "UTF-16"
    return None


def _looks_latin1(raw: bytes) -> bool:
    return any(b in raw for b in (b"\xe6", b"\xf8", b"\xe5", b"\xc6", b"\xd8", b"\xc5"))


class _Forbidden(KkdocsError):
    """An event a case file may not have; `load_yaml_text` turns it into a finding."""

    def __init__(self, event: Any, message: str):
        super().__init__(message)
        self.event, self.message = event, message


class _Guard:
    """Refuses aliases, anchors, tags and deep nesting, event by event.

    The composer takes every event through its parser's `get_event`, and composes the whole
    document before anything is constructed, so a forbidden event stops the load before it is used.
    """

    def __init__(self) -> None:
        self.depth = 0
        self.nodes = 0

    def inspect(self, event: Any) -> None:
        if isinstance(event, NodeEvent):
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise _Forbidden(event, f"Filen har mere end {MAX_NODES:,} værdier; en sagsfil "
                                        "har højst nogle tusinde.".replace(",", "."))
        if isinstance(event, CollectionStartEvent):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _Forbidden(event, f"Strukturen er indlejret mere end {MAX_DEPTH} niveauer dybt; "
                                        "en sagsfil har højst få niveauer.")
        elif isinstance(event, CollectionEndEvent):
            self.depth -= 1
        if isinstance(event, AliasEvent):
            raise _Forbidden(event, f"Henvisningen *{event.anchor} er ikke tilladt i sagsfiler; skriv værdien ud.")
        if isinstance(event, NodeEvent) and event.anchor:
            raise _Forbidden(event, f"Ankeret &{event.anchor} er ikke tilladt i sagsfiler; skriv værdien ud.")
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise _Forbidden(event, f"Mærket {tag.replace('tag:yaml.org,2002:', '!!')} er ikke tilladt i "
                                    "sagsfiler; skriv værdien uden mærke.")


class _GuardedParser(Parser):
    """ruamel's pure-Python parser, through the guard."""

    def __init__(self, loader: Any) -> None:
        super().__init__(loader)
        self.guard = _Guard()

    def get_event(self) -> Any:
        event = super().get_event()
        self.guard.inspect(event)
        return event


class _LibyamlEvents:
    """libyaml's parser (ruamel.yaml.clib) through the guard, as ruamel's composer takes its events.

    Its events are ruamel's own classes with the same marks (line, column and index count
    characters); only a plain scalar's style is "" where ruamel's is None, which `_Builder` reads.
    """

    def __init__(self, text: str) -> None:
        self._events = CParser(text)
        self.guard = _Guard()

    def check_event(self, *choices: Any) -> bool:
        return self._events.check_event(*choices)

    def peek_event(self) -> Any:
        return self._events.peek_event()

    def get_event(self) -> Any:
        event = self._events.get_event()
        self.guard.inspect(event)
        if getattr(event, "version", None) is not None:
            raise ValueError("a %YAML directive: its version decides how values resolve, as the pure parser does it")
        if getattr(event, "style", None) == "":
            event.style = None
        return event

    def dispose(self) -> None:
        self._events.dispose()


class _Builder:
    """Plain data from composed nodes, recording the 1-based position of every key and value."""

    def __init__(self, constructor: Any, name: str, positions: Positions, text: str) -> None:
        self.constructor, self.name, self.positions, self.text = constructor, name, positions, text
        self.findings: list[Finding] = []

    def value(self, node: Node, path: PathKey) -> Any:
        if isinstance(node, MappingNode):
            result = {}
            for key_node, value_node in self._pairs(node):
                key = self._key(key_node)
                if key in result:
                    raise YamlProblem(Finding(self.name, *_position(key_node), Level.FEJL, "YAML-DUPKEY",
                                              f"Nøglen {shown(str(key))} står to gange i samme afsnit; slet eller omdøb den ene."))
                child = path + (key,)
                self.positions.keys[child] = _position(key_node)
                # a section is where its key stands
                self.positions.values[child] = _position(key_node if isinstance(value_node, CollectionNode)
                                                         else value_node)
                result[key] = self.value(value_node, child)
            return result
        if isinstance(node, SequenceNode):
            result = []
            for index, item in enumerate(node.value):
                self.positions.values[path + (index,)] = _position(item)
                result.append(self.value(item, path + (index,)))
            return result
        value = self._scalar(node)
        if isinstance(value, str) and node.style is None and value:
            self._comment_after(node, path, value)
        if isinstance(value, float) or (isinstance(value, str) and node.style is None and NUMBER_LIKE.fullmatch(value)):
            self.positions.written[path] = node.value  # YAML reads 118.400 as 118.4; checks need the three digits
        return value

    def _comment_after(self, node: Node, path: PathKey, value: str) -> None:
        """An advarsel when " #" right after a plain text value made YAML drop the rest of the line.

        `titel: Energi #2 udgave` is the title "Energi" and a comment, which a person pasting from
        Word does not mean. A comment meant as one is written with two spaces before the # (the
        convention yamllint enforces), so only a single space is taken for text.
        """
        end = node.end_mark.index
        line_end = self.text.find("\n", end)
        rest = self.text[end:line_end if line_end >= 0 else len(self.text)].rstrip()
        if not rest.startswith(" #") or not rest[2:].strip():
            return
        whole = f"{value} {rest[1:]}"
        key = f"{path[-1]}: " if path and isinstance(path[-1], str) else "- "
        self.findings.append(Finding(
            self.name, *_position(node), Level.ADVARSEL, "YAML-KOMMENTAR",
            f"YAML læser alt efter ' #' som en kommentar, så værdien er kun {shown(value)}, og "
            f"{shown(rest[1:])} er væk. Skal det med, så sæt hele værdien i anførselstegn: "
            f"{key}{quoted(cut(whole))}. Er det en kommentar, så skriv to mellemrum før #."))

    def _pairs(self, node: MappingNode) -> list[tuple[Node, Node]]:
        """The key/value pairs of a mapping, with `{2027: 0,5}` read as the `0,5` block style would give.

        In a flow mapping the comma of a decimal comma separates entries, so YAML reads
        {2027: 0,5} as {2027: 0, 5: null}. Such a pair, with the digits right after the comma, is
        joined back into the text "0,5", so the type check gives its decimal-comma hint here too.
        """
        pairs: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if node.flow_style and pairs and self._decimal_comma(pairs[-1][1], key_node, value_node):
                previous = pairs[-1][1]
                joined = ScalarNode("tag:yaml.org,2002:str", f"{previous.value},{key_node.value}",
                                    previous.start_mark, key_node.end_mark)
                pairs[-1] = (pairs[-1][0], joined)
                continue
            pairs.append((key_node, value_node))
        return pairs

    def _decimal_comma(self, before: Node, key_node: Node, value_node: Node) -> bool:
        plain_digits = [isinstance(n, ScalarNode) and n.style is None and re.fullmatch(r"[-+]?\d+", n.value)
                        for n in (before, key_node)]
        comma = before.end_mark.index
        return (all(plain_digits) and isinstance(value_node, ScalarNode) and value_node.value == ""
                and self.text[comma:comma + 1] == "," and key_node.start_mark.index == comma + 1)

    def _scalar(self, node: Node) -> Any:
        try:
            return _plain_scalar(self.constructor.construct_object(node))
        except ValueError:  # a value that looks like a date or number but is none, e.g. 2024-02-30
            if node.tag == TIMESTAMP_TAG:
                return node.value  # text, so the field's type check says what is wrong with the date
            raise YamlProblem(Finding(self.name, *_position(node), Level.FEJL, "YAML-SYNTAX",
                                      _invalid_value(node.value))) from None

    def _key(self, node: Node) -> Any:
        if node.tag == MERGE_TAG:
            raise YamlProblem(Finding(self.name, *_position(node), Level.FEJL, "YAML-SYNTAX",
                                      "Fletningsnøglen << er ikke tilladt i sagsfiler; skriv værdierne ud."))
        if isinstance(node, CollectionNode):  # a flow collection used as a key
            return repr(_Builder(self.constructor, self.name, Positions(), self.text).value(node, ()))
        key = self._scalar(node)
        space = re.search(rf"(?::|^-)([{SPACES}])", key) if isinstance(key, str) and node.style is None else None
        if space:  # `{2025:\u00a0-100}` is one key, "2025:\u00a0-100", with no value
            line, column = _position(node)
            raise YamlProblem(Finding(self.name, line, column + space.start(1), Level.FEJL, "YAML-SYNTAX",
                                      f"Nøglen {shown(key)} har {name(space.group(1))} efter "
                                      f"{'kolonet' if key[space.start(1) - 1] == ':' else '-'}, som YAML ikke "
                                      f"læser som et mellemrum: skriv {plain(key, SPACES)}."))
        return key


def _invalid_value(text: str) -> str:
    """The message for a value YAML cannot construct; a number too long to read is one (Python's limit is 4.300 digits)."""
    digits = sum(c.isdigit() for c in text)
    if digits > 100:
        return (f"Tallet {shown(text)} har {digits:,} cifre og kan ikke læses som et tal. ".replace(",", ".")
                + "Skriv det tal, der er ment (beløb i hele 1.000 kr.), eller sæt værdien i anførselstegn, hvis den er tekst.")
    return f"{shown(text)} er ikke en gyldig værdi."


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _plain_scalar(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, value.day)
    return str(value)


def _forbidden_message(exc: _Forbidden, text: str) -> str:
    """The guard's message, or for an alias or anchor the fix with the value in quotes."""
    event = exc.event
    lines = text.splitlines()
    line = lines[event.start_mark.line] if event.start_mark.line < len(lines) else ""
    if isinstance(event, AliasEvent):
        return reference_problem("*", event.anchor, line)
    if isinstance(event, NodeEvent) and event.anchor and getattr(event, "tag", None) is None:
        return reference_problem("&", event.anchor, line)
    return exc.message


def _event_finding(name: str, event: Any, message: str) -> Finding:
    mark = event.start_mark
    return Finding(name, mark.line + 1, mark.column + 1, Level.FEJL, "YAML-SYNTAX", message)


def _file_finding(name: str, message: str) -> Finding:
    return Finding(name, 1, 1, Level.FEJL, "YAML-SYNTAX", message)
