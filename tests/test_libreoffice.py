"""The PDF converter: the LibreOffice pool with a real soffice, fake ones that hang or fail, unoserver.

Tests marked `libreoffice` run the real soffice (conftest skips them when it is missing). The
fakes are shell scripts injected through KKDOCS_SOFFICE; they need only bash.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
import threading
import time
import uuid
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from kkdocs.pdf.conversion import ConversionJob, ConverterUnavailable, source_problem
from kkdocs.pdf.converter import open_converter
from kkdocs.pdf.libreoffice import (APT_INSTALL, BATCH_CEILING, DANISH_LOCALE, LibreOfficeMissing, LibreOfficePool,
                                    MAX_BATCH, SOFFICE_ARGUMENT_LIMIT, SOFFICE_ENV, _Task, fast_malloc,
                                    soffice_environment, soffice_locale)
from kkdocs.pdf.unoserver_farm import Endpoint, UnoserverMissing, parse_unoserver_spec

REAL_SOFFICE = shutil.which("soffice")


# --- documents and helpers --------------------------------------------------------------


def make_docx(path: Path, *lines: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = Document()
    document.add_heading(lines[0], level=1)
    for line in lines[1:]:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Konto"
    table.cell(0, 1).text = "Beløb"
    table.cell(1, 0).text = "Drift"
    table.cell(1, 1).text = "250"
    document.save(path)
    return path


def make_xlsx(path: Path, title: str, amount: int = 1234567) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = title
    sheet["A2"] = "Anlæg i alt"
    sheet["B2"] = amount
    sheet["B2"].number_format = "#,##0"
    sheet["A3"] = "Pr. måned"
    sheet["B3"] = 1234.5
    sheet["B3"].number_format = "#,##0.00"
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 20
    workbook.save(path)
    return path


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def processes_matching(text: str) -> list[int]:
    """Ids of live processes whose command line contains `text` (reads /proc, no psutil)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if text in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def write_script(path: Path, body: str) -> Path:
    path.write_text("#!/bin/bash\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def call_count(calls: Path) -> int:
    return len(calls.read_text().splitlines()) if calls.exists() else 0


@pytest.fixture
def marker() -> str:
    """A unique `sleep` argument, so the test can find exactly its own fake processes."""
    return f"1000.{uuid.uuid4().int % 10**9:09d}"


# --- the shared real pool ---------------------------------------------------------------


@pytest.fixture(scope="module")
def counted(tmp_path_factory) -> tuple[LibreOfficePool, Path]:
    """A real pool of two workers whose soffice counts its starts in `calls`."""
    if not REAL_SOFFICE or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice eller pdftotext er ikke installeret")
    folder = tmp_path_factory.mktemp("counted")
    calls = folder / "calls"
    wrapper = write_script(folder / "soffice", f'echo start >> "{calls}"\nexec "{REAL_SOFFICE}" "$@"\n')
    with LibreOfficePool(workers=2, timeout=60, soffice=str(wrapper)) as pool:
        yield pool, calls
        workdir = str(pool.workdir)
    assert processes_matching(workdir) == [], "soffice blev ikke stoppet efter close()"


@pytest.mark.libreoffice
def test_docx_and_xlsx_become_pdfs_in_input_order_with_few_soffice_starts(counted, tmp_path):
    pool, calls = counted
    before = call_count(calls)
    out = tmp_path / "pdf"
    jobs = [
        ConversionJob(make_docx(tmp_path / f"notat{n}.docx", f"Budgetnotat {n}", "Økonomiforvaltningen"), out / f"notat{n}.pdf")
        for n in range(3)
    ] + [ConversionJob(make_xlsx(tmp_path / "bilag.xlsx", "Bilag om Amager Fælled"), out / "bilag.pdf")]
    seen = []

    results = pool.convert(jobs, on_result=seen.append)

    assert [r.job for r in results] == jobs
    assert all(r.ok for r in results), [r.error for r in results]
    assert sorted(seen, key=lambda r: jobs.index(r.job)) == results  # each reported once, as it finished
    for n in range(3):
        text = pdf_text(out / f"notat{n}.pdf")
        assert f"Budgetnotat {n}" in text and "Økonomiforvaltningen" in text and "Beløb" in text
    assert "Bilag om Amager Fælled" in pdf_text(out / "bilag.pdf")
    data = (out / "notat0.pdf").read_bytes()  # every PDF is tagged PDF/UA and PDF/A-2b
    assert b"<pdfuaid:part>1</pdfuaid:part>" in data and b"<pdfaid:part>2</pdfaid:part>" in data
    assert b"/StructTreeRoot" in data
    assert sorted(p.name for p in out.iterdir()) == ["bilag.pdf", "notat0.pdf", "notat1.pdf", "notat2.pdf"]
    assert call_count(calls) - before == 1  # four documents are not worth a second start (MIN_EARLY_BATCH)


@pytest.mark.libreoffice
def test_spreadsheet_numbers_come_out_in_danish_format(counted, tmp_path):
    if soffice_locale() != DANISH_LOCALE:
        message = f"{DANISH_LOCALE} mangler: localedef -i da_DK -f UTF-8 {DANISH_LOCALE}"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    pool, _ = counted
    job = ConversionJob(make_xlsx(tmp_path / "tal.xlsx", "Talformat"), tmp_path / "tal.pdf")

    [result] = pool.convert([job])

    assert result.ok, result.error
    text = pdf_text(job.target)
    assert "1.234.567" in text
    assert "1.234,50" in text


@pytest.mark.libreoffice
def test_sources_with_the_same_stem_do_not_collide(counted, tmp_path):
    pool, _ = counted
    names = ["første", "anden", "tredje", "fjerde"]  # four, so each batch holds two budget.docx
    jobs = [
        ConversionJob(make_docx(tmp_path / name / "budget.docx", f"Budget for {name} afdeling"), tmp_path / f"{name}.pdf")
        for name in names
    ]

    results = pool.convert(jobs)

    assert all(r.ok for r in results), [r.error for r in results]
    for name in names:
        assert f"Budget for {name} afdeling" in pdf_text(tmp_path / f"{name}.pdf")


@pytest.mark.libreoffice
def test_bad_documents_get_danish_errors_and_do_not_stop_the_good_ones(counted, tmp_path):
    pool, _ = counted
    not_office = tmp_path / "zip.docx"
    with zipfile.ZipFile(not_office, "w") as archive:
        archive.writestr("hej.txt", "ikke et Word-dokument")
    (tmp_path / "tekst.docx").write_text("bare tekst")
    good = make_docx(tmp_path / "god.docx", "Et godt dokument")
    jobs = [
        ConversionJob(not_office, tmp_path / "zip.pdf"),
        ConversionJob(tmp_path / "mangler.docx", tmp_path / "mangler.pdf"),
        ConversionJob(tmp_path / "tekst.docx", tmp_path / "tekst.pdf"),
        ConversionJob(tmp_path / "notat.odt", tmp_path / "notat.pdf"),
        ConversionJob(good, tmp_path / "god.pdf"),
    ]

    results = pool.convert(jobs)

    assert [r.ok for r in results] == [False, False, False, False, True]
    assert "kunne ikke indlæse eller konvertere zip.docx" in results[0].error
    assert "findes ikke" in results[1].error
    assert "ikke en gyldig" in results[2].error
    assert "kun .docx og .xlsx" in results[3].error
    assert "Et godt dokument" in pdf_text(tmp_path / "god.pdf")
    assert not (tmp_path / "zip.pdf").exists() and not (tmp_path / "tekst.pdf").exists()


@pytest.mark.libreoffice
def test_pdfa_output_carries_pdfa_markers_for_word_and_excel(tmp_path):
    jobs = [
        ConversionJob(make_docx(tmp_path / "a.docx", "Arkivversion"), tmp_path / "a.pdf"),
        ConversionJob(make_xlsx(tmp_path / "b.xlsx", "Arkivark"), tmp_path / "b.pdf"),
    ]
    with open_converter(workers=1, pdfa=True) as converter:
        results = converter.convert(jobs)

    assert all(r.ok for r in results), [r.error for r in results]
    for job in jobs:
        data = job.target.read_bytes()
        assert b"<pdfaid:part>2</pdfaid:part>" in data
        assert b"<pdfaid:conformance>B</pdfaid:conformance>" in data


@pytest.mark.libreoffice
def test_soffice_converts_with_tcmalloc_where_the_system_has_it(tmp_path):
    if fast_malloc() is None:
        pytest.skip("tcmalloc (libtcmalloc-minimal4) er ikke installeret")
    mapped: set[str] = set()
    with LibreOfficePool(workers=1, timeout=60) as pool:
        done = threading.Event()

        def watch() -> None:  # the libraries of every soffice of this pool, while it runs
            while not done.is_set():
                for pid in processes_matching(str(pool.workdir)):
                    try:
                        mapped.update(line.rsplit("/", 1)[-1] for line in Path(f"/proc/{pid}/maps").read_text().splitlines())
                    except OSError:
                        pass
                time.sleep(0.02)

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            [result] = pool.convert([ConversionJob(make_docx(tmp_path / "a.docx", "Hurtig hukommelse"), tmp_path / "a.pdf")])
        finally:
            done.set()
            watcher.join()

    assert result.ok, result.error
    assert "Hurtig hukommelse" in pdf_text(tmp_path / "a.pdf")
    assert any(name.startswith("libtcmalloc_minimal") for name in mapped)


def test_tcmalloc_goes_before_a_preload_of_the_callers_own(monkeypatch, tmp_path):
    monkeypatch.setenv("LD_PRELOAD", "libeget.so")
    env = soffice_environment("C.UTF-8", tmp_path)
    preload = fast_malloc()
    assert env["LD_PRELOAD"] == (f"{preload} libeget.so" if preload else "libeget.so")
    assert (env["LANG"], env["LC_ALL"], env["TMPDIR"]) == ("C.UTF-8", "C.UTF-8", str(tmp_path))


@pytest.mark.libreoffice
@pytest.mark.slow
def test_three_hundred_documents_through_the_real_pool_all_get_their_pdf(tmp_path):
    """More files than one soffice honours: every one converts, in batches of at most MAX_BATCH."""
    calls = tmp_path / "calls"
    wrapper = write_script(tmp_path / "soffice", f'echo "$#" >> "{calls}"\nexec "{REAL_SOFFICE}" "$@"\n')
    jobs = [ConversionJob(make_docx(tmp_path / "in" / f"notat-{n:03d}.docx", f"Notat nummer {n}"),
                          tmp_path / "out" / f"notat-{n:03d}.pdf") for n in range(300)]

    with LibreOfficePool(workers=2, timeout=120, soffice=str(wrapper)) as pool:
        results = pool.convert(jobs)

    assert [r.ok for r in results] == [True] * 300, next(r.error for r in results if not r.ok)
    for n, job in enumerate(jobs):
        assert job.target.read_bytes().startswith(b"%PDF")
        if n % 37 == 0:
            assert f"Notat nummer {n}" in pdf_text(job.target)
    arguments = [int(line) for line in calls.read_text().split()]
    assert max(arguments) - 11 <= MAX_BATCH and len(arguments) >= 300 // MAX_BATCH


# --- hangs, crashes, cleanup --------------------------------------------------------------


def test_a_hanging_soffice_is_killed_retried_once_and_reported(tmp_path, monkeypatch, marker):
    calls = tmp_path / "calls"
    fake = write_script(tmp_path / "soffice", f'echo start >> "{calls}"\nexec sleep {marker}\n')
    monkeypatch.setenv(SOFFICE_ENV, str(fake))
    job = ConversionJob(make_docx(tmp_path / "notat.docx", "Hænger"), tmp_path / "notat.pdf")

    started = time.monotonic()
    with open_converter(timeout=1.0) as converter:
        [result] = converter.convert([job])
        assert processes_matching(marker) == []
    elapsed = time.monotonic() - started

    assert not result.ok
    assert "gik i stå ved notat.docx" in result.error and "nyt forsøg" in result.error
    assert call_count(calls) == 2  # the batch, then the suspect alone
    assert elapsed < 8
    assert not job.target.exists()


def test_a_failing_soffice_is_reported_with_its_exit_code(tmp_path, monkeypatch):
    fake = write_script(tmp_path / "soffice", "echo 'Error: noget gik galt' >&2\nexit 3\n")
    monkeypatch.setenv(SOFFICE_ENV, str(fake))
    jobs = [ConversionJob(make_docx(tmp_path / f"d{n}.docx", "x"), tmp_path / f"d{n}.pdf") for n in range(2)]

    with open_converter(workers=1, timeout=5) as converter:
        results = converter.convert(jobs)

    assert [r.ok for r in results] == [False, False]
    for result in results:
        assert "stoppede uventet (afslutningskode 3)" in result.error
        assert "Error: noget gik galt" in result.error


def test_an_exception_in_the_caller_kills_the_running_batch(tmp_path, monkeypatch, marker):
    """Ctrl-C or a failing progress callback must not leave soffice running."""
    fake = write_script(
        tmp_path / "soffice",
        'while [ $# -gt 0 ]; do if [ "$1" = --outdir ]; then out=$2; shift 2; break; fi; shift; done\n'
        'mkdir -p "$out"; stem=$(basename "${1%.*}")\n'
        "printf '%%PDF-1.4\\n%%%%EOF\\n' > \"$out/$stem.pdf\"\n"
        f"exec sleep {marker}\n",
    )
    monkeypatch.setenv(SOFFICE_ENV, str(fake))
    jobs = [ConversionJob(make_docx(tmp_path / f"d{n}.docx", "x"), tmp_path / f"d{n}.pdf") for n in range(2)]

    def interrupt(result):
        raise KeyboardInterrupt

    with open_converter(workers=1, timeout=60) as converter:
        with pytest.raises(KeyboardInterrupt):
            converter.convert(jobs, on_result=interrupt)
        assert processes_matching(marker) == []
    assert (tmp_path / "d0.pdf").read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "d1.pdf").exists()


