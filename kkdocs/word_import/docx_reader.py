"""Read a .docx as untrusted input: its body as paragraphs and tables, its comments and tracked changes.

A .docx is a zip of XML parts. Before anything is parsed the zip is checked: it must be a zip,
small enough when unpacked, hold a Word document's main part, and hold no macros (a .docm
renamed to .docx is refused, never opened further). The XML is parsed by lxml without DTDs,
entities or network access. Nothing in the file is ever executed: only text is read.

Text is read as it stood before any tracked change: deleted text (w:del) is kept and inserted
text (w:ins) is left out, and each change is listed, so that accepting it stays the user's
decision. Soft hyphens vanish, a non-breaking hyphen is "-", a tab is "\\t" and a line break "\\n".
"""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from kkdocs.documents.case_values_part import NAMESPACE as CASE_VALUES
from kkdocs.errors import KkdocsError
from kkdocs.office_package import mentions_macros

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
MAIN_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml")
MAX_FILE_BYTES = 50_000_000  # a filled-in form is well under 1 MB, pictures included
MAX_UNPACKED_BYTES = 200_000_000
MAX_PART_BYTES = 50_000_000  # document.xml of a 100-page form is a few MB
MAX_ENTRIES = 5_000
MAX_TABLE_ROWS = 2_000  # the longest table a form has is a bilag of a few hundred rows
MAX_CELLS = 100_000
MAX_BLOCKS = 50_000

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=True, remove_pis=True)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class UnreadableDocument(KkdocsError):
    """A file that cannot be read as a Word form; the message is Danish and names the file."""


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str  # the style's name in lower case ("heading 1", "list bullet", "normal")
    bold: bool  # every run with text is bold
    list_kind: str | None  # "punkt", "nummereret" or None
    indented: bool  # the paragraph has a left indent of its own
    outline: int | None  # the outline level from the style or the paragraph (0 = Heading 1)


@dataclass(frozen=True)
class Cell:
    text: str  # the paragraphs of the cell, joined with "\n"
    paragraphs: tuple[Paragraph, ...]
    column: int  # the first grid column the cell covers
    span: int  # how many grid columns it covers
    continued: bool  # a vertically merged cell that continues the one above


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Comment:
    author: str
    text: str
    anchor: str  # the paragraph the comment is on


@dataclass(frozen=True)
class TrackedChange:
    kind: str  # "indsat" or "slettet"
    author: str
    text: str
    paragraph: str  # the paragraph's text before the change


@dataclass
class WordDocument:
    name: str  # as shown to the user
    blocks: list[Paragraph | Table] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    changes: list[TrackedChange] = field(default_factory=list)
    header_text: str = ""  # the page headers' text, where kkdocs puts its UDKAST mark


def read_document(path: Path, name: str | None = None) -> WordDocument:
    """The document at `path`, or UnreadableDocument with a Danish message."""
    name = name or path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableDocument(f"{name}: filen kan ikke læses ({exc.strerror or exc}).") from None
    if size > MAX_FILE_BYTES:
        raise UnreadableDocument(f"{name}: filen er {size // 1_000_000} MB; en udfyldt formular fylder under "
                                 f"{MAX_FILE_BYTES // 1_000_000} MB, så den læses ikke.")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _checked_parts(archive, name)
            main = _main_part(archive, parts, name)
            document = _xml(archive, main, name)
            styles = _styles(archive, parts, name)
            numbering = _numbering(archive, parts, name)
            comments_part = f"{main.rsplit('/', 1)[0]}/comments.xml" if "/" in main else "comments.xml"
            comments_xml = _xml(archive, comments_part, name) if comments_part in parts else None
            headers = [_xml(archive, part, name) for part in sorted(parts)
                       if re.fullmatch(r"word/header\d*\.xml", part)]
    except zipfile.BadZipFile:
        raise UnreadableDocument(f"{name}: filen er ikke et Word-dokument (.docx): den er ikke en gyldig zip-fil, "
                                 "måske er den beskadiget eller kun delvis hentet.") from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise UnreadableDocument(f"{name}: zip-filen kan ikke pakkes ud ({exc}).") from None
    result = WordDocument(name)
    result.header_text = "\n".join("".join(t.text or "" for t in header.iter(w("t"))) for header in headers)
    body = document.find(w("body"))
    if body is None:
        raise UnreadableDocument(f"{name}: dokumentet har ingen brødtekst (w:body mangler i word/document.xml).")
    reader = _BodyReader(name, styles, numbering)
    result.blocks = reader.blocks(body)
    result.changes = reader.changes
    if comments_xml is not None:
        result.comments = _comments(comments_xml, reader.comment_anchors)
    return result


