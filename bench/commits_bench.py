"""Benchmark: full builds of the 48 reference cases by two or more commits, alternated.

    .venv/bin/python bench/commits_bench.py [--rounds 10] COMMIT COMMIT [COMMIT …]

The ratio to the floor (reference_bench.py) moves with the machine between the floor and the
build, so it cannot tell two commits a few per cent apart. This compares the commits directly:
each round builds the 48 cases and 3 packages of reference_cases.py once with every commit, in
turn (the order reversed every other round), and it prints, for each commit after the first,
its mean difference per round from the first commit in wall time and in CPU of the build's
process tree, with the standard deviation and standard error of those differences.

Each commit is taken with `git archive` (its kkdocs, templates and data, so its own reference
data and examples), compiled to bytecode, and given its own workspace, made once by its own
reference_cases.py and copied fresh for every build. The commands run with this checkout's
virtual environment.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from build_bench import REPO, measure

PYTHON = REPO / ".venv" / "bin" / "python"


def snapshot(commit: str, scratch: Path) -> Path:
    """The commit's tree under scratch/<commit>/repo and its reference workspace under scratch/<commit>/ws."""
    folder = scratch / commit
    (folder / "repo").mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder / "repo")], input=archive, check=True)
    compileall.compile_dir(folder / "repo" / "kkdocs", quiet=1)
    bench = folder / "repo" / "bench"
    env = os.environ | {"PYTHONPATH": f"{folder / 'repo'}:{bench}"}
    subprocess.run([str(PYTHON), "-c", "import sys; from pathlib import Path; from reference_cases import "
                    "make_reference_workspace; make_reference_workspace(Path(sys.argv[1]))", str(folder / "ws")],
                   env=env, cwd=bench, check=True)
    return folder


def one_build(folder: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds of the process tree of one `kkdocs build -j 2` in a fresh copy of the workspace."""
    root = folder / "run"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(folder / "ws", root)
    env = os.environ | {"PYTHONPATH": str(folder / "repo"), "KKDOCS_WORKSPACE": str(root)}
    run = measure([str(PYTHON), "-m", "kkdocs", "build", "-j", "2"], root, env)
    if run.returncode != 0:
        raise SystemExit(f"{folder.name}: the build failed:\n{run.stdout[-2000:]}")
    return run.seconds, run.cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("commits", nargs="+", help="two or more commits; the first is the base")
    parser.add_argument("--rounds", type=int, default=10, help="builds per commit (default 10)")
    args = parser.parse_args()
    if len(args.commits) < 2 or args.rounds < 2:
        parser.error("give two or more commits and two or more rounds")
    scratch = Path(tempfile.mkdtemp(prefix="kkdocs-commits-bench-"))
    try:
        folders = {commit: snapshot(commit, scratch) for commit in args.commits}
        runs: dict[str, list[tuple[float, float]]] = {commit: [] for commit in args.commits}
        for number in range(args.rounds):
            for commit in args.commits if number % 2 == 0 else reversed(args.commits):
                runs[commit].append(one_build(folders[commit]))
                print(f"round {number + 1}  {commit}  {runs[commit][-1][0]:.1f} s  CPU {runs[commit][-1][1]:.1f} s",
                      flush=True)
        print()
        base = args.commits[0]
        print(f"48 cases, 3 packages, `kkdocs build -j 2`; {args.rounds} rounds; difference from {base} per round")
        print("| commit | median wall | median CPU | wall: mean difference ± standard error (sd) | CPU: the same |")
        print("|---|---|---|---|---|")
        for commit in args.commits:
            walls, cpus = [w for w, _ in runs[commit]], [c for _, c in runs[commit]]
            cells = [commit, f"{statistics.median(walls):.1f} s", f"{statistics.median(cpus):.1f} s"]
            for index in (0, 1):
                if commit == base:
                    cells.append("")
                    continue
                differences = [mine[index] - theirs[index] for mine, theirs in zip(runs[commit], runs[base])]
                spread = statistics.stdev(differences)
                cells.append(f"{statistics.mean(differences):+.2f} ± {spread / len(differences) ** 0.5:.2f} s "
                             f"({spread:.2f})")
            print("| " + " | ".join(cells) + " |")
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
