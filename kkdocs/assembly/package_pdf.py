"""Committee packages: one PDF with a cover, a table of contents, an overview and the cases.

The package is built from each case's part PDFs (not from its finished bundle), so that
"Side X af Y" is stamped once, numbered continuously from the contents page (the cover has no
number and is not counted; its page label is "Forside"). The cover,
table of contents and overview are laid out here with reportlab; the numbers in the
overview come from the calculation engine and are only formatted here.

These pages are tagged as they are drawn (see tagged_reportlab): headings, paragraphs,
tables with header cells and the contents as TOC, with the rules and table backgrounds as
artifacts, so the package stays one tagged PDF/UA document after the merge.

The table of contents refers to pages after itself, so its own length is found first: it
is laid out with a guessed length, and again with the length that came out, until the two
agree.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kkdocs.assembly.bundle import (BundleInfo, BundleMeta, BundlePart, describe_bundle, register_fonts,
                                    write_case_bundle)
from kkdocs.assembly.tagged_reportlab import H1, H2, P, Rule, Tagger, TaggingCanvas, table_tags
from kkdocs.danish_format import format_amount, format_date_long
from kkdocs.figures.package_overview import OverviewCase, OverviewRow, PackageInfo, PackageOverview
from kkdocs.pdf.pdf_archive import ArchiveMeta, declare_archive, drop_null_unicode

KOMMUNE = "Københavns Kommune"

MARGIN = 2 * cm
FRAME_PADDING = 6  # reportlab's default padding inside SimpleDocTemplate's frame
LABEL_WIDTH = 6.2 * cm
YEAR_WIDTH = 1.85 * cm
GRID_GREY = colors.Color(0.6, 0.6, 0.6)
HEADER_FILL = colors.Color(0.92, 0.92, 0.92)
MUTED = colors.Color(0.35, 0.35, 0.35)
_TOC_ATTEMPTS = 6
ID_WIDTH = 3.4 * cm  # the overview's "Sag" column
COVER_PAGES = 1  # the cover carries no page number and is not counted, so the contents page is page 1
NUMBERING_NOTE = "Forsiden har intet sidetal; sidetallene begynder med indholdsfortegnelsen som side 1."


@dataclass(frozen=True)
class PackageCase:
    """One case in a package, given as the parts of its bundle (unstamped PDFs).

    `draft` marks the case's pages "UDKAST" (status udkast).
    """

    id: str
    titel: str
    type_label: str
    parts: tuple[BundlePart, ...]
    draft: bool = False


@dataclass(frozen=True)
class _TocLine:
    title: str
    note: str
    level: int
    page: int


# --- public functions ---------------------------------------------------------------------


def write_committee_package(
    package: PackageInfo,
    cases: Sequence[PackageCase],
    overview: PackageOverview,
    target: Path,
) -> BundleInfo:
    """Write the package PDF: cover, contents, overview, then each case's parts."""
    case_nodes = tuple(_case_node(case) for case in cases)
    case_layout = describe_bundle(case_nodes) if case_nodes else None
    with tempfile.TemporaryDirectory(prefix="kkdocs-pakke-") as folder:
        cover = _save(Path(folder, "forside.pdf"), _render(_cover_story(package), A4, package))
        overview_pdf = _render(_overview_story(overview), _overview_pagesize(overview), package)
        overview_path = _save(Path(folder, "oversigt.pdf"), overview_pdf)
        toc_pdf = _render_toc(package, cases, case_layout, _page_count(overview_pdf))
        toc_path = _save(Path(folder, "indhold.pdf"), toc_pdf)
        front = (
            BundlePart("Forside", cover),
            BundlePart("Indholdsfortegnelse", toc_path),
            BundlePart("Oversigt", overview_path),
        )
        return write_case_bundle((*front, *case_nodes), Path(target), _package_meta(package))


# --- structure --------------------------------------------------------------------------------


def _case_node(case: PackageCase) -> BundlePart:
    if not case.parts:
        raise ValueError(f"case {case.id} has no parts")
    return BundlePart(case.titel, None, tuple(case.parts), draft=case.draft)


