"""The submitted form applied to the case file's text, keeping everything the user did not change.

The file is loaded with ruamel.yaml in round-trip mode (as `import --into` does), each field of
the form is compared with the value in the file, and only a value that differs is replaced, so
the comments, key order, quoting and line wrapping of every untouched field stay as they were.
Each input is named by the path of its value in the case file, written as JSON
(`["økonomi", "varige_ændringer", 0, "beløb", 2025]`); the rows of a name → value map add a
marker: `[…, "nøgle", "#navn", 3]` and `[…, "nøgle", "#værdi", 3]`.
"""

from __future__ import annotations

import io
import json
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from kkdocs.errors import KkdocsError
from kkdocs.serve.form_fields import CELL, GROUP, INTEGER, KEYED, KEYED_YEARS, LIST, MULTI, ROWS, SCALARS, TABLE, YEARS, Field
from kkdocs.serve.form_values import BLANK, parsed, same
from kkdocs.word_import.case_merge import wrapping_kept
from kkdocs.word_import.case_yaml import yaml_dumper

NAME, VALUE, YEAR = "#navn", "#værdi", "#år"
Form = dict[str, list[str]]  # the submitted inputs: name -> values


class NotACase(KkdocsError):
    """The text is not a YAML mapping the form can be applied to; the message is Danish."""


def input_name(path: tuple) -> str:
    return json.dumps(list(path), ensure_ascii=False)


def round_trip() -> YAML:
    yaml = yaml_dumper()
    yaml.width = 4096  # lines are kept as the author wrapped them; ruamel would re-wrap long plain scalars
    yaml.preserve_quotes = True
    return yaml


def loaded(text: str) -> CommentedMap:
    try:
        root = round_trip().load(text)
    except YAMLError:
        raise NotACase("Sagsfilen er ikke gyldig YAML, så den kan ikke vises som formular; ret den i en "
                       "teksteditor først (kkdocs validate viser hvor).") from None
    if not isinstance(root, CommentedMap):
        raise NotACase("Sagsfilen er ikke en sag: den er ikke en række felter med navn og værdi.")
    return root


def dumped(root: CommentedMap) -> str:
    stream = io.StringIO()
    round_trip().dump(root, stream)
    return stream.getvalue()


def applied(text: str, fields: list[Field], form: Form) -> str:
    """The case text with the form's values in it."""
    root = loaded(text)
    apply_form(root, fields, form)
    return wrapping_kept(text, dumped(root))


def apply_form(root: CommentedMap, fields: list[Field], form: Form) -> None:
    """Put the form's values into the round-trip document `root`, changing only what differs."""
    _Applier(_by_path(form)).group(root, fields, ())


def change_structure(root: CommentedMap, fields: list[Field], form: Form, action: str) -> None:
    """The form's values, and a row added (`tilføj:<path>`), removed (`fjern:<path>`) or an item moved up or down
    (`op:<list path + item>`, `ned:<list path + item>`), put into `root`."""
    apply_form(root, fields, form)
    verb, _, where = action.partition(":")
    try:
        path = tuple(json.loads(where)) if where else ()
    except json.JSONDecodeError:
        path = ()
    if verb == "tilføj" and path:
        _add(root, path, fields)
    elif verb == "fjern" and path:
        _remove(root, path)
    elif verb in ("op", "ned") and path:
        _move(root, path, -1 if verb == "op" else 1)


def _by_path(form: Form) -> dict[tuple, list[str]]:
    found = {}
    for name, values in form.items():
        if name.startswith("["):
            try:
                path = json.loads(name)
            except json.JSONDecodeError:
                continue
            if isinstance(path, list):
                found[tuple(path)] = values
    return found


