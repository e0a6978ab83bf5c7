"""The loan form: columns B-E are the pool's years (laanepuljer.yaml), and the seed's standing
texts are printed in its own words. Built with LibreOffice and read back (python-docx, pdftotext)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from kkdocs.cli import main

REPO = Path(__file__).resolve().parent.parent
SEED = next((REPO.parent / "shared" / "seeds").glob("002_*.txt"), None) \
    if (REPO.parent / "shared" / "seeds").is_dir() else None
pytestmark = pytest.mark.libreoffice
CASE = "botilbud-sundholm"


def _build(root: Path, edit=lambda text: text, pools=None) -> Path:
    shutil.copytree(REPO / "data", root / "data")
    path = root / "data" / "sager" / f"{CASE}.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    if pools is not None:
        (root / "data" / "reference" / "laanepuljer.yaml").write_text(pools, encoding="utf-8")
    for other in (root / "data" / "sager").glob("*.yaml"):
        if other != path:
            other.unlink()
    shutil.rmtree(root / "data" / "pakker")
    result = CliRunner().invoke(main, ["--workspace", str(root), "build", str(path)])
    assert result.exit_code == 0, result.output
    return root / "build" / CASE


def _header(path: Path) -> list[str]:
    table = next(t for t in docx.Document(str(path)).tables if t.rows[0].cells[0].text.startswith("Projekt"))
    cells, seen = [], set()
    for cell in table.rows[0].cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
    return cells


def test_columns_are_the_pools_years_when_a_case_fills_in_one(tmp_path):
    only_2026 = lambda t: re.sub(r"lån: \{2025: (\d+), 2026: (\d+)\}", r"lån: {2026: \2}",  # noqa: E731
                                 re.sub(r"pladser: \{2025: \d+, 2026: (\d+)\}", r"pladser: {2026: \1}", t))
    out = _build(tmp_path, only_2026)
    header = _header(out / "ansøgning.docx")
    assert header[1].startswith("A ")
    assert [h.split(" ", 1)[0] for h in header[2:]] == list("BCDEFG")
    assert "2025" in header[2] and "lånebeløb" in header[2]
    assert "2026" in header[3] and "lånebeløb" in header[3]
    assert "2025" in header[4] and "pladser" in header[4]
    assert "2026" in header[5] and "pladser" in header[5]


def test_columns_follow_the_reference_data_not_the_template(tmp_path):
    pools = ("puljer:\n  LanBotilbud_2025-26:\n    størrelse: {2027: 600000, 2028: 700000}\n"
             "    ansøgning: {fra: 2024-05-01, til: 2024-05-15}\n")
    shift = lambda t: t.replace("2025:", "2027:").replace("2026:", "2028:")  # noqa: E731
    header = _header(_build(tmp_path, shift, pools) / "ansøgning.docx")
    assert "2027" in header[2] and "2028" in header[3] and "2027" in header[4] and "2028" in header[5]


def _normal(text: str) -> str:
    text = re.sub(r"mailto:\S+", " ", text)
    return " ".join(text.replace("’", "'").replace("”", '"').replace("“", '"').split())


STANDING = (
    "Spørgsmål vedr. indtast.dk kan besvares af August Zillo Vous",
    "Projekter, der er koordineret i regi af KKR mv.",
    "Der gives særligt prioritet til projekter, der er koordineret i regi af KKR",
    "Udvælgelse i tilfælde af, at det ansøgte beløb overstiger lånepuljens størrelse",
    "Der foretages en vurdering af, hvordan ansøger beskriver projektets sammenhæng",
    "Såfremt der ønskes om at indsende ansøgning til mere end fem projekter",
    "Kort indberetningsvejledning:",
    "De indtastede oplysninger gemmes i ministeriets database",
    "Den endelige indtastning/ansøgning godkendes ved at trykke 'Godkend'",
    "Sådan behandler vi personoplysninger",
)


@pytest.mark.skipif(SEED is None, reason="../shared/seeds findes ikke i denne klon")
def test_standing_texts_quote_the_seed(tmp_path):
    out = _build(tmp_path)
    seed = _normal(SEED.read_text(encoding="utf-8"))
    paragraphs = [_normal(p.text) for p in docx.Document(str(out / "ansøgning.docx")).paragraphs]
    for start in STANDING:
        found = [p for p in paragraphs if p.startswith(start)]
        assert len(found) == 1, start
        assert found[0] in seed, found[0]  # the whole paragraph, word for word as in seed 002
    assert any("Jonatan Basby (joba@im.dk / 72 28 24 38)" in p for p in paragraphs)
    pdf = _normal(subprocess.run(["pdftotext", str(out / "ansøgning.pdf"), "-"], capture_output=True, text=True,
                                 check=True).stdout)
    for start in STANDING:
        assert start in pdf, start
    assert re.search(r"Dato: _+ Underskrift: _+", pdf)
