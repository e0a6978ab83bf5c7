"""Benchmark: a full build of the 48 reference cases against the frozen LibreOffice floor.

    .venv/bin/python bench/reference_bench.py [--runs 1] [--keep DIR]

The yardstick is fixed: the floor is two plain soffice batch processes (lo_floor.run_floor,
each lane its own profile, warmed by one untimed conversion first) converting the 108 Word
files frozen in bench/reference/ (see its README). In each run it measures, one right after
the other:

  floor before   the frozen set through the two warm lanes
  full build     `kkdocs build -j 2` of the 48 cases of reference_cases.py and their 3 packages
                 in a fresh temporary workspace: every PDF, bundle, workbook, package and the
                 report, with kkdocs' code snapshotted as build_bench.py does
  floor after    the frozen set again

and prints the build's wall time divided by the mean of the two floors (target <= 0,8, goal
0,6), with the CPU of the build's process tree and of other processes meanwhile, so a
disturbed run can be told apart. A run whose build fails or misses a bundle, a package, a
workbook or the report exits 1. `--keep DIR` copies the last run's build folder there (for
comparing pages before and after a change).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from build_bench import KKDOCS, REPO, CpuMeter, measure, missing_outputs, snapshot_code, soffice_wrapper
from kkdocs.documents.document_types import load_document_type
from kkdocs.pdf.libreoffice import find_soffice
from lo_floor import run_floor
from reference_cases import make_reference_workspace

REFERENCE = REPO / "bench" / "reference"
TARGET, GOAL = 0.8, 0.6


@dataclass
class FloorRun:
    seconds: float
    cpu: float
    others_cpu: float
    pdfs: int


class FrozenFloor:
    """The two lanes over bench/reference/*.docx, with profiles kept (warm) between measurements."""

    def __init__(self, scratch: Path):
        self.files = sorted(REFERENCE.glob("*.docx"))
        self.scratch = scratch / "floor"
        self.scratch.mkdir()
        self.count = 0
        self.soffice = find_soffice()
        run_floor(self.soffice, self.files[:2], self.scratch / "warm-up", self.scratch)  # creates both profiles

    def measure(self) -> FloorRun:
        self.count += 1
        out = self.scratch / f"out-{self.count}"
        with CpuMeter() as cpu:
            seconds = run_floor(self.soffice, self.files, out, self.scratch)
        return FloorRun(seconds, cpu.ours, cpu.others, len(list(out.glob("*.pdf"))))


def missing_deliverables(build_dir: Path, cases: dict[str, dict], packages: dict[str, dict]) -> list[str]:
    """Bundles and package PDFs (build_bench's check), plus every workbook, package overview and the report."""
    missing = missing_outputs(build_dir, cases, packages)
    for case_id, case in cases.items():
        for workbook in load_document_type(REPO / "templates" / case["type"]).workbooks:
            if not (build_dir / case_id / workbook.output).is_file():
                missing.append(f"{case_id}/{workbook.output}")
    missing += [f"pakker/{p}-oversigt.xlsx" for p in packages if not (build_dir / "pakker" / f"{p}-oversigt.xlsx").is_file()]
    return missing + [name for name in ("index.html", "manifest.json") if not (build_dir / name).is_file()]


def one_run(number: int, scratch: Path, floor: FrozenFloor, keep: Path | None) -> tuple[list[str], list[str]]:
    """One measurement: floor, build, floor. Returns the printed row's cells and the failures."""
    root = scratch / f"ws-{number}"
    cases, packages = make_reference_workspace(root)
    wrapper, _ = soffice_wrapper(scratch)
    code = scratch / "code"
    env = os.environ | {"KKDOCS_SOFFICE": str(wrapper), "KKDOCS_WORKSPACE": str(root), "PYTHONPATH": str(code)}
    before = floor.measure()
    build = measure([str(KKDOCS), "build", "-j", "2"], root, env)
    after = floor.measure()
    failures = [f"floor made {f.pdfs} PDFs of {len(floor.files)}" for f in (before, after) if f.pdfs != len(floor.files)]
    if build.returncode != 0:
        failures.append(f"the build failed:\n{build.stdout[-3000:]}")
    missing = missing_deliverables(root / "build", cases, packages)
    if missing:
        failures.append(f"{len(missing)} outputs missing: {', '.join(missing[:10])}")
    converted = len([p for p in (root / "build").glob("*/*.pdf") if p.parent.name not in (p.stem, "pakker")])
    mean = (before.seconds + after.seconds) / 2
    if keep is not None:
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(root / "build", keep)
    row = [str(number), f"{build.seconds:.1f} s", f"{before.seconds:.1f} / {after.seconds:.1f} s",
           f"{build.seconds / mean:.2f}", f"{build.cpu:.0f} / {build.others_cpu:.0f} s",
           " / ".join(f"{build.cpu_by.get(w, 0):.0f}" for w in ("main", "workers", "soffice")) + " s",
           f"{before.cpu:.0f} / {after.cpu:.0f} s", f"{before.others_cpu:.0f} / {after.others_cpu:.0f} s",
           str(converted)]
    return row, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="measurements, one after the other (default 1)")
    parser.add_argument("--keep", type=Path, help="copy the last run's build folder here")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="kkdocs-reference-bench-"))
    failures: list[str] = []
    try:
        snapshot_code(scratch)
        floor = FrozenFloor(scratch)
        header = ["run", "full build", "floor before / after", "build / floor", "CPU: tree / others",
                  "main / render / soffice", "CPU of floors", "others during floors", "part PDFs in build"]
        rows = []
        for number in range(1, args.runs + 1):
            row, problems = one_run(number, scratch, floor, args.keep)
            rows.append(row)
            failures += [f"run {number}: {p}" for p in problems]
            print("  ".join(row), flush=True)
        print()
        print(f"48 cases, 3 packages; {os.cpu_count()} cores; frozen floor over {len(floor.files)} Word files "
              f"in bench/reference/; target <= {TARGET}, goal {GOAL}")
        print("command: cd <workspace> && KKDOCS_SOFFICE=<logging wrapper> PYTHONPATH=<snapshot of kkdocs/> "
              "kkdocs build -j 2")
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            print("| " + " | ".join(row) + " |")
        for failure in failures:
            print(f"FAIL: {failure}")
        return 1 if failures else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
