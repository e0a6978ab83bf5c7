"""`kkdocs import` of a form kkdocs wrote: the case comes back whole, from the printed form and the case values
kkdocs keeps inside the .docx (documents/case_values_part), and the printed form wins where it differs.

The cases of data/sager/ are rendered by kkdocs itself and imported back with the CLI; edits are made
with python-docx as a colleague would; expectations come from the case files and the edits.
"""

from __future__ import annotations

import datetime
import math
import re
import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from word_forms import paragraph_with, set_cell, set_text, table_with_row

from kkdocs.batch.validate import check_case
from kkdocs.checks.reference_data import load_reference
from kkdocs.cli import main
from kkdocs.documents.case_values_part import flow_yaml
from kkdocs.documents.render_docx import render_documents
from kkdocs.source.yaml_source import load_yaml, load_yaml_text
from kkdocs.workspace import find_workspace

REPO = Path(__file__).resolve().parent.parent
# One case of each type `kkdocs import` reads (an innovationsforslag has no reader).
CASES = ["mobilhaandtering", "energibesparelser", "botilbud-sundholm", "telekol-fordeling"]


@pytest.fixture
def ws(tmp_path: Path):
    root = tmp_path / "ws"
    shutil.copytree(REPO / "data", root / "data")
    return find_workspace(explicit=root)


def _render(workspace, case_path: Path, outdir: Path) -> list[Path]:
    result = check_case(case_path, workspace, load_reference(workspace))
    assert result.ok, [f.as_text() for f in result.findings]
    parts = render_documents(result, load_reference(workspace), workspace, outdir)
    return [p.path for p in parts if p.path.suffix == ".docx"]


def _import(ws, *args):
    return CliRunner().invoke(main, ["--workspace", str(ws.root), "import", *map(str, args)])


