"""Tabel C with a distribution of its own (fordeling.tabel_c): checked, calculated, printed.

A copy of the shipped mobilhaandtering case gives Tabel C its own key and gross total; the
rules, the figures, and the administrativt bilag (python-docx) and bundle (pdftotext) built
with LibreOffice are read back.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from kkdocs.batch.validate import validate
from kkdocs.cli import main
from kkdocs.workspace import find_workspace

REPO = Path(__file__).resolve().parent.parent
GROSS = {2025: -2400, 2026: -4800, 2027: -4800, 2028: -4800, 2029: -4800}
WEIGHTS = {"Økonomiudvalget/Koncern IT": 1, "Socialudvalget": 3}


def _tabel_c_yaml(body: str) -> str:
    return "  tabel_c:\n" + "".join(f"    {line}\n" for line in body.strip("\n").splitlines())


KEYED = _tabel_c_yaml(
    "total: {" + ", ".join(f"{y}: {a}" for y, a in GROSS.items()) + "}\n"
    "nøgle:\n" + "".join(f"  {k}: {w}\n" for k, w in WEIGHTS.items()))


def _workspace(root: Path, tabel_c: str, case: str = "mobilhaandtering") -> Path:
    shutil.copytree(REPO / "data", root / "data")
    path = root / "data" / "sager" / f"{case}.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "\nopfølgning:" if case == "mobilhaandtering" else "\nimplementering_og_opfølgning:"
    head, tail = text.split(anchor, 1)
    path.write_text(head.rstrip("\n") + "\n" + tabel_c + anchor + tail, encoding="utf-8")
    return path


def _validated(path: Path):
    workspace = find_workspace(explicit=path.parent.parent.parent)
    result = validate([path], workspace)
    return result.cases[0]


def test_tabel_c_by_its_own_key_distributes_its_total(tmp_path):
    case = _validated(_workspace(tmp_path, KEYED))
    assert case.ok, [f.message for f in case.findings]
    figures = case.figures
    assert figures.tabel_c.total == GROSS
    rows = {r.key: r.amounts for r in figures.tabel_c.rows}
    whole = sum(WEIGHTS.values())
    for key, weight in WEIGHTS.items():
        assert rows[key] == {y: a * weight // whole for y, a in GROSS.items()}
    assert all(not amounts for key, amounts in rows.items() if key not in WEIGHTS)
    assert figures.tabel_a.total == figures.samlet_varig_ændring != GROSS  # Tabel A is untouched
    # in udmøntning p/l Tabel C is converted on its own and still sums exactly
    converted = figures.tabel_c_udmøntning
    for year, total in converted.total.items():
        assert sum(r.amounts.get(year, 0) for r in converted.rows) == total


def test_tabel_c_without_its_own_distribution_is_tabel_a(tmp_path):
    case = _validated(_workspace(tmp_path, ""))
    assert case.figures.tabel_c == case.figures.tabel_a


def test_tabel_c_amounts_that_miss_the_total_are_sum_afviger(tmp_path):
    path = _workspace(tmp_path, _tabel_c_yaml(
        "total: {2025: -100, 2026: -200}\n"
        "beløb:\n  Socialudvalget: {2025: -60, 2026: -150}\n  Økonomiudvalget: {2025: -40}\n"))
    case = _validated(path)
    found = [f for f in case.findings if f.code == "SUM-AFVIGER"]
    assert len(found) == 1, [f.message for f in case.findings]
    line = path.read_text(encoding="utf-8").splitlines().index("    beløb:") + 1
    assert found[0].line == line
    assert "2026" in found[0].message and "fordeling.tabel_c" in found[0].message
    assert "-150" in found[0].message and "-200" in found[0].message and "forskel 50" in found[0].message


def test_tabel_c_amounts_without_total_must_give_the_net_change(tmp_path):
    path = _workspace(tmp_path, _tabel_c_yaml("beløb:\n  Socialudvalget: {2025: -1}\n"))
    case = _validated(path)
    codes = [f.code for f in case.findings if f.level.name == "FEJL"]
    assert "SUM-AFVIGER" in codes


def test_tabel_c_unknown_udvalg_and_effektiviseringsforslag(tmp_path):
    path = _workspace(tmp_path / "a", _tabel_c_yaml("nøgle: {Socialudvalgett: 1}\n"))
    case = _validated(path)
    messages = [f.message for f in case.findings if f.code == "FELT-TYPE"]
    assert any("Socialudvalgett" in m and "Socialudvalget" in m for m in messages), messages
    path = _workspace(tmp_path / "b", _tabel_c_yaml("nøgle: {Socialudvalget: 1}\n"), case="energibesparelser")
    case = _validated(path)
    assert any(f.code == "FELT-UKENDT" and "tabel_c" in f.message for f in case.findings), \
        [f.message for f in case.findings]


def _table_after(path: Path, title: str) -> list[list[str]]:
    document = docx.Document(str(path))
    found = False
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table) and found:
            rows = []
            for row in block.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(cell.text)
                rows.append(cells)
            return rows
        if not isinstance(block, docx.table.Table) and block.text.startswith(title):
            found = True
    raise AssertionError(f"{title} findes ikke i {path.name}")


def _number(text: str) -> int:
    return int(text.replace(".", ""))


@pytest.mark.libreoffice
def test_tabel_c_differs_from_tabel_a_in_docx_and_pdf(tmp_path):
    path = _workspace(tmp_path, KEYED)
    result = CliRunner().invoke(main, ["--workspace", str(tmp_path), "build", str(path)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "build" / "mobilhaandtering"
    bilag = out / "administrativt-bilag.docx"
    tabel_a = _table_after(bilag, "Tabel A. Måltalseffekt")
    tabel_c = _table_after(bilag, "Tabel C. Bevillingsmæssig effekt")
    assert tabel_a != tabel_c
    years = [int(y) for y in tabel_c[1][-6:]]
    total_row = next(r for r in tabel_c if r[0] == "Total")
    assert {y: _number(c) for y, c in zip(years, total_row[-6:]) if c} == GROSS
    social = next(r for r in tabel_c if r[0] == "Socialudvalget")
    assert {y: _number(c) for y, c in zip(years, social[-6:]) if c} == {y: a * 3 // 4 for y, a in GROSS.items()}
    assert next(r for r in tabel_c if r[0] == "Kultur- og Fritidsudvalget")[-6:] == [""] * 6

    text = subprocess.run(["pdftotext", "-layout", str(out / "mobilhaandtering.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("Tabel C. Bevillingsmæssig effekt")
                 and "udmøntning" not in line)
    total_line = next(line for line in lines[start:] if line.startswith("Total"))
    assert total_line == "Total " + " ".join(f"{a:,}".replace(",", ".") for a in GROSS.values())
