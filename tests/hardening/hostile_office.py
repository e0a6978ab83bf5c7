"""Hostile Word and Excel files made for real: a shipped template with one part or relationship added.

Each function takes a .docx or .xlsx and changes it in place, as a user with a zip tool or an
Office that saves such things would: an image linked to a file or address outside the file, a
macro project, an external template.
"""

from __future__ import annotations

import http.server
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"

# an inline picture whose bytes are not in the file: <a:blip r:embed> names an external relationship
LINKED_PICTURE = (
    '<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<wp:extent cx="952500" cy="952500"/><wp:docPr id="901" name="Billede 901" descr="Logo"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="901" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:{attribute}="{rid}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
    '<a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
    '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')


def _entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as source:
        return {info.filename: source.read(info) for info in source.infolist()}


def _write(path: Path, entries: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries.items():
            target.writestr(name, data)


def _add_relationship(entries: dict[str, bytes], rels: str, rid: str, kind: str, target: str,
                      external: bool) -> None:
    mode = ' TargetMode="External"' if external else ""
    relationship = f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"{mode}/>'
    if rels in entries:
        text = entries[rels].decode("utf-8")
        entries[rels] = text.replace("</Relationships>", relationship + "</Relationships>").encode("utf-8")
    else:
        entries[rels] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         f'<Relationships xmlns="{REL_NS}">{relationship}</Relationships>').encode("utf-8")


def link_picture(docx: Path, target: str, attribute: str = "embed") -> None:
    """Put a picture first in the body whose image is the external `target` (a path, file:// or http:// URL)."""
    entries = _entries(docx)
    _add_relationship(entries, "word/_rels/document.xml.rels", "rIdLinked901", IMAGE, target, external=True)
    xml = entries["word/document.xml"].decode("utf-8")
    body = xml.index("<w:body>") + len("<w:body>")
    picture = LINKED_PICTURE.format(attribute=attribute, rid="rIdLinked901")
    entries["word/document.xml"] = (xml[:body] + picture + xml[body:]).encode("utf-8")
    _write(docx, entries)


def link_sheet_picture(xlsx: Path, target: str) -> None:
    """Give the first sheet a drawing whose picture is the external `target`."""
    entries = _entries(xlsx)
    _add_relationship(entries, "xl/drawings/_rels/drawing901.xml.rels", "rIdLinked901", IMAGE, target,
                      external=True)
    entries["xl/drawings/drawing901.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<xdr:oneCellAnchor><xdr:from><xdr:col>5</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>'
        '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="952500" cy="952500"/>'
        '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Logo"/><xdr:cNvPicPr/></xdr:nvPicPr>'
        '<xdr:blipFill><a:blip r:embed="rIdLinked901"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>'
        '<xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/>'
        '</xdr:oneCellAnchor></xdr:wsDr>').encode("utf-8")
    _add_relationship(entries, "xl/worksheets/_rels/sheet1.xml.rels", "rIdDrawing901",
                      "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing",
                      "../drawings/drawing901.xml", external=False)
    sheet = entries["xl/worksheets/sheet1.xml"].decode("utf-8")
    if 'xmlns:r="' not in sheet[:sheet.index(">", sheet.index("<worksheet"))]:
        sheet = sheet.replace("<worksheet ", '<worksheet xmlns:r="http://schemas.openxmlformats.org/'
                                             'officeDocument/2006/relationships" ', 1)
    entries["xl/worksheets/sheet1.xml"] = sheet.replace("</worksheet>", '<drawing r:id="rIdDrawing901"/></worksheet>'
                                                        ).encode("utf-8")
    types = entries["[Content_Types].xml"].decode("utf-8")
    entries["[Content_Types].xml"] = types.replace(
        "</Types>", '<Override PartName="/xl/drawings/drawing901.xml" '
                    'ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>').encode("utf-8")
    _write(xlsx, entries)


def attach_external_template(docx: Path, target: str) -> None:
    """Point word/settings.xml's <w:attachedTemplate> at an external template, as Word does for a .dotm."""
    entries = _entries(docx)
    _add_relationship(entries, "word/_rels/settings.xml.rels", "rIdTemplate901", ATTACHED_TEMPLATE, target,
                      external=True)
    settings = entries["word/settings.xml"].decode("utf-8")
    start = settings.index(">", settings.index("<w:settings")) + 1
    entries["word/settings.xml"] = (settings[:start] + '<w:attachedTemplate r:id="rIdTemplate901" '
                                    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
                                    + settings[start:]).encode("utf-8")
    _write(docx, entries)


def add_macros(office_file: Path) -> None:
    """Add a VBA project, as a macro-enabled file has one (word/vbaProject.bin or xl/vbaProject.bin)."""
    entries = _entries(office_file)
    folder = "word" if "word/document.xml" in entries else "xl"
    main = "document.xml" if folder == "word" else "workbook.xml"
    entries[f"{folder}/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504  # an OLE header
    _add_relationship(entries, f"{folder}/_rels/{main}.rels", "rIdVba901", VBA_PROJECT, "vbaProject.bin",
                      external=False)
    types = entries["[Content_Types].xml"].decode("utf-8")
    entries["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Override PartName="/{folder}/vbaProject.bin" '
                    'ContentType="application/vnd.ms-office.vbaProject"/></Types>').encode("utf-8")
    _write(office_file, entries)


class _Counting(http.server.BaseHTTPRequestHandler):
    requests: list[str]

    def _count(self) -> None:
        self.requests.append(f"{self.command} {self.path}")
        self.send_response(404)
        self.end_headers()

    do_GET = do_HEAD = do_OPTIONS = do_POST = do_PROPFIND = _count

    def log_message(self, *args) -> None:
        """Quiet: the test reads the list."""


@contextmanager
def counting_server():
    """An HTTP server on 127.0.0.1 that records every request: yields (base URL, list of requests)."""
    requests: list[str] = []
    handler = type("Handler", (_Counting,), {"requests": requests})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def link_external_workbook(xlsx: Path, target: str) -> None:
    """Make the workbook refer to cells of another workbook (an externalLink part), as Excel does for ='[b.xlsx]Ark1'!A1."""
    entries = _entries(xlsx)
    entries["xl/externalLinks/externalLink1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<externalBook r:id="rId1"><sheetNames><sheetName val="Ark1"/></sheetNames></externalBook>'
        '</externalLink>').encode("utf-8")
    _add_relationship(entries, "xl/externalLinks/_rels/externalLink1.xml.rels", "rId1",
                      "http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath", target,
                      external=True)
    _add_relationship(entries, "xl/_rels/workbook.xml.rels", "rIdExternal901",
                      "http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink",
                      "externalLinks/externalLink1.xml", external=False)
    types = entries["[Content_Types].xml"].decode("utf-8")
    entries["[Content_Types].xml"] = types.replace(
        "</Types>", '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>').encode("utf-8")
    _write(xlsx, entries)


def add_connection(xlsx: Path, target: str) -> None:
    """Give the workbook a data connection (xl/connections.xml) that fetches a web page when refreshed."""
    entries = _entries(xlsx)
    entries["xl/connections.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<connection id="1" name="Web" type="4" refreshOnLoad="1"><webPr url="{target}"/></connection>'
        '</connections>').encode("utf-8")
    _add_relationship(entries, "xl/_rels/workbook.xml.rels", "rIdConnections901",
                      "http://schemas.openxmlformats.org/officeDocument/2006/relationships/connections",
                      "connections.xml", external=False)
    _write(xlsx, entries)
