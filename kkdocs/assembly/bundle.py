"""Case bundles: many PDFs become one, with bookmarks, page stamps and metadata.

A bundle is described by a tree of `BundlePart`s. Pages come in tree order: a part's own
PDF first (when it has one), then its children, depth first. A part whose `pdf` is None is
a pure grouping node (for example "Bilag" above "Bilag 1", "Bilag 2"); its bookmark points
at the first page of its first child.

Every page gets "Side X af Y" in 8 pt at the bottom right of its visible area (the crop
box, which is the media box unless the PDF says otherwise), turned with the page's
/Rotate so that it reads upright in portrait and landscape alike. Pages of a draft get a
light grey, translucent diagonal "UDKAST".

The bundle is a tagged PDF/UA-1 and PDF/A-2b document when its inputs are: their structure
trees become one (see tagged_merge), the stamps are marked as artifacts, and the metadata is
declared by pdf_archive. Inputs that have no tags are listed in `BundleInfo.untagged`.

The output is deterministic: the same inputs give byte-identical files. Only the pages of
the input PDFs (and their tags and output intent) are copied, so their /ID, /CreationDate
and /DocChecksum (which LibreOffice changes on every run) never reach the bundle. The
bundle's own /ID is a hash of the bundle itself (qpdf's deterministic_id), and its dates are
the fixed date in `BundleMeta`. The bookmarks of the input PDFs are not imported; the
outline is exactly the tree of parts.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from kkdocs.assembly.tagged_merge import TaggedMerge
from kkdocs.atomic_write import replacing
from kkdocs.checks.pdf_actions import strip_active_content
from kkdocs.errors import KkdocsError
from kkdocs.pdf.pdf_archive import ArchiveMeta, declare_archive, drop_null_unicode, save_pdf
from kkdocs.pdf.pdf_tags import copy_into

CREATOR = "kkdocs"

FONT_REGULAR = "KKSans"
FONT_BOLD = "KKSans-Bold"
_FONT_FILES = (
    # (regular, bold), first one found wins; all embed æ, ø and å.
    ("truetype/liberation2/LiberationSans-Regular.ttf", "truetype/liberation2/LiberationSans-Bold.ttf"),
    ("truetype/liberation/LiberationSans-Regular.ttf", "truetype/liberation/LiberationSans-Bold.ttf"),
    ("truetype/crosextra/Carlito-Regular.ttf", "truetype/crosextra/Carlito-Bold.ttf"),
)
_FONT_ROOTS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))

# The stamp sits in the bottom margin: its baseline 16 pt (5,6 mm) above the bottom edge,
# right-aligned 42,5 pt (15 mm) from the right edge. Word's default footer starts 1,25 cm
# from the bottom, so the stamp stays clear of a template's own footer.
STAMP_FONT_SIZE = 8
STAMP_BOTTOM = 16.0
STAMP_RIGHT = 42.5
STAMP_GREY = 0.25
DRAFT_TEXT = "UDKAST"
DRAFT_GREY = 0.55
DRAFT_ALPHA = 0.18
# Opened PDFs kept per process. Each holds 1-2 MB once a merge has read its objects, and opening
# a part again costs qpdf about 1 ms (measured: 40 parts merged in 102 ms fresh, 48 ms kept), so
# only a few are kept: 256 kept made the build's own process 534 MB at 1.000 cases. The build's
# worker processes make the bundles and packages, so a package seldom finds its parts in the
# same process as their bundle, and 16 kept only added some 10 MB to each worker (100 cases).
CACHED_READERS = 4
STAMP_NAME = "/KKStamp"  # the overlay's name in each page's resources


class BundleError(KkdocsError):
    """A bundle cannot be built. The message is Danish and names the file."""


@dataclass(frozen=True)
class BundlePart:
    """One bookmark of a bundle and the pages under it.

    `pdf` is None for a pure grouping node. `draft` marks the pages of this part and of its
    children "UDKAST" (a package uses it for a case in status udkast).
    """

    title: str
    pdf: Path | None
    children: tuple[BundlePart, ...] = ()
    draft: bool = False
    source: Path | None = None  # an attached PDF: where the user keeps it (`pdf` is its copy), for messages


@dataclass(frozen=True)
class BundleMeta:
    """Document metadata. `created` is used for both /CreationDate and /ModDate."""

    title: str
    author: str
    subject: str
    created: dt.date | dt.datetime
    draft: bool = False
    # pages at the start with no "Side X af Y" that the numbering does not count (a package's
    # cover); the page labels call them "Forside" and number the rest from 1
    unnumbered: int = 0


@dataclass(frozen=True)
class OutlineEntry:
    """One bookmark: its depth (0 = top level), first page (1-based) and page count."""

    title: str
    level: int
    first_page: int
    page_count: int


@dataclass(frozen=True)
class BundleInfo:
    """The layout of a built bundle.

    `part_pages` holds (title, first page 1-based, page count) for each top-level part;
    `outline` holds every bookmark in document order.
    """

    page_count: int
    part_pages: tuple[tuple[str, int, int], ...]
    outline: tuple[OutlineEntry, ...] = ()
    untagged: tuple[Path, ...] = ()  # input PDFs without tags: the bundle cannot be PDF/UA


@dataclass(frozen=True)
class _Source:
    """One input PDF, read into memory, and whether its pages are a draft."""

    path: Path
    pdf: pikepdf.Pdf
    draft: bool


@dataclass(frozen=True)
class _Layout:
    parts: tuple[BundlePart, ...]
    sources: tuple[_Source, ...]
    info: BundleInfo


@dataclass(frozen=True)
class _PageBox:
    """The visible area of a page in its own coordinates, and its /Rotate."""

    left: float
    bottom: float
    width: float
    height: float
    rotation: int


# --- public functions -------------------------------------------------------------------


def write_case_bundle(parts: Sequence[BundlePart], target: Path, meta: BundleMeta) -> BundleInfo:
    """Merge the parts into one stamped PDF at `target`, written atomically."""
    layout = _plan(parts)
    with replacing(Path(target), durable=False) as written:  # see flush_to_disk
        _render_bundle(layout, meta, written)
    return layout.info


def describe_bundle(parts: Sequence[BundlePart]) -> BundleInfo:
    """The page layout `write_case_bundle` would produce, without writing anything."""
    return _plan(parts).info


def register_fonts() -> tuple[str, str]:
    """Register the embedded sans font with reportlab and return (regular, bold) names."""
    registered = pdfmetrics.getRegisteredFontNames()
    if FONT_REGULAR not in registered:
        regular, bold = _find_font_files()
        pdfmetrics.registerFont(TTFont(FONT_REGULAR, str(regular)))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
        pdfmetrics.registerFontFamily(
            FONT_REGULAR, normal=FONT_REGULAR, bold=FONT_BOLD, italic=FONT_REGULAR, boldItalic=FONT_BOLD
        )
    return FONT_REGULAR, FONT_BOLD


# --- layout -------------------------------------------------------------------------------


def _plan(parts: Sequence[BundlePart]) -> _Layout:
    """Open every PDF and work out which pages each bookmark covers."""
    if not parts:
        raise BundleError("Samlingen har ingen dele.")
    sources: list[_Source] = []
    entries: list[OutlineEntry] = []
    last = _plan_level(parts, 0, 1, False, sources, entries)
    top = tuple((e.title, e.first_page, e.page_count) for e in entries if e.level == 0)
    untagged = tuple(source.path for source in sources if "/StructTreeRoot" not in source.pdf.Root)
    info = BundleInfo(page_count=last - 1, part_pages=top, outline=tuple(entries), untagged=untagged)
    return _Layout(parts=tuple(parts), sources=tuple(sources), info=info)


def _plan_level(
    parts: Sequence[BundlePart],
    level: int,
    page: int,
    draft: bool,
    sources: list[_Source],
    entries: list[OutlineEntry],
) -> int:
    """Add the parts at one depth; return the number of the next free page."""
    for part in parts:
        first = page
        index = len(entries)
        entries.append(OutlineEntry(part.title, level, first, 0))
        part_draft = draft or part.draft
        if part.pdf is not None:
            pdf = _open_pdf(Path(part.pdf))
            sources.append(_Source(Path(part.pdf), pdf, part_draft))
            page += len(pdf.pages)
        page = _plan_level(part.children, level + 1, page, part_draft, sources, entries)
        if page == first:
            raise BundleError(f"Delen »{part.title}« har hverken en PDF-fil eller underdele.")
        entries[index] = OutlineEntry(part.title, level, first, page - first)
    return page


def _open_pdf(path: Path) -> pikepdf.Pdf:
    """Open a PDF and check that its pages can be used."""
    try:
        stat = path.stat()
        pdf = _parsed(path, (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns))
    except FileNotFoundError:
        raise BundleError(f"PDF-filen findes ikke: {path}") from None
    except OSError as exc:
        raise BundleError(f"PDF-filen kan ikke læses: {path} ({exc.strerror})") from exc
    except Exception as exc:  # qpdf raises many kinds of errors on broken files
        raise _damaged(path, exc) from exc
    with _blaming(path):
        if pdf.is_encrypted:
            raise BundleError(
                f"PDF-filen er krypteret eller beskyttet med adgangskode og kan ikke samles: {path}. "
                "Gem den uden beskyttelse, og prøv igen."
            )
        for page in pdf.pages:
            _page_box(page.obj)
    if len(pdf.pages) == 0:
        raise BundleError(f"PDF-filen har ingen sider: {path}")
    return pdf


@functools.lru_cache(maxsize=CACHED_READERS)
def _parsed(path: Path, stamp: tuple[int, int, int, int]) -> pikepdf.Pdf:
    """The PDF at `path` as `stamp` (its device, inode, size and time) finds it, opened once per process
    and shared by every bundle made from it.

    A build merges each part PDF into its case's bundle and again into the packages that hold
    the case. The opened PDFs are only read from: qpdf copies what a bundle takes from them.
    A file written again is a new inode (atomic_write), so it is never taken for the one kept.
    Opened by path, qpdf reads the file itself: from bytes in memory, every object it copies
    is read through Python calls (measured: the 48 bundles of the reference cases merged in
    0,81-0,84 s of CPU from bytes, 0,65-0,66 s by path).
    """
    try:
        return pikepdf.open(path)
    except pikepdf.PasswordError:
        return _EncryptedPdf()


class _EncryptedPdf:
    """Stands in for a PDF that cannot be opened without its password."""

    is_encrypted = True
    pages = ()


@contextmanager
def _blaming(path: Path) -> Iterator[None]:
    """Turn any failure while reading a user's PDF into a BundleError naming the file."""
    try:
        yield
    except BundleError:
        raise
    except Exception as exc:  # qpdf raises many kinds of errors on broken files
        raise _damaged(path, exc) from exc


