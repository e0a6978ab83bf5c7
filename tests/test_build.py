"""End to end: `kkdocs build` on real cases with real LibreOffice, read back as PDF text.

One module-scoped build of the project's examples serves most tests; the incremental and
failure tests copy the workspace so they can change it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from kkdocs.cli import main

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.libreoffice


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def outline_titles(reader: PdfReader, items=None, depth=0) -> list[tuple[int, str, int]]:
    items = reader.outline if items is None else items
    found = []
    for item in items:
        if isinstance(item, list):
            found += outline_titles(reader, item, depth + 1)
        else:
            found.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    return found


def copy_workspace(target: Path) -> Path:
    for name in ("data",):
        shutil.copytree(REPO / name, target / name)
    return target


def run_build(workspace: Path, *args: str):
    return CliRunner().invoke(main, ["--workspace", str(workspace), "build", *args])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    workspace = copy_workspace(tmp_path_factory.mktemp("ws"))
    result = run_build(workspace)
    assert result.exit_code == 0, result.output
    return workspace / "build"


def test_every_case_has_its_files(built: Path):
    expected = {
        "mobilhaandtering": {"forslag.docx", "administrativt-bilag.docx", "bilag-1.docx", "bilag-2.docx",
                             "kvantum.xlsx", "økonomi.xlsx", "mobilhaandtering.pdf"},
        "energibesparelser": {"forslag.docx", "administrativt-bilag.docx", "bilag-1.docx", "kvantum.xlsx",
                              "energibesparelser.pdf"},
        "botilbud-sundholm": {"ansøgning.docx", "projekter.xlsx", "botilbud-sundholm.pdf"},
        "telekol-fordeling": {"bilag.docx", "fordeling.xlsx", "telekol-fordeling.pdf"},
    }
    for case_id, names in expected.items():
        present = {p.name for p in (built / case_id).iterdir()}
        assert names <= present, (case_id, names - present)
    assert (built / "pakker" / "ofs-2024.pdf").is_file()
    assert (built / "pakker" / "ofs-2024-oversigt.xlsx").is_file()
    assert (built / "index.html").is_file()


def test_cases_are_bundled_while_others_still_convert(tmp_path: Path):
    """A case is bundled as soon as its last PDF is in, not after every case's PDFs.

    Sixty one-document cases, and no other cases or packages, whose bundles would come first.
    LibreOffice gets the Word files joined, up to libreoffice.JOIN in one document (docx_join),
    so the part PDFs come in a few groups, nearly all of them while the build waits for the
    rest. The first bundle must still be written before the last part PDF.
    """
    workspace = copy_workspace(tmp_path)
    example = (workspace / "data" / "sager" / "telekol-fordeling.yaml").read_text(encoding="utf-8")
    for other in [*(workspace / "data" / "sager").glob("*.yaml"), *(workspace / "data" / "pakker").glob("*.yaml")]:
        other.unlink()
    copies = range(1, 61)
    for k in copies:
        (workspace / "data" / "sager" / f"telekol-{k}.yaml").write_text(example, encoding="utf-8")
    result = run_build(workspace, "-j", "2")
    assert result.exit_code == 0, result.output
    bundles, parts = [], []
    for k in copies:
        folder = workspace / "build" / f"telekol-{k}"
        for pdf in folder.glob("*.pdf"):
            (bundles if pdf.stem == folder.name else parts).append(pdf.stat().st_mtime_ns)
    assert len(bundles) == len(copies) and len(parts) == len(copies)
    assert min(bundles) < max(parts), "the first bundle was written only after the last part PDF"


def test_bundle_has_bookmarks_stamps_and_metadata(built: Path):
    bundle = built / "mobilhaandtering" / "mobilhaandtering.pdf"
    reader = PdfReader(bundle)
    pages = pdf_pages(bundle)
    total = len(reader.pages)
    assert total == len(pages) >= 4
    for number, text in enumerate(pages, 1):
        assert f"Side {number} af {total}" in text
    titles = [title for _, title, _ in outline_titles(reader)]
    assert titles[0].startswith("Forslag") and "Administrativt bilag" in titles
    assert any(title.startswith("Bilag 1") for title in titles)
    assert reader.metadata.title == "Administrative lettelser i mobilhåndteringen"
    assert reader.metadata.author == "Økonomiforvaltningen"
    assert reader.metadata.subject == "OFS 2023-2024"
    # every bookmark points at a page that shows its heading
    for _, title, page in outline_titles(reader):
        heading = title.split(":")[0].upper()
        assert heading.split()[0] in pages[page - 1].upper(), (title, page)


def test_bundle_figures_come_from_the_calculation(built: Path):
    text = "\n".join(pdf_pages(built / "mobilhaandtering" / "mobilhaandtering.pdf"))
    for figure in ("-6.356", "-12.711", "3.960", "7.920", "-1.896", "-3.791", "4 år",
                   "Alle besparelser er angivet med negativt (-) fortegn."):
        assert figure in text, figure
    loan = "\n".join(pdf_pages(built / "botilbud-sundholm" / "botilbud-sundholm.pdf"))
    for figure in ("29.000", "34.500", "31/10/2026", "I alt"):
        assert figure in loan, figure
    appendix = "\n".join(pdf_pages(built / "telekol-fordeling" / "telekol-fordeling.pdf"))
    assert "525.000" in appendix and "34,5" in appendix


def test_draft_cases_are_marked_on_every_page(built: Path):
    for number, text in enumerate(pdf_pages(built / "energibesparelser" / "energibesparelser.pdf"), 1):
        assert "UDKAST" in text, f"page {number}"
    assert all("UDKAST" not in text for text in pdf_pages(built / "mobilhaandtering" / "mobilhaandtering.pdf"))


def test_package_contents_point_at_the_right_pages(built: Path):
    package = built / "pakker" / "ofs-2024.pdf"
    pages = pdf_pages(package)
    total = len(pages) - 1  # the cover has no number and is not counted
    assert "Side " not in pages[0]
    for number, text in enumerate(pages[1:], 1):
        assert f"Side {number} af {total}" in text
    assert "Tværgående forslag til overførselssagen 2024" in " ".join(pages[0].split()) and "9. april 2024" in pages[0]
    contents = pages[1]
    for title in ("Administrative lettelser i mobilhåndteringen",
                  "Indregning af energibesparelser ved renovering og planlagt vedligehold"):
        line = next(l for l in contents.splitlines() if title[:30] in l)
        page = int(re.findall(r"(\d+)\s*$", line)[0])  # as printed: the contents is page 1
        assert title[:30] in " ".join(pages[page].split()), (title, page)
        assert f"Side {page} af {total}" in pages[page]
    reader = PdfReader(package)
    top = [title for depth, title, _ in outline_titles(reader) if depth == 0]
    assert top[:3] == ["Forside", "Indholdsfortegnelse", "Oversigt"]
    assert "Administrative lettelser i mobilhåndteringen" in top
    overview = pages[2]
    # Tabel A summed over the cases: 2026 is -3.791 (mobil) + -475 (energi) = -4.266
    assert "Socialudvalget" in overview and "-4.266" in overview


def test_rebuild_is_byte_identical(built: Path, tmp_path: Path):
    before = {p: p.read_bytes() for p in built.rglob("*.pdf")}
    result = run_build(built.parent, "--force")
    assert result.exit_code == 0, result.output
    changed = [p.name for p, data in before.items() if p.read_bytes() != data]
    assert changed == []


def test_incremental_failure_and_isolation(tmp_path: Path):
    workspace = copy_workspace(tmp_path / "ws")
    assert run_build(workspace).exit_code == 0
    manifest = json.loads((workspace / "build" / "manifest.json").read_text(encoding="utf-8"))
    assert {c["status"] for c in manifest["cases"].values()} == {"bygget"}

    # one edit: only that case and its package are rebuilt
    case = workspace / "data" / "sager" / "energibesparelser.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("Energieffektiviseringer\n", "Energibesparelser\n"),
                    encoding="utf-8")
    result = run_build(workspace)
    assert result.exit_code == 0, result.output
    manifest = json.loads((workspace / "build" / "manifest.json").read_text(encoding="utf-8"))
    statuses = {k: v["status"] for k, v in manifest["cases"].items()}
    assert statuses == {"energibesparelser": "bygget", "mobilhaandtering": "uændret",
                        "botilbud-sundholm": "uændret", "telekol-fordeling": "uændret",
                        "visitation-foranalyse": "uændret"}
    assert manifest["packages"]["ofs-2024"]["status"] == "bygget"

    # a case that now fails: reported, its last good outputs kept and marked outdated, the others
    # still fine, the package made with the case's last good documents and a note on its cover, exit 1
    bundle = workspace / "build" / "energibesparelser" / "energibesparelser.pdf"
    good = bundle.read_bytes()
    case.write_text(case.read_text(encoding="utf-8").replace("status: udkast", "status: klar"), encoding="utf-8")
    result = run_build(workspace)
    assert result.exit_code == 1
    assert "energibesparelser.yaml" in result.output and "FELT-TYPE" in result.output
    assert "forældet: sagen har fejl siden" in result.output.lower(), result.output
    assert bundle.read_bytes() == good
    assert (workspace / "build" / "mobilhaandtering" / "mobilhaandtering.pdf").is_file()
    html = (workspace / "build" / "index.html").read_text(encoding="utf-8")
    assert "FELT-TYPE" in html and "Forældet" in html and "energibesparelser/energibesparelser.pdf" in html
    cover = " ".join(pdf_pages(workspace / "build" / "pakker" / "ofs-2024.pdf")[0].split())
    assert "Forældet: «Indregning af energibesparelser" in cover and "sidste gode dokumenter" in cover, cover
    status = CliRunner().invoke(main, ["--workspace", str(workspace), "status"])
    assert "forældet (fejl siden" in status.output and "forældet (indeholder forældede sager)" in status.output, \
        status.output

    # a second failing build keeps the first time of the failure
    since = json.loads((workspace / "build" / "manifest.json").read_text(encoding="utf-8"))["cases"][
        "energibesparelser"]["outdated_since"]
    assert run_build(workspace, "--force").exit_code == 1
    again = json.loads((workspace / "build" / "manifest.json").read_text(encoding="utf-8"))["cases"]["energibesparelser"]
    assert again["outdated_since"] == since and bundle.read_bytes() == good


def test_a_failing_case_without_a_good_build_says_it_has_no_documents(tmp_path: Path):
    workspace = copy_workspace(tmp_path / "ws")
    assert run_build(workspace, "--no-pdf").exit_code == 0
    kept = workspace / "data" / "sager" / "energibesparelser.yaml"
    broken = kept.read_text(encoding="utf-8").replace("status: udkast", "status: klar")
    kept.write_text(broken, encoding="utf-8")
    (workspace / "data" / "sager" / "ny-sag.yaml").write_text(broken, encoding="utf-8")

    result = run_build(workspace, "--no-pdf")

    assert result.exit_code == 1, result.output
    lines = {line.split(":")[1].strip(): line for line in result.output.splitlines() if line.startswith("Fejlet: ")}
    assert "Ingen dokumenter" in lines["data/sager/ny-sag.yaml"] and "ny-sag/" in lines["data/sager/ny-sag.yaml"]
    assert "Ingen dokumenter" not in lines["data/sager/energibesparelser.yaml"]  # it keeps its last good files
    assert "Forældet: sagen har fejl siden" in lines["data/sager/energibesparelser.yaml"]
    assert not (workspace / "build" / "ny-sag").exists()
    manifest = json.loads((workspace / "build" / "manifest.json").read_text(encoding="utf-8"))
    assert "Ingen dokumenter" in manifest["cases"]["ny-sag"]["error"] and manifest["cases"]["ny-sag"]["outputs"] == []
    html = (workspace / "build" / "index.html").read_text(encoding="utf-8")
    assert html.count("Ingen dokumenter: sagen har fejl") == 1


def test_shared_acceptance_examples_build(shared_examples, tmp_path: Path):
    result = CliRunner().invoke(main, ["--workspace", str(shared_examples), "build", "-o", str(tmp_path / "build")])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "build" / "manifest.json").read_text(encoding="utf-8"))
    assert {c["status"] for c in manifest["cases"].values()} == {"bygget"}
    assert len(manifest["cases"]) == len(list((shared_examples / "data" / "sager").glob("*.yaml")))
    package = tmp_path / "build" / "pakker" / "ofs-2024.pdf"
    assert "Administrative lettelser i mobilhåndteringen" in " ".join("".join(pdf_pages(package)).split())


def test_a_workspace_with_its_own_templates_gets_its_own_workbooks(tmp_path: Path):
    import openpyxl

    workspace = copy_workspace(tmp_path / "ws")
    shutil.copytree(REPO / "templates", workspace / "templates")
    template = workspace / "templates" / "fordelingsbilag" / "fordeling.xlsx"
    workbook = openpyxl.load_workbook(template)
    workbook["Fordeling"]["D2"] = "Udmøntet beløb {{ fordeling.enhed }}"
    workbook.save(template)

    result = run_build(workspace, "--no-pdf")

    assert result.exit_code == 0, result.output
    written = openpyxl.load_workbook(workspace / "build" / "telekol-fordeling" / "fordeling.xlsx")
    assert written["Fordeling"]["D2"].value.startswith("Udmøntet beløb ")


def test_a_workspace_keeps_its_own_overview_template(tmp_path: Path):
    """templates/pakke/oversigt.xlsx of the workspace is the one the package's overview is filled from."""
    workspace = copy_workspace(tmp_path / "ws")
    own = workspace / "templates" / "pakke" / "oversigt.xlsx"
    own.parent.mkdir(parents=True)
    template = openpyxl.load_workbook(REPO / "templates" / "pakke" / "oversigt.xlsx")
    template["Sager"]["A1"] = "Sagsnummer"
    template.save(own)
    result = run_build(workspace)
    assert result.exit_code == 0, result.output
    overview = openpyxl.load_workbook(workspace / "build" / "pakker" / "ofs-2024-oversigt.xlsx")
    assert overview["Sager"]["A1"].value == "Sagsnummer"
    assert overview["Sager"]["A2"].value == "mobilhaandtering" and overview["Tabel A"]["A1"].value.startswith("1.000 kr.")
    template["Sager"]["A1"] = "Id"  # an edit of the template alone rebuilds the package, and nothing else
    template.save(own)
    result = run_build(workspace)
    manifest = json.loads((workspace / "build" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["packages"]["ofs-2024"]["status"] == "bygget"
    assert {c["status"] for c in manifest["cases"].values()} == {"uændret"}
    assert openpyxl.load_workbook(workspace / "build" / "pakker" / "ofs-2024-oversigt.xlsx")["Sager"]["A1"].value == "Id"
