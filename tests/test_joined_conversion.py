"""Word files joined into one LibreOffice conversion and cut apart again give the same PDFs as one by one."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from docx import Document
from lxml import etree

from kkdocs.cli import main
from kkdocs.pdf.conversion import ConversionJob
from kkdocs.pdf.docx_join import PART_MARK, join_batch
from kkdocs.pdf.libreoffice import LibreOfficePool
from kkdocs.pdf.pdf_cut import CutProblem, cut_joined_pdf
from kkdocs.pdf.tag_tree import dump
from pdf_conformance import validator_findings
from pdf_fixtures import tag_attributes

REPO = Path(__file__).resolve().parent.parent
SOFFICE = shutil.which("soffice")
MOMENT = dt.date(2024, 5, 1)


@pytest.fixture(scope="module")
def word_files(tmp_path_factory) -> list[Path]:
    """The Word files of every shipped example, rendered by `kkdocs build --no-pdf`, in build order."""
    workspace = tmp_path_factory.mktemp("ws")
    shutil.copytree(REPO / "data", workspace / "data")
    result = CliRunner().invoke(main, ["--workspace", str(workspace), "build", "--no-pdf", "-j", "1"])
    assert result.exit_code == 0, result.output
    order = {"forslag": 0, "administrativt-bilag": 1}
    files = []
    for case in sorted(p for p in (workspace / "build").iterdir() if p.is_dir() and p.name != "pakker"):
        files += sorted(case.glob("*.docx"), key=lambda p: (order.get(p.stem, 2), p.stem))
    assert len(files) >= 8
    return files


def convert(files: list[Path], out: Path, join: int) -> list[Path]:
    """Each file's finished PDF: the pool finishes a cut part before it saves it, a file on its own after soffice."""
    jobs = [ConversionJob(f, out / f"{f.parent.name}--{f.stem}.pdf", dated=MOMENT) for f in files]
    with LibreOfficePool(workers=1, timeout=120, join=join) as pool:
        results = pool.convert(jobs)
    assert all(r.ok for r in results), [r.error for r in results]
    return [job.target for job in jobs]


def page_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def pixels(pdf: Path, scratch: Path) -> list[bytes]:
    scratch.mkdir(exist_ok=True)
    prefix = scratch / pdf.stem
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(prefix)], check=True)
    return [p.read_bytes() for p in sorted(scratch.glob(f"{pdf.stem}-*.png"))]


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    with pikepdf.open(pdf) as document, document.open_outline() as tree:
        pages = {page.objgen: n for n, page in enumerate(document.pages)}
        found = []

        def visit(items, depth):
            for item in items:
                found.append((depth, item.title, pages[item.destination[0].objgen]))
                visit(item.children, depth + 1)

        visit(tree.root, 0)
        return found


def info(pdf: Path) -> dict[str, str]:
    with pikepdf.open(pdf) as document:
        return {str(key): str(value) for key, value in document.docinfo.items()}


@pytest.mark.libreoffice
def test_joined_and_cut_pdfs_are_the_pdfs_of_the_files_on_their_own(word_files, tmp_path):
    alone = convert(word_files, tmp_path / "alone", join=1)
    joined = convert(word_files, tmp_path / "joined", join=16)
    for one, other in zip(alone, joined):
        assert page_text(other) == page_text(one), other.name
        assert pixels(other, tmp_path / "p-joined") == pixels(one, tmp_path / "p-alone"), other.name
        assert outline(other) == outline(one), other.name
        assert info(other) == info(one), other.name
        assert dump(other) == dump(one), other.name  # the same tag tree, element for element
        with pikepdf.open(other) as cut, pikepdf.open(one) as own:
            assert tag_attributes(cut) == tag_attributes(own), other.name  # and the same attributes
        assert validator_findings(other) == [], other.name


