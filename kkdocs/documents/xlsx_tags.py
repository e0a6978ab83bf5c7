"""The loop tags of an Excel template: `{%tr %}`, `{%tc %}` and `{%sheet %}` (the syntax is in xlsx_template.py).

A loop tag stands alone in its cell and is read by a regular expression, not by Jinja: the
cells between an opening and a closing tag are filled one by one, so no Jinja text ever
holds a whole loop. `kkdocs templates check` still walks a sheet as one Jinja text
(`template_sources`), with the loop tags written out as Jinja loops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

_TAG = re.compile(r"^\s*\{%-?\s*(?P<kind>tr|tc|sheet)\s+(?:for\s+(?P<target>[^\W\d]\w*)\s+in\s+(?P<iter>.+?)"
                  r"|(?P<end>endfor))\s*-?%\}\s*$", re.S)


@dataclass(frozen=True)
class Tag:
    kind: str  # tr | tc | sheet
    target: str | None
    iterable: str | None
    end: bool


def parse_tag(value: object) -> Tag | None:
    """The loop tag a cell holds alone, or None."""
    if not isinstance(value, str) or "{%" not in value:
        return None
    match = _TAG.match(value)
    if match is None:
        return None
    return Tag(match["kind"], match["target"], match["iter"], bool(match["end"]))


def template_sources(path: Path) -> list[tuple[str, str]]:
    """(sheet name, Jinja text) of each template sheet: its cells in reading order, with the
    {%sheet %}, {%tr %} and {%tc %} loops as plain Jinja loops, so that the Word templates'
    checker can walk the variables the sheet uses."""
    workbook = load_workbook(path)
    sources = []
    for sheet in workbook.worksheets:
        lines, closing, first_row = [], [], 1
        tag = parse_tag(sheet.cell(row=1, column=1).value)
        if tag is not None and tag.kind == "sheet" and not tag.end:
            lines.append(f"{{% for {tag.target} in {tag.iterable} %}}")
            closing.append("{% endfor %}")
            first_row = 2
        lines.append(sheet.title)
        for row in sheet.iter_rows(min_row=first_row):
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                tag = parse_tag(cell.value)
                if tag is None:
                    lines.append(cell.value)
                elif tag.end:
                    lines.append("{% endfor %}")
                else:
                    lines.append(f"{{% for {tag.target} in {tag.iterable} %}}")
        sources.append((sheet.title, "\n".join(lines + closing)))
    return sources