def test_close_kills_soffice_started_in_another_thread(tmp_path, monkeypatch, marker):
    fake = write_script(tmp_path / "soffice", f"exec sleep {marker}\n")
    monkeypatch.setenv(SOFFICE_ENV, str(fake))
    pool = LibreOfficePool(workers=1, timeout=60)
    job = ConversionJob(make_docx(tmp_path / "d.docx", "x"), tmp_path / "d.pdf")
    results = []
    runner = threading.Thread(target=lambda: results.extend(pool.convert([job])))
    runner.start()
    deadline = time.monotonic() + 5
    while not processes_matching(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_matching(marker), "the fake soffice never started"

    pool.close()
    runner.join(timeout=5)

    assert processes_matching(marker) == []
    assert not runner.is_alive()
    assert results[0].ok is False and "afbrudt" in results[0].error
    assert not pool.workdir.exists()


@pytest.mark.libreoffice
def test_one_hanging_document_does_not_stop_the_others(tmp_path, monkeypatch, marker):
    """A wrapper runs the real soffice but hangs at hang.docx, as a broken document would, also when joined."""
    calls = tmp_path / "calls"
    holds_hang = (f'"{sys.executable}" -c "import sys, zipfile; '
                  "sys.exit(b'Dokument hang' not in zipfile.ZipFile(sys.argv[1]).read('word/document.xml'))\"")
    wrapper = write_script(
        tmp_path / "soffice",
        textwrap.dedent(f"""\
            echo start >> "{calls}"
            options=(); files=(); hang=0
            while [ $# -gt 0 ]; do  # options up to and with --outdir DIR; the files follow
                options+=("$1")
                if [ "$1" = --outdir ]; then options+=("$2"); shift 2; break; fi
                shift
            done
            for f in "$@"; do
                if {holds_hang} "$f"; then hang=1; break; fi  # hang.docx, alone or joined with others (docx_join)
                files+=("$f")
            done
            if [ ${{#files[@]}} -gt 0 ]; then "{REAL_SOFFICE}" "${{options[@]}}" "${{files[@]}}"; fi
            if [ $hang = 1 ]; then exec sleep {marker}; fi
        """),
    )
    monkeypatch.setenv(SOFFICE_ENV, str(wrapper))
    names = ["før", "hang", "efter", "sidst"]
    jobs = [ConversionJob(make_docx(tmp_path / f"{n}.docx", f"Dokument {n}"), tmp_path / f"{n}.pdf") for n in names]

    with open_converter(workers=1, timeout=20) as converter:  # 6 s was exceeded by real conversions on a loaded machine
        results = converter.convert(jobs)
        workdir = str(converter.workdir)
        assert processes_matching(marker) == []

    assert [r.ok for r in results] == [True, False, True, True], [r.error for r in results]
    assert "gik i stå ved hang.docx" in results[1].error
    for name in ["før", "efter", "sidst"]:
        assert f"Dokument {name}" in pdf_text(tmp_path / f"{name}.pdf")
    assert not (tmp_path / "hang.pdf").exists()
    # the four joined, then unjoined (før.pdf came out before the hang), hang.docx alone, then the rest
    assert call_count(calls) == 4
    assert processes_matching(workdir) == []


# --- set-up errors ----------------------------------------------------------------------


def test_missing_libreoffice_gives_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv(SOFFICE_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(LibreOfficeMissing) as caught:
        open_converter()

    assert APT_INSTALL in str(caught.value).splitlines()
    assert isinstance(caught.value, ConverterUnavailable)


def test_a_wrong_kkdocs_soffice_path_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "findes-ikke"))

    with pytest.raises(LibreOfficeMissing, match="findes-ikke"):
        open_converter("local")


