"""The fordelingsbilag as seed 002 prints it: bilag number, labels, the total row naming the area,
per-cent shares each correctly rounded with the total as 100, and money that sums exactly.
The shipped telekol-fordeling case is built with LibreOffice; bilag.docx and the PDF are read back."""

from __future__ import annotations

import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from kkdocs.cli import main

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.libreoffice
CASE = "telekol-fordeling"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("ws")
    shutil.copytree(REPO / "data", root / "data")
    case = root / "data" / "sager" / f"{CASE}.yaml"
    data = YAML(typ="safe").load(case.read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["--workspace", str(root), "build", str(case)])
    assert result.exit_code == 0, result.output
    return root / "build" / CASE, data


def _rows(path: Path) -> list[list[str]]:
    table = docx.Document(str(path)).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


def _int(text: str) -> int:
    return int(text.replace(".", ""))


def test_docx_has_the_seeds_labels_and_rounded_shares(built):
    out, data = built
    document = docx.Document(str(out / "bilag.docx"))
    assert document.paragraphs[0].text == f"{data['bilagsnummer']} {data['titel']}"
    rows = _rows(out / "bilag.docx")
    assert rows[0][1:] == ["Indbyggere - antal", "Andel indbyggere pct.", "Andel finansiering kr."]
    total, body = rows[1], rows[2:]
    assert total[0] == f"Indbyggere hele {data['område']}"
    assert total[2] == "100"
    key_total = sum(data["nøgle"].values())
    assert _int(total[1]) == key_total
    assert _int(total[3]) == data["beløb"] == sum(_int(r[3]) for r in body)  # money sums exactly
    for name, weight, share, amount in body:
        exact = Decimal(data["nøgle"][name]) * 100 / key_total
        assert Decimal(share.replace(",", ".")) == exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), name
        assert abs(Decimal(_int(amount)) - Decimal(data["beløb"]) * data["nøgle"][name] / key_total) < 1
    albertslund = next(r for r in body if r[0] == "Albertslund")
    assert albertslund[2] == "1,4"  # 1,447 %: rounded, not apportioned up to 1,5
    assert any("afrundet hver for sig" in p.text for p in document.paragraphs)


def test_pdf_text_shows_the_total_row_and_the_note(built):
    out, data = built
    text = subprocess.run(["pdftotext", "-layout", str(out / f"{CASE}.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    key_total = f"{sum(data['nøgle'].values()):,}".replace(",", ".")
    money = f"{data['beløb']:,}".replace(",", ".")
    assert f"Indbyggere hele {data['område']} {key_total} 100 {money}" in lines
    weight = data["nøgle"]["Albertslund"]
    share = (Decimal(weight) * 100 / sum(data["nøgle"].values())).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    row = next(line for line in lines if line.startswith("Albertslund ")).split()
    assert row[1:3] == [f"{weight:,}".replace(",", "."), str(share).replace(".", ",")]
    assert any(line.startswith(data["bilagsnummer"]) for line in lines)
    assert "afrundet hver for sig" in " ".join(lines)
    # in the seed's order (002:4939-4953): number and title, the labels, the total row first, the rows
    order = [next(i for i, line in enumerate(lines) if line.startswith(data["bilagsnummer"])),
             next(i for i, line in enumerate(lines) if "Indbyggere - antal" in line and "Andel finansiering kr." in line),
             lines.index(f"Indbyggere hele {data['område']} {key_total} 100 {money}"),
             next(i for i, line in enumerate(lines) if line.startswith(next(iter(data["nøgle"])) + " ")),
             next(i for i, line in enumerate(lines) if "afrundet hver for sig" in line)]
    assert order == sorted(order)
