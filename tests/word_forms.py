"""Word forms for the import tests: kkdocs' own output edited as a colleague would, and forms made by hand.

The hand-made forms follow the official layout (seed 000) the way a forvaltning fills it in
Word: the same tables in the same order with the same headings, but with other column widths,
merged header cells, empty rows, soft hyphens, thousands separators, "–" and "÷" as minus, a
heading with another number, and the seed's own spelling ("EFFEKTIVISERINGFORSLAG").
"""

from __future__ import annotations

import copy
import datetime
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from kkdocs.danish_format import format_amount

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def paragraph_with(document, text: str):
    """The first body or cell paragraph whose text starts with `text`."""
    for paragraph in _all_paragraphs(document):
        if paragraph.text.startswith(text):
            return paragraph
    raise AssertionError(f"intet afsnit begynder med {text!r}")


def _all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def set_text(paragraph, text: str) -> None:
    """Reword a paragraph as Word does: the first run gets the text, the other runs go."""
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


def table_with_row(document, label: str):
    """(table, row) of the first row whose first cell is `label`."""
    for table in document.tables:
        for row in table.rows:
            if row.cells[0].text.strip() == label:
                return table, row
    raise AssertionError(f"ingen række {label!r}")


def set_cell(cell, text: str) -> None:
    paragraph = cell.paragraphs[0]
    if paragraph.runs:
        set_text(paragraph, text)
    else:
        paragraph.add_run(text)


def add_row_like(table, model_row, texts: list[str]) -> None:
    """A new row right below `model_row`, made as a copy of it, with other texts (as Word's "insert row below")."""
    new = copy.deepcopy(model_row._tr)
    model_row._tr.addnext(new)
    row = next(r for r in table.rows if r._tr is new)
    for cell, text in zip(row.cells, texts):
        set_cell(cell, text)


def track_insertion(paragraph, text: str, author: str = "Kollega") -> None:
    """A tracked insertion (w:ins) at the end of a paragraph, not accepted."""
    ins = OxmlElement("w:ins")
    ins.set(qn("w:id"), "901")
    ins.set(qn("w:author"), author)
    ins.set(qn("w:date"), "2024-01-10T10:00:00Z")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    run.append(t)
    ins.append(run)
    paragraph._p.append(ins)


def track_deletion(paragraph, author: str = "Kollega") -> str:
    """The paragraph's last run made a tracked deletion (w:del), not accepted; its text."""
    run = paragraph.runs[-1]._r
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), "902")
    deleted.set(qn("w:author"), author)
    deleted.set(qn("w:date"), "2024-01-10T10:00:00Z")
    run.addprevious(deleted)
    deleted.append(run)
    text = ""
    for t in run.findall(qn("w:t")):
        t.tag = qn("w:delText")
        text += t.text or ""
    return text


def legacy_checkbox_paragraph(document, label: str, checked: bool):
    """A paragraph with a Word 97 check box form field (FORMCHECKBOX) before `label`."""
    from lxml import etree

    state = "<w:checked/>" if checked else "<w:default w:val='0'/>"
    xml = (f"<w:p xmlns:w='{W_NS}'><w:r><w:fldChar w:fldCharType='begin'><w:ffData><w:name w:val='Check1'/>"
           f"<w:enabled/><w:checkBox><w:sizeAuto/>{state}</w:checkBox></w:ffData></w:fldChar></w:r>"
           "<w:r><w:instrText xml:space='preserve'> FORMCHECKBOX </w:instrText></w:r>"
           "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
           f"<w:r><w:t xml:space='preserve'> {label}</w:t></w:r></w:p>")
    document.element.body.append(etree.fromstring(xml))


def text_box(paragraph, lines: list[str]) -> None:
    """A text box anchored in `paragraph` holding `lines`, as Word writes it: DrawingML, with a VML fallback."""
    from lxml import etree

    body = "".join(f"<w:p><w:r><w:t xml:space='preserve'>{line}</w:t></w:r></w:p>" for line in lines)
    xml = (f"<w:r xmlns:w='{W_NS}' xmlns:mc='http://schemas.openxmlformats.org/markup-compatibility/2006' "
           "xmlns:wps='http://schemas.microsoft.com/office/word/2010/wordprocessingShape' "
           "xmlns:v='urn:schemas-microsoft-com:vml'><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing>"
           f"<wps:wsp><wps:txbx><w:txbxContent>{body}</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>"
           f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{body}</w:txbxContent></v:textbox></v:shape>"
           "</w:pict></mc:Fallback></mc:AlternateContent></w:r>")
    paragraph._p.append(etree.fromstring(xml))


