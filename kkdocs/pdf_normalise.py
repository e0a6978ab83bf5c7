"""Make LibreOffice's PDFs reproducible: the same document gives the same bytes.

LibreOffice 7.4 stamps every PDF with the time of conversion (/CreationDate, XMP dates), a
random /ID and a /DocChecksum, and ignores SOURCE_DATE_EPOCH. These are replaced in place by
a fixed date and by values derived from the rest of the file. Every replacement has the same
length as what it replaces, so the cross-reference offsets stay valid.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path

from kkdocs.atomic_write import write_bytes_atomically

_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{14})")
_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})")
_ID = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]{32})(>\s*<)([0-9A-Fa-f]{32})(>)")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]{32})")
_UUID = re.compile(rb"(uuid:)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")


def normalise_pdf_bytes(data: bytes, moment: datetime.date) -> bytes:
    stamp = datetime.datetime.combine(moment, datetime.time()) if not isinstance(moment, datetime.datetime) else moment
    data = _PDF_DATE.sub(lambda m: m.group(1) + stamp.strftime("%Y%m%d%H%M%S").encode(), data)
    data = _XMP_DATE.sub(lambda m: m.group(1) + stamp.strftime("%Y-%m-%dT%H:%M:%S").encode(), data)
    blank = _UUID.sub(lambda m: m.group(1) + b"0" * 36, _CHECKSUM.sub(lambda m: m.group(1) + b"0" * 32,
                                                                    _ID.sub(_zero_id, data)))
    digest = hashlib.sha256(blank).hexdigest()
    data = _ID.sub(lambda m: m.group(1) + digest[:32].upper().encode() + m.group(3) + digest[:32].upper().encode()
                   + m.group(5), data)
    data = _CHECKSUM.sub(lambda m: m.group(1) + digest[32:].upper().encode(), data)
    uuid = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}".encode()
    return _UUID.sub(lambda m: m.group(1) + uuid, data)


def normalise_pdf(path: Path, moment: datetime.date) -> None:
    data = path.read_bytes()
    fixed = normalise_pdf_bytes(data, moment)
    if fixed != data:
        write_bytes_atomically(path, fixed)


def _zero_id(match: re.Match) -> bytes:
    return match.group(1) + b"0" * 32 + match.group(3) + b"0" * 32 + match.group(5)