class _Applier:
    def __init__(self, inputs: dict[tuple, list[str]]):
        self.inputs = inputs

    def raw(self, path: tuple) -> str | None:
        values = self.inputs.get(path)
        return values[-1] if values else None

    def group(self, node: CommentedMap, fields: list[Field], path: tuple) -> None:
        order = [f.name for f in fields]
        for field in fields:
            here = path + (field.name,)
            if field.kind in SCALARS:
                self.scalar(node, field, here, order)
            elif field.kind == GROUP:
                child = node.get(field.name)
                if isinstance(child, CommentedMap):
                    self.group(child, field.children, here)
                elif child is None:
                    made = CommentedMap()
                    self.group(made, field.children, here)
                    if made:
                        _put(node, field.name, made, order)
            elif field.kind == ROWS:
                rows = node.get(field.name)
                if isinstance(rows, list):
                    for index, row in enumerate(rows):
                        if isinstance(row, CommentedMap):
                            self.group(row, field.children, here + (index,))
            elif field.kind == YEARS:
                self.years(node, field.name, field, here, order)
            elif field.kind in (LIST, MULTI):
                self.items(node, field, here, order)
            elif field.kind in (KEYED, KEYED_YEARS):
                self.keyed(node, field, here, order)
            elif field.kind == TABLE:
                self.table(node.get(field.name), here)

    def scalar(self, node: CommentedMap, field: Field, path: tuple, order: list[str]) -> None:
        raw = self.raw(path)
        if raw is None:
            return
        new = parsed(raw, field.kind)
        present = field.name in node
        if new is BLANK:
            if present and node[field.name] is not None:
                if field.required:
                    node[field.name] = None
                else:
                    del node[field.name]
            return
        if present and same(node[field.name], new):
            return
        _put(node, field.name, _styled(new, node.get(field.name)), order)

    def years(self, node: CommentedMap, key: str, field: Field, path: tuple, order: list[str] | None) -> None:
        typed = {p[-1]: self.raw(p) for p in self.inputs if len(p) == len(path) + 1 and p[:-1] == path
                 and isinstance(p[-1], int)}
        if not typed:
            return
        wanted = {year: parsed(raw or "", field.scalar) for year, raw in typed.items()}
        current = node.get(key)
        if not isinstance(current, CommentedMap):
            filled = {year: value for year, value in sorted(wanted.items()) if value is not BLANK}
            if filled and current is None:
                made = CommentedMap(filled)
                made.fa.set_flow_style()
                _put(node, key, made, order or [key])
            return
        had = len(current)
        for year, value in sorted(wanted.items()):
            if value is BLANK:
                current.pop(year, None)
            elif year in current:
                if not same(current[year], value):
                    current[year] = value
            else:
                current.insert(sum(1 for y in current if isinstance(y, int) and y < year), year, value)
        if had and not current and not field.required:
            del node[key]

    def items(self, node: CommentedMap, field: Field, path: tuple, order: list[str]) -> None:
        if field.kind == MULTI:
            checked = self.inputs.get(path + ("#valgt",))
            if checked is None:
                return
            ticked = [value for value in checked if value]
            before = [str(v) for v in node.get(field.name) or []] if isinstance(node.get(field.name), list) else []
            wanted = [v for v in before if v in ticked] + [v for v in ticked if v not in before]
        else:
            indexed = sorted(p[-1] for p in self.inputs if len(p) == len(path) + 1 and p[:-1] == path
                             and isinstance(p[-1], int))
            if not indexed:
                return
            wanted = [v for v in (parsed(self.raw(path + (i,)) or "", field.scalar) for i in indexed) if v is not BLANK]
        current = node.get(field.name)
        if isinstance(current, list) and len(current) == len(wanted) and all(map(same, current, wanted)):
            return
        if isinstance(current, CommentedSeq):
            current[:] = wanted
        elif wanted:
            made = CommentedSeq(wanted)
            made.fa.set_flow_style()
            _put(node, field.name, made, order)

    def keyed(self, node: CommentedMap, field: Field, path: tuple, order: list[str]) -> None:
        indices = sorted({p[-1] for p in self.inputs if len(p) == len(path) + 2 and p[:-2] == path
                          and p[-2] == NAME})
        if not indices and not isinstance(node.get(field.name), CommentedMap):
            return
        current = node.get(field.name)
        if not isinstance(current, CommentedMap):
            current = CommentedMap()
        names = [(self.raw(path + (NAME, i)) or "").strip() for i in indices]
        for old in [name for name in current if name not in names]:
            del current[old]
        for position, (index, name) in enumerate(zip(indices, names)):
            if not name:
                continue
            if field.kind == KEYED:
                value = parsed(self.raw(path + (VALUE, index)) or "", field.scalar)
                if value is BLANK:
                    current.pop(name, None)
                elif name not in current:
                    current.insert(min(position, len(current)), name, value)
                elif not same(current[name], value):
                    current[name] = value
            else:
                if name not in current:
                    current.insert(min(position, len(current)), name, CommentedMap())
                self.years(current, name, Field(name, name, YEARS, scalar=INTEGER), path + (YEAR, index), None)
                if isinstance(current.get(name), CommentedMap) and not current[name]:
                    del current[name]
        if current and field.name not in node:
            _put(node, field.name, current, order)

    def table(self, rows: Any, path: tuple) -> None:
        if not isinstance(rows, list):
            return
        for r, row in enumerate(rows):
            if not isinstance(row, list):
                continue
            for c in range(len(row)):
                raw = self.raw(path + (r, c))
                if raw is None:
                    continue
                value = parsed(raw, CELL)
                value = None if value is BLANK else value
                if not (value is None and row[c] is None) and not same(row[c], value):
                    row[c] = value


