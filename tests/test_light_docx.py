"""Light Word files: a rendered .docx keeps every style it names and loses what no page needs,
and LibreOffice makes the same pages of it as of the heavy file."""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

import kkdocs.documents.render_docx
from kkdocs.batch.validate import validate
from kkdocs.documents.light_docx import REL, STYLE_LINKS, STYLE_REFERENCES, W, lighten, pruned_styles
from kkdocs.documents.render_docx import render_documents
from kkdocs.workspace import find_workspace

REPO = Path(__file__).resolve().parent.parent
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _render_examples(outdir: Path) -> list[Path]:
    workspace = find_workspace(explicit=REPO)
    validation = validate([], workspace)
    paths = []
    for result in validation.cases:
        assert result.ok, (result.id, [f.message for f in result.findings])
        paths += [p.path for p in render_documents(result, validation.reference, workspace, outdir / result.id)
                  if p.kind == "docx"]
    return paths


@pytest.fixture(scope="module")
def light(tmp_path_factory) -> list[Path]:
    return _render_examples(tmp_path_factory.mktemp("light"))


@pytest.fixture(scope="module")
def heavy(tmp_path_factory) -> list[Path]:
    """The same documents rendered as before light_docx: the template's parts as python-docx saves them."""
    original = kkdocs.documents.render_docx.lighten
    kkdocs.documents.render_docx.lighten = lambda entries: entries
    try:
        return _render_examples(tmp_path_factory.mktemp("heavy"))
    finally:
        kkdocs.documents.render_docx.lighten = original


def _xml(package: zipfile.ZipFile, name: str):
    return etree.fromstring(package.read(name))


def _style_ids(styles) -> dict[str, object]:
    return {style.get(W + "styleId"): style for style in styles.iter(W + "style")}


def test_every_named_style_and_its_chain_is_kept(light, heavy):
    assert len(light) == len(heavy) > 0
    for light_path, heavy_path in zip(light, heavy):
        with zipfile.ZipFile(light_path) as package, zipfile.ZipFile(heavy_path) as before:
            styles = _style_ids(_xml(package, "word/styles.xml"))
            named = {element.get(W + "val") for name in package.namelist()
                     if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml"
                     for element in _xml(package, name).iter(*STYLE_REFERENCES)}
            assert named and named <= set(styles), (light_path, named - set(styles))
            for style in styles.values():
                for link in STYLE_LINKS:
                    element = style.find(link)
                    assert element is None or element.get(W + "val") in styles, (light_path, style.get(W + "styleId"))
            before_styles = _style_ids(_xml(before, "word/styles.xml"))
            defaults = {i for i, s in before_styles.items() if s.get(W + "default") == "1"}
            assert defaults <= set(styles)
            assert len(styles) < len(before_styles)
            assert _xml(package, "word/styles.xml").find(W + "latentStyles") is None
            for kept in styles:  # each kept style is the template's own, unchanged
                assert etree.tostring(styles[kept]) == etree.tostring(before_styles[kept])


def test_stylesWithEffects_and_thumbnail_are_gone_and_the_package_is_whole(light, heavy):
    for light_path, heavy_path in zip(light, heavy):
        with zipfile.ZipFile(heavy_path) as before:
            assert "word/stylesWithEffects.xml" in before.namelist()  # else this test shows nothing
            assert any("thumbnail" in name for name in before.namelist())
        with zipfile.ZipFile(light_path) as package:
            names = set(package.namelist())
            assert "word/stylesWithEffects.xml" not in names
            assert not any("thumbnail" in name for name in names)
            overrides = {o.get("PartName").lstrip("/") for o in _xml(package, "[Content_Types].xml").iter(CT + "Override")}
            assert overrides <= names
            for rels in (n for n in names if n.endswith(".rels")):
                folder = Path(rels).parent.parent
                for relationship in _xml(package, rels).iter(REL + "Relationship"):
                    target = os.path.normpath(folder / relationship.get("Target")).lstrip("./")
                    assert relationship.get("TargetMode") == "External" or target in names, (rels, target)
        assert [p.text for p in docx.Document(str(light_path)).paragraphs] == \
               [p.text for p in docx.Document(str(heavy_path)).paragraphs]
        assert light_path.stat().st_size < heavy_path.stat().st_size / 2


STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:latentStyles w:count="1"><w:lsdException w:name="Normal"/></w:latentStyles>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"/>
<w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/></w:style>
<w:style w:type="paragraph" w:styleId="B"><w:next w:val="C"/></w:style>
<w:style w:type="paragraph" w:styleId="C"><w:link w:val="D"/></w:style>
<w:style w:type="character" w:styleId="D"/>
<w:style w:type="paragraph" w:styleId="E"><w:basedOn w:val="A"/></w:style>
</w:styles>"""


def test_chains_are_followed_through_basedOn_next_and_link():
    kept = _style_ids(etree.fromstring(pruned_styles(STYLES.encode(), frozenset({"A"}))))
    assert set(kept) == {"Normal", "A", "B", "C", "D"}
    assert set(_style_ids(etree.fromstring(pruned_styles(STYLES.encode(), frozenset())))) == {"Normal"}


def test_a_package_without_extras_keeps_its_parts():
    entries = [("[Content_Types].xml", b"<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>"),
               ("word/document.xml", b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'/>")]
    assert lighten(entries) == entries


def _pdf_pages(pdf: Path, scratch: Path) -> list[bytes]:
    prefix = scratch / pdf.stem
    subprocess.run(["pdftoppm", "-r", "40", str(pdf), str(prefix)], check=True)
    return [page.read_bytes() for page in sorted(scratch.glob(f"{pdf.stem}-*.ppm"))]


@pytest.mark.libreoffice
def test_libreoffice_makes_the_same_pages_of_light_and_heavy_files(light, heavy, tmp_path):
    sources = tmp_path / "in"
    sources.mkdir()
    names = []
    for kind, paths in (("light", light), ("heavy", heavy)):
        for path in paths:
            names.append(sources / f"{kind}--{path.parent.name}--{path.name}")
            names[-1].write_bytes(path.read_bytes())
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *map(str, names)],
                   check=True, capture_output=True, timeout=300, env={**os.environ, "HOME": str(tmp_path)})
    pages = tmp_path / "pages"
    pages.mkdir()
    for path in light:
        stem = f"{path.parent.name}--{path.stem}"
        light_pdf, heavy_pdf = tmp_path / "pdf" / f"light--{stem}.pdf", tmp_path / "pdf" / f"heavy--{stem}.pdf"
        light_text, heavy_text = (subprocess.run(["pdftotext", "-layout", str(p), "-"], capture_output=True, text=True,
                                                 check=True).stdout for p in (light_pdf, heavy_pdf))
        assert light_text == heavy_text and light_text.strip(), stem
        light_pages, heavy_pages = _pdf_pages(light_pdf, pages), _pdf_pages(heavy_pdf, pages)
        assert len(light_pages) == len(heavy_pages) > 0
        assert light_pages == heavy_pages, stem
