"""A build folder the build cannot use as it wants: read-only, full, or one case folder that cannot be replaced.

Each gets a Danish message that names the folder or file and the fix, never "intern fejl"; one case
folder that cannot be replaced fails that case alone, and the other cases' fresh outputs are kept.
A folder is made unchangeable with chattr +i, which holds also for root (the tests run as root here).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from kkdocs.cli import main

REPO = Path(__file__).resolve().parents[2]


def workspace_copy(target: Path) -> Path:
    shutil.copytree(REPO / "data", target / "data")
    return target


def kkdocs(workspace: Path, *args: str):
    return CliRunner().invoke(main, ["--workspace", str(workspace), *args])


@contextmanager
def unchangeable(folder: Path):
    """The folder's entries cannot be added, removed or renamed, nor the folder itself renamed, until the end."""
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
        pytest.skip("chattr +i is not possible here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_build_folder_is_one_danish_message_with_the_fix(tmp_path: Path):
    workspace = workspace_copy(tmp_path)
    assert kkdocs(workspace, "build", "--no-pdf").exit_code == 0
    manifest = (workspace / "build" / "manifest.json").read_bytes()
    with unchangeable(workspace / "build"):
        result = kkdocs(workspace, "build", "--no-pdf", "--force")
    assert result.exit_code == 1, result.output
    assert "intern fejl" not in result.output and "Traceback" not in result.output, result.output
    assert str(workspace / "build") in result.output and "skrivebeskyttet" in result.output, result.output
    assert "-o MAPPE" in result.output
    assert (workspace / "build" / "manifest.json").read_bytes() == manifest


def test_a_full_disk_when_the_manifest_is_written_is_a_danish_message_with_the_fix(tmp_path: Path, monkeypatch):
    workspace = workspace_copy(tmp_path)
    real_replace = os.replace

    def full_at_the_manifest(src, dst, *args, **kwargs):
        if Path(dst).name == "manifest.json":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr("kkdocs.atomic_write.os.replace", full_at_the_manifest)
    result = kkdocs(workspace, "build", "--no-pdf")
    assert result.exit_code == 1, result.output
    assert "intern fejl" not in result.output, result.output
    assert "ikke plads på disken" in result.output and "manifest.json" in result.output, result.output
    assert "Frigør plads" in result.output


def test_one_case_folder_that_cannot_be_replaced_fails_that_case_alone(tmp_path: Path):
    workspace = workspace_copy(tmp_path)
    assert kkdocs(workspace, "build", "--no-pdf").exit_code == 0
    stuck = workspace / "build" / "mobilhaandtering"
    before = {p.name: p.read_bytes() for p in stuck.iterdir()}

    with unchangeable(stuck):
        result = kkdocs(workspace, "build", "--no-pdf", "--force")

    assert result.exit_code == 1, result.output
    assert "intern fejl" not in result.output, result.output
    failed = [line for line in result.output.splitlines() if line.startswith("Fejlet: ")]
    assert len(failed) == 1 and "mobilhaandtering" in failed[0] and str(stuck) in failed[0], result.output
    assert {p.name: p.read_bytes() for p in stuck.iterdir()} == before
    manifest = json.loads((workspace / "build" / "manifest.json").read_text(encoding="utf-8"))
    others = {case_id: entry for case_id, entry in manifest["cases"].items() if case_id != "mobilhaandtering"}
    assert {entry["status"] for entry in others.values()} == {"bygget"}
    assert all(entry["outputs"] for entry in others.values())
    assert manifest["cases"]["mobilhaandtering"]["outdated_since"]  # its last good outputs, kept and marked
    assert not (workspace / "build" / ".staging").exists()
