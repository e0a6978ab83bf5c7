"""Read a fordelingsbilag (seed 002's Bilag 8.2, kkdocs' bilag.docx) into case data.

The form is a title ("Bilag 8.2 Finansiering pr. kommune …"), the text above the table, and
the key table: name, "<nøgle> - antal", "Andel <nøgle> pct.", "Andel finansiering kr.", with a
total row ("Indbyggere hele KKR Hovedstaden" or "I alt") first or last. The weights become
`nøgle`, the total row's weight `oplyst_nøgletotal` and its amount `beløb`; each row's stated
amount is compared with kkdocs' distribution after validation (a StatedFigure per row).

A table headed otherwise, as seed 002's second appendix ("Indbyggere | Andel pct. | Beløb
finansiering", total row "Region Hovedstaden"), is read too: the headings that are not kkdocs'
own become `kolonner`, and a first or last row whose share is 100 is the total row, its label
`total_navn` when it is neither "I alt" nor "<nøgle> hele <område>".
"""

from __future__ import annotations

import re
from decimal import Decimal

from kkdocs.findings import shown
from kkdocs.word_import.danish_numbers import NotANumber, is_blank, parse_amount, parse_number
from kkdocs.word_import.docx_reader import Paragraph, Table, WordDocument, plain
from kkdocs.word_import.form_parts import Block, first_cell, has_draft_mark, label_text, rich_text, stream, where
from kkdocs.word_import.imported_case import Gap, ImportedCase, Missing, StatedFigure


AMOUNT_HEADER = re.compile(r"(?:andel|beløb) finansiering\s*(1\.000 kr\.?|kr\.?)?")
SHARE_HEADER = re.compile(r".*\bpct\.?")
TOTAL_LABEL = re.compile(r"(i alt|total)\b.*|.+\bhele\b.+")
NUMBER_TITLE = re.compile(r"^\s*(bilag\s+[\d.]*\d)\s+(.+)$", re.I | re.S)


def recognises(documents: list[WordDocument], updating: str | None) -> bool:
    return distribution_table(documents) is not None


def distribution_table(documents: list[WordDocument]) -> Block | None:
    for block in stream(documents):
        if isinstance(block.item, Table) and block.item.rows and \
                any(AMOUNT_HEADER.match(plain(c.text)) for c in block.item.rows[0]):
            return block
    return None


def read_distribution(documents: list[WordDocument]) -> ImportedCase:
    blocks = stream(documents)
    table_block = distribution_table(documents)
    gaps: list[Gap] = []
    places: dict = {}
    data: dict = {"type": "fordelingsbilag"}
    document = table_block.document
    before = [b for b in blocks if b.document == document and b.index < table_block.index
              and isinstance(b.item, Paragraph)]
    texts = [b for b in before if b.item.text.strip() and plain(b.item.text) != "udkast"]
    title = texts[0] if texts else None
    if title is None:
        data["titel"] = Missing("«bilagets titel»")
        gaps.append(Gap(document, "Bilaget har ingen titel over teksten.", ("titel",)))
    else:
        text = " ".join(title.item.text.split())
        match = NUMBER_TITLE.match(text)
        data["titel"] = match.group(2) if match else text
        places[("titel",)] = where(title, "titlen")
    data["sag"] = Missing("«budgetprocessen eller mødet, fx KKR Hovedstaden, marts 2024»")
    data["frist"] = Missing("«ÅÅÅÅ-MM-DD»")
    udkast = has_draft_mark(documents, blocks)
    data["status"] = "udkast" if udkast else Missing("«udkast, hørt eller godkendt»")
    gaps.append(Gap(document, "Bilaget angiver ikke, hvilken sag eller hvilket møde det hører til; skriv det under "
                    "sag.", ("sag",)))
    gaps.append(Gap(document, "Formularen angiver ikke fristen før udvalget; skriv den under frist.", ("frist",)))
    if not udkast:
        gaps.append(Gap(document, "Formularen viser ikke sagens status (kun et UDKAST-mærke ville); skriv udkast, hørt "
                        "eller godkendt under status.", ("status",)))
    body = rich_text([b.item for b in texts[1:]])
    data["tekst"] = body if body else Missing("«teksten over tabellen»")
    if not body:
        gaps.append(Gap(document, "Bilaget har ingen tekst over tabellen.", ("tekst",)))
    places[("tekst",)] = where(table_block, "teksten")
    stated = _key_table(table_block, data, gaps, places, title)
    imported = ImportedCase("fordelingsbilag", data, [d.name for d in documents], gaps, stated, places=places,
                            not_in_form=(("frist",), ("status",), ("sag",)))
    for document in documents:
        imported.comments += [(document.name, c) for c in document.comments]
        imported.changes += [(document.name, c) for c in document.changes]
    return imported