def test_unknown_converter_spec_is_rejected():
    with pytest.raises(ValueError, match="Ukendt konverter"):
        open_converter("gotenberg://localhost:3000")


def fake_converter(folder: Path, calls: Path, before: str = "", skip: str = "false") -> Path:
    """A soffice that writes a tiny PDF for each file at once and logs how many files it got.

    `before` runs first (it may drop arguments, as the real soffice does past its limit); `skip`
    is a shell test, with the file in $f, for files it silently leaves without a PDF.
    """
    return write_script(
        folder / "soffice",
        f"{before}\n"
        'while [ $# -gt 0 ]; do if [ "$1" = --outdir ]; then out=$2; shift 2; break; fi; shift; done\n'
        f'echo $# >> "{calls}"\nmkdir -p "$out"\n'
        f'for f in "$@"; do if {skip}; then continue; fi; stem=$(basename "${{f%.*}}"); '
        'printf \'%%PDF-1.4\\n%%%%EOF\\n\' > "$out/$stem.pdf"; done\n',
    )


def zip_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return path


def batch_sizes(calls: Path) -> list[int]:
    return [int(line) for line in calls.read_text().split()] if calls.exists() else []


def test_batches_fill_while_documents_arrive_then_the_rest_is_shared(tmp_path):
    fake = write_script(tmp_path / "soffice", "exit 0\n")
    with LibreOfficePool(workers=2, soffice=str(fake), max_batch=30) as pool:
        waiting = [_Task(i, ConversionJob(Path(f"{i}.docx"), Path(f"{i}.pdf"))) for i in range(80)]
        assert list(pool._pick(0, waiting[:29], closed=False)) == []  # not full yet: wait for more
        assert list(pool._pick(0, waiting, closed=False)) == list(range(30))  # a full batch starts at once
        assert len(pool._pick(1, waiting[:45], closed=True)) == 30  # (45 + 30 running) / 2, at most 30
        pool._in_flight.clear()
        assert list(pool._pick(0, waiting[:50], closed=True)) == list(range(25))  # half, in order
        assert list(pool._pick(1, waiting[:25], closed=True)) == list(range(25))  # the other half
        pool._in_flight.clear()
        assert list(pool._pick(0, waiting[:30], closed=True)) == list(range(30))  # 15 left: not worth a start
        pool._in_flight[0] = 2  # slot 0 is nearly done: slot 1 leaves it a fair share, if worth a start
        assert len(pool._pick(1, waiting[:50], closed=True)) == 26
        assert len(pool._pick(1, waiting[:30], closed=True)) == 30
        assert list(pool._pick(1, waiting[:1], closed=True)) == [0]
        retry = [replace(waiting[3], tries=1, alone=True), *waiting[4:]]
        assert list(pool._pick(0, retry, closed=False)) == [0]  # a suspect runs alone, at once
        pool._in_flight[1] = 20
        assert list(pool._pick(0, [*waiting[:4], *retry], closed=True)) == [0, 1, 2, 3]  # never with a suspect


