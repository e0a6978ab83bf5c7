"""A workspace's templates reach nothing outside themselves: no linked picture, no attached template, no macros.

Each test edits a copy of a shipped template for real (hostile_office.py) and runs the real
commands: `kkdocs templates check` names the template and the relationship, `kkdocs build`
fails that case alone with a Danish message, and LibreOffice, handed such a file anyway,
fetches nothing (an HTTP server on 127.0.0.1 counts the requests).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from kkdocs.pdf.conversion import ConversionJob
from kkdocs.pdf.converter import open_converter

from .hostile_office import (add_connection, add_macros, attach_external_template, counting_server,
                             link_external_workbook, link_picture, link_sheet_picture)
from .test_templates_sandbox import assert_only_fordeling_failed, build

REPO = Path(__file__).resolve().parents[2]
KKDOCS = Path(sys.executable).parent / "kkdocs"


@pytest.fixture
def own_templates(workspace):
    """The workspace with its own copy of templates/, a fordelingsbilag case and a loan case."""
    shutil.copytree(REPO / "templates", workspace.path / "templates")
    workspace.write("fordeling.yaml", (REPO / "data/sager/telekol-fordeling.yaml").read_text(encoding="utf-8"))
    workspace.write("laan.yaml", (REPO / "data/sager/botilbud-sundholm.yaml").read_text(encoding="utf-8"))
    return workspace


def png(path: Path) -> Path:
    """A real 8 × 8 red PNG: what a linked picture would show, if it were fetched."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + b"\xff\0\0" * 8 for _ in range(8))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


def templates_check(workspace) -> tuple[int, str]:
    done = subprocess.run([str(KKDOCS), "--workspace", str(workspace.path), "templates", "check"],
                          capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout + done.stderr


def targets(tmp_path: Path, base: str) -> dict[str, str]:
    secret = png(tmp_path / "hemmelig.png")
    return {"path": str(secret), "file-url": secret.as_uri(), "http": f"{base}/logo.png"}


@pytest.mark.parametrize("kind", ["path", "file-url", "http"])
@pytest.mark.parametrize("attribute", ["embed", "link"])
def test_linked_picture_in_a_word_template_is_refused(own_templates, tmp_path, kind, attribute):
    with counting_server() as (base, requests):
        target = targets(tmp_path, base)[kind]
        link_picture(own_templates.path / "templates" / "fordelingsbilag" / "bilag.docx", target, attribute)

        code, output = templates_check(own_templates)
        assert code == 1, output
        problem = next(line for line in output.splitlines() if line.startswith("fordelingsbilag/bilag.docx:"))
        assert "rIdLinked901" in problem and target in problem and "uden for filen" in problem, problem
        assert "0 problemer" not in output

        code, output = build(own_templates)
        line = assert_only_fordeling_failed(own_templates, code, output)
        assert "Skabelonen bilag.docx" in line and "rIdLinked901" in line and target in line, line
        assert requests == []


def test_linked_picture_in_an_excel_template_is_refused(own_templates, tmp_path):
    with counting_server() as (base, requests):
        link_sheet_picture(own_templates.path / "templates" / "fordelingsbilag" / "fordeling.xlsx", f"{base}/logo.png")
        code, output = templates_check(own_templates)
        assert code == 1 and "fordelingsbilag/fordeling.xlsx:" in output and f"{base}/logo.png" in output, output
        code, output = build(own_templates)
        line = assert_only_fordeling_failed(own_templates, code, output)
        assert "Skabelonen fordeling.xlsx" in line and "rIdLinked901" in line, line
        assert requests == []


def test_external_attached_template_is_refused(own_templates, tmp_path):
    with counting_server() as (base, requests):
        attach_external_template(own_templates.path / "templates" / "fordelingsbilag" / "bilag.docx",
                                 f"{base}/Normal.dotm")
        code, output = templates_check(own_templates)
        assert code == 1 and "tilknyttet skabelon" in output and "word/_rels/settings.xml.rels" in output, output
        code, output = build(own_templates)
        line = assert_only_fordeling_failed(own_templates, code, output)
        assert "Skabelonen bilag.docx" in line and "tilknyttet skabelon" in line and "Normal.dotm" in line, line
        assert requests == []


@pytest.mark.parametrize("template, part", [("bilag.docx", "word/vbaProject.bin"),
                                            ("fordeling.xlsx", "xl/vbaProject.bin")])
def test_macros_in_a_template_are_refused(own_templates, template, part):
    add_macros(own_templates.path / "templates" / "fordelingsbilag" / template)
    code, output = templates_check(own_templates)
    assert code == 1 and f"fordelingsbilag/{template}: skabelonen indeholder makroer ({part})" in output, output
    code, output = build(own_templates)
    line = assert_only_fordeling_failed(own_templates, code, output)
    assert f"Skabelonen {template} indeholder makroer" in line, line


@pytest.mark.parametrize("make, expected", [(link_external_workbook, "en kæde til en anden projektmappe"),
                                            (add_connection, "xl/connections.xml")], ids=["external-link", "connection"])
def test_an_excel_template_that_fetches_data_is_refused(own_templates, make, expected):
    with counting_server() as (base, requests):
        make(own_templates.path / "templates" / "fordelingsbilag" / "fordeling.xlsx", f"{base}/data.xlsx")
        code, output = templates_check(own_templates)
        assert code == 1 and "fordelingsbilag/fordeling.xlsx:" in output and expected in output, output
        code, output = build(own_templates)
        line = assert_only_fordeling_failed(own_templates, code, output)
        assert "Skabelonen fordeling.xlsx" in line and expected in line, line
        assert requests == []


def test_a_hyperlink_in_a_template_is_allowed(own_templates):
    """A hyperlink is an external relationship too, but nothing fetches it: templates check passes it."""
    docx = own_templates.path / "templates" / "fordelingsbilag" / "bilag.docx"
    with zipfile.ZipFile(docx) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    rels = entries["word/_rels/document.xml.rels"].decode("utf-8")
    entries["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdWeb" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'hyperlink" Target="https://www.kk.dk/" TargetMode="External"/></Relationships>')).encode("utf-8")
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries.items():
            target.writestr(name, data)
    code, output = templates_check(own_templates)
    assert code == 0, output


