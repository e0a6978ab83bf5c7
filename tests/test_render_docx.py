"""Word documents: every example renders, figures and labels land in the right place,
values print exactly as written, UDKAST marks drafts, and LibreOffice turns them into PDFs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from kkdocs.batch.validate import validate
from kkdocs.documents.render_docx import render_documents
from kkdocs.documents.template_problem import TemplateProblem
from kkdocs.workspace import find_workspace

REPO = Path(__file__).resolve().parent.parent


def _render_all(root: Path, outdir: Path) -> dict[str, list]:
    workspace = find_workspace(explicit=root)
    validation = validate([], workspace)
    rendered = {}
    for result in validation.cases:
        assert result.ok, (result.id, [f.message for f in result.findings])
        rendered[result.id] = render_documents(result, validation.reference, workspace, outdir / result.id)
    return rendered


def _texts(path: Path) -> list[str]:
    """Every paragraph of a .docx, body and table cells, in order."""
    document = docx.Document(str(path))
    found: list[str] = []

    def walk(container) -> None:
        for block in container.iter_inner_content():
            if isinstance(block, docx.table.Table):
                for row in block.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        walk(cell)
            else:
                found.append(block.text)

    walk(document)
    return found


def _rows(path: Path) -> list[list[str]]:
    """The rows of every table as lists of cell texts (merged cells once)."""
    document = docx.Document(str(path))
    rows = []
    for table in document.tables:
        for row in table.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    cells.append(cell.text)
            rows.append(cells)
    return rows


def _header_text(path: Path) -> str:
    document = docx.Document(str(path))
    return " ".join(p.text for s in document.sections for p in s.header.paragraphs)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    examples = REPO.parent / "shared" / "spec" / "examples"
    if not (examples / "data" / "reference").is_dir():
        pytest.skip("../shared/spec/examples findes ikke i denne klon")
    out = tmp_path_factory.mktemp("docx")
    return _render_all(examples, out)


def _part(rendered, case_id: str, name: str) -> Path:
    return next(p.path for p in rendered[case_id] if p.path.name == name)


def test_parts_in_manifest_order(rendered):
    names = [p.path.name for p in rendered["mobilhaandtering"]]
    assert names == ["forslag.docx", "administrativt-bilag.docx", "bilag-1.docx", "bilag-2.docx"]
    assert [p.order for p in rendered["mobilhaandtering"]] == [0, 1, 2, 3]
    assert rendered["mobilhaandtering"][3].bookmark == "Bilag 2: Uddybning af projektorganisering og faseplan"
    assert [p.path.name for p in rendered["botilbud-laan"]] == ["ansøgning.docx"]
    assert [p.path.name for p in rendered["telehjerter-fordeling"]] == ["bilag.docx"]


def test_tabel_2_figures(rendered):
    rows = _rows(_part(rendered, "mobilhaandtering", "forslag.docx"))
    by_label = {r[0]: r for r in rows}
    assert by_label["1.000 kr. 2025 p/l"][1:] == ["Styrings-område", "2024", "2025", "2026", "2027", "2028", "2029"]
    assert by_label["Bortfaldne opgaver i forvaltningerne (19 ÅV)"][2:5] == ["", "-6.356", "-12.711"]
    assert by_label["Drift af ny ordning (12 ÅV)"][3:5] == ["3.960", "7.920"]
    assert by_label["Samlet varig ændring af investeringscasen"][3] == "-1.896"
    assert by_label["Tilbagebetalingstid baseret på serviceeffektivisering"][1] == "4 år"
    assert by_label["Tilbagebetalingstid baseret på totaløkonomi"][1] == "4 år"
    assert "Implementeringsomkostninger (midler fra investeringspuljen)" in by_label
    assert by_label["Indkøbseffektiviseringer*"][4] == "-449"
    texts = _texts(_part(rendered, "mobilhaandtering", "forslag.docx"))
    assert "Tabel 2. Forslagets samlede økonomiske konsekvenser" in texts
    assert "Alle besparelser er angivet med negativt (-) fortegn." in texts
    assert "Tabel 3. Forslagets opfølgningsmål" in texts
    assert "☒ Økonomiforvaltningen\t☒ Socialforvaltningen" in texts
    assert "☐Ja [Angiv titel på innovationsforslag] [Angiv vedtagelsestidspunkt (budget/OFS)]" in texts
    assert "☒Nej" in texts


def test_free_text_becomes_paragraphs_and_bullets(rendered):
    document = docx.Document(str(_part(rendered, "mobilhaandtering", "forslag.docx")))
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert any(b.startswith("Optimerede arbejdsgange") for b in bullets)
    assert any(b.startswith("KIT ansætter") for b in bullets)
    assert not any("{%" in p.text or "{{" in p.text for p in document.paragraphs)


def test_tabel_1_effektivisering(rendered):
    rows = _rows(_part(rendered, "energibesparelser", "forslag.docx"))
    by_label = {r[0]: r for r in rows}
    assert by_label["Energieffektiviseringer"][1:] == ["Service", "", "-475", "-475", "-475", "-475", "-475"]
    assert "Implementeringsomkostninger (midler fra investeringspuljen)" not in by_label
    assert "Tabel 1. Forslagets samlede økonomiske konsekvenser" in _texts(_part(rendered, "energibesparelser",
                                                                               "forslag.docx"))


def test_administrative_appendix_tables(rendered):
    path = _part(rendered, "mobilhaandtering", "administrativt-bilag.docx")
    texts = _texts(path)
    assert "ADMINISTRATIVT BILAG TIL TVÆRGÅENDE INVESTERINGSFORSLAG" in texts
    assert any(t.startswith("Tabel A. Måltalseffekt") for t in texts)
    assert any(t.startswith("Tabel C. Bevillingsmæssig effekt") for t in texts)
    assert any(t.startswith("* I forbindelse med godkendelse i Effektiviseringskredsen") for t in texts)
    rows = _rows(path)
    social = [r for r in rows if r[0] == "Socialudvalget"]
    assert len(social) == 4  # Tabel A and C, in 2025 p/l and in udmøntning 2024 p/l
    assert social[0][1:3] == ["0", "-517"]  # 0 in 2024, before the saving begins (seed 000:805)
    heard = [r for r in rows if r[0] == "Digitaliseringschefkredsen"][0]
    assert heard[1] == "Ja" and heard[2].startswith("13. oktober 2023")
    total = [r for r in rows if r[0] == "Total"][0]
    assert total[2:4] == ["-1.896", "-3.791"]


def _headings(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]


def test_investment_heard_tables_as_the_form(rendered):
    path = _part(rendered, "mobilhaandtering", "administrativt-bilag.docx")
    assert _headings(path) == ["5. Effektivisering på administration", "6. Hvem er hørt?",
                               "7. Tekniske tabeller til korrektioner i Kvantum"]
    rows = _rows(path)
    first = rows.index(["", "Ja/Nej", "Dato for godkendelse"])
    assert rows[first + 1][:2] == ["Center for Økonomi, Økonomiforvaltningen", "Nej"]
    assert rows[first + 1][2] == ("Angiv dato for godkendelse.\nAlle forslag skal godkendes i deres endelige form af "
                                  "Center for Økonomi inden udvalgsgodkendelse.")  # the case's own remark
    second = rows.index(["", "Ja/Nej", "Dato for godkendelse og evt. høringssvar"])
    assert second == first + 2
    assert [r[:2] for r in rows[second + 1:second + 3]] == [["Digitaliseringschefkredsen", "Ja"], ["IT-kredsen", "Ja"]]
    assert rows[second + 3][0] == "Udvalg"  # Tabel A follows: no "Ikke relevant" row
    texts = _texts(path)
    note = texts.index("Slet herunder gerne kredse og udvalg, der ikke er relevante.")
    assert texts.index("6. Hvem er hørt?") < note < texts.index("Digitaliseringschefkredsen")


def test_effektivisering_heard_tables_as_the_form(rendered):
    path = _part(rendered, "energibesparelser", "administrativt-bilag.docx")
    assert _headings(path) == ["5. Effektivisering på administration", "6. Hvem er hørt?",
                               "7. Tekniske tabeller til korrektioner i Kvantum"]
    rows = _rows(path)
    first = rows.index(["", "Dato for orientering"])
    assert rows[first + 1] == ["Center for Økonomi, Økonomiforvaltningen",
                               "Center for Økonomi i Økonomiforvaltningen orienteres inden udvalgsgodkendelse."]
    assert rows[first + 2:first + 4] == [["Relevante samarbejdspartnere i kommunen, der er inddraget"],
                                         ["Ikke relevant"]]
    assert not any("Ja/Nej" in cell for row in rows for cell in row)


@pytest.fixture(scope="module")
def variants(tmp_path_factory, rendered):  # `rendered` skips this too when the examples are missing
    """The examples changed as the seeds have them: the investment without an administration
    section, the effektivisering with its own 2.1 text and a partner that was involved."""
    root = tmp_path_factory.mktemp("variants") / "ws"
    shutil.copytree(REPO.parent / "shared" / "spec" / "examples", root)
    sager = root / "data" / "sager"
    mobil = sager / "mobilhaandtering.yaml"
    text = mobil.read_text(encoding="utf-8")
    line = "administration: Forslaget indeholder effektiviseringer på administration svarende til 7 ÅV.\n"
    assert line in text
    mobil.write_text(text.replace(line, ""), encoding="utf-8")
    energy = sager / "energibesparelser.yaml"
    text = energy.read_text(encoding="utf-8")
    text = text.replace("fordeling:\n", "fordeling:\n  tekst: |\n    Fordelt efter lejet areal & {{ m² }}.\n\n"
                                        "    - Ejendommene kan ses i bilag 1.\n", 1)
    text = text.replace("hørt:\n", "hørt:\n  - instans: Københavns Ejendomme & Indkøb\n    dato: 2024-02-01\n"
                                    "    bemærkning: Har leveret arealerne.\n", 1)
    energy.write_text(text, encoding="utf-8")
    for other in ("botilbud-laan", "telehjerter-fordeling"):
        (sager / f"{other}.yaml").unlink()
    return _render_all(root, tmp_path_factory.mktemp("variants-out"))


def test_sections_without_administration_are_renumbered(variants):
    path = _part(variants, "mobilhaandtering", "administrativt-bilag.docx")
    assert _headings(path) == ["5. Hvem er hørt?", "6. Tekniske tabeller til korrektioner i Kvantum"]
    assert not any("Effektivisering på administration" in t for t in _texts(path))
    forslag = _part(variants, "mobilhaandtering", "forslag.docx")
    assert _headings(forslag) == ["1. Beskrivelse af forslag (fremgangsmåde og effekt)", "2. Økonomi",
                                  "3. Implementering og opfølgning", "4. Risikovurdering"]
    assert not any("Fordeling på udvalg" in t for t in _texts(forslag))  # no fordeling.tekst: no 2.1, as the seed


def test_distribution_text_prints_under_2_1(variants, rendered):
    texts = _texts(_part(variants, "energibesparelser", "forslag.docx"))
    start = texts.index("2.1 Fordeling på udvalg")
    assert texts[start + 1:start + 3] == ["Fordelt efter lejet areal & {{ m² }}.", "Ejendommene kan ses i bilag 1."]
    assert texts.index("2. Økonomi") < start < texts.index("3. Implementering og opfølgning")
    bullets = [p.text for p in docx.Document(str(_part(variants, "energibesparelser", "forslag.docx"))).paragraphs
               if p.style.name == "List Bullet"]
    assert "Ejendommene kan ses i bilag 1." in bullets
    assert "2.1 Fordeling på udvalg" not in _texts(_part(rendered, "energibesparelser", "forslag.docx"))
    rows = _rows(_part(variants, "energibesparelser", "administrativt-bilag.docx"))
    partners = rows.index(["Relevante samarbejdspartnere i kommunen, der er inddraget"])
    assert rows[partners + 1] == ["Københavns Ejendomme & Indkøb", "1. februar 2024\nHar leveret arealerne."]
    assert ["Ikke relevant"] not in rows


def test_appendices_numbered_with_table_and_phase_plan(rendered):
    texts = _texts(_part(rendered, "mobilhaandtering", "bilag-2.docx"))
    assert texts[0] == "BILAG 2"
    assert "Fase 1: Afklaring" in texts
    rows = _rows(_part(rendered, "mobilhaandtering", "bilag-1.docx"))
    assert rows[0] == ["Forvaltning", "Antal enheder juni 2023"]
    assert ["Socialforvaltningen", "5.995"] in rows


def test_loan_form(rendered):
    path = _part(rendered, "botilbud-laan", "ansøgning.docx")
    rows = _rows(path)
    assert rows[0][0] == "Projekt" and rows[0][1].startswith("A")
    assert rows[0][2].startswith("B\nAnsøgt lånebeløb for 2025 (i hele 1.000 kr.)")
    assert rows[0][7].startswith("G\nHvornår forventes projektet afsluttet?")
    assert rows[1] == ["1", "Botilbud Sundholm, nyt bofællesskab", "12.000", "20.000", "0", "24", "25", "31/10/2026"]
    assert rows[5] == ["5", "", "", "", "", "", "", ""]
    assert rows[6][0] == "I alt" and rows[6][2:4] == ["21.000", "28.500"]
    texts = _texts(path)
    assert any(t.startswith("Udvidelsen af kapaciteten skal kunne gennemføres inden udgangen af 2026.") or
               "Udvidelsen af kapaciteten skal kunne gennemføres inden udgangen af 2026." in t for t in texts)
    assert ["Navn(e) og titel", "Telefonnumre",
            "Sagsbehandler(e) og afdelingens e-postkasser (adskil flere med semikolon)"] in rows
    assert ["Anna Holm, Specialkonsulent", "33 66 12 34", "anna.holm@example.dk"] in rows


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def test_distribution_appendix_total_first(rendered):
    rows = _rows(_part(rendered, "telehjerter-fordeling", "bilag.docx"))
    assert rows[0][1:] == ["Indbyggere - antal", "Andel indbyggere pct.", "Andel finansiering kr."]  # seed 002:4949
    total, body = rows[1], rows[2:]
    assert total[0] == "I alt" and total[2:] == ["100", "875.000"]  # first, as in the official appendix
    assert body[0][0] == "København" and "I alt" not in [r[0] for r in body]
    assert _number(total[1]) == sum(_number(r[1]) for r in body)
    assert _number(total[3]) == sum(_number(r[3]) for r in body)


def test_udkast_mark(rendered):
    assert "UDKAST" in _header_text(_part(rendered, "energibesparelser", "forslag.docx"))
    assert "UDKAST" in _header_text(_part(rendered, "energibesparelser", "bilag-1.docx"))
    assert "UDKAST" not in _header_text(_part(rendered, "telehjerter-fordeling", "bilag.docx"))
    assert "UDKAST" not in _header_text(_part(rendered, "mobilhaandtering", "forslag.docx"))


def test_core_properties(rendered):
    core = docx.Document(str(_part(rendered, "mobilhaandtering", "forslag.docx"))).core_properties
    assert core.title == "Administrative lettelser i mobilhåndteringen"
    assert core.author == "Økonomiforvaltningen"
    assert core.subject == "OFS 2023-2024"
    assert core.created.date().isoformat() == "2023-11-01"


def test_output_is_deterministic(tmp_path, shared_examples):
    first = _render_all(shared_examples, tmp_path / "a")
    second = _render_all(shared_examples, tmp_path / "b")
    for case_id, parts in first.items():
        for a, b in zip(parts, second[case_id]):
            assert a.path.read_bytes() == b.path.read_bytes(), a.path.name


HOSTILE = "Rå {{ x }} {% if %} <b>fed</b> & ]]> 100 %"


def _hostile_workspace(tmp_path: Path, shared_examples: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(shared_examples, root)
    case = root / "data" / "sager" / "mobilhaandtering.yaml"
    text = case.read_text(encoding="utf-8")
    quoted = '"' + HOSTILE + '"'
    text = text.replace("titel: Administrative lettelser i mobilhåndteringen", f"titel: {quoted}", 1)
    text = text.replace("- tekst: Bortfaldne opgaver i forvaltningerne (19 ÅV)", f"- tekst: {quoted}", 1)
    text = text.replace("administration: Forslaget indeholder effektiviseringer på administration svarende til 7 ÅV.",
                        f"administration: {quoted}", 1)
    text = text.replace("kort_resumé: >", f"kort_resumé: |\n  {HOSTILE}\n  - punkt <i>\n\n  ny linje", 1)
    text = text.replace("\n  Forslaget præsenterer", "\n\n  Forslaget præsenterer", 1)
    case.write_text(text, encoding="utf-8")
    for other in ("energibesparelser", "botilbud-laan", "telehjerter-fordeling"):
        (root / "data" / "sager" / f"{other}.yaml").unlink()
    return root


def test_hostile_text_prints_exactly(tmp_path, shared_examples):
    root = _hostile_workspace(tmp_path, shared_examples)
    parts = _render_all(root, tmp_path / "out")["mobilhaandtering"]
    forslag = next(p.path for p in parts if p.path.name == "forslag.docx")
    texts = _texts(forslag)
    assert texts.count(HOSTILE) >= 3  # title, kort resumé, table row
    assert "punkt <i>" in texts
    bilag = next(p.path for p in parts if p.path.name == "administrativt-bilag.docx")
    assert HOSTILE in _texts(bilag)
    assert docx.Document(str(forslag)).core_properties.title == HOSTILE


def test_broken_template_names_file_and_variable(tmp_path, shared_examples):
    root = tmp_path / "ws"
    shutil.copytree(shared_examples, root)
    shutil.copytree(REPO / "templates", root / "templates")
    template = root / "templates" / "fordelingsbilag" / "bilag.docx"
    document = docx.Document(str(template))
    document.add_paragraph("{{ totl.beløb }}")
    document.save(str(template))
    workspace = find_workspace(explicit=root)
    validation = validate([root / "data" / "sager" / "telehjerter-fordeling.yaml"], workspace)
    with pytest.raises(TemplateProblem) as problem:
        render_documents(validation.cases[0], validation.reference, workspace, tmp_path / "out")
    assert "bilag.docx" in str(problem.value) and "totl" in str(problem.value)


def test_attached_pdf_listed_in_place(tmp_path, shared_examples):
    root = tmp_path / "ws"
    shutil.copytree(shared_examples, root)
    (root / "data" / "sager" / "bilag").mkdir()
    pdf = root / "data" / "sager" / "bilag" / "analyse.pdf"
    from pypdf import PdfWriter
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with pdf.open("wb") as file:
        writer.write(file)
    case = root / "data" / "sager" / "mobilhaandtering.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "  - titel: Ekstern analyse\n    fil: bilag/analyse.pdf\n",
                    encoding="utf-8")
    parts = _render_all(root, tmp_path / "out")["mobilhaandtering"]
    assert [p.kind for p in parts] == ["docx", "docx", "docx", "docx", "pdf"]
    assert parts[4].path == pdf.resolve() and parts[4].bookmark == "Bilag 3: Ekstern analyse"
    assert not (tmp_path / "out" / "mobilhaandtering" / "bilag-3.docx").exists()


@pytest.mark.libreoffice
def test_pdf_text_of_every_type(rendered, tmp_path):
    files = [_part(rendered, "mobilhaandtering", "forslag.docx"),
             _part(rendered, "mobilhaandtering", "administrativt-bilag.docx"),
             _part(rendered, "energibesparelser", "bilag-1.docx"),
             _part(rendered, "botilbud-laan", "ansøgning.docx"),
             _part(rendered, "telehjerter-fordeling", "bilag.docx"),
             _part(rendered, "energibesparelser", "administrativt-bilag.docx")]
    source = tmp_path / "in"
    source.mkdir()
    names = []
    for index, path in enumerate(files):
        target = source / f"{index}-{path.name}"
        shutil.copy(path, target)
        names.append(target)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), *map(str, names)],
                   check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)})

    def text(index: int) -> str:
        pdf = tmp_path / "pdf" / (names[index].stem + ".pdf")
        return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout

    forslag = text(0)
    assert "TVÆRGÅENDE INVESTERINGSFORSLAG" in forslag
    assert "-6.356" in forslag and "-12.711" in forslag and "3.960" in forslag and "7.920" in forslag
    assert "4 år" in forslag
    assert "UDKAST" not in forslag
    bilag = text(1)
    assert "Socialudvalget" in bilag and "Tabel C. Bevillingsmæssig effekt" in bilag
    order = ["5. Effektivisering på administration", "6. Hvem er hørt?", "Dato for godkendelse",
             "Center for Økonomi,", "Slet herunder gerne kredse og udvalg, der ikke er relevante.",
             "Dato for godkendelse og evt. høringssvar", "Digitaliseringschefkredsen", "IT-kredsen",
             "7. Tekniske tabeller til korrektioner i Kvantum"]
    positions = [bilag.index(label) for label in order]
    assert positions == sorted(positions)
    energy = text(2)
    assert "BILAG 1" in energy and energy.count("UDKAST") >= 1
    loan = text(3)
    assert "31/10/2026" in loan and "21.000" in loan and "I alt" in loan
    assert loan.count("UDKAST") == loan.count("\f")  # one mark on every page
    distribution = text(4)
    assert re.search(r"^\s*I alt\s+[\d.]+\s+100\s+875\.000\s*$", distribution, re.M)
    assert distribution.index("875.000") < distribution.index("København") < distribution.index("Bornholm")
    orientation = text(5)
    order = ["6. Hvem er hørt?", "Dato for orientering", "Center for Økonomi i Økonomiforvaltningen orienteres",
             "Relevante samarbejdspartnere i kommunen, der er inddraget", "Ikke relevant",
             "7. Tekniske tabeller til korrektioner i Kvantum"]
    positions = [orientation.index(label) for label in order]
    assert positions == sorted(positions)


def test_a_forum_heard_without_a_date_is_ja(tmp_path):
    """Seed 000:751-756: Digitaliseringschefkredsen is "Ja" with a remark and no date."""
    examples = REPO.parent / "shared" / "spec" / "examples"
    if not (examples / "data" / "reference").is_dir():
        pytest.skip("../shared/spec/examples findes ikke i denne klon")
    root = tmp_path / "ws"
    shutil.copytree(examples / "data", root / "data")
    case = root / "data" / "sager" / "mobilhaandtering.yaml"
    text = case.read_text(encoding="utf-8")
    dated = "  - instans: Digitaliseringschefkredsen\n    dato: 2023-10-13\n"
    assert dated in text
    case.write_text(text.replace(dated, "  - instans: Digitaliseringschefkredsen\n    svar: ja\n")
                    .replace("  - instans: IT-kredsen\n", "  - instans: MED-udvalg\n  - instans: IT-kredsen\n"),
                    encoding="utf-8")
    for other in (root / "data" / "sager").glob("*.yaml"):
        if other != case:
            other.unlink()
    (root / "data" / "pakker" / "ofs-2024.yaml").unlink()
    rows = _rows(_part(_render_all(root, tmp_path / "out"), "mobilhaandtering", "administrativt-bilag.docx"))
    by_name = {r[0]: r for r in rows}
    assert by_name["Digitaliseringschefkredsen"][1] == "Ja"
    assert by_name["Digitaliseringschefkredsen"][2].startswith("DCK drøftede sagen d. 11. september")
    assert by_name["MED-udvalg"][1:] == ["Nej", ""]
    assert by_name["IT-kredsen"][1] == "Ja" and by_name["IT-kredsen"][2].startswith("21. september 2023")
