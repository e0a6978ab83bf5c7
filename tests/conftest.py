"""Shared fixtures: throw-away workspaces and the acceptance examples in ../shared."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_EXAMPLES = REPO.parent / "shared" / "spec" / "examples"


def pytest_collection_modifyitems(config, items):
    """Skip tests that need LibreOffice when soffice is missing (CI installs it, so nothing skips there)."""
    if shutil.which("soffice"):
        return
    skip = pytest.mark.skip(reason="LibreOffice (soffice) er ikke installeret")
    for item in items:
        if "libreoffice" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def shared_examples() -> Path:
    if not (SHARED_EXAMPLES / "data" / "reference").is_dir():
        pytest.skip("../shared/spec/examples findes ikke i denne klon")
    return SHARED_EXAMPLES


@pytest.fixture
def workspace(tmp_path: Path):
    """A fresh workspace with the project's reference data; `write(name, text)` adds a case."""
    root = tmp_path / "ws"
    (root / "data" / "sager").mkdir(parents=True)
    (root / "data" / "pakker").mkdir(parents=True)
    shutil.copytree(REPO / "data" / "reference", root / "data" / "reference")

    class Builder:
        path = root

        def write(self, name: str, text: str, folder: str = "sager") -> Path:
            target = root / "data" / folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
            return target

    return Builder()
