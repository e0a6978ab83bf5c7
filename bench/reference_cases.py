"""The 48 cases of the frozen yardstick: the four shipped examples, each copied 12 times.

Shared by freeze_reference.py (which wrote bench/reference/ once) and reference_bench.py (which
builds the same cases with today's code). Copy k of an example gets the id `<example>-<kk>` and
its title with " (kopi k)" appended; nothing else changes, except that copy k of the loan
application applies for kommune number 100 + k (101, the example's own, for the first): a
kommune may send one application per pool (LÅN-ÉN-ANSØGNING), and the number has three digits
either way, so the frozen Word files stay comparable. Three packages, each made like the
shipped `ofs-2024` (a mobilhaandtering and an energibesparelser case), go with them, so the build
also assembles committee packages.
"""

from __future__ import annotations

from pathlib import Path

from build_bench import REPO, make_workspace, yaml

COPIES = 12
EXAMPLES = ("mobilhaandtering", "energibesparelser", "botilbud-sundholm", "telekol-fordeling")
PACKAGES = 3


def reference_cases() -> dict[str, dict]:
    cases = {}
    for name in EXAMPLES:
        for k in range(1, COPIES + 1):
            case = yaml().load(REPO / "data" / "sager" / f"{name}.yaml")
            case["titel"] = f"{case['titel']} (kopi {k})"
            if "ansøger" in case:
                case["ansøger"]["kommunenummer"] = 100 + k
            cases[f"{name}-{k:02d}"] = case
    return cases


def reference_packages() -> dict[str, dict]:
    return {f"pakke-{k}": {"titel": f"Tværgående forslag, del {k}", "udvalg": "Økonomiudvalget",
                           "sager": [f"mobilhaandtering-{k:02d}", f"energibesparelser-{k:02d}"]}
            for k in range(1, PACKAGES + 1)}


def make_reference_workspace(root: Path) -> tuple[dict[str, dict], dict[str, dict]]:
    """A workspace under `root` (data/reference copied, the shipped templates) with the 48 cases."""
    cases, packages = reference_cases(), reference_packages()
    make_workspace(root, cases, packages)
    return cases, packages


def flat_name(docx: Path) -> str:
    """The name a case's Word file has in bench/reference/: `<case id>--<file>`."""
    return f"{docx.parent.name}--{docx.name}"

