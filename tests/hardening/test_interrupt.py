"""Ctrl-C during a build: the terminal sends SIGINT to the build's whole process group, its workers included.

One Ctrl-C ends the build within seconds, with one Danish line and no traceback; no process of the
build is left, and nothing half-written stands under build/.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from .test_faults import KKDOCS, assert_nothing_broken, descends_from, example_cases, kill_leftovers, lo_env, \
    soffice_pids, wait_until_gone

PROGRESS_LINE = ("Kontrol:", "Word og Excel:", "PDF:", "Samling:", "Pakker:")


def descendants(pid: int) -> set[int]:
    return {int(entry.name) for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and descends_from(int(entry.name), pid)}


@pytest.mark.libreoffice
def test_one_ctrl_c_during_the_pdf_stage_ends_the_build_at_once_with_one_danish_line(workspace, tmp_path):
    example_cases(workspace)
    env = lo_env(tmp_path)
    tag = tmp_path / "lo-tmp"
    process = subprocess.Popen([str(KKDOCS), "--workspace", str(workspace.path), "build", "-j", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               start_new_session=True)  # its own process group, as a shell gives a command
    try:
        deadline = time.monotonic() + 180
        while not soffice_pids(tag) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert process.poll() is None, process.communicate()
        time.sleep(1.5)  # LibreOffice converts, the workers render and bundle
        assert process.poll() is None, "the build ended before it could be interrupted"
        ours = descendants(process.pid) | soffice_pids(tag)

        os.killpg(process.pid, signal.SIGINT)
        interrupted = time.monotonic()
        out, err = process.communicate(timeout=60)
        seconds = time.monotonic() - interrupted

        assert process.returncode == 130, (out, err)
        assert seconds < 5, seconds
        assert "Traceback" not in err and "Traceback" not in out, err
        said = [line for line in (out + err).splitlines() if line.strip() and not line.startswith(PROGRESS_LINE)]
        assert len(said) == 1 and said[0].startswith("Afbrudt"), said
        assert wait_until_gone(ours, 5) == set()
        build_dir = workspace.path / "build"
        assert not (build_dir / ".staging").exists()
        assert_nothing_broken(build_dir)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        kill_leftovers(soffice_pids(tag))
