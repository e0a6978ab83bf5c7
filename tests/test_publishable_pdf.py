"""Every PDF a build writes is tagged PDF/UA-1 and PDF/A-2b, checked by two validators
and by reading the tags back: the shipped examples, the acceptance examples, and a build with
attached PDFs (one tagged, one not).
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from pdf_conformance import PDFUA, parent_tree, squeeze, validator_findings
from pdf_fixtures import make_pdf

from kkdocs.cli import main
from kkdocs.pdf.pdf_tags import role, role_names, walk
from kkdocs.pdf.tag_tree import OUTSIDE, dump, page_texts, tree_content

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.libreoffice


def build(workspace: Path, *args: str) -> Path:
    result = CliRunner().invoke(main, ["--workspace", str(workspace), "build", *args])
    assert result.exit_code == 0, result.output
    return workspace / "build"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    workspace = tmp_path_factory.mktemp("shipped")
    shutil.copytree(REPO / "data", workspace / "data")
    return build(workspace)


@pytest.fixture(scope="module")
def with_attachments(tmp_path_factory, shipped: Path) -> Path:
    """The shipped data, with a tagged PDF (a part kkdocs made) attached to a case in the package,
    and a copy of that case outside the package with an untagged one (drawn by reportlab)."""
    workspace = tmp_path_factory.mktemp("attached")
    shutil.copytree(REPO / "data", workspace / "data")
    cases = workspace / "data" / "sager"
    (cases / "bilag").mkdir()
    shutil.copy(shipped / "telekol-fordeling" / "bilag.pdf", cases / "bilag" / "tagget.pdf")
    make_pdf(cases / "bilag" / "utagget.pdf", "Ekstern analyse", 2)
    shutil.copy(cases / "energibesparelser.yaml", cases / "analyse-uden-tags.yaml")
    for case, name in (("energibesparelser", "tagget.pdf"), ("analyse-uden-tags", "utagget.pdf")):
        path = cases / f"{case}.yaml"
        text = path.read_text(encoding="utf-8")
        assert "\nbilag:\n" in text
        path.write_text(text.replace("\nbilag:\n", f"\nbilag:\n  - titel: Vedlagt {name}\n    fil: bilag/{name}\n", 1),
                        encoding="utf-8")
    return build(workspace)


def written_pdfs(build_dir: Path) -> list[Path]:
    pdfs = sorted(p for p in build_dir.rglob("*.pdf") if ".staging" not in p.parts)
    assert pdfs
    return pdfs


def test_validators_are_installed():
    assert Path(PDFUA).is_file(), "pdfua (PyPI) mangler i test-miljøet"


def test_every_pdf_of_the_shipped_examples_passes_both_validators(shipped: Path):
    findings = {p.relative_to(shipped).as_posix(): validator_findings(p) for p in written_pdfs(shipped)}
    assert {name: found for name, found in findings.items() if found} == {}
    assert any(name.startswith("pakker/") for name in findings)


def test_every_pdf_of_the_acceptance_examples_passes_both_validators(shared_examples: Path, tmp_path: Path):
    shutil.copytree(shared_examples / "data", tmp_path / "data")
    built = build(tmp_path)
    findings = {p.relative_to(built).as_posix(): validator_findings(p) for p in written_pdfs(built)}
    assert {name: found for name, found in findings.items() if found} == {}


def test_a_tagged_attachment_keeps_its_bundle_and_package_valid(with_attachments: Path):
    untagged_case = with_attachments / "analyse-uden-tags"
    checked = [p for p in written_pdfs(with_attachments) if untagged_case not in p.parents]
    assert with_attachments / "energibesparelser" / "energibesparelser.pdf" in checked
    assert with_attachments / "pakker" / "ofs-2024.pdf" in checked
    findings = {p.relative_to(with_attachments).as_posix(): validator_findings(p) for p in checked}
    assert {name: found for name, found in findings.items() if found} == {}


def test_an_untagged_attachment_is_an_advarsel_and_its_bundle_claims_no_conformance(with_attachments: Path):
    result = CliRunner().invoke(main, ["--workspace", str(with_attachments.parent), "validate"])
    lines = [line for line in result.output.splitlines() if "BILAG-UTAGGET" in line]
    assert len(lines) == 1 and "advarsel" in lines[0] and "utagget.pdf" in lines[0], result.output
    bundle = with_attachments / "analyse-uden-tags" / "analyse-uden-tags.pdf"
    data = bundle.read_bytes()
    assert b"pdfuaid:part" not in data and b"pdfaid:part" not in data
    with pikepdf.open(bundle) as pdf:
        assert "/StructTreeRoot" in pdf.Root  # the tagged parts keep their tags all the same
    report = (with_attachments / "index.html").read_text(encoding="utf-8")
    assert "ikke PDF/UA" in report and "PDF/UA · PDF/A" in report


@pytest.mark.parametrize("name", ["pakker/ofs-2024.pdf", "mobilhaandtering/mobilhaandtering.pdf",
                                  "botilbud-sundholm/ansøgning.pdf"])
def test_every_marked_content_is_in_the_tree_once_and_the_parent_tree_points_back(shipped: Path, name: str):
    with pikepdf.open(shipped / name) as pdf:
        in_tree = tree_content(pdf)
        assert len(in_tree) == len(set(in_tree))
        on_pages = set()
        for index, page in enumerate(pdf.pages):
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                    on_pages.add((index, int(operands[1].MCID)))
        assert set(in_tree) == on_pages
        parents = parent_tree(pdf)
        owners = {}
        for element in walk(pdf.Root.StructTreeRoot):
            for kid in element.get("/K", []) if isinstance(element.get("/K"), pikepdf.Array) else [element.get("/K")]:
                if isinstance(kid, int):
                    owners[(element.Pg.objgen, kid)] = element.objgen
        for index, page in enumerate(pdf.pages):
            array = parents[int(page.obj.StructParents)]
            for mcid, element in enumerate(array):
                if (page.obj.objgen, mcid) in owners:
                    assert owners[(page.obj.objgen, mcid)] == element.objgen


@pytest.mark.parametrize("name", ["pakker/ofs-2024.pdf", "energibesparelser/energibesparelser.pdf"])
def test_text_of_the_tree_is_the_text_of_each_page_apart_from_the_stamps(shipped: Path, name: str):
    """Character for character (pdftotext orders a table's cells by position, the tree by row, so
    the order is not compared; hyphens are dropped, as pdftotext joins words hyphenated at a line end)."""
    path = shipped / name
    with pikepdf.open(path) as pdf:
        order = tree_content(pdf)
        pages = len(pdf.pages)
    marked = page_texts(path)
    unnumbered = 1 if name.startswith("pakker/") else 0  # a package's cover has no page number
    for index in range(pages):
        tagged, artifacts = marked[index].tagged, marked[index].artifacts
        assert OUTSIDE not in tagged, f"side {index + 1}: tekst uden tags: {tagged.get(OUTSIDE)!r}"
        tree_text = "".join(tagged.get(mcid, "") for page, mcid in order if page == index)
        shown = subprocess.run(["pdftotext", "-f", str(index + 1), "-l", str(index + 1), str(path), "-"],
                               capture_output=True, text=True, check=True).stdout
        if index < unnumbered:
            assert "Side" not in squeeze(artifacts)
        else:
            assert f"Side{index + 1 - unnumbered}af{pages - unnumbered}" in squeeze(artifacts)
        assert squeeze(tree_text), f"side {index + 1} har ingen tekst i træet"
        assert Counter(_letters(tree_text + artifacts)) == Counter(_letters(shown)), f"side {index + 1}"


def _letters(text: str) -> str:
    return squeeze(text).replace("-", "").replace("\u00ad", "")


def test_a_package_is_one_document_a_reader_walks_from_the_cover_to_the_last_case(shipped: Path):
    with pikepdf.open(shipped / "pakker" / "ofs-2024.pdf") as pdf:
        root = pdf.Root.StructTreeRoot
        documents = [e for e in walk(root) if role(e, role_names(root.get("/RoleMap"))) == "/Document"]
        assert len(documents) == 1
        parts = [str(e.T) for e in walk(root) if e.S == pikepdf.Name.Part and e.P.objgen == documents[0].objgen]
        titles = [str(item.title) for item in pdf.open_outline().root]
        assert parts == titles
        assert parts[:3] == ["Forside", "Indholdsfortegnelse", "Oversigt"]
        headings = [str(e.S)[1:] for e in walk(root) if str(e.S) in ("/H1", "/H2", "/H3", "/H4")]
        levels = [int(h[1]) for h in headings]
        assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))
        kinds = {str(e.S) for e in walk(root)}
        assert {"/TOC", "/TOCI", "/Table", "/TH", "/TD"} <= kinds
        last_page = pdf.pages[-1].obj.objgen
        assert any("/Pg" in e and e.Pg.objgen == last_page for e in walk(root))


def test_the_dump_reads_the_package_from_the_cover_to_the_last_case(shipped: Path):
    lines = dump(shipped / "pakker" / "ofs-2024.pdf", width=400).splitlines()
    assert lines[0] == "Document"
    assert lines[1] == "  Part »Forside«"
    assert any(line.strip().startswith("H1: Tværgående forslag til overførselssagen 2024") for line in lines[:8])
    last_case = [i for i, line in enumerate(lines) if line.startswith("  Part »")][-1]
    assert "Indregning af energibesparelser" in lines[last_case]
    assert not any("Side " in line and " af " in line for line in lines)  # the stamps are not read
