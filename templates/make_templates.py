"""One-off generator of the Word templates under templates/<type>/.

Run once (`.venv/bin/python templates/make_templates.py`) to create the .docx files; after
that the committed files are the templates, and users edit them in Word or LibreOffice.
Running it again overwrites every template with the generated version.

How the templates are built (see kkdocs/documents/render_docx.py for the rendering side):

- Values are `{{ name }}` with the names of the context types of each case type
  (kkdocs/case_types/<type>/context.py).
- Free text is a paragraph loop over `Block`s: `{%p for block in x %}` … with one paragraph
  in the "List Bullet" style for bullet items, one in "List Number" for numbered items, a
  bold one for lead-ins and one in the normal style.
- Year columns are column loops: a cell `{%tc for c in row.cells %}`, a cell `{{ c }}` and a
  cell `{%tc endfor %}`. The loop cells vanish when rendered; the renderer then gives the
  fixed columns (label, styringsområde) the widths they have in the template and shares the
  rest of the table width among the repeated columns. So a user changes a label column's
  width in Word and the year columns follow.
- Rows that span all columns use `{% colspan tabel.span %}`; repeated rows `{%tr for … %}`.
- "UDKAST" is in the page header of the (single) section, so it is on every page.
- Section numbers come from the context (`afsnit`, and `nummer` of the optional sections
  `fordeling` and `administration`), so they follow the sections that are present.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
FONT = "Calibri"
TEXT_WIDTH_CM = 17.0
TAG_CM = 0.6  # width of a cell that only holds a {%tc %} tag
HEAD_FILL = "D9E2F3"  # light blue-grey of the official tables' header rows
LABEL_FILL = "F2F2F2"
DARK = RGBColor(0x1F, 0x1F, 0x1F)


# --- document and styles ----------------------------------------------------------------------

def _set_font(rpr_owner, name: str = FONT) -> None:
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    _set_font(normal.element)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    for name, size in (("Title", 16), ("Heading 1", 12), ("Heading 2", 10.5), ("Heading 3", 10)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = DARK
        _set_font(style.element)
        style.paragraph_format.space_before = Pt(12 if name == "Heading 1" else 6)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
    title = styles["Title"]
    title.paragraph_format.space_after = Pt(2)
    pbdr = title.element.pPr.find(qn("w:pBdr"))
    if pbdr is not None:
        title.element.pPr.remove(pbdr)
    bullet = styles["List Bullet"]
    bullet.font.name = FONT
    _set_font(bullet.element)
    bullet.paragraph_format.space_after = Pt(3)
    _real_bullet(doc, bullet)
    number = styles["List Number"]
    number.font.name = FONT
    _set_font(number.element)
    number.paragraph_format.space_after = Pt(3)
    for name in ("Header", "Footer"):
        _set_font(styles[name].element)
    core = doc.core_properties
    core.author = core.last_modified_by = "kkdocs"
    core.title = core.subject = core.comments = core.keywords = ""
    _udkast_header(doc)
    return doc


def _real_bullet(doc, style) -> None:
    """The bullet of List Bullet as "•" in the body font, not the Symbol font's private-use glyph.

    A PDF's text (and a screen reader) then reads a bullet, not U+F0B7.
    """
    numbering = doc.part.numbering_part.element
    abstract = numbering.num_having_numId(style.element.pPr.numPr.numId.val).abstractNumId.val
    for definition in numbering.findall(qn("w:abstractNum")):
        if definition.get(qn("w:abstractNumId")) != str(abstract):
            continue
        level = next(lvl for lvl in definition.findall(qn("w:lvl")) if lvl.get(qn("w:ilvl")) == "0")
        level.find(qn("w:lvlText")).set(qn("w:val"), "\u2022")
        fonts = level.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        for attr in ("w:ascii", "w:hAnsi"):
            fonts.set(qn(attr), FONT)


def _udkast_header(doc) -> None:
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run("{% if udkast %}UDKAST{% endif %}")
    run.bold = True
    run.font.size = Pt(26)
    run.font.color.rgb = RGBColor(0xA6, 0xA6, 0xA6)
    _character_spacing(run, 60)


def _character_spacing(run, twips: int) -> None:
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twips))
    run._r.get_or_add_rPr().append(spacing)


def para(container, text: str = "", style: str | None = None, bold: bool = False, size: float | None = None,
         italic: bool = False, align=None, space_after: float | None = None, color: RGBColor | None = None,
         keep_next: bool = False, indent_cm: float | None = None):
    p = container.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        if size:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
    if align is not None:
        p.alignment = align
    if space_after is not None:
        p.paragraph_format.space_after = Pt(space_after)
    if keep_next:
        p.paragraph_format.keep_with_next = True
    if indent_cm is not None:
        p.paragraph_format.left_indent = Cm(indent_cm)
    return p


def heading(container, text: str, style: str, level: int):
    """A heading in `style`'s look at outline `level` (1 = H1 in the tagged PDF).

    The tags of the PDF follow the outline level, and a reader must find no level skipped: a
    table title styled as Heading 3 directly under a Heading 1 is an H2 there.
    """
    p = para(container, text, style=style)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level - 1))
    ppr = p._p.get_or_add_pPr()
    later = [child for child in ppr if child.tag in (qn("w:rPr"), qn("w:sectPr"), qn("w:pPrChange"))]
    if later:
        later[0].addprevious(outline)
    else:
        ppr.append(outline)
    return p


def tag(container, text: str):
    """A paragraph that holds only a {%p … %} tag (it disappears when rendered)."""
    return para(container, text, space_after=0)


def rich(container, var: str, size: float | None = None, first=None) -> None:
    """The paragraph loop that shows a list of Blocks (paragraphs and bullet items)."""
    if first is not None:
        _set_text(first, f"{{%p for block in {var} %}}")
    else:
        tag(container, f"{{%p for block in {var} %}}")
    tag(container, "{%p if block.punkt %}")
    para(container, "{{ block.tekst }}", style="List Bullet", size=size)
    tag(container, "{%p elif block.nummereret %}")
    para(container, "{{ block.tekst }}", style="List Number", size=size)
    tag(container, "{%p elif block.fed %}")
    para(container, "{{ block.tekst }}", bold=True, size=size, keep_next=True, space_after=3)
    tag(container, "{%p else %}")
    para(container, "{{ block.tekst }}", size=size)
    tag(container, "{%p endif %}")
    tag(container, "{%p endfor %}")


def _set_text(p, text: str) -> None:
    p.text = ""
    p.add_run(text)


# --- tables ---------------------------------------------------------------------------------

def table(container, widths_cm: list[float], borders: bool = True):
    t = container.add_table(rows=0, cols=len(widths_cm))
    # Borders and margins are set below, not by a table style: a table style, even Word's Table Grid,
    # costs LibreOffice's Word import about 40 % more CPU (docs/design.md, "Publishable PDFs").
    t.style = None
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    t.autofit = False
    tbl_pr = t._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(sum(widths_cm) * 567)))
    width.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(width)
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("left", 70), ("right", 70), ("top", 15), ("bottom", 15)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(value))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)
    if borders:
        _table_borders(t, "A6A6A6")
    else:
        _table_borders(t, None)
    for col, w in zip(t.columns, widths_cm):
        col.width = Cm(w)
    t._widths = widths_cm
    return t


def _table_borders(t, color: str | None) -> None:
    tbl_pr = t._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        if color:
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), color)
        else:
            el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def row(t, texts: list[str], bold: bool = False, fill: str | None = None, size: float = 9,
        align_right_from: int | None = None, spans: list[int] | None = None, header: bool = False,
        italic: bool = False, indent_first_cm: float | None = None, keep: bool = True):
    """A row; `spans` gives how many template columns each text covers (merged cells)."""
    r = t.add_row()
    spans = spans or [1] * len(texts)
    assert sum(spans) == len(t.columns), (texts, spans)
    cells = []
    col = 0
    for text, span in zip(texts, spans):
        cell = r.cells[col]
        if span > 1:
            cell = cell.merge(r.cells[col + span - 1])
        cells.append(cell)
        p = cell.paragraphs[0]
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.space_before = Pt(0)
        if text:
            run = p.add_run(text)
            run.bold = bold or None
            run.italic = italic or None
            run.font.size = Pt(size)
        if align_right_from is not None and col >= align_right_from and not text.startswith("{%tc"):
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if fill:
            shade(cell, fill)
        if indent_first_cm and col == 0:
            p.paragraph_format.left_indent = Cm(indent_first_cm)
        col += span
    tr_pr = r._tr.get_or_add_trPr()
    if keep:
        tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))
    return cells


def tag_row(t, text: str) -> None:
    """A row holding only a {%tr … %} tag (it disappears when rendered)."""
    row(t, [text], spans=[len(t.columns)], size=8)


def keep_together(t, with_note: bool = False) -> None:
    """Keep a short table on one page: every row but the last keeps with the next paragraph; with
    `with_note` the last row too, so the note under the table is not alone on the next page."""
    for r in (t.rows if with_note else t.rows[:-1]):
        for cell in r.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True


def after_table(doc, keep_next: bool = False) -> None:
    """A 1 pt empty paragraph between a table and its note. LibreOffice 7.4 ignores keep-with-next
    on the headings further down the page when a table's note follows the table directly (a
    heading was left alone at the bottom of forslag.pdf's first page); this paragraph avoids that.

    With `keep_next` it keeps with the note, so that the chain from a table kept together
    (`keep_together(t, with_note=True)`) reaches the note: without it the last row keeps with this
    paragraph only, and the note can start the next page alone."""
    p = para(doc, "", space_after=0)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(1)
    if keep_next:
        p.paragraph_format.keep_with_next = True


def shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def cell_rich(cell, var: str, size: float = 9) -> None:
    rich(cell, var, size=size, first=cell.paragraphs[0])


def year_cells(var: str) -> list[str]:
    return [f"{{%tc for c in {var} %}}", "{{ c }}", "{%tc endfor %}"]


def year_header(var: str) -> list[str]:
    return [f"{{%tc for y in {var} %}}", "{{ y }}", "{%tc endfor %}"]


# --- proposals ----------------------------------------------------------------------------

def title_block(doc, heading_var: str) -> None:
    para(doc, f"{{{{ {heading_var} }}}}", style="Title")
    para(doc, "{{ sag }}", bold=True, size=11, space_after=10)
    para(doc, "{{ titel }}", bold=True, size=14, space_after=12)


def summary_table(doc) -> None:
    """The table under a proposal's title: Kort resumé, Fremstillende forvaltning, Berørte forvaltninger."""
    t = table(doc, [3.6, 13.4])
    cells = row(t, ["Kort resumé:", ""], bold=True, size=10)
    shade(cells[0], LABEL_FILL)
    cell_rich(cells[1], "kort_resumé", size=10)
    cells = row(t, ["Fremstillende forvaltning:", "{{ fremstillende_forvaltning }}"], size=10)
    shade(cells[0], LABEL_FILL)
    cells[0].paragraphs[0].runs[0].bold = True
    cells = row(t, ["Berørte forvaltninger:", ""], bold=True, size=10)
    shade(cells[0], LABEL_FILL)
    checkbox_loop(cells[1])


