"""Update an existing case file with what a form says, keeping everything else of the file.

The file is loaded with ruamel.yaml in round-trip mode, so its comments, key order and
layout stay; only values that the form shows differently are replaced, and each replacement
is a `FieldChange`. "Differently" is judged as the document would print it:

- a free text is the same when it makes the same paragraphs (line wrapping is kept); a
  reworded one keeps the author's lines, list numbers and block style except where words
  changed (`text_merge`);
- a row given as årsværk × sats (× indfasning) is the same when kkdocs' figures for it equal
  the form's; only a changed row becomes `beløb`;
- `fordeling` given as a nøgle is never rewritten: the form's Tabel A (and C) cells become
  stated figures, compared with what the nøgle gives once the case is updated, so that a cell
  changed in Word is a finding at the nøgle and not 22 rows of `beløb`;
- a stated total goes under `oplyst` when the case already states it there, or when the form's
  figure differs from what kkdocs computes from the rows (an error the author must see);
- a field the form does not hold (frist, files of bilag, …) and a part of the case that is not
  among the documents read (the administrativt bilag, a bilag) are left as they are.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from kkdocs.danish_format import format_amount
from kkdocs.documents.context import cell_text
from kkdocs.documents.rich_text import blocks
from kkdocs.errors import KkdocsError
from kkdocs.word_import.case_yaml import to_yaml_value, yaml_dumper
from kkdocs.word_import.form_parts import CFO_STANDARD
from kkdocs.word_import.imported_case import NULL, ImportedCase, Missing, StatedFigure
from kkdocs.word_import.text_merge import changed_words, reworded_text


SHOWN = 70  # characters of a text shown in a change


class MergeProblem(KkdocsError):
    """The case file cannot be updated; the message is Danish."""


@dataclass(frozen=True)
class FieldChange:
    path: str  # "økonomi.varige_ændringer[1].beløb.2026"
    old: str
    new: str
    note: str = ""

    def as_text(self) -> str:
        text = f"{self.path}: {self.old} → {self.new}"
        return text + (f" ({self.note})" if self.note else "")


def merged_text(old_text: str, imported: ImportedCase, old_result, name: str,
                figures_of: Callable[[str], object],
                sheet_rows: Callable[[str, str | None], list | None] = lambda name, sheet: None,
                notices: list[str] | None = None,
                stated: list[StatedFigure] | None = None) -> tuple[str, list[FieldChange]]:
    """The case file's text updated with `imported`, and the changes, field by field.

    `old_result` is the validation of the file as it is (its figures tell whether a row or a
    nøgle still gives what the form shows); `figures_of(text)` gives kkdocs' figures for a
    case text, or None; `sheet_rows(fra_excel, ark)` the rows of a bilag's spreadsheet, or None.
    What Word shows but the update cannot take over is added to `notices`, and the form's figures
    that the case computes rather than states (Tabel A and C by a nøgle) to `stated`, to be
    compared with the updated case's figures.
    """
    yaml = yaml_dumper()
    yaml.width = 4096  # lines are kept as the author wrapped them; ruamel would re-wrap long plain scalars
    yaml.preserve_quotes = True
    try:
        root = yaml.load(old_text)
    except YAMLError:
        raise MergeProblem(f"{name} er ikke gyldig YAML; ret den først (kkdocs validate {name}).") from None
    if not isinstance(root, CommentedMap):
        raise MergeProblem(f"{name} er ikke en sag (filen er ikke en mapping af felter).")
    if root.get("type") != imported.case_type:
        raise MergeProblem(f"{name} er et {root.get('type')}, men formularen er et {imported.case_type}; "
                           "opdatér den rigtige sag.")
    merger = _Merger(old_result, sheet_rows, notices if notices is not None else [],
                     stated if stated is not None else [], imported.places)
    data = imported.data
    for key, value in data.items():
        if key in ("type", "økonomi", "fordeling", "bilag", "opfølgning", "hørt", "oplyst_nøgletotal", "projekter",
                   "kontakter"):
            continue
        merger.value(root, key, value, key)
    if "økonomi" in data:
        merger.economy(root, data["økonomi"])
    if isinstance(data.get("fordeling"), dict):
        merger.distribution(root, data["fordeling"])
    for key in ("opfølgning", "hørt", "projekter", "kontakter"):
        if isinstance(data.get(key), list):
            merger.records(root, key, data[key])
    if isinstance(data.get("bilag"), list):
        merger.appendices(root, data["bilag"])
    merger.stated_totals(root, data.get("økonomi", {}), lambda: figures_of(_dumped(root, yaml, old_text)))
    if "oplyst_nøgletotal" in data:
        merger.stated_key_total(root, data["oplyst_nøgletotal"], lambda: figures_of(_dumped(root, yaml, old_text)))
    return _dumped(root, yaml, old_text), merger.changes


def _dumped(root, yaml: YAML, old_text: str) -> str:
    stream = io.StringIO()
    yaml.dump(root, stream)
    text = stream.getvalue()
    if text.startswith("%YAML") and not old_text.startswith("%YAML"):
        text = text.split("---\n", 1)[1] if "---\n" in text else text
    return _wrapping_kept(old_text, text)


def _wrapping_kept(old_text: str, text: str) -> str:
    """`text` with each plain or quoted scalar that the author wrapped over lines, and that is unchanged,
    written on the author's lines again.

    ruamel keeps | and > blocks as they were, but writes a plain or quoted scalar that spans lines
    on one line; only a value found once in `text`, exactly as it was, is put back.
    """
    try:
        root = YAML().compose(old_text)
    except YAMLError:
        return text
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            stack.extend(value for pair in node.value for value in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, ScalarNode) and node.start_mark.line != node.end_mark.line and \
                node.style in (None, "'", '"'):
            written = {None: node.value, "'": "'" + node.value.replace("'", "''") + "'",
                       '"': '"' + node.value + '"'}[node.style]
            if node.style == '"' and any(c in node.value for c in '"\\\n'):
                continue
            if "\n" in written:
                continue
            found = list(re.finditer(r"(?m)(?<=: |- )" + re.escape(written) + r"$", text))  # a whole value
            if len(found) == 1:
                start, end = found[0].span()
                text = text[:start] + old_text[node.start_mark.index:node.end_mark.index] + text[end:]
    return text


def _shown(value) -> str:
    if value is None or value is NULL:
        return "intet"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return format_amount(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_shown(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    text = " ".join(str(value).split())
    return f"'{text}'" if len(text) <= SHOWN else f"'{text[:SHOWN - 1]}…'"


def _text_change(old: str, new: str) -> tuple[str, str]:
    """The first paragraph that differs, before and after."""
    before, after = blocks(old), blocks(new)
    for index in range(max(len(before), len(after))):
        a = before[index].tekst if index < len(before) else None
        b = after[index].tekst if index < len(after) else None
        if a != b or (index < len(before) and index < len(after) and before[index] != after[index]):
            prefix = f"afsnit {index + 1}: "
            if a is not None and b is not None and a != b:
                a, b = changed_words(a, b, SHOWN)
                return f"{prefix}'{a}'", f"'{b}'"
            return prefix + (_shown(a) if a is not None else "intet"), _shown(b) if b is not None else "intet"
    return _shown(old), _shown(new)


def _text_value(old: str, new: str, key):
    """`new` as a scalar in `old`'s style (| or >), on the author's lines wherever the text is the same."""
    source = _unfolded(old) if isinstance(old, FoldedScalarString) else str(old)
    text = reworded_text(source, new)
    if text is None:
        return to_yaml_value(new, key)
    if isinstance(old, LiteralScalarString):
        return LiteralScalarString(text)
    if isinstance(old, FoldedScalarString):
        folded = _folded(text)
        return folded if blocks(folded) == blocks(new) else LiteralScalarString(text)
    return to_yaml_value(text, key)


def _unfolded(value: FoldedScalarString) -> str:
    """A folded (>) scalar as its lines: a fold is a line break, a line break a blank line."""
    body = value.rstrip("\n")
    folds = set(getattr(value, "fold_pos", []))
    text = "".join("\n" if i in folds else "\n\n" if ch == "\n" else ch for i, ch in enumerate(body))
    return text + value[len(body):]


def _folded(text: str) -> FoldedScalarString:
    """Lines as a folded (>) scalar that prints them as they are."""
    body = text.rstrip("\n")
    out, folds, index = [], [], 0
    while index < len(body):
        if body[index] == "\n":
            run = len(body[index:]) - len(body[index:].lstrip("\n"))
            if run == 1:
                folds.append(len(out))
                out.append(" ")
            else:
                out.extend("\n" * (run - 1))
            index += run
            continue
        out.append(body[index])
        index += 1
    result = FoldedScalarString("".join(out) + text[len(body):])
    result.fold_pos = folds
    return result


def _same(old, new) -> bool:
    if isinstance(old, str) and isinstance(new, str):
        return old == new or blocks(old) == blocks(new)
    if isinstance(old, dict) and isinstance(new, dict):
        keys = set(old) | set(new)
        return all(_same(old.get(k), new.get(k)) for k in keys)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new))
    if new is NULL:
        return old is None
    return old == new and type(old) is type(new) or (old in (None, 0) and new in (None, 0) and
                                                     not isinstance(old, bool) and not isinstance(new, bool))


def _years_same(old: dict, new: dict) -> bool:
    return all((old.get(y) or 0) == (new.get(y) or 0) for y in set(old) | set(new))


class _Merger:
    def __init__(self, old_result, sheet_rows, notices: list[str], stated: list[StatedFigure], places: dict):
        self.old = old_result
        self.sheet_rows = sheet_rows
        self.notices = notices
        self.stated = stated
        self.places = places
        self.changes: list[FieldChange] = []

    def note(self, path: str, old, new, note: str = "") -> None:
        if isinstance(old, str) and isinstance(new, str) and ("\n" in old or len(old) > SHOWN or len(new) > SHOWN):
            before, after = _text_change(old, new)
            self.changes.append(FieldChange(path, before, after, note))
        else:
            self.changes.append(FieldChange(path, _shown(old), _shown(new), note))

    def value(self, node, key, new, path: str) -> None:
        """Set node[key] to `new` when it differs as printed; a Missing leaves it alone."""
        if isinstance(new, Missing) or (isinstance(new, dict) and any(isinstance(v, Missing) for v in new.values())):
            return
        old = node.get(key) if isinstance(node, CommentedMap) else node[key]
        if _same(_plain(old), new):
            return
        if isinstance(old, CommentedMap) and isinstance(new, dict) and new and all(isinstance(k, int) for k in new):
            self.years(old, new, path)
            return
        if isinstance(old, CommentedMap) and isinstance(new, dict) and new:
            for name, value in new.items():  # a nøgle or another mapping: key by key, so its layout stays
                if name in old:
                    self.value(old, name, value, f"{path}.{name}")
                else:
                    old[name] = to_yaml_value(value, name)
                    self.note(f"{path}.{name}", None, value)
            for name in [n for n in old if n not in new]:
                self.note(f"{path}.{name}", _plain(old[name]), None, "står ikke i formularen")
                del old[name]
            return
        self.note(path, _plain(old), new)
        node[key] = _text_value(old, new, key) if isinstance(old, str) and isinstance(new, str) else \
            to_yaml_value(new, key)

    def years(self, node: CommentedMap, new: dict, path: str) -> None:
        """A year map changed year by year, so its flow style and comments stay."""
        for year in sorted(set(node) | set(new)):
            before, after = node.get(year), new.get(year)
            if (before or 0) == (after or 0) and (before is None) == (after is None):
                continue
            self.note(f"{path}.{year}", before, after)
            if after is None:
                del node[year]
            else:
                node[year] = after

    # --- økonomi -------------------------------------------------------------------------------

    def economy(self, root, new: dict) -> None:
        økonomi = root.get("økonomi")
        if not isinstance(økonomi, CommentedMap) or not isinstance(new, dict):
            return
        for key in ("pl", "udmøntning_pl", "år", "tekst"):
            if key in new:
                self.value(økonomi, key, new[key], f"økonomi.{key}")
        figures = self.old.figures if self.old is not None else None
        computed = {"varige_ændringer": getattr(figures, "varige", None),
                    "memoposter": getattr(figures, "memoposter", None),
                    "implementering": getattr(figures, "implementering", None)}
        for part in ("varige_ændringer", "memoposter", "implementering"):
            if isinstance(new.get(part), list):
                self.rows(økonomi, part, new[part], computed[part])

    def rows(self, økonomi: CommentedMap, part: str, new_rows: list, figures) -> None:
        old_rows = økonomi.get(part)
        if not isinstance(old_rows, CommentedSeq):
            if new_rows:
                self.note(f"økonomi.{part}", None, f"{len(new_rows)} rækker")
                økonomi[part] = to_yaml_value(new_rows, part)
            return
        for index, new in enumerate(new_rows):
            path = f"økonomi.{part}[{index}]"
            if not isinstance(new, dict):
                continue
            if index >= len(old_rows):
                old_rows.append(to_yaml_value(new))
                self.note(path, None, f"ny række {_shown(new.get('tekst'))}", _shown(new.get("beløb", {})))
                continue
            old = old_rows[index]
            if not isinstance(old, CommentedMap):
                continue
            for key in ("tekst", "styringsområde", "note"):
                if key in new:
                    self.value(old, key, new[key], f"{path}.{key}")
            amounts = new.get("beløb", {})
            if isinstance(amounts, Missing):
                continue
            if "beløb" in old and isinstance(old["beløb"], CommentedMap):
                if not _years_same(dict(old["beløb"]), amounts):
                    self.years(old["beløb"], amounts, f"{path}.beløb")
                continue
            shown = figures[index].amounts if figures is not None and index < len(figures) else None
            if shown is not None and _years_same(dict(shown), amounts):
                continue  # årsværk × sats gives what the form shows
            removed = [k for k in ("årsværk", "sats", "indfasning") if k in old]
            for key in removed:
                del old[key]
            old["beløb"] = to_yaml_value(amounts, "beløb")
            self.note(f"{path}.beløb", dict(shown) if shown is not None else None, amounts,
                      f"{' × '.join(removed)} er erstattet af formularens beløb" if removed else "")
        while len(old_rows) > len(new_rows):
            index = len(old_rows) - 1
            self.note(f"økonomi.{part}[{index}]", f"række {_shown(old_rows[index].get('tekst'))}", "slettet")
            del old_rows[index]

    def stated_totals(self, root, new_economy: dict, figures_now: Callable[[], object]) -> None:
        """Stated totals under oplyst: those the case states, and those the form gets wrong."""
        stated = new_economy.get("oplyst") if isinstance(new_economy, dict) else None
        økonomi = root.get("økonomi")
        if not isinstance(stated, dict) or not stated or not isinstance(økonomi, CommentedMap):
            return
        figures = figures_now()
        old = økonomi.get("oplyst")
        for key, value in stated.items():
            if isinstance(value, Missing):
                continue
            if isinstance(old, CommentedMap) and key in old:
                if key == "tilbagebetalingstid" and isinstance(old[key], CommentedMap):
                    for kind, years in value.items():
                        self.value(old[key], kind, years, f"økonomi.oplyst.{key}.{kind}")
                else:
                    self.value(old, key, value, f"økonomi.oplyst.{key}")
                continue
            if figures is None or _agrees(key, value, figures):
                continue
            if not isinstance(old, CommentedMap):
                old = økonomi["oplyst"] = CommentedMap()
            old[key] = to_yaml_value(value, key)
            self.note(f"økonomi.oplyst.{key}", None, value, "formularens tal afviger fra rækkernes; kkdocs validate "
                                                          "viser forskellen")

    def stated_key_total(self, root, value, figures_now: Callable[[], object]) -> None:
        """A fordelingsbilag's stated key total: kept when the case states it, added when it is wrong."""
        if "oplyst_nøgletotal" in root:
            self.value(root, "oplyst_nøgletotal", value, "oplyst_nøgletotal")
            return
        figures = figures_now()
        if figures is not None and getattr(figures, "nøgletotal", value) != value:
            root["oplyst_nøgletotal"] = value
            self.note("oplyst_nøgletotal", None, value, "formularens total afviger fra nøglens sum; kkdocs validate "
                                                        "viser forskellen")

    # --- fordeling, opfølgning, hørt, bilag ----------------------------------------------------

    def distribution(self, root, new: dict) -> None:
        fordeling = root.get("fordeling")
        if not isinstance(fordeling, CommentedMap):
            return
        if "tekst" in new:
            self.value(fordeling, "tekst", new["tekst"], "fordeling.tekst")
        if "nøgle" in fordeling and "beløb" not in fordeling:
            self.keyed(fordeling, new)
            return
        figures = self.old.figures if self.old is not None else None
        self._table(fordeling, "beløb", new.get("beløb"), getattr(figures, "tabel_a", None), "fordeling", "Tabel A")
        if isinstance(new.get("tabel_c"), dict):
            tabel_c = fordeling.get("tabel_c")
            if not isinstance(tabel_c, CommentedMap):
                fordeling["tabel_c"] = to_yaml_value(new["tabel_c"], "tabel_c")
                self.note("fordeling.tabel_c", None, "Tabel C's beløb fra formularen")
            else:
                self._table(tabel_c, "beløb", new["tabel_c"].get("beløb"), getattr(figures, "tabel_c", None),
                            "fordeling.tabel_c", "Tabel C")

    def keyed(self, fordeling: CommentedMap, new: dict) -> None:
        """A case that distributes by nøgle keeps it: each Tabel A (and C) cell of the form is compared
        with what the nøgle gives once the case is updated, and a difference is a finding there."""
        tables = [("tabel_a", "Tabel A", ("fordeling", "beløb"), new.get("beløb"))]
        if not isinstance(fordeling.get("tabel_c"), CommentedMap) or "beløb" not in fordeling["tabel_c"]:
            c = new.get("tabel_c")
            tables.append(("tabel_c", "Tabel C", ("fordeling", "tabel_c", "beløb"),
                           c.get("beløb") if isinstance(c, dict) else None))
        for figure, name, path, rows in tables:
            if not isinstance(rows, dict):
                continue
            where = self.places.get(path, name)
            for udvalg, years in rows.items():
                if isinstance(years, dict) and not any(isinstance(v, Missing) for v in years.values()):
                    self.stated.append(StatedFigure(
                        f"{where}, række '{udvalg}'", "Beløbet for {key}", figure,
                        dict(years), row=udvalg))

    def records(self, root, key: str, new: list) -> None:
        old = root.get(key)
        if not isinstance(old, CommentedSeq):
            if new:
                root[key] = to_yaml_value(new, key)
                self.note(key, None, f"{len(new)} rækker")
            return
        for index, record in enumerate(new):
            path = f"{key}[{index}]"
            if not isinstance(record, dict):
                continue
            if index >= len(old):
                old.append(to_yaml_value(record))
                self.note(path, None, record)
                continue
            if not isinstance(old[index], CommentedMap):
                continue
            for field_name, value in record.items():
                self.value(old[index], field_name, value, f"{path}.{field_name}")
            if key == "hørt":
                for field_name in ("dato", "bemærkning"):
                    if field_name == "bemærkning" and _standard_note(old[index].get(field_name)):
                        continue  # the form prints its own standard text, which the reader leaves out
                    if field_name in old[index] and field_name not in record:
                        self.note(f"{path}.{field_name}", old[index][field_name], None)
                        del old[index][field_name]
        while len(old) > len(new):
            index = len(old) - 1
            self.note(f"{key}[{index}]", _plain(old[index]), "slettet")
            del old[index]

    def appendices(self, root, new: list) -> None:
        old = root.get("bilag")
        if not isinstance(old, CommentedSeq):
            old = root["bilag"] = CommentedSeq()
        for position, bilag in enumerate(new):
            if not isinstance(bilag, dict):
                continue
            index = bilag.get("_nummer", position + 1) - 1
            path = f"bilag[{index}]"
            entry = {k: v for k, v in bilag.items() if not k.startswith("_")}
            if index >= len(old):
                old.append(to_yaml_value(entry))
                self.note(path, None, f"nyt bilag {_shown(entry.get('titel'))}")
                continue
            target = old[index]
            if not isinstance(target, CommentedMap):
                continue
            for key in ("titel", "tekst", "faseplan"):
                if key in entry:
                    self.value(target, key, entry[key], f"{path}.{key}")
            if isinstance(entry.get("tabel"), dict):
                self.appendix_table(target, entry["tabel"], path)

    def appendix_table(self, target: CommentedMap, new: dict, path: str) -> None:
        old = target.get("tabel")
        if isinstance(old, CommentedMap) and "fra_excel" in old:
            # The table is read from a spreadsheet at every build; Word is not its source.
            rows = self.sheet_rows(str(old["fra_excel"]), old.get("ark"))
            shown = [new["kolonner"], *new["rækker"]]
            if rows is not None and (len(rows) != len(shown) or
                                     not all(_cells_same(list(a), list(b)) for a, b in zip(rows, shown))):
                self.notices.append(f"{path}.tabel: tabellen i Word afviger fra regnearket {old['fra_excel']}, "
                                    "som bilaget læser den fra; ret regnearket, ændringen er ikke overført.")
            return
        if not isinstance(old, CommentedMap):
            target["tabel"] = to_yaml_value(new, "tabel")
            self.note(f"{path}.tabel", None, f"tabel med {len(new['rækker'])} rækker")
            return
        self.value(old, "kolonner", new["kolonner"], f"{path}.tabel.kolonner")
        rows = old.get("rækker")
        if not isinstance(rows, CommentedSeq):
            self.value(old, "rækker", new["rækker"], f"{path}.tabel.rækker")
            return
        for index, row in enumerate(new["rækker"]):
            if index >= len(rows):
                rows.append(to_yaml_value(row))
                self.note(f"{path}.tabel.rækker[{index}]", None, row, "ny række")
            elif not _cells_same(list(rows[index]), row):
                self.note(f"{path}.tabel.rækker[{index}]", list(rows[index]), row)
                rows[index] = to_yaml_value(row)
        while len(rows) > len(new["rækker"]):
            index = len(rows) - 1
            self.note(f"{path}.tabel.rækker[{index}]", list(rows[index]), "slettet")
            del rows[index]


def _standard_note(text) -> bool:
    return isinstance(text, str) and " ".join(text.split()).lower().startswith(CFO_STANDARD)


def _cells_same(old: list, new: list) -> bool:
    width = max(len(old), len(new))
    old, new = old + [None] * (width - len(old)), new + [None] * (width - len(new))
    return all(cell_text(a) == cell_text(b) for a, b in zip(old, new))  # as the bilag prints them


def _plain(node):
    """ruamel's round-trip nodes as plain data, for comparing."""
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int) and not isinstance(node, bool):
        return int(node)  # ruamel's ScalarInt for 1_000 or 0x10
    if isinstance(node, float):
        return float(node)
    return node


def _agrees(key: str, value, figures) -> bool:
    if key == "tilbagebetalingstid":
        return value.get("service", figures.tilbagebetalingstid_service) == figures.tilbagebetalingstid_service and \
            value.get("totaløkonomi", figures.tilbagebetalingstid_totaløkonomi) == \
            figures.tilbagebetalingstid_totaløkonomi
    computed = getattr(figures, key, None)
    return computed is not None and _years_same(dict(computed), value)
