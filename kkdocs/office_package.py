"""What a Word or Excel file may hold before kkdocs uses it: nothing that runs, nothing outside the file.

An Office file is a zip of parts tied together by relationships (`_rels/*.rels`). Two kinds of
content make it more than the text and pictures it shows:

- macros: a VBA project (`vbaProject.bin`, `vbaData.xml`) or a macro-enabled content type;
- external relationships (`TargetMode="External"`): a picture linked to a file or an address
  instead of held in the file, an attached template (`attachedTemplate`, often a .dotm on a
  share), an OLE object, a linked workbook (`externalLink`), or a data connection
  (`xl/connections.xml`). Whoever converts or opens the file fetches them.

A template is filled by kkdocs and its result published, and `kkdocs import` reads a form from
outside: both refuse macros, and a template refuses external parts too. A hyperlink is the one
external relationship allowed: it is only a link that a reader may follow, and nothing fetches it.
"""

from __future__ import annotations

import functools
import io
import posixpath
import zipfile

from lxml import etree

RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
CONNECTIONS = "xl/connections.xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_KINDS = {  # the last word of a relationship type, as the message names it
    "image": "et billede", "attachedTemplate": "en tilknyttet skabelon", "oleObject": "et indlejret objekt",
    "externalLinkPath": "en kæde til en anden projektmappe", "subDocument": "et underdokument",
    "frame": "en ramme", "package": "en indlejret fil", "audio": "en lyd", "video": "en video",
}


def mentions_macros(archive: zipfile.ZipFile) -> str | None:
    """The part that makes the file macro-enabled, or None: a VBA project, or a macro-enabled content type."""
    for name in archive.namelist():
        if name.lower().endswith(MACRO_PARTS):
            return name
    if "[Content_Types].xml" in archive.namelist():
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size <= 10_000_000:
            types = archive.read(info)
            if b"macroEnabled" in types or b"vbaProject" in types:
                return "[Content_Types].xml"
    return None


@functools.lru_cache(maxsize=32)
def template_problems(data: bytes) -> tuple[str, ...]:
    """Why a template's bytes cannot be used (Danish, each naming its part), empty when they can.

    Each problem is a sentence's predicate: the caller names the template before it. Kept per
    process by the exact bytes, as a build renders one template for many cases.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return ()  # not a zip at all: the renderer's own message says so
    with archive:
        problems = []
        macros = mentions_macros(archive)
        if macros is not None:
            problems.append(f"indeholder makroer ({macros}); kkdocs bruger ingen skabelon med makroer. Gem den "
                            "som almindeligt Word-dokument (.docx) eller Excel-projektmappe (.xlsx) uden makroer.")
        problems += [_external_message(*found) for found in _external_relationships(archive)]
        if CONNECTIONS in archive.namelist():
            problems.append(f"henter data udefra ({CONNECTIONS}: dataforbindelser); fjern forbindelserne "
                            "(i Excel: Data, Forespørgsler og forbindelser), og gem igen.")
    return tuple(problems)


def _external_relationships(archive: zipfile.ZipFile) -> list[tuple[str, str, str, str]]:
    """(rels part, Id, type, target) of every external relationship other than a hyperlink."""
    found = []
    for name in sorted(archive.namelist()):
        if not name.endswith(".rels"):
            continue
        info = archive.getinfo(name)
        if info.file_size > 10_000_000:
            found.append((name, "?", "?", "(en relationsdel over 10 MB)"))
            continue
        try:
            root = etree.fromstring(archive.read(info), _PARSER)
        except etree.XMLSyntaxError:
            found.append((name, "?", "?", "(en relationsdel, der ikke er gyldig XML)"))
            continue
        for relationship in root.iter(RELATIONSHIPS):
            kind = relationship.get("Type") or ""
            if relationship.get("TargetMode") == "External" and kind != HYPERLINK:
                found.append((name, relationship.get("Id") or "?", kind, relationship.get("Target") or ""))
    return found


def _external_message(rels: str, identifier: str, kind: str, target: str) -> str:
    what = _KINDS.get(posixpath.basename(kind), "en del")
    shown = target if len(target) <= 200 else target[:200] + " …"
    where = f"relationen {identifier} i {rels}"
    if kind.endswith("/attachedTemplate"):
        fix = ("fjern den tilknyttede skabelon (i Word: Udvikler, Dokumentskabelon, slet stien), "
               "eller gem filen igen som et nyt .docx-dokument")
    elif kind.endswith("/image"):
        fix = "indsæt billedet i skabelonen i stedet (i Word: Indsæt, Billeder, og vælg Indsæt, ikke Kæd til fil)"
    else:
        fix = "fjern den, eller indsæt indholdet i selve filen"
    return (f"henter {what} uden for filen: {where} peger på '{shown}'. kkdocs bruger ingen skabelon, der "
            f"henter noget udefra; {fix}, og gem igen.")