def proposal_form(kind: str) -> Document:
    investment = kind == "investeringsforslag"
    doc = new_document()
    title_block(doc, "overskrift")

    summary_table(doc)

    para(doc, "{{ afsnit.beskrivelse }}. Beskrivelse af forslag (fremgangsmåde og effekt)", style="Heading 1")
    rich(doc, "beskrivelse")
    if investment:  # seed 000: only the investeringsforslag asks (000:425-427)
        para(doc, "Her angives om forslaget udspringer af et innovationsforslag:", space_after=2, keep_next=True)
        para(doc, "{{ innovation.ja }}Ja {{ innovation.titel }} {{ innovation.vedtaget }}", space_after=0,
             keep_next=True)
        para(doc, "{{ innovation.nej }}Nej")

    para(doc, "{{ afsnit.økonomi }}. Økonomi", style="Heading 1")
    rich(doc, "økonomi_tekst")
    number = "Tabel 2" if investment else "Tabel 1"
    heading(doc, f"{number}. Forslagets samlede økonomiske konsekvenser", "Heading 3", 2)
    economy_table(doc, investment)
    after_table(doc)
    para(doc, "{{ tabel.pl_note }}", size=8, space_after=0)
    para(doc, "Alle besparelser er angivet med negativt (-) fortegn.", size=8, space_after=0)
    tag(doc, "{%p for note in tabel.noter %}")
    para(doc, "{{ note }}", size=8, space_after=0)
    tag(doc, "{%p endfor %}")
    para(doc, "", space_after=4)
    rich(doc, "økonomi_tekst_efter_tabel")  # 000:628-631

    tag(doc, "{%p for f in fordeling %}")
    para(doc, "{{ f.nummer }} Fordeling på udvalg", style="Heading 2")
    rich(doc, "f.tekst")
    tag(doc, "{%p endfor %}")

    para(doc, "{{ afsnit.implementering }}. Implementering og opfølgning", style="Heading 1")
    rich(doc, "implementering_og_opfølgning")
    if investment:
        heading(doc, "Tabel 3. Forslagets opfølgningsmål", "Heading 3", 2)
        follow_up_table(doc)
        para(doc, "", space_after=4)

    para(doc, "{{ afsnit.risikovurdering }}. Risikovurdering", style="Heading 1")
    rich(doc, "risikovurdering")
    return doc