def read_case_values(path: Path, name: str) -> tuple[str, str, str] | None:
    """The case values kkdocs put in the document (`documents/case_values_part`): (case id, YAML text, its
    SHA-256 as written beside it), or None when the document has none. Read with the same checks as the body."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _checked_parts(archive, name)
            for part in sorted(parts):
                if re.fullmatch(r"customXml/[^/]+\.xml", part):
                    root = _xml(archive, part, name)
                    if root.tag == f"{{{CASE_VALUES}}}sag":
                        return root.get("id") or "", root.text or "", root.get("sha256") or ""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        return None  # read_document has said what is wrong with the file
    return None


def _checked_parts(archive: zipfile.ZipFile, name: str) -> set[str]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise UnreadableDocument(f"{name}: zip-filen har {len(infos)} dele; et Word-dokument har få, så den læses ikke.")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise UnreadableDocument(f"{name}: filen fylder {total // 1_000_000} MB udpakket (en zip-bombe?); den læses ikke.")
    parts = {info.filename for info in infos}
    if mentions_macros(archive) is not None:
        raise UnreadableDocument(f"{name}: filen indeholder makroer (et makroaktiveret dokument, .docm, med et andet "
                                 "filnavn). kkdocs åbner den ikke; gem formularen som almindeligt Word-dokument (.docx) "
                                 "uden makroer, og prøv igen.")
    if "[Content_Types].xml" not in parts:
        raise UnreadableDocument(f"{name}: filen er en zip-fil, men ikke et Word-dokument ([Content_Types].xml mangler).")
    return parts


def _main_part(archive: zipfile.ZipFile, parts: set[str], name: str) -> str:
    types = _xml(archive, "[Content_Types].xml", name)
    main = None
    if "_rels/.rels" in parts:
        for rel in _xml(archive, "_rels/.rels", name).iter(f"{{{REL}}}Relationship"):
            if rel.get("Type") == OFFICE_DOCUMENT:
                main = (rel.get("Target") or "").lstrip("/")
    main = main or "word/document.xml"
    for override in types.iter("{http://schemas.openxmlformats.org/package/2006/content-types}Override"):
        if (override.get("PartName") or "").lstrip("/") == main:
            kind = override.get("ContentType") or ""
            if kind not in MAIN_TYPES:
                what = "et Excel-regneark" if "spreadsheetml" in kind else (
                    "en PowerPoint-præsentation" if "presentationml" in kind else f"af typen {kind}")
                raise UnreadableDocument(f"{name}: filen er ikke et Word-dokument, men {what}.")
    if main not in parts:
        raise UnreadableDocument(f"{name}: filen er en zip-fil, men ikke et Word-dokument ({main} mangler).")
    return main


def _read(archive: zipfile.ZipFile, part: str, name: str) -> bytes:
    info = archive.getinfo(part)
    if info.file_size > MAX_PART_BYTES:
        raise UnreadableDocument(f"{name}: delen {part} fylder {info.file_size // 1_000_000} MB udpakket; "
                                 "så stor er ingen formular, så den læses ikke.")
    with archive.open(info) as stream:
        data = stream.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise UnreadableDocument(f"{name}: delen {part} er større, end zip-filen angiver; den læses ikke.")
    return data


def _xml(archive: zipfile.ZipFile, part: str, name: str):
    data = _read(archive, part, name)
    refused = UnreadableDocument(f"{name}: delen {part} indeholder en DTD eller entiteter, som et Word-dokument "
                                 "aldrig har; den læses ikke.")
    text = _as_text(data)
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise refused
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnreadableDocument(f"{name}: delen {part} er ikke gyldig XML ({exc.msg}); filen er beskadiget.") from None
    if root.getroottree().docinfo.doctype:  # one the text search missed, in an encoding it did not think of
        raise refused
    return root


_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_BYTE_ORDERS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (b"\0\0\0<", "utf-32-be"),
                (b"<\0\0\0", "utf-32-le"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
                (b"\0<", "utf-16-be"), (b"<\0", "utf-16-le"), (codecs.BOM_UTF8, "utf-8"))


def _as_text(data: bytes) -> str:
    """A part's whole text, in the encoding the XML parser will read it in (its byte order mark, or its
    declaration), so that a DTD is found wherever it stands and however it is encoded."""
    for mark, encoding in _BYTE_ORDERS:
        if data.startswith(mark):
            return data.decode(encoding, errors="replace")
    declared = _DECLARED.match(data)
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:  # an encoding Python does not know: lxml refuses it, or the doctype check below holds
            pass
    return data.decode("utf-8", errors="replace")


def _styles(archive: zipfile.ZipFile, parts: set[str], name: str) -> dict[str, "_Style"]:
    if "word/styles.xml" not in parts:
        return {}
    styles: dict[str, _Style] = {}
    for style in _xml(archive, "word/styles.xml", name).iter(w("style")):
        style_id = style.get(w("styleId")) or ""
        label = style.find(w("name"))
        based = style.find(w("basedOn"))
        outline = style.find(f"{w('pPr')}/{w('outlineLvl')}")
        num = style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
        bold = style.find(f"{w('rPr')}/{w('b')}")
        styles[style_id] = _Style(
            name=(label.get(w("val")) if label is not None else style_id).lower(),
            based_on=based.get(w("val")) if based is not None else None,
            outline=_int(outline.get(w("val"))) if outline is not None else None,
            num_id=num.get(w("val")) if num is not None else None,
            bold=bold is not None and _on(bold))
    return styles


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None
    num_id: str | None
    bold: bool


def _numbering(archive: zipfile.ZipFile, parts: set[str], name: str) -> dict[str, str]:
    """numId -> "punkt" or "nummereret", by the format of the list's first level."""
    if "word/numbering.xml" not in parts:
        return {}
    root = _xml(archive, "word/numbering.xml", name)
    abstract_kind = {}
    for definition in root.iter(w("abstractNum")):
        fmt = definition.find(f"{w('lvl')}/{w('numFmt')}")
        kind = "punkt" if fmt is None or fmt.get(w("val")) in ("bullet", "none") else "nummereret"
        abstract_kind[definition.get(w("abstractNumId"))] = kind
    kinds = {}
    for num in root.iter(w("num")):
        abstract = num.find(w("abstractNumId"))
        if abstract is not None:
            kinds[num.get(w("numId"))] = abstract_kind.get(abstract.get(w("val")), "punkt")
    return kinds


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _on(element) -> bool:
    return (element.get(w("val")) or "true").lower() not in ("0", "false", "off")


