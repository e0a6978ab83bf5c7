"""Reading a tagged PDF back as a screen reader would: the structure tree with its text.

`dump` gives one line per structure element, indented by depth, with its type, its title
(/T) and the text of its own marked content, in tree order, which is the order a screen
reader reads in. The text of a marked-content id is found by pypdf's text extraction,
following BDC/EMC; text inside /Artifact is kept apart (the page stamps).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pypdf import PdfReader

from kkdocs.pdf.pdf_tags import child_elements, kids, walk

OUTSIDE = -1  # the key of text that is in no marked content at all


@dataclass(frozen=True)
class PageText:
    tagged: dict[int, str]  # MCID -> its text (OUTSIDE: text neither tagged nor artifact)
    artifacts: str


def tree_content(pdf: pikepdf.Pdf) -> list[tuple[int, int]]:
    """(page index, MCID) of every marked-content reference in the structure tree, in tree order."""
    pages = _page_numbers(pdf)
    return [ref for element in walk(pdf.Root.StructTreeRoot) for ref in _own_content(element, pages)]


def page_texts(path: Path) -> list[PageText]:
    """Per page: the text of each MCID and the text of the artifacts."""
    return [_page_text(page) for page in PdfReader(path).pages]


def dump(path: Path, width: int = 90) -> str:
    """The tag tree of a PDF, one element a line, as a reader walks it."""
    texts = page_texts(path)
    lines = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return "(ingen tags)"
        pages = _page_numbers(pdf)

        def visit(element, depth):
            text = " ".join("".join(texts[page].tagged.get(mcid, "") for page, mcid in _own_content(element, pages)).split())
            title = f" »{element.T}«" if "/T" in element else ""
            line = f"{'  ' * depth}{str(element.get('/S', '?'))[1:]}{title}"
            if text:
                line += f": {text}"
            lines.append(line if len(line) <= width else line[: width - 1] + "…")
            for child in child_elements(element):
                visit(child, depth + 1)

        for top in child_elements(root):
            visit(top, 0)
    return "\n".join(lines)


def _own_content(element: pikepdf.Dictionary, pages: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    found = []
    for kid in kids(element):
        if isinstance(kid, int):
            found.append((pages[element.Pg.objgen], kid))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
            owner = kid.Pg if "/Pg" in kid else element.Pg
            found.append((pages[owner.objgen], int(kid.MCID)))
    return found


def _page_numbers(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    return {page.obj.objgen: index for index, page in enumerate(pdf.pages)}


def _page_text(page) -> PageText:
    stack: list[object] = []
    tagged: dict[int, str] = {}
    artifacts: list[str] = []

    def before(operator, operands, cm, tm):
        if operator in (b"BDC", b"BMC"):
            properties = operands[1] if operator == b"BDC" and len(operands) > 1 else None
            if operands[0] == "/Artifact":
                stack.append("artifact")
            elif isinstance(properties, dict) and "/MCID" in properties:
                stack.append(int(properties["/MCID"]))
            else:
                stack.append(None)
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(value, cm, tm, font, size):
        if not value:
            return
        if "artifact" in stack:
            artifacts.append(value)
            return
        mcid = next((m for m in reversed(stack) if isinstance(m, int)), None)
        if mcid is not None:
            tagged[mcid] = tagged.get(mcid, "") + value
        elif value.strip():
            tagged[OUTSIDE] = tagged.get(OUTSIDE, "") + value

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return PageText(tagged, "".join(artifacts))
