"""The case values a form kkdocs wrote carries (`documents/case_values_part`), checked before they are used.

They are used only when they are kkdocs' own and unchanged: the YAML text matches the SHA-256
written beside it, it loads as a case of the form's type with kkdocs' own YAML loader, and every
document given that carries values carries the same. Otherwise none are used, and the import
says why; the printed form is read either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kkdocs.documents.case_values_part import digest
from kkdocs.source.yaml_source import MAX_BYTES, YamlProblem, load_yaml_text
from kkdocs.word_import.docx_reader import UnreadableDocument, read_case_values


@dataclass(frozen=True)
class CarriedValues:
    case_id: str  # the id of the case they are from ("" if none is written)
    data: dict
    documents: tuple[str, ...]  # the documents that carry them


def carried_values(paths: list[Path], case_type: str) -> tuple[CarriedValues | None, str | None]:
    """The values the documents carry, or None; and a Danish notice when some are there but not used."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in paths:
        try:
            values = read_case_values(path, path.name)
        except UnreadableDocument:
            continue
        if values is None:
            continue
        case_id, text, written = values
        if len(text.encode("utf-8")) > MAX_BYTES:
            return None, (f"{path.name}: de gemte værdier er større, end en sagsfil må være; de er ikke brugt, kun "
                          "den trykte formular er læst.")
        if digest(text) != written:
            return None, (f"{path.name}: de værdier, kkdocs gemte i dokumentet, er ændret uden for kkdocs; de "
                          "er ikke brugt, kun den trykte formular er læst.")
        found.setdefault((case_id, text), []).append(path.name)
    if not found:
        return None, None
    if len(found) > 1:
        return None, ("Dokumenterne er dannet fra forskellige udgaver af sagen (" +
                      "; ".join(", ".join(names) for names in found.values()) +
                      "); kkdocs' gemte værdier er ikke brugt, kun de trykte formularer er læst.")
    ((case_id, text), names), = found.items()
    try:
        data = load_yaml_text(text, names[0]).data
    except YamlProblem:
        return None, f"{names[0]}: kkdocs' gemte værdier kan ikke læses; kun den trykte formular er læst."
    if not isinstance(data, dict) or data.get("type") != case_type:
        kind = data.get("type") if isinstance(data, dict) else "?"
        return None, f"{names[0]}: kkdocs' gemte værdier er for et {kind}, men formularen er et {case_type}; de er ikke brugt."
    return CarriedValues(case_id, data, tuple(names)), None
