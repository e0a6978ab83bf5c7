"""Word files joined into one, so that one LibreOffice conversion makes the pages of them all.

Each document LibreOffice converts costs it about 35 ms of CPU besides its pages: 108 separate
Word files of 48 cases took 9,9-10,9 s of soffice CPU, the same 204 pages joined into two
documents 6,2-6,6 s (bench/README.md). So a soffice batch converts its Word files as one
document, each file a section of its own that starts on a new page, with a bookmark
(`PART_MARK` and the file's number) at the start of each file after the first; LibreOffice
exports the bookmarks as named destinations, and `pdf_cut` cuts the PDF at them.

A file joins only when joining cannot change its pages, which is so for every form kkdocs'
templates make: the same settings, theme, font table, web settings and document defaults as
the files before it, no style or abstract list defined otherwise, its headers and footers of the
same kinds and without relationships of their own, no fields (a page number would count the
joined pages), no numbered lists (a list could go on counting from the file before; bullets are
fine), bookmarks, pictures, notes or comments, and a first section that starts on a new page.
Any other file is converted on its own, as before.

Each file's numbering instances keep their own numbers where the joined document already has
the same instance, and get new ones otherwise.

The styles and numbering parts, and the headers and footers, are the same in every file of one
template, so each distinct part is read once per process (`CACHED_SHEETS`), and a file's body is
moved into the joined document, not copied: the join of the 108 reference files took 0,90 s of
CPU before, 0,76 s after (best of five).
"""

from __future__ import annotations

import functools
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from kkdocs.documents.light_docx import CONTENT_TYPES, CT, REL, STYLES, W
from kkdocs.documents.office_zip import write_package

