"""Write a file so that its final name only ever holds a complete file.

The bytes go to a temporary file in the same folder, are flushed to disk, and the file is then
renamed into place (an atomic replace on POSIX). A crash, a full disk or Ctrl-C leaves at most
a hidden temporary file, never a half-written output under its final name.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes_atomically(target: Path, data: bytes) -> None:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, 0o644)  # mkstemp makes 0600; outputs are read by colleagues on shared drives
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_text_atomically(target: Path, text: str) -> None:
    write_bytes_atomically(target, text.encode("utf-8"))
