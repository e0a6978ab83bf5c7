"""A part PDF from LibreOffice made publishable: tags mended, PDF/UA and PDF/A declared, reproducible.

LibreOffice 7.4 already writes a tagged PDF/A-2b when asked (see libreoffice.PDFA_CONVERT_TO);
this step mends what it leaves (see pdf_tags.mend_tags and pdf_archive), fixes the date to
the case's deadline and writes the file again with qpdf, whose output and `deterministic_id`
make the same document the same bytes.
"""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path

import pikepdf

from kkdocs.atomic_write import replacing
from kkdocs.pdf.pdf_archive import ArchiveMeta, declare_archive, save_pdf
from kkdocs.pdf.pdf_tags import mend_tags


def finish_part_pdf(path: Path, moment: dt.date, name: str | None = None) -> None:
    """Finish the converted PDF at `path` in place (`finish_part`; its title, if it has none: `name` or the stem).

    Opened by path, not from bytes in memory: qpdf then reads LibreOffice's long
    cross-reference table itself, not through Python calls (measured: 2,0 against 5,7 ms of
    CPU per part PDF). The file is closed before it is replaced.
    """
    with replacing(path, durable=False) as finished, pikepdf.open(path) as pdf:  # see flush_to_disk
        finish_part(pdf, moment, name or path.stem)
        save_pdf(pdf, finished)


def finish_part(pdf: pikepdf.Pdf, moment: dt.date, name: str, *, tags_mended: bool = False) -> None:
    """Make a PDF that LibreOffice wrote publishable, in memory; `name` is its title if it has none.

    pdf_cut finishes each part it cuts this way before it saves it, so a part cut out of a
    joined document is written once, not written, read and written again. It mends the tags
    of the whole joined document before it cuts, so its parts come `tags_mended`.
    """
    info = pdf.docinfo
    meta = ArchiveMeta(
        title=_text(info, "/Title") or name,
        author=_text(info, "/Author"),
        subject=_text(info, "/Subject"),
        creator=_text(info, "/Creator") or "LibreOffice",
        created=moment,
    )
    if not tags_mended:
        mend_tags(pdf)
    _date_icc_profiles(pdf, moment)
    declare_archive(pdf, meta)
    for noise in ("/DocChecksum", "/ID"):  # qpdf would keep the first half of LibreOffice's random /ID
        if noise in pdf.trailer:
            del pdf.trailer[noise]


def _date_icc_profiles(pdf: pikepdf.Pdf, moment: dt.date) -> None:
    """Give the output intent's ICC profile a fixed date.

    LibreOffice has lcms make its sRGB profile at each conversion, stamped with the time
    (bytes 24-35 of the ICC header), so it differs from run to run.
    """
    stamp = struct.pack(">6H", moment.year, moment.month, moment.day, 0, 0, 0)
    for intent in pdf.Root.get("/OutputIntents", pikepdf.Array()):
        profile = intent.get("/DestOutputProfile") if isinstance(intent, pikepdf.Dictionary) else None
        if not isinstance(profile, pikepdf.Stream):
            continue
        data = profile.read_bytes()
        if len(data) >= 128 and data[36:40] == b"acsp" and data[24:36] != stamp:
            profile.write(data[:24] + stamp + data[36:])  # qpdf compresses it again on save


def _text(info: pikepdf.Dictionary, key: str) -> str:
    value = info.get(key)
    return str(value).strip() if value is not None else ""
