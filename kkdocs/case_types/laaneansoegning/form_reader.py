"""Read an ansøgning om lånedispensation (seed 002, kkdocs' ansøgning.docx) into case data.

The form gives the applicant ("Ansøger: Københavns Kommune (kommunenr. 101)"), the pool's
schema name on indtast.dk, the project table with columns A-G and its "I alt" row, the six
numbered questions each with its answer in a one-cell table, and the contacts. It does not
give a project's paragraf, art, bruttoanlægsudgift or coordination: those are gaps the case
must fill in (and `--into` keeps them from the case). The "I alt" row's figures are compared
with kkdocs' totals after validation.
"""

from __future__ import annotations

import re

from kkdocs.word_import.danish_dates import parse_date
from kkdocs.word_import.danish_numbers import NotANumber, is_blank, parse_amount, parse_number
from kkdocs.word_import.docx_reader import Paragraph, Table, WordDocument, plain
from kkdocs.word_import.form_parts import (Block, cell_at, first_cell, has_draft_mark, label_text, rich_text, stream,
                                           where)
from kkdocs.word_import.imported_case import Gap, ImportedCase, Missing, StatedFigure


# The six text fields in the form's order (seed 002:269-316): question number -> field.
QUESTIONS = ("kapacitet", "andel_andre_kommuner", "prissætning", "låneadgang", "tidsplan",
             "nyetablering_eller_renovering")
NOT_IN_FORM = ("paragraf", "art", "bruttoanlægsudgift", "koordineret_i")
PLACEHOLDERS = {"paragraf": Missing("«107 eller 108»"), "art": Missing("«nybyggeri, eksisterende_bygning eller renovering»"),
                "bruttoanlægsudgift": Missing("«1.000 kr.»"), "koordineret_i": Missing("«KKR, tværkommunalt eller ingen»")}


def recognises(documents: list[WordDocument], updating: str | None) -> bool:
    return loan_table(documents) is not None


def near_miss(documents: list[WordDocument]) -> str | None:
    """Documents that name the loan pool but hold no project table."""
    if not any(_mentions(d, "ansøgning til lånepulje") for d in documents):
        return None
    return ("det ligner en ansøgning om lånedispensation, men projekttabellen (kolonne A-G med 'Ansøgt lånebeløb') "
            "findes ikke.")


def _mentions(document: WordDocument, words: str) -> bool:
    for block in document.blocks:
        texts = [block.text] if isinstance(block, Paragraph) else [c.text for r in block.rows for c in r] \
            if isinstance(block, Table) else []
        if any(words in plain(t) for t in texts):
            return True
    return False


def loan_table(documents: list[WordDocument]) -> Block | None:
    for block in stream(documents):
        if isinstance(block.item, Table) and block.item.rows and plain(first_cell(block.item.rows[0])) == "projekt" \
                and any("lånebeløb" in plain(c.text) for c in block.item.rows[0]):
            return block
    return None


