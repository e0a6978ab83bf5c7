"""Write a file so that its final name only ever holds a complete file.

The bytes go to a temporary file in the same folder, and the file is then renamed into place
(an atomic replace on POSIX). A crash, a full disk or Ctrl-C leaves at most a hidden temporary
file, never a half-written output under its final name.

A durable write also flushes the file to disk before the rename, so that it survives a power
cut too. The build's outputs skip that `fsync` (one per file would be about 320 for 48 cases,
each a journal commit) and are flushed together by `flush_to_disk` before manifest.json, which
is durable, records them: what the manifest lists is on disk, and an output that a power cut
emptied anyway has another size than the manifest says, so it is built again.
"""

from __future__ import annotations

import ctypes
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(target: Path, *, durable: bool = True) -> Iterator[Path]:
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
        if durable:
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


def write_bytes_atomically(target: Path, data: bytes, *, durable: bool = True) -> None:
    with replacing(target, durable=durable) as temp:
        temp.write_bytes(data)


def flush_to_disk(folder: Path) -> None:
    """Put every file written under `folder` without `durable` on disk, all at once.

    Linux's syncfs flushes only the file system that holds `folder`; elsewhere os.sync flushes
    all of them (the same guarantee, with other programs' writes too).
    """
    if not Path(folder).is_dir():
        return  # nothing was written there
    syncfs = getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)
    if syncfs is None:
        if hasattr(os, "sync"):
            os.sync()
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        if syncfs(handle) != 0:
            raise OSError(ctypes.get_errno(), "syncfs", str(folder))
    finally:
        os.close(handle)


def write_text_atomically(target: Path, text: str) -> None:
    write_bytes_atomically(target, text.encode("utf-8"))