# --- hand-made forms -------------------------------------------------------------------------------

def _cell_text(cell, text: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        run.bold = bold or None
        if index < len(text.split("\n")) - 1:
            run.add_break()


def _table(document, rows: list[list[str]], widths: list[float], bold_first: bool = True):
    table = document.add_table(rows=0, cols=len(widths))
    table.style = document.styles["Table Grid"]
    for index, texts in enumerate(rows):
        cells = table.add_row().cells
        for cell, text, width in zip(cells, texts, widths):
            cell.width = Cm(width)
            _cell_text(cell, text, bold=bold_first and index == 0)
    return table


def _merge_across(row, first: int, last: int, text: str | None = None):
    cell = row.cells[first].merge(row.cells[last])
    if text is not None:
        for paragraph in cell.paragraphs[1:]:
            paragraph._p.getparent().remove(paragraph._p)
        set_cell(cell, text)
    return cell


def figure(amount: int | None, minus: str = "-") -> str:
    """An amount as a hand-made form writes it: thousands separator, and its own minus sign."""
    if amount is None:
        return ""
    return format_amount(amount).replace("-", minus)


def hand_made_efficiency_form(path: Path, *, stated_total: dict[int, int], rows: list[tuple[str, str, dict]],
                              tabel_a: dict[str, dict[int, int]], tabel_a_total: dict[int, int],
                              years=(2024, 2025, 2026, 2027, 2028, 2029), heard_date="13. oktober 2023",
                              summary_in_text_box: bool = False) -> None:
    """An effektiviseringsforslag with its administrativt bilag in one file, as the official form has it."""
    document = docx.Document()
    document.add_paragraph("TVÆRGÅENDE EFFEKTIVISERINGFORSLAG", style="Title")  # the seed's own spelling
    document.add_paragraph("Budget 2025")
    document.add_paragraph("Indregning af energibesparelser ved renovering og planlagt vedligehold")
    resumé = "Københavns Ejendomme og Indkøb har udarbejdet en model, hvormed energibe\u00adsparelser kan indarbejdes i " \
             "budgetterne."
    if summary_in_text_box:  # as the official form: a text box beside the title, Word's VML copy as fallback
        text_box(document.add_paragraph(), [f"Kort resumé: {resumé}", "Fremstillende forvaltning: Økonomiforvaltningen"])
    summary = _table(document, ([] if summary_in_text_box else [["Kort resumé:", resumé],
                                                                ["Fremstillende forvaltning:", "Økonomiforvaltningen"]]) + [
                                ["Berørte forvalt-\nninger:",
                                 "☒ Økonomiforvaltningen ☒ Socialforvaltningen\n☒ Kultur- og Fritidsforvaltningen "
                                 "☐ Teknik- og Miljøforvaltningen\n☒ Børne- og Ungdomsforvaltningen ☐ Beskæftigelses- "
                                 "og Integrationsforvaltningen ☐ Sundheds- og Omsorgsforvaltningen"]],
                       [4.0, 13.0], bold_first=False)
    assert summary is not None
    document.add_paragraph("1 Beskrivelse af forslag (fremgangsmåde og effekt)", style="Heading 1")
    document.add_paragraph("KEID har udarbejdet en model for indregning af energieffektiviseringer.")
    document.add_paragraph("Modellen omfatter 38 projekter.", style="List Bullet")
    document.add_paragraph("Her angives om forslaget udspringer af et innovationsforslag:")
    legacy_checkbox_paragraph(document, "Ja [Angiv titel på innovationsforslag]", checked=False)
    legacy_checkbox_paragraph(document, "Nej", checked=True)
    document.add_paragraph("2. Økonomi", style="Heading 1")
    document.add_paragraph("Besparelsen er beregnet ud fra de sparede kWh.")
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser", style="Heading 3")
    widths = [5.0, 2.2] + [1.6] * len(years)
    # Two header rows: the unit and Styringsområde merged down over both, "År" over the years.
    table = _table(document, [["1.000 kr. 2025 p/l", "Styrings-\nområde", "År"] + [""] * (len(years) - 1),
                              ["", "", *[str(y) for y in years]]], widths)
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(1, 1))
    _merge_across(table.rows[0], 2, len(widths) - 1)
    _merge_across(table.add_row(), 0, len(widths) - 1, "Varige ændringer (effektiviseringer og drift)")
    table.add_row()  # an empty row, as Word users leave them
    for label, area, amounts in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, [label, area, *[figure(amounts.get(y), "–") for y in years]]):
            _cell_text(cell, text)
    cells = table.add_row().cells
    for cell, text in zip(cells, ["Samlet varig æn\u00addring", "", *[figure(stated_total.get(y), "÷")
                                                                     for y in years]]):
        _cell_text(cell, text, bold=True)
    document.add_paragraph("Noter til alle tabeller: Forslaget skal udarbejdes i 2025 p/l")
    document.add_paragraph("Alle besparelser er angivet med negativt (-) fortegn.")
    document.add_paragraph("3. Implementering og opfølgning", style="Heading 1")
    document.add_paragraph("Der følges ikke særskilt op på de vedligeholdte ejendomme.")
    document.add_paragraph("4. Risikovurdering", style="Heading 1")
    document.add_paragraph("Risikoen vurderes som lav.")
    document.add_paragraph("ADMINISTRATIVT BILAG TIL TVÆRGÅENDE EFFEKTIVISERINGSFORSLAG", style="Title")
    document.add_paragraph("5. Hvem er hørt?", style="Heading 1")
    _table(document, [["", "Dato for orientering"],
                      ["Center for Økonomi, Økonomiforvaltningen", heard_date]], [6.0, 11.0])
    document.add_paragraph("6. Tekniske tabeller til korrektioner i Kvantum", style="Heading 1")
    document.add_paragraph("Tabel A. Måltalseffekt – hvis forslaget indarbejdes (nettoeffektivisering)",
                           style="Heading 3")
    kvantum = _table(document, [["Udvalg", "1.000 kr. 2025 p/l"] + [""] * (len(years) - 1),
                                ["Bevilling, profit-\ncenter mv.*", *[str(y) for y in years]]],
                     [4.5] + [2.0] * len(years))
    _merge_across(kvantum.rows[0], 1, len(years))  # the unit over all the year columns, as the form has it
    for udvalg, amounts in tabel_a.items():
        cells = kvantum.add_row().cells
        for cell, text in zip(cells, [udvalg, *[figure(amounts.get(y)) for y in years]]):
            _cell_text(cell, text)
    cells = kvantum.add_row().cells
    for cell, text in zip(cells, ["Total", *[figure(tabel_a_total.get(y)) for y in years]]):
        _cell_text(cell, text, bold=True)
    document.add_paragraph("* I forbindelse med godkendelse i Effektiviseringskredsen er det forvaltningernes eget "
                           "ansvar at udfylde de relevante oplysninger til teknisk udmøntning (i Kvantum) af forslaget.")
    document.save(str(path))