def _key_table(block: Block, data: dict, gaps: list[Gap], places: dict, title) -> list[StatedFigure]:
    rows = block.item.rows
    header = [label_text(c.text) for c in rows[0]]
    columns = [c.column for c in rows[0]]
    amount_column = next(c for c, h in zip(columns, header) if AMOUNT_HEADER.match(plain(h)))
    key_index = next((i for i, h in enumerate(header) if plain(h).endswith("antal")), 1)
    key_column = columns[key_index]
    share_column = next((c for c, h in zip(columns, header) if SHARE_HEADER.fullmatch(plain(h))), None)
    unit = AMOUNT_HEADER.match(plain(header[columns.index(amount_column)])).group(1) or ""
    data["beløb"] = Missing("«beløbet, der fordeles»")
    data["enhed"] = "1.000 kr." if unit.startswith("1.000") else "kr." if unit else Missing("«kr. eller 1.000 kr.»")
    if not unit:
        gaps.append(Gap(where(block, "tabellens hoved"), "Beløbskolonnens overskrift angiver ikke enheden (kr. eller "
                        "1.000 kr.).", ("enhed",)))
    name = re.sub(r"\s*-\s*antal$", "", header[key_index], flags=re.I).strip()
    data["nøgle_navn"] = name or Missing("«nøglens navn, fx Indbyggere»")
    if not name:
        gaps.append(Gap(where(block, "tabellens hoved"), "Nøglekolonnens overskrift mangler.", ("nøgle_navn",)))
    own = _own_headings(header, columns, key_index, share_column, amount_column, name)
    if own:
        data["kolonner"] = own
        places[("kolonner",)] = where(block, "tabellens hoved")
    if title is not None:
        match = NUMBER_TITLE.match(" ".join(title.item.text.split()))
        if match:
            data["bilagsnummer"] = match.group(1)
    nøgle: dict = {}
    amounts: dict = {}
    total_weight = None
    filled = [(number, row) for number, row in enumerate(rows[1:], start=2)
              if first_cell(row) or not all(is_blank(c.text) for c in row)]
    named_total = any(TOTAL_LABEL.fullmatch(plain(first_cell(row))) for _, row in filled)
    for number, row in filled:
        label = first_cell(row)
        here = where(block, f"række {number} ('{label[:40]}')")
        weight = _number(_cell(row, key_column), here, gaps)
        amount = _amount(_cell(row, amount_column), here, gaps)
        if TOTAL_LABEL.fullmatch(plain(label)) or \
                (not named_total and row in (filled[0][1], filled[-1][1]) and _whole(row, share_column)):
            total_weight = weight
            if amount is not None:
                data["beløb"] = amount
                places[("beløb",)] = here
            area = re.match(r".+?\bhele\b\s+(.+)", label)
            if area and name and plain(label).startswith(plain(name)):
                data["område"] = area.group(1).strip()
            elif not TOTAL_LABEL.fullmatch(plain(label)) and label:
                data["total_navn"] = label
                places[("total_navn",)] = here
            places[("oplyst_nøgletotal",)] = here
            continue
        if weight is None:
            continue
        if label in nøgle:
            gaps.append(Gap(here, f"'{label}' står to gange; kun den første række er med.", ("nøgle",)))
            continue
        nøgle[label] = weight
        places[("nøgle", label)] = here
        if amount is not None:
            amounts[label] = amount
    data["nøgle"] = nøgle or Missing("«navn: vægt, …»")
    if not nøgle:
        gaps.append(Gap(where(block), "Tabellen har ingen rækker med en vægt.", ("nøgle",)))
    if isinstance(data["beløb"], Missing):
        gaps.append(Gap(where(block), "Tabellen har ingen totalrække ('I alt') med det beløb, der fordeles.",
                        ("beløb",)))
    if total_weight is not None:
        data["oplyst_nøgletotal"] = total_weight
    return [StatedFigure(where(block, "kolonnen Andel finansiering"), "Andelen til {key}", "rækker.beløb", amounts)] \
        if amounts else []


def _own_headings(header: list[str], columns: list[int], key_index: int, share_column: int | None,
                  amount_column: int, name: str) -> dict[str, str]:
    """The headings that are not the ones kkdocs prints by default (context.distribution_columns)."""
    amount = header[columns.index(amount_column)]
    own = {"navn": header[0] if key_index > 0 else "",
           "nøgle": "" if plain(header[key_index]).endswith("antal") else header[key_index],
           "andel": header[columns.index(share_column)] if share_column is not None else "",
           "beløb": "" if plain(amount).startswith("andel finansiering") else amount}
    if own["andel"] and plain(own["andel"]) == plain(f"Andel {name} pct."):
        own["andel"] = ""
    return {key: text for key, text in own.items() if text}


def _whole(row, share_column: int | None) -> bool:
    """The row's share is 100 %: the total row, whatever it is called."""
    cell = _cell(row, share_column) if share_column is not None else None
    if cell is None or is_blank(cell.text):
        return False
    try:
        return parse_number(cell.text) == 100
    except NotANumber:
        return False


def _cell(row, column):
    return next((c for c in row if c.column <= column < c.column + c.span), None)


def _number(cell, here: str, gaps: list[Gap]):
    if cell is None or is_blank(cell.text):
        return None
    try:
        value = parse_number(cell.text)
    except NotANumber as exc:
        gaps.append(Gap(here, f"Vægten {shown(cell.text.strip())} er ikke et tal{exc.hint}; rækken er udeladt.",
                        ("nøgle",)))
        return None
    return int(value) if value == value.to_integral_value() else float(value) if isinstance(value, Decimal) else value


def _amount(cell, here: str, gaps: list[Gap]) -> int | None:
    if cell is None or is_blank(cell.text):
        return None
    try:
        return parse_amount(cell.text)
    except NotANumber as exc:
        gaps.append(Gap(here, f"Beløbet {shown(cell.text.strip())} er ikke et helt beløb{exc.hint}; det er ikke "
                              "kontrolleret.",
                        ("nøgle",)))
        return None
