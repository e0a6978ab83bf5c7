"""Hostile YAML end to end: through the real `kkdocs` command, in a separate process, with a clock and a
memory meter on it.

tests/test_yaml_source.py already checks the findings of load_yaml itself (aliases and tags refused,
billion laughs fast, deep nesting, latin-1 position, binary garbage and a 50 MB file). This file adds
what a unit test cannot show: the whole CLI path (`kkdocs validate` / `kkdocs build` exit 1 with a
Danish line and no traceback), bounded memory measured with getrusage, and that no tag ever runs code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

KKDOCS = Path(sys.executable).parent / "kkdocs"

# Runs kkdocs in-process and reports the peak RSS growth (kB on Linux) that the command itself caused.
METERED = """
import json, resource, sys, time
from kkdocs.cli import main
import kkdocs.batch.validate, kkdocs.batch.build  # imported before the baseline, so it measures the input, not the code
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.monotonic()
code = 0
try:
    main(sys.argv[2:], prog_name="kkdocs")
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open(sys.argv[1], "w") as f:
    json.dump({"code": code, "growth_mb": (after - before) / 1024, "seconds": time.monotonic() - start}, f)
"""

MAX_GROWTH_MB = 200
MAX_SECONDS = 10


def metered(workspace: Path, *args: str, timeout: float = 30):
    """Run `kkdocs --workspace WS ARGS` in a fresh interpreter; (exit code, output, growth MB, seconds)."""
    report = workspace / "meter.json"
    try:
        done = subprocess.run([sys.executable, "-c", METERED, str(report), "--workspace", str(workspace), *args],
                              capture_output=True, text=True, timeout=timeout, cwd=workspace)
    except subprocess.TimeoutExpired:
        pytest.fail(f"kkdocs {' '.join(args)} did not finish within {timeout} s")
    meter = json.loads(report.read_text())
    return meter["code"], done.stdout + done.stderr, meter["growth_mb"], meter["seconds"]


def assert_clean_refusal(output: str, name: str):
    assert "Traceback" not in output and "intern fejl" not in output, output
    lines = [l for l in output.splitlines() if l.startswith(f"data/sager/{name}:")]
    assert lines, output
    assert ": fejl YAML-SYNTAX: " in lines[0], lines[0]


def billion_laughs() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    return "\n".join(lines) + "\n"


def deep_block_mapping(depth: int = 900) -> str:  # ~800 kB: under the size limit, so the depth check must catch it
    return "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v: 1\n"


HOSTILE = {
    "laughs.yaml": billion_laughs().encode(),
    "deep-flow.yaml": ("a: " + "[" * 100_000 + "]" * 100_000 + "\n").encode(),
    "deep-block.yaml": deep_block_mapping().encode(),
    "garbage.yaml": bytes(range(256)) * 64,
    "garbage-no-nul.yaml": bytes(range(1, 256)) * 64,
    "latin.yaml": "type: fordelingsbilag\ntitel: Ældreområdet\n".encode("latin-1"),
    "huge.yaml": b"a: " + b"x" * 50_000_000 + b"\n",
    "unclosed.yaml": b'titel: "never closed\nsag: x\n',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_cli_refuses_hostile_file_quickly_with_bounded_memory(workspace, name):
    (workspace.path / "data" / "sager" / name).write_bytes(HOSTILE[name])
    code, output, growth, seconds = metered(workspace.path, "validate", f"data/sager/{name}")
    assert code == 1, output
    assert_clean_refusal(output, name)
    assert seconds < MAX_SECONDS, f"{name}: {seconds:.1f} s"
    assert growth < MAX_GROWTH_MB, f"{name}: RSS grew {growth:.0f} MB"


def test_latin1_cli_message_names_line_column_and_encoding(workspace):
    (workspace.path / "data" / "sager" / "latin.yaml").write_bytes(HOSTILE["latin.yaml"])
    code, output, _, _ = metered(workspace.path, "validate", "data/sager/latin.yaml")
    assert code == 1
    assert "data/sager/latin.yaml:2:8: fejl YAML-SYNTAX: " in output and "UTF-8" in output, output


@pytest.mark.parametrize("shape", ["flow-list", "block-list", "many-keys"])
def test_many_small_nodes_are_bounded(workspace, shape):
    """Just under the byte limit, but a million tiny nodes: must not take minutes or gigabytes (bug H1)."""
    text = {
        "flow-list": "a: [" + "1," * 900_000 + "1]\n",
        "block-list": "a:\n" + "  - 1\n" * 300_000,
        "many-keys": "".join(f"k{i}: 1\n" for i in range(150_000)),
    }[shape]
    assert len(text.encode()) < 2_000_000
    workspace.write("mange.yaml", text)
    code, output, growth, seconds = metered(workspace.path, "validate", "data/sager/mange.yaml", timeout=15)
    assert code == 1 and "Traceback" not in output, output
    assert seconds < MAX_SECONDS and growth < MAX_GROWTH_MB, (seconds, growth)


TAGS = [
    'a: !!python/object/apply:os.system ["touch {m}"]\n',
    'a: !!python/object/apply:subprocess.call [["touch", "{m}"]]\n',
    'a: !!python/object/new:subprocess.Popen [["touch", "{m}"]]\n',
    'a: !python/object/apply:os.system ["touch {m}"]\n',
    '? !!python/object/apply:os.system ["touch {m}"]\n: 1\n',
    'a: !<tag:yaml.org,2002:python/object/apply:os.system> ["touch {m}"]\n',
    '%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\na: !p!os.system ["touch {m}"]\n',
    'titel: ok\nbilag:\n  - fil: !!python/object/apply:os.system ["touch {m}"]\n',
]


@pytest.mark.parametrize("index", range(len(TAGS)))
def test_python_tags_never_run_code(workspace, tmp_path, index):
    marker = tmp_path / f"OWNED-{index}"
    text = TAGS[index].format(m=marker)
    workspace.write("tag.yaml", text)
    workspace.write("pakke.yaml", text, folder="pakker")
    for args in (["validate"], ["build", "--no-pdf"], ["status"]):
        done = subprocess.run([str(KKDOCS), "--workspace", str(workspace.path), *args], capture_output=True,
                              text=True, timeout=60)
        output = done.stdout + done.stderr
        assert "Traceback" not in output and "intern fejl" not in output, output
        if args[0] in ("validate", "build"):
            assert done.returncode == 1, output
    assert not marker.exists(), "a YAML tag ran code"


def test_tag_in_reference_data_never_runs_code(workspace, tmp_path):
    marker = tmp_path / "OWNED-ref"
    organisation = workspace.path / "data" / "reference" / "organisation.yaml"
    organisation.write_text(f'x: !!python/object/apply:os.system ["touch {marker}"]\n'
                            + organisation.read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run([str(KKDOCS), "--workspace", str(workspace.path), "validate"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    assert "organisation.yaml:1:" in done.stdout and "YAML-SYNTAX" in done.stdout, done.stdout
    assert not marker.exists()


def test_build_of_hostile_files_fails_them_only(workspace):
    """The build path: each hostile file fails with its finding, a good case next to them still builds."""
    for name in ("laughs.yaml", "garbage.yaml", "latin.yaml", "huge.yaml", "deep-flow.yaml"):
        (workspace.path / "data" / "sager" / name).write_bytes(HOSTILE[name])
    good = Path(__file__).resolve().parents[2] / "data" / "sager" / "telekol-fordeling.yaml"
    workspace.write("god.yaml", good.read_text(encoding="utf-8"))
    start = time.monotonic()
    done = subprocess.run([str(KKDOCS), "--workspace", str(workspace.path), "build", "--no-pdf"],
                          capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output and "intern fejl" not in output, output
    for name in ("laughs", "garbage", "latin", "huge", "deep-flow"):
        assert f"Fejlet: data/sager/{name}.yaml" in output, output
        assert not (workspace.path / "build" / name).exists()
    assert (workspace.path / "build" / "god" / "bilag.docx").is_file()
    assert time.monotonic() - start < 60


def test_workspace_without_pakker_folder_is_fine(workspace):
    """A workspace need not have data/pakker/ (bug H2: the missing folder was read as a file)."""
    good = Path(__file__).resolve().parents[2] / "data" / "sager" / "telekol-fordeling.yaml"
    workspace.write("god.yaml", good.read_text(encoding="utf-8"))
    os.rmdir(workspace.path / "data" / "pakker")
    done = subprocess.run([str(KKDOCS), "--workspace", str(workspace.path), "validate"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and "pakker" not in done.stdout, done.stdout