AFTER_TABLE_2 = "Udover projektudgifterne i tabel 2 vil forvaltningerne skulle afsætte personaleressourcer."


def hand_made_investment_form(path: Path, *, varige: list[tuple[str, str, dict]], implementering: list[tuple[str, str, dict]],
                              stated: dict[str, dict[int, int]], payback: tuple[str, str],
                              years=(2024, 2025, 2026, 2027, 2028, 2029)) -> None:
    """Only the forslag of an investeringsforslag: Tabel 2 with merged label cells and the payback rows."""
    document = docx.Document()
    document.add_paragraph("TVÆRGÅENDE INVESTERINGSFORSLAG", style="Title")
    document.add_paragraph("OFS 2023-2024")
    document.add_paragraph("Administrative lettelser i mobilhåndteringen")
    _table(document, [["Kort resumé:", "En ny ordning for mobiltelefoner."],
                      ["Fremstillende forvaltning:", "Økonomiforvaltningen"],
                      ["Berørte forvaltninger:", "☒ Økonomiforvaltningen\t☒ Socialforvaltningen\n☒ Kultur- og "
                                                 "Fritidsforvaltningen\t☐ Teknik- og Miljøforvaltningen"]],
           [3.0, 14.0], bold_first=False)
    document.add_paragraph("1. Beskrivelse af forslag (fremgangsmåde og effekt)", style="Heading 1")
    document.add_paragraph("Håndteringen af mobilenheder centraliseres.")
    document.add_paragraph("☐ Ja")
    document.add_paragraph("☒ Nej")
    document.add_paragraph("2. Økonomi", style="Heading 1")
    document.add_paragraph("Tabel 2. Forslagets samlede økonomiske konsekvenser", style="Heading 3")
    widths = [6.0, 2.0] + [1.5] * len(years)
    table = _table(document, [["1.000 kr. 2025 p/l", "Styringsområde", *[str(y) for y in years]]], widths)

    def add(label: str, area: str, amounts: dict) -> None:
        cells = table.add_row().cells
        for cell, text in zip(cells, [label, area, *[figure(amounts.get(y), "−") for y in years]]):
            _cell_text(cell, text)

    _merge_across(table.add_row(), 0, len(widths) - 1, "Varige ændringer (effektiviseringer og drift)")
    for row in varige:
        add(*row)
    add("Samlet varig ændring af investeringscasen", "", stated["samlet_varig_ændring"])
    _merge_across(table.add_row(), 0, len(widths) - 1, "Implementeringsomkostninger (midler fra investeringspuljen)")
    for row in implementering:
        add(*row)
    add("Samlede implemente-\nringsomkostninger", "", stated["samlede_implementeringsomkostninger"])
    add("Samlet økonomisk på-\nvirkning", "", stated["samlet_økonomisk_påvirkning"])
    for label, value in (("Tilbagebetalingstid baseret på serviceeffektivisering", payback[0]),
                         ("Tilbagebetalingstid baseret på totaløkonomi", payback[1])):
        row = table.add_row()
        _merge_across(row, 0, 1, label)
        _merge_across(row, 2, len(widths) - 1, value)
    document.add_paragraph("Noter til alle tabeller: Forslaget skal udarbejdes i 2025 p/l.")
    document.add_paragraph(AFTER_TABLE_2)
    document.add_paragraph("3. Implementering og opfølgning", style="Heading 1")
    document.add_paragraph("Projektet gennemføres som et program.")
    document.add_paragraph("Tabel 3. Forslagets opfølgningsmål", style="Heading 3")
    goals = _table(document, [["Opfølgningsmål", "Hvordan måles opfølgningsmålet?", "Hvem er ansvarlig for opfølgning?",
                               "Hvornår gennemføres opfølgningen?"]], [4.0, 5.0, 4.0, 4.0])
    for group, goal in (("Implementering og anvendelse af investeringsmidler", "Ordningen er i drift"),
                        ("Realisering af effektiviseringer", "Budgetterne er reduceret")):
        _merge_across(goals.add_row(), 0, 3, group)
        for cell, text in zip(goals.add_row().cells, [goal, "Status til styregruppen", "Projektet", "Maj 2025"]):
            _cell_text(cell, text)
    document.add_paragraph("4. Risikovurdering", style="Heading 1")
    document.add_paragraph("Risikoen er under middel.")
    document.save(str(path))