PART_MARK = "kkdocs-del-"  # the bookmark at the start of each joined file after the first: kkdocs-del-1, …
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
DC = "{http://purl.org/dc/elements/1.1/}"
RELS = "word/_rels/document.xml.rels"
DOCUMENT = "word/document.xml"
NUMBERING = "word/numbering.xml"
SHARED = ("word/settings.xml", "word/theme/theme1.xml", "word/fontTable.xml", "word/webSettings.xml")
_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
HEADER, FOOTER = _TYPE + "header", _TYPE + "footer"
HEADER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
FOOTER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
# The relationships a joinable file may have: the parts every one of them shares, its headers and footers.
ALLOWED = {_TYPE + kind for kind in ("styles", "settings", "webSettings", "fontTable", "theme", "numbering",
                                     "customXml")} | {HEADER, FOOTER,
                                                      "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
# What a joinable file may not hold: fields, bookmarks, and anything with a relationship of its own.
REFUSED = tuple(W + name for name in ("fldSimple", "instrText", "fldChar", "bookmarkStart", "footnoteReference",
                                 "endnoteReference", "commentReference", "drawing", "pict", "object"))
STAMP = (1980, 1, 1, 0, 0, 0)  # the joined file is read by LibreOffice only
# Distinct styles, numbering, header and footer parts whose reading is kept per process: a build's
# files come from a handful of templates, and these parts are the same in every file of one.
CACHED_SHEETS = 64


@dataclass(frozen=True)
class PartMeta:
    """What the PDF of one joined file says about it: LibreOffice would take it from the file's core properties."""

    title: str
    author: str
    subject: str


@dataclass
class JoinedDocument:
    """One Word file that LibreOffice converts in place of `members` (indexes into the batch's sources)."""

    path: Path
    members: list[int]
    parts: list[PartMeta]


@dataclass
class _Word:
    """One .docx, read and checked on its own."""

    entries: dict[str, bytes]
    rels: dict[str, etree._Element]  # relationship id -> Relationship
    body: etree._Element
    meta: PartMeta
    header_kinds: frozenset[tuple[str, str]]  # (header or footer, default/first/even) of each section
    styles: _StyleSheet
    numbering: _NumberingSheet


def join_batch(sources: Sequence[Path], folder: Path, most: int) -> tuple[list[JoinedDocument], list[int]]:
    """Join the joinable Word files among `sources`, in their order, at most `most` to a document.

    Returns the joined documents (written into `folder`) and the indexes of the sources to
    convert on their own: what is not a joinable .docx, and a file that no neighbour joins.
    Each joined document is written as soon as its group is complete, so that only one group's
    files are held in memory (a batch of 100 files held all of them: some 70 MB).
    """
    joined: list[JoinedDocument] = []
    alone: list[int] = []
    group: list[tuple[int, _Word]] = []
    groups = 0
    for index, source in enumerate(sources):
        word = _read(source) if source.suffix.lower() == ".docx" else None
        if word is None:
            alone.append(index)
        elif group and len(group) < most and _compatible(group[0][1], word, [w for _, w in group]):
            group.append((index, word))
        else:
            if group:
                _write_group(group, folder / f"samlet-{groups:03d}.docx", joined, alone)
                groups += 1
            group = [(index, word)]
    if group:
        _write_group(group, folder / f"samlet-{groups:03d}.docx", joined, alone)
    return joined, sorted(alone)


def _write_group(group: list[tuple[int, _Word]], path: Path, joined: list[JoinedDocument], alone: list[int]) -> None:
    """A group of more than one file becomes a joined document at `path`; a file on its own stays alone."""
    if len(group) == 1:
        alone.append(group[0][0])
        return
    path.write_bytes(_joined([word for _, word in group]))
    joined.append(JoinedDocument(path, [index for index, _ in group], [word.meta for _, word in group]))


# --- reading one file ------------------------------------------------------------------------------


def _read(path: Path) -> _Word | None:
    """The file, if it can be joined at all; None for any file that must be converted alone."""
    try:
        with zipfile.ZipFile(path) as package:
            entries = {name: package.read(name) for name in package.namelist()}
        rels = {r.get("Id"): r for r in etree.fromstring(entries[RELS])}
        body = etree.fromstring(entries[DOCUMENT]).find(W + "body")
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return None
    if body is None or body[-1:] == [] or body[-1].tag != W + "sectPr":
        return None
    if any(r.get("Type") not in ALLOWED or r.get("TargetMode") == "External" for r in rels.values()):
        return None
    if next(body.iter(*REFUSED), None) is not None:
        return None
    sections = list(body.iter(W + "sectPr"))
    start = sections[0].find(W + "type")
    if start is not None and start.get(W + "val") != "nextPage":
        return None  # it would not begin on a page of its own
    kinds = set()
    for section in sections:
        found = _references(section)
        kinds.add(frozenset(found))
        for kind, r_id in found.items():
            target = rels.get(r_id)
            if target is None or _has_own_parts(entries, target) or _has_fields(entries, target):
                return None
    if len(kinds) != 1:
        return None  # a section without a header the others have would take the one before it
    try:
        styles = _style_sheet(entries[STYLES])
        numbering = _numbering_sheet(entries.get(NUMBERING, b""))
    except (KeyError, etree.XMLSyntaxError):
        return None
    if _counts(body, styles, numbering):
        return None
    return _Word(entries, rels, body, _meta(entries), frozenset(kinds.pop()), styles, numbering)


@dataclass(frozen=True)
class _StyleSheet:
    """What joining needs of a styles part. Read once per distinct part (`_style_sheet`) and never changed."""

    defaults: bytes  # the docDefaults
    definitions: dict[str, bytes]  # style id -> its definition
    based_on: dict[str, str | None]  # style id -> the style it is based on
    lists: dict[str, frozenset[str]]  # style id -> the numIds it names
    all_lists: frozenset[str]  # the numIds that any style names


@dataclass(frozen=True)
class _NumberingSheet:
    """What joining needs of a numbering part. Read once per distinct part (`_numbering_sheet`) and never changed."""

    abstract: dict[str, bytes]  # abstractNumId -> its definition
    instances: dict[str, bytes]  # numId -> its numbering instance
    counting: frozenset[str]  # the numIds whose lists count (1., a), I. …) rather than show bullets


@functools.lru_cache(maxsize=CACHED_SHEETS)
def _style_sheet(data: bytes) -> _StyleSheet:
    root = etree.fromstring(data)
    defaults = root.find(W + "docDefaults")
    styles = list(root.iter(W + "style"))
    based_on = {}
    for style in styles:
        based = style.find(W + "basedOn")
        based_on[style.get(W + "styleId")] = based.get(W + "val") if based is not None else None
    lists = {style.get(W + "styleId"): frozenset(n.get(W + "val") for n in style.iter(W + "numId")) for style in styles}
    return _StyleSheet(
        defaults=etree.tostring(defaults) if defaults is not None else b"",
        definitions={style.get(W + "styleId"): etree.tostring(style) for style in styles},
        based_on=based_on, lists=lists, all_lists=frozenset(n.get(W + "val") for n in root.iter(W + "numId")))


@functools.lru_cache(maxsize=CACHED_SHEETS)
def _numbering_sheet(data: bytes) -> _NumberingSheet:
    """The sheet of a numbering part; b"" for a file without one."""
    root = etree.fromstring(data) if data else etree.Element(W + "numbering")
    abstract = {a.get(W + "abstractNumId"): a for a in root.findall(W + "abstractNum")}
    counting = set()
    for instance in root.findall(W + "num"):
        target = instance.find(W + "abstractNumId")
        definition = abstract.get(target.get(W + "val")) if target is not None else None
        formats = [*instance.iter(W + "numFmt"), *(definition.iter(W + "numFmt") if definition is not None else ())]
        if any(level_format.get(W + "val") not in ("bullet", "none") for level_format in formats):
            counting.add(instance.get(W + "numId"))
    return _NumberingSheet(
        abstract={key: etree.tostring(definition) for key, definition in abstract.items()},
        instances={n.get(W + "numId"): etree.tostring(n) for n in root.findall(W + "num")},
        counting=frozenset(counting))


def _counts(body: etree._Element, styles: _StyleSheet, numbering: _NumberingSheet) -> bool:
    """Whether a paragraph of the file is numbered with a counting format (1., a), I. …), directly or
    by its style: a joined file's list could go on counting from the file before it."""
    used = {number.get(W + "val") for number in body.iter(W + "numId")}
    for name in {style.get(W + "val") for style in body.iter(W + "pStyle")}:
        seen = set()
        while name in styles.based_on and name not in seen:  # the style and those it is based on
            seen.add(name)
            used.update(styles.lists[name])
            name = styles.based_on[name]
    return any(number in numbering.counting for number in used if number != "0")


def _references(section: etree._Element) -> dict[tuple[str, str], str]:
    found = {}
    for reference in section:
        if reference.tag in (W + "headerReference", W + "footerReference"):
            found[(reference.tag, reference.get(W + "type", "default"))] = reference.get(R + "id")
    return found


def _part_name(target: etree._Element) -> str:
    return "word/" + target.get("Target").lstrip("/").removeprefix("word/")


def _has_own_parts(entries: dict[str, bytes], target: etree._Element) -> bool:
    name = _part_name(target)
    folder, _, file = name.rpartition("/")
    return name not in entries or f"{folder}/_rels/{file}.rels" in entries


def _has_fields(entries: dict[str, bytes], target: etree._Element) -> bool:
    return _refuses(entries[_part_name(target)])


@functools.lru_cache(maxsize=CACHED_SHEETS)
def _refuses(part: bytes) -> bool:
    """Whether a header or footer holds what a joinable file may not (REFUSED); read once per distinct part."""
    return next(etree.fromstring(part).iter(*REFUSED), None) is not None


def _meta(entries: dict[str, bytes]) -> PartMeta:
    try:
        core = etree.fromstring(entries["docProps/core.xml"])
    except (KeyError, etree.XMLSyntaxError):
        return PartMeta("", "", "")

    def text(tag: str) -> str:
        element = core.find(DC + tag)
        return (element.text or "").strip() if element is not None else ""

    return PartMeta(text("title"), text("creator"), text("subject"))


# --- what may be joined ------------------------------------------------------------------------------


def _compatible(first: _Word, word: _Word, group: list[_Word]) -> bool:
    """Whether `word` can follow the group's files without a change to anybody's pages."""
    if any(first.entries.get(name) != word.entries.get(name) for name in SHARED):
        return False
    if word.header_kinds != first.header_kinds or word.styles.defaults != first.styles.defaults:
        return False
    styles, numbering = word.styles, word.numbering
    for member in group:
        if member.styles is styles and member.numbering is numbering:
            continue  # the same parts (`_style_sheet`, `_numbering_sheet`): nothing in them can differ
        if any(member.styles.definitions.get(key, value) != value for key, value in styles.definitions.items()):
            return False
        if any(member.numbering.abstract.get(key, value) != value for key, value in numbering.abstract.items()):
            return False
        # a list that a style names cannot be given another number in one file only
        instances = numbering.instances
        for number in styles.all_lists | member.styles.all_lists:
            if number in instances and member.numbering.instances.get(number, instances[number]) != instances[number]:
                return False
    return True


# --- writing the joined file --------------------------------------------------------------------------


@dataclass
class _Numbering:
    """The joined file's numbering part, grown file by file."""

    root: etree._Element
    abstract: set[str] = field(default_factory=set)
    instances: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def of(cls, word: _Word) -> _Numbering:
        root = etree.fromstring(word.entries[NUMBERING]) if NUMBERING in word.entries else etree.Element(W + "numbering")
        return cls(root, set(word.numbering.abstract), dict(word.numbering.instances))

    def take(self, word: _Word) -> dict[str, str]:
        """Add what `word` defines that is not here yet; return its numIds that now have another number."""
        for key, definition in word.numbering.abstract.items():
            if key not in self.abstract:
                self.abstract.add(key)
                self._insert(etree.fromstring(definition), before=W + "num")
        renamed = {}
        for number, data in word.numbering.instances.items():
            if self.instances.get(number) == data:
                continue
            instance = etree.fromstring(data)
            if number in self.instances:
                new = str(max(int(n) for n in self.instances) + 1)
                renamed[number] = new
                instance.set(W + "numId", new)
                number, data = new, etree.tostring(instance)
            self.instances[number] = data
            self._insert(instance, before=W + "numIdMacAtCleanup")
        return renamed

    def _insert(self, element: etree._Element, before: str) -> None:
        follower = self.root.find(before)
        if follower is None:
            self.root.append(element)
        else:
            follower.addprevious(element)


def _joined(words: list[_Word]) -> bytes:
    first = words[0]
    entries = dict(first.entries)
    document = etree.fromstring(first.entries[DOCUMENT])
    body = document.find(W + "body")
    for child in list(body):
        body.remove(child)
    rels = etree.fromstring(first.entries[RELS])
    for relationship in list(rels):
        if relationship.get("Type") in (HEADER, FOOTER):
            rels.remove(relationship)
    types = etree.fromstring(first.entries[CONTENT_TYPES])
    styles = etree.fromstring(first.entries[STYLES])
    have = set(first.styles.definitions)
    numbering = _Numbering.of(first)
    for number, word in enumerate(words):
        part = word.body  # moved into the joined document: a _Word is read for one join
        if number:
            _mark_start(part, number)
            renamed = numbering.take(word)
            for value in part.iter(W + "numId"):
                value.set(W + "val", renamed.get(value.get(W + "val"), value.get(W + "val")))
            for style_id, definition in word.styles.definitions.items():
                if style_id not in have:
                    have.add(style_id)
                    styles.append(etree.fromstring(definition))
        for section in part.iter(W + "sectPr"):
            _own_headers(section, word, number, entries, rels, types)
        last = number == len(words) - 1
        ending = part[-1]
        for child in list(part)[:-1]:
            body.append(child)
        if last:
            body.append(ending)
        else:
            _end_section(body, ending)
    entries[DOCUMENT] = _xml(document)
    entries[RELS] = _xml(rels)
    entries[CONTENT_TYPES] = _xml(types)
    entries[STYLES] = _xml(styles)
    if NUMBERING in entries:
        entries[NUMBERING] = _xml(numbering.root)
    return write_package(sorted(entries.items(), key=lambda item: item[0] != CONTENT_TYPES), STAMP)


def _mark_start(part: etree._Element, number: int) -> None:
    """A bookmark at the start of the file's first paragraph (in its first cell, if it begins with a table)."""
    paragraph = next(part.iter(W + "p"), None)
    start = etree.Element(W + "bookmarkStart", {W + "id": str(900_000 + number), W + "name": f"{PART_MARK}{number}"})
    end = etree.Element(W + "bookmarkEnd", {W + "id": str(900_000 + number)})
    if paragraph is None:
        part.insert(0, end)
        part.insert(0, start)
        return
    position = 1 if len(paragraph) and paragraph[0].tag == W + "pPr" else 0
    paragraph.insert(position, end)
    paragraph.insert(position, start)


def _own_headers(section: etree._Element, word: _Word, number: int, entries: dict[str, bytes],
                 rels: etree._Element, types: etree._Element) -> None:
    """Give the section's headers and footers parts of their own in the joined file."""
    for reference in section:
        if reference.tag not in (W + "headerReference", W + "footerReference"):
            continue
        source = word.rels[reference.get(R + "id")]
        kind = "header" if source.get("Type") == HEADER else "footer"
        new_id = f"rIdKk{number}x{len(rels)}"
        name = f"{kind}-kk{number}-{len(rels)}.xml"
        entries[f"word/{name}"] = word.entries[_part_name(source)]
        etree.SubElement(rels, REL + "Relationship", Id=new_id, Type=source.get("Type"), Target=name)
        etree.SubElement(types, CT + "Override", PartName=f"/word/{name}",
                         ContentType=HEADER_CT if kind == "header" else FOOTER_CT)
        reference.set(R + "id", new_id)


def _end_section(body: etree._Element, section: etree._Element) -> None:
    """End the file's last section in a paragraph of its own after the file's last one.

    LibreOffice's Word import drops an empty paragraph that only carries a section break, so
    the file's own paragraphs, its last empty one too, stay as they are on its pages and in
    its tags (in that last paragraph the break would take the paragraph with it).
    """
    paragraph = etree.SubElement(body, W + "p")
    etree.SubElement(paragraph, W + "pPr").append(section)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
