"""What render_docx keeps between documents in one process, and how it makes the zip deterministic.

A process reuses the patched and compiled template parts it has seen, looked up by their text;
the styles part is carried over as bytes; the zip's time stamps are rewritten in place. None of
that may change what a document says, or keep an edited template from being used.
"""

from __future__ import annotations

import datetime
import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx

from kkdocs.render_docx import DocumentMeta, _deterministic_zip, render_docx

META = DocumentMeta(title="Notat", author="Økonomiforvaltningen", subject="Budget", date=datetime.date(2024, 9, 5))
STAMP = (2024, 9, 5, 12, 0, 0)


@dataclass
class Context:
    navn: str


def template(path: Path, text: str) -> Path:
    document = docx.Document()
    document.add_paragraph(text)
    document.save(path)
    return path


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_a_template_edited_between_two_documents_is_used_as_edited(tmp_path):
    source = template(tmp_path / "notat.docx", "Hej {{ navn }}")
    render_docx(source, Context("Anna"), tmp_path / "1.docx", META)
    render_docx(source, Context("Bo"), tmp_path / "2.docx", META)  # the same template again, from memory
    template(source, "Farvel {{ navn }}")
    render_docx(source, Context("Anna"), tmp_path / "3.docx", META)

    assert paragraphs(tmp_path / "1.docx") == ["Hej Anna"]
    assert paragraphs(tmp_path / "2.docx") == ["Hej Bo"]
    assert paragraphs(tmp_path / "3.docx") == ["Farvel Anna"]


def test_the_styles_part_is_carried_over_as_it_is(tmp_path):
    source = template(tmp_path / "notat.docx", "Hej {{ navn }}")
    render_docx(source, Context("Anna"), tmp_path / "out.docx", META)

    with zipfile.ZipFile(source) as before, zipfile.ZipFile(tmp_path / "out.docx") as after:
        assert after.read("word/styles.xml") == before.read("word/styles.xml")
    assert docx.Document(str(tmp_path / "out.docx")).styles["Heading 1"].name == "Heading 1"


def test_restamping_in_place_gives_the_bytes_of_a_rewritten_zip(tmp_path):
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    saved = buffer.getvalue()

    fixed = _deterministic_zip(saved, datetime.date(2024, 9, 5))

    rewritten = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(saved)) as source, zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=STAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info))
    assert fixed == rewritten.getvalue()
    with zipfile.ZipFile(io.BytesIO(fixed)) as result:
        assert result.testzip() is None
        assert {info.date_time for info in result.infolist()} == {STAMP}


def test_a_duplicate_entry_is_kept_once_with_its_last_content():
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        archive.writestr("docProps/core.xml", "<fra skabelonen/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("docProps/core.xml", "<fra python-docx/>")

    fixed = _deterministic_zip(buffer.getvalue(), datetime.date(2024, 9, 5))

    with zipfile.ZipFile(io.BytesIO(fixed)) as result:
        assert result.namelist() == ["docProps/core.xml", "word/document.xml"]
        assert result.read("docProps/core.xml") == b"<fra python-docx/>"
        assert {info.date_time for info in result.infolist()} == {STAMP}
