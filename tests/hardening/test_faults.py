"""Faults during a build: kill -9 of kkdocs, kill -9 of a soffice worker, a full disk, two builds at once.

After each: the next build completes, nothing broken stands under a final name (every .pdf opens with
pypdf, every .docx/.xlsx is a sound zip), and no soffice process is left over.
tests/hardening/test_build_lock.py covers the lock itself; here are the end-to-end runs.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from kkdocs.batch.build import BuildOptions, build
from kkdocs.workspace import Workspace

from .cases import EXAMPLE_CASES

KKDOCS = Path(sys.executable).parent / "kkdocs"


def example_cases(workspace) -> int:
    """The shipped examples plus two renamed copies: every type, with bilag and xlsx; returns how many."""
    for path in sorted(EXAMPLE_CASES.glob("*.yaml")):
        workspace.write(path.name, path.read_text(encoding="utf-8"))
    workspace.write("mobil-kopi.yaml", (EXAMPLE_CASES / "mobilhaandtering.yaml").read_text(encoding="utf-8"))
    workspace.write("energi-kopi.yaml", (EXAMPLE_CASES / "energibesparelser.yaml").read_text(encoding="utf-8"))
    return len(list(EXAMPLE_CASES.glob("*.yaml"))) + 2


def run_build(workspace, *args: str, timeout: float = 300, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([str(KKDOCS), "--workspace", str(workspace.path), "build", *args], capture_output=True,
                          text=True, timeout=timeout, env=env)


def assert_nothing_broken(build_dir: Path) -> None:
    """Every output under a final name is complete; no temporary file is left in a case folder."""
    for path in build_dir.rglob("*"):
        if not path.is_file() or ".staging" in path.parts:
            continue
        if path.suffix == ".pdf":
            reader = PdfReader(path, strict=True)
            assert len(reader.pages) >= 1, path
        elif path.suffix in (".docx", ".xlsx"):
            assert zipfile.is_zipfile(path), path
            with zipfile.ZipFile(path) as archive:
                assert archive.testzip() is None, path
        elif path.name == "manifest.json":
            json.loads(path.read_text(encoding="utf-8"))
        assert not path.name.endswith(".tmp"), f"temporary file left under build/: {path}"


def soffice_pids(tag: Path) -> set[int]:
    """soffice processes started by our builds: those run with TMPDIR under `tag` (the pool's work folder is there).

    Other soffice processes on the machine (a colleague's build, a parallel test run) are not ours to judge or kill.
    """
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if not (name.startswith("soffice") or name == "oosplash"):
            continue
        try:
            seen = (entry / "cmdline").read_bytes() + (entry / "environ").read_bytes()
        except OSError:
            continue
        if str(tag).encode() in seen:
            found.add(int(entry.name))
    return found


def lo_env(tmp_path: Path) -> dict[str, str]:
    tag = tmp_path / "lo-tmp"
    tag.mkdir(exist_ok=True)
    return os.environ | {"TMPDIR": str(tag)}


def parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def descends_from(pid: int, ancestor: int) -> bool:
    for _ in range(10):
        pid = parent_of(pid)
        if pid is None or pid <= 1:
            return False
        if pid == ancestor:
            return True
    return False


def wait_until_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    alive = set(pids)
    while alive and time.monotonic() < deadline:
        alive = {p for p in alive if Path(f"/proc/{p}").exists() and
                 "Z" not in Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0:1]}
        time.sleep(0.2)
    return alive


def kill_leftovers(pids: set[int]) -> None:
    """Clean up (only) the soffice processes this test's build started, so one failure does not leak into the next."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def digests(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


# --- kill -9 ----------------------------------------------------------------------------------------------------------

@pytest.mark.libreoffice
def test_kill_9_of_kkdocs_mid_build_then_next_build_completes(workspace, tmp_path):
    cases = example_cases(workspace)
    env, tag = lo_env(tmp_path), tmp_path / "lo-tmp"
    process = subprocess.Popen([str(KKDOCS), "--workspace", str(workspace.path), "build", "-j", "2"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    staging = workspace.path / "build" / ".staging"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        if staging.is_dir() and any(staging.rglob("*.pdf")):
            break
        time.sleep(0.05)
    assert process.poll() is None, "the build ended before it could be killed; the test needs a slower build"
    process.send_signal(signal.SIGKILL)
    process.wait()
    left = wait_until_gone(soffice_pids(tag), 30)
    kill_leftovers(left)
    assert not left, f"soffice processes {sorted(left)} outlived the killed build by 30 s"
    assert_nothing_broken(workspace.path / "build")

    done = run_build(workspace, "-j", "2", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert_nothing_broken(workspace.path / "build")
    manifest = json.loads((workspace.path / "build" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["cases"]) == cases and all(c["status"] in ("bygget", "uændret") for c in manifest["cases"].values())
    for case_id in manifest["cases"]:
        assert (workspace.path / "build" / case_id / f"{case_id}.pdf").is_file()
    assert not (workspace.path / "build" / ".staging").exists()
    assert not soffice_pids(tag), "soffice left running after the build"


def test_kill_9_of_kkdocs_takes_its_worker_processes_with_it(workspace, tmp_path):
    """A worker left behind would wait for ever and hold the build lock it inherited: the next build would hang."""
    example_cases(workspace)
    process = subprocess.Popen([str(KKDOCS), "--workspace", str(workspace.path), "build", "-j", "2", "--no-pdf"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 30
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        workers = {int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and parent_of(int(p.name)) == process.pid}
        time.sleep(0.01)
    assert len(workers) == 2, "the build ended before its workers could be seen; the test needs a slower build"
    process.send_signal(signal.SIGKILL)
    process.wait()
    left = wait_until_gone(workers, 10)
    kill_leftovers(left)
    assert not left, f"worker processes {sorted(left)} outlived the killed build"
    done = run_build(workspace, "-j", "2", "--no-pdf", timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.libreoffice
def test_kill_9_of_a_soffice_worker_mid_conversion(workspace, tmp_path):
    example_cases(workspace)
    env, tag = lo_env(tmp_path), tmp_path / "lo-tmp"
    process = subprocess.Popen([str(KKDOCS), "--workspace", str(workspace.path), "build", "-j", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    victim = None
    deadline = time.monotonic() + 60
    while victim is None and time.monotonic() < deadline and process.poll() is None:
        for pid in soffice_pids(tag):
            try:
                comm = Path(f"/proc/{pid}/comm").read_text().strip()
            except OSError:
                continue
            if comm == "soffice.bin" and descends_from(pid, process.pid):
                victim = pid
                break
        time.sleep(0.05)
    assert victim is not None, "no soffice.bin worker was seen"
    time.sleep(0.5)  # let it get into a conversion
    try:
        os.kill(victim, signal.SIGKILL)
    except ProcessLookupError:
        pass
    output, _ = process.communicate(timeout=300)
    assert "Traceback" not in output and "intern fejl" not in output, output
    if process.returncode != 0:  # the pool may report the interrupted document instead of retrying it
        failed = [l for l in output.splitlines() if l.startswith("Fejlet:")]
        assert len(failed) == 1 and "PDF" in failed[0], output
    left = wait_until_gone(soffice_pids(tag), 10)
    kill_leftovers(left)
    assert not left, f"soffice processes {sorted(left)} outlived the build"
    assert_nothing_broken(workspace.path / "build")

    done = run_build(workspace, "-j", "2", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert_nothing_broken(workspace.path / "build")
    assert not soffice_pids(tag)


# --- a full disk --------------------------------------------------------------------------------------------------------

def fail_writes_to(monkeypatch, name: str) -> list[str]:
    """Make the atomic rename of any output called `name` fail with ENOSPC (the temp file was written)."""
    real_replace = os.replace
    hits: list[str] = []

    def replace(src, dst, *args, **kwargs):
        if Path(dst).name == name:
            hits.append(str(dst))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr("kkdocs.atomic_write.os.replace", replace)
    return hits


@pytest.mark.parametrize("name", ["administrativt-bilag.docx", "kvantum.xlsx"])
def test_disk_full_fails_the_case_and_keeps_its_earlier_outputs(workspace, monkeypatch, name):
    case = workspace.write("mobil.yaml", (EXAMPLE_CASES / "mobilhaandtering.yaml").read_text(encoding="utf-8"))
    workspace.write("fordeling.yaml", (EXAMPLE_CASES / "telekol-fordeling.yaml").read_text(encoding="utf-8"))
    ws = Workspace(workspace.path)
    first = build([], ws, BuildOptions(pdf=False, jobs=1))
    assert not first.failed
    folder = workspace.path / "build" / "mobil"
    kept = digests(folder)

    case.write_text(case.read_text(encoding="utf-8").replace("titel: Administrative", "titel: Nye administrative"),
                    encoding="utf-8")
    hits = fail_writes_to(monkeypatch, name)
    report = build([], ws, BuildOptions(pdf=False, jobs=1))
    assert hits, "the injected fault was never reached"
    outcome = next(o for o in report.outcomes if o.id == "mobil")
    assert outcome.status == "fejlet"
    assert "plads" in outcome.error or "No space left" in outcome.error, outcome.error
    assert digests(folder) == kept, "a full disk must not cost the case its earlier, good outputs (bug H7)"
    assert_nothing_broken(workspace.path / "build")

    monkeypatch.undo()
    again = build([], ws, BuildOptions(pdf=False, jobs=1))
    assert not again.failed
    assert digests(folder) != kept  # the edited case is built now


SITE_FAULT = """
import errno, os, sys
from pathlib import Path
real = os.replace
def replace(src, dst, *a, **k):
    if Path(dst).name == sys.argv[1]:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
    return real(src, dst, *a, **k)
os.replace = replace
from kkdocs.cli import main
main(sys.argv[2:], prog_name="kkdocs")
"""


@pytest.mark.parametrize("name", ["manifest.json", "index.html", "bilag.docx"])
def test_disk_full_at_the_cli_is_a_message_not_a_traceback(workspace, name):
    workspace.write("fordeling.yaml", (EXAMPLE_CASES / "telekol-fordeling.yaml").read_text(encoding="utf-8"))
    done = subprocess.run([sys.executable, "-c", SITE_FAULT, name, "--workspace", str(workspace.path), "build",
                           "--no-pdf"], capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output, output
    assert "plads" in output or "No space left" in output, output
    assert_nothing_broken(workspace.path / "build")


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="needs root to mount a small tmpfs")
def test_really_full_disk_on_a_small_tmpfs(workspace, tmp_path):
    """A real 96 kB tmpfs as the build folder: the build fails with a message, nothing broken is left."""
    build_dir = tmp_path / "lille"
    build_dir.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(build_dir)],
                      capture_output=True).returncode != 0:
        pytest.skip("mount is not permitted here")
    try:
        example_cases(workspace)
        done = run_build(workspace, "--no-pdf", "-o", str(build_dir), "-j", "1")
        output = done.stdout + done.stderr
        assert done.returncode == 1 and "Traceback" not in output, output
        assert "plads" in output or "No space left" in output, output
        assert_nothing_broken(build_dir)
    finally:
        subprocess.run(["umount", "-l", str(build_dir)], check=False)


# --- two builds at once -------------------------------------------------------------------------------------------

def test_two_builds_at_once_both_succeed_and_agree(workspace):
    cases = example_cases(workspace)
    command = [str(KKDOCS), "--workspace", str(workspace.path), "build", "--no-pdf", "-j", "2"]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out1, _ = first.communicate(timeout=300)
    out2, _ = second.communicate(timeout=300)
    assert first.returncode == 0, out1
    assert second.returncode == 0, out2
    assert "Traceback" not in out1 + out2
    build_dir = workspace.path / "build"
    assert_nothing_broken(build_dir)
    manifest = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["cases"]) == {p.stem for p in (workspace.path / "data" / "sager").glob("*.yaml")}
    for case_id, entry in manifest["cases"].items():
        assert entry["status"] in ("bygget", "uændret")
        for output in entry["outputs"]:
            path = build_dir / output["path"]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == output["sha256"], path
    assert not (build_dir / ".staging").exists()
    third = run_build(workspace, "--no-pdf")
    assert third.returncode == 0 and f"Uændret{cases:>9}" in third.stdout, third.stdout
