"""Benchmark: how fast `kkdocs serve` answers a keystroke, and how long a preview takes.

    .venv/bin/python bench/serve_bench.py [--case PATH] [--rounds 30]

Starts `kkdocs serve` on a free port in a fresh workspace holding the case (default: seed 000's
mobile case, ../shared/spec/examples/data/sager/mobilhaandtering.yaml, with that folder's
reference data) and measures over real HTTP on 127.0.0.1:

- *keystroke*: one POST of the whole form with one figure changed (a year of Tabel 2, a
  different figure each round) to /sag/<id>/live, as htmx sends it after the debounce: the
  form applied to the file's round-trip document, the text checked and calculated by
  check_case, the findings placed, the fragment rendered. Median and 90th percentile, and the
  same call in the benchmark's own process without HTTP (`case_page.updated` and the render).
- *preview*: POST /sag/<id>/forhaandsvisning, which runs `kkdocs build` for the saved case; the
  first after start (cold) and then each after the case file changed (so the build cannot skip it).

Goals: a keystroke under 150 ms, a preview under 3 s warm. Not a test: the figures
depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "spec" / "examples" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", type=Path, default=SEED / "sager" / "mobilhaandtering.yaml")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--previews", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kkdocs-serve-bench-") as folder:
        root = Path(folder)
        (root / "data" / "sager").mkdir(parents=True)
        (root / "data" / "pakker").mkdir()
        reference = args.case.parent.parent / "reference"
        shutil.copytree(reference if reference.is_dir() else REPO / "data" / "reference", root / "data" / "reference")
        case = root / "data" / "sager" / args.case.name
        shutil.copy(args.case, case)
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "kkdocs", "--workspace", str(root), "serve", "--port", str(port)],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            _wait(port)
            keystroke(root, case, port, args.rounds)
            preview(case, port, args.previews)
        finally:
            server.terminate()
            server.wait(timeout=10)


def keystroke(root: Path, case: Path, port: int, rounds: int) -> None:
    from kkdocs.checks.reference_data import load_reference
    from kkdocs.serve import case_page
    from kkdocs.serve.app import _Pages
    from kkdocs.serve.form_to_case import input_name
    from kkdocs.serve.security import Access
    from kkdocs.workspace import Workspace

    page = _get(port, f"/sag/{case.stem}")
    csrf = re.search(r'"x-csrf-token": "([^"]+)"', page).group(1)
    workspace = Workspace(root)
    opened = case_page.opened(workspace, load_reference(workspace), case)
    form = _submitted(opened.widgets)
    form[case_page.BASE_FIELD], form[case_page.HASH_FIELD] = [opened.base], [opened.disk_hash]
    years = [y for y in range(2024, 2030)]
    over_http, in_process = [], []
    pages = _Pages(workspace, Access("127.0.0.1", port, None))
    for n in range(rounds):
        form[input_name(("økonomi", "implementering", 0, "beløb", years[n % len(years)]))] = [f"{1000 + n}"]
        body = urllib.parse.urlencode([(k, v) for k, values in form.items() for v in values])
        started = time.perf_counter()
        fragment = _post(port, f"/sag/{case.stem}/live", body, csrf)
        over_http.append(time.perf_counter() - started)
        assert "Kontrol" in fragment
        started = time.perf_counter()
        updated = case_page.updated(workspace, pages.reference(), case, form)
        pages.templates.get_template("_live.html").render(page=updated)
        in_process.append(time.perf_counter() - started)
    print(f"Tastetryk, {case.name}, {rounds} gange: HTTP median {_ms(statistics.median(over_http))}, "
          f"90 % {_ms(statistics.quantiles(over_http, n=10)[-1])}; i processen median "
          f"{_ms(statistics.median(in_process))} (mål: under 150 ms)")


def preview(case: Path, port: int, previews: int) -> None:
    page = _get(port, f"/sag/{case.stem}")
    csrf = re.search(r'"x-csrf-token": "([^"]+)"', page).group(1)
    seconds = []
    for n in range(previews):
        if n:
            text = case.read_text(encoding="utf-8")
            case.write_text(re.sub(r"^titel: (.*?)( \(\d+\))?$", rf"titel: \1 ({n})", text, count=1, flags=re.M),
                            encoding="utf-8")
        started = time.perf_counter()
        fragment = _post(port, f"/sag/{case.stem}/forhaandsvisning", "", csrf)
        seconds.append(time.perf_counter() - started)
        assert "iframe" in fragment, fragment
    warm = seconds[1:] or seconds
    print(f"Forhåndsvisning: første {seconds[0]:.2f} s, derefter median {statistics.median(warm):.2f} s "
          f"(mål: under 3 s)".replace(".", ","))


def _submitted(items) -> dict[str, list[str]]:
    form: dict[str, list[str]] = {}
    for item in items:
        if item.kind == "multi":
            form[item.named("#valgt")] = [""] + [v for v, _ in item.options if v in item.checked]
        elif not item.children and not item.cells and item.kind not in ("group", "rows", "unsupported"):
            form[item.name] = [item.value]
        for nested in (item.children, item.row_labels, *item.cells):
            form.update(_submitted(nested))
    return form


def _get(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path)
    return connection.getresponse().read().decode()


def _post(port: int, path: str, body: str, csrf: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    connection.request("POST", path, body=body.encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf, "HX-Request": "true"})
    return connection.getresponse().read().decode()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            _get(port, "/static/serve.css")
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("kkdocs serve startede ikke")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


if __name__ == "__main__":
    main()
