"""Word documents of a case: fill the type's templates (manifest.yaml) with its context.

`render_documents` writes every .docx of a case into a folder and returns the parts in bundle
order, with the attached PDFs (bilag with `fil`) listed in their place. Rendering uses
docxtpl with a sandboxed, autoescaping Jinja environment and StrictUndefined, so a value is
always printed exactly as written and a misspelt variable is an error that names the
template.

Year columns: templates repeat a column with `{%tc for … %}` (see templates/make_templates.py).
Before rendering, the cells inside such a loop are marked as flexible (their width type
becomes "auto"); after rendering, `fit_tables` keeps the fixed columns at their template
width and shares the rest of the table's width among the flexible ones, weighted by their
longest text. A table without loop columns is left as the template has it.

Output is deterministic: core properties get their dates from the case's frist, and the zip
(written by `office_zip` from the parts python-docx saves, made light by `light_docx`: only the
styles used, no stylesWithEffects, no thumbnail) a fixed timestamp. Each file is
written to a temporary name and moved into place.

A process renders many documents from few templates, so it keeps what depends on a template's
bytes alone: its parts unzipped, the patched XML of each part and the compiled Jinja template,
all looked up by the exact bytes or text they were made from (an edited template is simply
new bytes). The document itself is made fresh from those parts for every render, as docxtpl
changes it in place.
"""

from __future__ import annotations

import datetime
import functools
import io
import re
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path

from docx.opc import package as opc_package
from docx.opc import pkgwriter
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.part import Part as OpcPart
from docx.opc.part import PartFactory
from docx.opc.pkgreader import PackageReader
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError
from lxml import etree

from kkdocs.atomic_write import write_bytes_atomically
from kkdocs.case.model import author_name
from kkdocs.checks.attachments import AttachmentProblem, read_sheet, resolve_attachment
from kkdocs.checks.document_properties import property_text
from kkdocs.documents.document_types import Part, load_document_type
from kkdocs.documents.case_values_part import attach_case_values, case_values_xml
from kkdocs.documents.light_docx import lighten
from kkdocs.documents.numbered_lists import restart_numbered_lists
from kkdocs.documents.office_zip import write_package
from kkdocs.documents.rendered_part import RenderedPart
from kkdocs.documents.template_bounds import BoundedSandbox, RenderBound, render_bounds, stopped_message
from kkdocs.documents.template_problem import (EXPRESSION_ERRORS, TemplateProblem, danish_expression_error,
                                               danish_security, danish_syntax, danish_template_error,
                                               danish_undefined, refuse_unsafe_package)
from kkdocs.errors import KkdocsError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MIN_FLEX_TWIPS = 200
_HAS_AUTO_WIDTH = etree.XPath("boolean(.//w:tcW[@w:type='auto'])", namespaces={"w": W[1:-1]})
CACHED_SOURCES = 128  # patched and compiled template parts kept per process
CACHED_PACKAGES = 16  # templates kept unzipped per process (a case type has two to four)
LOOP_START = re.compile(r"\{%-?\s*tc\s+for\b")
LOOP_END = re.compile(r"\{%-?\s*tc\s+endfor\b")
_LISTING_CHARACTER = re.compile("[\t\a\n\f]")  # what docxtpl's resolve_listing turns into markup


@dataclass(frozen=True)
class DocumentMeta:
    title: str
    author: str
    subject: str
    date: datetime.date
    case_values: bytes | None = None  # the case's own values, for `kkdocs import` (case_values_part)


def template_environment() -> BoundedSandbox:
    """The Jinja environment every template is rendered with."""
    return BoundedSandbox(undefined=StrictUndefined, autoescape=True)


class _CompilingOnce(BoundedSandbox):
    """template_environment(), compiling each distinct source once (docxtpl asks for every render)."""

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True)

    def from_string(self, source, globals=None, template_class=None) -> Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        return _compiled(self, source)


