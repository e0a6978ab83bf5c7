"""The document properties Word and Excel files carry (title, subject), which hold at most 255 characters.

The case's own text is printed whole in the documents; only the property is cut, and validate says
so as an advarsel, so that a long titel or sag builds and the user knows what the file's
properties show.
"""

from __future__ import annotations

from kkdocs.danish_format import format_amount
from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import Source

PROPERTY_LIMIT = 255  # characters in one core property of a .docx or .xlsx (python-docx and openpyxl refuse more)
_FIELDS = {"titel": "Titel", "sag": "Emne"}  # case field → the property it gives, as Word names it


def property_text(text: str) -> str:
    """`text` as a document property: whole when it fits, else cut with an ellipsis."""
    return text if len(text) <= PROPERTY_LIMIT else text[:PROPERTY_LIMIT - 1] + "…"


def check_document_properties(source: Source) -> list[Finding]:
    """An advarsel for each of titel and sag too long for the property it gives."""
    if not isinstance(source.data, dict):
        return []
    found: list[Finding] = []
    for field, name in _FIELDS.items():
        text = source.data.get(field)
        if isinstance(text, str) and len(text) > PROPERTY_LIMIT:
            found.append(source.finding((field,), Level.ADVARSEL, "DOK-EGENSKAB",
                                        f"{field} har {format_amount(len(text))} tegn; Word- og Excel-filernes dokumentegenskab "
                                        f"'{name}' rummer højst {PROPERTY_LIMIT} tegn, så egenskaben afkortes. I "
                                        f"dokumenterne står teksten hel. Forkort {field} til højst {PROPERTY_LIMIT} "
                                        f"tegn, hvis egenskaben skal vise den hel."))
    return found
