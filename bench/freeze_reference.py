"""Wrote bench/reference/ once: the .docx files kkdocs made for the 48 reference cases.

    .venv/bin/python bench/freeze_reference.py

The frozen set is the yardstick of reference_bench.py and is never regenerated: this script
refuses to run when bench/reference/ already holds Word files. It builds the cases of
reference_cases.py with `kkdocs build --no-pdf` and copies every .docx it wrote, flat, as
`<case id>--<file>.docx`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from build_bench import KKDOCS, REPO
from reference_cases import flat_name, make_reference_workspace

REFERENCE = REPO / "bench" / "reference"


def main() -> int:
    if any(REFERENCE.glob("*.docx")):
        print(f"{REFERENCE} already holds the frozen set; it is never regenerated.")
        return 1
    with tempfile.TemporaryDirectory(prefix="kkdocs-freeze-") as scratch:
        root = Path(scratch) / "ws"
        make_reference_workspace(root)
        env = os.environ | {"KKDOCS_WORKSPACE": str(root)}
        subprocess.run([str(KKDOCS), "build", "--no-pdf", "--force"], cwd=root, env=env, check=True,
                       capture_output=True)
        REFERENCE.mkdir(exist_ok=True)
        written = sorted((root / "build").glob("*/*.docx"))
        for docx in written:
            shutil.copyfile(docx, REFERENCE / flat_name(docx))
    print(f"{len(written)} Word files frozen in {REFERENCE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