def _plain(value):
    """Case data as the documents print it: a text's last line break is not part of it."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.rstrip("\n") if isinstance(value, str) else value


# What the case loader gives: texts of any characters, whole and decimal numbers, dates and times.
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() |
           st.dates() | st.datetimes())
KEYS = st.text() | st.integers(min_value=-10**6, max_value=10**6)
CASE_LIKE = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
                         max_leaves=30)


@given(st.dictionaries(KEYS, CASE_LIKE, max_size=6))
def test_the_carried_values_read_back_as_they_were_written(data):
    assert load_yaml_text(flow_yaml(data), "kkdocs-sag.xml").data == data


def test_the_carried_values_read_back_with_their_types():
    data = {"frist": datetime.date(2023, 11, 1), "beløb": {2025: -100, 2026: 1e-05, 2027: -0.0},
            "tekst": "Linje 1\nlinje\u2028\x85 #2: ja", "nej": "no", "tal": "1.250", "uendelig": math.inf}
    back = load_yaml_text(flow_yaml(data), "kkdocs-sag.xml").data
    assert back == data
    assert [type(key) for key in back["beløb"]] == [int, int, int] and type(back["frist"]) is datetime.date


@pytest.mark.parametrize("case_id", CASES)
def test_a_form_kkdocs_wrote_comes_back_whole(ws, tmp_path, case_id):
    case = ws.cases / f"{case_id}.yaml"
    built = _render(ws, case, tmp_path / "built")
    result = _import(ws, *built, "-o", tmp_path / "ud")
    assert result.exit_code == 0, result.output
    written = tmp_path / "ud" / f"{case_id}.yaml"  # the case's own id, not one made from its title
    assert written.is_file(), result.output
    assert "med sagens egne værdier" in result.output
    assert "«" not in written.read_text(encoding="utf-8")  # no placeholder for frist, status, a nøgle, …
    assert _plain(load_yaml(written).data) == _plain(load_yaml(case).data)
    case.unlink()  # one loan application per pool: the copy is checked alone
    checked = check_case(written, ws, load_reference(ws))
    assert checked.ok, [f.as_text() for f in checked.findings]


def test_the_proposal_alone_brings_back_what_only_its_bilag_print(ws, tmp_path):
    case = ws.cases / "mobilhaandtering.yaml"
    forslag = next(p for p in _render(ws, case, tmp_path / "built") if p.name == "forslag.docx")
    result = _import(ws, forslag, "-o", tmp_path / "ud")
    assert result.exit_code == 0, result.output
    original, back = load_yaml(case).data, load_yaml(tmp_path / "ud" / "mobilhaandtering.yaml").data
    assert _plain(back) == _plain(original)
    assert back["fordeling"]["nøgle"] == original["fordeling"]["nøgle"]


def test_the_printed_form_wins_where_it_differs_and_says_so(ws, tmp_path):
    case = ws.cases / "mobilhaandtering.yaml"
    original = load_yaml(case).data
    built = _render(ws, case, tmp_path / "built")
    forslag = next(p for p in built if p.name == "forslag.docx")
    document = docx.Document(str(forslag))
    paragraph = paragraph_with(document, "I perioden 2020-2022")
    set_text(paragraph, paragraph.text.replace("omkostningstunge", "dyre"))
    row = next(r for r in original["økonomi"]["varige_ændringer"] if "beløb" in r)
    _, table_row = table_with_row(document, row["tekst"])
    set_cell(table_row.cells[-1], "1.250")  # the last year
    document.save(str(forslag))

    result = _import(ws, *built, "-o", tmp_path / "ud")

    assert result.exit_code == 0, result.output
    assert "anderledes end de gemte værdier; formularens er brugt:" in result.output
    assert re.search(r"\n  beskrivelse: .*omkostningstunge.* → .*dyre", result.output), result.output
    assert re.search(r"\n  økonomi\.varige_ændringer\[\d\]\.beløb\.\d{4}: 1\.000 → 1\.250", result.output), result.output
    # The colleague did not update Tabel A: its Total is one finding per year, not one per udvalg as well.
    assert "Tabel A's Total" in result.output and "Tabel A, række" not in result.output
    back = load_yaml(tmp_path / "ud" / "mobilhaandtering.yaml").data
    assert "for mange og for dyre mobilenheder" in back["beskrivelse"]
    last = original["økonomi"]["år"][1]
    index = original["økonomi"]["varige_ændringer"].index(row)
    assert back["økonomi"]["varige_ændringer"][index]["beløb"][last] == 1250
    for key in ("frist", "status", "fordeling"):  # what the form does not print comes from the values
        assert back[key] == original[key], key


def test_values_changed_outside_kkdocs_are_not_used(ws, tmp_path):
    case = ws.cases / "mobilhaandtering.yaml"
    forslag = next(p for p in _render(ws, case, tmp_path / "built") if p.name == "forslag.docx")
    tampered = tmp_path / "forslag.docx"
    with zipfile.ZipFile(forslag) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "customXml/kkdocs-sag.xml":
                assert b"2023-11-01" in data  # the case's frist
                data = data.replace(b"2023-11-01", b"2031-01-01")
            target.writestr(info, data)

    result = _import(ws, tampered, "-o", tmp_path / "ud")

    assert result.exit_code == 0, result.output
    assert "er ændret uden for kkdocs; de er ikke brugt" in result.output
    text = next((tmp_path / "ud").glob("*.yaml")).read_text(encoding="utf-8")
    assert re.search(r"^frist: «", text, re.M)  # a placeholder, as for a form typed by hand
    assert "2031" not in text


def test_the_values_are_in_every_word_file_and_nowhere_in_the_printed_text(ws, tmp_path):
    case = ws.cases / "mobilhaandtering.yaml"
    for path in _render(ws, case, tmp_path / "built"):
        with zipfile.ZipFile(path) as archive:
            assert "customXml/kkdocs-sag.xml" in archive.namelist(), path.name
            body = archive.read("word/document.xml").decode("utf-8")
        assert "Økonomiudvalget/Koncern IT: 98" not in body
        assert "frist: 2023-11-01" not in body


@pytest.mark.parametrize("values", ["anchors", "too_big"])
def test_values_that_are_not_a_plain_case_are_not_used(ws, tmp_path, values):
    """Values with a valid checksum but YAML kkdocs refuses in a case file (an alias bomb) or larger than a
    case file may be: only the printed form is read."""
    from kkdocs.documents.case_values_part import digest

    case = ws.cases / "mobilhaandtering.yaml"
    forslag = next(p for p in _render(ws, case, tmp_path / "built") if p.name == "forslag.docx")
    if values == "anchors":
        text = "type: investeringsforslag\na: &a [x, x, x]\nb: [*a, *a, *a]\n"
    else:
        text = "type: investeringsforslag\ntekst: " + "x" * 2_000_000 + "\n"
    part = (f'<?xml version="1.0" encoding="UTF-8"?>\n<sag xmlns="urn:kkdocs:sag:1" id="mobilhaandtering" '
            f'sha256="{digest(text)}">{escape(text)}</sag>').encode("utf-8")
    hostile = tmp_path / "forslag.docx"
    with zipfile.ZipFile(forslag) as source, zipfile.ZipFile(hostile, "w") as target:
        for info in source.infolist():
            target.writestr(info, part if info.filename == "customXml/kkdocs-sag.xml" else source.read(info))

    result = _import(ws, hostile, "-o", tmp_path / "ud")

    assert result.exit_code == 0, result.output
    assert "kun den trykte formular er læst" in result.output
    text = next((tmp_path / "ud").glob("*.yaml")).read_text(encoding="utf-8")
    assert re.search(r"^frist: «", text, re.M)
