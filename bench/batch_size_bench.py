"""Benchmark: what the bound on documents per soffice process costs, in time and in memory.

    .venv/bin/python bench/batch_size_bench.py [--cases 160] [--sizes 25,50,100,200]

The LibreOffice pool starts a fresh soffice for every batch, so `max_batch` is also how many
documents one soffice converts before it is replaced: a smaller bound means more start-ups
(each about as much CPU as five documents) and a smaller soffice at its largest. This writes
the Word files of `cases` generated cases (build_bench's variations, a --no-pdf build), then
converts them all with the pool (2 workers, fresh profiles) once per batch size, and reports
the wall time, the soffice starts and the peak RSS of one soffice.bin, sampled from /proc.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from build_bench import KKDOCS, make_cases, make_packages, make_workspace

from kkdocs.pdf.conversion import ConversionJob
from kkdocs.pdf.libreoffice import LibreOfficePool


def soffice_peak(workdir: Path, stop: threading.Event, peak: list[int]) -> None:
    """Largest RSS (kB) of one soffice.bin whose command line names `workdir`, until `stop`."""
    while not stop.is_set():
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
                if str(workdir).encode() not in cmdline or b"soffice.bin" not in cmdline:
                    continue
                status = Path(f"/proc/{entry}/status").read_text()
            except OSError:
                continue
            rss = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
            peak[0] = max(peak[0], rss)
        stop.wait(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=160)
    parser.add_argument("--sizes", default="25,50,100,200")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="kkdocs-batch-bench-"))
    try:
        cases = make_cases(args.cases, seed=6)
        make_workspace(scratch / "ws", cases, make_packages(cases))
        subprocess.run([str(KKDOCS), "build", "--no-pdf"], cwd=scratch / "ws", capture_output=True, check=True)
        sources = sorted((scratch / "ws" / "build").glob("*/*.docx"))
        print(f"{len(sources)} Word files from {args.cases} cases; 2 workers; {os.cpu_count()} cores")
        print(f"{'max_batch':>10}{'wall s':>10}{'starts':>8}{'peak soffice.bin MB':>22}")
        for size in (int(s) for s in args.sizes.split(",")):
            out = scratch / f"out-{size}"
            jobs = [ConversionJob(s, out / f"{s.parent.name}--{s.stem}.pdf") for s in sources]
            calls = scratch / f"calls-{size}"
            wrapper = scratch / f"soffice-{size}"
            wrapper.write_text(f'#!/bin/sh\necho >> "{calls}"\nexec "{shutil.which("soffice")}" "$@"\n')
            wrapper.chmod(0o755)
            with LibreOfficePool(workers=2, max_batch=size, soffice=str(wrapper), timeout=120) as pool:
                stop, peak = threading.Event(), [0]
                sampler = threading.Thread(target=soffice_peak, args=(pool.workdir, stop, peak), daemon=True)
                sampler.start()
                started = time.perf_counter()
                results = pool.convert(jobs)
                seconds = time.perf_counter() - started
                stop.set()
                sampler.join()
            failed = sum(not r.ok for r in results)
            starts = len(calls.read_text().splitlines())
            print(f"{size:>10}{seconds:>10.1f}{starts:>8}{peak[0] / 1024:>22.0f}"
                  + (f"   {failed} FAILED" if failed else ""))
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