def read_loan(documents: list[WordDocument]) -> ImportedCase:
    blocks = stream(documents)
    table = loan_table(documents)
    gaps: list[Gap] = []
    places: dict = {}
    data: dict = {"type": "laaneansoegning"}
    document = table.document
    paragraphs = [b for b in blocks if isinstance(b.item, Paragraph) and b.document == document]
    title = next((b for b in paragraphs if b.item.style in ("title", "titel") and b.item.text.strip()), None) or \
        next((b for b in paragraphs if b.item.text.strip() and plain(b.item.text) != "udkast"), None)
    data["titel"] = " ".join(title.item.text.split()) if title else Missing("«ansøgningens titel»")
    data["sag"] = Missing("«budgetprocessen, fx Lånepulje 2025-26»")
    data["frist"] = Missing("«ÅÅÅÅ-MM-DD»")
    udkast = has_draft_mark(documents, blocks)
    data["status"] = "udkast" if udkast else Missing("«udkast, hørt eller godkendt»")
    gaps += [Gap(document, "Formularen angiver ikke sagens budgetproces; skriv den under sag.", ("sag",)),
             Gap(document, "Formularen angiver ikke fristen før udvalget; skriv den under frist.", ("frist",))]
    if not udkast:
        gaps.append(Gap(document, "Formularen viser ikke sagens status (kun et UDKAST-mærke ville); skriv udkast, hørt "
                        "eller godkendt under status.", ("status",)))
    schema = next((m for b in paragraphs if (m := re.search(r"skemaet\s+(\S+)\s+på indtast", b.item.text))), None)
    data["pulje"] = schema.group(1) if schema else Missing("«skemaets navn på indtast.dk»")
    if schema is None:
        gaps.append(Gap(document, "Formularen nævner ikke skemaet på indtast.dk ('skemaet … på indtast.dk').",
                        ("pulje",)))
    applicant = next((b for b in paragraphs if plain(b.item.text).startswith("ansøger:")), None)
    match = re.match(r"ansøger:\s*(.+?)\s*\((?:kommunenr\.?|kommunenummer)\s*(\d+)\)", applicant.item.text, re.I) \
        if applicant else None
    if match:
        data["ansøger"] = {"kommune": match.group(1), "kommunenummer": int(match.group(2))}
        places[("ansøger",)] = where(applicant, "Ansøger")
    else:
        data["ansøger"] = {"kommune": Missing("«kommunens navn»"), "kommunenummer": Missing("«kommunenummer»")}
        gaps.append(Gap(document, "Linjen 'Ansøger: <kommune> (kommunenr. <nummer>)' findes ikke.", ("ansøger",)))
    date_line = next((b for b in paragraphs if plain(b.item.text).startswith("dato:")), None)
    if date_line:
        sent = parse_date(re.split(r"\t|underskrift", date_line.item.text[5:], flags=re.I)[0].strip())
        if sent is not None:
            data["indsendt"] = sent
    stated = _projects(table, data, gaps, places)
    data["beskrivelse"] = _answers(blocks, document, gaps, places)
    data["kontakter"] = _contacts(blocks, document, gaps, places)
    not_in_form = (("frist",), ("status",), ("sag",)) + tuple(("projekter", "*", key) for key in NOT_IN_FORM)
    imported = ImportedCase("laaneansoegning", data, [d.name for d in documents], gaps, stated, places=places,
                            not_in_form=not_in_form)
    for document in documents:
        imported.comments += [(document.name, c) for c in document.comments]
        imported.changes += [(document.name, c) for c in document.changes]
    return imported


def _projects(block: Block, data: dict, gaps: list[Gap], places: dict) -> list[StatedFigure]:
    rows = block.item.rows
    header = rows[0]
    loan_columns, place_columns = {}, {}
    share_column = date_column = name_column = None
    for cell in header:
        text = plain(cell.text)
        year = re.search(r"\b(20\d\d|19\d\d)\b", text)
        if "lånebeløb" in text and year:
            loan_columns[cell.column] = int(year.group(1))
        elif "udvider" in text and year:
            place_columns[cell.column] = int(year.group(1))
        elif "andre kommuner" in text:
            share_column = cell.column
        elif "afsluttet" in text:
            date_column = cell.column
        elif "projektnavn" in text or text.startswith("a"):
            name_column = cell.column if name_column is None else name_column
    projects = []
    total_row = None
    for number, row in enumerate(rows[1:], start=2):
        if plain(first_cell(row)) == "i alt":
            total_row = (number, row)
            continue
        name_cell = cell_at(row, name_column) if name_column is not None else None
        name = label_text(name_cell.text) if name_cell is not None else ""
        if not name:
            if not all(is_blank(c.text) for c in row[1:]):
                gaps.append(Gap(where(block, f"projekttabellen, række {number}"), "Rækken har tal, men intet "
                                "projektnavn i kolonne A; den er udeladt.", ("projekter",)))
            continue
        here = where(block, f"projekttabellen, række {number} ('{name[:40]}')")
        path = ("projekter", len(projects))
        places[path] = here
        project: dict = {"navn": name}
        for key in NOT_IN_FORM[:3]:
            project[key] = PLACEHOLDERS[key]
        project["lån"] = _years(row, loan_columns, here, gaps, path + ("lån",))
        project["pladser"] = _years(row, place_columns, here, gaps, path + ("pladser",))
        share = _share(cell_at(row, share_column) if share_column is not None else None, here, gaps, path)
        project["andel_andre_kommuner"] = share if share is not None else Missing("«pct.»")
        date_cell = cell_at(row, date_column) if date_column is not None else None
        finished = parse_date(date_cell.text.strip()) if date_cell is not None and date_cell.text.strip() else None
        project["forventet_afsluttet"] = finished or Missing("«ÅÅÅÅ-MM-DD»")
        if finished is None:
            gaps.append(Gap(here, "Datoen i kolonne G (dd/mm/åååå) mangler eller kan ikke læses.",
                            path + ("forventet_afsluttet",)))
        project["koordineret_i"] = PLACEHOLDERS["koordineret_i"]
        for key in NOT_IN_FORM:
            gaps.append(Gap(here, f"Formularen angiver ikke projektets {key.replace('_', ' ')}; skriv det i sagen.",
                            path + (key,)))
        projects.append(project)
    data["projekter"] = projects or Missing("«projekterne»")
    if not projects:
        gaps.append(Gap(where(block), "Projekttabellen har intet projekt med et navn i kolonne A.", ("projekter",)))
    stated = []
    if total_row is not None:
        number, row = total_row
        here = where(block, f"projekttabellen, I alt (række {number})")
        loans = _years(row, loan_columns, here, gaps, ("projekter",))
        places_total = _years(row, place_columns, here, gaps, ("projekter",))
        if loans:
            stated.append(StatedFigure(here, "Ansøgt lånebeløb i alt for {key}", "lån_i_alt", loans))
        if places_total:
            stated.append(StatedFigure(here, "Pladser i alt i {key}", "pladser_i_alt", places_total))
    return stated


