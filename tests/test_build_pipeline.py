"""The build's overlapped stages: progress in pipeline order, packages assembled while LibreOffice works.

The end-to-end test runs the real pipeline on the project's examples with a stand-in for soffice
(through KKDOCS_SOFFICE) that "converts" by copying a real PDF, and takes its time over the last
document, so the order in which outputs appear is known.
"""

from __future__ import annotations

import gc
import json
import math
import os
import shutil
import stat
import sys
import time
from pathlib import Path

import pytest
from pdf_fixtures import make_pdf

from kkdocs.batch import worker_jobs
from kkdocs.batch.build import BuildOptions, Progress, StagesInOrder, build
from kkdocs.batch.build_report import BUILT, UNCHANGED
from kkdocs.pdf.libreoffice import LAST_BATCH_WEIGHT, SOFFICE_ENV
from kkdocs.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
JOINED_STAND_IN = Path(__file__).with_name("joined_stand_in.py")


def test_stages_in_order_holds_a_later_stage_until_the_earlier_ones_are_done():
    shown: list[Progress] = []
    progress = StagesInOrder(shown.append)

    progress(Progress("kontrol", 2, 2))
    progress(Progress("dokumenter", 1, 3))
    progress(Progress("pdf", 1, 2))  # converting while rendering goes on: held
    progress(Progress("pdf", 2, 2))  # all converted so far, but more will come: still held
    progress(Progress("dokumenter", 2, 3))
    progress(Progress("pdf", 2, 4))
    progress(Progress("samling", 1, 3))
    assert [(p.stage, p.done, p.total) for p in shown] == [("kontrol", 2, 2), ("dokumenter", 1, 3),
                                                           ("dokumenter", 2, 3)]

    progress(Progress("dokumenter", 3, 3))  # done: the latest PDF count follows at once
    progress(Progress("pdf", 4, 4))
    assert [(p.stage, p.done, p.total) for p in shown[3:]] == [("dokumenter", 3, 3), ("pdf", 2, 4), ("pdf", 4, 4),
                                                               ("samling", 1, 3)]


