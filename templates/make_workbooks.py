"""One-off generator of the Excel templates under templates/<type>/.

Run once (`.venv/bin/python templates/make_workbooks.py`) to create the .xlsx files; after that
the committed files are the templates, and users edit them in Excel or LibreOffice. Running it
again overwrites every workbook template with the generated version.

The tags are described in kkdocs/documents/xlsx_template.py. In short: `{{ … }}` in a cell, a row that
holds `{%tr for … %}` or `{%tr endfor %}` around the repeated rows, and a cell `{%tc for … %}`,
the repeated cell(s) and a cell `{%tc endfor %}` for the year columns. Tag rows and tag columns
vanish from the filled workbook, so they are drawn here in small grey type. Totals are `{{ t }}`
where the context gives a Total: kkdocs writes the formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
FONT = "Calibri"
AMOUNT = "#,##0"
PERCENT = "#,##0.0"
YEAR = "0"
DATE = "dd\\/mm\\/yyyy"  # escaped: a bare "/" is the reader's date separator ("-" in Danish)
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")  # the light blue-grey of the official tables
THIN = Side(style="thin", color="000000")
TAG_WIDTH = 14  # tag columns vanish; wide enough here to read the tag

TAG_FONT = Font(name=FONT, size=8, italic=True, color="808080")
TEXT = Font(name=FONT, size=11)
BOLD = Font(name=FONT, size=11, bold=True)
ITALIC = Font(name=FONT, size=11, italic=True)
TITLE = Font(name=FONT, size=12, bold=True)
NOTE = Font(name=FONT, size=9, italic=True)
SIGN_NOTE = "Alle besparelser er angivet med negativt (-) fortegn."
KVANTUM_NOTE = ("* I forbindelse med godkendelse i Effektiviseringskredsen er det forvaltningernes eget ansvar "
                "at udfylde de relevante oplysninger til teknisk udmøntning (i Kvantum) af forslaget.")


@dataclass(frozen=True)
class Style:
    font: Font = TEXT
    number_format: str = "General"
    fill: PatternFill | None = None
    border: Border | None = None
    alignment: Alignment | None = None


HEADER = Style(BOLD, fill=HEADER_FILL, border=Border(bottom=THIN), alignment=Alignment(vertical="bottom"))
HEADER_RIGHT = Style(BOLD, YEAR, HEADER_FILL, Border(bottom=THIN), Alignment(horizontal="right", vertical="bottom"))
WRAPPED_HEADER = Style(BOLD, fill=HEADER_FILL, border=Border(bottom=THIN),
                       alignment=Alignment(wrap_text=True, vertical="bottom"))
TOTAL = Style(BOLD, AMOUNT, border=Border(top=THIN))
TOTAL_LABEL = Style(BOLD, border=Border(top=THIN))
WRAPPED_TOP = Alignment(wrap_text=True, vertical="top")


class Sheet:
    """Writes one template sheet: cells, tags, merges and the print set-up."""

    def __init__(self, workbook: Workbook, name: str, widths: list[float]) -> None:
        self.sheet: Worksheet = workbook.create_sheet(name)
        self.columns = len(widths)
        for column, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(column)].width = width

    def put(self, cell: str, value: object, style: Style = Style()) -> None:
        target = self.sheet[cell]
        target.value = value
        target.font = style.font
        target.number_format = style.number_format
        if style.fill:
            target.fill = style.fill
        if style.border:
            target.border = style.border
        if style.alignment:
            target.alignment = style.alignment

    def tag(self, cell: str, text: str) -> None:
        self.put(cell, text, Style(TAG_FONT))

    def loop_row(self, row: int, text: str) -> None:
        self.tag(f"A{row}", text)

    def years(self, row: int, open_column: str, close_column: str, loop: str, cell: str, value: str,
              style: Style) -> None:
        """`{%tc for … %}` in open_column, the repeated cell, `{%tc endfor %}` in close_column."""
        self.tag(f"{open_column}{row}", loop)
        self.put(f"{cell}{row}", value, style)
        self.tag(f"{close_column}{row}", "{%tc endfor %}")

    def spanning(self, row: int, value: str, style: Style) -> None:
        """A text across every column (title or note), wrapped."""
        self.put(f"A{row}", value, style)
        self.sheet.merge_cells(f"A{row}:{get_column_letter(self.columns)}{row}")

    def border_row(self, row: int, border: Border) -> None:
        for column in range(1, self.columns + 1):
            cell = self.sheet.cell(row=row, column=column)
            if not (isinstance(cell.value, str) and cell.value.startswith("{%")):
                cell.border = border

    def print_setup(self, title_rows: str, freeze: str, landscape: bool = False) -> None:
        sheet = self.sheet
        sheet.freeze_panes = freeze
        sheet.print_title_rows = title_rows
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape" if landscape else "portrait"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.oddFooter.center.text = "Side &P af &N"
        sheet.sheet_view.showGridLines = False


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "kkdocs"
    return workbook


# --- kvantum.xlsx: Tabel A (and C), one sheet per table ------------------------------------------


def kvantum() -> Workbook:
    workbook = new_workbook()
    s = Sheet(workbook, "{{ tabel.ark }}", [36, TAG_WIDTH, 10, TAG_WIDTH])
    s.tag("A1", "{%sheet for tabel in kvantum %}")
    s.spanning(2, "{{ tabel.titel }}", Style(TITLE, alignment=WRAPPED_TOP))
    s.put("A3", "Udvalg", HEADER)
    s.put("B3", "{{ tabel.enhed }}", Style(BOLD, fill=HEADER_FILL, alignment=Alignment(horizontal="center")))
    s.sheet.merge_cells("B3:D3")
    s.put("A4", "Bevilling, profitcenter mv.*", HEADER)
    s.years(4, "B", "D", "{%tc for år in tabel.år %}", "C", "{{ år }}", HEADER_RIGHT)
    s.loop_row(5, "{%tr for række in tabel.rækker %}")
    s.put("A6", "{{ række.tekst | indryk(række.indrykning) }}")
    s.years(6, "B", "D", "{%tc for beløb in række.beløb %}", "C", "{{ beløb }}", Style(number_format=AMOUNT))
    s.loop_row(7, "{%tr endfor %}")
    s.put("A8", "Total", TOTAL_LABEL)
    s.years(8, "B", "D", "{%tc for total in tabel.total %}", "C", "{{ total }}", TOTAL)
    s.spanning(9, KVANTUM_NOTE, Style(NOTE, alignment=WRAPPED_TOP))
    s.spanning(10, SIGN_NOTE, Style(NOTE, alignment=WRAPPED_TOP))
    s.loop_row(11, "{%tr for note in tabel.noter %}")
    s.spanning(12, "{{ note }}", Style(NOTE, alignment=WRAPPED_TOP))
    s.loop_row(13, "{%tr endfor %}")
    s.print_setup("2:4", "A5")
    return workbook


# --- økonomi.xlsx: Tabel 2 --------------------------------------------------------------------------


def economy_rows(s: Sheet, first: int, rows: str, style: Style) -> None:
    """The loop over `rows`: text, styringsområde and one amount per year."""
    s.loop_row(first, f"{{%tr for række in {rows} %}}")
    s.put(f"A{first + 1}", "{{ række.tekst }}", Style(style.font))
    s.put(f"B{first + 1}", "{{ række.styringsområde }}", Style(style.font))
    s.years(first + 1, "C", "E", "{%tc for beløb in række.beløb %}", "D", "{{ beløb }}",
            Style(style.font, AMOUNT))
    s.loop_row(first + 2, "{%tr endfor %}")


def total_row(s: Sheet, row: int, label: str, totals: str, border: Border) -> None:
    s.put(f"A{row}", label, Style(BOLD))
    s.years(row, "C", "E", f"{{%tc for total in {totals} %}}", "D", "{{ total }}", Style(BOLD, AMOUNT))
    s.border_row(row, border)


def economy() -> Workbook:
    workbook = new_workbook()
    s = Sheet(workbook, "Tabel 2", [44, 16, TAG_WIDTH, 10, TAG_WIDTH])
    s.spanning(1, "Tabel 2. Forslagets samlede økonomiske konsekvenser", Style(TITLE, alignment=WRAPPED_TOP))
    s.put("A2", "{{ økonomi.enhed }}", HEADER)
    s.put("B2", "Styringsområde", HEADER)
    s.years(2, "C", "E", "{%tc for år in økonomi.år %}", "D", "{{ år }}", HEADER_RIGHT)
    s.put("A3", "Varige ændringer (effektiviseringer og drift)", Style(BOLD))
    economy_rows(s, 4, "økonomi.varige", Style())
    total_row(s, 7, "{{ økonomi.samlet_varig_tekst }}", "økonomi.samlet_varig", Border(top=THIN))
    economy_rows(s, 8, "økonomi.memoposter", Style(ITALIC))
    s.put("A11", "Implementeringsomkostninger (midler fra investeringspuljen)", Style(BOLD))
    economy_rows(s, 12, "økonomi.implementering", Style())
    total_row(s, 15, "Samlede implementeringsomkostninger", "økonomi.samlet_implementering", Border(top=THIN))
    total_row(s, 16, "Samlet økonomisk påvirkning", "økonomi.samlet_påvirkning", Border(top=THIN, bottom=THIN))
    for row, label, value in ((17, "Tilbagebetalingstid baseret på serviceeffektivisering",
                               "{{ økonomi.tilbagebetaling_service }}"),
                              (18, "Tilbagebetalingstid baseret på totaløkonomi",
                               "{{ økonomi.tilbagebetaling_totaløkonomi }}")):
        s.put(f"A{row}", label)
        s.put(f"C{row}", value, Style(alignment=Alignment(horizontal="right")))
        s.sheet.merge_cells(f"C{row}:E{row}")
    s.spanning(19, "{{ økonomi.pl_note }}", Style(NOTE, alignment=WRAPPED_TOP))
    s.spanning(20, SIGN_NOTE, Style(NOTE, alignment=WRAPPED_TOP))
    s.loop_row(21, "{%tr for note in økonomi.noter %}")
    s.spanning(22, "{{ note }}", Style(NOTE, alignment=WRAPPED_TOP))
    s.loop_row(23, "{%tr endfor %}")
    s.print_setup("1:2", "A3")
    return workbook


# --- projekter.xlsx: the loan application's table A-G ---------------------------------------------


LOAN_TITLE = "Ansøgning til lånepulje til udvidelse af den kommunale botilbudskapacitet"
LOAN_PROJECT_HEADER = ("Anfør konkret(e) projektnavn(e) på de enkelte anlægsprojekter til udvidelse af "
                       "botilbudskapaciteten efter SEL §§ 107 og 108")
LOAN_SHARE_HEADER = "Hvor stor en del af pladserne forventes at være til rådighed for andre kommuner? (pct.)"
LOAN_DATE_HEADER = "Hvornår forventes projektet afsluttet? (dd/mm/åååå)"


def loan() -> Workbook:
    workbook = new_workbook()
    s = Sheet(workbook, "Projekter", [34, TAG_WIDTH, 16, TAG_WIDTH, TAG_WIDTH, 16, TAG_WIDTH, 18, 16])
    s.spanning(1, LOAN_TITLE, Style(TITLE, alignment=WRAPPED_TOP))
    letter = Style(BOLD, fill=HEADER_FILL, alignment=Alignment(horizontal="center"))
    s.put("A2", "A", letter)
    s.years(2, "B", "D", "{%tc for bogstav in projekter.bogstaver_lån %}", "C", "{{ bogstav }}", letter)
    s.years(2, "E", "G", "{%tc for bogstav in projekter.bogstaver_pladser %}", "F", "{{ bogstav }}", letter)
    s.put("H2", "{{ projekter.bogstav_andel }}", letter)
    s.put("I2", "{{ projekter.bogstav_dato }}", letter)
    s.put("A3", LOAN_PROJECT_HEADER, WRAPPED_HEADER)
    s.years(3, "B", "D", "{%tc for år in projekter.år %}", "C",
            "Ansøgt lånebeløb for {{ år }} (i hele 1.000 kr.)", WRAPPED_HEADER)
    s.years(3, "E", "G", "{%tc for år in projekter.år %}", "F",
            "Hvor meget udvider projektet botilbudskapaciteten i {{ år }}? (antal pladser)", WRAPPED_HEADER)
    s.put("H3", LOAN_SHARE_HEADER, WRAPPED_HEADER)
    s.put("I3", LOAN_DATE_HEADER, WRAPPED_HEADER)
    s.loop_row(4, "{%tr for projekt in projekter.rækker %}")
    s.put("A5", "{{ projekt.navn }}")
    s.years(5, "B", "D", "{%tc for beløb in projekt.lån %}", "C", "{{ beløb }}", Style(number_format=AMOUNT))
    s.years(5, "E", "G", "{%tc for antal in projekt.pladser %}", "F", "{{ antal }}", Style(number_format=AMOUNT))
    s.put("H5", "{{ projekt.andel }}", Style(number_format=PERCENT))
    s.put("I5", "{{ projekt.afsluttet }}", Style(number_format=DATE))
    s.loop_row(6, "{%tr endfor %}")
    s.put("A7", "I alt", TOTAL_LABEL)
    s.years(7, "B", "D", "{%tc for total in projekter.lån_i_alt %}", "C", "{{ total }}", TOTAL)
    s.years(7, "E", "G", "{%tc for total in projekter.pladser_i_alt %}", "F", "{{ total }}", TOTAL)
    s.put("H7", "{{ projekter.andel_i_alt }}", Style(BOLD, PERCENT, border=Border(top=THIN)))
    s.put("I7", "{{ projekter.afsluttet_senest }}", Style(BOLD, DATE, border=Border(top=THIN)))
    s.spanning(8, "Ansøgningsskema i indtast.dk: {{ projekter.pulje }}. Ansøger: {{ projekter.kommune }}.",
               Style(NOTE, alignment=WRAPPED_TOP))
    s.print_setup("1:3", "A4", landscape=True)
    return workbook


# --- fordeling.xlsx: the distribution key ---------------------------------------------------------


def distribution() -> Workbook:
    workbook = new_workbook()
    s = Sheet(workbook, "Fordeling", [30, 16, 16, 18])
    s.spanning(1, "{{ fordeling.titel }}", Style(TITLE, alignment=WRAPPED_TOP))
    wrapped_right = Style(BOLD, fill=HEADER_FILL, border=Border(bottom=THIN),
                          alignment=Alignment(horizontal="right", vertical="bottom", wrap_text=True))
    s.put("A2", "{{ fordeling.navn_kolonne }}", HEADER)
    s.put("B2", "{{ fordeling.nøgle_kolonne }}", wrapped_right)
    s.put("C2", "{{ fordeling.andel_kolonne }}", wrapped_right)
    s.put("D2", "{{ fordeling.beløb_kolonne }}", wrapped_right)
    s.put("A3", "{{ fordeling.total_tekst }}", Style(BOLD, border=Border(bottom=THIN)))
    s.put("B3", "{{ fordeling.nøgletotal }}", Style(BOLD, AMOUNT, border=Border(bottom=THIN)))
    s.put("C3", "{{ fordeling.andele }}", Style(BOLD, PERCENT, border=Border(bottom=THIN)))
    s.put("D3", "{{ fordeling.beløb }}", Style(BOLD, AMOUNT, border=Border(bottom=THIN)))
    s.loop_row(4, "{%tr for række in fordeling.rækker %}")
    s.put("A5", "{{ række.navn }}")
    s.put("B5", "{{ række.vægt }}", Style(number_format=AMOUNT))
    s.put("C5", "{{ række.andel }}", Style(number_format=PERCENT))
    s.put("D5", "{{ række.beløb }}", Style(number_format=AMOUNT))
    s.loop_row(6, "{%tr endfor %}")
    s.spanning(7, "{{ fordeling.note }}", Style(NOTE, alignment=WRAPPED_TOP))
    s.print_setup("1:3", "A4")
    return workbook


# --- pakke/oversigt.xlsx: a committee package's overview ----------------------------------------------


def overview_amounts(workbook: Workbook, name: str, rows: str, total_label: str, totals: str) -> None:
    """A sheet of amounts by year: a header row, one row per item of `rows`, and its total."""
    s = Sheet(workbook, name, [36, TAG_WIDTH, 12, TAG_WIDTH])
    s.put("A1", "{{ oversigt.enhed }}", HEADER)
    s.years(1, "B", "D", "{%tc for år in oversigt.år %}", "C", "{{ år }}", HEADER_RIGHT)
    s.loop_row(2, f"{{%tr for række in {rows} %}}")
    s.put("A3", "{{ række.tekst | indryk(række.indrykning) }}")
    s.years(3, "B", "D", "{%tc for beløb in række.beløb %}", "C", "{{ beløb }}", Style(number_format=AMOUNT))
    s.loop_row(4, "{%tr endfor %}")
    s.put("A5", total_label, TOTAL_LABEL)
    s.years(5, "B", "D", f"{{%tc for total in {totals} %}}", "C", "{{ total }}", TOTAL)
    s.print_setup("1:1", "A2", landscape=True)


def overview() -> Workbook:
    workbook = new_workbook()
    overview_amounts(workbook, "Tabel A", "oversigt.tabel_a", "{{ oversigt.tabel_a_total_tekst }}",
                     "oversigt.tabel_a_total")
    overview_amounts(workbook, "Implementering", "oversigt.implementering", "{{ oversigt.implementering_total_tekst }}",
                     "oversigt.implementering_total")
    s = Sheet(workbook, "Sager", [22, 48, 16, 16, 8, 10, 62])
    right = Style(BOLD, fill=HEADER_FILL, border=Border(bottom=THIN),
                  alignment=Alignment(horizontal="right", vertical="bottom", wrap_text=True))
    for cell, text in (("A1", "Sag"), ("B1", "Titel"), ("G1", "Status")):
        s.put(cell, text, HEADER)
    for cell, text in (("C1", "Tilbagebetalingstid, service"), ("D1", "Tilbagebetalingstid, totaløkonomi"),
                       ("E1", "Fejl"), ("F1", "Advarsler")):
        s.put(cell, text, right)
    s.loop_row(2, "{%tr for sag in oversigt.sager %}")
    for cell, value, style in (("A3", "{{ sag.id }}", Style()), ("B3", "{{ sag.titel }}", Style()),
                               ("C3", "{{ sag.tilbagebetaling_service }}", Style(alignment=Alignment(horizontal="right"))),
                               ("D3", "{{ sag.tilbagebetaling_totaløkonomi }}",
                                Style(alignment=Alignment(horizontal="right"))),
                               ("E3", "{{ sag.fejl }}", Style(number_format=YEAR)),
                               ("F3", "{{ sag.advarsler }}", Style(number_format=YEAR)),
                               ("G3", "{{ sag.status }}", Style())):
        s.put(cell, value, style)
    s.loop_row(4, "{%tr endfor %}")
    s.print_setup("1:1", "A2", landscape=True)
    return workbook


TEMPLATES = {
    ("effektiviseringsforslag", "kvantum.xlsx"): kvantum,
    ("investeringsforslag", "kvantum.xlsx"): kvantum,
    ("investeringsforslag", "økonomi.xlsx"): economy,
    ("laaneansoegning", "projekter.xlsx"): loan,
    ("fordelingsbilag", "fordeling.xlsx"): distribution,
    ("pakke", "oversigt.xlsx"): overview,
}


def main() -> None:
    for (folder, name), make in TEMPLATES.items():
        target = HERE / folder / name
        target.parent.mkdir(exist_ok=True)
        make().save(target)
        print(f"skrev {target.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