@functools.lru_cache(maxsize=CACHED_SOURCES)
def _compiled(environment: _CompilingOnce, source: str) -> Template:
    return BoundedSandbox.from_string(environment, source)


@functools.cache
def _render_environment() -> _CompilingOnce:
    return _CompilingOnce()


def render_documents(result, reference, workspace, outdir: Path) -> list[RenderedPart]:
    """Write the Word documents of a validated case (a CaseResult) into outdir, in bundle order."""
    case, figures = result.case, result.figures
    if case is None or figures is None:
        raise TemplateProblem(f"{result.file} kan ikke dannes: sagen har fejl.")
    doc_type = load_document_type(workspace.templates(case.type))
    builder = result.case_type.document.build
    case_folder = Path(result.path).parent

    def sheet(table) -> list[list[object]]:
        try:
            path = resolve_attachment(table.fra_excel, case_folder, workspace.data)
        except AttachmentProblem as exc:
            raise TemplateProblem(str(exc)) from None
        return read_sheet(path, table.ark)

    context = builder(case, figures, reference.organisation, read_sheet=sheet)
    values = case_values_xml(result.id, result.source.data) if result.source is not None else None
    meta = DocumentMeta(title=case.titel, author=author_name(case, reference.organisation), subject=case.sag,
                        date=case.frist, case_values=values)
    outdir.mkdir(parents=True, exist_ok=True)
    parts: list[RenderedPart] = []
    for part in doc_type.parts:
        for number, item in _items(context, part):
            title = getattr(item, "titel", case.titel)
            bookmark = part.bookmark.format_map({"n": number or "", "titel": title})
            attached = getattr(item, "fil", "") if part.each else ""
            if attached:
                try:
                    path = resolve_attachment(attached, case_folder, workspace.data)
                except AttachmentProblem as exc:
                    raise TemplateProblem(str(exc)) from None
                parts.append(RenderedPart(path, bookmark, part.bundle, len(parts), "pdf", part.group))
                continue
            output = outdir / part.output.format_map({"n": number or ""})
            render_docx(doc_type.template_path(part), item, output, meta)
            parts.append(RenderedPart(output, bookmark, part.bundle, len(parts), "docx", part.group))
    return parts


def _items(context, part: Part):
    if part.each is None:
        return [(None, context)]
    return list(enumerate(getattr(context, part.each), start=1))


def render_docx(template: Path, context, output: Path, meta: DocumentMeta) -> None:
    """Render one template with a context dataclass and write it atomically to output."""
    values = {f.name: getattr(context, f.name) for f in fields(context)}
    if not zipfile.is_zipfile(template):
        raise TemplateProblem(f"Skabelonen {template.name} er ikke en gyldig Word-fil (.docx).")
    refuse_unsafe_package(template, template.read_bytes())
    document = _FlexTemplate(str(template))
    try:
        with render_bounds():
            document.render(values, jinja_env=_render_environment(), autoescape=True)
    except RenderBound as bound:
        raise TemplateProblem(stopped_message(template.name, bound)) from None
    except TemplateSyntaxError as exc:
        unclosed = _unclosed_block(exc.source or "") if "end of template" in (exc.message or "") else None
        if unclosed:
            raise TemplateProblem(f"Skabelonen {template.name} har et mærke, der aldrig lukkes: {unclosed}") from None
        raise TemplateProblem(f"Skabelonen {template.name} har et ugyldigt Jinja-mærke: {danish_syntax(exc.message)} "
                              f"(ved: {_near(exc)})") from None
    except UndefinedError as exc:
        raise TemplateProblem(f"Skabelonen {template.name} bruger en variabel, som ikke findes: "
                              f"{danish_undefined(exc.message)}") from None
    except SecurityError as exc:
        raise TemplateProblem(f"Skabelonen {template.name} bruger noget, der ikke er tilladt i en skabelon: "
                              f"{danish_security(str(exc))}") from None
    except KkdocsError as exc:  # BoundExceeded, in Danish
        raise TemplateProblem(f"Skabelonen {template.name} kan ikke udfyldes: {exc}") from None
    except TemplateError as exc:
        raise TemplateProblem(f"Skabelonen {template.name} kan ikke udfyldes: {danish_template_error(exc.message)}") \
            from None
    except EXPRESSION_ERRORS as exc:
        raise TemplateProblem(f"Skabelonen {template.name} kan ikke udfyldes: {danish_expression_error(exc)}") from None
    fit_tables(document.docx.element.body)
    restart_numbered_lists(document.docx)
    _set_properties(document.docx, meta)
    if meta.case_values is not None:
        attach_case_values(document.docx, meta.case_values)
    stamp = (meta.date.year, meta.date.month, meta.date.day, 12, 0, 0)  # the frist, at noon
    write_bytes_atomically(output, write_package(lighten(_package_entries(document)), stamp), durable=False)


