"""The bilag of a proposal: each "BILAG n" (kkdocs' bilag-N.docx, or a part of a hand-made form).

A bilag is its heading ("BILAG 1", then the title as a heading; or "Bilag 1: Titel" in one
line), its text (also what stands below the table), one table (its caption "Tabel 1. …" above
it, a header row, rows in which a whole Danish figure becomes a number, and an "I alt" row that
says which columns are summed; a stated total that differs from its column is kept under
`oplyst_i_alt`, so that validate reports it) and a
phase plan (a table whose first column is "Fase", each phase with its period "apr. 2024 - sep.
2024" under its name). A bilag given as a PDF (`fil:`) is not a Word part and is never read.
"""

from __future__ import annotations

import re

from kkdocs.word_import.danish_dates import PERIOD, parse_month
from kkdocs.word_import.danish_numbers import NotANumber, is_blank, parse_amount
from kkdocs.word_import.docx_reader import Paragraph, Table, plain
from kkdocs.word_import.form_parts import Block, caption_of, first_cell, is_title, rich_text, where
from kkdocs.word_import.imported_case import Missing


APPENDIX_TITLE = re.compile(r"bilag\s+(\d+)\s*[.:–-]?\s*(.*)")


def read_appendices(blocks: list[Block], gap, places: dict) -> list[dict]:
    """Each "BILAG n" with its title, text, table and phase plan, in the order they stand.

    `gap(where, message, path)` reports what cannot be read; `places` gets where each bilag is.
    A bilag's `_nummer` is its number in the form (a bilag that is a PDF has a number, too).
    """
    starts = []
    for i, block in enumerate(blocks):
        if isinstance(block.item, Paragraph) and len(block.item.text) < 150 and (
                is_title(block) or block.index == 0 or block.item.outline == 0):
            match = APPENDIX_TITLE.fullmatch(plain(block.item.text))
            if match:
                rest = re.sub(r"^\s*bilag\s+\d+\s*[.:–-]?\s*", "", block.item.text, flags=re.I)
                starts.append((i, int(match.group(1)), " ".join(rest.split())))
    bilag = []
    for position, (start, number, rest) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(blocks)
        part = [b for b in blocks[start + 1:end] if b.document == blocks[start].document]
        here = where(blocks[start], f"Bilag {number}")
        entry = _appendix(part, here, rest, ("bilag", len(bilag)), gap)
        if number != len(bilag) + 1:
            gap(here, f"Bilag {number} følger efter bilag {len(bilag)}; bilagene er taget i den rækkefølge, "
                "de står.", ("bilag",))
        places[("bilag", len(bilag))] = here
        bilag.append({**entry, "_nummer": number})
    return bilag


def _appendix(part: list[Block], here: str, rest: str, path, gap) -> dict:
    titel = rest or None
    paragraphs = []
    tables_found = []
    captions: dict[int, str] = {}  # the caption of the table that follows it, by the table's position
    for index, block in enumerate(part):
        if isinstance(block.item, Table):
            tables_found.append(block)
        elif titel is not None and caption_of(block) and index + 1 < len(part) and isinstance(part[index + 1].item, Table):
            captions[index + 1] = " ".join(block.item.text.split())
        elif titel is None and block.item.text.strip():
            titel = " ".join(block.item.text.split())
        elif plain(block.item.text) == "faseplan":
            continue
        else:  # text after the table joins the text (the bilag prints its text above its table)
            paragraphs.append(block.item)
    entry: dict = {"titel": titel or Missing("«bilagets titel»")}
    if titel is None:
        gap(here, "Bilaget har ingen titel.", path + ("titel",))
    text = rich_text(paragraphs)
    if text:
        entry["tekst"] = text
    for block in tables_found:
        rows = block.item.rows
        if rows and plain(first_cell(rows[0])) == "fase":
            entry["faseplan"] = _phases(block, here, path, gap)
        elif "tabel" not in entry and rows:
            caption = captions.get(part.index(block))
            entry["tabel"] = {**({"titel": caption} if caption else {}), **_table(rows)}
        else:
            gap(where(block), "Bilaget har mere end én tabel; kkdocs har én tabel pr. bilag, så kun den "
                "første er med.", path)
    return entry


def _table(rows) -> dict:
    """Columns and rows; the row "I alt" gives `i_alt`, and `oplyst_i_alt` where its figure is not the column's sum."""
    columns = [" ".join(c.text.split()) for c in rows[0]]
    body = [[_cell_value(c.text) for c in r] for r in rows[1:] if not all(is_blank(c.text) for c in r)]
    table: dict = {"kolonner": columns, "rækker": body}
    totals = [i for i, row in enumerate(body) if isinstance(row[0], str) and plain(row[0]) == "i alt"]
    if not totals:
        return table
    total = body.pop(totals[-1])  # a row a colleague added below it is a row of the table
    summed = [(column, value) for column, value in zip(columns[1:], total[1:]) if value is not None]
    table["i_alt"] = [column for column, _ in summed]
    stated = {}
    for column, value in summed:
        index = columns.index(column)
        computed = sum(row[index] for row in body if isinstance(row[index], int))
        if value != computed:
            stated[column] = value
    if stated:
        table["oplyst_i_alt"] = stated
    return table


def _phases(block: Block, here: str, path, gap) -> list[dict]:
    phases = []
    for row in block.item.rows[1:]:
        cell = row[0] if row else None
        if cell is None or is_blank(cell.text):
            continue
        lines = [line.strip() for line in cell.text.split("\n") if line.strip()]
        match = PERIOD.search(plain(" ".join(lines[1:]))) if len(lines) > 1 else None
        start = parse_month(match.group(1), match.group(2)) if match else None
        end = parse_month(match.group(3), match.group(4)) if match else None
        if start is None or end is None:
            gap(here, f"Fasen '{lines[0]}' har ingen periode som 'apr. 2024 - sep. 2024' under navnet; "
                "den er udeladt.", path + ("faseplan",))
            continue
        phases.append({"fase": lines[0], "start": start, "slut": end})
    return phases


def _cell_value(text: str):
    """A bilag cell: a whole Danish figure ("2.320") as a number, anything else as its text."""
    text = " ".join(text.split())
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+|-?\d{1,15}", text):
        try:
            return parse_amount(text)
        except NotANumber:
            return text
    return text if text else None
