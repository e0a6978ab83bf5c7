"""Free text in real documents: wrapped lines reflow, lists are Word lists, lead-ins are bold.

A copy of the shipped energibesparelser case gets a description with every kind of block
(CASE-FORMAT section 2), is built with LibreOffice, and forslag.docx (python-docx), the
bundle's text (pdftotext) and its tags are read back.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from kkdocs.cli import main
from kkdocs.pdf.tag_tree import dump

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.libreoffice

DESCRIPTION = """beskrivelse: |
  Denne indledning er skrevet i en editor, der
  ombryder linjerne, og den skal stå som ét
  sammenhængende afsnit.

  **Forslagets tre spor**

  1. Det første spor handler om
     bygningerne.
  2. Det andet spor handler om driften.
  3. Det tredje spor handler om
     opfølgningen.

  Mellem listerne står et afsnit.

  1. Ny liste, første punkt.
  2. Ny liste, andet punkt.

  - Et punkt med
    en ombrudt linje.
  - Et andet punkt.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ws")
    shutil.copytree(REPO / "data", root / "data")
    case = root / "data" / "sager" / "energibesparelser.yaml"
    text = case.read_text(encoding="utf-8")
    start = text.index("beskrivelse: |\n")
    end = re.compile(r"^\S", re.M).search(text, start + 1).start()
    case.write_text(text[:start] + DESCRIPTION + text[end:], encoding="utf-8")
    result = CliRunner().invoke(main, ["--workspace", str(root), "build", str(case)])
    assert result.exit_code == 0, result.output
    return root / "build" / "energibesparelser"


def _body_paragraphs(path: Path):
    return docx.Document(str(path)).paragraphs


def _numbering(paragraph) -> str | None:
    num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    return num_pr.numId.val if num_pr is not None and num_pr.numId is not None else None


def test_docx_blocks_are_paragraphs_lists_and_a_lead_in(built: Path):
    paragraphs = _body_paragraphs(built / "forslag.docx")
    texts = [p.text for p in paragraphs]
    intro = "Denne indledning er skrevet i en editor, der ombryder linjerne, og den skal stå som ét sammenhængende afsnit."
    assert intro in texts
    assert not any(p._p.findall(f".//{qn('w:br')}") for p in paragraphs if p.text.startswith("Denne indledning"))

    lead = paragraphs[texts.index("Forslagets tre spor")]
    assert all(run.bold for run in lead.runs if run.text)

    first = [paragraphs[texts.index(t)] for t in ("Det første spor handler om bygningerne.",
                                                   "Det andet spor handler om driften.",
                                                   "Det tredje spor handler om opfølgningen.")]
    second = [paragraphs[texts.index(t)] for t in ("Ny liste, første punkt.", "Ny liste, andet punkt.")]
    assert {p.style.name for p in first + second} == {"List Number"}
    # each list is a numbering instance of its own that starts at 1
    assert len({_numbering(p) for p in first}) == 1 and len({_numbering(p) for p in second}) == 1
    assert _numbering(first[0]) != _numbering(second[0])
    numbering = docx.Document(str(built / "forslag.docx")).part.numbering_part.element
    for p in (first[0], second[0]):
        num = numbering.num_having_numId(int(_numbering(p)))
        starts = num.findall(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        assert [s.get(qn("w:val")) for s in starts] == ["1"]

    bullets = [paragraphs[texts.index(t)] for t in ("Et punkt med en ombrudt linje.", "Et andet punkt.")]
    assert {p.style.name for p in bullets} == {"List Bullet"}


def test_pdf_text_reflows_and_numbers_each_list_from_one(built: Path):
    text = subprocess.run(["pdftotext", "-layout", str(built / "energibesparelser.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Denne indledning er skrevet i en editor, der ombryder linjerne, og den skal stå som ét " \
           "sammenhængende afsnit." in lines
    start = lines.index("Forslagets tre spor")
    assert lines[start + 1:start + 8] == [
        "1. Det første spor handler om bygningerne.",
        "2. Det andet spor handler om driften.",
        "3. Det tredje spor handler om opfølgningen.",
        "Mellem listerne står et afsnit.",
        "1. Ny liste, første punkt.",
        "2. Ny liste, andet punkt.",
        "• Et punkt med en ombrudt linje.",
    ]


def test_pdf_tags_lists_as_lists(built: Path):
    tree = dump(built / "forslag.pdf", width=200)
    items = [line.strip() for line in tree.splitlines()]
    assert any(line.startswith("List Number") and "Det første spor" in line for line in items), tree
    assert items.count("L") >= 3, tree  # two numbered lists and one bullet list
