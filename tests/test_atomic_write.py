"""Atomic writes: a durable one is flushed on its own, the build's outputs all at once before the manifest."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kkdocs import atomic_write
from kkdocs.atomic_write import flush_to_disk, replacing, write_bytes_atomically
from kkdocs.cli import main

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def fsyncs(monkeypatch) -> list[int]:
    """The file descriptors os.fsync is called with, the calls still made."""
    calls: list[int] = []
    real = os.fsync

    def counted(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", counted)
    return calls


@pytest.mark.parametrize("durable, flushed", [(True, 1), (False, 0)])
def test_a_write_is_flushed_on_its_own_only_when_durable(tmp_path: Path, fsyncs: list[int], durable, flushed):
    target = tmp_path / "ud" / "fil.pdf"
    write_bytes_atomically(target, b"gammel")
    fsyncs.clear()
    write_bytes_atomically(target, b"ny", durable=durable)
    assert target.read_bytes() == b"ny"
    assert len(fsyncs) == flushed
    assert oct(target.stat().st_mode & 0o777) == "0o644"
    assert [p.name for p in target.parent.iterdir()] == ["fil.pdf"]  # no temporary file left


def test_a_block_that_fails_leaves_the_old_file_and_no_temporary_one(tmp_path: Path):
    target = tmp_path / "fil.pdf"
    target.write_bytes(b"sidste gode")
    with pytest.raises(RuntimeError), replacing(target, durable=False) as temp:
        temp.write_bytes(b"halv")
        raise RuntimeError("afbrudt")
    assert target.read_bytes() == b"sidste gode"
    assert [p.name for p in tmp_path.iterdir()] == ["fil.pdf"]


def test_flush_to_disk_takes_a_folder_or_nothing(tmp_path: Path, monkeypatch):
    """A folder is opened for syncfs (of the file system that holds it) and closed again; a folder that
    does not exist is not touched. os.open is watched, not replaced: the real syncfs runs."""
    (tmp_path / "a.pdf").write_bytes(b"x")
    opened: list[tuple[str, int]] = []
    real_open = os.open

    def watched_open(path, flags, *args, **kwargs):
        handle = real_open(path, flags, *args, **kwargs)
        opened.append((str(path), handle))
        return handle

    monkeypatch.setattr(atomic_write.os, "open", watched_open)
    flush_to_disk(tmp_path)
    assert [path for path, _ in opened] == [str(tmp_path)]
    with pytest.raises(OSError):  # closed again: no descriptor is left open per build
        os.fstat(opened[0][1])
    opened.clear()
    flush_to_disk(tmp_path / "findes-ikke")  # nothing was written there: nothing to do
    flush_to_disk(tmp_path / "a.pdf")  # a file is no folder of outputs
    assert opened == []


def test_a_build_flushes_its_outputs_once_before_the_manifest_lists_them(tmp_path: Path, fsyncs, monkeypatch):
    workspace = tmp_path / "ws"
    shutil.copytree(REPO / "data", workspace / "data")
    moments = []
    real_flush = atomic_write.flush_to_disk

    def flush(folder: Path) -> None:
        moments.append((folder, (folder / "manifest.json").exists(), len(fsyncs)))
        real_flush(folder)

    monkeypatch.setattr("kkdocs.batch.build.flush_to_disk", flush)
    result = CliRunner().invoke(main, ["--workspace", str(workspace), "build", "--no-pdf", "-j", "1"])
    assert result.exit_code == 0, result.output
    build = workspace / "build"
    outputs = [p for p in build.rglob("*") if p.suffix in (".docx", ".xlsx")]
    assert len(outputs) >= 10
    assert moments == [(build, False, 0)]  # once, before manifest.json, no output flushed on its own
    assert len(fsyncs) == 2  # then manifest.json and index.html, each durable

    moments.clear()
    result = CliRunner().invoke(main, ["--workspace", str(workspace), "build", "--no-pdf", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert moments == []  # a build that changed nothing has nothing to flush
