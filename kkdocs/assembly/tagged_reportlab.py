"""Tags for the pages kkdocs lays out itself with reportlab (a package's cover, contents, overview).

reportlab writes no structure tree, so kkdocs marks the content as it is drawn and builds
the tree afterwards:

- `TaggingCanvas` carries a `Tagger`; `P`, `H1` and `H2` are Paragraphs that wrap what they
  draw in `/<tag> <</MCID n>> BDC … EMC` and record the element;
- `table_tags("table")` or `table_tags("toc")`, given to a Table as `renderCB`, tags each
  cell as TH (the repeated header rows, scope Column, with ColSpan for a spanning cell) or
  TD inside TR inside Table, or as P inside TOCI inside the document's one TOC; the table's
  background and rules are artifacts;
- `Rule` is a horizontal rule drawn as an artifact;
- `Tagger.apply` then writes the StructTreeRoot, the ParentTree and each page's
  /StructParents into the PDF reportlab made.

Split paragraphs and tables stay tagged: reportlab makes the pieces with the same class and
passes `renderCB` on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import HRFlowable


@dataclass(eq=False)
class _Element:
    kind: str
    attributes: dict = field(default_factory=dict)
    kids: list = field(default_factory=list)  # _Element or (page index, mcid)


class Tagger:
    def __init__(self) -> None:
        self.roots: list[_Element] = []
        self.pages: dict[int, list[_Element]] = {}  # page index -> the element of each MCID
        self._toc: _Element | None = None

    def element(self, kind: str, parent: _Element | None = None, **attributes) -> _Element:
        element = _Element(kind, attributes)
        (parent.kids if parent is not None else self.roots).append(element)
        return element

    def toc(self) -> _Element:
        """The document's one table of contents, made where it is first drawn."""
        if self._toc is None:
            self._toc = self.element("TOC")
        return self._toc

    def begin(self, canvas: Canvas, element: _Element) -> None:
        page = canvas.getPageNumber() - 1
        owners = self.pages.setdefault(page, [])
        element.kids.append((page, len(owners)))
        canvas.addLiteral(f"/{element.kind} <</MCID {len(owners)}>> BDC")
        owners.append(element)

    @staticmethod
    def end(canvas: Canvas) -> None:
        canvas.addLiteral("EMC")

    @staticmethod
    def begin_artifact(canvas: Canvas) -> None:
        canvas.addLiteral("/Artifact BMC")

    def apply(self, pdf: pikepdf.Pdf) -> None:
        """Write the structure tree of what was drawn into `pdf`."""
        root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root))
        made: dict[int, Dictionary] = {}
        document.K = Array([self._make(pdf, element, document, made) for element in self.roots])
        nums = Array()
        for page, owners in sorted(self.pages.items()):
            nums.append(page)
            nums.append(Array([made[id(owner)] for owner in owners]))
            pdf.pages[page].obj.StructParents = page
        root.K = document
        root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
        root.ParentTreeNextKey = len(pdf.pages)
        pdf.Root.StructTreeRoot = root
        pdf.Root.MarkInfo = Dictionary(Marked=True)

    def _make(self, pdf: pikepdf.Pdf, element: _Element, parent: Dictionary, made: dict) -> Dictionary:
        node = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + element.kind), P=parent))
        made[id(element)] = node
        if element.attributes:
            node.A = Dictionary({f"/{key}": value for key, value in element.attributes.items()})
        content = [kid for kid in element.kids if isinstance(kid, tuple)]
        pages = {page for page, _ in content}
        kids = Array()
        for kid in element.kids:
            if isinstance(kid, _Element):
                kids.append(self._make(pdf, kid, node, made))
            elif len(pages) == 1:
                kids.append(kid[1])
            else:
                kids.append(Dictionary(Type=Name.MCR, Pg=pdf.pages[kid[0]].obj, MCID=kid[1]))
        if len(pages) == 1:
            node.Pg = pdf.pages[next(iter(pages))].obj
        node.K = kids
        return node


class TaggingCanvas(Canvas):
    """A reportlab canvas with a Tagger; give `canvasmaker=lambda *a, **k: TaggingCanvas(tagger, *a, **k)`."""

    def __init__(self, tagger: Tagger, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tagger = tagger


class P(Paragraph):
    """A paragraph tagged as P."""

    tag = "P"

    def draw(self) -> None:
        tagger: Tagger = self.canv.tagger
        tagger.begin(self.canv, tagger.element(self.tag))
        super().draw()
        tagger.end(self.canv)


class H1(P):
    tag = "H1"


class H2(P):
    tag = "H2"


class Rule(HRFlowable):
    """A horizontal rule, drawn as an artifact."""

    def draw(self) -> None:
        Tagger.begin_artifact(self.canv)
        super().draw()
        Tagger.end(self.canv)


def table_tags(kind: str):
    """A reportlab Table `renderCB` that tags the table as a data table ("table") or contents ("toc")."""

    def callback(table, event: str, *args) -> None:
        canvas = table.canv
        tagger: Tagger = canvas.tagger
        if event in ("startBG", "startLines"):
            tagger.begin_artifact(canvas)
        elif event in ("endBG", "endLines", "endCell"):
            tagger.end(canvas)
        elif event == "startTable":
            table._kk_element = tagger.toc() if kind == "toc" else tagger.element("Table")
        elif event == "startRow":
            table._kk_row = tagger.element("TOCI" if kind == "toc" else "TR", table._kk_element)
        elif event == "startCell":
            tagger.begin(canvas, _cell(tagger, table, args[0], args[1], kind))

    return callback


def _cell(tagger: Tagger, table, row: int, column: int, kind: str) -> _Element:
    if kind == "toc":
        return tagger.element("P", table._kk_row)
    attributes = {}
    first_column, first_row, last_column, last_row = (getattr(table, "_spanRanges", None) or {}).get((column, row)) or (column, row, column, row)
    if last_column > first_column:
        attributes["ColSpan"] = last_column - first_column + 1
    if last_row > first_row:
        attributes["RowSpan"] = last_row - first_row + 1
    if isinstance(table.repeatRows, int) and row < table.repeatRows:
        return tagger.element("TH", table._kk_row, O=Name.Table, Scope=Name.Column, **attributes)
    if attributes:
        attributes["O"] = Name.Table
    return tagger.element("TD", table._kk_row, **attributes)
