"""Benchmark: `kkdocs build` over 100 cases, full and incremental, against the LibreOffice floor.

    .venv/bin/python bench/build_bench.py [--cases 100] [--seed 6] [--keep]

It writes `cases` valid cases, varied from data/sager/ (all four types: titles, amounts,
årsværk, distribution keys, rows, bilag, status), and three packages into a temporary
workspace (data/reference copied, the shipped templates), checks them with `kkdocs validate`,
then measures, all in one run:

  (a) full build    `kkdocs build` (default -j = cores), wall time, and the CPU time of its
                    whole process tree (split into kkdocs' own process, the render workers and
                    soffice from the /proc samples); a timeline of its stages, which overlap,
                    from the modification times of what it wrote and its "<stage>: n/n" lines
  (e) floor         two plain soffice batches in parallel (lo_floor.run_floor) over the .docx
                    files the full build converts, measured right before (a) (over the same
                    files from a --no-pdf build) and right after it; ratio full build / the mean
                    of the two. The machine's speed drifts over minutes, and
                    one floor on one side of (a) is a poor yardstick when it does
  (b) no-op         the same command again: must take < 1 s and start no soffice
  (c) one edit      one figure of one case changed: only that case and the packages that
                    hold it may be rebuilt (statuses from build/manifest.json)
  (d) memory        peak summed RSS of the kkdocs process tree, of its soffice processes and of
                    kkdocs' own processes (the tree without soffice, at one sample), sampled from
                    /proc every 200 ms, and of its largest single process; and the peak summed
                    PSS of kkdocs' own processes (target < 300 MB). The render workers are forks
                    of the build's process and share its imported code and data page for page,
                    so a sum of RSS counts those pages once per process; PSS
                    (/proc/<pid>/smaps_rollup) divides each shared page among the processes that
                    map it, so the sum is the memory the processes take together
  (f) completeness  every case has its bundle build/<id>/<id>.pdf and every package its PDF
  (g) the report    build/index.html opened in headless Chromium: milliseconds from navigation
                    to the page loaded and laid out (target < 2 s), when chromium is installed

The machine is shared: for (a) and (e) it also reports the CPU time other processes used
meanwhile (all busy time in /proc/stat minus our own), so a disturbed run can be told apart.

soffice is reached through $KKDOCS_SOFFICE, a wrapper that logs each call, so a no-op build
that starts LibreOffice is caught both by the log and by the /proc sampler.
Exits 1 if (b) or (c) fails or the cases are not valid; the ratio is reported, not asserted.
"""

from __future__ import annotations

import argparse
import compileall
import copy
import datetime
import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from kkdocs.pdf.libreoffice import find_soffice
from lo_floor import run_floor

REPO = Path(__file__).resolve().parent.parent
KKDOCS = REPO / ".venv" / "bin" / "kkdocs"
EXAMPLES = {  # case type → the example it is varied from
    "investeringsforslag": "mobilhaandtering",
    "effektiviseringsforslag": "energibesparelser",
    "laaneansoegning": "botilbud-sundholm",
    "fordelingsbilag": "telekol-fordeling",
}
STATUSES = ["udkast", "hørt", "godkendt"]
NOOP_TARGET = 1.0  # seconds
OWN_MEMORY_TARGET = 300  # MB, kkdocs' own processes, PSS summed
REPORT_TARGET = 2000  # ms to open build/index.html
SAMPLE_SECONDS = 0.2  # the sampler costs about 1 % of a core at this rate (5 % at 50 ms)


# --- 1. the workspace ----------------------------------------------------------------------------

def yaml() -> YAML:
    y = YAML()  # round trip: keeps key order, dates and the block style of the examples
    y.width = 4096
    return y


def load_examples() -> dict[str, dict]:
    return {kind: yaml().load(REPO / "data" / "sager" / f"{name}.yaml") for kind, name in EXAMPLES.items()}