def test_a_stream_that_expects_few_documents_starts_each_worker_on_its_share(tmp_path):
    fake = write_script(tmp_path / "soffice", "exit 0\n")
    with LibreOfficePool(workers=2, soffice=str(fake), max_batch=100) as pool:
        waiting = [_Task(i, ConversionJob(Path(f"{i}.docx"), Path(f"{i}.pdf"))) for i in range(80)]
        with pool.stream(lambda index, result: None) as stream:
            assert list(pool._pick(0, waiting, closed=False)) == []  # nothing said: wait for 100
            stream.expect(108)
            assert list(pool._pick(0, waiting[:66], closed=False)) == []
            assert list(pool._pick(0, waiting, closed=False)) == list(range(67))  # 62 % of 108 (LAST_BATCH_WEIGHT)
            assert list(pool._pick(1, waiting, closed=False)) == []  # the last idle worker waits for the last one
            assert len(pool._pick(1, waiting, closed=True)) == 80  # and then takes what is left
            pool._in_flight.clear()
            stream.expect(30)
            assert list(pool._pick(1, waiting[:19], closed=False)) == []  # a start costs 20 documents: at least 20
            assert list(pool._pick(1, waiting[:20], closed=False)) == list(range(20))
            stream.expect(500)
            assert list(pool._pick(0, waiting, closed=False)) == []  # more than a full batch each: 100
            stream.close()


