"""Attached files (bilag with `fil`, tables with `fra_excel`): only readable files inside data/.

tests/test_checks.py covers `../` out of data/, a missing file and a symlink that points out
(test_attachment_link_out_of_data_is_refused). Here: absolute paths, every way a "PDF" or "xlsx" can
be unreadable, the finding's line, the build path, and (LibreOffice) that a good PDF really ends up
in the bundle.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest
from openpyxl import Workbook
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from kkdocs.batch.validate import validate
from kkdocs.workspace import Workspace

from .cases import with_bilag

KKDOCS = Path(sys.executable).parent / "kkdocs"


def pdf_bytes(pages: int = 1, text: str = "Vedlagt analyse") -> bytes:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    for number in range(1, pages + 1):
        drawing.drawString(72, 720, f"{text} side {number}")
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("pw")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def xlsx_bytes(sheet: str = "Ark1") -> bytes:
    workbook = Workbook()
    workbook.active.title = sheet
    workbook.active.append(["Adresse", "Lejere"])
    workbook.active.append(["Vej 1", 3])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def corrupt_xlsx() -> bytes:
    """A zip that claims to be a workbook but whose workbook part is garbage."""
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in good.infolist():
            data = good.read(info)
            target.writestr(info, b"<<< not xml" if info.filename == "xl/workbook.xml" else data)
    return out.getvalue()


PDF_PROBLEMS = {
    "text-file": b"Dette er ikke en PDF, bare tekst.\n",
    "docx-renamed": xlsx_bytes(),  # a zip under a .pdf name
    "empty": b"",
    "header-only": b"%PDF-1.4\n",
    "truncated": pdf_bytes(3)[:600],
    "garbage-after-header": b"%PDF-1.7\n" + bytes(range(256)) * 20,
    "encrypted": encrypted_pdf(),
}


def findings_for(workspace, text: str, files: dict[str, bytes]):
    for name, data in files.items():
        path = workspace.path / "data" / "sager" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    case = workspace.write("sag.yaml", text)
    return [f for f in validate([case], Workspace(workspace.path)).findings]


def line_of(text: str, marker: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if marker in line)


@pytest.mark.parametrize("problem", sorted(PDF_PROBLEMS))
def test_unreadable_pdf_is_bilag_fil_at_its_line(workspace, problem):
    text = with_bilag("  - titel: Ekstern analyse\n    fil: bilag/analyse.pdf\n")
    found = findings_for(workspace, text, {"bilag/analyse.pdf": PDF_PROBLEMS[problem]})
    assert [(f.code, f.line) for f in found] == [("BILAG-FIL", line_of(text, "fil: bilag/analyse.pdf"))], \
        [f.as_text() for f in found]
    assert "analyse.pdf" in found[0].message
    if problem == "encrypted":
        assert "krypteret" in found[0].message


def test_absolute_path_is_refused_even_inside_data(workspace):
    target = workspace.path / "data" / "sager" / "bilag" / "analyse.pdf"
    text = with_bilag(f"  - titel: Ekstern analyse\n    fil: {target}\n")
    found = findings_for(workspace, text, {"bilag/analyse.pdf": pdf_bytes()})
    assert [f.code for f in found] == ["BILAG-FIL"] and "absolut" in found[0].message


@pytest.mark.parametrize("name", ["bilag", ".", "..", "bilag/../../reference/pl.yaml", "bilag/link-dir/analyse.pdf"])
def test_folders_and_non_pdf_files_inside_data_are_refused(workspace, tmp_path, name):
    outside = tmp_path / "ude"
    outside.mkdir()
    (outside / "analyse.pdf").write_bytes(pdf_bytes())
    (workspace.path / "data" / "sager" / "bilag").mkdir(parents=True)
    (workspace.path / "data" / "sager" / "bilag" / "link-dir").symlink_to(outside)  # a linked folder that points out
    text = with_bilag(f"  - titel: Ekstern analyse\n    fil: '{name}'\n")
    found = findings_for(workspace, text, {})
    assert [f.code for f in found] == ["BILAG-FIL"], [f.as_text() for f in found]


def tagged(data: bytes) -> bytes:
    """The PDF with a structure tree and /MarkInfo, as a tagged PDF has them."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def test_good_tagged_pdf_inside_data_is_accepted(workspace):
    text = with_bilag("  - titel: Ekstern analyse\n    fil: bilag/analyse.pdf\n")
    assert findings_for(workspace, text, {"bilag/analyse.pdf": tagged(pdf_bytes(2))}) == []


def test_good_pdf_without_tags_is_accepted_with_an_advarsel_naming_it(workspace):
    text = with_bilag("  - titel: Ekstern analyse\n    fil: bilag/analyse.pdf\n")
    found = findings_for(workspace, text, {"bilag/analyse.pdf": pdf_bytes(2)})
    assert [(f.level.value, f.code) for f in found] == [("advarsel", "BILAG-UTAGGET")]
    assert "bilag/analyse.pdf" in found[0].message and "PDF/UA" in found[0].message