def vary_proposal(case: dict, n: int, rng: random.Random) -> None:
    """Investerings- and effektiviseringsforslag: amounts, årsværk, key, bilag rows and count."""
    economy = case["økonomi"]
    factor = rng.choice([0.5, 0.8, 1, 1.25, 2, 3])
    for row in economy["varige_ændringer"]:
        if "årsværk" in row:
            row["årsværk"] = int(row["årsværk"] * factor) or (1 if row["årsværk"] > 0 else -1)
            row["sats"] = rng.randint(600, 720)
        else:
            for year in row["beløb"]:
                row["beløb"][year] = int(row["beløb"][year] * factor)
    for row in economy.get("implementering", []) or []:
        for year in row["beløb"]:
            row["beløb"][year] = int(row["beløb"][year] * factor)
    if case["type"] == "effektiviseringsforslag":  # one row: the stated total stays checkable
        economy["oplyst"]["samlet_varig_ændring"] = copy.deepcopy(economy["varige_ændringer"][0]["beløb"])
    else:  # årsværk × sats: drop the stated figures rather than recompute them here
        del economy["oplyst"]
    for name in case["fordeling"]["nøgle"]:
        case["fordeling"]["nøgle"][name] = rng.randint(20, 1500)
    bilag = case.get("bilag") or []
    for item in bilag:
        rows = item["tabel"]["rækker"] if "tabel" in item else None
        if rows:
            keep = rng.randint(1, len(rows))
            item["tabel"]["rækker"] = rows[:keep] + [list(r) for r in rows[: rng.randint(0, keep)]]
            item["tabel"].pop("oplyst_i_alt", None)  # stated for the example's rows, not these (SUM-AFVIGER)
    case["bilag"] = bilag[: rng.randint(0 if case["type"] == "investeringsforslag" else 1, len(bilag))]
    if not case["bilag"]:
        del case["bilag"]


def vary_loan(case: dict, n: int, rng: random.Random) -> None:
    # One application per kommune (LÅN-ÉN-ANSØGNING); every fourth case is a loan application.
    case["ansøger"]["kommunenummer"] = 101 + n // 4
    projects = case["projekter"]
    case["projekter"] = projects[: rng.randint(1, len(projects))]
    for project in case["projekter"]:
        factor = rng.choice([1, 1.1, 1.25, 1.5])
        project["bruttoanlægsudgift"] = int(project["bruttoanlægsudgift"] * factor)
        for year in project["lån"]:
            project["lån"][year] = int(project["lån"][year] * factor)
        project["andel_andre_kommuner"] = rng.randint(25, 50)


def vary_distribution(case: dict, n: int, rng: random.Random) -> None:
    for name in case["nøgle"]:  # all 29 municipalities of KKR Hovedstaden stay (KKR-KOMMUNER)
        case["nøgle"][name] = int(case["nøgle"][name] * rng.uniform(0.9, 1.1))
    case["beløb"] = rng.randrange(100_000, 5_000_000, 1000)
    case["oplyst_nøgletotal"] = sum(case["nøgle"].values())


VARY = {"investeringsforslag": vary_proposal, "effektiviseringsforslag": vary_proposal,
        "laaneansoegning": vary_loan, "fordelingsbilag": vary_distribution}


def make_cases(count: int, seed: int) -> dict[str, dict]:
    rng = random.Random(seed)
    examples = load_examples()
    kinds = list(EXAMPLES)
    cases = {}
    for n in range(count):
        kind = kinds[n % len(kinds)]
        case = copy.deepcopy(examples[kind])
        case["titel"] = f"{case['titel']} (variant {n + 1})"
        case["status"] = rng.choice(STATUSES)
        VARY[kind](case, n, rng)
        if case["status"] == "godkendt" and "hørt" in case:  # HØRT-CFØ: approval needs CFØ's date
            case["hørt"][0]["dato"] = datetime.date.fromisoformat(str(case["frist"]))  # no alias
            if kind == "investeringsforslag" and case["tværgående"]:  # HØRT-TVÆRGÅENDE: and BRK, ØK and 7-dir
                case["hørt"] += [{"instans": name, "dato": datetime.date.fromisoformat(str(case["frist"]))}
                                 for name in ("Budget- og Regnskabskredsen", "Økonomikredsen", "7-dir")]
        cases[f"{kind[:3]}-{n + 1:03d}"] = case
    return cases