@pytest.mark.libreoffice
def test_a_joined_pdf_that_cannot_be_cut_is_converted_file_by_file(word_files, tmp_path):
    """A soffice that drops the export option gives no marks to cut at: each file then goes on its own."""
    calls = tmp_path / "calls"
    wrapper = tmp_path / "soffice"
    wrapper.write_text("#!/bin/sh\n"
                       f'echo "$#" >> "{calls}"\n'
                       'args=""; for a in "$@"; do case "$a" in *ExportBookmarksToPDFDestination*) '
                       'a=$(echo "$a" | sed "s/,\\"ExportBookmarksToPDFDestination[^}]*}//");; esac; '
                       'set -- "$@" "$a"; shift; done\n'
                       f'exec "{SOFFICE}" "$@"\n')
    wrapper.chmod(0o755)
    files = word_files[:4]
    jobs = [ConversionJob(f, tmp_path / "out" / f"{n}.pdf") for n, f in enumerate(files)]
    with LibreOfficePool(workers=1, timeout=120, soffice=str(wrapper), join=16) as pool:
        results = pool.convert(jobs)
    assert all(r.ok for r in results), [r.error for r in results]
    assert len(calls.read_text().split()) == 2  # the joined document, then the four files one by one
    for job, source in zip(jobs, files):
        assert page_text(job.target)[0].strip(), source.name


def docx(path: Path, *paragraphs: str, field: bool = False, style: str | None = None) -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text, style=style)
    if field:
        run = document.add_paragraph().add_run()
        run._r.append(run._r.makeelement("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instrText"))
    document.core_properties.title = path.stem
    document.save(path)
    return path


def test_only_files_that_cannot_change_are_joined(tmp_path):
    a, b, c = (docx(tmp_path / f"{name}.docx", f"Tekst {name}") for name in "abc")
    page_number = docx(tmp_path / "felt.docx", "Side", field=True)  # a field would count the joined pages
    sheet = tmp_path / "ark.xlsx"
    sheet.write_bytes(b"not read")
    joined, alone = join_batch([a, page_number, b, sheet, c], tmp_path, most=2)
    assert [(d.members, [p.title for p in d.parts]) for d in joined] == [([0, 2], ["a", "b"])]
    assert alone == [1, 3, 4]  # the field, the workbook, and c, which had no one left to join


def test_a_numbered_list_is_not_joined_but_bullets_are(tmp_path):
    """A numbered list in a joined file could go on counting from the file before it."""
    counted = docx(tmp_path / "tal.docx", "Første", "Anden", style="List Number")
    bullets = docx(tmp_path / "punkter.docx", "Første", "Anden", style="List Bullet")
    plain = docx(tmp_path / "tekst.docx", "Tekst")
    joined, alone = join_batch([plain, counted, bullets], tmp_path, most=16)
    assert [d.members for d in joined] == [[0, 2]] and alone == [1]


def test_a_joined_file_starts_each_file_on_a_new_section_with_its_mark(tmp_path):
    files = [docx(tmp_path / f"{n}.docx", f"Tekst {n}") for n in range(3)]
    [document], alone = join_batch(files, tmp_path, most=16)
    assert alone == [] and document.members == [0, 1, 2]
    xml = zipfile.ZipFile(document.path).read("word/document.xml").decode()
    assert xml.count("<w:sectPr") == 3
    assert [f'w:name="{PART_MARK}{n}"' in xml for n in (1, 2)] == [True, True]
    assert xml.index("Tekst 0") < xml.index(f"{PART_MARK}1") < xml.index("Tekst 1") < xml.index(f"{PART_MARK}2")