def _near(exc: TemplateSyntaxError) -> str:
    lines = (exc.source or "").splitlines()
    if exc.lineno and 0 < exc.lineno <= len(lines):
        text = re.sub(r"<[^>]+>", "", lines[exc.lineno - 1])
        return text.strip()[:120] or "?"
    return "?"


_BLOCK_TAG = re.compile(r"{%-?\s*(?:(?:p|tr|tc|r)\s+)?(if|for|endif|endfor)\b[^%]*%}")


def _unclosed_block(source: str) -> str | None:
    """The innermost {% if %} or {% for %} that has no end tag: its text and the end tag it needs."""
    stack: list[tuple[str, str]] = []
    for match in _BLOCK_TAG.finditer(re.sub(r"<[^>]+>", "", source)):
        word = match.group(1)
        if word.startswith("end"):
            if stack:
                stack.pop()
        else:
            stack.append((match.group(0), word))
    if not stack:
        return None
    tag, word = stack[-1]
    return f"{tag} mangler sit {{% end{word} %}}."


class _FlexTemplate(DocxTemplate):
    """docxtpl with the loop columns of every table marked as flexible before patching.

    The template's styles part (python-docx's default styles are 350 kB of XML) is loaded as
    plain bytes: neither docxtpl nor kkdocs reads or changes styles, so parsing it for every
    document and serialising it again on save is work thrown away.
    """

    def init_docx(self, reload: bool = True):
        with _styles_as_bytes(), _packages_read_once():
            super().init_docx(reload)

    def patch_xml(self, src_xml):
        return _patched(src_xml)

    def resolve_listing(self, xml):
        """docxtpl's own, which turns a tab, newline, \\a or \\f in a text into Word's markup.

        It rewrites every paragraph, run and text of the rendered part with regular expressions
        to find them; most parts hold none (204 of the reference cases' 216), and then nothing
        in them can change: it only looks inside `<w:p …>…</w:p>`, which starts at the first
        `<w:p`. Only the XML declaration's line break comes before that.
        """
        first = xml.find("<w:p")
        if first < 0 or _LISTING_CHARACTER.search(xml, first) is None:
            return xml
        return super().resolve_listing(xml)


@contextmanager
def _styles_as_bytes():
    """While python-docx loads a package here, its styles part stays a plain, unparsed `Part`.

    `PartFactory.part_class_selector` is python-docx's hook for choosing a part's class; its
    own selector (images) still answers every other part. The hook is global, so this holds
    only because a kkdocs process renders one document at a time.
    """
    standard = PartFactory.part_class_selector

    def select(content_type: str, reltype: str):
        if content_type == CT.WML_STYLES:
            return OpcPart
        return standard(content_type, reltype) if standard else None

    PartFactory.part_class_selector = select
    try:
        yield
    finally:
        PartFactory.part_class_selector = standard