def _archive_meta(package: PackageInfo) -> ArchiveMeta:
    meta = _package_meta(package)
    return ArchiveMeta(meta.title, meta.author, meta.subject, "kkdocs", meta.created)


def _package_meta(package: PackageInfo) -> BundleMeta:
    return BundleMeta(
        title=package.titel,
        author=KOMMUNE,
        subject=f"{package.udvalg}, møde {format_date_long(package.mødedato)}",
        created=package.mødedato,
        unnumbered=COVER_PAGES,
    )


# --- rendering --------------------------------------------------------------------------------


def _render(story: list[Flowable], pagesize: tuple[float, float], package: PackageInfo) -> bytes:
    """Lay out a story on A4 with 2 cm margins, tagged and PDF/A; the bundle adds the page stamps later."""
    register_fonts()
    tagger = Tagger()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        invariant=1,
    )
    document.build(story, canvasmaker=lambda *args, **kwargs: TaggingCanvas(tagger, *args, **kwargs))
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        tagger.apply(pdf)
        drop_null_unicode(pdf)
        declare_archive(pdf, _archive_meta(package))
        tagged = io.BytesIO()
        pdf.save(tagged, deterministic_id=True)
    return tagged.getvalue()


def _save(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13)
    return {
        "body": base,
        "muted": ParagraphStyle("muted", base, fontSize=8.5, leading=11, textColor=MUTED),
        "kommune": ParagraphStyle("kommune", base, fontName=bold, fontSize=13, leading=16),
        "udvalg": ParagraphStyle("udvalg", base, fontSize=14, leading=18, spaceAfter=8),
        "cover_title": ParagraphStyle("cover_title", base, fontName=bold, fontSize=24, leading=30, spaceAfter=18),
        "cover_date": ParagraphStyle("cover_date", base, fontSize=13, leading=17),
        "cover_warning": ParagraphStyle("cover_warning", base, fontName=bold, fontSize=11, leading=14, spaceBefore=12,
                                        textColor=colors.Color(0.64, 0.09, 0.1)),
        "h1": ParagraphStyle("h1", base, fontName=bold, fontSize=18, leading=22, spaceAfter=12),
        "h2": ParagraphStyle("h2", base, fontName=bold, fontSize=12, leading=15, spaceBefore=14, spaceAfter=6),
        "cell": ParagraphStyle("cell", base, fontSize=9, leading=11),
        "cell_indented": ParagraphStyle("cell_indented", base, fontSize=9, leading=11, leftIndent=10),
        "cell_bold": ParagraphStyle("cell_bold", base, fontName=bold, fontSize=9, leading=11),
        "cell_right": ParagraphStyle("cell_right", base, fontSize=9, leading=11, alignment=TA_RIGHT),
        "toc_case": ParagraphStyle("toc_case", base, fontName=bold, fontSize=10.5, leading=13),
        "toc_page": ParagraphStyle("toc_page", base, alignment=TA_RIGHT),
        "toc_page_bold": ParagraphStyle("toc_page_bold", base, fontName=bold, fontSize=10.5, alignment=TA_RIGHT),
    }


def _text(value: str) -> str:
    """Escape user text for a reportlab Paragraph."""
    return escape(value).replace("\n", "<br/>")


# --- cover -------------------------------------------------------------------------------------


def _cover_story(package: PackageInfo) -> list[Flowable]:
    styles = _styles()
    return [
        P(KOMMUNE, styles["kommune"]),
        Spacer(1, 2),
        Rule(width="100%", thickness=0.8, color=colors.black, spaceAfter=0),
        Spacer(1, 6.5 * cm),
        P(_text(package.udvalg), styles["udvalg"]),
        H1(_text(package.titel), styles["cover_title"]),
        P(f"Møde den {format_date_long(package.mødedato)}", styles["cover_date"]),
        *[P(_text(line), styles["cover_warning"]) for line in package.outdated],
    ]


# --- table of contents -------------------------------------------------------------------------