def checkbox_loop(cell) -> None:
    first = cell.paragraphs[0]
    _set_text(first, "{%p for r in berørte %}")
    p = cell.add_paragraph()
    p.paragraph_format.space_after = Pt(1)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(6.2), WD_TAB_ALIGNMENT.LEFT)
    p.paragraph_format.left_indent = Cm(0)
    for text in ("{{ r.venstre.mærke }} {{ r.venstre.navn }}", "\t", "{{ r.højre.mærke }} {{ r.højre.navn }}"):
        run = p.add_run(text)
        run.font.size = Pt(9.5)
    cell.add_paragraph().add_run("{%p endfor %}")


def economy_table(doc, investment: bool) -> None:
    t = table(doc, [6.0, 1.9, TAG_CM, 17.0 - 6.0 - 1.9 - 2 * TAG_CM, TAG_CM])
    row(t, ["{{ tabel.enhed }}", "Styrings-område", *year_header("tabel.år")], bold=True, fill=HEAD_FILL,
        align_right_from=2, header=True)
    row(t, ["{% colspan tabel.span %}Varige ændringer (effektiviseringer og drift)"], spans=[5], bold=True,
        italic=True)
    tag_row(t, "{%tr for r in tabel.varige %}")
    row(t, ["{{ r.tekst }}", "{{ r.styringsområde }}", *year_cells("r.cells")], align_right_from=2)
    tag_row(t, "{%tr endfor %}")
    row(t, ["{{ tabel.samlet_varig_tekst }}", "", *year_cells("tabel.samlet_varig")], bold=True, align_right_from=2,
        fill=LABEL_FILL)
    tag_row(t, "{%tr for r in tabel.memoposter %}")
    row(t, ["{{ r.tekst }}", "{{ r.styringsområde }}", *year_cells("r.cells")], italic=True, align_right_from=2)
    tag_row(t, "{%tr endfor %}")
    if investment:
        row(t, ["{% colspan tabel.span %}Implementeringsomkostninger (midler fra investeringspuljen)"], spans=[5],
            bold=True, italic=True)
        tag_row(t, "{%tr for r in tabel.implementering %}")
        row(t, ["{{ r.tekst }}", "{{ r.styringsområde }}", *year_cells("r.cells")], align_right_from=2)
        tag_row(t, "{%tr endfor %}")
        row(t, ["Samlede implementeringsomkostninger", "", *year_cells("tabel.samlet_implementering")], bold=True,
            align_right_from=2, fill=LABEL_FILL)
        row(t, ["Samlet økonomisk påvirkning", "", *year_cells("tabel.samlet_påvirkning")], bold=True,
            align_right_from=2, fill=LABEL_FILL)
        row(t, ["Tilbagebetalingstid baseret på serviceeffektivisering",
                "{% colspan tabel.år_antal %}{{ tabel.tilbagebetaling_service }}"], spans=[2, 3], align_right_from=1)
        row(t, ["Tilbagebetalingstid baseret på totaløkonomi",
                "{% colspan tabel.år_antal %}{{ tabel.tilbagebetaling_totaløkonomi }}"], spans=[2, 3],
            align_right_from=1)
    keep_together(t, with_note=True)