def _years(row, columns: dict, here: str, gaps: list[Gap], path) -> dict:
    result = {}
    for column, year in columns.items():
        cell = cell_at(row, column)
        if cell is None or is_blank(cell.text):
            continue
        try:
            result[year] = parse_amount(cell.text)
        except NotANumber:
            gaps.append(Gap(here, f"{year}: '{cell.text.strip()}' er ikke et helt tal; året er udeladt.", path))
    return result


def _share(cell, here: str, gaps: list[Gap], path):
    if cell is None or is_blank(cell.text):
        gaps.append(Gap(here, "Andelen til andre kommuner (kolonne F) mangler.", path + ("andel_andre_kommuner",)))
        return None
    try:
        value = parse_number(cell.text.replace("%", "").replace("pct.", "").replace("pct", ""))
    except NotANumber:
        gaps.append(Gap(here, f"Andelen '{cell.text.strip()}' i kolonne F er ikke et tal.",
                        path + ("andel_andre_kommuner",)))
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _answers(blocks: list[Block], document: str, gaps: list[Gap], places: dict) -> dict:
    answers: dict = {}
    for index, block in enumerate(blocks):
        if block.document != document or not isinstance(block.item, Paragraph):
            continue
        match = re.match(r"^\s*([1-6])\.\s", block.item.text)
        if not match or index + 1 >= len(blocks) or not isinstance(blocks[index + 1].item, Table):
            continue
        answer = blocks[index + 1].item
        if len(answer.rows) != 1 or len(answer.rows[0]) != 1:
            continue
        key = QUESTIONS[int(match.group(1)) - 1]
        text = rich_text(list(answer.rows[0][0].paragraphs))
        places[("beskrivelse", key)] = where(blocks[index + 1], f"tekstfelt {match.group(1)}")
        if key not in answers and text:
            answers[key] = text
    for number, key in enumerate(QUESTIONS, start=1):
        if key not in answers:
            answers[key] = Missing(f"«svaret på spørgsmål {number}»")
            gaps.append(Gap(document, f"Tekstfelt {number} (svaret under spørgsmål {number}) findes ikke eller er tomt.",
                            ("beskrivelse", key)))
    return {key: answers[key] for key in QUESTIONS}


def _contacts(blocks: list[Block], document: str, gaps: list[Gap], places: dict):
    table = next((b for b in blocks if isinstance(b.item, Table) and b.item.rows
                  and plain(first_cell(b.item.rows[0])).startswith("navn")), None)
    contacts = []
    if table is not None:
        for number, row in enumerate(table.item.rows[1:], start=2):
            texts = [label_text(c.text) for c in row] + ["", "", ""]
            if not texts[0]:
                continue
            navn, _, titel = texts[0].partition(", ")
            contact = {"navn": navn, "titel": titel or Missing("«titel»"), "telefon": texts[1] or Missing("«telefon»"),
                       "email": texts[2] or Missing("«e-mail»")}
            here = where(table, f"kontakttabellen, række {number}")
            for key in ("titel", "telefon", "email"):
                if isinstance(contact[key], Missing):
                    gaps.append(Gap(here, f"Kontaktens {key} mangler (navn og titel skrives 'Navn, titel').",
                                    ("kontakter", len(contacts), key)))
            places[("kontakter", len(contacts))] = here
            contacts.append(contact)
    if not contacts:
        gaps.append(Gap(document, "Kontakttabellen ('Navn(e) og titel') findes ikke eller er tom.", ("kontakter",)))
        return Missing("«mindst én kontakt»")
    return contacts