XLSX_PROBLEMS = {
    "not-a-zip": (b"Adresse;Lejere\nVej 1;3\n", "Ark1"),
    "corrupt-workbook": (corrupt_xlsx(), "Ark1"),
    "truncated": (xlsx_bytes()[:400], "Ark1"),
    "missing-sheet": (xlsx_bytes("Data"), "Ark1"),
    "pdf-renamed": (pdf_bytes(), "Ark1"),
}


@pytest.mark.parametrize("problem", sorted(XLSX_PROBLEMS))
def test_unreadable_excel_table_is_bilag_fil(workspace, problem):
    data, sheet = XLSX_PROBLEMS[problem]
    text = with_bilag(f"  - titel: Projekter\n    tabel: {{fra_excel: bilag/projekter.xlsx, ark: {sheet}}}\n")
    found = findings_for(workspace, text, {"bilag/projekter.xlsx": data})
    assert [(f.code, f.line) for f in found] == [("BILAG-FIL", line_of(text, "fra_excel"))], \
        [f.as_text() for f in found]
    if problem == "missing-sheet":
        assert "'Ark1'" in found[0].message and "Data" in found[0].message


def test_good_excel_table_is_accepted(workspace):
    text = with_bilag("  - titel: Projekter\n    tabel: {fra_excel: bilag/projekter.xlsx, ark: Ark1}\n")
    assert findings_for(workspace, text, {"bilag/projekter.xlsx": xlsx_bytes()}) == []


def test_bad_attachments_fail_the_build_of_that_case_only(workspace):
    """The build path: BILAG-FIL stops the case (fejl), with its line, no traceback; another case builds."""
    text = with_bilag("  - titel: Ekstern analyse\n    fil: bilag/analyse.pdf\n")
    findings_for(workspace, text, {"bilag/analyse.pdf": PDF_PROBLEMS["encrypted"]})
    workspace.write("god.yaml", (Path(__file__).resolve().parents[2] / "data/sager/telekol-fordeling.yaml")
                    .read_text(encoding="utf-8"))
    done = subprocess.run([str(KKDOCS), "--workspace", str(workspace.path), "build", "--no-pdf"],
                          capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in output and "intern fejl" not in output, output
    assert f"data/sager/sag.yaml:{line_of(text, 'fil: bilag')}:" in output and "BILAG-FIL" in output, output
    assert not (workspace.path / "build" / "sag").exists()
    assert (workspace.path / "build" / "god" / "bilag.docx").is_file()


@pytest.mark.libreoffice
@pytest.mark.parametrize("jobs", [1, 2])  # the bundle made in the build's process, or in a worker process
def test_attachment_replaced_after_validation_fails_cleanly(workspace, monkeypatch, jobs):
    """The file passes the check, then is replaced by garbage before the bundle is made: a failed case, not a crash."""
    from kkdocs.batch import build as build_module
    from kkdocs.batch.build import BuildOptions, build

    text = with_bilag("  - titel: Ekstern analyse\n    fil: bilag/analyse.pdf\n")
    findings_for(workspace, text, {"bilag/analyse.pdf": pdf_bytes()})
    real_bundle = build_module.Build._all_pdfs_in  # runs after validation, rendering and conversion

    def damage_then_bundle(self, item):
        (workspace.path / "data" / "sager" / "bilag" / "analyse.pdf").write_bytes(b"%PDF-1.4\ngarbage")
        real_bundle(self, item)

    monkeypatch.setattr(build_module.Build, "_all_pdfs_in", damage_then_bundle)
    report = build([], Workspace(workspace.path), BuildOptions(jobs=jobs))
    outcome = next(o for o in report.outcomes if o.id == "sag")
    assert outcome.status == "fejlet", outcome
    assert "analyse.pdf" in outcome.error or "Ekstern analyse" in outcome.error, outcome.error  # bug H6
    assert not (workspace.path / "build" / "sag").exists()


@pytest.mark.libreoffice
def test_attached_pdf_is_in_the_bundle(workspace):
    text = with_bilag("  - titel: Tabel\n    tabel: {kolonner: [A, B], rækker: [[x, 1]]}\n"
                      "  - titel: Ekstern analyse\n    fil: bilag/analyse.pdf\n")
    findings_for(workspace, text, {"bilag/analyse.pdf": pdf_bytes(3, "Ekstern rapport XYZZY")})
    done = subprocess.run([str(KKDOCS), "--workspace", str(workspace.path), "build", "-j", "2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    folder = workspace.path / "build" / "sag"
    bundle = PdfReader(folder / "sag.pdf")
    parts = [p for p in folder.glob("*.pdf") if p.name != "sag.pdf"]
    assert any(p.name.startswith("vedlagt") for p in parts), parts
    assert len(bundle.pages) == sum(len(PdfReader(p).pages) for p in parts)
    assert len(bundle.pages) >= 3 + 2  # the attachment's three pages and at least forslag + administrativt bilag
    text_of_bundle = "\n".join(page.extract_text() for page in bundle.pages)
    for number in (1, 2, 3):
        assert f"Ekstern rapport XYZZY side {number}" in text_of_bundle
    bookmarks = str([getattr(item, "title", item) for item in bundle.outline])  # nested lists print their titles too
    assert "Ekstern analyse" in bookmarks, bookmarks