def follow_up_table(doc) -> None:
    t = table(doc, [4.6, 5.0, 3.7, 3.7])
    row(t, ["Opfølgningsmål", "Hvordan måles opfølgningsmålet?", "Hvem er ansvarlig for opfølgning?",
            "Hvornår gennemføres opfølgningen?"], bold=True, fill=HEAD_FILL, header=True)
    tag_row(t, "{%tr for g in opfølgning %}")
    group = row(t, ["{{ g.navn }}"], spans=[4], bold=True, fill=LABEL_FILL)
    group[0].paragraphs[0].paragraph_format.keep_with_next = True  # a group's name stays with its first goal
    tag_row(t, "{%tr for m in g.mål %}")
    row(t, ["{{ m.mål }}", "{{ m.måling }}", "{{ m.ansvarlig }}", "{{ m.tidspunkt }}"])  # a goal is not split
    tag_row(t, "{%tr endfor %}")
    tag_row(t, "{%tr endfor %}")


def administrative_appendix(kind: str) -> Document:
    doc = new_document()
    para(doc, "{{ bilag_overskrift }}", style="Title")
    para(doc, "{{ sag }}", bold=True, size=11, space_after=2)
    para(doc, "{{ titel }}", bold=True, size=12, space_after=10)

    tag(doc, "{%p for a in administration %}")
    para(doc, "{{ a.nummer }}. Effektivisering på administration", style="Heading 1")
    rich(doc, "a.tekst")
    tag(doc, "{%p endfor %}")

    para(doc, "{{ afsnit.hørt }}. Hvem er hørt?", style="Heading 1")
    if kind == "investeringsforslag":
        heard_approval_tables(doc)
    else:
        heard_orientation_tables(doc)

    para(doc, "{{ afsnit.kvantum }}. Tekniske tabeller til korrektioner i Kvantum", style="Heading 1")
    tag(doc, "{%p for t in kvantum %}")
    rich(doc, "t.tekst_før")  # 000:825-826, between Tabel A and Tabel C
    heading(doc, "{{ t.titel }}", "Heading 3", 2)
    t = table(doc, [5.6, TAG_CM, 17.0 - 5.6 - 2 * TAG_CM, TAG_CM])
    row(t, ["Udvalg", "{% colspan t.år_antal %}{{ t.enhed }}"], spans=[1, 3], bold=True, fill=HEAD_FILL,
        align_right_from=1, header=True)
    row(t, ["Bevilling, profitcenter mv.*", *year_header("t.år")], bold=True, fill=HEAD_FILL, align_right_from=1,
        header=True)
    tag_row(t, "{%tr for r in t.rækker %}")
    tag_row(t, "{%tr if r.bevilling %}")
    row(t, ["{{ r.tekst }}", *year_cells("r.cells")], align_right_from=1, indent_first_cm=0.5)
    tag_row(t, "{%tr else %}")
    row(t, ["{{ r.tekst }}", *year_cells("r.cells")], align_right_from=1)
    tag_row(t, "{%tr endif %}")
    tag_row(t, "{%tr endfor %}")
    row(t, ["Total", *year_cells("t.total")], bold=True, align_right_from=1, fill=LABEL_FILL)
    keep_together(t, with_note=True)
    after_table(doc, keep_next=True)  # the footnote stays with its table (Tabel A and C)
    para(doc, "{{ t.fodnote }}", size=8, space_after=10)
    tag(doc, "{%p endfor %}")
    return doc


