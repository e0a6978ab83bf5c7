"""Two builds at once: the second waits for the lock or says clearly that a build is running."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from kkdocs.batch.build_lock import BuildLocked, build_lock

HOLDER = """
import sys, time
from pathlib import Path
from kkdocs.batch.build_lock import build_lock
with build_lock(Path(sys.argv[1])):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold(build_dir: Path, seconds: float) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(build_dir), str(seconds)], stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout.readline().strip() == "holding"
    return process


def test_second_build_is_told_clearly(tmp_path: Path):
    holder = _hold(tmp_path, 30)
    try:
        with pytest.raises(BuildLocked) as caught:
            with build_lock(tmp_path, wait=False):
                pass
        assert f"proces {holder.pid}" in str(caught.value)
    finally:
        holder.kill()
        holder.wait()


def test_second_build_waits_and_then_runs(tmp_path: Path):
    holder = _hold(tmp_path, 1.5)
    messages: list[str] = []
    start = time.monotonic()
    with build_lock(tmp_path, on_wait=messages.append):
        waited = time.monotonic() - start
    holder.wait()
    assert messages and "Venter" in messages[0]
    assert waited > 0.5


def test_lock_is_released_when_the_holder_is_killed(tmp_path: Path):
    holder = _hold(tmp_path, 60)
    holder.kill()  # SIGKILL: no clean-up runs, the kernel drops the flock
    holder.wait()
    with build_lock(tmp_path, wait=False):
        pass
