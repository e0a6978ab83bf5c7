"""Templates run within bounds: what one operation makes is capped, and one document has a time and memory bound.

The hostile templates are the workspace's own copies of the shipped ones with one paragraph (Word)
or one cell (Excel) added. The caps are checked through the real command (`kkdocs build --no-pdf`);
the time and memory bounds through `build()` in worker processes and in the build's own process,
with the bound set low so that the test is quick (the bound is read when a render starts).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kkdocs.batch.build import BuildOptions, build
from kkdocs.documents import template_bounds
from kkdocs.workspace import Workspace

from .test_templates_sandbox import assert_only_fordeling_failed, build as build_command, insert_paragraph

REPO = Path(__file__).resolve().parents[2]
KKDOCS = Path(sys.executable).parent / "kkdocs"
ENGLISH = ("Range too big", "no loader", "Error", "division by zero", "unsupported operand", "object")


@pytest.fixture
def own_templates(workspace):
    """The workspace with its own copy of templates/, a fordelingsbilag case and a loan case."""
    shutil.copytree(REPO / "templates", workspace.path / "templates")
    workspace.write("fordeling.yaml", (REPO / "data/sager/telekol-fordeling.yaml").read_text(encoding="utf-8"))
    workspace.write("laan.yaml", (REPO / "data/sager/botilbud-sundholm.yaml").read_text(encoding="utf-8"))
    return workspace


CAPPED = [
    ("{{ 10**(10**9) }}", "1.000 cifre"),
    ("{{ 7 ** 100000 }}", "1.000 cifre"),
    ("{{ lipsum(n=10**6) }}", "lipsum"),
    ("{{ '%01000000000d' % 1 }}", "højst 1.000"),
    ("{{ '%0*d' % (10**9, 1) }}", "bredden fra værdierne"),
    ("{{ '{:>1000000000}'.format(titel) }}", "højst 1.000"),
    ("{{ '{}'.format(titel).ljust(10**9) }}", "1.000.000 tegn"),
    ("{{ titel * 100000000 }}", "1.000.000 tegn"),
    ("{{ titel|center(10**9) }}", "1.000.000 tegn"),
    ("{{ titel|replace('', titel * 10000) }}", "1.000.000 tegn"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", "range(100000)"),
    ("{% include 'forslag.docx' %}", "kan ikke hente andre filer"),
    ("{{ 1 / 0 }}", "deler med nul"),
    ("{{ titel + 1 }}", "tekst og tal"),
    ("{{ [1, 2]|map('nosuch')|list }}", "filteret 'nosuch' findes ikke"),
    ("{{ [1, 2]|select('nosuchtest')|list }}", "testen 'nosuchtest' findes ikke"),
    ("{{ titel|truncate(-1) }}", "et argument, det ikke kan bruge"),
    ("{{ {'a': 1}|dictsort(by='x') }}", "et argument, det ikke kan bruge"),
    ("{{ '%s'|format(1, a=2) }}", "et argument, det ikke kan bruge"),
]


@pytest.mark.parametrize("payload, bound", CAPPED, ids=[bound for _, bound in CAPPED])
def test_what_one_operation_makes_is_capped_in_a_word_template(own_templates, payload, bound):
    insert_paragraph(own_templates.path / "templates" / "fordelingsbilag" / "bilag.docx", payload)
    started = time.monotonic()
    code, output = build_command(own_templates)
    assert time.monotonic() - started < 60, "the cap came too late"
    line = assert_only_fordeling_failed(own_templates, code, output)
    assert "Skabelonen bilag.docx" in line and bound in line, line
    assert not any(english in line for english in ENGLISH), line


def put_in_cell(xlsx: Path, text: str) -> None:
    """Write `text` into an empty cell below the first sheet's content, as a user typing in Excel would."""
    workbook = load_workbook(xlsx)
    sheet = workbook.worksheets[0]
    sheet.cell(row=sheet.max_row + 3, column=1).value = text
    workbook.save(xlsx)


