"""The import graph: no module imports a later stage, `TYPE_CHECKING` included, and no cycle.

Runs scripts/module_graph.py on kkdocs itself, and on small packages built here with one import
against the order, so that the check is seen to fail when it should.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "module_graph.py"


def _graph(root: Path | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, str(SCRIPT)] + (["--root", str(root)] if root is not None else [])
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_kkdocs_imports_only_earlier_stages_and_has_no_cycle():
    result = _graph()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 cycle(s), 0 import(s) against the stage order" in result.stdout


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "kkdocs"
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for folder in path.relative_to(root).parents:
            (root / folder / "__init__.py").touch()
        path.write_text(text, encoding="utf-8")
    return root


def test_an_import_against_the_order_under_type_checking_fails(tmp_path):
    root = _package(tmp_path, {
        "figures/overview.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                               "    from kkdocs.batch.validate import CaseResult\n",
        "batch/validate.py": "CaseResult = object\n",
    })
    result = _graph(root)
    assert result.returncode == 1
    assert "against the stage order: figures.overview (figures) imports batch.validate (batch)" in result.stdout


def test_a_late_import_against_the_order_fails(tmp_path):
    root = _package(tmp_path, {
        "source/reader.py": "def read():\n    from kkdocs.case_types import CASE_TYPES\n    return CASE_TYPES\n",
        "case_types/__init__.py": "CASE_TYPES = ()\n",
    })
    result = _graph(root)
    assert result.returncode == 1
    assert "source.reader (source) imports case_types (case_types)" in result.stdout


def test_a_cycle_fails(tmp_path):
    root = _package(tmp_path, {
        "checks/a.py": "from kkdocs.checks.b import B\nA = 1\n",
        "checks/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from kkdocs.checks.a import A\nB = 2\n",
    })
    result = _graph(root)
    assert result.returncode == 1
    assert "1 cycle(s): kkdocs.checks.a ↔ kkdocs.checks.b" in result.stdout
