"""A joined document's PDF cut back into one tagged PDF per joined file (see docx_join).

LibreOffice has made one PDF of several Word files, each beginning on a new page, with a named
destination (docx_join.PART_MARK and its number) where each file after the first begins. Each
file's PDF gets:

- its pages, copied with qpdf, which shares nothing with the other files' PDFs;
- the top structure elements whose pages are its pages, under a /Document element of its own,
  the ParentTree entries of its pages and the role and class maps (qpdf maps every /Pg to the
  page copied before it, as in the tagged merge of a bundle);
- the outline items that point at its pages, nested as they were;
- the output intent, XMP, language and viewer preferences of the joined PDF, an open action at
  its first page, and a document information dictionary with its own title, author and subject,
  as LibreOffice writes them for the file on its own.

The tags of the whole joined PDF are mended first (pdf_tags.mend_tags), so that each part
copies the few distinct attribute dictionaries that are left. A part whose job is dated is
finished (part_pdf.finish_part) before it is saved, as any PDF from LibreOffice is, so it is
written once. A joined PDF that does not hold what the join put in it (a missing
destination, an element that runs over two files' pages) raises CutProblem, and the batch
converts those files on their own instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from kkdocs.errors import KkdocsError
from kkdocs.pdf.docx_join import PART_MARK, PartMeta
from kkdocs.pdf.part_pdf import finish_part
from kkdocs.pdf.pdf_archive import save_pdf
from kkdocs.pdf.pdf_tags import child_elements, copy_into, kids, mend_tags, number_tree

CATALOG_KEYS = ("/ViewerPreferences", "/OutputIntents", "/Lang", "/MarkInfo", "/Metadata")


class CutProblem(KkdocsError):
    """The joined PDF cannot be cut into its files' PDFs."""


def cut_joined_pdf(source: Path, parts: Sequence[PartMeta], targets: Sequence[Path],
                   finish: Sequence[tuple[dt.date, str] | None] = ()) -> None:
    """Write the PDF of joined file k to targets[k], for every file joined in `source`'s document.

    With finish[k] = (date, name), part k is finished first: part_pdf.finish_part(pdf, date, name).
    """
    with pikepdf.open(source) as joined:
        mend_tags(joined)  # once for every part, and before any part copies them (see finish_part)
        index = {page.objgen: number for number, page in enumerate(joined.pages)}
        starts = _starts(joined, index, len(parts))
        ends = [*starts[1:], len(joined.pages)]
        document, elements = _document(joined)
        groups = _by_part(elements, index, starts, ends)
        for element in elements:
            del element.P  # or qpdf would copy the whole tree, every file's pages with it, into each part
        outline = list(_outline(joined.Root.get("/Outlines"), index))
        parent_tree = dict(number_tree(joined.Root.StructTreeRoot.get("/ParentTree")))
        for number, target in enumerate(targets):
            part = pikepdf.new()
            part.pages.extend(joined.pages[starts[number]:ends[number]])
            _tags(part, joined, document, groups[number], parent_tree)
            _outline_into(part, [(depth, item, page - starts[number]) for depth, item, page in outline
                                 if starts[number] <= page < ends[number]])
            _catalog(part, joined, parts[number])
            if number < len(finish) and finish[number] is not None:
                finish_part(part, *finish[number], tags_mended=True)
            save_pdf(part, target)


def _starts(joined: pikepdf.Pdf, index: dict, count: int) -> list[int]:
    """The index of each file's first page, from the named destinations of the marks."""
    names = _destinations(joined)
    starts = [0]
    for number in range(1, count):
        target = names.get(f"{PART_MARK}{number}")
        page = index.get(target[0].objgen) if isinstance(target, Array) and len(target) else None
        if page is None or page <= starts[-1]:
            raise CutProblem(f"mærket {PART_MARK}{number} mangler eller står forkert i den samlede PDF")
        starts.append(page)
    return starts


def _destinations(joined: pikepdf.Pdf) -> dict[str, Array]:
    found = {}
    old_style = joined.Root.get("/Dests")
    if isinstance(old_style, Dictionary):
        found.update({str(key)[1:]: value for key, value in old_style.items()})
    names = joined.Root.get("/Names")
    if isinstance(names, Dictionary) and "/Dests" in names:
        found.update({str(key): value for key, value in pikepdf.NameTree(names.Dests).items()})
    return {key: (value.D if isinstance(value, Dictionary) else value) for key, value in found.items()}


def _document(joined: pikepdf.Pdf) -> tuple[Dictionary, list[Dictionary]]:
    """The joined PDF's /Document element and the elements under it."""
    root = joined.Root.get("/StructTreeRoot")
    top = child_elements(root) if root is not None else []
    if len(top) != 1 or top[0].get("/S") != Name.Document:
        raise CutProblem("den samlede PDF har ikke ét Document-element øverst")
    elements = child_elements(top[0])
    if len(elements) != len(kids(top[0])):
        raise CutProblem("Document-elementet har indhold, der ikke er elementer")
    return top[0], elements