def stand_in_soffice(folder: Path, pdf: Path, at_start: str = ":", before_last: str = ":") -> Path:
    """A soffice that writes `pdf` as the PDF of each file (a page of it per file of a joined document);
    runs `at_start` first ($@ are the files) and `before_last` before the last file."""
    script = folder / "soffice"
    script.write_text(
        "#!/bin/bash\n"
        'while [ $# -gt 0 ]; do if [ "$1" = --outdir ]; then out=$2; shift 2; break; fi; shift; done\n'
        f'mkdir -p "$out"; left=$#; {at_start}\n'
        'for f in "$@"; do\n'
        f"  left=$((left - 1)); if [ $left = 0 ]; then {before_last}; fi\n"
        '  stem=$(basename "${f%.*}")\n'
        f'  case "$stem" in samlet-*) "{sys.executable}" "{JOINED_STAND_IN}" pdf "$f" "$out/.part" "{pdf}";;\n'
        f'    *) cp "{pdf}" "$out/.part";; esac\n'
        '  mv "$out/.part" "$out/$stem.pdf"\n'
        "done\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def slow_last_soffice(folder: Path, pdf: Path) -> Path:
    """A soffice that writes `pdf` as the PDF of each file, and waits 2 s before the last one."""
    return stand_in_soffice(folder, pdf, before_last="sleep 2")


def test_a_package_is_assembled_while_libreoffice_still_converts_other_cases(tmp_path, monkeypatch):
    shutil.copytree(REPO / "data", tmp_path / "ws" / "data")
    monkeypatch.setenv(SOFFICE_ENV, str(slow_last_soffice(tmp_path, make_pdf(tmp_path / "side.pdf", "Konverteret"))))
    shown: list[Progress] = []

    report = build([], Workspace(tmp_path / "ws"), BuildOptions(jobs=1), progress=shown.append)

    assert not report.failed
    out = tmp_path / "ws" / "build"
    # ofs-2024 holds mobilhaandtering and energibesparelser; telekol-fordeling's document is converted last
    package = (out / "pakker" / "ofs-2024.pdf").stat().st_mtime_ns
    assert package < (out / "telekol-fordeling" / "telekol-fordeling.pdf").stat().st_mtime_ns
    stages = [p.stage for p in shown]
    assert stages == sorted(stages, key=StagesInOrder.ORDER.index), "progress went back to an earlier stage"
    for stage in ("kontrol", "dokumenter", "pdf", "samling"):
        assert sum(p.stage == stage and p.done == p.total for p in shown) == 1, stage


def test_the_cases_of_a_package_are_made_first_and_reported_in_file_order(tmp_path):
    shutil.copytree(REPO / "data", tmp_path / "ws" / "data")
    shown: list[Progress] = []

    report = build([], Workspace(tmp_path / "ws"), BuildOptions(jobs=1, pdf=False), progress=shown.append)

    assert not report.failed
    files = sorted(path.stem for path in (tmp_path / "ws" / "data" / "sager").glob("*.yaml"))
    in_package = ["energibesparelser", "mobilhaandtering"]  # ofs-2024's cases
    made = [p.label for p in shown if p.stage == "dokumenter" and p.done]
    assert made == in_package + [case for case in files if case not in in_package]
    assert [o.id for o in report.outcomes if o.kind != "pakke"] == files


def render_counting_frozen(*arguments):
    """check_and_render_case, noting in $FROZEN_LOG how many objects the worker has frozen."""
    with open(os.environ["FROZEN_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{gc.get_freeze_count()}\n")
    return RENDER(*arguments)


RENDER = worker_jobs.check_and_render_case


def test_render_workers_are_forked_with_the_builds_objects_left_out_of_garbage_collection(tmp_path, monkeypatch):
    shutil.copytree(REPO / "data", tmp_path / "ws" / "data")
    monkeypatch.setenv("FROZEN_LOG", str(tmp_path / "frozen"))
    monkeypatch.setattr(worker_jobs, "check_and_render_case", render_counting_frozen)

    report = build([], Workspace(tmp_path / "ws"), BuildOptions(jobs=2, pdf=False))

    assert not report.failed
    counts = [int(n) for n in (tmp_path / "frozen").read_text().split()]
    assert len(counts) == len(list((tmp_path / "ws" / "data" / "sager").glob("*.yaml")))
    assert min(counts) > 10_000  # the imported modules, at least
    assert gc.get_freeze_count() == 0  # and this process has let them go again


def bundle_noting_its_process(*arguments):
    """write_bundle, noting in $BUNDLE_LOG the process that makes the bundle."""
    with open(os.environ["BUNDLE_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()}\n")
    return BUNDLE(*arguments)


BUNDLE = worker_jobs.write_bundle


@pytest.mark.parametrize("jobs", [1, 2])
def test_with_more_than_one_job_the_worker_processes_make_the_bundles(tmp_path, monkeypatch, jobs):
    shutil.copytree(REPO / "data", tmp_path / "ws" / "data")
    monkeypatch.setenv(SOFFICE_ENV, str(stand_in_soffice(tmp_path, make_pdf(tmp_path / "side.pdf", "Konverteret"))))
    monkeypatch.setenv("BUNDLE_LOG", str(tmp_path / "bundlers"))
    monkeypatch.setattr(worker_jobs, "write_bundle", bundle_noting_its_process)

    report = build([], Workspace(tmp_path / "ws"), BuildOptions(jobs=jobs))

    assert not report.failed
    cases = sorted(path.stem for path in (tmp_path / "ws" / "data" / "sager").glob("*.yaml"))
    for case in cases:
        assert (tmp_path / "ws" / "build" / case / f"{case}.pdf").is_file()
    makers = (tmp_path / "bundlers").read_text().split()
    assert len(makers) == len(cases)
    if jobs == 1:
        assert set(makers) == {str(os.getpid())}
    else:
        assert str(os.getpid()) not in makers


def package_noting_its_time(*arguments):
    """write_package_files, noting in $PACKAGE_LOG when it begins and ends (the clock all processes share)."""
    with open(os.environ["PACKAGE_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{time.monotonic()} begin\n")
    try:
        return WRITE_PACKAGE(*arguments)
    finally:
        with open(os.environ["PACKAGE_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{time.monotonic()} end\n")


WRITE_PACKAGE = worker_jobs.write_package_files


def test_the_workers_write_one_package_at_a_time(tmp_path, monkeypatch):
    """A package holds every part of its cases in memory while it merges them: two at once would add up."""
    shutil.copytree(REPO / "data", tmp_path / "ws" / "data")
    package = tmp_path / "ws" / "data" / "pakker" / "ofs-2024.yaml"
    for copy in ("ofs-2024-b", "ofs-2024-c"):
        shutil.copyfile(package, package.with_stem(copy))
    monkeypatch.setenv(SOFFICE_ENV, str(stand_in_soffice(tmp_path, make_pdf(tmp_path / "side.pdf", "Konverteret"))))
    monkeypatch.setenv("PACKAGE_LOG", str(tmp_path / "packages"))
    monkeypatch.setattr(worker_jobs, "write_package_files", package_noting_its_time)

    report = build([], Workspace(tmp_path / "ws"), BuildOptions(jobs=2))

    assert not report.failed
    assert len([o for o in report.outcomes if o.kind == "pakke" and o.outputs]) == 3
    moments = sorted((float(t), what) for t, what in (line.split() for line in (tmp_path / "packages").read_text().splitlines()))
    assert [what for _, what in moments] == ["begin", "end"] * 3


def counting_soffice(folder: Path, pdf: Path, log: Path) -> Path:
    """A soffice that writes `pdf` as the PDF of each file and logs how many Word files it was given."""
    return stand_in_soffice(folder, pdf, at_start=f'"{sys.executable}" "{JOINED_STAND_IN}" count "$@" >> "{log}"')


def test_a_build_of_a_hundred_odd_documents_shares_them_between_both_soffice_processes(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    shutil.copytree(REPO / "data" / "reference", root / "data" / "reference")
    (root / "data" / "sager").mkdir()
    example = (REPO / "data" / "sager" / "mobilhaandtering.yaml").read_text(encoding="utf-8")
    for k in range(27):  # 4 Word files each: 108, more than one soffice's default batch of 100
        (root / "data" / "sager" / f"mobil-{k:02d}.yaml").write_text(example, encoding="utf-8")
    log = tmp_path / "batches"
    monkeypatch.setenv(SOFFICE_ENV, str(counting_soffice(tmp_path, make_pdf(tmp_path / "side.pdf", "Konverteret"), log)))

    report = build([], Workspace(root), BuildOptions(jobs=2))

    assert not report.failed
    batches = [int(n) for n in log.read_text().split()]
    documents = len(list((root / "build").glob("*/*.docx")))
    assert sum(batches) == documents > 100
    early = math.ceil(documents * (1 - LAST_BATCH_WEIGHT / 2))  # the last batch waits for the last document
    assert max(batches) <= early + 1, batches  # before: one soffice got 100 and the other 8


def test_a_text_given_to_the_build_is_built_in_place_of_the_file_and_the_file_is_left_alone(tmp_path):
    shutil.copytree(REPO / "data", tmp_path / "ws" / "data")
    workspace = Workspace(tmp_path / "ws")
    case, package = workspace.cases / "mobilhaandtering.yaml", workspace.packages / "ofs-2024.yaml"
    on_disk = case.read_bytes()
    text = on_disk.decode("utf-8").replace("titel: ", "titel: Udkast fra formularen, ", 1)
    package_text = package.read_text(encoding="utf-8").replace("titel: ", "titel: Pakke fra formularen, ", 1)
    paths, out = [case, workspace.cases / "energibesparelser.yaml", package], tmp_path / "ud"

    def built(texts) -> dict[str, str]:
        report = build(paths, workspace, BuildOptions(outdir=out, jobs=1, pdf=False, texts=texts))
        assert not report.failed
        return {o.id: o.status for o in report.outcomes}

    assert built({case: text, package: package_text}) == {"mobilhaandtering": BUILT, "energibesparelser": BUILT,
                                                          "ofs-2024": BUILT}
    assert "Udkast fra formularen" in _document_text(out / "mobilhaandtering" / "forslag.docx")
    assert "Pakke fra formularen" in json.dumps(json.loads((out / "manifest.json").read_text(encoding="utf-8")),
                                              ensure_ascii=False)
    assert case.read_bytes() == on_disk
    # the same text again is unchanged; the file as saved is another text, and is built again
    assert built({case: text, package: package_text})["mobilhaandtering"] == UNCHANGED
    assert built({})["mobilhaandtering"] == BUILT
    assert "Udkast fra formularen" not in _document_text(out / "mobilhaandtering" / "forslag.docx")

    broken = text.replace("frist: ", "frist: 31. februar ", 1)
    report = build(paths, workspace, BuildOptions(outdir=out, jobs=1, pdf=False, texts={case: broken}))
    assert any(f.level.value == "fejl" for o in report.outcomes if o.id == "mobilhaandtering" for f in o.findings)


def _document_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