def today() -> str:
    return datetime.date.today().isoformat()


def hand_made_distribution_form(path: Path, *, rows: list[tuple[str, str, str]], total: tuple[str, str, str],
                                key_name: str = "Årsværk", unit: str = "1.000 kr.") -> None:
    """A fordelingsbilag made in Word: the total row last as "I alt", another column order of widths."""
    document = docx.Document()
    document.add_paragraph("Bilag 3 Fordeling af udgiften til fælles licenser")
    document.add_paragraph("Udgiften fordeles efter forvaltningernes årsværk.")
    table = _table(document, [["Forvaltning", f"{key_name} - antal", f"Andel {key_name.lower()} pct.",
                               f"Andel finansiering {unit}"]], [7.0, 3.0, 3.0, 4.0])
    table.add_row()  # an empty row
    for name, weight, amount in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, [name, weight, "", amount]):
            _cell_text(cell, text)
    cells = table.add_row().cells
    for cell, text in zip(cells, [total[0], total[1], "100", total[2]]):
        _cell_text(cell, text, bold=True)
    document.save(str(path))


def printed_only(*paths: Path) -> None:
    """Remove the case values kkdocs keeps in its own .docx (documents/case_values_part), so that an import
    reads what the form prints and nothing else, as it reads a form someone typed."""
    for path in paths:
        document = docx.Document(str(path))
        for rId, rel in list(document.part.rels.items()):
            if rel.reltype.endswith("/customXml") and rel.target_ref.endswith("kkdocs-sag.xml"):
                document.part.drop_rel(rId)
        document.save(str(path))