def heard_approval_tables(doc) -> None:
    """Investeringsforslag (seed 000): Center for Økonomi's approval, then the kredse and udvalg."""
    widths = [5.0, 1.6, 10.4]
    t = table(doc, widths)
    row(t, ["", "Ja/Nej", "Dato for godkendelse"], bold=True, fill=HEAD_FILL, header=True)
    tag_row(t, "{%tr for h in hørt.cfø %}")
    row(t, ["{{ h.instans }}", "{{ h.svar }}", "{{ h.detaljer }}"])
    tag_row(t, "{%tr endfor %}")
    para(doc, "", space_after=2)
    para(doc, "Slet herunder gerne kredse og udvalg, der ikke er relevante.", keep_next=True)
    t = table(doc, widths)
    row(t, ["", "Ja/Nej", "Dato for godkendelse og evt. høringssvar"], bold=True, fill=HEAD_FILL, header=True)
    tag_row(t, "{%tr for h in hørt.øvrige %}")
    row(t, ["{{ h.instans }}", "{{ h.svar }}", "{{ h.detaljer }}"], keep=False)
    tag_row(t, "{%tr endfor %}")
    tag_row(t, "{%tr if not hørt.øvrige %}")
    row(t, ["Ikke relevant"], spans=[3])
    tag_row(t, "{%tr endif %}")
    para(doc, "", space_after=4)


def heard_orientation_tables(doc) -> None:
    """Effektiviseringsforslag (seed 000): Center for Økonomi is informed, then the partners involved."""
    widths = [5.0, 12.0]
    t = table(doc, widths)
    row(t, ["", "Dato for orientering"], bold=True, fill=HEAD_FILL, header=True)
    tag_row(t, "{%tr for h in hørt.cfø %}")
    row(t, ["{{ h.instans }}", "{{ h.detaljer }}"])
    tag_row(t, "{%tr endfor %}")
    para(doc, "", space_after=2)
    t = table(doc, widths)
    row(t, ["Relevante samarbejdspartnere i kommunen, der er inddraget"], spans=[2], bold=True, fill=HEAD_FILL,
        header=True)
    tag_row(t, "{%tr for h in hørt.øvrige %}")
    row(t, ["{{ h.instans }}", "{{ h.detaljer }}"], keep=False)
    tag_row(t, "{%tr endfor %}")
    tag_row(t, "{%tr if not hørt.øvrige %}")
    row(t, ["Ikke relevant"], spans=[2])
    tag_row(t, "{%tr endif %}")
    para(doc, "", space_after=4)


def appendix() -> Document:
    doc = new_document()
    para(doc, "{{ overskrift }}", style="Title")
    para(doc, "{{ titel }}", style="Heading 1")
    rich(doc, "tekst")
    tag(doc, "{%p for tb in tabeller %}")
    tag(doc, "{%p for caption in tb.titel %}")
    heading(doc, "{{ caption }}", "Heading 3", 2)  # "Tabel 1. Grundabonnement og antal enheder" (000:955)
    tag(doc, "{%p endfor %}")
    t = table(doc, [TAG_CM, 17.0 - 2 * TAG_CM, TAG_CM])
    aligned_cells(row(t, ["{%tc for k in tb.kolonner %}", "", "{%tc endfor %}"], bold=True, fill=HEAD_FILL,
                      header=True)[1], "k", bold=True)
    tag_row(t, "{%tr for r in tb.rækker %}")
    aligned_cells(row(t, ["{%tc for c in r %}", "", "{%tc endfor %}"], keep=False)[1], "c")
    tag_row(t, "{%tr endfor %}")
    tag_row(t, "{%tr for r in tb.i_alt %}")
    aligned_cells(row(t, ["{%tc for c in r %}", "", "{%tc endfor %}"], fill=LABEL_FILL)[1], "c", bold=True)
    tag_row(t, "{%tr endfor %}")
    para(doc, "", space_after=6)
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p for plan in faseplaner %}")
    heading(doc, "Faseplan", "Heading 3", 2)
    t = table(doc, [4.4, TAG_CM, 17.0 - 4.4 - 2 * TAG_CM, TAG_CM])
    row(t, ["Fase", "{%tc for g in plan.år %}", "{% colspan g.antal %}{{ g.år }}", "{%tc endfor %}"], bold=True,
        fill=HEAD_FILL, header=True, size=8)
    cells = row(t, ["", "{%tc for m in plan.måneder %}", "{{ m }}", "{%tc endfor %}"], fill=HEAD_FILL, header=True,
                size=7)
    _vertical(cells[2])
    tag_row(t, "{%tr for r in plan.rækker %}")
    cells = row(t, ["{{ r.fase }}", "{%tc for c in r.cells %}", "{% cellbg c.farve %}", "{%tc endfor %}"], size=8)
    p = cells[0].add_paragraph()
    run = p.add_run("{{ r.periode }}")
    run.font.size = Pt(7)
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    p.paragraph_format.space_after = Pt(0)
    tag_row(t, "{%tr endfor %}")
    tag(doc, "{%p endfor %}")
    return doc