def _damaged(path: Path, exc: Exception) -> BundleError:
    return BundleError(f"PDF-filen er beskadiget eller ikke en gyldig PDF og kan ikke samles: {path} "
                       f"(teknisk årsag: {type(exc).__name__}: {exc})")


# --- assembly -------------------------------------------------------------------------------


def _render_bundle(layout: _Layout, meta: BundleMeta, path: Path) -> None:
    """Assemble, tag and stamp the bundle, and write it to `path`."""
    out = pikepdf.new()
    merge = TaggedMerge(out)
    pages = _PageList()
    _append_parts(layout.parts, iter(layout.sources), merge, pages, meta.draft)
    merge.finish()
    strip_active_content(out)  # an attached PDF's JavaScript, Launch, forms and embedded files stay out
    _share_font_programs(out)
    _add_outline(out, layout.info.outline)
    _stamp_pages(out, pages.paths, pages.draft_flags, meta.unnumbered)
    declare_archive(out, ArchiveMeta(meta.title, meta.author, meta.subject, CREATOR, meta.created,
                                     ua=not merge.untagged, pdfa=not merge.not_pdfa))
    out.Root.PageMode = Name.UseOutlines
    labels = [0, Dictionary(S=Name.D, St=1)]
    if meta.unnumbered:
        labels = [0, Dictionary(P=pikepdf.String("Forside")), meta.unnumbered, Dictionary(S=Name.D, St=1)]
    out.Root.PageLabels = Dictionary(Nums=Array(labels))
    save_pdf(out, path)


