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



def test_a_small_part_is_compressed_once_and_a_large_one_is_not_kept():
    """Shared template parts are small and come again; a large part (a joined document's body) does not."""
    from kkdocs.documents import office_zip

    small = b"<theme>" + b"t" * 4_000 + b"</theme>"
    large = bytes(range(256)) * (office_zip.LARGEST_CACHED_PART // 256 + 1)
    office_zip._kept_deflate.cache_clear()
    first = write_package([("word/theme/theme1.xml", small), ("word/document.xml", large)], STAMP)
    second = write_package([("word/theme/theme1.xml", small), ("word/document.xml", large)], STAMP)

    assert first == second and entries_of(first) == [("word/theme/theme1.xml", small), ("word/document.xml", large)]
    info = office_zip._kept_deflate.cache_info()
    assert (info.currsize, info.hits) == (1, 1)  # the theme, compressed once; the body never kept
