"""Reproducible Word and Excel packages: every zip entry carries one fixed time and mode 0644.

python-docx and openpyxl stamp each entry with the time of saving, so the same document would
give different bytes on every build. Here a package is written from its entries instead, with
a fixed time. A build writes hundreds of packages from a handful of templates, whose large
parts (Word's theme, settings and styles, also when pruned by `light_docx`) come out the same
every time, so each distinct part is compressed once per process and its compressed bytes
reused; that is why the zip is written here rather than by `zipfile`, which cannot take data
that is already compressed.

The format is the plain one of APPNOTE.TXT: a local header and deflated data per entry, then
the central directory and its end record; no zip64, as an office file here is far below 4 GB
and 65.535 entries.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from functools import lru_cache

Stamp = tuple[int, int, int, int, int, int]  # year, month, day, hour, minute, second
FILE_MODE = 0o644 << 16  # rw-r--r--, in a zip entry's external attributes
VERSION = 20  # the zip version needed to extract a deflated entry (2.0)
MADE_ON_UNIX = 3 << 8  # so that readers take the external attributes as a Unix mode
DEFLATED = 8
UTF8_NAME = 1 << 11  # general purpose flag: the name is UTF-8
CACHED_PARTS = 256  # compressed parts kept per process
# The largest part whose compression is kept. A template's shared parts are a few kB (theme, settings,
# pruned styles); a document's body is its own and never comes again, and a joined document's
# (docx_join) is some 600 kB: kept, 71 of them held 40 MB of the build's process at 500 cases.
LARGEST_CACHED_PART = 64 * 1024


def write_package(entries: Iterable[tuple[str, bytes]], stamp: Stamp) -> bytes:
    """A zip of (name, content) in the given order, every entry deflated and stamped alike."""
    year, month, day, hour, minute, second = stamp
    time = hour << 11 | minute << 5 | second // 2
    date = (max(year, 1980) - 1980) << 9 | month << 5 | day
    out = bytearray()
    directory = bytearray()
    count = 0
    for name, content in entries:
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else UTF8_NAME
        crc, packed = _deflated(content)
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, VERSION, flags, DEFLATED, time, date, crc, len(packed),
                           len(content), len(encoded), 0)
        out += encoded + packed
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, MADE_ON_UNIX | VERSION, VERSION, flags, DEFLATED,
                                 time, date, crc, len(packed), len(content), len(encoded), 0, 0, 0, 0, FILE_MODE,
                                 offset)
        directory += encoded
        count += 1
    start = len(out)
    out += directory
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), start, 0)
    return bytes(out)


def _deflated(content: bytes) -> tuple[int, bytes]:
    """(CRC-32, raw deflate at zlib's default level) of one entry's content; a small part's is kept."""
    return _deflate(content) if len(content) > LARGEST_CACHED_PART else _kept_deflate(content)


@lru_cache(maxsize=CACHED_PARTS)
def _kept_deflate(content: bytes) -> tuple[int, bytes]:
    return _deflate(content)


def _deflate(content: bytes) -> tuple[int, bytes]:
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -zlib.MAX_WBITS)
    return zlib.crc32(content), compressor.compress(content) + compressor.flush()
