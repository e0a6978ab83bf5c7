"""Merging tagged PDFs into one tagged PDF: one structure tree, every reference renumbered.

pypdf, qpdf, PyMuPDF and the others copy pages and drop the structure tree. Here the pages
are copied with pikepdf (qpdf), and then each source's tree is copied with the same qpdf
copier, which maps every /Pg of an element to the page copied before it. What is left to do
in Python is small and per part, not per element:

- each source's top elements go under a /Part element (titled like its bookmark), nested
  as the bundle's parts are, all under one /Document;
- the ParentTree entries of a source are shifted by the keys used before it, and so are its
  pages' /StructParents, its annotations' /StructParent and its forms' /StructParents;
- role maps and class maps are united; a role name that a source maps differently from an
  earlier one is replaced, in that source's elements, by what it maps to;
- element IDs are united into one IDTree; an ID used twice gets the part's number in front.

A source without a structure tree is copied as it is and reported in `untagged`: its pages
cannot be read by a screen reader, so the result is not PDF/UA.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

from kkdocs.pdf.pdf_tags import child_elements, copy_into, kids, number_tree, role, role_names, walk


@dataclass
class _Group:
    element: Dictionary
    kids: list = field(default_factory=list)


class TaggedMerge:
    """Pages and structure of many PDFs appended to `out`, under `Part` elements."""

    def __init__(self, out: pikepdf.Pdf) -> None:
        self.out = out
        self.document = Dictionary(Type=Name.StructElem, S=Name.Document)
        self._stack = [_Group(self.document)]
        self._nums: list[tuple[int, pikepdf.Object]] = []
        self._next_key = 0
        self._role_map: dict[str, Name] = {}
        self._class_map: dict[str, pikepdf.Object] = {}
        self._ids: dict[bytes, pikepdf.Object] = {}
        self._sources = 0
        self.untagged: list[int] = []  # numbers of the sources that had no tags
        self.not_pdfa: list[int] = []  # numbers of the sources that did not declare PDF/A
        self.output_intents: pikepdf.Object | None = None

    # --- building -------------------------------------------------------------------------

    def open_part(self, title: str) -> None:
        part = self.out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part, T=pikepdf.String(title)))
        self._stack.append(_Group(part))

    def close_part(self) -> None:
        group = self._stack.pop()
        group.element.K = Array(group.kids)
        group.element.P = self._stack[-1].element
        self._stack[-1].kids.append(group.element)

    def append(self, source: pikepdf.Pdf) -> range:
        """Append every page of `source` and its tags to the current part; return the new page indexes."""
        first = len(self.out.pages)
        self.out.pages.extend(source.pages)
        pages = range(first, len(self.out.pages))
        number = self._sources
        self._sources += 1
        if not _declares_pdfa(source):
            self.not_pdfa.append(number)
        if self.output_intents is None and "/OutputIntents" in source.Root:
            self.output_intents = copy_into(self.out, source.Root.OutputIntents)
        tree = source.Root.get("/StructTreeRoot")
        if tree is None:
            self.untagged.append(number)
            return pages
        root = copy_into(self.out, tree)
        offset = self._next_key
        self._take_parent_tree(root, offset)
        self._shift_struct_parents(pages, offset)
        self._take_role_map(root)
        self._take_class_map(root)
        top = _top_elements(root)
        for element in top:
            element.P = self._stack[-1].element
            self._stack[-1].kids.append(element)
        if "/IDTree" in root:  # only then can an element have an ID worth finding
            self._take_ids(top, number)
        return pages

    def finish(self) -> None:
        """Put the one structure tree into the catalog."""
        while len(self._stack) > 1:
            self.close_part()
        out = self.out
        root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document.K = Array(self._stack[0].kids)
        self.document.P = root
        root.K = out.make_indirect(self.document)
        nums = Array()
        for key, value in sorted(self._nums, key=lambda item: item[0]):
            nums.append(key)
            nums.append(value)
        root.ParentTree = out.make_indirect(Dictionary(Nums=nums))
        root.ParentTreeNextKey = self._next_key
        if self._role_map:
            root.RoleMap = Dictionary({key: value for key, value in sorted(self._role_map.items())})
        if self._class_map:
            root.ClassMap = Dictionary({key: value for key, value in sorted(self._class_map.items())})
        if self._ids:
            names = Array()
            for key in sorted(self._ids):
                names.append(pikepdf.String(key))
                names.append(self._ids[key])
            root.IDTree = out.make_indirect(Dictionary(Names=names))
        out.Root.StructTreeRoot = root
        out.Root.MarkInfo = Dictionary(Marked=True)
        if self.output_intents is not None:
            out.Root.OutputIntents = self.output_intents

    # --- the parts of a source's tree ------------------------------------------------------

    def _take_parent_tree(self, root: Dictionary, offset: int) -> None:
        highest = -1
        for key, value in number_tree(root.get("/ParentTree")):
            self._nums.append((key + offset, value))
            highest = max(highest, key)
        declared = int(root.get("/ParentTreeNextKey", 0))
        self._next_key = offset + max(highest + 1, declared)

    def _shift_struct_parents(self, pages: range, offset: int) -> None:
        if offset == 0:
            return
        forms_done: set[tuple[int, int]] = set()
        for index in pages:
            page = self.out.pages[index].obj
            if "/StructParents" in page:
                page.StructParents = int(page.StructParents) + offset
            for annotation in page.get("/Annots", Array()):
                if isinstance(annotation, Dictionary) and "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
            resources = page.get("/Resources")
            xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
            for form in (xobjects.values() if isinstance(xobjects, Dictionary) else ()):
                if not isinstance(form, pikepdf.Stream) or "/StructParents" not in form:
                    continue
                if form.is_indirect and form.objgen in forms_done:
                    continue
                forms_done.add(form.objgen)
                form.StructParents = int(form.StructParents) + offset

    def _take_role_map(self, root: Dictionary) -> None:
        role_map = root.get("/RoleMap")
        if not isinstance(role_map, Dictionary):
            return
        clashes = {}
        for key, value in role_map.items():
            if key in self._role_map and self._role_map[key] != value:
                clashes[key] = Name(role(Dictionary(S=Name(key)), role_names(role_map)))
            else:
                self._role_map[key] = value
        if clashes:
            for element in walk(root):
                kind = str(element.get("/S", ""))
                if kind in clashes:
                    element.S = clashes[kind]

    def _take_class_map(self, root: Dictionary) -> None:
        class_map = root.get("/ClassMap")
        if isinstance(class_map, Dictionary):
            for key, value in class_map.items():
                self._class_map.setdefault(key, value)

    def _take_ids(self, top: list[Dictionary], number: int) -> None:
        for element in _with_ids(top):
            key = bytes(element.ID)
            if key in self._ids:
                key = f"{number}-".encode() + key
                element.ID = pikepdf.String(key)
            self._ids[key] = element


def _declares_pdfa(source: pikepdf.Pdf) -> bool:
    metadata = source.Root.get("/Metadata")
    return isinstance(metadata, pikepdf.Stream) and b"pdfaid:part" in metadata.read_bytes()


def _top_elements(root: Dictionary) -> list[Dictionary]:
    """The source's top elements, without its own Document element (the merged PDF has one Document)."""
    top = child_elements(root)
    if len(top) == 1 and role(top[0], role_names(root.get("/RoleMap"))) == "/Document" and \
            len(child_elements(top[0])) == len(kids(top[0])):
        inner = child_elements(top[0])
        return inner or top
    return top


def _with_ids(top: list[Dictionary]) -> Iterator[Dictionary]:
    for element in top:
        if "/ID" in element:
            yield element
        for inner in walk(element):
            if "/ID" in inner:
                yield inner