def _render_toc(
    package: PackageInfo,
    cases: Sequence[PackageCase],
    case_layout: BundleInfo | None,
    overview_pages: int,
) -> bytes:
    """Lay out the contents until its own page count agrees with the numbers in it."""
    toc_pages = 1
    for _ in range(_TOC_ATTEMPTS):
        # the page numbers as printed: the cover has none, the contents is page 1
        first_case_page = toc_pages + overview_pages + 1
        lines = _toc_lines(cases, case_layout, overview_page=toc_pages + 1, offset=first_case_page - 1)
        data = _render(_toc_story(package, lines), A4, package)
        pages = _page_count(data)
        if pages == toc_pages:
            return data
        toc_pages = pages
    raise RuntimeError("the table of contents did not settle on a page count")


def _toc_lines(
    cases: Sequence[PackageCase],
    case_layout: BundleInfo | None,
    overview_page: int,
    offset: int,
) -> list[_TocLine]:
    lines = [_TocLine("Oversigt", "", 0, overview_page)]
    outline = case_layout.outline if case_layout else ()
    case_iter = iter(cases)
    for entry in outline:
        note = ""
        if entry.level == 0:
            case = next(case_iter)
            note = f"{case.type_label} · {case.id}"
        lines.append(_TocLine(entry.title, note, entry.level, entry.first_page + offset))
    return lines


def _toc_story(package: PackageInfo, lines: Sequence[_TocLine]) -> list[Flowable]:
    """A heading, then one block per top-level line, each kept on one page."""
    styles = _styles()
    story: list[Flowable] = [
        H1("Indholdsfortegnelse", styles["h1"]),
        P(_text(f"{package.udvalg} · møde {format_date_long(package.mødedato)}"), styles["muted"]),
        P(NUMBERING_NOTE, styles["muted"]),
        Spacer(1, 4),
    ]
    for block in _toc_blocks(lines):
        story.append(KeepTogether([Spacer(1, 9), _toc_table(block, styles)]))
    return story


def _toc_blocks(lines: Sequence[_TocLine]) -> list[list[_TocLine]]:
    """Split the lines into blocks that each start at a top-level line."""
    blocks: list[list[_TocLine]] = []
    for line in lines:
        if line.level == 0 or not blocks:
            blocks.append([])
        blocks[-1].append(line)
    return blocks


