"""A converted part is made publishable: LibreOffice's per-run noise (dates, /ID, /DocChecksum) is gone,
the same document gives the same bytes, and it declares PDF/UA-1 and PDF/A-2b in Danish."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pikepdf
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from kkdocs.pdf.part_pdf import finish_part_pdf

DAY = datetime.date(2024, 5, 1)


def libreoffice_like(created: str, file_id: str, checksum: str, text: str = "Samlet varig ændring -1.896") -> bytes:
    """A real PDF with LibreOffice's kinds of noise (creation date, /ID, /DocChecksum) spliced in at equal length."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(72, 720, text)
    canvas.save()
    data = buffer.getvalue()
    data = data.replace(b"/Producer", b"/DocChecksum /" + checksum.encode() + b"\n/Producer", 1)
    data = data.replace(b"/CreationDate (D:20000101000000+00'00')", f"/CreationDate (D:{created}+00'00')".encode())
    trailer_id = re.search(rb"/ID\s*\[<([0-9a-f]{32})><([0-9a-f]{32})>\]", data)
    assert trailer_id, "reportlab wrote no /ID to replace"
    return data.replace(trailer_id.group(0), f"/ID [<{file_id}><{file_id}>]".encode())


def finished(tmp_path: Path, data: bytes, name: str) -> bytes:
    path = tmp_path / name
    path.write_bytes(data)
    finish_part_pdf(path, DAY)
    return path.read_bytes()


def test_two_runs_become_identical_and_stay_readable(tmp_path):
    first = libreoffice_like("20261123121611", "69F7165AC4D5393B09EE23844C48E831", "58BC3D7DA8B8696C3547E321F8914CD7")
    second = libreoffice_like("20261123131702", "0123456789ABCDEF0123456789ABCDEF", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")
    assert first != second
    one, two = finished(tmp_path, first, "a.pdf"), finished(tmp_path, second, "b.pdf")
    assert one == two
    assert b"DocChecksum" not in one and b"69F7165AC4D5393B09EE23844C48E831" not in one.upper()
    assert "-1.896" in PdfReader(io.BytesIO(one)).pages[0].extract_text()
    with pikepdf.open(io.BytesIO(one)) as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20240501000000")
        assert str(pdf.Root.Lang) == "da-DK" and pdf.Root.ViewerPreferences.DisplayDocTitle
        xmp = pdf.Root.Metadata.read_bytes()
        assert b"<pdfuaid:part>1</pdfuaid:part>" in xmp and b"<pdfaid:part>2</pdfaid:part>" in xmp
        assert b"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in xmp
        assert b"2024-05-01T00:00:00+00:00" in xmp


def test_different_content_gives_different_ids(tmp_path):
    a = finished(tmp_path, libreoffice_like("20261123121611", "0" * 32, "A" * 32), "a.pdf")
    b = finished(tmp_path, libreoffice_like("20261123121611", "0" * 32, "A" * 32, "Samlet -1.895"), "b.pdf")
    with pikepdf.open(io.BytesIO(a)) as one, pikepdf.open(io.BytesIO(b)) as two:
        assert bytes(one.trailer.ID[0]) != bytes(two.trailer.ID[0])
