"""Case bundles: many PDFs become one, with bookmarks, page stamps and metadata.

A bundle is described by a tree of `BundlePart`s. Pages come in tree order: a part's own
PDF first (when it has one), then its children, depth first. A part whose `pdf` is None is
a pure grouping node (for example "Bilag" above "Bilag 1", "Bilag 2"); its bookmark points
at the first page of its first child.

Every page gets "Side X af Y" in 8 pt at the bottom right of its visible area (the crop
box, which is the media box unless the PDF says otherwise), turned with the page's
/Rotate so that it reads upright in portrait and landscape alike. Pages of a draft get a
light grey, translucent diagonal "UDKAST".

The output is deterministic: the same inputs give byte-identical files. Only the pages of
the input PDFs are copied, so their /ID, /CreationDate and /DocChecksum (which
LibreOffice changes on every run) never reach the bundle. The bundle's own /ID is a hash of
the bundle itself, and its dates are the fixed date in `BundleMeta`. The bookmarks of the
input PDFs are not imported; the outline is exactly the tree of parts.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    StreamObject,
    TextStringObject,
)
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from kkdocs.atomic_write import write_bytes_atomically

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
CACHED_READERS = 256  # parsed PDFs kept per process, about 0,2 MB each
STAMP_NAME = "/KKStamp"  # the overlay's name in each page's resources


class BundleError(Exception):
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


@dataclass(frozen=True)
class BundleMeta:
    """Document metadata. `created` is used for both /CreationDate and /ModDate."""

    title: str
    author: str
    subject: str
    created: dt.date | dt.datetime
    draft: bool = False


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


@dataclass(frozen=True)
class _Source:
    """One input PDF, read into memory, and whether its pages are a draft."""

    path: Path
    reader: PdfReader
    draft: bool


@dataclass(frozen=True)
class _Layout:
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
    data = _render_bundle(layout, meta)
    write_bytes_atomically(Path(target), data)
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
    info = BundleInfo(page_count=last - 1, part_pages=top, outline=tuple(entries))
    return _Layout(sources=tuple(sources), info=info)


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
            reader = _open_pdf(Path(part.pdf))
            sources.append(_Source(Path(part.pdf), reader, part_draft))
            page += len(reader.pages)
        page = _plan_level(part.children, level + 1, page, part_draft, sources, entries)
        if page == first:
            raise BundleError(f"Delen »{part.title}« har hverken en PDF-fil eller underdele.")
        entries[index] = OutlineEntry(part.title, level, first, page - first)
    return page


def _open_pdf(path: Path) -> PdfReader:
    """Read a PDF into memory and check that its pages can be used."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BundleError(f"PDF-filen findes ikke: {path}") from None
    except OSError as exc:
        raise BundleError(f"PDF-filen kan ikke læses: {path} ({exc.strerror})") from exc
    with _blaming(path):
        reader = _parsed(data)
        if reader.is_encrypted:
            raise BundleError(
                f"PDF-filen er krypteret eller beskyttet med adgangskode og kan ikke samles: {path}. "
                "Gem den uden beskyttelse, og prøv igen."
            )
        for page in reader.pages:
            _page_box(page)
    if len(reader.pages) == 0:
        raise BundleError(f"PDF-filen har ingen sider: {path}")
    return reader


@functools.lru_cache(maxsize=CACHED_READERS)
def _parsed(data: bytes) -> PdfReader:
    """A reader of the PDF `data`, shared by every bundle this process makes from the same bytes.

    A build merges each part PDF into its case's bundle and again into the packages that hold
    the case. pypdf parses an object when it is first cloned and keeps it, so a second merge
    from the same reader costs about a tenth of the first. Readers are only read from: cloning
    into a writer leaves them as they are.
    """
    return PdfReader(io.BytesIO(data), strict=False)


@contextmanager
def _blaming(path: Path) -> Iterator[None]:
    """Turn any failure while reading a user's PDF into a BundleError naming the file."""
    try:
        yield
    except BundleError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on broken files
        raise BundleError(
            f"PDF-filen er beskadiget eller ikke en gyldig PDF og kan ikke samles: {path} "
            f"(teknisk årsag: {type(exc).__name__}: {exc})"
        ) from exc


# --- assembly -------------------------------------------------------------------------------


def _render_bundle(layout: _Layout, meta: BundleMeta) -> bytes:
    """Assemble, stamp and serialise the bundle."""
    writer = PdfWriter()
    page_paths: list[Path] = []
    draft_flags: list[bool] = []
    for source in layout.sources:
        with _blaming(source.path):
            writer.append(source.reader, import_outline=False)
        page_paths.extend([source.path] * len(source.reader.pages))
        draft_flags.extend([meta.draft or source.draft] * len(source.reader.pages))
    _add_outline(writer, layout.info.outline)
    _stamp_pages(writer, page_paths, draft_flags)
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    _set_document_properties(writer, meta)
    writer.set_page_label(0, len(writer.pages) - 1, style="/D", start=1)
    return _serialise_deterministically(writer)


def _add_outline(writer: PdfWriter, outline: Sequence[OutlineEntry]) -> None:
    """Add nested bookmarks; each entry's parent is the last entry one level up."""
    parents: list = []
    for entry in outline:
        del parents[entry.level :]
        parent = parents[-1] if parents else None
        item = writer.add_outline_item(title=entry.title, page_number=entry.first_page - 1, parent=parent)
        parents.append(item)