def test_streamed_documents_wait_for_a_full_batch_or_the_last_one(tmp_path):
    calls = tmp_path / "calls"
    fake = fake_converter(tmp_path, calls)
    jobs = [ConversionJob(zip_docx(tmp_path / f"d{n}.docx"), tmp_path / "pdf" / f"d{n}.pdf") for n in range(17)]
    finished: list[int] = []
    with LibreOfficePool(workers=2, soffice=str(fake), max_batch=6, timeout=10) as pool:
        with pool.stream(lambda index, result: finished.append(index) if result.ok else None) as stream:
            for job in jobs[:5]:
                stream.add(job)
            time.sleep(0.5)
            assert batch_sizes(calls) == []  # five of six: no soffice yet
            stream.add(jobs[5])
            deadline = time.monotonic() + 5
            while len(finished) < 6 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert batch_sizes(calls) == [6]  # full: converted while the stream is open
            for job in jobs[6:]:
                stream.add(job)
            stream.close()

    assert sorted(finished) == list(range(17))
    assert sorted(batch_sizes(calls)[1:]) == [5, 6]  # the last eleven, shared by the two workers
    assert all((tmp_path / "pdf" / f"d{n}.pdf").read_bytes().startswith(b"%PDF") for n in range(17))


def test_a_stream_answers_a_bad_source_at_once_and_the_others_as_they_finish(tmp_path):
    fake = fake_converter(tmp_path, tmp_path / "calls")
    results = {}
    with LibreOfficePool(workers=1, soffice=str(fake), max_batch=10, timeout=10) as pool:
        with pool.stream(results.__setitem__) as stream:
            good = stream.add(ConversionJob(zip_docx(tmp_path / "a.docx"), tmp_path / "a.pdf"))
            bad = stream.add(ConversionJob(tmp_path / "mangler.docx", tmp_path / "mangler.pdf"))
            assert "findes ikke" in results[bad].error  # before the stream is even closed
            assert good not in results
            stream.close()

    assert results[good].ok and (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")


def test_many_documents_go_in_few_batches_each_once(tmp_path):
    calls = tmp_path / "calls"
    fake = fake_converter(tmp_path, calls)
    jobs = [ConversionJob(zip_docx(tmp_path / f"d{n}.docx"), tmp_path / "pdf" / f"d{n}.pdf") for n in range(60)]

    with LibreOfficePool(workers=2, soffice=str(fake), max_batch=25, timeout=10) as pool:
        results = pool.convert(jobs)

    assert all(r.ok for r in results) and [r.job for r in results] == jobs
    sizes = batch_sizes(calls)
    assert sum(sizes) == 60 and max(sizes) <= 25
    assert len(sizes) <= 4  # 60 / 25 rounded up, plus at most one for the share at the end


def test_a_batch_larger_than_soffice_honours_still_converts_every_file(tmp_path):
    """The stand-in, like LibreOffice 7.4, ignores arguments past the limit and exits 0."""
    calls = tmp_path / "calls"
    honoured = f'set -- "${{@:1:{SOFFICE_ARGUMENT_LIMIT}}}"'
    fake = fake_converter(tmp_path, calls, before=honoured)
    count = SOFFICE_ARGUMENT_LIMIT + 100
    jobs = [ConversionJob(zip_docx(tmp_path / f"d{n}.docx"), tmp_path / "pdf" / f"d{n}.pdf") for n in range(count)]

    with LibreOfficePool(workers=1, soffice=str(fake), max_batch=10 * count, timeout=10) as pool:
        results = pool.convert(jobs)

    assert [r.ok for r in results] == [True] * count, next(r.error for r in results if not r.ok)
    assert all(job.target.is_file() for job in jobs)
    assert max(batch_sizes(calls)) <= BATCH_CEILING < SOFFICE_ARGUMENT_LIMIT - 11


def test_a_clean_exit_without_some_pdfs_tries_those_files_again_in_a_new_soffice(tmp_path):
    calls = tmp_path / "calls"
    first_call = f'[ ! -e "{tmp_path}/started" ]'
    fake = fake_converter(tmp_path, calls, before=f'{first_call} && once=1; touch "{tmp_path}/started"',
                          skip='[ -n "$once" ] && [[ "$f" == *7.docx ]]')  # the first soffice drops d7, d17
    jobs = [ConversionJob(zip_docx(tmp_path / f"d{n}.docx"), tmp_path / "pdf" / f"d{n}.pdf") for n in range(20)]

    with LibreOfficePool(workers=1, soffice=str(fake), max_batch=20, timeout=10) as pool:
        results = pool.convert(jobs)

    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    assert batch_sizes(calls) == [20, 2]  # the two dropped files, together, in a second soffice


def test_a_file_soffice_never_converts_is_reported_after_its_second_try_only(tmp_path):
    calls = tmp_path / "calls"
    fake = fake_converter(tmp_path, calls, skip='[[ "$f" == *ulaeselig.docx ]]')
    jobs = [ConversionJob(zip_docx(tmp_path / f"d{n}.docx"), tmp_path / f"d{n}.pdf") for n in range(4)]
    jobs.insert(2, ConversionJob(zip_docx(tmp_path / "ulaeselig.docx"), tmp_path / "ulaeselig.pdf"))

    with LibreOfficePool(workers=1, soffice=str(fake), max_batch=10, timeout=10) as pool:
        results = pool.convert(jobs)

    assert [r.ok for r in results] == [True, True, False, True, True]
    assert "kunne ikke indlæse eller konvertere ulaeselig.docx" in results[2].error
    assert "nyt forsøg" in results[2].error
    assert batch_sizes(calls) == [5, 1]


def test_source_problems_are_found_before_libreoffice_runs(tmp_path):
    good = make_xlsx(tmp_path / "ok.xlsx", "x")
    assert source_problem(ConversionJob(good, tmp_path / "ok.pdf")) is None
    assert "findes ikke" in source_problem(ConversionJob(tmp_path / "nej.docx", tmp_path / "nej.pdf"))


# --- unoserver ----------------------------------------------------------------------------


def test_unoserver_spec_parsing():
    assert parse_unoserver_spec("unoserver://a:2003,b.kk.dk:2004 , [::1]:2005,c") == [
        Endpoint("a", 2003),
        Endpoint("b.kk.dk", 2004),
        Endpoint("::1", 2005),
        Endpoint("c", 2003),
    ]
    assert str(Endpoint("::1", 2005)) == "[::1]:2005"
    for bad in ["unoserver://", "unoserver://a:port", "unoserver://a:70000", "unoserver://:2003"]:
        with pytest.raises(ValueError):
            parse_unoserver_spec(bad)


def test_missing_unoserver_package_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "unoserver.client", None)  # makes the import fail

    with pytest.raises(UnoserverMissing) as caught:
        open_converter("unoserver://localhost:2003")

    assert "pip install 'kkdocs[unoserver]'" in str(caught.value)


