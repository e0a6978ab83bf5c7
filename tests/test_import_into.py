"""`kkdocs import --into`: what the colleague changed in Word reaches the case, and nothing else of the
author's file changes: not the wrapping or numbering of a text, not a fordeling written as a nøgle.

The case is rendered by kkdocs itself, edited with python-docx as a colleague would, and imported
back; every expectation is taken from the case file or from the edit the test made.
"""

from __future__ import annotations

import difflib
import re
import shutil
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kkdocs.batch.validate import check_case
from kkdocs.checks.reference_data import load_reference
from kkdocs.cli import main
from kkdocs.danish_format import format_amount
from kkdocs.documents.render_docx import render_documents
from kkdocs.documents.rich_text import blocks
from kkdocs.source.yaml_source import load_yaml
from kkdocs.form_import import update_case
from kkdocs.word_import.text_merge import reworded_text
from kkdocs.workspace import find_workspace
from word_forms import paragraph_with, set_cell, set_text, table_with_row

REPO = Path(__file__).resolve().parent.parent
CASE = "mobilhaandtering"


@pytest.fixture
def ws(tmp_path: Path):
    root = tmp_path / "ws"
    shutil.copytree(REPO / "data" / "reference", root / "data" / "reference")
    (root / "data" / "sager").mkdir(parents=True)
    shutil.copy(REPO / "data" / "sager" / f"{CASE}.yaml", root / "data" / "sager")
    return find_workspace(explicit=root)


def _render(workspace, case_path: Path, outdir: Path) -> dict[str, Path]:
    result = check_case(case_path, workspace, load_reference(workspace))
    assert result.ok, [f.as_text() for f in result.findings]
    parts = render_documents(result, load_reference(workspace), workspace, outdir)
    return {p.path.name: p.path for p in parts if p.path.suffix == ".docx"}


def _changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0):
        if line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:])
    return removed, added


def _reword(document, start: str, old: str, new: str) -> None:
    paragraph = paragraph_with(document, start)
    assert old in paragraph.text
    set_text(paragraph, paragraph.text.replace(old, new))


def test_one_reworded_sentence_changes_only_its_lines_and_keeps_the_numbering(ws, tmp_path):
    case = ws.cases / f"{CASE}.yaml"
    # The author's own numbered list, starting from 1 as Word prints it; the file says "2." on the second item.
    text = case.read_text(encoding="utf-8")
    text = text.replace("  - Optimerede arbejdsgange", "  1. Optimerede arbejdsgange").replace(
        "  - Standardiseret nærsupport", "  2. Standardiseret nærsupport")
    case.write_text(text, encoding="utf-8")
    original = load_yaml(case).data
    built = _render(ws, case, tmp_path / "built")
    forslag = docx.Document(str(built["forslag.docx"]))
    _reword(forslag, "I perioden 2020-2022", "for mange og for omkostningstunge", "for mange og for dyre")
    _reword(forslag, "Forslaget præsenterer", "effektiviseringer gennem stordrift,",
            "effektiviseringer gennem stordrift og fælles indkøb,")  # kort_resumé, a folded (>) block
    forslag.save(str(built["forslag.docx"]))

    report = update_case([built["forslag.docx"]], case, ws)

    after = case.read_text(encoding="utf-8")
    removed, added = _changed_lines(text, after)
    # Only the lines that hold the changed words change; the other lines of both texts stay as wrapped.
    assert [line for line in removed if "omkostningstunge" not in line and "stordrift," not in line] == []
    assert len(removed) == 2, removed
    assert any("for dyre mobilenheder." in line for line in added)
    assert all(len(line) <= max(len(x) for x in text.splitlines()) for line in added), added
    assert any(line.startswith("  2. Standardiseret nærsupport") for line in after.splitlines())
    assert "kort_resumé: >" in after.splitlines()
    data = load_yaml(case).data
    assert blocks(data["beskrivelse"])[-1].tekst.endswith("for mange og for dyre mobilenheder.")
    assert "stordrift og fælles indkøb," in data["kort_resumé"]
    assert {k: v for k, v in data.items() if k not in ("beskrivelse", "kort_resumé")} == \
        {k: v for k, v in original.items() if k not in ("beskrivelse", "kort_resumé")}
    # The printed change shows the changed words, not the same beginning twice.
    change = next(c for c in report.changes if c.path == "beskrivelse")
    assert "omkostningstunge" in change.old and "dyre" in change.new and "omkostningstunge" not in change.new
    assert change.old != change.new


def test_a_changed_tabel_a_cell_is_a_finding_at_the_key_and_the_key_stays(ws, tmp_path):
    case = ws.cases / f"{CASE}.yaml"
    text = case.read_text(encoding="utf-8").replace("    Socialudvalget: 1032\n",
                                                     "    Socialudvalget: 1032  # antal årsværk i 2023\n")
    case.write_text(text, encoding="utf-8")
    original = load_yaml(case).data
    result = check_case(case, ws, load_reference(ws))
    row = next(r for r in result.figures.tabel_a.rows if r.key == "Socialudvalget")
    year = max(row.amounts)
    built = _render(ws, case, tmp_path / "built")
    bilag = docx.Document(str(built["administrativt-bilag.docx"]))
    table, table_row = table_with_row(bilag, "Socialudvalget")
    years = [cell.text.strip() for cell in table.rows[1].cells]  # below the "1.000 kr." row
    column = next(i for i, label in enumerate(years) if label.startswith(str(year)))
    typed = row.amounts[year] + 35
    set_cell(table_row.cells[column], format_amount(typed))
    bilag.save(str(built["administrativt-bilag.docx"]))

    report = update_case(list(built.values()), case, ws)

    assert case.read_text(encoding="utf-8") == text  # the nøgle, its comment, no tabel_c: nothing changed
    assert report.changes == []
    assert load_yaml(case).data["fordeling"] == original["fordeling"]
    line = text.splitlines().index("    Socialudvalget: 1032  # antal årsværk i 2023") + 1
    finding = next(f for f in report.findings if f.code == "SUM-AFVIGER")
    assert (finding.line, finding.column) == (line, 5)
    assert f"for {year} står som {format_amount(typed)}, men kkdocs beregner {format_amount(row.amounts[year])}" \
        in finding.message
    assert "Socialudvalget" in finding.message
    assert any("nøgle" in notice for notice in report.notices)


