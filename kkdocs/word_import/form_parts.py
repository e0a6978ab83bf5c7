"""Find a form's parts by their headings and table labels, not by fixed positions.

All the documents given to one import (forslag, administrativt bilag, bilag) are read as one
stream of blocks, each knowing its document, so that a hand-made form that holds the
administrativt bilag in the same file as the forslag reads like kkdocs' own two files.

A heading is found by its words, whatever its number ("1.", "2.1", "5" or none) and style; a
table by the labels in its cells (its first column, its header row), with the caption above it
("Tabel 2. …", "Tabel A. …") only telling tables of the same shape apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kkdocs.word_import.danish_numbers import NotANumber, is_blank, parse_amount
from kkdocs.word_import.docx_reader import Cell, Paragraph, Table, WordDocument, plain
from kkdocs.word_import.imported_case import Gap


_NUMBER = re.compile(r"^\s*(\d+(\.\d+)*)\.?\s+")
_CAPTION = re.compile(r"^tabel\s+(\d+|[a-z])\b\.?")
MAX_HEADING = 120  # characters; a longer paragraph is text, whatever its words


@dataclass(frozen=True)
class Block:
    document: str
    index: int  # position in its document, from 0
    item: Paragraph | Table


# Center for Økonomi's standard note in the proposal form's hearing table: the form's text, not the case's.
CFO_STANDARD = ("angiv dato for godkendelse", "alle forslag skal godkendes i deres endelige form",
                "center for økonomi i økonomiforvaltningen orienteres inden udvalgsgodkendelse")


def stream(documents: list[WordDocument]) -> list[Block]:
    return [Block(d.name, i, item) for d in documents for i, item in enumerate(d.blocks)]


def heading_words(text: str) -> str:
    """A heading's words without its number: "2.1 Fordeling på udvalg" -> "fordeling på udvalg"."""
    return _NUMBER.sub("", plain(text)).rstrip(" :.")


def caption_of(block: Block) -> str | None:
    """"2", "a", "c" … for a paragraph "Tabel 2. …", "Tabel A. …"; None for any other block."""
    if not isinstance(block.item, Paragraph) or len(block.item.text) > MAX_HEADING:
        return None
    match = _CAPTION.match(plain(block.item.text))
    return match.group(1) if match else None


def has_draft_mark(documents: list[WordDocument], blocks: list[Block]) -> bool:
    """Whether the form carries the UDKAST mark: in a page header, as kkdocs prints it, or as a paragraph."""
    return any(re.search(r"\budkast\b", plain(d.header_text)) for d in documents) or any(
        isinstance(b.item, Paragraph) and plain(b.item.text) == "udkast" for b in blocks)


def is_title(block: Block) -> bool:
    return isinstance(block.item, Paragraph) and block.item.style in ("title", "titel")


def rich_text(paragraphs: list[Paragraph]) -> str | None:
    """Paragraphs as a free-text field of the case format: items as "- "/"1. ", a bold line as **…**."""
    parts = []
    previous = None
    for p in paragraphs:
        text = " ".join(p.text.replace("\t", " ").split())
        if not text:
            continue
        if p.list_kind == "punkt":
            text = "- " + text.lstrip("•·▪–- ").strip()
        elif p.list_kind == "nummereret":
            text = "1. " + re.sub(r"^\d{1,3}[.)]\s*", "", text)
        elif p.bold and len(text) <= MAX_HEADING:
            text = f"**{text}**"
        elif re.match(r"^[•·▪]\s", text):
            text = "- " + text[1:].strip()
        kind = p.list_kind
        parts.append(("\n" if kind and kind == previous else "\n\n") + text if parts else text)
        previous = kind
    return "".join(parts) or None


def label_text(text: str) -> str:
    """A cell's text as one line: a word broken by "-" at a line break joined ("for-\nvaltningerne")."""
    text = re.sub(r"(\w)-[ \t]*\n\s*([a-zæøå])", r"\1\2", text.replace("\u00ad", ""))
    return " ".join(text.split())


def first_cell(row: tuple[Cell, ...]) -> str:
    """The text of a row's first cell, as one line."""
    return label_text(row[0].text) if row else ""


def cell_at(row: tuple[Cell, ...], column: int) -> Cell | None:
    """The cell of `row` that covers grid column `column`."""
    for cell in row:
        if cell.column <= column < cell.column + cell.span:
            return cell
    return None


def where(block: Block, detail: str = "") -> str:
    """A place in a document for a message: "forslag.docx, Tabel 2, række 3"."""
    return block.document + (f", {detail}" if detail else "")


def year_column_gaps(table: Table, header_index: int, years: dict[int, int], place: str, path: tuple) -> list[Gap]:
    """A gap for each column below which the table has amounts but whose header is no year ("2O24",
    "2024*", "Budget 2024", nothing): reading on without it would drop its amounts without a word.
    `path` is the part of the case the table gives, which an update then leaves as it is."""
    headers = {cell.column: " ".join(cell.text.split()) for row in table.rows[:header_index + 1] for cell in row}
    gaps = []
    rows = table.rows[header_index + 1:]
    for column in sorted({cell.column for row in rows for cell in row}):
        if column not in years and any(_is_amount(cell_at(row, column), column) for row in rows):
            header = headers.get(column, "")
            shown = f"'{header}'" if header else "uden overskrift"
            gaps.append(Gap(place, f"Kolonnen {shown} har beløb, men dens overskrift er ikke et årstal, så beløbene "
                                   "kan ikke læses; skriv årstallet alene i overskriften, fx 2024.", tuple(path),
                            serious=True))
    return gaps


def _is_amount(cell: Cell | None, column: int) -> bool:
    if cell is None or cell.column != column or is_blank(cell.text):
        return False
    try:
        parse_amount(cell.text)
    except NotANumber:
        return False
    return True