FONT_PROGRAMS = ("/FontFile", "/FontFile2", "/FontFile3")


def _share_font_programs(out: pikepdf.Pdf) -> None:
    """Keep each embedded font program once, however many parts embed it.

    The part PDFs that pdf_cut cut out of one joined document embed the same font subsets, byte
    for byte, and qpdf copies them once per part (a bundle of four such parts held 21 font
    programs, 6 of them distinct: 206 against 64 kB). Each font descriptor is pointed at the
    first program with the same bytes; qpdf writes no object that nothing refers to.
    """
    first: dict[tuple, pikepdf.Stream] = {}
    for descriptor in _font_descriptors(out):
        for key in FONT_PROGRAMS:
            program = descriptor.get(key)
            if not isinstance(program, pikepdf.Stream):
                continue
            identity = (key, program.read_raw_bytes(),
                        tuple(sorted((k, repr(v)) for k, v in program.items() if k != "/Length")))
            kept = first.setdefault(identity, program)
            if kept.objgen != program.objgen:
                descriptor[key] = kept


def _font_descriptors(out: pikepdf.Pdf) -> Iterator[Dictionary]:
    seen: set[tuple[int, int]] = set()
    for page in out.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if isinstance(resources, Dictionary) else None
        for font in (fonts.values() if isinstance(fonts, Dictionary) else ()):
            if not isinstance(font, Dictionary) or (font.is_indirect and font.objgen in seen):
                continue
            seen.add(font.objgen)
            inner = font.get("/DescendantFonts")
            for candidate in (font, *(inner if isinstance(inner, Array) else ())):
                descriptor = candidate.get("/FontDescriptor") if isinstance(candidate, Dictionary) else None
                if isinstance(descriptor, Dictionary):
                    yield descriptor