def make_packages(cases: dict[str, dict]) -> dict[str, dict]:
    proposals = [cid for cid, c in cases.items() if c["type"] in ("investeringsforslag", "effektiviseringsforslag")]
    return {
        "pakke-a": {"titel": "Forslag til budget, del 1", "udvalg": "Økonomiudvalget", "sager": proposals[:12]},
        "pakke-b": {"titel": "Forslag til budget, del 2", "udvalg": "Økonomiudvalget", "sager": proposals[12:24]},
        "pakke-c": {"titel": "Udvalgte forslag", "udvalg": "Økonomiudvalget", "sager": proposals[0:40:4]},
    }


def write_yaml(path: Path, data: dict) -> None:
    buffer = io.StringIO()
    yaml().dump(data, buffer)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def make_workspace(root: Path, cases: dict[str, dict], packages: dict[str, dict]) -> None:
    (root / "data" / "sager").mkdir(parents=True)
    (root / "data" / "pakker").mkdir()
    shutil.copytree(REPO / "data" / "reference", root / "data" / "reference")
    for case_id, case in cases.items():
        write_yaml(root / "data" / "sager" / f"{case_id}.yaml", case)
    for package_id, package in packages.items():
        write_yaml(root / "data" / "pakker" / f"{package_id}.yaml", package | {"mødedato": datetime.date(2024, 9, 5)})


def snapshot_code(scratch: Path) -> Path:
    """A copy of kkdocs and its templates, put first on PYTHONPATH for the measured commands.

    The fingerprint hashes kkdocs' own code, so an edit to the repository during the run would
    rebuild everything and spoil (b) and (c); the copy keeps the code fixed for the whole run.
    It is compiled to bytecode at once, as pip does when it installs kkdocs, so that the first
    measured build does not compile it (about 0,2 s of CPU, and again in each render worker for
    the modules it imports itself).
    """
    code = scratch / "code"
    shutil.copytree(REPO / "kkdocs", code / "kkdocs", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "templates", code / "templates")
    compileall.compile_dir(code / "kkdocs", quiet=1)
    return code


