"""A part PDF from LibreOffice made publishable: tags mended, PDF/UA and PDF/A declared, reproducible.

LibreOffice 7.4 already writes a tagged PDF/A-2b when asked (see libreoffice.PDFA_CONVERT_TO);
this step mends what it leaves (see pdf_tags.mend_tables and pdf_archive), fixes the date
to the case's deadline and writes the file again with qpdf, whose output and
`deterministic_id` make the same document the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pikepdf

from kkdocs.atomic_write import write_bytes_atomically
from kkdocs.pdf_archive import ArchiveMeta, declare_archive
from kkdocs.pdf_tags import mend_tables


def finish_part_pdf(path: Path, moment: dt.date) -> None:
    """Rewrite the converted PDF at `path` in place."""
    with pikepdf.open(io.BytesIO(path.read_bytes())) as pdf:
        info = pdf.docinfo
        meta = ArchiveMeta(
            title=_text(info, "/Title") or path.stem,
            author=_text(info, "/Author"),
            subject=_text(info, "/Subject"),
            creator=_text(info, "/Creator") or "LibreOffice",
            created=moment,
        )
        mend_tables(pdf)
        declare_archive(pdf, meta)
        if "/DocChecksum" in pdf.trailer:
            del pdf.trailer.DocChecksum
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True)
    write_bytes_atomically(path, buffer.getvalue())


def _text(info: pikepdf.Dictionary, key: str) -> str:
    value = info.get(key)
    return str(value).strip() if value is not None else ""
