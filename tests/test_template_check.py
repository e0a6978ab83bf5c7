"""`templates check`: the shipped templates are sound; typos and bad tags are found."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl

from kkdocs.case_types.proposals.appendix_context import AppendixContext
from kkdocs.case_types.proposals.context import ProposalContext
from kkdocs.case_types.proposals.workbooks import ProposalWorkbooks
from kkdocs.template_check import check_template, check_templates, check_workbook


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
    assert len(problems) == 1 and "'r.celler'" in problems[0] and "felterne her er cells, styringsområde, tekst" in problems[0]


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
    problems = check_template(template, AppendixContext)
    assert problems and "sidehovedet" in problems[0] and "overskrft" in problems[0]


def test_a_template_folder_named_after_no_case_type_is_reported(tmp_path):
    """The folder's name says which case type's record fills it (the manifest's old `context` key is gone)."""
    templates = _copy(tmp_path)
    (templates / "fordelingsbilag").rename(templates / "fordeling")
    problems = check_templates(templates)
    assert len(problems) == 1 and problems[0].startswith("fordeling: ") and "sagstype" in problems[0]


def test_a_manifest_from_before_the_registry_still_loads(tmp_path):
    """A workspace's own manifest may still say `context: distribution`; it is accepted and not read."""
    templates = _copy(tmp_path)
    manifest = templates / "fordelingsbilag" / "manifest.yaml"
    manifest.write_text("context: distribution\n" + manifest.read_text(encoding="utf-8"), encoding="utf-8")
    assert check_templates(templates) == []


def test_loop_over_a_value_that_is_not_a_list(tmp_path):
    templates = _copy(tmp_path)
    _add_paragraph(templates / "investeringsforslag" / "administrativt-bilag.docx",
                   "{% for h in hørt %}{{ h.instans }}{% endfor %}")
    _add_paragraph(templates / "fordelingsbilag" / "bilag.docx", "{% for c in titel %}{{ c }}{% endfor %}")
    problems = check_templates(templates)
    assert len(problems) == 2, problems
    heard = next(p for p in problems if p.startswith("investeringsforslag/administrativt-bilag.docx: "))
    assert "'hørt'" in heard and "felterne cfø, øvrige" in heard and "ikke en liste" in heard
    title = next(p for p in problems if p.startswith("fordelingsbilag/bilag.docx: "))
    assert "'titel'" in title and "tekst, ikke en liste" in title


def test_loop_over_a_list_inside_a_loop_is_fine_and_wrong_nesting_is_found(tmp_path):
    template = _copy(tmp_path) / "investeringsforslag" / "administrativt-bilag.docx"
    _add_paragraph(template, "{% for t in kvantum %}{% for r in t.rækker %}{{ r.tekst }}{% endfor %}"
                             "{% for c in t.titel %}{% endfor %}{% endfor %}")
    problems = check_template(template, ProposalContext)
    assert len(problems) == 1 and "'t.titel'" in problems[0] and "ikke en liste" in problems[0]


def test_printing_a_list_a_section_or_a_yes_no_value(tmp_path):
    template = _copy(tmp_path) / "investeringsforslag" / "forslag.docx"
    _add_paragraph(template, "{{ tabel.varige }} {{ tabel }} {{ udkast }} {{ tabel.år_antal }} {{ afsnit.hørt }}")
    problems = check_template(template, ProposalContext)
    assert len(problems) == 3, problems
    assert "'tabel.varige' er en liste (med felterne cells, styringsområde, tekst)" in problems[0] and "vises som tekst" in problems[0]
    assert "'tabel' er et afsnit (med felterne " in problems[1] and "EconomyTable" not in problems[1]
    assert "'udkast' er ja/nej" in problems[2]


def test_colspan_of_a_list_is_found(tmp_path):
    template = _copy(tmp_path) / "effektiviseringsforslag" / "administrativt-bilag.docx"
    document = docx.Document(str(template))
    cell = document.tables[0].rows[0].cells[0]
    cell.paragraphs[0].add_run("{% colspan kvantum %}")
    document.save(str(template))
    problems = check_template(template, ProposalContext)
    assert len(problems) == 1 and "'kvantum' er en liste (med felterne enhed, fodnote, rækker" in problems[0]


def _set_cells(path: Path, cells: dict[str, str]) -> None:
    workbook = openpyxl.load_workbook(path)
    for reference, value in cells.items():
        workbook.worksheets[0][reference] = value
    workbook.save(path)


def test_workbook_templates_are_checked_too(tmp_path):
    templates = _copy(tmp_path)
    _set_cells(templates / "investeringsforslag" / "kvantum.xlsx", {"A2": "{{ tabel.titl }}"})
    _set_cells(templates / "laaneansoegning" / "projekter.xlsx",
               {"K4": "{%tr for p in projekter.pulje %}", "K5": "{{ projekter.rækker }}", "K6": "{%tr endfor %}"})
    _set_cells(templates / "fordelingsbilag" / "fordeling.xlsx", {"F1": "{{ fordeling.titel"})
    problems = check_templates(templates)
    assert len(problems) == 4, problems
    assert any("investeringsforslag/kvantum.xlsx" in p and "feltet 'titl' findes ikke" in p
               and "mente du 'titel'" in p and "arket '{{ tabel.ark }}'" in p for p in problems)
    assert any("projekter.xlsx" in p and "'projekter.pulje' er tekst, ikke en liste" in p for p in problems)
    assert any("projekter.xlsx" in p and "'projekter.rækker' er en liste (med felterne " in p for p in problems)
    assert any("fordeling.xlsx" in p and "ugyldigt Jinja-mærke i arket 'Fordeling'" in p for p in problems)


def test_a_total_prints_as_a_value_in_a_workbook(tmp_path):
    workbook = _copy(tmp_path) / "investeringsforslag" / "økonomi.xlsx"
    _set_cells(workbook, {"H1": "{{ økonomi.samlet_påvirkning[0] }}", "H2": "{{ økonomi }}"})
    problems = check_workbook(workbook, ProposalWorkbooks)
    assert len(problems) == 1 and "'økonomi' er et afsnit (med felterne enhed, implementering" in problems[0]


def test_the_package_overview_template_is_checked(tmp_path):
    """templates/pakke/oversigt.xlsx belongs to no case type; its tags are checked against the overview's context."""
    templates = _copy(tmp_path)
    workbook = openpyxl.load_workbook(templates / "pakke" / "oversigt.xlsx")
    workbook["Sager"]["G3"] = "{{ sag.tilbagebetalingstid }}"
    workbook.save(templates / "pakke" / "oversigt.xlsx")
    problems = check_templates(templates)
    assert len(problems) == 1 and problems[0].startswith("pakke/oversigt.xlsx: "), problems
    assert "tilbagebetalingstid" in problems[0] and "mente du 'tilbagebetaling_service'" in problems[0]
