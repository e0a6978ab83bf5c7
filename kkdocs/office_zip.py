"""Reproducible Word and Excel packages: every zip entry carries one fixed time and mode 0644.

python-docx and openpyxl stamp each entry with the time of saving, so the same document would
give different bytes on every build. `write_package` writes a package anew from its entries;
`restamp_package` fixes a saved one in place, so nothing is compressed a second time.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable

Stamp = tuple[int, int, int, int, int, int]  # year, month, day, hour, minute, second
FILE_MODE = 0o644 << 16  # rw-r--r--, in a zip entry's external attributes


def write_package(entries: Iterable[tuple[str, bytes]], stamp: Stamp) -> bytes:
    """A new deflated zip of (name, content) in the given order, every entry stamped alike."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = FILE_MODE
            target.writestr(info, content)
    return out.getvalue()


def restamp_package(data: bytes, stamp: Stamp) -> bytes:
    """The saved package `data` with every entry's time set to `stamp` and its mode to 0644.

    A package with a duplicate entry (LibreOffice-saved templates can give one) is written
    anew with each name once: the last one written, which the library's own part is.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        infos = source.infolist()
        if len({info.filename for info in infos}) < len(infos):
            entries = {info.filename: source.read(info) for info in infos}
            return write_package(entries.items(), stamp)
    return _restamped(data, infos, stamp)


def _restamped(data: bytes, infos: list[zipfile.ZipInfo], stamp: Stamp) -> bytes:
    """The time sits at byte 10 of an entry's local header and at byte 12 of its record in the
    central directory; the mode at byte 38 of that record. The end-of-directory record (the
    last 22 bytes, as neither library writes a comment) says where the directory starts.
    """
    year, month, day, hour, minute, second = stamp
    when = struct.pack("<HH", hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day)
    out = bytearray(data)
    for info in infos:
        out[info.header_offset + 10:info.header_offset + 14] = when
    records, _, start = struct.unpack_from("<HII", data, len(data) - 12)
    for _ in range(records):
        out[start + 12:start + 16] = when
        out[start + 38:start + 42] = struct.pack("<I", FILE_MODE)
        name, extra, comment = struct.unpack_from("<HHH", data, start + 28)
        start += 46 + name + extra + comment
    return bytes(out)