@dataclass
class _PageList:
    """For each page of the bundle: the PDF it came from and whether it is a draft."""

    paths: list[Path] = field(default_factory=list)
    draft_flags: list[bool] = field(default_factory=list)


def _append_parts(parts: Sequence[BundlePart], sources: Iterator[_Source], merge: TaggedMerge,
                  pages: _PageList, draft: bool) -> None:
    """Append the parts' pages in order, each part and its children under one `Part` element.

    A plain recursive function, not a closure that calls itself: such a closure is a reference
    cycle, which kept every bundle's merged document (qpdf's memory, out of Python's sight)
    alive until the garbage collector's rare full pass.
    """
    for part in parts:
        merge.open_part(part.title)
        if part.pdf is not None:
            source = next(sources)
            with _blaming(source.path):
                merge.append(source.pdf)
            pages.paths.extend([source.path] * len(source.pdf.pages))
            pages.draft_flags.extend([draft or source.draft] * len(source.pdf.pages))
        _append_parts(part.children, sources, merge, pages, draft)
        merge.close_part()


def _add_outline(out: pikepdf.Pdf, outline: Sequence[OutlineEntry]) -> None:
    """Add nested bookmarks; each entry's parent is the last entry one level up."""
    with out.open_outline() as tree:
        parents: list[pikepdf.OutlineItem] = []
        for entry in outline:
            del parents[entry.level :]
            item = pikepdf.OutlineItem(entry.title, entry.first_page - 1)
            (parents[-1].children if parents else tree.root).append(item)
            parents.append(item)