@pytest.mark.libreoffice
def test_libreoffice_fetches_nothing_a_document_links_to(tmp_path):
    """What kkdocs hands soffice cannot make it read a file or call an address (the pool's profile says so)."""
    secret = png(tmp_path / "hemmelig.png")
    jobs = []
    with counting_server() as (base, requests):
        for number, (target, attribute) in enumerate([(f"{base}/embed.png", "embed"), (f"{base}/link.png", "link"),
                                                      (secret.as_uri(), "link"), (str(secret), "link")]):
            docx = tmp_path / f"linket-{number}.docx"
            shutil.copyfile(REPO / "templates" / "fordelingsbilag" / "bilag.docx", docx)
            link_picture(docx, target, attribute)
            jobs.append(ConversionJob(docx, tmp_path / f"linket-{number}.pdf"))
        xlsx = tmp_path / "linket.xlsx"
        shutil.copyfile(REPO / "templates" / "pakke" / "oversigt.xlsx", xlsx)
        link_sheet_picture(xlsx, f"{base}/sheet.png")
        jobs.append(ConversionJob(xlsx, tmp_path / "linket.pdf"))
        with open_converter(workers=1) as converter:
            results = converter.convert(jobs)
        assert all(result.ok for result in results), [result.error for result in results]
        assert requests == []
    for job in jobs:
        images = subprocess.run(["pdfimages", "-list", str(job.target)], capture_output=True, text=True, check=True)
        assert len(images.stdout.splitlines()) == 2, f"{job.target.name} holds a picture:\n{images.stdout}"


@pytest.mark.libreoffice
def test_a_full_build_with_a_linked_template_fetches_nothing(own_templates):
    """The whole build, PDFs and bundles included: the case with the linked template fails alone, nothing is fetched."""
    with counting_server() as (base, requests):
        link_picture(own_templates.path / "templates" / "fordelingsbilag" / "bilag.docx", f"{base}/logo.png", "link")
        done = subprocess.run([str(KKDOCS), "--workspace", str(own_templates.path), "build"],
                              capture_output=True, text=True, timeout=600)
        output = done.stdout + done.stderr
        assert done.returncode == 1 and "Traceback" not in output, output
        assert "Skabelonen bilag.docx" in output and f"{base}/logo.png" in output, output
        assert (own_templates.path / "build" / "laan" / "laan.pdf").is_file(), output
        assert not (own_templates.path / "build" / "fordeling").exists()
        assert requests == []