@pytest.mark.parametrize("payload, bound", [("{{ 10**(10**9) }}", "1.000 cifre"),
                                            ("{% for i in range(100000) %}x{% endfor %}", "range(100000)"),
                                            ("{{ 1 / 0 }}", "deler med nul")])
def test_what_one_operation_makes_is_capped_in_an_excel_template(own_templates, payload, bound):
    put_in_cell(own_templates.path / "templates" / "fordelingsbilag" / "fordeling.xlsx", payload)
    code, output = build_command(own_templates)
    line = assert_only_fordeling_failed(own_templates, code, output)
    assert "fordeling.xlsx" in line and bound in line, line
    assert not any(english in line for english in ENGLISH), line


LOOPS = "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
HOARD = "{% set kept = [] %}{% for i in range(10000) %}{% set _ = kept.append('x' * 900000) %}{% endfor %}"


def built_in_process(workspace, jobs: int):
    report = build([], Workspace(workspace.path), BuildOptions(jobs=jobs, pdf=False))
    return {outcome.id: outcome for outcome in report.outcomes}


@pytest.mark.parametrize("jobs", [1, 2])  # the build's own process, or its worker processes
def test_a_render_that_runs_too_long_is_stopped_and_the_others_build(own_templates, monkeypatch, jobs):
    monkeypatch.setattr(template_bounds, "RENDER_SECONDS", 2.0)
    insert_paragraph(own_templates.path / "templates" / "fordelingsbilag" / "bilag.docx", LOOPS)
    started = time.process_time(), time.monotonic()
    outcomes = built_in_process(own_templates, jobs)
    assert time.monotonic() - started[1] < 60
    assert outcomes["fordeling"].status == "fejlet", outcomes["fordeling"]
    error = outcomes["fordeling"].error
    assert "Skabelonen bilag.docx blev stoppet" in error and "2 sekunders regnetid" in error, error
    assert outcomes["laan"].status != "fejlet", outcomes["laan"]
    assert (own_templates.path / "build" / "laan" / "ansøgning.docx").is_file()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_render_that_takes_too_much_memory_is_stopped_and_the_others_build(own_templates, monkeypatch, jobs):
    monkeypatch.setattr(template_bounds, "RENDER_MEMORY", 150_000_000)
    put_in_cell(own_templates.path / "templates" / "fordelingsbilag" / "fordeling.xlsx", HOARD)
    outcomes = built_in_process(own_templates, jobs)
    error = outcomes["fordeling"].error
    assert outcomes["fordeling"].status == "fejlet" and "Skabelonen fordeling.xlsx blev stoppet" in error, error
    assert "150 MB hukommelse" in error, error
    assert outcomes["laan"].status != "fejlet", outcomes["laan"]


JINJA_ENGLISH = ("unexpected", "xpected", "Encountered", "No filter", "No test", "looking for", "tag name", "token")
BROKEN = ["{% if titel %}x", "{{ titel", "{% endif %}", "{% for x in %}{% endfor %}", "{{ titel | nofilter }}",
          "{{ titel is nosuch }}", "{{ titel sag }}", '{{ "titel }}', "{{ titel) }}", "{% if titel %}{% endfor %}"]


@pytest.mark.parametrize("payload", BROKEN)
def test_a_tag_jinja_cannot_read_is_told_in_danish(own_templates, payload):
    """Build and templates check both say in Danish what is wrong with the tag; none of Jinja's English."""
    insert_paragraph(own_templates.path / "templates" / "fordelingsbilag" / "bilag.docx", payload)
    code, output = build_command(own_templates)
    line = assert_only_fordeling_failed(own_templates, code, output)
    assert "Skabelonen bilag.docx" in line and not any(english in line for english in JINJA_ENGLISH), line
    done = subprocess.run([str(KKDOCS), "--workspace", str(own_templates.path), "templates", "check"],
                          capture_output=True, text=True, timeout=120)
    problems = [l for l in done.stdout.splitlines() if l.startswith("fordelingsbilag/bilag.docx:")]
    assert done.returncode == 1 and problems, done.stdout
    assert not any(english in l for l in problems for english in JINJA_ENGLISH), problems
