"""Where the render stage's CPU goes: cProfile of `check_and_render_case` over the benchmark's cases.

    .venv/bin/python bench/render_profile.py [--cases 100] [--seed 6] [--top 30]

It generates the same cases as build_bench.py, then runs validation, calculation, the Word
documents and the Excel workbooks of every case in this one process (as one render worker
would), and prints the CPU time of each step summed over the cases and the functions with
the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

from build_bench import make_cases, make_packages, make_workspace

from kkdocs.batch.validate import check_case, load_reference
from kkdocs.documents.render_docx import render_documents
from kkdocs.documents.render_xlsx import write_workbooks
from kkdocs.workspace import Workspace


def steps(paths: list[Path], workspace: Workspace, out: Path) -> dict[str, float]:
    """CPU seconds per step, summed over the cases: validate+calculate, Word, Excel."""
    reference = load_reference(workspace)
    seconds = {"validate + calculate": 0.0, "Word (render_documents)": 0.0, "Excel (write_workbooks)": 0.0}
    for path in paths:
        staging = out / path.stem
        staging.mkdir(parents=True)
        started = time.process_time()
        result = check_case(path, workspace, reference)
        checked = time.process_time()
        render_documents(result, reference, workspace, staging)
        rendered = time.process_time()
        write_workbooks(result, reference.organisation, staging, workspace.templates(result.case.type))
        written = time.process_time()
        seconds["validate + calculate"] += checked - started
        seconds["Word (render_documents)"] += rendered - checked
        seconds["Excel (write_workbooks)"] += written - rendered
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="kkdocs-render-profile-"))
    try:
        cases = make_cases(args.cases, args.seed)
        make_workspace(scratch / "ws", cases, make_packages(cases))
        workspace = Workspace(scratch / "ws")
        paths = sorted(workspace.cases.glob("*.yaml"))
        seconds = steps(paths, workspace, scratch / "plain")
        total = sum(seconds.values())
        print(f"{len(paths)} cases in one process, {total:.1f} s of CPU:")
        for name, value in seconds.items():
            print(f"  {name:<28}{value:>6.1f} s {value / total:>5.0%}")
        profiler = cProfile.Profile()
        profiler.enable()
        steps(paths, workspace, scratch / "profiled")
        profiler.disable()
        print()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
