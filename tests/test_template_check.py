"""`templates check`: the shipped templates are sound; typos and bad tags are found."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx

from kkdocs.context import ProposalContext
from kkdocs.template_check import check_template, check_templates

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "templates"
    shutil.copytree(TEMPLATES, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _add_paragraph(path: Path, text: str) -> None:
    document = docx.Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))


def test_shipped_templates_are_sound():
    assert check_templates(TEMPLATES) == []


def test_typo_in_attribute_chain_is_found(tmp_path):
    templates = _copy(tmp_path)
    _add_paragraph(templates / "investeringsforslag" / "forslag.docx", "{{ tabel.samlet_varigg }}")
    problems = check_templates(templates)
    assert len(problems) == 1
    assert "investeringsforslag/forslag.docx" in problems[0]
    assert "samlet_varigg" in problems[0] and "mente du 'samlet_varig'" in problems[0]


def test_loop_variables_are_typed(tmp_path):
    template = _copy(tmp_path) / "investeringsforslag" / "forslag.docx"
    _add_paragraph(template, "{% for r in tabel.varige %}{{ r.tekst }}{{ r.celler }}{{ loop.index }}{% endfor %}")
    problems = check_template(template, ProposalContext)
    assert len(problems) == 1 and "'r.celler'" in problems[0] and "TableRow" in problems[0]


def test_unknown_top_level_name_and_bad_syntax(tmp_path):
    templates = _copy(tmp_path)
    _add_paragraph(templates / "fordelingsbilag" / "bilag.docx", "{{ titl }}")
    _add_paragraph(templates / "laaneansoegning" / "ansøgning.docx", "{% if udkast %}")
    problems = check_templates(templates)
    assert any("fordelingsbilag/bilag.docx" in p and "'titl'" in p and "mente du 'titel'" in p for p in problems)
    assert any("laaneansoegning/ansøgning.docx" in p and "ugyldigt Jinja-mærke" in p for p in problems)


def test_header_is_checked(tmp_path):
    template = _copy(tmp_path) / "effektiviseringsforslag" / "bilag.docx"
    document = docx.Document(str(template))
    document.sections[0].header.add_paragraph("{{ overskrft }}")
    document.save(str(template))
    problems = check_template(template, __import__("kkdocs.context", fromlist=["x"]).AppendixContext)
    assert problems and "sidehovedet" in problems[0] and "overskrft" in problems[0]


def test_bad_manifest_is_reported(tmp_path):
    templates = _copy(tmp_path)
    manifest = templates / "fordelingsbilag" / "manifest.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("context: distribution", "context: fordeling"),
                        encoding="utf-8")
    problems = check_templates(templates)
    assert len(problems) == 1 and "ukendt context 'fordeling'" in problems[0]
