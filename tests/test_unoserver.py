"""Builds on real unoserver servers on 127.0.0.1: the same documents as a local build, and a server lost midway.

The servers run from .venv-unoserver (scripts/unoserver-venv.sh, run by setup.sh), each with
its own LibreOffice profile and ports; every server a test starts is stopped by it. Without
that venv the tests skip, except where KKDOCS_REQUIRE_UNOSERVER=1 (CI), where they fail.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pikepdf
import pytest

from kkdocs.batch.build import BuildOptions, build
from kkdocs.pdf.conversion import ConversionJob
from kkdocs.pdf.converter import open_converter
from kkdocs.pdf.unoserver_farm import LOCAL
from kkdocs.workspace import Workspace
from pdf_conformance import validator_findings
from unoserver_servers import UNOSERVER, Server

REPO = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


@pytest.fixture
def servers(tmp_path: Path):
    """Start servers with `servers(n)`; all are killed when the test ends."""
    if not UNOSERVER.exists():
        if os.environ.get("KKDOCS_REQUIRE_UNOSERVER") == "1":
            pytest.fail(f"{UNOSERVER} mangler; kør scripts/unoserver-venv.sh")
        pytest.skip("unoserver er ikke installeret (kør scripts/unoserver-venv.sh)")
    started: list[Server] = []

    def start(count: int) -> list[Server]:
        new = [Server(tmp_path) for _ in range(count)]
        started.extend(new)
        for server in new:
            server.wait_until_ready()
        return new

    yield start
    for server in started:
        server.kill()


def examples_workspace(root: Path) -> Workspace:
    shutil.copytree(REPO / "data", root / "data")
    return Workspace(root)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def notes(folder: Path, count: int) -> list[ConversionJob]:
    """`count` one-paragraph Word documents, "Notat nummer n", each with the PDF it should become."""
    from docx import Document

    jobs = []
    for n in range(count):
        document = Document()
        document.add_paragraph(f"Notat nummer {n}")
        document.save(folder / f"notat-{n}.docx")
        jobs.append(ConversionJob(folder / f"notat-{n}.docx", folder / f"notat-{n}.pdf"))
    return jobs


def outputs(build_dir: Path) -> dict[str, Path]:
    """Every bundle and package PDF of a build, by its path under build/."""
    return {str(p.relative_to(build_dir)): p for p in build_dir.glob("*/*.pdf")
            if p.stem == p.parent.name or p.parent.name == "pakker"}


def test_a_build_on_two_servers_gives_the_documents_of_a_local_build(servers, tmp_path: Path):
    first, second = servers(2)
    workspace = examples_workspace(tmp_path / "ws")
    local = build([], workspace, BuildOptions(outdir=tmp_path / "local"))
    remote = build([], workspace, BuildOptions(
        outdir=tmp_path / "remote", converter=f"unoserver://{first.address},{second.address}"))

    assert not local.failed and not remote.failed, [o.error for o in remote.outcomes if o.error]
    # Both servers took documents (a bundle holds no workbook, so nothing was converted here).
    assert set(remote.converted_by) == {first.address, second.address}, remote.converted_by
    assert sum(remote.converted_by.values()) == len(list((tmp_path / "remote").glob("*/*.docx")))
    assert local.converted_by == {}
    page = (tmp_path / "remote" / "index.html").read_text(encoding="utf-8")
    assert f"{first.address} ({remote.converted_by[first.address]})" in page
    assert "konverteret af" not in (tmp_path / "local" / "index.html").read_text(encoding="utf-8")
    built_here = sorted(str(p.relative_to(tmp_path / "local")) for p in (tmp_path / "local").glob("*/*.pdf"))
    built_there = sorted(str(p.relative_to(tmp_path / "remote")) for p in (tmp_path / "remote").glob("*/*.pdf"))
    assert built_here == built_there
    local_outputs, remote_outputs = outputs(tmp_path / "local"), outputs(tmp_path / "remote")
    assert local_outputs.keys() == remote_outputs.keys() and len(local_outputs) >= 5
    for name, path in remote_outputs.items():
        with pikepdf.open(path) as there, pikepdf.open(local_outputs[name]) as here:
            assert len(there.pages) == len(here.pages), name
            assert there.Root.MarkInfo.Marked and "/StructTreeRoot" in there.Root, name
            assert there.open_metadata().get("pdfaid:part") == "2", name
        assert pdf_text(path) == pdf_text(local_outputs[name]), name
    bundle = next(p for n, p in remote_outputs.items() if "pakker" not in n)
    assert validator_findings(bundle) == []


def test_a_build_survives_losing_a_server_midway(servers, tmp_path: Path):
    doomed, survivor = servers(2)
    workspace = examples_workspace(tmp_path / "ws")
    killed = []

    def progress(update) -> None:  # kill -9 one server as soon as the first PDF is in
        if update.stage == "pdf" and update.done >= 1 and not killed:
            doomed.kill()
            killed.append((update.done, update.total))

    report = build([], workspace, BuildOptions(
        outdir=tmp_path / "build", converter=f"unoserver://{doomed.address},{survivor.address}"), progress=progress)

    assert killed and killed[0][0] < killed[0][1], f"not killed midway: {killed}"
    assert not report.failed, [o.error for o in report.outcomes if o.error]
    assert report.converted_by.get(survivor.address, 0) > report.converted_by.get(doomed.address, 0)
    for case in ("mobilhaandtering", "energibesparelser", "botilbud-sundholm", "telekol-fordeling"):
        assert (tmp_path / "build" / case / f"{case}.pdf").is_file()


def test_a_document_that_fails_on_one_server_is_tried_once_on_another(servers, tmp_path: Path):
    """A server dies under a document: that document and the rest go to the other server, each tried at most twice."""
    doomed, survivor = servers(2)
    jobs = notes(tmp_path, 8)
    seen = []

    def on_result(result) -> None:
        seen.append(result)
        if len(seen) == 2:
            doomed.kill()

    with open_converter(f"unoserver://{doomed.address},{survivor.address}", timeout=30) as converter:
        results = converter.convert(jobs, on_result=on_result)

    assert all(r.ok for r in results), [r.error for r in results]
    assert {r.by for r in results} <= {doomed.address, survivor.address}
    for n, job in enumerate(jobs):
        assert f"Notat nummer {n}" in pdf_text(job.target)


def test_a_workbook_is_converted_here_and_never_sent_to_a_server(servers, tmp_path: Path):
    """LibreOffice 7.4 behind unoserver 3.7 aborts on any workbook (see unoserver_farm.LOCAL_SUFFIXES)."""
    [server] = servers(1)
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Kvantum"
    workbook.save(tmp_path / "kvantum.xlsx")
    with open_converter(f"unoserver://{server.address}", timeout=60) as converter:
        [result] = converter.convert([ConversionJob(tmp_path / "kvantum.xlsx", tmp_path / "kvantum.pdf")])

    assert result.ok and result.by == LOCAL, result.error
    assert "Kvantum" in pdf_text(tmp_path / "kvantum.pdf")
    assert server.process.poll() is None, "the server died"
    assert "kvantum" not in server.log.read_text().lower() and "POST" not in server.log.read_text()


def test_a_hung_server_is_given_up_and_its_document_goes_to_the_other(servers, tmp_path: Path):
    hung, survivor = servers(2)
    jobs = notes(tmp_path, 6)
    os.killpg(hung.process.pid, signal.SIGSTOP)  # accepts connections (the kernel does), never answers
    started = time.monotonic()
    try:
        with open_converter(f"unoserver://{hung.address},{survivor.address}", timeout=10) as converter:
            results = converter.convert(jobs)
    finally:
        os.killpg(hung.process.pid, signal.SIGCONT)

    assert all(r.ok and r.by == survivor.address for r in results), [(r.by, r.error) for r in results]
    assert time.monotonic() - started < 60


def test_a_document_every_server_refuses_fails_alone_naming_the_servers(servers, tmp_path: Path):
    first, second = servers(2)
    import zipfile
    from docx import Document

    with zipfile.ZipFile(tmp_path / "ødelagt.docx", "w") as broken:  # a zip, but no document in it
        broken.writestr("noget.bin", bytes(range(256)) * 40)
    document = Document()
    document.add_paragraph("Et godt notat")
    document.save(tmp_path / "godt.docx")
    jobs = [ConversionJob(tmp_path / "ødelagt.docx", tmp_path / "ødelagt.pdf"),
            ConversionJob(tmp_path / "godt.docx", tmp_path / "godt.pdf")]

    with open_converter(f"unoserver://{first.address},{second.address}", timeout=60) as converter:
        bad, good = converter.convert(jobs)

    assert good.ok, good.error
    assert not bad.ok and not (tmp_path / "ødelagt.pdf").exists()
    assert "ødelagt.docx" in bad.error
    assert first.address in bad.error and second.address in bad.error, bad.error
