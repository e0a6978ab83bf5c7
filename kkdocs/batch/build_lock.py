"""One build at a time per build folder: an exclusive lock on build/.kkdocs.lock.

The lock is an flock on an open file, so the kernel releases it when the process ends, also
after kill -9: a crashed build never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from kkdocs.errors import KkdocsError


class BuildLocked(KkdocsError):
    pass


@contextmanager
def build_lock(build_dir: Path, *, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / ".kkdocs.lock"
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "ukendt"
            message = f"Et andet build skriver allerede i {build_dir} (proces {holder})."
            if not wait:
                raise BuildLocked(message + " Prøv igen, når det er færdigt.") from None
            if on_wait:
                on_wait(message + " Venter på, at det bliver færdigt …")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