# --- stamping --------------------------------------------------------------------------------


def _stamp_pages(out: pikepdf.Pdf, page_paths: Sequence[Path], draft_flags: Sequence[bool], unnumbered: int = 0) -> None:
    """Draw one overlay page over each page; the overlay is made in a single pass.

    Each overlay page becomes a form XObject, drawn after the page's own content. That content
    is left exactly as it is, only wrapped in q … Q so that its graphics state cannot reach
    the stamp. The overlay marks what it draws as /Artifact (pagination), so the stamp is
    not part of the text a screen reader reads.
    """
    boxes = [_page_box(page.obj) for page in out.pages]
    overlay = _overlay(tuple(boxes), tuple(draft_flags), unnumbered)
    before = out.make_stream(b"q\n")
    after = out.make_stream(b"\nQ /Artifact BMC q " + STAMP_NAME.encode() + b" Do Q EMC\n")
    for page, stamp, box, path in zip(out.pages, overlay.pages, boxes, page_paths):
        with _blaming(path):
            _draw_over(page.obj, _stamp_form(out, stamp.obj, box), before, after)


def _draw_over(page: Dictionary, form: pikepdf.Stream, before: pikepdf.Stream, after: pikepdf.Stream) -> None:
    """Give the page the form as STAMP_NAME, and content streams `before`, its own, `after`.

    The page gets resource dictionaries of its own (copies that point at the same fonts and
    images): the pages of one source PDF often share theirs, and each page has its own stamp.
    """
    resources = Dictionary(_own_items(page.get("/Resources")))
    xobjects = Dictionary(_own_items(resources.get("/XObject")))
    xobjects[STAMP_NAME] = form
    resources.XObject = xobjects
    page.Resources = resources
    page.Contents = Array([before, *_content_streams(page), after])


def _own_items(dictionary) -> dict:
    return dict(dictionary.items()) if isinstance(dictionary, Dictionary) else {}


def _stamp_form(out: pikepdf.Pdf, stamp: Dictionary, box: _PageBox) -> pikepdf.Stream:
    """The overlay page as a form XObject placed at the page's visible origin."""
    form = copy_into(out, stamp.Contents)  # compressed, as reportlab wrote it
    form.Type = Name.XObject
    form.Subtype = Name.Form
    form.BBox = Array([0, 0, box.width, box.height])
    form.Matrix = Array([1, 0, 0, 1, box.left, box.bottom])
    form.Resources = copy_into(out, stamp.Resources)
    return form


def _content_streams(page: Dictionary) -> list:
    """The page's content streams: /Contents is one stream, an array of them, or absent."""
    contents = page.get("/Contents")
    if contents is None:
        return []
    if isinstance(contents, Array):
        return list(contents)
    return [contents]


def _page_box(page: Dictionary) -> _PageBox:
    box = _inherited(page, "/CropBox") or _inherited(page, "/MediaBox")
    if not isinstance(box, Array) or len(box) != 4:
        raise ValueError("siden har ingen sideramme (/MediaBox)")
    x0, y0, x1, y1 = (float(v) for v in box)
    left, bottom = min(x0, x1), min(y0, y1)
    width, height = abs(x1 - x0), abs(y1 - y0)
    if width <= 0 or height <= 0:
        raise ValueError("siden har en tom sideramme (/MediaBox)")
    rotation = _inherited(page, "/Rotate")
    return _PageBox(left, bottom, width, height, int(rotation or 0) % 360)


def _inherited(page: Dictionary, key: str):
    """A page attribute, from the page or the nearest page tree node above it."""
    node, depth = page, 0
    while isinstance(node, Dictionary) and depth < 64:
        if key in node:
            return node[key]
        node, depth = node.get("/Parent"), depth + 1
    return None


