"""LibreOffice's per-run noise (dates, /ID, /DocChecksum, XMP ids) is replaced, and the file still opens."""

from __future__ import annotations

import datetime
import io
import re

from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from kkdocs.pdf_normalise import normalise_pdf_bytes

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


def test_two_runs_become_identical_and_stay_readable():
    first = libreoffice_like("20261123121611", "69F7165AC4D5393B09EE23844C48E831", "58BC3D7DA8B8696C3547E321F8914CD7")
    second = libreoffice_like("20261123131702", "0123456789ABCDEF0123456789ABCDEF", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")
    assert first != second
    one, two = normalise_pdf_bytes(first, DAY), normalise_pdf_bytes(second, DAY)
    assert one == two
    assert b"D:20240501000000" in one
    assert len(one) == len(first)
    assert "-1.896" in PdfReader(io.BytesIO(one)).pages[0].extract_text()


def test_different_content_keeps_different_checksums():
    a = normalise_pdf_bytes(libreoffice_like("20261123121611", "0" * 32, "A" * 32), DAY)
    b = normalise_pdf_bytes(libreoffice_like("20261123121611", "0" * 32, "A" * 32, "Samlet -1.895"), DAY)
    checksum = lambda data: data.split(b"/DocChecksum /")[1][:32]  # noqa: E731
    assert checksum(a) != checksum(b)