def soffice_wrapper(scratch: Path) -> tuple[Path, Path]:
    """A script that logs each call and then runs the real soffice; for $KKDOCS_SOFFICE."""
    log = scratch / "soffice-calls.log"
    wrapper = scratch / "soffice-logged"
    wrapper.write_text(f'#!/bin/sh\necho "$$ $*" >> "{log}"\nexec "{find_soffice()}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper, log


# --- 2. measuring one command ----------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    returncode: int
    stdout: str
    stderr_lines: list[tuple[float, str]]  # (seconds since start, line)
    peak_tree_rss: int = 0  # kB, summed over the process tree
    peak_soffice_rss: int = 0  # kB, summed over soffice processes
    peak_process_rss: int = 0  # kB, the largest single process
    peak_own_rss: int = 0  # kB, summed over the tree without soffice
    peak_own_pss: int = 0  # kB, PSS summed over the tree without soffice
    soffice_pids: set[int] = field(default_factory=set)
    started: float = 0.0  # time.time() at the start
    cpu: float = 0.0  # seconds of CPU of the whole process tree
    cpu_by: dict[str, float] = field(default_factory=dict)  # main, workers, soffice: as last sampled
    others_cpu: float = 0.0  # seconds of CPU that other processes on the machine used meanwhile


class CpuMeter:
    """CPU seconds of our finished child processes, and of everything else on the machine, over a block."""

    def __enter__(self) -> CpuMeter:
        self.ours, self.all = children_cpu(), machine_busy()
        return self

    def __exit__(self, *exc_info) -> None:
        self.ours = children_cpu() - self.ours
        self.others = machine_busy() - self.all - self.ours


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine_busy() -> float:
    """Seconds of CPU all processes have used since boot: /proc/stat without idle and iowait."""
    with open("/proc/stat") as f:
        ticks = [int(value) for value in f.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _rss_and_name(pid: int) -> tuple[int, str]:
    try:
        with open(f"/proc/{pid}/status") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
    except OSError:
        return 0, ""
    rss = int(fields.get("VmRSS", "0 kB").split()[0])
    return rss, fields.get("Name", "").strip()


def _pss(pid: int) -> int:
    """kB of proportional set size: private pages, plus each shared page divided by its sharers."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
    except OSError:
        return 0


def _cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far (utime + stime in /proc/<pid>/stat)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants, and notes soffice processes.

    It also keeps the last CPU time seen of each process, so the run can say how the CPU of the
    tree divides between kkdocs' own process, LibreOffice and the rest (the render workers); a
    little is missed: what a process does after the last sample.
    """

    def __init__(self, root: int, run: Run):
        super().__init__(daemon=True)
        self.root, self.run_, self.stop = root, run, threading.Event()
        self.cpu: dict[int, tuple[str, float]] = {}  # pid -> (what, CPU seconds last seen)

    def run(self) -> None:
        while not self.stop.is_set():
            tree, todo, total, office, own_pss = _children(), [self.root], 0, 0, 0
            while todo:
                pid = todo.pop()
                rss, name = _rss_and_name(pid)
                total += rss
                self.run_.peak_process_rss = max(self.run_.peak_process_rss, rss)
                what = "main" if pid == self.root else "workers"
                if name.startswith("soffice") or name == "oosplash":
                    office += rss
                    self.run_.soffice_pids.add(pid)
                    what = "soffice"
                else:
                    own_pss += _pss(pid)
                self.cpu[pid] = (what, _cpu_seconds(pid) or self.cpu.get(pid, ("", 0.0))[1])
                todo += tree.get(pid, [])
            self.run_.peak_tree_rss = max(self.run_.peak_tree_rss, total)
            self.run_.peak_soffice_rss = max(self.run_.peak_soffice_rss, office)
            self.run_.peak_own_rss = max(self.run_.peak_own_rss, total - office)
            self.run_.peak_own_pss = max(self.run_.peak_own_pss, own_pss)
            self.run_.cpu_by = {what: sum(cpu for w, cpu in self.cpu.values() if w == what)
                                for what in ("main", "workers", "soffice")}
            self.stop.wait(SAMPLE_SECONDS)


def measure(command: list[str], cwd: Path, env: dict[str, str]) -> Run:
    run = Run(0.0, 0, "", [], started=time.time())
    with CpuMeter() as cpu:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        sampler = TreeSampler(process.pid, run)
        sampler.start()
        out: list[str] = []
        reader = threading.Thread(target=lambda: out.append(process.stdout.read()), daemon=True)
        reader.start()
        for line in process.stderr:
            run.stderr_lines.append((time.perf_counter() - started, line.rstrip("\n")))
        process.wait()
        run.seconds = time.perf_counter() - started
        reader.join()
        sampler.stop.set()
        sampler.join()
    run.returncode, run.stdout = process.returncode, "".join(out)
    run.cpu, run.others_cpu = cpu.ours, cpu.others
    return run


def statuses(build_dir: Path) -> dict[str, str]:
    manifest = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    return {key: entry["status"] for section in ("cases", "packages") for key, entry in manifest[section].items()}


def timeline(run: Run, build_dir: Path) -> list[tuple[str, str]]:
    """When each stage of the full build began and ended, in seconds from its start.

    Rendering, conversion, bundling and packages overlap, so they are shown as spans, read from
    the modification times of the files each one writes (each is written once, atomically), and
    from the times of the "<stage>: n/n" lines (each printed when a stage is done).
    """
    def span(paths: list[Path]) -> str:
        times = sorted(path.stat().st_mtime - run.started for path in paths)
        return f"{times[0]:5.1f} - {times[-1]:5.1f} s" if times else "-"

    cases = [folder for folder in build_dir.iterdir() if folder.is_dir() and folder.name != "pakker"]
    rows = [
        ("Word and Excel files written", span([f for c in cases for f in c.iterdir() if f.suffix in (".docx", ".xlsx")])),
        ("PDFs converted (and normalised)", span([f for c in cases for f in c.glob("*.pdf") if f.stem != c.name])),
        ("case bundles written", span([c / f"{c.name}.pdf" for c in cases if (c / f"{c.name}.pdf").exists()])),
        ("packages written", span(sorted((build_dir / "pakker").glob("*.pdf")))),
        ("manifest written", span([build_dir / "manifest.json"])),
    ]
    lines = [f"{line.split(':', 1)[0]} {at:.1f}" for at, line in run.stderr_lines if line.endswith(_done_suffix(line))]
    rows.append(("stage lines on stderr", ", ".join(lines)))
    rows.append(("process ended", f"{run.seconds:5.1f} s"))
    return rows


def _done_suffix(line: str) -> str:
    """'n/n' when the line is a "<stage>: n/n" line, else something no line ends with."""
    count = line.rsplit(" ", 1)[-1]
    done, _, total = count.partition("/")
    return count if done and done == total else "\0"


@dataclass
class Floor:
    seconds: float
    cpu: float
    others_cpu: float
    pdfs: int


def measure_floor(docx: list[Path], scratch: Path, name: str) -> Floor:
    """(e): the same Word files, copied flat, through two plain soffice batches."""
    flat = scratch / f"floor-{name}-src"
    flat.mkdir()
    files = []
    for path in docx:
        files.append(flat / f"{path.parent.name}--{path.name}")
        shutil.copyfile(path, files[-1])
    out = scratch / f"floor-{name}-out"
    (scratch / f"floor-{name}").mkdir()
    with CpuMeter() as cpu:
        seconds = run_floor(find_soffice(), files, out, scratch / f"floor-{name}")
    return Floor(seconds, cpu.ours, cpu.others, len(list(out.glob("*.pdf"))))


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--allow-file-access-from-files"]
# Opens index.html in a frame and says when it was loaded and laid out (offsetHeight forces layout).
REPORT_PROBE = """<!DOCTYPE html><html><body><pre id="out"></pre>
<iframe id="page" src="index.html" style="width:1280px;height:1000px"></iframe>
<script>
document.getElementById("page").addEventListener("load", (event) => {
  const loaded = performance.now();
  event.target.contentDocument.body.offsetHeight;
  const laid_out = performance.now();
  document.getElementById("out").textContent = Math.round(loaded) + " " + Math.round(laid_out);
});
</script></body></html>"""


def open_report(build_dir: Path, scratch: Path) -> tuple[int, int] | None:
    """(g): ms to the report's load event and to its first layout; None without chromium."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        return None
    probe = build_dir / "bench-probe.html"
    probe.write_text(REPORT_PROBE, encoding="utf-8")
    try:
        dom = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={scratch / 'chromium'}", "--dump-dom",
                              probe.as_uri()], capture_output=True, text=True, timeout=120).stdout
    finally:
        probe.unlink()
    found = dom.split('<pre id="out">', 1)[-1].split("</pre>", 1)[0].split()
    return (int(found[0]), int(found[1])) if len(found) == 2 else None


def missing_outputs(build_dir: Path, cases: dict[str, dict], packages: dict[str, dict]) -> list[str]:
    """(f): the cases without a bundle and the packages without a PDF."""
    wanted = [build_dir / case_id / f"{case_id}.pdf" for case_id in cases]
    wanted += [build_dir / "pakker" / f"{package_id}.pdf" for package_id in packages]
    return [path.relative_to(build_dir).as_posix() for path in wanted if not path.is_file()]


# --- 3. the benchmark --------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100, help="cases to generate (default 100)")
    parser.add_argument("--seed", type=int, default=6, help="seed for the variations (default 6)")
    parser.add_argument("--keep", action="store_true", help="keep the workspace")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="kkdocs-build-bench-"))
    root = scratch / "ws"
    failures: list[str] = []
    try:
        cases = make_cases(args.cases, args.seed)
        packages = make_packages(cases)
        make_workspace(root, cases, packages)
        wrapper, soffice_log = soffice_wrapper(scratch)
        code = snapshot_code(scratch)
        env = os.environ | {"KKDOCS_SOFFICE": str(wrapper), "KKDOCS_WORKSPACE": str(root), "PYTHONPATH": str(code)}
        imported = subprocess.run([sys.executable, "-c", "import kkdocs; print(kkdocs.__file__)"], env=env, cwd=root,
                                  capture_output=True, text=True).stdout.strip()
        if not imported.startswith(str(code)):
            print(f"FAIL: the measured commands would import kkdocs from {imported}, not from the snapshot")
            return 1
        build_dir = root / "build"

        validation = subprocess.run([str(KKDOCS), "validate"], cwd=root, env=env, capture_output=True, text=True)
        if validation.returncode != 0:
            print(validation.stdout[-4000:], validation.stderr[-2000:], sep="\n")
            print("FAIL: the generated cases do not validate")
            return 1
        summary = validation.stdout.strip().splitlines()[-1]

        command = [str(KKDOCS), "build"]
        first = scratch / "no-pdf-build"
        subprocess.run([*command, "--no-pdf", "-o", str(first)], cwd=root, env=env, capture_output=True, check=True)
        floor_before = measure_floor(sorted(first.glob("*/*.docx")), scratch, "before")

        full = measure(command, root, env)
        if full.returncode != 0:
            print(full.stdout[-4000:])
            print("FAIL: the full build failed")
            return 1
        full_calls = soffice_log.read_text().count("\n") if soffice_log.exists() else 0
        missing = missing_outputs(build_dir, cases, packages)
        if missing:
            failures.append(f"{len(missing)} outputs missing after the full build: {', '.join(missing[:10])}")
        if full.peak_own_pss / 1024 >= OWN_MEMORY_TARGET:
            failures.append(f"kkdocs' own processes peaked at {full.peak_own_pss / 1024:.0f} MB PSS "
                            f"(target < {OWN_MEMORY_TARGET} MB)")
        report_ms = open_report(build_dir, scratch)
        if report_ms and report_ms[1] >= REPORT_TARGET:
            failures.append(f"build/index.html took {report_ms[1]} ms to open (target < {REPORT_TARGET} ms)")
        docx = sorted(build_dir.glob("*/*.docx"))
        stages = timeline(full, build_dir)  # before (c) writes some of the files again

        floor_after = measure_floor(docx, scratch, "after")
        for floor in (floor_before, floor_after):
            if floor.pdfs != len(docx):
                failures.append(f"floor made {floor.pdfs} PDFs of {len(docx)}")
        floor_seconds = (floor_before.seconds + floor_after.seconds) / 2
        ratio = full.seconds / floor_seconds

        calls_before = full_calls
        noop = measure(command, root, env)
        noop_calls = (soffice_log.read_text().count("\n") if soffice_log.exists() else 0) - calls_before
        noop_status = statuses(build_dir)
        if noop.seconds >= NOOP_TARGET:
            failures.append(f"no-op build took {noop.seconds:.2f} s (target < {NOOP_TARGET:g} s)")
        if noop_calls or noop.soffice_pids:
            failures.append(f"no-op build started soffice ({noop_calls} logged calls, pids {sorted(noop.soffice_pids)})")
        if any(s != "uændret" for s in noop_status.values()):
            failures.append("no-op build rebuilt: " + ", ".join(k for k, s in noop_status.items() if s != "uændret"))

        edited = packages["pakke-c"]["sager"][1]  # in pakke-a and pakke-c, not in pakke-b
        case = cases[edited]
        row = case["økonomi"]["varige_ændringer"][-1]
        year = max(row["beløb"])
        row["beløb"][year] -= 100
        if case["type"] == "effektiviseringsforslag":
            case["økonomi"]["oplyst"]["samlet_varig_ændring"][year] -= 100
        write_yaml(root / "data" / "sager" / f"{edited}.yaml", case)
        expected = {edited} | {pid for pid, p in packages.items() if edited in p["sager"]}
        edit = measure(command, root, env)
        edit_status = statuses(build_dir)
        rebuilt = {k for k, s in edit_status.items() if s == "bygget"}
        others = {k: s for k, s in edit_status.items() if s not in ("bygget", "uændret")}
        if rebuilt != expected or others or edit.returncode != 0:
            failures.append(f"after editing {edited}: rebuilt {sorted(rebuilt)}, expected {sorted(expected)}"
                            + (f", other statuses {others}" if others else ""))

        kinds = {kind: sum(c["type"] == kind for c in cases.values()) for kind in EXAMPLES}
        print(f"{len(cases)} cases ({', '.join(f'{n} {k}' for k, n in kinds.items())}), {len(packages)} packages; "
              f"{os.cpu_count()} cores; validate: {summary}")
        print(f"command: cd <workspace> && KKDOCS_SOFFICE=<logging wrapper> PYTHONPATH=<snapshot of kkdocs/> "
              f"{' '.join(command)}")
        print()
        print(f"{'measure':<52}{'value':>12}")
        rows = [
            ("(a) full build, wall", f"{full.seconds:.1f} s"),
            ("    CPU of its process tree / of other processes", f"{full.cpu:.0f} / {full.others_cpu:.0f} s"),
            ("    main process / render workers / soffice", " / ".join(
                f"{full.cpu_by.get(what, 0):.0f}" for what in ("main", "workers", "soffice")) + " s"),
            ("    documents converted (soffice batches)", f"{len(docx)} ({full_calls})"),
            ("(e) floor: 2 plain soffice batches, before / after", f"{floor_before.seconds:.1f} / "
                                                                    f"{floor_after.seconds:.1f} s"),
            ("    CPU: soffice / others, before", f"{floor_before.cpu:.0f} / {floor_before.others_cpu:.0f} s"),
            ("    CPU: soffice / others, after", f"{floor_after.cpu:.0f} / {floor_after.others_cpu:.0f} s"),
            ("    full build / mean floor", f"{ratio:.2f}"),
            ("(f) bundles and package PDFs missing", f"{len(missing)}"),
            ("(g) index.html opened in Chromium: load / layout",
             f"{report_ms[0]} / {report_ms[1]} ms" if report_ms else "no chromium"),
            ("(b) no-op rebuild, wall (target < 1 s)", f"{noop.seconds:.2f} s"),
            ("    soffice started during no-op", f"{noop_calls + len(noop.soffice_pids)}"),
            (f"(c) rebuild after editing {edited}, wall", f"{edit.seconds:.1f} s"),
            ("    rebuilt (bygget)", ", ".join(sorted(rebuilt))),
            ("(d) peak RSS, kkdocs tree summed (/proc)", f"{full.peak_tree_rss / 1024:.0f} MB"),
            ("    of which soffice processes (/proc)", f"{full.peak_soffice_rss / 1024:.0f} MB"),
            ("    kkdocs' own processes, RSS summed", f"{full.peak_own_rss / 1024:.0f} MB"),
            ("    kkdocs' own processes, PSS summed (target < 300 MB)", f"{full.peak_own_pss / 1024:.0f} MB"),
            ("    largest single process (/proc)", f"{full.peak_process_rss / 1024:.0f} MB"),
            ("    peak RSS, no-op build tree (/proc)", f"{noop.peak_tree_rss / 1024:.0f} MB"),
        ]
        for label, value in rows:
            print(f"{label:<52}{value:>12}")
        print()
        print("full build timeline, seconds from its start (the stages overlap):")
        for name, value in stages:
            print(f"  {name:<34}{value}")
        if args.keep:
            print(f"workspace kept in {root}")
        for failure in failures:
            print(f"FAIL: {failure}")
        return 1 if failures else 0
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