class _BodyReader:
    def __init__(self, name: str, styles: dict[str, _Style], numbering: dict[str, str]):
        self.name = name
        self.styles = styles
        self.numbering = numbering
        self.changes: list[TrackedChange] = []
        self.comment_anchors: dict[str, str] = {}
        self.count = 0
        self.cells = 0
        self.tables = 0

    def blocks(self, container) -> list[Paragraph | Table]:
        result: list[Paragraph | Table] = []
        for child in container:
            if child.tag == w("p"):
                result.append(self.paragraph(child))
                for box in _text_boxes(child):  # a text box's paragraphs and tables follow its anchor
                    result += self.blocks(box)
            elif child.tag == w("tbl"):
                self.tables += 1
                result.append(self.table(child, self.tables))
            elif child.tag in (w("sdt"), w("customXml")):
                content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
                if content is not None:
                    result += self.blocks(content)
            self.count += 1
            if self.count > MAX_BLOCKS:
                raise UnreadableDocument(f"{self.name}: dokumentet har over {MAX_BLOCKS} afsnit og tabeller; så "
                                         "stor er ingen formular, så det læses ikke.")
        return result

    def paragraph(self, p) -> Paragraph:
        ppr = p.find(w("pPr"))
        style = self.styles.get(_val(ppr, "pStyle") or "Normal") or self.styles.get("Normal")
        chain = list(self._chain(style))
        text, bold_runs, plain_runs = self._text(p)
        outline = _int(_val(ppr, "outlineLvl"))
        if outline is None:
            outline = next((s.outline for s in chain if s.outline is not None), None)
        num_id = _val(ppr, "numPr", "numId") if ppr is not None else None
        if num_id is None:
            num_id = next((s.num_id for s in chain if s.num_id is not None), None)
        name = chain[0].name if chain else "normal"
        kind = None
        if "list bullet" in name or "opstilling med punkttegn" in name:
            kind = "punkt"
        elif "list number" in name or "opstilling med tal" in name:
            kind = "nummereret"
        elif num_id not in (None, "0"):
            kind = self.numbering.get(num_id, "punkt")
        style_bold = any(s.bold for s in chain)
        bold = bool(text.strip()) and (bold_runs > 0 or style_bold) and plain_runs == 0
        indented = ppr is not None and ppr.find(w("ind")) is not None and any(
            (_int(ppr.find(w("ind")).get(w(side))) or 0) > 0 for side in ("left", "start"))
        return Paragraph(text, name, bold, kind, indented, outline if outline is not None and outline < 9 else None)

    def _chain(self, style: _Style | None):
        seen = 0
        while style is not None and seen < 20:
            yield style
            style = self.styles.get(style.based_on) if style.based_on else None
            seen += 1

    def _text(self, p) -> tuple[str, int, int]:
        """The paragraph's text before tracked changes, and how many text runs are bold and not bold."""
        pieces: list[str] = []
        bold_runs = plain_runs = 0
        for run in p.iter(w("r")):
            if _inside(run, (w("txbxContent"),), p):
                continue  # a text box anchored here is read as blocks of its own
            inserted = _inside(run, (w("ins"), w("moveTo")), p)
            deleted = _inside(run, (w("del"), w("moveFrom")), p)
            run_text = _run_text(run)
            if inserted or deleted:
                self.changes.append(TrackedChange("indsat" if inserted else "slettet",
                                                  _change_author(run, p), run_text, ""))
            if inserted:
                continue
            pieces.append(run_text)
            if run_text.strip():
                rpr = run.find(w("rPr"))
                b = rpr.find(w("b")) if rpr is not None else None
                if b is not None and _on(b):
                    bold_runs += 1
                elif b is None:
                    plain_runs += 0 if self._run_style_bold(rpr) else 1
                else:
                    plain_runs += 1
        for mark in p.iter(w("commentRangeStart"), w("commentReference")):
            self.comment_anchors.setdefault(mark.get(w("id")), "")
        text = "".join(pieces)
        for mark in p.iter(w("commentRangeStart"), w("commentReference")):
            if not self.comment_anchors.get(mark.get(w("id"))):
                self.comment_anchors[mark.get(w("id"))] = text
        fixed = [TrackedChange(c.kind, c.author, c.text, text) if c.paragraph == "" else c for c in self.changes]
        self.changes = fixed
        return text, bold_runs, plain_runs

    def _run_style_bold(self, rpr) -> bool:
        style_id = _val(rpr, "rStyle") if rpr is not None else None
        style = self.styles.get(style_id) if style_id else None
        return bool(style and style.bold)

    def table(self, tbl, number: int) -> Table:
        rows = []
        for tr in tbl.iter(w("tr")):
            if _inside(tr, (w("tbl"),), tbl):  # a table nested in a cell is read as that cell's text only
                continue
            rows.append(self.row(tr))
            if len(rows) > MAX_TABLE_ROWS:
                raise UnreadableDocument(f"{self.name}: tabel {number} har over {MAX_TABLE_ROWS} rækker; så stor er "
                                         "ingen tabel i formularerne, så dokumentet læses ikke.")
        return Table(tuple(rows))

    def row(self, tr) -> tuple[Cell, ...]:
        cells = []
        column = 0
        trpr = tr.find(w("trPr"))
        before = _int(_val(trpr, "gridBefore")) if trpr is not None else None
        column += before or 0
        for tc in tr:
            if tc.tag == w("sdt"):
                tcs = tc.findall(f"{w('sdtContent')}/{w('tc')}")
            elif tc.tag == w("tc"):
                tcs = [tc]
            else:
                continue
            for cell in tcs:
                tcpr = cell.find(w("tcPr"))
                span = _int(_val(tcpr, "gridSpan")) or 1
                vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
                continued = vmerge is not None and (vmerge.get(w("val")) or "continue") == "continue"
                paragraphs = tuple(self.paragraph(p) for p in cell.iter(w("p")))
                text = "\n".join(p.text for p in paragraphs)
                cells.append(Cell(text, paragraphs, column, max(span, 1), continued))
                column += max(span, 1)
                self.cells += 1
                if self.cells > MAX_CELLS:
                    raise UnreadableDocument(f"{self.name}: dokumentets tabeller har over {MAX_CELLS} celler; så "
                                             "store er formularernes tabeller ikke, så det læses ikke.")
        return tuple(cells)


MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _text_boxes(p) -> list:
    """The text boxes anchored in a paragraph, each once (not the VML copy Word keeps as a fallback)."""
    return [box for box in p.iter(w("txbxContent"))
            if not _inside(box, (MC_FALLBACK, w("txbxContent")), p)]


def _val(parent, *path: str) -> str | None:
    if parent is None:
        return None
    element = parent.find("/".join(w(p) for p in path))
    return element.get(w("val")) if element is not None else None


def _inside(element, tags: tuple[str, ...], stop) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _change_author(run, stop) -> str:
    parent = run.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in (w("ins"), w("del"), w("moveTo"), w("moveFrom")):
            return parent.get(w("author")) or "ukendt"
        parent = parent.getparent()
    return "ukendt"


def _run_text(run) -> str:
    pieces = []
    for child in run:
        tag = child.tag
        if tag in (w("t"), w("delText")):
            pieces.append(child.text or "")
        elif tag in (w("tab"), w("ptab")):
            pieces.append("\t")
        elif tag in (w("br"), w("cr")):
            pieces.append("\n")
        elif tag == w("noBreakHyphen"):
            pieces.append("-")
        elif tag == w("sym"):
            pieces.append(_symbol(child))
        elif tag == w("fldChar") and child.find(f"{w('ffData')}/{w('checkBox')}") is not None:
            pieces.append(_legacy_checkbox(child.find(f"{w('ffData')}/{w('checkBox')}")))
    return "".join(pieces).replace("\u00ad", "")