def _toc_table(block: Sequence[_TocLine], styles: dict[str, ParagraphStyle]) -> Table:
    width = _frame_width(A4)
    table = Table([_toc_row(line, styles) for line in block], colWidths=[width - 2 * cm, 2 * cm],
                  renderCB=table_tags("toc"))
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _toc_row(line: _TocLine, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    indent = 14 * line.level
    if line.level == 0:
        text = _text(line.title)
        if line.note:
            text += f'<br/><font size="8.5" color="#595959">{_text(line.note)}</font>'
        title_style = ParagraphStyle("toc_top", styles["toc_case"], leftIndent=indent)
        page_style = styles["toc_page_bold"]
    else:
        title_style = ParagraphStyle("toc_part", styles["body"], leftIndent=indent)
        text = _text(line.title)
        page_style = styles["toc_page"]
    return [Paragraph(text, title_style), Paragraph(str(line.page), page_style)]


# --- overview ---------------------------------------------------------------------------------


def _overview_pagesize(overview: PackageOverview) -> tuple[float, float]:
    """Portrait A4 unless the year columns do not fit; then landscape."""
    needed = LABEL_WIDTH + YEAR_WIDTH * len(overview.years)
    return A4 if needed <= _frame_width(A4) else landscape(A4)


def _frame_width(pagesize: tuple[float, float]) -> float:
    return pagesize[0] - 2 * MARGIN - 2 * FRAME_PADDING


def _overview_story(overview: PackageOverview) -> list[Flowable]:
    styles = _styles()
    width = _frame_width(_overview_pagesize(overview))
    unit = f"1.000 kr. {overview.pl}"
    return [
        H1("Oversigt", styles["h1"]),
        P(_text(f"Beløb i {unit}. Negative beløb er mindreudgifter."), styles["muted"]),
        *([P(_text(f"Omregnet til {overview.pl} med pris- og lønindekset i pl.yaml: "
                   + "; ".join(overview.converted) + "."), styles["muted"])] if overview.converted else []),
        _section("Tabel A. Måltalseffekt summeret for alle sager", _amount_table(overview.tabel_a, overview.years, unit, styles), styles),
        _section("Implementeringsomkostninger", _amount_table(overview.implementering, overview.years, unit, styles), styles),
        _section("Sager og tilbagebetalingstid", _case_table(overview.cases, width, styles), styles),
    ]


def _section(heading: str, body: Flowable, styles: dict[str, ParagraphStyle]) -> Flowable:
    """A heading kept on the same page as the start of its table."""
    return KeepTogether([H2(heading, styles["h2"]), body])


def _amount_table(
    rows: Sequence[OverviewRow],
    years: Sequence[int],
    unit: str,
    styles: dict[str, ParagraphStyle],
) -> Flowable:
    if not rows:
        return P("Ingen beløb.", styles["body"])
    regular, bold = register_fonts()
    data = [[unit, *[str(year) for year in years]]]
    for row in rows:
        label_style = styles["cell_bold"] if row.bold or row.total else \
            styles["cell_indented"] if row.indented else styles["cell"]
        data.append([Paragraph(_text(row.label), label_style), *[format_amount(row.values.get(y)) for y in years]])
    table = Table(data, colWidths=[LABEL_WIDTH, *[YEAR_WIDTH] * len(years)], repeatRows=1, hAlign="LEFT",
                  renderCB=table_tags("table"))
    commands = _grid_commands(regular, bold) + [("ALIGN", (1, 0), (-1, -1), "RIGHT")]
    for index, row in enumerate(rows, start=1):
        if row.bold or row.total:
            commands.append(("FONTNAME", (1, index), (-1, index), bold))
        if row.total:
            commands.append(("LINEABOVE", (0, index), (-1, index), 0.8, colors.black))
    table.setStyle(TableStyle(commands))
    return table


def _case_table(cases: Sequence[OverviewCase], width: float, styles: dict[str, ParagraphStyle]) -> Flowable:
    """Cases with payback and findings; "Tilbagebetalingstid" spans its two columns."""
    if not cases:
        return P("Ingen sager.", styles["body"])
    regular, bold = register_fonts()
    header = [
        ["", "", "Tilbagebetalingstid", "", "", ""],
        ["Sag", "Titel", "Service", "Totaløkonomi", "Fejl", "Advarsler"],
    ]
    body = [
        [
            Paragraph(_id_lines(case.id, ID_WIDTH - 12, styles["cell"]), styles["cell"]),
            Paragraph(_text(case.titel), styles["cell"]),
            case.payback_service,
            case.payback_total,
            str(case.fejl),
            str(case.advarsler),
        ]
        for case in cases
    ]
    fixed = [ID_WIDTH, 2.0 * cm, 2.4 * cm, 1.2 * cm, 1.8 * cm]
    widths = [fixed[0], width - sum(fixed), *fixed[1:]]
    table = Table(header + body, colWidths=widths, repeatRows=2, hAlign="LEFT", renderCB=table_tags("table"))
    commands = _grid_commands(regular, bold, header_rows=2) + [
        ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
        ("SPAN", (2, 0), (3, 0)),
        ("ALIGN", (2, 0), (3, 0), "CENTER"),
        ("LINEBELOW", (2, 0), (3, 0), 0.25, GRID_GREY),
    ]
    table.setStyle(TableStyle(commands))
    return table


def _id_lines(case_id: str, width: float, style: ParagraphStyle) -> str:
    """A case id broken only after its hyphens (reportlab would split a long id mid-word)."""
    lines: list[str] = []
    for chunk in re.findall(r"[^-]+-?|-", case_id):
        if lines and stringWidth(lines[-1] + chunk, style.fontName, style.fontSize) <= width:
            lines[-1] += chunk
        else:
            lines.append(chunk)
    return "<br/>".join(_text(line) for line in lines)


def _grid_commands(regular: str, bold: str, header_rows: int = 1) -> list[tuple]:
    """Sober table look: grey header band, thin horizontal rules, no vertical lines."""
    last_header = header_rows - 1
    return [
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("FONTNAME", (0, 0), (-1, last_header), bold),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("LEADING", (0, 0), (-1, -1), 11),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("BACKGROUND", (0, 0), (-1, last_header), HEADER_FILL),
        ("LINEBELOW", (0, last_header), (-1, last_header), 0.8, colors.black),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, GRID_GREY),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
