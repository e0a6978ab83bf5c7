"""Sizes and names: Danish letters, quotes and markup-like text, very long lines, big tables, many rows and
many bilag all build; a file name that is not a case id is a finding in the build too.

tests/test_checks.py::test_bad_file_name_is_a_finding_not_a_crash covers `Sag 1.yaml` in validate.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from .cases import EXAMPLE_CASES, INVESTMENT, with_bilag

KKDOCS = Path(sys.executable).parent / "kkdocs"

ODD_TITLE = 'Ældre "borgere" og \'pårørende\' – {{ ikke jinja }} {% x %} <b>&amp;</b> 100 % Å ø'
LONG_PARAGRAPH = " ".join(f"ord{i}-æøå" for i in range(600))[:5000]
assert len(LONG_PARAGRAPH) == 5000


def yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def distribution_case(rows: int) -> str:
    names = [f'Kommune nr. {i} – Ærø "Øst" {chr(0x41 + i % 26)}' for i in range(rows)]
    keys = "\n".join(f"  {yaml_string(name)}: {1000 + i * 37}" for i, name in enumerate(names))
    return f"""\
type: fordelingsbilag
titel: {yaml_string(ODD_TITLE)}
sag: "Budget 2025: 'særlig' sag"
frist: 2024-03-20
status: udkast
tekst: |
  {LONG_PARAGRAPH}

  - punkt med æøå og "citat"
  - {{{{ stadig tekst }}}} & <ikke markup>
beløb: 525000
enhed: kr.
nøgle_navn: "Indbyggere (antal) – ÆØÅ"
nøgle:
{keys}
"""


def big_investment(bilag_count: int, table_rows: int) -> str:
    bilag = [f"  - titel: {yaml_string(f'Bilag {i}: {ODD_TITLE}')}\n    tekst: {yaml_string(LONG_PARAGRAPH[:300])}\n"
             for i in range(1, bilag_count)]
    quotes = yaml_string('""')
    rows = "\n".join(f"        - [{yaml_string(f'Adresse {i}, 2. tv. – Ørestad')}, {i}, Å{i}, {quotes}]"
                     for i in range(table_rows))
    bilag.insert(0, f"  - titel: Stor tabel\n    tabel:\n      kolonner: [Adresse, Lejere, Kaldenavn, Indsats]\n"
                    f"      rækker:\n{rows}\n")
    text = with_bilag("".join(bilag))
    return text.replace("titel: Nyt fællessystem", f"titel: {yaml_string(ODD_TITLE)}", 1).replace(
        "beskrivelse: Lang.", f"beskrivelse: {yaml_string(LONG_PARAGRAPH)}")


def run_build(workspace, *args: str) -> tuple[int, str]:
    done = subprocess.run([str(KKDOCS), "--workspace", str(workspace.path), "build", *args], capture_output=True,
                          text=True, timeout=300)
    return done.returncode, done.stdout + done.stderr


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml").decode("utf-8")


def test_big_investment_with_30_bilag_and_1000_rows_builds(workspace):
    workspace.write("stor.yaml", big_investment(bilag_count=30, table_rows=1000))
    code, output = run_build(workspace, "--no-pdf")
    assert code == 0, output
    folder = workspace.path / "build" / "stor"
    bilag_files = sorted(folder.glob("bilag-*.docx"))
    assert len(bilag_files) == 30, [p.name for p in bilag_files]
    forslag = docx_text(folder / "forslag.docx")
    assert escape(ODD_TITLE) in forslag or escape(ODD_TITLE).replace('"', "&quot;") in forslag
    assert LONG_PARAGRAPH in forslag  # the 5.000-character paragraph, whole
    table = docx_text(folder / "bilag-1.docx")
    assert table.count("<w:tr") >= 1001 and "Adresse 999, 2. tv. – Ørestad" in table


def test_distribution_with_40_rows_and_odd_names_builds(workspace):
    workspace.write("fordeling.yaml", distribution_case(40))
    code, output = run_build(workspace, "--no-pdf")
    assert code == 0, output
    folder = workspace.path / "build" / "fordeling"
    xml = docx_text(folder / "bilag.docx")
    assert LONG_PARAGRAPH in xml and "{{ stadig tekst }}" in xml and "&lt;ikke markup&gt;" in xml
    assert escape('Kommune nr. 39 – Ærø "Øst" N') in xml or 'Kommune nr. 39 – Ærø &quot;Øst&quot; N' in xml
    sheet = load_workbook(folder / "fordeling.xlsx").worksheets[0]
    names = [c.value for c in sheet["A"] if isinstance(c.value, str) and c.value.startswith("Kommune nr.")]
    assert len(names) == 40


@pytest.mark.libreoffice
def test_odd_names_and_long_text_survive_into_the_pdf(workspace):
    workspace.write("fordeling.yaml", distribution_case(35))
    code, output = run_build(workspace)
    assert code == 0, output
    bundle = PdfReader(workspace.path / "build" / "fordeling" / "fordeling.pdf")
    text = "".join(page.extract_text() for page in bundle.pages).replace("\n", " ")
    assert "Ældre" in text and "pårørende" in text and "{{ ikke jinja }}" in text
    assert "Kommune nr. 34" in text and LONG_PARAGRAPH.split()[-2] in text
    assert bundle.metadata.title == ODD_TITLE


@pytest.mark.parametrize("name", ["Sag 1.yaml", "æble.yaml", "SAG.yaml", "sag_1.yaml", "sag.1.yaml"])
def test_bad_case_file_name_is_a_finding_in_the_build(workspace, name):
    workspace.write(name, (EXAMPLE_CASES / "telekol-fordeling.yaml").read_text(encoding="utf-8"))
    workspace.write("god.yaml", (EXAMPLE_CASES / "telekol-fordeling.yaml").read_text(encoding="utf-8"))
    code, output = run_build(workspace, "--no-pdf")
    assert code == 1, output
    assert "Traceback" not in output and "intern fejl" not in output, output
    assert f"Fejlet: data/sager/{name}" in output, output
    assert f"data/sager/{name}:1:1: fejl FELT-TYPE" in output and "sags-id" in output, output
    assert not (workspace.path / "build" / Path(name).stem).exists()
    assert (workspace.path / "build" / "god" / "bilag.docx").is_file()
    index = (workspace.path / "build" / "index.html").read_text(encoding="utf-8")
    assert "god" in index


def test_base_case_text_is_valid():
    """Guard: the hardening base case is the valid one from tests/test_checks.py."""
    assert "type: investeringsforslag" in INVESTMENT and with_bilag("  - titel: A\n    tekst: B\n").endswith("B\n")
