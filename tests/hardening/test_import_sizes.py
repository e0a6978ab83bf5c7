"""`kkdocs import` of a form whose sizes exceed what a case or a file name can hold: a Danish line
that names the file and the fix, never "intern fejl", and a case file that validate can read.

The form is the hand-made investeringsforslag of tests/word_forms.py, changed in one place.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from kkdocs.source.yaml_source import load_yaml
from word_forms import hand_made_investment_form, paragraph_with, set_cell, set_text

REPO = Path(__file__).resolve().parent.parent.parent
KKDOCS = Path(sys.executable).parent / "kkdocs"
YEARS = (2024, 2025, 2026, 2027, 2028, 2029)
TITLE = "Administrative lettelser i mobilhåndteringen"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(REPO / "data" / "reference", root / "data" / "reference")
    (root / "data" / "sager").mkdir(parents=True)
    return root


def form(path: Path) -> docx.Document:
    stated = {"samlet_varig_ændring": {y: 1000 for y in YEARS},
              "samlede_implementeringsomkostninger": {2024: 3800, 2025: 3600},
              "samlet_økonomisk_påvirkning": {2024: 4800, 2025: 4600, **{y: 1000 for y in YEARS[2:]}}}
    hand_made_investment_form(path, varige=[("Drift af ny ordning", "Service", {y: 1000 for y in YEARS})],
                              implementering=[("Spor 1", "Service", {2024: 3800, 2025: 3600})], stated=stated,
                              payback=("4 år", "4 år"))
    return docx.Document(str(path))


def kkdocs_import(root: Path, *args: str) -> tuple[int, str]:
    done = subprocess.run([str(KKDOCS), "--workspace", str(root), "import", *args], capture_output=True, text=True,
                          timeout=120)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize("digits", [5000, 16])
def test_a_cell_with_more_digits_than_a_number_holds_is_a_gap_that_says_the_limit(root, tmp_path, digits):
    path = tmp_path / "forslag.docx"
    document = form(path)
    table = next(t for t in document.tables if t.rows[0].cells[-1].text == "2029")
    set_cell(table.rows[2].cells[3], "9" * digits)  # Drift af ny ordning, 2025
    document.save(str(path))

    code, checked = kkdocs_import(root, "--check", str(path))
    assert "intern fejl" not in checked and "Exceeds" not in checked and "9" * 100 not in checked, checked[:2000]
    line = next(line for line in checked.splitlines() if "række 3" in line)
    shown = f"{digits:,}".replace(",", ".")
    assert line.startswith("forslag.docx, Tabel 2") and "IMPORT-HUL" in line, line
    assert f"{shown} cifre før kommaet; et tal har højst 15, så ret det i Word" in line, line

    code, output = kkdocs_import(root, str(path), "--frist", "2024-05-01", "--status", "hørt")
    assert "intern fejl" not in output and "9" * 100 not in output, output[:2000]
    case = root / "data" / "sager" / "administrative-lettelser-i-mobilhaandteringen.yaml"
    assert "9" * 100 not in case.read_text(encoding="utf-8")
    beløb = load_yaml(case).data["økonomi"]["varige_ændringer"][0]["beløb"]
    assert 2025 not in beløb and beløb[2026] == 1000


def test_a_title_too_long_for_a_file_name_gives_a_short_case_id(root, tmp_path):
    path = tmp_path / "forslag.docx"
    document = form(path)
    long_title = TITLE + " " + " ".join(["og den fælles ordning for mobiltelefoner"] * 7)
    assert len(long_title) > 300
    set_text(paragraph_with(document, TITLE), long_title)
    document.save(str(path))

    code, output = kkdocs_import(root, str(path), "--frist", "2024-05-01", "--status", "hørt")
    assert "intern fejl" not in output and "for langt" not in output, output[:2000]
    written = list((root / "data" / "sager").glob("*.yaml"))
    assert [p.name for p in written] == ["administrative-lettelser-i-mobilhaandteringen-og-den-faelles.yaml"]
    assert load_yaml(written[0]).data["titel"] == long_title