_SYMBOLS = {"F078": "☒", "F0FD": "☒", "F06F": "☐", "F0A8": "☐", "F0FE": "☒"}


def _symbol(sym) -> str:
    """A Wingdings check box (w:sym) as ☒ or ☐; other symbols as nothing."""
    return _SYMBOLS.get((sym.get(w("char")) or "").upper(), "")


def _legacy_checkbox(box) -> str:
    """A legacy form field check box (FORMCHECKBOX) as ☒ or ☐: its w:checked, else its w:default."""
    state = box.find(w("checked"))
    if state is None:
        state = box.find(w("default"))
    return "☒" if state is not None and _on(state) and (state.get(w("val")) or "1") not in ("0",) else "☐"


def _comments(root, anchors: dict[str, str]) -> list[Comment]:
    result = []
    for comment in root.iter(w("comment")):
        text = "\n".join("".join(_run_text(r) for r in p.iter(w("r"))) for p in comment.iter(w("p"))).strip()
        result.append(Comment(comment.get(w("author")) or "ukendt", text,
                              anchors.get(comment.get(w("id")), "")))
    return result


def plain(text: str) -> str:
    """Text for comparing labels: lower case, no soft hyphens, words broken by "-\\n" joined, one space."""
    text = text.replace("\u00ad", "").replace("\u2011", "-")
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip().lower()