def test_no_unoserver_answering_at_the_start_is_one_clear_danish_error():
    pytest.importorskip("unoserver.client")
    import socket

    with socket.socket() as probe:  # a port that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    started = time.monotonic()
    with pytest.raises(ConverterUnavailable) as caught:
        open_converter(f"unoserver://127.0.0.1:{port}", timeout=5)

    assert f"Ingen af unoserver-serverne svarer (127.0.0.1:{port})" in str(caught.value)
    assert "--converter local" in str(caught.value)
    assert time.monotonic() - started < 3


def test_kkdocs_converter_in_the_environment_is_used_by_build_and_a_dead_farm_stops_it_clearly(tmp_path):
    pytest.importorskip("unoserver.client")
    import socket

    from click.testing import CliRunner

    from kkdocs.cli import main

    shutil.copytree(Path(__file__).resolve().parent.parent / "data", tmp_path / "data")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    result = CliRunner().invoke(main, ["--workspace", str(tmp_path), "build"],
                                env={"KKDOCS_CONVERTER": f"unoserver://127.0.0.1:{port}"})

    assert result.exit_code not in (0, None)
    assert f"Ingen af unoserver-serverne svarer (127.0.0.1:{port})" in result.output
    assert "Traceback" not in result.output
    assert not list((tmp_path / "build").glob("*/*.pdf"))


def test_a_stream_to_unoserver_answers_jobs_added_after_every_server_is_gone(tmp_path):
    pytest.importorskip("unoserver.client")
    import socket

    listener = socket.create_server(("127.0.0.1", 0))  # answers at the start, then is gone
    port = listener.getsockname()[1]
    results = {}

    with open_converter(f"unoserver://127.0.0.1:{port}", timeout=5) as converter:
        listener.close()
        with converter.stream(results.__setitem__) as stream:
            first = stream.add(ConversionJob(make_docx(tmp_path / "a.docx", "x"), tmp_path / "a.pdf"))
            deadline = time.monotonic() + 5
            while first not in results and time.monotonic() < deadline:
                time.sleep(0.05)
            later = stream.add(ConversionJob(make_docx(tmp_path / "b.docx", "y"), tmp_path / "b.pdf"))
            assert later in results  # nobody is left to take it: answered at once, not left waiting

    for index in (first, later):
        assert not results[index].ok and "Ingen af unoserver-serverne svarer" in results[index].error