def test_no_finding_is_printed_at_line_0(ws, tmp_path):
    """A stated figure without a field of its own (Tabel A's Total) is placed at the field it concerns."""
    case = ws.cases / f"{CASE}.yaml"
    built = _render(ws, case, tmp_path / "built")
    bilag = docx.Document(str(built["administrativt-bilag.docx"]))
    _, total = table_with_row(bilag, "Total")
    set_cell(total.cells[-1], "-3.000")
    bilag.save(str(built["administrativt-bilag.docx"]))
    result = CliRunner().invoke(main, ["--workspace", str(ws.root), "import", str(built["administrativt-bilag.docx"]),
                                       str(built["forslag.docx"]), "--into", str(case)])
    assert result.exit_code == 0, result.output
    assert "Tabel A's Total" in result.output
    assert not re.search(r":0:0:", result.output), result.output
    fordeling = case.read_text(encoding="utf-8").splitlines().index("fordeling:") + 1
    assert f"{CASE}.yaml:{fordeling}:1: fejl SUM-AFVIGER" in result.output


def test_a_plain_text_wrapped_over_lines_keeps_its_lines_when_another_field_changes(ws, tmp_path):
    case = ws.cases / f"{CASE}.yaml"
    text = case.read_text(encoding="utf-8").replace("kort_resumé: >\n  Forslaget", "kort_resumé: Forslaget")
    text = text.replace("    tidspunkt: 2Q 2025\n", "    tidspunkt: '2. kvartal\n      2025'\n")  # quoted, wrapped
    case.write_text(text, encoding="utf-8")
    built = _render(ws, case, tmp_path / "built")
    forslag = docx.Document(str(built["forslag.docx"]))
    _reword(forslag, "I perioden 2020-2022", "for omkostningstunge", "for dyre")
    forslag.save(str(built["forslag.docx"]))

    report = update_case([built["forslag.docx"]], case, ws)

    assert [c.path for c in report.changes] == ["beskrivelse"]
    removed, added = _changed_lines(text, case.read_text(encoding="utf-8"))
    assert len(removed) == 1 and "omkostningstunge" in removed[0], (removed, added)


# --- the text merge itself ---------------------------------------------------------------------------

WORDS = st.sampled_from(["forslaget", "centraliserer", "håndteringen", "af", "mobiltelefoner", "i", "KIT.",
                         "(KIT)", "2.300", "-449", "og", "tablets"])


@st.composite
def wrapped_texts(draw) -> str:
    """A free text as an author writes it: paragraphs and lists, wrapped at their own places."""
    lines: list[str] = []
    for kind in draw(st.lists(st.sampled_from(["afsnit", "punkt", "nummer", "fed"]), min_size=1, max_size=5)):
        words = draw(st.lists(WORDS, min_size=1, max_size=14))
        if kind == "fed":
            block = [f"**{' '.join(words)}**"]
        else:
            cut = draw(st.integers(min_value=1, max_value=len(words)))
            marker = {"afsnit": "", "punkt": "- ", "nummer": f"{draw(st.integers(1, 9))}. "}[kind]
            block = [marker + " ".join(words[:cut])] + ([" " * len(marker) + " ".join(words[cut:])] if words[cut:] else [])
        if lines and not (kind in ("punkt", "nummer") and draw(st.booleans())):
            lines.append("")
        lines.extend(block)
    return "\n".join(lines) + "\n"


def _as_the_form_gives_it(text: str) -> str:
    return "\n\n".join(f"**{b.tekst}**" if b.fed else ("- " if b.punkt else "1. " if b.nummereret else "") + b.tekst
                       for b in blocks(text))


@settings(max_examples=300, deadline=None)
@given(wrapped_texts())
def test_a_text_the_form_gives_back_unchanged_is_the_authors_own(text):
    assert reworded_text(text, _as_the_form_gives_it(text)) == text


@settings(max_examples=300, deadline=None)
@given(wrapped_texts(), st.data())
def test_a_reworded_text_says_what_the_form_says_and_keeps_the_other_lines(text, data):
    paragraphs = blocks(text)
    index = data.draw(st.integers(0, len(paragraphs) - 1))
    changed = list(paragraphs)
    changed[index] = replace(changed[index], tekst=changed[index].tekst + " ændret")
    new = "\n\n".join(f"**{b.tekst}**" if b.fed else ("- " if b.punkt else "1. " if b.nummereret else "") + b.tekst
                      for b in changed)
    result = reworded_text(text, new)
    assert result is not None and blocks(result) == changed
    if len(set(paragraphs)) == len(paragraphs):  # with two equal paragraphs either may be the changed one
        removed, _ = _changed_lines(text, result)
        assert len(removed) <= 1, (text, result)
