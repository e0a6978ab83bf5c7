"""The LibreOffice floor the benchmarks compare against: plain `soffice --convert-to pdf` batches.

Shared by convert_bench.py and build_bench.py. The floor is two lanes run in parallel, each
converting half of the files with plain soffice processes of its own fresh profile: what
batching can at best reach on the machine. soffice ignores the files past its argument limit
and still exits 0, so a lane gives each process at most `BATCH_CEILING` files (the pool's own
ceiling) and runs as many processes one after the other as its half needs.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

from kkdocs.pdf.libreoffice import BATCH_CEILING, soffice_locale


def soffice_command(soffice: str, profile: Path, outdir: Path, files: list[Path]) -> list[str]:
    return [
        soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
        "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files),
    ]  # fmt: skip


def soffice_env() -> dict[str, str]:
    locale = soffice_locale()
    return os.environ | {"LANG": locale, "LC_ALL": locale}


def batches(files: list[Path], size: int = BATCH_CEILING) -> list[list[Path]]:
    """`files` in runs of at most `size`, as evenly filled as that allows."""
    count = max(1, -(-len(files) // size))
    return [files[k * len(files) // count:(k + 1) * len(files) // count] for k in range(count)]


def run_floor(soffice: str, files: list[Path], out: Path, scratch: Path) -> float:
    """Seconds for two lanes of soffice batches (fresh profiles under `scratch`) over the halves of `files`."""
    halves = [files[: len(files) // 2], files[len(files) // 2 :]]

    def lane(k: int, half: list[Path]) -> None:
        for batch in batches(half):
            subprocess.run(soffice_command(soffice, scratch / f"profile-floor-{k}", out, batch),
                           env=soffice_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    started = time.perf_counter()
    lanes = [threading.Thread(target=lane, args=(k, half)) for k, half in enumerate(halves)]
    for thread in lanes:
        thread.start()
    for thread in lanes:
        thread.join()
    return time.perf_counter() - started
