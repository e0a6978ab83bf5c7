"""Write imported case data as a new case file, with a comment at each gap.

The file is written with ruamel.yaml (YAML 1.2, as kkdocs reads it): year maps and short
lists in flow style as the examples write them, free text as literal blocks, and a `Missing`
value as its «…» placeholder with the gap's message as a comment on the line. The head of the
file says which documents it came from and lists every gap, part by part.
"""

from __future__ import annotations

import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from kkdocs.word_import.imported_case import ImportedCase, Missing, NULL, value_at

WIDTH = 110
# The fields that hold paragraphs: written as literal blocks when long (others wrap as plain text).
FREE_TEXT = {"kort_resumé", "beskrivelse", "tekst", "implementering_og_opfølgning", "risikovurdering",
             "administration", "bemærkning", "note", "måling", "kapacitet", "andel_andre_kommuner", "prissætning",
             "låneadgang", "tidsplan", "nyetablering_eller_renovering"}


def yaml_dumper() -> YAML:
    yaml = YAML()  # round-trip mode: comments and key order are kept
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    yaml.representer.add_representer(type(None), _null)
    return yaml


def _null(representer, _):
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def to_yaml_value(value, key=None):
    """Plain case data as ruamel's round-trip nodes, in the examples' style."""
    if isinstance(value, Missing):
        return value.placeholder
    if value is NULL:
        return None
    if isinstance(value, dict):
        node = CommentedMap()
        for k, v in value.items():
            if not (isinstance(k, str) and k.startswith("_")):  # the reader's own notes, e.g. _nummer
                node[k] = to_yaml_value(v, k)
        if value and all(isinstance(k, int) for k in value) or key in ("tilbagebetalingstid",) or (
                value and all(not isinstance(v, (dict, list, str)) or isinstance(v, Missing) for v in value.values())
                and len(value) <= 8 and key not in ("nøgle",)):
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        node = CommentedSeq(to_yaml_value(v) for v in value)
        if key == "faseplan":
            for item in node:
                item.fa.set_flow_style()
        elif key != "rækker" and all(isinstance(v, (int, str)) and not isinstance(v, bool) and len(str(v)) < 40 for v in value) or \
                (value and all(isinstance(v, list) for v in value)):
            node.fa.set_flow_style()
        return node
    if isinstance(value, str) and ("\n" in value or (len(value) > 90 and key in FREE_TEXT)):
        return LiteralScalarString(value if value.endswith("\n") else value + "\n")
    return value


def case_text(imported: ImportedCase) -> str:
    """The imported case as the text of a case file."""
    root = to_yaml_value(imported.data)
    for row in _rows_in_flow(root):
        row.fa.set_flow_style()
    _comment_gaps(root, imported)
    stream = io.StringIO()
    yaml_dumper().dump(root, stream)
    return header(imported) + stream.getvalue()


def _rows_in_flow(root):
    tabel = [b.get("tabel") for b in root.get("bilag", []) if isinstance(b, dict) and b.get("tabel") is not None]
    for t in tabel:
        for row in t.get("rækker") or []:
            if isinstance(row, CommentedSeq):
                yield row


SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/{type}.json"  # as `kkdocs new` writes it


def header(imported: ImportedCase) -> str:
    lines = [SCHEMA_COMMENT.format(type=imported.case_type),
             f"# Importeret med kkdocs import fra {', '.join(imported.documents)}."]
    if imported.gaps:
        lines.append("# Det kunne ikke læses (udfyld eller ret, og kør kkdocs validate):")
        by_place: dict[str, list[str]] = {}
        for gap in imported.gaps:
            by_place.setdefault(gap.where, []).append(gap.message)
        for place, messages in by_place.items():
            for message in messages:
                lines.append(f"#   {place}: {message}")
    return "\n".join(_wrapped(lines)) + "\n"


def _wrapped(lines: list[str]) -> list[str]:
    result = []
    for line in lines:
        while len(line) > WIDTH:
            cut = line.rfind(" ", 0, WIDTH)
            if cut <= 6:
                break
            result.append(line[:cut])
            line = "#     " + line[cut + 1:]
        result.append(line)
    return result


def _comment_gaps(root, imported: ImportedCase) -> None:
    """A comment on the line of each gap's field (or of its nearest ancestor in the file)."""
    done = set()
    for gap in imported.gaps:
        path = tuple(gap.path)
        while path:
            parent = value_at(root, path[:-1])
            key = path[-1]
            if isinstance(parent, CommentedMap) and key in parent and not parent.fa.flow_style():
                break
            if isinstance(parent, CommentedSeq) and isinstance(key, int) and key < len(parent) and \
                    not parent.fa.flow_style():
                break
            path = path[:-1]
        if not path or (path, gap.message) in done:
            continue
        done.add((path, gap.message))
        parent = value_at(root, path[:-1])
        text = f"mangler: {gap.message}" if isinstance(value_at(root, path), str) and "«" in value_at(root, path) \
            else f"se: {gap.message}"
        try:
            parent.yaml_add_eol_comment(_short(text), path[-1])
        except (AttributeError, TypeError, KeyError):
            continue


def _short(text: str, size: int = 150) -> str:
    return text if len(text) <= size else text[:size - 1] + "…"

