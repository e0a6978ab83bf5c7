"""The LibreOffice floor the benchmarks compare against: plain `soffice --convert-to pdf` batches.

Shared by convert_bench.py and build_bench.py. The floor is two plain soffice batch
processes, each over half of the files with its own fresh profile, run in parallel: what
batching can at best reach on the machine.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from kkdocs.libreoffice import soffice_locale


def soffice_command(soffice: str, profile: Path, outdir: Path, files: list[Path]) -> list[str]:
    return [
        soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
        "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files),
    ]  # fmt: skip


def soffice_env() -> dict[str, str]:
    locale = soffice_locale()
    return os.environ | {"LANG": locale, "LC_ALL": locale}


def run_floor(soffice: str, files: list[Path], out: Path, scratch: Path) -> float:
    """Seconds for two soffice batches (fresh profiles under `scratch`) over the halves of `files`."""
    halves = [files[: len(files) // 2], files[len(files) // 2 :]]
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            soffice_command(soffice, scratch / f"profile-floor-{k}", out, half),
            env=soffice_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for k, half in enumerate(halves)
    ]
    for process in processes:
        process.wait()
    return time.perf_counter() - started
