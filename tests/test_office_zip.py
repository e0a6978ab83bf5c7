"""office_zip: the packages it writes read back exactly, with one time and mode for every entry."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl

from kkdocs.documents.office_zip import FILE_MODE, write_package

STAMP = (2024, 9, 5, 12, 0, 0)


def entries_of(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [(info.filename, package.read(info)) for info in package.infolist()]


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_every_entry_reads_back_as_written_with_the_fixed_time_and_mode():
    entries = entries_of(saved(docx.Document())) + [("xl/ark æøå.xml", b"<a/>"), ("tom.txt", b"")]

    written = write_package(entries, STAMP)

    with zipfile.ZipFile(io.BytesIO(written)) as package:
        assert package.testzip() is None  # every CRC matches
        assert [(i.filename, package.read(i)) for i in package.infolist()] == entries
        assert {(i.date_time, i.external_attr, i.compress_type) for i in package.infolist()} == {
            (STAMP, FILE_MODE, zipfile.ZIP_DEFLATED)}
    assert write_package(entries, STAMP) == written


def test_the_libraries_open_what_it_writes():
    document = docx.Document()
    document.add_paragraph("Kort resumé")
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = 1234

    again_docx = docx.Document(io.BytesIO(write_package(entries_of(saved(document)), STAMP)))
    again_xlsx = openpyxl.load_workbook(io.BytesIO(write_package(entries_of(saved(workbook)), STAMP)))

    assert [p.text for p in again_docx.paragraphs] == ["Kort resumé"]
    assert again_xlsx.active["A1"].value == 1234