def _set_document_properties(writer: PdfWriter, meta: BundleMeta) -> None:
    stamp = _pdf_date(meta.created)
    writer.add_metadata(
        {
            "/Title": meta.title,
            "/Author": meta.author,
            "/Subject": meta.subject,
            "/Creator": CREATOR,
            "/CreationDate": stamp,
            "/ModDate": stamp,
        }
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject("da-DK")
    writer.page_mode = "/UseOutlines"


def _pdf_date(value: dt.date | dt.datetime) -> str:
    """A PDF date string; a plain date is midnight, an aware datetime is given in UTC."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value.strftime("D:%Y%m%d%H%M%S+00'00'")


def _serialise_deterministically(writer: PdfWriter) -> bytes:
    """Write the PDF once with a blank /ID, then fill in a hash of what was written.

    The /ID is the last thing in the trailer and keeps its length, so no offset moves.
    """
    blank = ByteStringObject(bytes(16))
    writer._ID = ArrayObject([blank, blank])  # pypdf has no public setter for /ID
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    at = data.rindex(b"/ID")
    placeholder = b"<" + blank.hex().encode() + b">"
    digest = b"<" + hashlib.sha256(data).hexdigest()[:32].encode() + b">"
    return data[:at] + data[at:].replace(placeholder, digest)


# --- stamping --------------------------------------------------------------------------------


def _stamp_pages(writer: PdfWriter, page_paths: Sequence[Path], draft_flags: Sequence[bool]) -> None:
    """Draw one overlay page over each page; the overlay is made in a single pass.

    Each overlay page becomes a form XObject, drawn after the page's own content. That content
    is left exactly as it is, only wrapped in q … Q so that its graphics state cannot reach
    the stamp: unlike pypdf's merge_page, nothing of the page is parsed or encoded again.
    """
    boxes = [_page_box(page) for page in writer.pages]
    overlay = PdfReader(io.BytesIO(_overlay_pdf(tuple(boxes), tuple(draft_flags))))
    before = writer._add_object(_stream(b"q\n"))  # pypdf has no public way to add a new object
    after = writer._add_object(_stream(b"\nQ q " + STAMP_NAME.encode() + b" Do Q\n"))
    for page, stamp, box, path in zip(writer.pages, overlay.pages, boxes, page_paths):
        with _blaming(path):
            _draw_over(page, writer._add_object(_stamp_form(writer, stamp, box)), before, after)


def _draw_over(page, form, before, after) -> None:
    """Give the page the form as STAMP_NAME, and content streams `before`, its own, `after`.

    The page gets resource dictionaries of its own (copies that point at the same fonts and
    images): the pages of one source PDF often share theirs, and each page has its own stamp.
    Inherited resources are already on the page: pypdf copies them there when it reads a PDF.
    """
    resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())
    xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
    xobjects[NameObject(STAMP_NAME)] = form
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    page[NameObject("/Contents")] = ArrayObject([before, *_content_streams(page), after])


def _stamp_form(writer: PdfWriter, stamp, box: _PageBox) -> StreamObject:
    """The overlay page as a form XObject placed at the page's visible origin."""
    form = stamp["/Contents"].get_object().clone(writer, force_duplicate=True)  # compressed, as reportlab wrote it
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (0, 0, box.width, box.height)),
        NameObject("/Matrix"): ArrayObject(FloatObject(v) for v in (1, 0, 0, 1, box.left, box.bottom)),
        NameObject("/Resources"): stamp["/Resources"].clone(writer),
    })
    return form


def _content_streams(page) -> list:
    """References to the page's content streams: /Contents is one stream, an array of them, or absent."""
    contents = page.get("/Contents")
    if contents is None:
        return []
    if isinstance(contents.get_object(), ArrayObject):
        return list(contents.get_object())
    return [contents]


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _page_box(page) -> _PageBox:
    box = page.cropbox
    left, bottom = float(min(box.left, box.right)), float(min(box.bottom, box.top))
    width, height = abs(float(box.width)), abs(float(box.height))
    if width <= 0 or height <= 0:
        raise ValueError("siden har en tom sideramme (/MediaBox)")
    return _PageBox(left, bottom, width, height, (page.rotation or 0) % 360)


@functools.lru_cache(maxsize=64)
def _overlay_pdf(boxes: tuple[_PageBox, ...], draft_flags: tuple[bool, ...]) -> bytes:
    """One reportlab document with one transparent stamp page per bundle page.

    Bundles of the same shape (page sizes, page count, draft pages) share one: a build makes
    many such bundles, and reportlab's time per page is most of what stamping costs.
    """
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, pageCompression=1)
    total = len(boxes)
    for number, (box, draft) in enumerate(zip(boxes, draft_flags), start=1):
        canvas.setPageSize((box.width, box.height))
        canvas.saveState()
        canvas.transform(*_upright_matrix(box))
        visual_width, visual_height = _visual_size(box)
        if draft:
            _draw_draft_mark(canvas, visual_width, visual_height)
        _draw_page_number(canvas, visual_width, f"Side {number} af {total}")
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