def _styled(new: Any, old: Any) -> Any:
    """A changed text keeps its block style: a paragraph text as `|` (or `>` where the file had it)."""
    if isinstance(new, str) and "\n" in new.rstrip("\n"):
        text = new if new.endswith("\n") else new + "\n"
        return FoldedScalarString(text) if isinstance(old, FoldedScalarString) else LiteralScalarString(text)
    if isinstance(new, str) and isinstance(old, (FoldedScalarString, LiteralScalarString)):
        return type(old)(new if new.endswith("\n") else new + "\n")
    return new


def _put(node: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set a key; a new one goes after the keys that come before it in the form's order."""
    if key in node:
        node[key] = value
        return
    before = order[:order.index(key)] if key in order else order
    position = 0
    for index, existing in enumerate(node):
        if existing in before:
            position = index + 1
    node.insert(position, key, value)


def _add(root: CommentedMap, path: tuple, fields: list[Field]) -> None:
    parent, field = _container(root, path, fields)
    if parent is None or field is None:
        return
    if field.kind == ROWS:
        rows = parent.get(field.name)
        if not isinstance(rows, CommentedSeq):
            rows = CommentedSeq()
            _put(parent, field.name, rows, [f.name for f in fields])
        rows.append(CommentedMap())
    elif field.kind == TABLE:
        rows = parent.get(field.name)
        if isinstance(rows, CommentedSeq):
            width = max((len(r) for r in rows if isinstance(r, list)), default=1)
            row = CommentedSeq([None] * width)
            row.fa.set_flow_style()
            rows.append(row)


def _container(root: CommentedMap, path: tuple, fields: list[Field]) -> tuple[CommentedMap | None, Field | None]:
    """The map that holds the field at `path`, and that field, following the form's fields."""
    node: Any = root
    current = fields
    for depth, key in enumerate(path):
        if isinstance(key, int):
            if not isinstance(node, list) or not 0 <= key < len(node):
                return None, None
            node = node[key]
            continue
        field = next((f for f in current if f.name == key), None)
        if field is None or not isinstance(node, CommentedMap):
            return None, None
        if depth == len(path) - 1:
            return node, field
        node, current = node.get(key), field.children
    return None, None


def _holder(root: CommentedMap, path: tuple) -> Any:
    """The list or mapping that holds the item at `path`, or None where the page is older than the file."""
    node: Any = root
    for key in path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _move(root: CommentedMap, path: tuple, step: int) -> None:
    node = _holder(root, path)
    if not isinstance(node, list) or path[-1] not in node:  # the item by its value: the page may be older than the list
        return
    index = node.index(path[-1])
    if 0 <= index + step < len(node):
        node[index + step], node[index] = node[index], node[index + step]


def _remove(root: CommentedMap, path: tuple) -> None:
    node = _holder(root, path)
    last = path[-1]
    if isinstance(node, list) and isinstance(last, int) and 0 <= last < len(node):
        del node[last]