@functools.lru_cache(maxsize=64)
def _overlay(boxes: tuple[_PageBox, ...], draft_flags: tuple[bool, ...], unnumbered: int = 0) -> pikepdf.Pdf:
    """The overlay opened once per shape, without the ToUnicode entries that map its font's unused
    codes to U+0000."""
    overlay = pikepdf.open(io.BytesIO(_overlay_pdf(boxes, draft_flags, unnumbered)))
    drop_null_unicode(overlay)
    return overlay


@functools.lru_cache(maxsize=64)
def _overlay_pdf(boxes: tuple[_PageBox, ...], draft_flags: tuple[bool, ...], unnumbered: int = 0) -> bytes:
    """One reportlab document with one transparent stamp page per bundle page.

    Bundles of the same shape (page sizes, page count, draft pages) share one: a build makes
    many such bundles, and reportlab's time per page is most of what stamping costs.
    """
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, pageCompression=1)
    total = len(boxes) - unnumbered
    for number, (box, draft) in enumerate(zip(boxes, draft_flags), start=1 - unnumbered):
        canvas.setPageSize((box.width, box.height))
        canvas.saveState()
        canvas.transform(*_upright_matrix(box))
        visual_width, visual_height = _visual_size(box)
        if draft:
            canvas.addLiteral("/Artifact <</Type /Pagination /Subtype /Watermark>> BDC")
            _draw_draft_mark(canvas, visual_width, visual_height)
            canvas.addLiteral("EMC")
        if number >= 1:
            canvas.addLiteral("/Artifact <</Type /Pagination /Subtype /Footer>> BDC")
            _draw_page_number(canvas, visual_width, f"Side {number} af {total}")
            canvas.addLiteral("EMC")
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _visual_size(box: _PageBox) -> tuple[float, float]:
    """Width and height as a reader sees the page, after /Rotate."""
    if box.rotation in (90, 270):
        return box.height, box.width
    return box.width, box.height


def _upright_matrix(box: _PageBox) -> tuple[float, float, float, float, float, float]:
    """Map coordinates as the reader sees the page onto the page's own coordinates.

    /Rotate turns the page clockwise for display, so a point (u, v) of the displayed page
    lies at (x, y) of the unrotated page as below.
    """
    w, h = box.width, box.height
    return {
        0: (1, 0, 0, 1, 0, 0),
        90: (0, 1, -1, 0, w, 0),  # x = w - v, y = u
        180: (-1, 0, 0, -1, w, h),  # x = w - u, y = h - v
        270: (0, -1, 1, 0, 0, h),  # x = v, y = h - u
    }.get(box.rotation, (1, 0, 0, 1, 0, 0))


def _draw_page_number(canvas: Canvas, width: float, text: str) -> None:
    canvas.setFillGray(STAMP_GREY)
    canvas.setFont(FONT_REGULAR, STAMP_FONT_SIZE)
    canvas.drawRightString(width - STAMP_RIGHT, STAMP_BOTTOM, text)


def _draw_draft_mark(canvas: Canvas, width: float, height: float) -> None:
    """A large, light, translucent diagonal "UDKAST" across the middle of the page."""
    diagonal = (width**2 + height**2) ** 0.5
    size = diagonal * 0.12
    canvas.saveState()
    canvas.setFillGray(DRAFT_GREY)
    canvas.setFillAlpha(DRAFT_ALPHA)
    canvas.setFont(FONT_BOLD, size)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(math.degrees(math.atan2(height, width)))
    canvas.drawCentredString(0, -size * 0.35, DRAFT_TEXT)
    canvas.restoreState()


def _find_font_files() -> tuple[Path, Path]:
    for regular, bold in _FONT_FILES:
        for root in _FONT_ROOTS:
            if (root / regular).is_file() and (root / bold).is_file():
                return root / regular, root / bold
    raise BundleError(
        "Skrifttypen Liberation Sans eller Carlito mangler. "
        "Installér pakken fonts-liberation (eller fonts-crosextra-carlito)."
    )