@contextmanager
def _packages_read_once():
    """While python-docx loads a package here, a template whose bytes it has read before is not unzipped again.

    python-docx reads a package into a `PackageReader`: every part's bytes and relationships,
    which it only reads from when it makes the document's parts. So one reader serves every
    document rendered from the same bytes (measured beside a test run, so slow: the Word
    documents of the 48 reference cases in 0,96-1,03 s of CPU against 1,19-1,26 s). Like
    `_styles_as_bytes`, a global hook.
    """
    standard = opc_package.PackageReader
    opc_package.PackageReader = _KeptPackageReader
    try:
        yield
    finally:
        opc_package.PackageReader = standard


class _KeptPackageReader(PackageReader):
    @staticmethod
    def from_file(pkg_file):
        if isinstance(pkg_file, (str, Path)):
            return _package_reader(Path(pkg_file).read_bytes())
        return PackageReader.from_file(pkg_file)


@functools.lru_cache(maxsize=CACHED_PACKAGES)
def _package_reader(data: bytes) -> PackageReader:
    return PackageReader.from_file(io.BytesIO(data))


@functools.lru_cache(maxsize=CACHED_SOURCES)
def _patched(src_xml: str) -> str:
    """docxtpl's clean-up of one part's XML for Jinja; a function of the text alone."""
    return DocxTemplate.patch_xml(None, mark_loop_cells(src_xml))


def mark_loop_cells(xml: str) -> str:
    """Give the cells between `{%tc for %}` and `{%tc endfor %}` an "auto" width (the flex mark)."""
    if "tc " not in xml and "tc\t" not in xml:
        return xml
    try:
        tree = etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError:
        return xml
    changed = False
    for tr in tree.iter(W + "tr"):
        inside = False
        for tc in tr.findall(W + "tc"):
            text = "".join(t.text or "" for t in tc.iter(W + "t"))
            if LOOP_START.search(text):
                inside = True
                continue
            if LOOP_END.search(text):
                inside = False
                continue
            if inside:
                _tc_width(tc).set(W + "type", "auto")
                changed = True
    if not changed:
        return xml
    return etree.tostring(tree, encoding="unicode")


def _tc_width(tc):
    pr = tc.find(W + "tcPr")
    if pr is None:
        pr = etree.SubElement(tc, W + "tcPr")
        tc.remove(pr)
        tc.insert(0, pr)
    width = pr.find(W + "tcW")
    if width is None:
        width = etree.SubElement(pr, W + "tcW")
        width.set(W + "w", "0")
        pr.remove(width)
        pr.insert(0, width)
    return width


def _span(tc) -> int:
    pr = tc.find(W + "tcPr")
    span = pr.find(W + "gridSpan") if pr is not None else None
    return int(span.get(W + "val", "1")) if span is not None else 1


@dataclass(frozen=True)
class _Cell:
    tc: object
    span: int
    width: object  # its <w:tcW>

    @property
    def flexible(self) -> bool:
        return self.width.get(W + "type") == "auto"


def fit_tables(body) -> None:
    """Share each loop table's width: fixed columns as in the template, the rest by content."""
    for tbl in body.iter(W + "tbl"):
        if not _HAS_AUTO_WIDTH(tbl):  # no flexible cell at all: left as the template has it
            continue
        rows = [[_Cell(tc, _span(tc), _tc_width(tc)) for tc in tr.findall(W + "tc")] for tr in tbl.findall(W + "tr")]
        if not rows:
            continue
        widest = max(rows, key=lambda cells: (sum(c.span for c in cells), sum(c.flexible for c in cells)))
        if not any(cell.flexible for cell in widest):
            continue
        grid = tbl.find(W + "tblGrid")
        total = sum(int(float(col.get(W + "w", "0"))) for col in grid.findall(W + "gridCol")) if grid is not None else 0
        columns = sum(cell.span for cell in widest)
        fixed = {}
        flex_columns = []
        position = 0
        for cell in widest:
            if cell.flexible:
                flex_columns.extend(range(position, position + cell.span))
            else:
                width = int(float(cell.width.get(W + "w", "0") or 0))
                for column in range(position, position + cell.span):
                    fixed[column] = width // cell.span
            position += cell.span
        weights = _content_weights(rows, flex_columns)
        fixed_total = sum(fixed.values())
        room = total - fixed_total
        if room < MIN_FLEX_TWIPS * len(flex_columns):
            room = MIN_FLEX_TWIPS * len(flex_columns)
            scale = (total - room) / fixed_total if fixed_total else 1
            fixed = {c: int(w * scale) for c, w in fixed.items()}
        weight_sum = sum(weights.values())
        widths = [fixed.get(c, 0) for c in range(columns)]
        for column in flex_columns:
            widths[column] = int(room * weights[column] / weight_sum)
        _apply_widths(tbl, rows, widths)