def aligned_cells(cell, var: str, bold: bool = False, size: float = 9) -> None:
    """A cell whose text is right-aligned when it is a number (`var.tal`), left-aligned otherwise."""
    first = cell.paragraphs[0]
    _set_text(first, f"{{%p if {var}.tal %}}")
    for text, align in ((f"{{{{ {var}.tekst }}}}", WD_ALIGN_PARAGRAPH.RIGHT), ("{%p else %}", None),
                        (f"{{{{ {var}.tekst }}}}", None), ("{%p endif %}", None)):
        p = cell.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        if "tekst" in text:
            run.bold = bold or None
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align


def _vertical(cell) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    direction = OxmlElement("w:textDirection")
    direction.set(qn("w:val"), "btLr")
    tc_pr.append(direction)
    tr_pr = cell._tc.getparent().get_or_add_trPr()
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(int(0.75 * 567)))
    height.set(qn("w:hRule"), "atLeast")
    tr_pr.append(height)


# --- laaneansoegning ------------------------------------------------------------------------

LOAN_CRITERIA = (
    "Der kan alene ansøges om låneadgang til udvidelse af botilbudskapaciteten for så vidt angår botilbud opført "
    "efter SEL §§ 107 og 108.",
    "Projekterne skal føre til en udvidelse af den samlede botilbudskapacitet i kommunen, medregnet tilbud opført "
    "efter ABL § 105. Der kan således ikke opnås låneadgang til at omdanne eksisterende pladser efter ABL §105 til "
    "pladser efter SEL §§ 107 og 108.",
    "Udvidelsen af kapaciteten skal kunne gennemføres inden udgangen af 2026.",
    "Der kan alene ansøges om låneadgang til projekter med en samlet bruttoanlægsudgift over 20 mio. kr. i alt i "
    "2025 og 2026 mhp. at understøtte udbygning af kapacitet, der kan være vanskelig at prioritere for den enkelte "
    "kommune.",
    "Minimum 25 pct. af pladserne skal være til rådighed for andre kommuner end den kommune, der ansøger om "
    "låneadgang til et projekt, der øger botilbudskapaciteten.",
    "Projekterne skal føre til en udvidelse af den samlede botilbudskapacitet. Der kan dog i særlige tilfælde gives "
    "støtte til vedligeholdelse af eksisterende pladser, hvis det kan sandsynliggøres, at pladserne uden renovering "
    "ellers vil bortfalde fra den kommunale kapacitet inden for en overskuelig årrække.",
)

LOAN_WEIGHTING = (
    "Størrelse (udgiftsmæssigt).",
    "Andelen af pladser, der står rådighed for kommuner uden for den kommune, som botilbuddet er etableret af.",
    "Geografisk spredning – minimum et projekt i hvert af de fem regioner prioriteres, hvis der indkommer "
    "ansøgninger fra kommuner i alle regioner.",
    "Beskrivelse af, hvordan projekterne bidrager til bedre prissætning af botilbudspladser ift. det nuværende, "
    "herunder på baggrund af kommunernes beskrivelse i ansøgning heraf, eventuel oplysning om referencepris (takst) "
    "fra nuværende tilbud (kommunalt/privat) mv.",
)


def numbered(doc, items, size: float = 10) -> None:
    for i, text in enumerate(items, start=1):
        p = para(doc, f"{i}.\t{text}", size=size, space_after=3)
        p.paragraph_format.left_indent = Cm(0.75)
        p.paragraph_format.first_line_indent = Cm(-0.75)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(0.75))