def _by_part(elements: list[Dictionary], index: dict, starts: list[int], ends: list[int]) -> list[list[Dictionary]]:
    """The top elements of each file: those on its pages, checked by their first and last content."""
    groups: list[list[Dictionary]] = [[] for _ in starts]
    part = 0
    for element in elements:
        first = _page(element, index, last=False)
        last = _page(element, index, last=True)
        if first is not None:
            part = max(number for number, start in enumerate(starts) if start <= first)
        if last is not None and not starts[part] <= last < ends[part]:
            raise CutProblem("et element går over to dokumenters sider")
        groups[part].append(element)
    if any(not group for group in groups):
        raise CutProblem("et dokument har ingen elementer i den samlede PDF")
    return groups


def _page(element: Dictionary, index: dict, *, last: bool) -> int | None:
    """The page of the element's first (or last) content: its /Pg, else that of its first (last) kid with one."""
    node = element
    for _ in range(64):
        children = [kid for kid in kids(node) if isinstance(kid, Dictionary)]
        if last and children:
            with_page = [kid for kid in children if "/Pg" in kid or "/K" in kid]
            if with_page:
                node = with_page[-1]
                continue
        page = node.get("/Pg")
        if page is not None:
            return index.get(page.objgen)
        if not children:
            return None
        node = children[0]
    return None


def _tags(part: pikepdf.Pdf, joined: pikepdf.Pdf, document: Dictionary, elements: list[Dictionary],
          parent_tree: dict[int, pikepdf.Object]) -> None:
    tree = joined.Root.StructTreeRoot
    copied = [copy_into(part, element) for element in elements]
    own = part.make_indirect(Dictionary({key: value for key, value in document.items()
                                         if key not in ("/K", "/P", "/Pg")}))
    own.K = Array(copied)
    own.Pg = part.pages[0].obj
    for element in copied:
        element.P = own
    root = part.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array([own])))
    own.P = root
    keys = sorted(int(page.obj.StructParents) for page in part.pages if "/StructParents" in page.obj)
    keys += sorted(int(annotation.StructParent) for page in part.pages for annotation in page.obj.get("/Annots", ())
                   if isinstance(annotation, Dictionary) and "/StructParent" in annotation)
    nums = Array()
    for key in sorted(set(keys)):
        if key in parent_tree:
            nums.append(key)
            nums.append(copy_into(part, parent_tree[key]))
    root.ParentTree = part.make_indirect(Dictionary(Nums=nums))
    if keys:
        root.ParentTreeNextKey = max(keys) + 1
    for key in ("/RoleMap", "/ClassMap"):
        if key in tree:
            root[key] = copy_into(part, tree[key])
    part.Root.StructTreeRoot = root


def _outline(outlines: pikepdf.Object | None, index: dict, depth: int = 0) -> Iterator[tuple[int, Dictionary, int]]:
    """(depth, item, page index) of every outline item that points at a page, in order."""
    item = outlines.get("/First") if isinstance(outlines, Dictionary) else None
    seen = 0
    while isinstance(item, Dictionary) and seen < 10_000:
        destination = item.get("/Dest")
        if destination is None and isinstance(item.get("/A"), Dictionary):
            destination = item.A.get("/D")
        if isinstance(destination, Array) and len(destination) and destination[0].objgen in index:
            yield depth, item, index[destination[0].objgen]
        yield from _outline(item, index, depth + 1)
        item, seen = item.get("/Next"), seen + 1


@dataclass
class _Item:
    entry: Dictionary
    children: list[_Item] = field(default_factory=list)


def _outline_into(part: pikepdf.Pdf, items: list[tuple[int, Dictionary, int]]) -> None:
    """The items as the part's outline, each under the nearest item before it that is less deep."""
    if not items:
        return
    top: list[_Item] = []
    open_items: list[tuple[int, _Item]] = []
    for depth, item, page in items:
        destination = item.Dest if "/Dest" in item else item.A.D
        made = _Item(part.make_indirect(Dictionary(Title=item.Title,
                                                   Dest=Array([part.pages[page].obj, *list(destination)[1:]]))))
        while open_items and open_items[-1][0] >= depth:
            open_items.pop()
        (open_items[-1][1].children if open_items else top).append(made)
        open_items.append((depth, made))
    root = part.make_indirect(Dictionary(Type=Name.Outlines))
    root.Count = _chain(root, top)
    part.Root.Outlines = root


def _chain(parent: Dictionary, items: list[_Item]) -> int:
    """Link the items under `parent`, all open as LibreOffice writes them; returns how many are below it."""
    below = 0
    for number, item in enumerate(items):
        item.entry.Parent = parent
        if number:
            item.entry.Prev = items[number - 1].entry
        if number + 1 < len(items):
            item.entry.Next = items[number + 1].entry
        item.entry.Count = _chain(item.entry, item.children)
        below += 1 + int(item.entry.Count)
    if items:
        parent.First, parent.Last = items[0].entry, items[-1].entry
    return below


def _catalog(part: pikepdf.Pdf, joined: pikepdf.Pdf, meta: PartMeta) -> None:
    for key in CATALOG_KEYS:
        if key in joined.Root:
            part.Root[key] = copy_into(part, joined.Root[key])
    part.Root.OpenAction = Array([part.pages[0].obj, Name.XYZ, None, None, 0])
    info = Dictionary({key: value for key, value in joined.docinfo.items() if key not in ("/Title", "/Author", "/Subject")})
    for key, value in (("/Title", meta.title), ("/Author", meta.author), ("/Subject", meta.subject)):
        if value:
            info[key] = pikepdf.String(value)
    part.docinfo = part.make_indirect(info)
