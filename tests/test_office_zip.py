"""office_zip: a saved package restamped in place equals one written anew."""

from __future__ import annotations

import io
import warnings
import zipfile

import docx
import openpyxl

from kkdocs.office_zip import FILE_MODE, restamp_package, write_package

STAMP = (2024, 9, 5, 12, 0, 0)


def test_restamping_in_place_gives_the_bytes_of_a_rewritten_zip(tmp_path):
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    saved = buffer.getvalue()

    fixed = restamp_package(saved, STAMP)

    with zipfile.ZipFile(io.BytesIO(saved)) as source:
        assert fixed == write_package(((info.filename, source.read(info)) for info in source.infolist()), STAMP)
    with zipfile.ZipFile(io.BytesIO(fixed)) as result:
        assert result.testzip() is None
        assert {(info.date_time, info.external_attr) for info in result.infolist()} == {(STAMP, FILE_MODE)}


def test_an_openpyxl_workbook_restamps_as_well():
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)

    fixed = restamp_package(buffer.getvalue(), STAMP)

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

    fixed = restamp_package(buffer.getvalue(), STAMP)

    with zipfile.ZipFile(io.BytesIO(fixed)) as result:
        assert result.namelist() == ["docProps/core.xml", "word/document.xml"]
        assert result.read("docProps/core.xml") == b"<fra python-docx/>"
        assert {info.date_time for info in result.infolist()} == {STAMP}
