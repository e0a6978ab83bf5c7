"""PDFs for tests, and reading them back: pages drawn with reportlab, text through pdftotext, the outline."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from kkdocs.assembly.bundle import register_fonts
from kkdocs.pdf.pdf_tags import walk

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) mangler")


def make_pdf(path: Path, label: str, pages: int = 1, pagesize=A4) -> Path:
    """A PDF whose pages read '<label> side N', drawn with content down to 2 cm above the edge."""
    regular, _ = register_fonts()
    canvas = Canvas(str(path), pagesize=pagesize, invariant=1)
    width, height = pagesize
    for number in range(1, pages + 1):
        canvas.setFont(regular, 14)
        canvas.drawString(72, height - 72, f"{label} side {number}")
        canvas.rect(57, 57, width - 114, height - 114)
        canvas.showPage()
    canvas.save()
    return path


def pdf_text(path: Path, page: int, *extra: str) -> str:
    result = subprocess.run(
        ["pdftotext", *extra, "-f", str(page), "-l", str(page), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def outline_tree(reader: PdfReader, items=None) -> list:
    """[(title, page number 1-based, [children…]), …]"""
    items = reader.outline if items is None else items
    tree: list = []
    for item in items:
        if isinstance(item, list):
            title, page, _ = tree[-1]
            tree[-1] = (title, page, outline_tree(reader, item))
        else:
            tree.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return tree


def tag_attributes(pdf: pikepdf.Pdf) -> list[list[bytes]]:
    """Each structure element's attribute dictionaries, written out, in document order."""
    found = []
    for element in walk(pdf.Root.StructTreeRoot):
        owners = element.get("/A")
        owners = list(owners) if isinstance(owners, pikepdf.Array) else [owners] if owners is not None else []
        found.append([owner.unparse(resolved=True) for owner in owners])
    return found