def loan_form() -> Document:
    doc = new_document()
    para(doc, "{{ titel }}", style="Title", space_after=10)
    p = para(doc, "Ansøger: ", bold=True, size=11)
    p.add_run("{{ ansøger }}").font.size = Pt(11)
    para(doc, "Ansøgning om lånedispensation for 2025 og 2026 til udvidelse af den kommunale botilbudskapacitet på "
              "socialområdet indtastes og godkendes senest den 15. maj 2024 (skemaet {{ pulje }} på indtast.dk).")
    para(doc, "Spørgsmål vedr. indtast.dk kan besvares af August Zillo Vous (azv@im.dk / 72 28 25 52) eller Alexander "
              "Blankholm (albl@im.dk / 72 28 25 55). Socialfaglige spørgsmål forud for ansøgningen kan rettes til "
              "Dorthe Skov Jeppesen (dos@sbst.dk / 41 93 25 12).")  # seed 002:58-60

    heading(doc, "Baggrund for puljen", "Heading 2", 1)
    para(doc, "Som led i økonomiaftalen for 2024 blev det aftalt at løfte kommunernes anlægsinvesteringer "
              "ekstraordinært med 0,2 mia. kr. i 2024, 0,6 mia. kr. i 2025 og 0,7 mia. kr. i 2026 til udvidelse af den "
              "kommunale botilbudskapacitet på det specialiserede socialområde med henblik på at understøtte en mere "
              "rimelig prissætning på området. Løftet sker ekstraordinært og er med henblik på at sikre et "
              "længerevarende fokus på udbygning af den samlede kommunale botilbudskapacitet ved investeringer i "
              "botilbud efter servicelovens §§ 107 og 108.")
    heading(doc, "Hvad kan der ansøges om?", "Heading 2", 1)
    para(doc, "Udmøntningen sker med henblik på at sikre, at puljen bidrager til udbygningen af den kommunale "
              "botilbudskapacitet for borgere på tværs af forskellige kommuner, der bidrager til at fremme en mere "
              "rimelig prissætning.")
    para(doc, "Kommunen indsender én samlet ansøgning for alle projekter med henblik på udvidelsen af "
              "botilbudskapaciteten i kommunen, til hvilke der søges om lånedispensation. I forbindelse med "
              "ansøgningen skal der udarbejdes én samlet projektbeskrivelse for samtlige projekter, jf. nedenfor.")
    heading(doc, "Kriterier, der skal opfyldes for at give adgang til lånepuljen i 2025 og 2026", "Heading 2", 1)
    numbered(doc, LOAN_CRITERIA)
    heading(doc, "Vægtningskriterier", "Heading 2", 1)
    para(doc, "Der foretages en samlet vurdering af ansøgningsskemaet og projektbeskrivelsen med udgangspunkt i "
              "nedenstående vægtningskriterier.")  # seed 002:128-131
    heading(doc, "Projekter, der er koordineret i regi af KKR mv.", "Heading 3", 2)
    para(doc, "Der gives særligt prioritet til projekter, der er koordineret i regi af KKR, sekundært er koordineret "
              "i andre tværkommunale samarbejder, dog under hensyntagen til en geografisk balanceret fordeling af "
              "lånepuljen, således at minimum et projekt i hver af de fem regioner prioriteres, hvis der indkommer "
              "ansøgninger fra kommuner i alle regioner.")  # seed 002:133-139
    heading(doc, "Udvælgelse i tilfælde af, at det ansøgte beløb overstiger lånepuljens størrelse", "Heading 3", 2)
    para(doc, "Der foretages en vurdering af, hvordan ansøger beskriver projektets sammenhæng mellem aktiviteter, "
              "herunder kommunes plan for udvidelsen af botilbuds-kapaciteten, tidsplanen herfor, det ansøgte beløb "
              "mv., der samlet set kan forventes at bidrage til opfyldelse af lånepuljens formål. Som en del af "
              "vurderingen vægtes følgende kriterier i prioriteret rækkefølge:")  # seed 002:141-145
    numbered(doc, LOAN_WEIGHTING)

    para(doc, "Ansøgning til lånepulje til udvidelse af den kommunale botilbudskapacitet", style="Heading 1")
    widths = [1.3, 4.0, TAG_CM, 2.0, TAG_CM, TAG_CM, 2.0, TAG_CM, 2.3, 2.3]
    widths[3] = widths[6] = (17.0 - 1.3 - 4.0 - 4 * TAG_CM - 2.3 - 2.3) / 2
    t = table(doc, widths)
    cells = row(t, ["Projekt", "{{ kolonne_a.bogstav }}", "{%tc for k in lån_kolonner %}", "{{ k.bogstav }}",
                    "{%tc endfor %}", "{%tc for k in plads_kolonner %}", "{{ k.bogstav }}", "{%tc endfor %}",
                    "{{ kolonne_f.bogstav }}", "{{ kolonne_g.bogstav }}"], bold=True, fill=HEAD_FILL, size=9,
                header=True)
    for index, var in ((1, "kolonne_a.tekst"), (3, "k.tekst"), (6, "k.tekst"), (8, "kolonne_f.tekst"),
                       (9, "kolonne_g.tekst")):
        p = cells[index].add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        p.add_run(f"{{{{ {var} }}}}").font.size = Pt(7.5)
    tag_row(t, "{%tr for p in projekter %}")
    row(t, ["{{ p.nummer }}", "{{ p.navn }}", "{%tc for c in p.lån %}", "{{ c }}", "{%tc endfor %}",
            "{%tc for c in p.pladser %}", "{{ c }}", "{%tc endfor %}", "{{ p.andel }}", "{{ p.afsluttet }}"],
        align_right_from=2)
    tag_row(t, "{%tr endfor %}")
    row(t, ["{{ i_alt.nummer }}", "", "{%tc for c in i_alt.lån %}", "{{ c }}", "{%tc endfor %}",
            "{%tc for c in i_alt.pladser %}", "{{ c }}", "{%tc endfor %}", "{{ i_alt.andel }}",
            "{{ i_alt.afsluttet }}"], bold=True, fill=LABEL_FILL, align_right_from=2)
    para(doc, "", space_after=4)
    para(doc, "Såfremt der ønskes om at indsende ansøgning til mere end fem projekter bedes kommunen rette "
              "henvendelse til Jonatan Basby (joba@im.dk / 72 28 24 38).", size=9)  # seed 002:251-253
    para(doc, "Som led i ansøgningen skal der i nedenstående tekstfelter indføres en samlet beskrivelse af "
              "projektet/-erne i kommunen (i alt højst ca. 4.000 tegn; denne ansøgning bruger "
              "{{ beskrivelse_tegn }} tegn). I projektbeskrivelsen skal følgende oplyses:")
    tag(doc, "{%p for q in spørgsmål %}")
    p = para(doc, "{{ q.nummer }}.\t{{ q.spørgsmål }}", space_after=3, keep_next=True)
    p.paragraph_format.left_indent = Cm(0.75)
    p.paragraph_format.first_line_indent = Cm(-0.75)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(0.75))
    t = table(doc, [17.0])
    cells = row(t, [""], keep=False)
    cell_rich(cells[0], "q.svar", size=10)
    para(doc, "", space_after=2)
    tag(doc, "{%p endfor %}")
    para(doc, "Dokumentation for det fælleskommunale element i det ansøgte projekt, fx referat af drøftelse i KKR, "
              "aftale mellem flere kommuner eller lignende bedes sendt til tilskudsforvaltning@sbst.dk mærket "
              "”Lånepulje”.", size=9)

    para(doc, "Kontaktoplysninger til kommunal(e) sagsbehandler(e)", style="Heading 2")
    t = table(doc, [6.0, 4.0, 7.0])
    row(t, ["Navn(e) og titel", "Telefonnumre",
            "Sagsbehandler(e) og afdelingens e-postkasser (adskil flere med semikolon)"], bold=True, fill=HEAD_FILL,
        header=True)
    tag_row(t, "{%tr for k in kontakter %}")
    row(t, ["{{ k.navn_og_titel }}", "{{ k.telefon }}", "{{ k.email }}"])
    tag_row(t, "{%tr endfor %}")

    heading(doc, "Kort indberetningsvejledning:", "Heading 3", 2)  # seed 002:328-340
    para(doc, "De indtastede oplysninger gemmes i ministeriets database, når der trykkes 'Send'. Efterfølgende "
              "ændringer i ansøgningen kan løbende ses og gemmes ved at trykke 'Send'. Ved evt. ønske om et print af "
              "det indtastede i en udskrivningsvenlig udgave kan der med fordel trykkes 'Vis' før udprint.", size=9)
    para(doc, "Den endelige indtastning/ansøgning godkendes ved at trykke 'Godkend', hvorefter det indtastede "
              "ansøgningsskema vises i en udskrivningsvenlig udgave med dato- og underskriftslinje nederst. Denne "
              "udgave kan herefter udskrives og underskrives med dato som intern kvittering og dokumentation for "
              "afsendelse af ansøgningen.", size=9)
    heading(doc, "Sådan behandler vi personoplysninger", "Heading 3", 2)  # seed 002:356 (its text is not in the seed)

    p = para(doc, "Dato: {{ dato }}", space_after=0)
    p.paragraph_format.space_before = Pt(24)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(8.5))
    p.add_run("\tUnderskrift: ______________________________")
    return doc


