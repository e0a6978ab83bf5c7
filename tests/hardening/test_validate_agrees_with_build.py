"""What validate passes, build builds: the inputs that once passed validate and then broke the build.

Each is either a fejl at its line in `kkdocs validate`, with its limit and the fix, and then the
same fejl in `kkdocs build`; or built correctly, and then read back from the real files. One
workspace holds them all and is built once, with real LibreOffice.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .cases import INVESTMENT, REPO

KKDOCS = Path(sys.executable).parent / "kkdocs"
LONG_TITLE = " ".join(f"titelord{i}" for i in range(40)) + " slutordet"  # 439 characters
LONG_SAG = "Budget 2025 " + "x" * 300
LONG_ID = "a" * 230
ENGLISH = re.compile(r"Traceback|Error|exceeded|char limit|has no value|too long|intern fejl|rows sum")

CASES = {
    "lang-titel": INVESTMENT.replace("titel: Nyt fællessystem", f"titel: {LONG_TITLE}")
                            .replace("sag: Budget 2025", f"sag: {LONG_SAG}"),
    "lighedstegn": INVESTMENT.replace("tekst: Bortfaldne opgaver", "tekst: '=Bortfaldne opgaver'")
                             .replace("tekst: Projektledelse", "tekst: '=1+2'"),
    "stort-beloeb": INVESTMENT.replace("beløb: {2024: 1000, 2025: 500}", "beløb: {2024: " + "9" * 4000 + ", 2025: 500}"),
    "fyrre-cifre": INVESTMENT.replace("beløb: {2024: 1000, 2025: 500}", "beløb: {2024: " + "1" * 40 + ", 2025: 500}"),
    "vaegt-e308": INVESTMENT.replace("Socialudvalget: 2", "Socialudvalget: 1e308"),
    "vaegt-4000": INVESTMENT.replace("Socialudvalget: 2", "Socialudvalget: " + "7" * 4000),
    LONG_ID: INVESTMENT,
}
REFUSED = {  # case id -> (line, column, code, words the message must hold)
    "stort-beloeb": (23, 21, "FELT-TYPE", "har 4.000 cifre før kommaet; kkdocs tager højst 15"),
    "fyrre-cifre": (23, 21, "FELT-TYPE", "har 40 cifre før kommaet; kkdocs tager højst 15"),
    "vaegt-e308": (30, 21, "FELT-TYPE", "har 309 cifre før kommaet; kkdocs tager højst 15"),
    "vaegt-4000": (30, 21, "FELT-TYPE", "har 4.000 cifre før kommaet; kkdocs tager højst 15"),
    LONG_ID: (1, 1, "ID-LANGT", "har 230 tegn; det må højst have 200"),
}


def kkdocs(root: Path, *args: str) -> tuple[int, str]:
    done = subprocess.run([str(KKDOCS), "--workspace", str(root), *args], capture_output=True, text=True, timeout=600)
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str, str]:
    root = tmp_path_factory.mktemp("enige") / "ws"
    (root / "data" / "sager").mkdir(parents=True)
    shutil.copytree(REPO / "data" / "reference", root / "data" / "reference")
    for name, text in CASES.items():
        assert text != INVESTMENT or name == LONG_ID, name  # each replacement found its text
        (root / "data" / "sager" / f"{name}.yaml").write_text(text, encoding="utf-8")
    _, validated = kkdocs(root, "validate")
    _, output = kkdocs(root, "build")
    return root, validated, output


def findings(output: str, case: str) -> list[tuple[int, int, str, str, str]]:
    pattern = rf"^\s*data/sager/{re.escape(case)}\.yaml:(\d+):(\d+): (fejl|advarsel) ([A-ZÆØÅ-]+): (.*)$"
    return [(int(line), int(column), level, code, message)
            for line, column, level, code, message in re.findall(pattern, output, re.MULTILINE)]


def test_no_english_and_no_internal_message(built):
    _, validated, output = built
    assert not ENGLISH.search(validated), validated[:3000]
    assert not ENGLISH.search(output), output[:3000]


@pytest.mark.parametrize("case", REFUSED, ids=lambda case: case[:20])
def test_a_number_or_id_beyond_its_limit_is_one_fejl_in_validate_and_in_build(built, case):
    root, validated, output = built
    line, column, code, words = REFUSED[case]
    for said in (validated, output):
        found = findings(said, case)
        assert [(f[0], f[1], f[2], f[3]) for f in found] == [(line, column, "fejl", code)], said[:3000]
        assert words in found[0][4] and len(found[0][4]) < 400, found[0][4]
    assert f"Fejlet: data/sager/{case}.yaml" in output
    assert not (root / "build" / case).exists()


@pytest.mark.libreoffice
def test_a_long_titel_and_sag_build_whole_and_only_the_property_is_cut(built):
    root, validated, output = built
    for said in (validated, output):
        assert [(f[0], f[2], f[3]) for f in findings(said, "lang-titel")] == \
            [(2, "advarsel", "DOK-EGENSKAB"), (3, "advarsel", "DOK-EGENSKAB")], said[:3000]
    assert "titel har 439 tegn" in validated and "højst 255 tegn" in validated
    folder = root / "build" / "lang-titel"
    with zipfile.ZipFile(folder / "forslag.docx") as docx:
        core = docx.read("docProps/core.xml").decode("utf-8")
        document = docx.read("word/document.xml").decode("utf-8")
    title = re.search(r"<dc:title>(.*?)</dc:title>", core).group(1)
    assert len(title) == 255 and title.endswith("…") and LONG_TITLE.startswith(title[:-1])
    assert "slutordet" in document
    workbook = load_workbook(folder / "økonomi.xlsx")
    assert len(workbook.properties.title) == 255 and len(workbook.properties.subject) == 255
    pdf = subprocess.run(["pdftotext", str(folder / "lang-titel.pdf"), "-"], capture_output=True, text=True).stdout
    assert "slutordet" in pdf


@pytest.mark.libreoffice
def test_a_text_beginning_with_equals_is_text_in_the_workbook_and_the_pdf(built):
    root, _, output = built
    folder = root / "build" / "lighedstegn"
    assert (folder / "lighedstegn.pdf").is_file(), output[:3000]
    sheet = load_workbook(folder / "økonomi.xlsx").worksheets[0]
    texts = {cell.value: cell.data_type for row in sheet.iter_rows() for cell in row
             if cell.value in ("=Bortfaldne opgaver", "=1+2")}
    assert texts == {"=Bortfaldne opgaver": "s", "=1+2": "s"}
    pdf = subprocess.run(["pdftotext", str(folder / "lighedstegn.pdf"), "-"], capture_output=True, text=True).stdout
    assert "=Bortfaldne opgaver" in pdf and "=1+2" in pdf
