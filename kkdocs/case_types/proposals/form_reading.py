"""One reading of a proposal's documents: the state its part readers share, the form's numbered
sections, and the table helpers they use.

The form reader (form_reader.py) reads the sections, the economy reader Tabel 1/2
(economy_reader.py), the kvantum reader Tabel A and C (kvantum_reader.py); each writes its
case data, gaps, stated figures and places into the same `Reading`.
"""

from __future__ import annotations

import re

from kkdocs.word_import.danish_numbers import NotANumber, is_blank, parse_amount
from kkdocs.word_import.docx_reader import Paragraph, Table, WordDocument, plain
from kkdocs.word_import.form_parts import Block, MAX_HEADING, caption_of, cell_at, heading_words, is_title, stream
from kkdocs.word_import.imported_case import Gap, StatedFigure


# Texts of the form itself, never part of a case's text (seed 000, templates/make_templates.py).
FORM_TEXTS = ("her angives om forslaget udspringer af et innovationsforslag", "noter til alle tabeller",
              "anm. noter til alle tabeller", "alle besparelser er angivet", "slet herunder gerne kredse",
              "* i forbindelse med godkendelse i effektiviseringskredsen")

# The numbered sections of a proposal, by the words of their headings (seed 000).
SECTIONS = {
    "beskrivelse": re.compile(r"beskrivelse af forslag(et)?\b.*"),
    "økonomi": re.compile(r"økonomi(en)?"),
    "fordeling": re.compile(r"fordeling på udvalg(ene)?"),
    "implementering": re.compile(r"implementering og opfølgning"),
    "risikovurdering": re.compile(r"risikovurdering"),
    "administration": re.compile(r"effektivisering på administration(en)?"),
    "hørt": re.compile(r"hvem er hørt\??"),
    "kvantum": re.compile(r"tekniske tabeller til korrektioner i kvantum"),
}


class Reading:
    """The documents being read, and what has been read from them so far."""

    def __init__(self, documents: list[WordDocument], organisation):
        self.documents = documents
        self.blocks = stream(documents)
        self.organisation = organisation
        self.gaps: list[Gap] = []
        self.stated: list[StatedFigure] = []
        self.places: dict = {}
        self.data: dict = {}

    def gap(self, place: str, message: str, path=()) -> None:
        self.gaps.append(Gap(place, message, tuple(path)))

    def amounts(self, row, years: dict, here: str, path) -> dict:
        amounts = {}
        for column, year in years.items():
            cell = cell_at(row, column)
            if cell is None or cell.column != column or is_blank(cell.text):
                continue
            try:
                amounts[year] = parse_amount(cell.text)
            except NotANumber:
                self.gap(here, f"{year}: '{cell.text.strip()}' er ikke et helt beløb i 1.000 kr.; året er udeladt.",
                         path)
        return amounts


def prose(section: list[Block]) -> list[Paragraph]:
    """A section's own paragraphs: not its tables, their captions, or the form's standing texts."""
    return [b.item for b in section if isinstance(b.item, Paragraph) and not caption_of(b) and not form_text(b.item)]


def form_text(p: Paragraph) -> bool:
    text = plain(p.text)
    return not text or text.startswith(FORM_TEXTS) or text == "udkast" or bool(re.match(r"^\*+\s*\S", text))


def year_header(table: Table) -> tuple[int, dict[int, int]]:
    """The index of the row with the year columns, and grid column -> year."""
    for index, row in enumerate(table.rows[:4]):
        years = {c.column: int(c.text.strip()) for c in row if re.fullmatch(r"\s*(19|20)\d\d\s*", c.text)}
        if len(years) >= 1 and index < len(table.rows):
            return index, years
    return 0, {}


def section_of(block: Block) -> str | None:
    """The proposal section a paragraph is the heading of, or None."""
    if not isinstance(block.item, Paragraph) or len(block.item.text) > MAX_HEADING:
        return None
    words = heading_words(block.item.text)
    for name, pattern in SECTIONS.items():
        if pattern.fullmatch(words):
            return name
    return None


def find_section(blocks: list[Block], name: str) -> int | None:
    return next((i for i, b in enumerate(blocks) if section_of(b) == name), None)


def section_blocks(blocks: list[Block], start: int) -> list[Block]:
    """The blocks after the heading at `start`, up to the next section heading, title or other document."""
    result = []
    for block in blocks[start + 1:]:
        if block.document != blocks[start].document or section_of(block) or is_title(block):
            break
        result.append(block)
    return result


def tables(blocks: list[Block]) -> list[tuple[Block, str | None]]:
    """Every table with the caption of the nearest "Tabel …" paragraph above it in the same document."""
    result = []
    caption = None
    for block in blocks:
        if isinstance(block.item, Table):
            result.append((block, caption))
            caption = None
        elif caption_of(block):
            caption = plain(block.item.text)
        elif section_of(block) or is_title(block):
            caption = None
    return result