def test_a_pdf_without_the_marks_is_not_cut(tmp_path):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.add_blank_page()
    pdf.save(tmp_path / "samlet.pdf")
    parts = [None, None]
    with pytest.raises(CutProblem):
        cut_joined_pdf(tmp_path / "samlet.pdf", parts, [tmp_path / "a.pdf", tmp_path / "b.pdf"])
    assert not (tmp_path / "a.pdf").exists()


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def bulleted(path: Path, text: str, bullet: str, extra_style: str | None = None) -> Path:
    """A Word file whose one paragraph is in a bullet list of its own, numId 90, shown with `bullet`;
    with `extra_style`, its styles define one more paragraph style of that id."""
    docx(path, text)
    with zipfile.ZipFile(path) as package:
        entries = {name: package.read(name) for name in package.namelist()}
    numbering = etree.fromstring(entries["word/numbering.xml"])
    definition = etree.SubElement(numbering, W + "abstractNum", {W + "abstractNumId": f"7{ord(bullet)}"})
    level = etree.SubElement(definition, W + "lvl", {W + "ilvl": "0"})
    etree.SubElement(level, W + "numFmt", {W + "val": "bullet"})
    etree.SubElement(level, W + "lvlText", {W + "val": bullet})
    numbering.find(W + "num").addprevious(definition)
    instance = etree.SubElement(numbering, W + "num", {W + "numId": "90"})
    etree.SubElement(instance, W + "abstractNumId", {W + "val": f"7{ord(bullet)}"})
    entries["word/numbering.xml"] = etree.tostring(numbering)
    document = etree.fromstring(entries["word/document.xml"])
    paragraph = next(p for p in document.iter(W + "p") if text in "".join(p.itertext()))
    properties = paragraph.find(W + "pPr")
    if properties is None:
        properties = etree.Element(W + "pPr")
        paragraph.insert(0, properties)
    numbered = etree.SubElement(properties, W + "numPr")
    etree.SubElement(numbered, W + "ilvl", {W + "val": "0"})
    etree.SubElement(numbered, W + "numId", {W + "val": "90"})
    entries["word/document.xml"] = etree.tostring(document)
    if extra_style:
        styles = etree.fromstring(entries["word/styles.xml"])
        etree.SubElement(etree.SubElement(styles, W + "style", {W + "type": "paragraph", W + "styleId": extra_style}),
                         W + "name", {W + "val": extra_style})
        entries["word/styles.xml"] = etree.tostring(styles)
    with zipfile.ZipFile(path, "w") as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return path


def test_a_joined_file_keeps_its_own_bullets_and_brings_its_own_styles(tmp_path):
    """Files whose lists have the same number but other bullets: the later file's list gets a new number."""
    first = bulleted(tmp_path / "a.docx", "Punkt a", "•")
    second = bulleted(tmp_path / "b.docx", "Punkt b", "–", extra_style="KkEkstra")
    [document], alone = join_batch([first, second], tmp_path, most=16)
    assert alone == [] and document.members == [0, 1]
    with zipfile.ZipFile(document.path) as package:
        numbering = etree.fromstring(package.read("word/numbering.xml"))
        body = etree.fromstring(package.read("word/document.xml")).find(W + "body")
        styles = etree.fromstring(package.read("word/styles.xml"))
    shown = {instance.get(W + "numId"): instance.find(W + "abstractNumId").get(W + "val")
             for instance in numbering.iter(W + "num")}
    bullets = {definition.get(W + "abstractNumId"): definition.find(f"{W}lvl/{W}lvlText").get(W + "val")
               for definition in numbering.iter(W + "abstractNum") if definition.find(f"{W}lvl/{W}lvlText") is not None}
    numbers = {"".join(p.itertext()): p.find(f"{W}pPr/{W}numPr/{W}numId").get(W + "val")
               for p in body.iter(W + "p") if p.find(f"{W}pPr/{W}numPr") is not None}
    assert numbers["Punkt a"] == "90" and numbers["Punkt b"] != "90"
    assert bullets[shown[numbers["Punkt a"]]] == "•" and bullets[shown[numbers["Punkt b"]]] == "–"
    assert [s.get(W + "styleId") for s in styles.iter(W + "style")].count("KkEkstra") == 1
