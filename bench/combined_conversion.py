"""How much LibreOffice's CPU joining Word files saves (docx_join), by how many are joined.

    .venv/bin/python bench/combined_conversion.py BUILD_DIR [--join 1 16 54] [--rounds 2]

BUILD_DIR is a build folder (e.g. from `reference_bench.py --keep DIR`). Its Word files, case
by case in bundle order (forslag, administrativt bilag, bilag 1…n, or the one form), are joined
as a build joins them (`docx_join.join_batch`), at most N to a document for each N of `--join`
(1: each file on its own). Then, alternating in `rounds`, two warm soffice lanes
(lo_floor.run_floor) convert each set; it prints wall time, the lanes' CPU and the page count
(the same for every N when the joined documents hold the same pages).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader

from build_bench import CpuMeter
from kkdocs.pdf.docx_join import join_batch
from kkdocs.pdf.libreoffice import find_soffice
from lo_floor import run_floor


def part_order(path: Path) -> tuple[int, int]:
    number = re.search(r"(\d+)$", path.stem)
    rank = {"forslag": 0, "administrativt-bilag": 1}.get(path.stem, 2)
    return rank, int(number.group(1)) if number else 0


def word_files(build: Path) -> list[Path]:
    files = []
    for case in sorted(d for d in build.iterdir() if d.is_dir() and d.name != "pakker"):
        files += sorted(case.glob("*.docx"), key=part_order)
    return files


def joined_set(files: list[Path], most: int, folder: Path) -> list[Path]:
    """The documents soffice gets when the files are joined at most `most` to one."""
    folder.mkdir()
    joined, alone = join_batch(files, folder, most) if most > 1 else ([], list(range(len(files))))
    for index in alone:
        shutil.copyfile(files[index], folder / f"{index:04d}-{files[index].name}")
    return sorted(folder.glob("*.docx"))


def pages(folder: Path) -> int:
    return sum(len(PdfReader(pdf).pages) for pdf in folder.glob("*.pdf"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build", type=Path)
    parser.add_argument("--join", type=int, nargs="+", default=[1, 16, 54])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="kkdocs-combined-"))
    try:
        files = word_files(args.build)
        sets = {most: joined_set(files, most, scratch / f"join-{most}") for most in args.join}
        soffice = find_soffice()
        run_floor(soffice, files[:2], scratch / "warm-up", scratch)
        for round_ in range(1, args.rounds + 1):
            for most, documents in sets.items():
                out = scratch / f"out-{most}-{round_}"
                with CpuMeter() as cpu:
                    seconds = run_floor(soffice, documents, out, scratch)
                print(f"round {round_}  join {most:>3}  {len(files):>3} files in {len(documents):>3} documents  "
                      f"{pages(out):>3} pages  {seconds:5.1f} s wall  {cpu.ours:5.1f} s soffice CPU  "
                      f"{cpu.others:5.1f} s others' CPU", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