# --- fordelingsbilag ------------------------------------------------------------------------

def distribution_appendix() -> Document:
    doc = new_document()
    para(doc, "{{ overskrift }}", style="Title", space_after=10)
    rich(doc, "tekst")
    t = table(doc, [6.2, 3.6, 3.2, 4.0])
    row(t, ["{{ navn_kolonne }}", "{{ nøgle_kolonne }}", "{{ andel_kolonne }}", "{{ beløb_kolonne }}"], bold=True,
        fill=HEAD_FILL, align_right_from=1, header=True)
    row(t, ["{{ total.navn }}", "{{ total.vægt }}", "{{ total.andel }}", "{{ total.beløb }}"], bold=True,
        fill=LABEL_FILL, align_right_from=1)  # the total first, as in the official appendix (seed 002)
    tag_row(t, "{%tr for r in rækker %}")
    row(t, ["{{ r.navn }}", "{{ r.vægt }}", "{{ r.andel }}", "{{ r.beløb }}"], align_right_from=1)
    tag_row(t, "{%tr endfor %}")
    para(doc, "{{ note }}", size=8, italic=True)
    p = doc.paragraphs[-1]
    p.paragraph_format.space_before = Pt(4)
    return doc


def main() -> None:
    for kind in ("effektiviseringsforslag", "investeringsforslag"):
        folder = HERE / kind
        folder.mkdir(exist_ok=True)
        proposal_form(kind).save(folder / "forslag.docx")
        administrative_appendix(kind).save(folder / "administrativt-bilag.docx")
        appendix().save(folder / "bilag.docx")
    (HERE / "laaneansoegning").mkdir(exist_ok=True)
    loan_form().save(HERE / "laaneansoegning" / "ansøgning.docx")
    (HERE / "fordelingsbilag").mkdir(exist_ok=True)
    distribution_appendix().save(HERE / "fordelingsbilag" / "bilag.docx")


if __name__ == "__main__":
    main()
