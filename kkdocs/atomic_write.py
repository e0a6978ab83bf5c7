"""Write a file so that its final name only ever holds a complete file.

The bytes go to a temporary file in the same folder, are flushed to disk, and the file is then
renamed into place (an atomic replace on POSIX). A crash, a full disk or Ctrl-C leaves at most
a hidden temporary file, never a half-written output under its final name.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`; what the block writes there replaces `target` when the block ends.

    For a writer that saves to a path itself (qpdf writes a file on its own, without a Python
    call for each chunk as it makes for a stream). If the block raises, the temporary file goes.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        yield Path(temp_name)
        handle = os.open(temp_name, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
        os.chmod(temp_name, 0o644)  # mkstemp makes 0600; outputs are read by colleagues on shared drives
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_bytes_atomically(target: Path, data: bytes) -> None:
    with replacing(target) as temp:
        temp.write_bytes(data)


def write_text_atomically(target: Path, text: str) -> None:
    write_bytes_atomically(target, text.encode("utf-8"))
