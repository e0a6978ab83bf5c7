"""Light Word packages: only the styles a document uses, no stylesWithEffects, no thumbnail.

python-docx's default template, and any template Word has saved, carries every built-in style
(python-docx's: 164 styles, 350 kB of `styles.xml`, plus latent styles), Word 2010's copy of
them in `stylesWithEffects.xml` (440 kB) and a thumbnail picture of the first page, for a
document of 45 kB. LibreOffice reads all of it for every conversion; none of it changes a page.
`lighten` takes a package's entries as `render_docx` has them and returns them with

- `word/styles.xml` pruned to the styles that the document's other parts (document, headers,
  footers, numbering, notes) name, closed over `basedOn`, `link` and `next`, plus every
  default style (`w:default="1"`), and without `w:latentStyles`;
- `word/stylesWithEffects.xml` and the thumbnail dropped, with their relationships and their
  content-type overrides.

Everything else stays byte for byte. A build writes many documents from few templates, so a
pruned styles part is kept per process, looked up by the styles' text and the set of names used.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
STYLES = "word/styles.xml"
CONTENT_TYPES = "[Content_Types].xml"
DROPPED_TYPES = {  # relationship types of parts that no page depends on
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
}
STYLE_REFERENCES = {W + name for name in ("pStyle", "rStyle", "tblStyle", "numStyleLink", "styleLink")}
STYLE_LINKS = (W + "basedOn", W + "link", W + "next")
CACHED_STYLES = 64


def lighten(entries: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The package's (name, content) entries, lightened as the module says, in their order."""
    content = dict(entries)
    dropped = _dropped_parts(content)
    kept = {name: data for name, data in content.items() if name not in dropped}
    for name, data in kept.items():
        if name.endswith(".rels") and dropped:
            kept[name] = _without_relationships(data, name, dropped)
    if dropped and CONTENT_TYPES in kept:
        kept[CONTENT_TYPES] = _without_overrides(kept[CONTENT_TYPES], dropped)
    if STYLES in kept:
        used = frozenset().union(*(_style_names(data) for name, data in kept.items() if _names_styles(name)))
        kept[STYLES] = pruned_styles(kept[STYLES], used)
    return [(name, kept[name]) for name, _ in entries if name in kept]


def _dropped_parts(content: dict[str, bytes]) -> set[str]:
    """The part names that the relationships of DROPPED_TYPES point to."""
    dropped = set()
    for name, data in content.items():
        if not name.endswith(".rels"):
            continue
        for relationship in etree.fromstring(data).iter(REL + "Relationship"):
            if relationship.get("Type") in DROPPED_TYPES and relationship.get("TargetMode") != "External":
                dropped.add(_target(name, relationship.get("Target", "")))
    return dropped & set(content)


def _target(rels_name: str, target: str) -> str:
    """A relationship's target as a part name: `word/_rels/document.xml.rels` + `a.xml` → `word/a.xml`."""
    if target.startswith("/"):
        return target.lstrip("/")
    source_folder = posixpath.dirname(posixpath.dirname(rels_name))
    return posixpath.normpath(posixpath.join(source_folder, target))


def _without_relationships(data: bytes, name: str, dropped: set[str]) -> bytes:
    tree = etree.fromstring(data)
    gone = [r for r in tree.iter(REL + "Relationship")
            if r.get("TargetMode") != "External" and _target(name, r.get("Target", "")) in dropped]
    if not gone:
        return data
    for relationship in gone:
        tree.remove(relationship)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def _without_overrides(data: bytes, dropped: set[str]) -> bytes:
    tree = etree.fromstring(data)
    for override in list(tree.iter(CT + "Override")):
        if override.get("PartName", "").lstrip("/") in dropped:
            tree.remove(override)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def _names_styles(name: str) -> bool:
    """Whether a part may name styles: every Word XML part but the styles themselves."""
    return name.startswith("word/") and name.endswith(".xml") and name != STYLES and "/_rels/" not in name


@lru_cache(maxsize=CACHED_STYLES)
def _style_names(data: bytes) -> frozenset[str]:
    """The styles a part names; kept per process, as a template's parts but its body are the same in every document."""
    if b"Style" not in data and b"styleLink" not in data:
        return frozenset()
    return frozenset(element.get(W + "val") for element in etree.fromstring(data).iter(*STYLE_REFERENCES)) - {None}


@lru_cache(maxsize=CACHED_STYLES)
def pruned_styles(styles: bytes, used: frozenset[str]) -> bytes:
    """`styles.xml` with the styles in `used`, the defaults and what they lead to; no latent styles."""
    tree = etree.fromstring(styles)
    by_id = {style.get(W + "styleId"): style for style in tree.iter(W + "style")}
    wanted = set(used) | {style_id for style_id, style in by_id.items() if style.get(W + "default") in ("1", "true")}
    todo = list(wanted)
    while todo:
        style = by_id.get(todo.pop())
        if style is None:
            continue
        for link in STYLE_LINKS:
            element = style.find(link)
            target = element.get(W + "val") if element is not None else None
            if target and target not in wanted:
                wanted.add(target)
                todo.append(target)
    for style_id, style in by_id.items():
        if style_id not in wanted:
            style.getparent().remove(style)
    for latent in tree.findall(W + "latentStyles"):
        tree.remove(latent)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
