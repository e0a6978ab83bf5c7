"""The Excel template filler on small templates built here: values, loops, merges, formulas and
the Danish messages for a broken template."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from kkdocs.documents.template_problem import TemplateProblem
from kkdocs.documents.xlsx_cache import finish_xlsx
from kkdocs.documents.xlsx_template import GrandTotal, Latest, Total, WeightedShare, fill_workbook, template_sources


@dataclass(frozen=True)
class Row:
    navn: str
    beløb: list


@dataclass(frozen=True)
class Context:
    titel: str = "Titel"
    år: list = field(default_factory=lambda: [2025, 2026, 2027])
    rækker: list = field(default_factory=lambda: [Row("a", [1, None, 3]), Row("b", [10, 20, 30])])
    total: list = field(default_factory=lambda: [Total(11), Total(20), Total(33)])
    ark: list = field(default_factory=lambda: ["Første", "Anden"])
    tal: object = None


def make(tmp_path: Path, cells: dict[str, object], *, merges=(), widths=None, freeze=None, title="Ark",
         formats=None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for reference, value in cells.items():
        sheet[reference] = value
    for reference, number_format in (formats or {}).items():
        sheet[reference].number_format = number_format
    for merge in merges:
        sheet.merge_cells(merge)
    for letter, width in (widths or {}).items():
        sheet.column_dimensions[letter].width = width
    if freeze:
        sheet.freeze_panes = freeze
    path = tmp_path / "skabelon.xlsx"
    workbook.save(path)
    return path


def fill(path: Path, context=None):
    filled = fill_workbook(path, context or Context())
    data = finish_xlsx(filled.to_bytes(), filled.cached, dt.datetime(2024, 1, 1))
    return (openpyxl.load_workbook(io.BytesIO(data)), openpyxl.load_workbook(io.BytesIO(data), data_only=True))


YEAR_TABLE = {
    "A1": "{{ titel }}",
    "A2": "Navn", "B2": "{%tc for år in år %}", "C2": "{{ år }}", "D2": "{%tc endfor %}", "E2": "Slut",
    "A3": "{%tr for række in rækker %}",
    "A4": "{{ række.navn }}", "B4": "{%tc for beløb in række.beløb %}", "C4": "{{ beløb }}", "D4": "{%tc endfor %}",
    "E4": "x",
    "A5": "{%tr endfor %}",
    "A6": "I alt", "B6": "{%tc for t in total %}", "C6": "{{ t }}", "D6": "{%tc endfor %}",
}


def test_rows_and_columns_are_repeated_and_the_tags_vanish(tmp_path):
    formulas, cached = fill(make(tmp_path, YEAR_TABLE, merges=["A1:D1"]))
    sheet = formulas.active
    assert [c.value for c in sheet[2]] == ["Navn", 2025, 2026, 2027, "Slut"]
    assert [c.value for c in sheet[3]] == ["a", 1, None, 3, "x"]
    assert [c.value for c in sheet[4]] == ["b", 10, 20, 30, "x"]
    assert [c.value for c in sheet[5]] == ["I alt", "=SUM(B3:B4)", "=SUM(C3:C4)", "=SUM(D3:D4)", None]
    assert [c.value for c in cached.active[5]][1:4] == [11, 20, 33]
    assert sheet.max_row == 5
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:D1"}, "a merge over the loop covers every copy"


def test_a_loop_without_items_leaves_no_rows_and_an_empty_total(tmp_path):
    context = Context(rækker=[], total=[Total(None), Total(0), Total(None)])
    formulas, _ = fill(make(tmp_path, YEAR_TABLE), context)
    sheet = formulas.active
    assert [c.value for c in sheet[3]] == ["I alt", None, 0, None, None]


def test_a_cell_outside_its_rows_loop_is_written_once_with_its_style_in_every_copy(tmp_path):
    cells = {"A1": "Enhed", "B1": "{{ titel }}", "C1": None,
             "A2": "x", "B2": "{%tc for år in år %}", "C2": "{{ år }}", "D2": "{%tc endfor %}"}
    path = make(tmp_path, cells)
    workbook = openpyxl.load_workbook(path)
    workbook.active["C1"].fill = PatternFill("solid", fgColor="D9E2F3")
    workbook.active["C1"].value = "{{ titel }}"
    workbook.active["B1"].value = None
    workbook.save(path)
    sheet = fill(path)[0].active
    assert [c.value for c in sheet[1]] == ["Enhed", "Titel", None, None]
    assert all(sheet.cell(1, c).fill.fgColor.rgb.endswith("D9E2F3") for c in (2, 3, 4))


def test_typed_values_keep_their_type_and_text_around_a_tag_makes_text(tmp_path):
    cells = {"A1": "{{ tal }}", "A2": "Året {{ år[0] }}", "A3": "{{ år[0] }}", "A4": "{{ titel | upper }}"}
    for value, expected in [(Decimal("12.5"), 12.5), (7, 7), (dt.date(2026, 10, 31), dt.datetime(2026, 10, 31)),
                            (None, None), ("", None)]:
        sheet = fill(make(tmp_path, cells, formats={"A1": "#,##0"}), Context(tal=value))[0].active
        assert sheet["A1"].value == expected
    assert sheet["A2"].value == "Året 2025" and sheet["A3"].value == 2025 and sheet["A4"].value == "TITEL"
    sheet = fill(make(tmp_path, cells, formats={"A1": "#,##0"}), Context(tal=Decimal("12.5")))[0].active
    assert sheet["A1"].number_format == "#,##0.0", "a decimal is never hidden by a whole-number format"


def test_values_are_never_read_as_tags_or_markup(tmp_path):
    hostile = "{{ titel }} {% if x %} <b>&amp; ]]> %}"
    sheet = fill(make(tmp_path, {"A1": "{{ titel }}", "A2": "før {{ titel }}"}), Context(titel=hostile))[0].active
    assert sheet["A1"].value == hostile and sheet["A2"].value == "før " + hostile


def test_a_sheet_loop_gives_one_named_sheet_per_item(tmp_path):
    cells = {"A1": "{%sheet for navn in ark %}", "A2": "{{ navn }} nr. {{ loop.index }}"}
    workbook = fill(make(tmp_path, cells, title="{{ navn }}", freeze="A3"))[0]
    assert workbook.sheetnames == ["Første", "Anden"]
    assert workbook["Anden"]["A1"].value == "Anden nr. 2"
    assert workbook["Første"].freeze_panes == "A2", "row 1 (the tag) is gone, so the frozen row moves up"
    with pytest.raises(TemplateProblem, match="to ark hedder 'x'"):
        fill(make(tmp_path, cells, title="x"))
    with pytest.raises(TemplateProblem, match="arknavnet"):
        fill(make(tmp_path, cells, title="{{ navn }}"), Context(ark=["a/b"]))


def test_a_total_on_top_sums_the_rows_below_it(tmp_path):
    @dataclass(frozen=True)
    class Top:
        total: Total
        rows: list

    cells = {"A1": "{{ total }}", "A2": "{%tr for x in rows %}", "A3": "{{ x }}", "A4": "{%tr endfor %}"}
    formulas, cached = fill(make(tmp_path, cells), Top(Total(3), [1, 2]))
    assert [c.value for (c,) in formulas.active.iter_rows()] == ["=SUM(A2:A3)", 1, 2]
    assert cached.active["A1"].value == 3


def test_a_grand_total_adds_the_totals_above_it(tmp_path):
    @dataclass(frozen=True)
    class Two:
        a: list
        b: list
        sum_a: Total
        sum_b: Total
        both: GrandTotal

    cells = {"A1": "{%tr for x in a %}", "A2": "{{ x }}", "A3": "{%tr endfor %}", "A4": "{{ sum_a }}",
             "A5": "{%tr for x in b %}", "A6": "{{ x }}", "A7": "{%tr endfor %}", "A8": "{{ sum_b }}",
             "A9": "{{ both }}"}
    formulas, cached = fill(make(tmp_path, cells), Two([1, 2], [5], Total(3), Total(5), GrandTotal(8)))
    assert [c.value for (c,) in formulas.active.iter_rows()] == [1, 2, "=SUM(A1:A2)", 5, "=SUM(A4:A4)", "=A3+A5"]
    assert [c.value for (c,) in cached.active.iter_rows()] == [1, 2, 3, 5, 5, 8]
    with pytest.raises(ValueError, match="totals above sum to 8"):
        fill(make(tmp_path, cells), Two([1, 2], [5], Total(3), Total(5), GrandTotal(9)))


def test_a_figure_that_disagrees_with_the_cells_is_refused(tmp_path):
    with pytest.raises(ValueError, match="the figure is 12, but the rows sum to 11"):
        fill(make(tmp_path, YEAR_TABLE), Context(total=[Total(12), Total(20), Total(33)]))
    with pytest.raises(ValueError, match="absent"):
        fill(make(tmp_path, YEAR_TABLE), Context(total=[Total(11), Total(None), Total(33)]))


def test_latest_date_and_weighted_share(tmp_path):
    @dataclass(frozen=True)
    class Project:
        places: list
        share: Decimal
        done: dt.date

    @dataclass(frozen=True)
    class Loan:
        projects: list
        totals: list
        share: WeightedShare
        latest: Latest

    cells = {"A1": "{%tr for p in projects %}",
             "A2": "{%tc for n in p.places %}", "B2": "{{ n }}", "C2": "{%tc endfor %}", "D2": "{{ p.share }}",
             "E2": "{{ p.done }}", "A3": "{%tr endfor %}",
             "A4": "{%tc for t in totals %}", "B4": "{{ t }}", "C4": "{%tc endfor %}", "D4": "{{ share }}",
             "E4": "{{ latest }}"}
    projects = [Project([0, 24], Decimal(25), dt.date(2026, 10, 31)), Project([8, 6], Decimal(30), dt.date(2026, 6, 30))]
    totals = [Total(8, "pladser"), Total(30, "pladser")]
    context = Loan(projects, totals, WeightedShare(Decimal("26.8"), "pladser"), Latest(dt.date(2026, 10, 31)))
    formulas, cached = fill(make(tmp_path, cells, formats={"E2": "dd\\/mm\\/yyyy", "E4": "dd\\/mm\\/yyyy"}), context)
    row = [c.value for c in formulas.active[3]]
    assert row[:2] == ["=SUM(A1:A2)", "=SUM(B1:B2)"]
    assert row[2] == "=ROUND(SUMPRODUCT((A1:A2+B1:B2)*C1:C2)/SUM(A1:A2,B1:B2),1)"
    assert row[3] == "=MAX(D1:D2)"
    assert cached.active["C3"].value == pytest.approx(26.8) and cached.active["D3"].value == dt.datetime(2026, 10, 31)
    with pytest.raises(ValueError, match="rows give 26.8"):
        fill(make(tmp_path, cells), Loan(projects, totals, WeightedShare(Decimal("26.9"), "pladser"),
                                         Latest(dt.date(2026, 10, 31))))


def test_widths_styles_heights_and_print_titles_follow_the_template(tmp_path):
    path = make(tmp_path, YEAR_TABLE, widths={"A": 20, "C": 11, "E": 9}, freeze="A3")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    sheet["C4"].font = Font(bold=True)
    sheet.row_dimensions[4].height = 30
    sheet.print_title_rows = "1:2"
    workbook.save(path)
    out = fill(path)[0].active
    assert [out.column_dimensions[c].width for c in "ABCDE"] == [20, 11, 11, 11, 9]
    assert out["B3"].font.b and out["D4"].font.b and not out["A3"].font.b
    assert out.row_dimensions[3].height == 30 and out.row_dimensions[4].height == 30
    assert out.freeze_panes == "A3" and out.print_title_rows == "$1:$2"


def test_a_column_too_narrow_for_its_label_is_widened_and_a_heading_may_run_on(tmp_path):
    long_label = "Beskæftigelses- og Integrationsudvalget"
    cells = {"A1": "En overskrift der er meget længere end sin kolonne", "A2": long_label, "B2": 5}
    out = fill(make(tmp_path, cells, widths={"A": 10}))[0].active
    assert out.column_dimensions["A"].width >= 0.85 * len(long_label)
    assert not out["A1"].alignment.wrap_text, "a heading alone in its row runs into the empty cells"


@pytest.mark.parametrize("cells, message", [
    ({"A1": "{{ findes_ikke }}"}, "celle A1: skabelonvariablen 'findes_ikke' findes ikke"),
    ({"A1": "{{ titel.nej }}"}, "'nej' findes ikke i en tekst"),
    ({"A1": "=SUM(B1:B2)"}, "må ikke have formler"),
    ({"A1": "{%tr for x in rækker %}", "A2": "{{ x.navn }}"}, "mangler sit {%tr endfor %}"),
    ({"A1": "{%tr endfor %}"}, "uden {%tr for %}"),
    ({"A1": "{%tc for x in år %}", "B1": "{{ x }}"}, "mangler sit {%tc endfor %}"),
    ({"A1": "{%tr for x in titel %}", "A2": "{{ x }}", "A3": "{%tr endfor %}"}, "'titel' er ikke en liste"),
    ({"A1": "{{ rækker }}"}, "ikke én værdi"),
    ({"A1": "{%tc for x in år %}", "B1": "{{ x }}", "C1": "{%tc endfor %}",
      "A2": "{%tc for x in rækker %}", "B2": "{{ x.navn }}", "C2": "{%tc endfor %}"}, "giver 2 kolonner"),
    ({"A1": "{%tc for x in år %}", "B1": "{{ x }}", "C1": "{%tc endfor %}", "C2": "væk"}, "ville forsvinde"),
    ({"A1": "{{ titel"}, "ugyldigt Jinja"),
    ({"A1": "{{ titel.__class__.__mro__ }}"}, "prøver at nå '__class__', som er en del af Pythons indre"),
    ({"A1": "før {{ titel.__class__ }}"}, "prøver at nå '__class__', som er en del af Pythons indre"),
    ({"A1": "{%tr for x in rækker %} og mere"}, ""),
])
def test_a_broken_template_gives_one_danish_message_naming_sheet_and_cell(tmp_path, cells, message):
    if message == "":  # a tag with text after it is no tag: it is text, and its {% %} is refused by Jinja
        with pytest.raises(TemplateProblem, match="Ark"):
            fill(make(tmp_path, cells))
        return
    with pytest.raises(TemplateProblem) as caught:
        fill(make(tmp_path, cells))
    assert "skabelon.xlsx, ark 'Ark'" in str(caught.value)
    assert message in str(caught.value)


def test_a_file_that_is_no_workbook_is_one_message(tmp_path):
    path = tmp_path / "skabelon.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(TemplateProblem, match="kan ikke åbnes"):
        fill_workbook(path, Context())


def test_template_sources_turn_the_loops_into_jinja_loops(tmp_path):
    cells = {"A1": "{%sheet for navn in ark %}", **{k: v for k, v in YEAR_TABLE.items() if k != "A1"}}
    (name, source), = template_sources(make(tmp_path, cells, title="{{ navn }}"))
    assert name == "{{ navn }}"
    assert source.startswith("{% for navn in ark %}\n{{ navn }}\n")
    assert source.count("{% for ") == 5 and source.count("{% endfor %}") == 5