def _content_weights(rows: list[list[_Cell]], flex_columns: list[int]) -> dict[int, int]:
    longest = {column: 0 for column in flex_columns}
    for cells in rows:
        position = 0
        for cell in cells:
            if cell.span == 1 and position in longest:
                for p in cell.tc.iter(W + "p"):
                    text = "".join(t.text or "" for t in p.iter(W + "t"))
                    longest[position] = max(longest[position], len(text))
            position += cell.span
    return {column: min(max(length, 8), 40) for column, length in longest.items()}


def _apply_widths(tbl, rows: list[list[_Cell]], widths: list[int]) -> None:
    grid = tbl.find(W + "tblGrid")
    if grid is None:
        grid = etree.SubElement(tbl, W + "tblGrid")
    for col in list(grid):
        grid.remove(col)
    for width in widths:
        etree.SubElement(grid, W + "gridCol").set(W + "w", str(width))
    tbl_width = tbl.find(f"{W}tblPr/{W}tblW")
    if tbl_width is not None:
        tbl_width.set(W + "w", str(sum(widths)))
        tbl_width.set(W + "type", "dxa")
    for cells in rows:
        position = 0
        for cell in cells:
            cell.width.set(W + "w", str(sum(widths[position:position + cell.span])))
            cell.width.set(W + "type", "dxa")
            position += cell.span


def _set_properties(docx, meta: DocumentMeta) -> None:
    when = datetime.datetime(meta.date.year, meta.date.month, meta.date.day, 12, 0, 0)
    core = docx.core_properties
    core.title = property_text(meta.title)
    core.author = property_text(meta.author)
    core.subject = property_text(meta.subject)
    core.last_modified_by = meta.author
    core.comments = ""
    core.keywords = ""
    core.revision = 1
    core.created = when
    core.modified = when
    core.last_printed = when


def _package_entries(document: DocxTemplate) -> list[tuple[str, bytes]]:
    """The zip entries python-docx saves for the document, in its order.

    A name written twice (LibreOffice-saved templates can give one) keeps its first place and
    its last content, which is python-docx's own part.
    """
    entries: dict[str, bytes] = {}
    with _saving_into(entries):
        document.save(io.BytesIO())
    return list(entries.items())


@contextmanager
def _saving_into(entries: dict[str, bytes]):
    """While python-docx saves a package here, its parts go into `entries`, not into a zip file.

    python-docx's `PackageWriter.write` asks its module's `PhysPkgWriter` for the zip writer;
    that factory is swapped for one that collects. Like `_styles_as_bytes`, this holds because
    a kkdocs process renders one document at a time.
    """
    standard = pkgwriter.PhysPkgWriter
    pkgwriter.PhysPkgWriter = lambda pkg_file: _CollectingWriter(entries)
    try:
        yield
    finally:
        pkgwriter.PhysPkgWriter = standard


@dataclass
class _CollectingWriter:
    """python-docx's physical package writer interface, writing into a dict."""

    entries: dict[str, bytes]

    def write(self, pack_uri, blob: bytes) -> None:
        self.entries[pack_uri.membername] = blob

    def close(self) -> None:
        """Nothing to flush."""
