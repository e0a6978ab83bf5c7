"""A pool of headless LibreOffice workers that turns .docx and .xlsx files into PDF.

Starting soffice costs about 0,3 s of CPU (1 s before soffice_profile), and each document it
converts about 35 ms besides its pages, so each worker runs one `soffice --convert-to pdf`
process over a whole batch, and the batch's Word files go to it joined into documents of up to
`join` files (docx_join), whose PDFs are cut back into one per file (pdf_cut). Each worker slot
has its own user profile, kept between batches (LibreOffice processes that share a profile fail
silently) and seeded so that soffice skips its start-up graphics tests and its first-start
registration of extensions (soffice_profile).

Documents may arrive while the pool works (`stream`). A soffice process cannot take files
after it has started, and a start costs as much CPU as several joined documents, so a
batch starts only when it can be full (`max_batch`, or each worker's share of the documents
the stream expects, if it says and that is less) or when no more documents will come; then
what is left is shared so that the workers finish together, unless a share is not worth a
start (see `_pick`).

A batch stages its files as symlinks with unique names (`00007_budget.docx`), so sources with
the same stem never collide in the output folder. soffice can end a batch cleanly and still
leave files without a PDF (it drops arguments past its limit, see SOFFICE_ARGUMENT_LIMIT), so
a file is called unreadable only after a second soffice has failed it too. A batch that makes
no progress for `timeout` seconds, or crashes, is killed as a process group; finished PDFs are
kept, the first unfinished document is tried once more alone, and the rest go back in the
queue; the files of a joined document that failed go back to be converted unjoined.
"""

from __future__ import annotations

import atexit
import ctypes.util
import functools
import math
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pikepdf

from kkdocs.pdf.conversion import (ConversionJob, ConversionResult, ConversionStream, ConverterUnavailable, OnResult,
                                   Report, WorkQueue, convert_all, publish_pdf)
from kkdocs.pdf.docx_join import JoinedDocument, join_batch
from kkdocs.pdf.part_pdf import finish_part_pdf
from kkdocs.pdf.pdf_cut import CutProblem, cut_joined_pdf
from kkdocs.pdf.soffice_profile import forget_extensions, installation, keep_extensions, new_profile

SOFFICE_ENV = "KKDOCS_SOFFICE"
APT_INSTALL = (
    "apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation "
    "fonts-crosextra-carlito fonts-crosextra-caladea poppler-utils"
)
DANISH_LOCALE = "da_DK.UTF-8"
FALLBACK_LOCALE = "C.UTF-8"
# Tagged PDF/UA-1 and PDF/A-2b, which every PDF kkdocs writes must be (docs/design.md). LibreOffice
# 7.4 takes the export options as JSON and applies them to spreadsheets too (checked: calc
# output carries pdfaid:part 2), so one filter string serves a batch that mixes .docx and .xlsx.
# ExportBookmarksToPDFDestination makes the bookmarks that docx_join puts where each joined file
# begins into named destinations, which pdf_cut cuts at (a document with no bookmarks gets none).
PDFA_CONVERT_TO = (
    'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
    '"PDFUACompliance":{"type":"boolean","value":"true"},"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)
# LibreOffice 7.4 honours only the first 253 command-line arguments and silently ignores the rest,
# still exiting 0 (measured here: of 320 files given with the pool's 11 other arguments, exactly
# 242 got a PDF and the others no message). A batch therefore never comes near that number.
SOFFICE_ARGUMENT_LIMIT = 253
BATCH_CEILING = 200  # files per soffice, whatever a caller asks for: 42 below the files it honours
# Documents per soffice process by default. Each batch is a fresh soffice, so this also bounds
# how long one process runs and what a crash or hang costs. Measured with bench/batch_size_bench.py
# (bench/README.md): 25 to 200 made no difference beyond noise, in time or in the peak memory of
# one soffice.
MAX_BATCH = 100
# The fewest documents a batch starts with while more are still to come, and the fewest a slot
# leaves to a busy one after the last, so that a soffice start is worth its CPU. Chosen when a
# start cost about 0,95 s, as much as some twenty joined documents; with the seeded profiles of
# soffice_profile a start costs about 0,3 s, and 20 has not been measured against that.
MIN_EARLY_BATCH = 20
# A stream's last batch starts only when its last document is rendered, while the others start
# as soon as they are full; with an even split, the last soffice would still be at work, alone,
# long after the others. So the last batch gets this fraction of an even share and the early
# ones divide the rest (with 2 workers: 38 and 62 % of the documents). Measured over the 48
# reference cases, `kkdocs build -j 2`, alternated, wall seconds: an even split 7,32-7,58 and
# 7,71-8,57, this 7,02-7,32 and 7,38-7,63 in the same rounds; 70 % for the first, 7,64-7,79.
LAST_BATCH_WEIGHT = 0.76
# Word files joined into one document for soffice (docx_join); 1 converts each on its own. Each
# joined document costs soffice and the cut a fixed part, and its files' PDFs all come at once.
# Measured over the 48 reference cases, `kkdocs build -j 2 --force`, three variants alternated,
# median wall seconds of 8-10 builds each: 16 files 6,22 / 6,65 / 7,49, 27 files 5,91 / 6,41 /
# 7,17, 36 files 6,36 / 7,51. More files to a document cost less per file but deliver their PDFs
# later; with the bundles made in the worker processes, the fixed cost weighs more than the wait.
JOIN = 27
# soffice allocates and frees memory at a high rate; with Google's tcmalloc in place of glibc's
# malloc it converted the joined documents of 64 reference files in about a tenth less CPU
# (bench/README.md). Used where the system has it (Debian: libtcmalloc-minimal4); LD_PRELOAD
# takes its soname, which the dynamic linker finds as it finds any library.
FAST_MALLOC = "tcmalloc_minimal"
POLL_SECONDS = 0.1
# The workers' threads cut their joined PDFs one at a time: two cuts at once would only share the
# interpreter's lock, and each holds its whole joined PDF in memory while it cuts.
_ONE_CUT_AT_A_TIME = threading.Lock()
EXIT_GRACE_SECONDS = 15.0  # for soffice to quit on its own after its last document


class LibreOfficeMissing(ConverterUnavailable):
    def __init__(self, detail: str = "LibreOffice (soffice) blev ikke fundet") -> None:
        super().__init__(
            f"{detail}, så dokumenterne kan ikke laves om til PDF.\n"
            "Installér LibreOffice og skrifttyperne (Debian/Ubuntu):\n"
            f"{APT_INSTALL}\n"
            f"eller peg på programmet med miljøvariablen {SOFFICE_ENV}=/sti/til/soffice."
        )


def find_soffice() -> str:
    """The soffice program: $KKDOCS_SOFFICE if set, else soffice on PATH."""
    override = os.environ.get(SOFFICE_ENV)
    if override:
        if os.path.isfile(override) and os.access(override, os.X_OK):
            return override
        raise LibreOfficeMissing(f"{SOFFICE_ENV} peger på {override}, som ikke er et program")
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise LibreOfficeMissing()
    return found


@functools.cache
def soffice_locale() -> str:
    """da_DK.UTF-8 when the system has it (Danish number formats), else C.UTF-8."""
    try:
        listing = subprocess.run(
            ["locale", "-a"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return FALLBACK_LOCALE
    names = {name.lower().replace("-", "") for name in listing.split()}
    return DANISH_LOCALE if "da_dk.utf8" in names else FALLBACK_LOCALE


@functools.cache
def fast_malloc() -> str | None:
    """The soname of tcmalloc (FAST_MALLOC) when the system has it, for soffice's LD_PRELOAD; else None."""
    return ctypes.util.find_library(FAST_MALLOC)


def soffice_environment(locale: str, tmp: Path) -> dict[str, str]:
    """The environment soffice runs in: the pool's locale and temp folder, and tcmalloc where there is one."""
    env = os.environ | {
        "LANG": locale,
        "LC_ALL": locale,
        "TMPDIR": str(tmp),  # soffice leaves temp files when killed
    }
    preload = fast_malloc()
    if preload:
        env["LD_PRELOAD"] = " ".join(filter(None, (preload, os.environ.get("LD_PRELOAD"))))
    return env


@dataclass(frozen=True)
class _Task:
    index: int
    job: ConversionJob
    tries: int = 0  # soffice runs that ended without its PDF
    alone: bool = False  # a suspect of a crash or hang, on its last try, in a soffice of its own
    unjoined: bool = False  # its joined document failed: given to soffice as the file it is (docx_join)


@dataclass(frozen=True)
class _Chunk:
    tasks: tuple[_Task, ...]
    alone: bool = False


@dataclass
class _BatchEnd:
    """How a soffice process over a chunk ended."""

    hung: bool = False
    cancelled: bool = False
    returncode: int | None = None
    log: str = ""


@dataclass(frozen=True)
class _Input:
    """One file soffice is given: a document, or the Word files `joined` into one (docx_join)."""

    path: Path
    tasks: tuple[_Task, ...]
    joined: JoinedDocument | None = None


class _Batch:
    """The files of one soffice run and which of them have a finished PDF."""

    def __init__(self, inputs: list[_Input], outdir: Path, report: Report) -> None:
        self.inputs = inputs
        self.pending = {task: source for source in inputs for task in source.tasks}
        self.position = {task: n for n, source in enumerate(inputs) for task in source.tasks}
        self.outdir = outdir
        self.report = report
        self.last_done = -1  # position of the furthest input with a PDF
        self.last_progress = time.monotonic()

    def collect(self) -> None:
        """Publish and report every PDF that soffice has finished since the last look."""
        try:
            present = {entry.name for entry in os.scandir(self.outdir)}  # one look at the folder, not one per file
        except FileNotFoundError:
            return  # soffice has not made it yet
        for source in self.inputs:
            pdf = self.outdir / f"{source.path.stem}.pdf"
            if source.tasks[0] not in self.pending or pdf.name not in present or not _is_complete(pdf, present):
                continue
            now = time.monotonic()
            seconds = (now - self.last_progress) / len(source.tasks)
            for task, made in self._pdfs_of(source, pdf):
                del self.pending[task]
                self.report(task.index, _published(task, made, finished=source.joined is not None, seconds=seconds))
            self.last_done = max(self.last_done, self.position[source.tasks[0]])
            self.last_progress = now

    def _pdfs_of(self, source: _Input, pdf: Path) -> list[tuple[_Task, Path]]:
        """Each task's PDF: soffice's own, or cut (and finished, if dated) out of the joined document's.

        None when the joined PDF cannot be cut.
        """
        if source.joined is None:
            return [(source.tasks[0], pdf)]
        folder = self.outdir / f"{pdf.stem}-dele"
        folder.mkdir(exist_ok=True)
        made = [folder / f"{n:03d}.pdf" for n in range(len(source.tasks))]
        try:
            finish = [(task.job.dated, task.job.target.stem) if task.job.dated else None for task in source.tasks]
            with _ONE_CUT_AT_A_TIME:
                cut_joined_pdf(pdf, source.joined.parts, made, finish)
        except (CutProblem, pikepdf.PdfError, OSError, ValueError, KeyError, AttributeError):
            pdf.unlink(missing_ok=True)  # the tasks stay without a PDF: _settle has them converted unjoined
            return []
        return list(zip(source.tasks, made))


class LibreOfficePool:
    """Converts documents with `workers` soffice processes at a time; a context manager.

    `timeout` is the seconds a batch may go without finishing a document (for its first
    document that includes the start-up of soffice). A result's `seconds` is the time since
    the previous PDF of its batch. Calls to `convert` and `stream` from several threads run
    one after the other. `close()` kills any soffice still running, cancels an open stream
    and removes the profiles; it also runs at interpreter exit and on SIGTERM.
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout: float = 60.0,
        pdfa: bool = False,
        soffice: str | None = None,
        max_batch: int = MAX_BATCH,
        join: int = JOIN,
    ) -> None:
        self.soffice = soffice or find_soffice()
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.timeout = timeout
        self.convert_to = PDFA_CONVERT_TO  # always; `pdfa` is kept for callers that still pass it
        self.max_batch = max(1, min(max_batch, BATCH_CEILING))
        self.join = max(1, join)
        self.locale = soffice_locale()
        self.installation = installation(self.soffice)  # for new_profile
        self.workdir = Path(tempfile.mkdtemp(prefix="kkdocs-libreoffice-"))
        (self.workdir / "tmp").mkdir()
        self._env = soffice_environment(self.locale, self.workdir / "tmp")
        self._profiles: dict[int, Path] = {}
        self._profile_generation = 0
        self._processes: set[subprocess.Popen] = set()
        self._lock = threading.Lock()
        self._one_call = threading.Lock()  # two calls at once would share the profiles
        self._streams: set[ConversionStream] = set()
        self._current: ConversionStream | None = None
        self._in_flight: dict[int, int] = {}  # slot -> documents of its running batch not yet done
        self._batches_running = 0
        self._batch_ended = threading.Condition(self._lock)
        self._closed = False
        _track(self)

    def __enter__(self) -> LibreOfficePool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill every soffice process group this pool started and remove its files."""
        with self._lock:
            self._closed = True
            processes = list(self._processes)
            streams = list(self._streams)
        for stream in streams:
            stream.cancel.set()
        for process in processes:
            _kill_group(process)
        for process in processes:
            process.wait()
        with self._batch_ended:  # batches on other threads notice the kill and wind up
            self._batch_ended.wait_for(lambda: self._batches_running == 0, timeout=10)
        shutil.rmtree(self.workdir, ignore_errors=True)
        _untrack(self)

    def convert(
        self, jobs: Sequence[ConversionJob], on_result: OnResult | None = None
    ) -> list[ConversionResult]:
        """Convert all jobs; one result per job in input order. Never raises for a document."""
        return convert_all(self.stream, jobs, on_result)

    def stream(self, report: Report) -> ConversionStream:
        """Convert jobs as they are added; see ConversionStream. Use it in a `with` block."""
        self._one_call.acquire()
        try:
            with self._lock:
                if self._closed:
                    raise RuntimeError("LibreOfficePool er lukket.")
                self._in_flight.clear()
                stream = ConversionStream(
                    self.workers, self._work, _Task, "Konverteringen blev afbrudt.", report,
                    on_exit=lambda: self._end_stream(stream),
                )
                self._streams.add(stream)
                self._current = stream  # the one stream at a time: its `expected` sizes the batches
            return stream
        except BaseException:
            self._one_call.release()
            raise

    def _end_stream(self, stream: ConversionStream) -> None:
        with self._lock:
            self._streams.discard(stream)
        self._one_call.release()

    def _pick(self, slot: int, waiting: Sequence[_Task], closed: bool) -> range:
        """The positions of the waiting tasks that the slot's next soffice gets; none: wait for more.

        A suspect of a crash runs alone. While documents still arrive, a batch starts only
        when it can be full, and, while the whole stream fits one batch per slot, the last idle
        slot waits for the last document, so that no soffice is started for a few left over.
        After the last one, a slot takes its share of what is waiting plus what the other slots
        are still converting, so that all finish at about the same time, unless what it would
        leave is not worth a start of its own (MIN_EARLY_BATCH): then it takes it all. A share
        is the waiting tasks in order, so that a case's files stay together (and join, see
        docx_join).
        """
        if waiting[0].alone:
            picked = range(1)
        else:
            ready = next((n for n, task in enumerate(waiting) if task.alone), len(waiting))
            if closed:
                picked = range(self._closing_share(slot, ready))
            elif self._waits_for_the_last(slot):
                picked = range(0)
            else:
                full = self._full_batch()
                picked = range(full if ready >= full else 0)
        if picked:
            self._in_flight[slot] = len(picked)
        return picked

    def _closing_share(self, slot: int, ready: int) -> int:
        others = sum(n for s, n in self._in_flight.items() if s != slot)
        share = min(ready, self.max_batch, max(1, -(-(ready + others) // self.workers)))
        if ready - share < MIN_EARLY_BATCH:
            share = min(ready, self.max_batch)
        return share

    def _waits_for_the_last(self, slot: int) -> bool:
        expected = self._current.expected if self._current is not None else 0
        if not expected or expected > self.workers * self.max_batch:
            return False
        busy = sum(1 for s, n in self._in_flight.items() if s != slot and n)
        return busy >= self.workers - 1

    def _full_batch(self) -> int:
        """How many waiting documents make a batch worth starting while more still arrive.

        `max_batch`, unless the stream expects fewer documents in all than the workers' full
        batches hold: then an early batch's share of the expected documents (LAST_BATCH_WEIGHT),
        so that a build of 108 documents is not one soffice with 100 of them and one with 8;
        but never fewer than MIN_EARLY_BATCH, as a start costs as much as several joined documents.
        """
        expected = self._current.expected if self._current is not None else 0
        if not expected:
            return self.max_batch
        early = 1 - LAST_BATCH_WEIGHT / self.workers if self.workers > 1 else 1
        share = math.ceil(expected * early / max(1, self.workers - 1))
        return min(self.max_batch, max(MIN_EARLY_BATCH, share))

    def _work(
        self, slot: int, work: WorkQueue[_Task], report: Report, cancel: threading.Event
    ) -> None:
        choose = functools.partial(self._pick, slot)
        while (tasks := work.take(choose)) is not None:
            chunk = _Chunk(tuple(tasks), alone=tasks[0].alone)
            requeue: list[_Task] = []
            try:
                requeue = self._run_chunk(slot, chunk, report, cancel)
            except Exception as exc:  # a bug or a full disk must not hang the stream
                for task in chunk.tasks:
                    report(task.index, _failed(task, f"Intern fejl under konvertering: {exc}"))
            finally:
                self._in_flight[slot] = 0
                work.done(requeue)

    def _run_chunk(
        self, slot: int, chunk: _Chunk, report: Report, cancel: threading.Event
    ) -> list[_Task]:
        """Run one soffice over the chunk, report what it finished, return what to try again."""
        with self._lock:
            closed = self._closed
            self._batches_running += not closed
        if closed:
            for task in chunk.tasks:
                report(task.index, _failed(task, "Konverteringen blev afbrudt."))
            return []
        try:
            with tempfile.TemporaryDirectory(
                prefix="batch-", dir=self.workdir, ignore_cleanup_errors=True
            ) as name:
                folder = Path(name)
                batch = _Batch(_stage_inputs(folder, chunk, self.join), folder / "out", report)
                end = self._run_soffice(slot, batch, folder / "soffice.log", cancel)
                batch.collect()
            return self._settle(chunk, batch, end)
        finally:
            with self._batch_ended:
                self._batches_running -= 1
                self._batch_ended.notify_all()

    def _run_soffice(
        self, slot: int, batch: _Batch, log_path: Path, cancel: threading.Event
    ) -> _BatchEnd:
        """Run soffice over the batch until it ends, stalls for `timeout` s or is cancelled."""
        command = [  # 11 arguments and at most BATCH_CEILING files: well within SOFFICE_ARGUMENT_LIMIT
            self.soffice,
            f"-env:UserInstallation={self._profile(slot).as_uri()}",
            "--headless", "--invisible", "--nologo", "--nodefault", "--nolockcheck", "--norestore",
            "--convert-to", self.convert_to, "--outdir", str(batch.outdir),
            *(str(source.path) for source in batch.inputs),
        ]  # fmt: skip
        end = _BatchEnd()
        with open(log_path, "wb") as log:
            process = self._spawn(command, log)
            if process is None:
                return _BatchEnd(cancelled=True)
            try:
                while process.poll() is None:
                    time.sleep(POLL_SECONDS)
                    batch.collect()
                    self._in_flight[slot] = len(batch.pending)
                    idle = time.monotonic() - batch.last_progress
                    if cancel.is_set() or self._closed:
                        end.cancelled = True
                        break
                    if batch.pending and idle > self.timeout:
                        end.hung = True
                        break
                    if not batch.pending and idle > EXIT_GRACE_SECONDS:
                        break  # every PDF is out but soffice does not quit: kill it
                end.returncode = process.poll()
            finally:
                _kill_group(process)
                process.wait()
                with self._lock:
                    self._processes.discard(process)
        if end.returncode is None:
            self._reset_profile(slot)  # a killed soffice may leave its profile broken
            if end.hung:
                forget_extensions(self.installation)  # in case what the profile began with was the trouble
        elif end.returncode == 0:
            keep_extensions(self._profile(slot), self.installation)  # for the next pool's profiles
        end.log = log_path.read_text(errors="replace")
        return end

    def _settle(self, chunk: _Chunk, batch: _Batch, end: _BatchEnd) -> list[_Task]:
        """Report the unfinished tasks of a batch that have had their tries; return the others.

        A file without a PDF after a clean exit goes back for one more try in another soffice:
        soffice exits 0 also when it dropped files, so a missing PDF is first the batch's fault.
        After a crash or a hang, the first file soffice had not finished is the suspect: it is
        tried once more in a soffice of its own, and the files after it, which soffice never
        reached, go back as they were. The files of a joined document that got no PDF, or that
        soffice crashed or hung on, go back to be converted each as itself, where the suspect is
        found as above; their tries are not used up.
        """
        report, position, last_done = batch.report, batch.position, batch.last_done
        left = sorted(batch.pending, key=position.__getitem__)
        if end.cancelled:
            for task in left:
                report(task.index, _failed(task, "Konverteringen blev afbrudt."))
            return []
        crashed = end.hung or end.returncode != 0
        unreached = [t for t in left if position[t] > last_done] if crashed else []
        suspect, untried = (unreached[0], set(unreached[1:])) if unreached else (None, set())
        failed_join = batch.pending[suspect] if suspect is not None else None
        requeue: list[_Task] = []
        for task in left:
            source = batch.pending[task]
            if source.joined is not None and (source is failed_join or not crashed):
                requeue.append(replace(task, unjoined=True))
            elif task == suspect:
                if chunk.alone:
                    report(task.index, _failed(task, self._crash_message(task, end)))
                else:
                    requeue.append(replace(task, tries=task.tries + 1, alone=True))
            elif task in untried:
                requeue.append(task)
            elif task.tries == 0:
                requeue.append(replace(task, tries=1))
            else:
                report(task.index, _failed(task, _conversion_error(task, end.log)))
        return requeue

    def _crash_message(self, task: _Task, end: _BatchEnd) -> str:
        name = task.job.source.name
        if end.hung:
            return (
                f"LibreOffice gik i stå ved {name}: ingen PDF efter {self.timeout:g} sekunder, "
                "heller ikke ved et nyt forsøg med dokumentet alene. Dokumentet er sprunget over."
            )
        return (
            f"LibreOffice stoppede uventet (afslutningskode {end.returncode}) ved {name}, "
            f"også ved et nyt forsøg med dokumentet alene.{_log_tail(end.log)}"
        )

    def _spawn(self, command: list[str], log) -> subprocess.Popen | None:
        with self._lock:
            if self._closed:
                return None
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self._env,
                cwd=self.workdir,
                start_new_session=True,  # its own process group, so oosplash + soffice.bin die together
            )
            self._processes.add(process)
            return process

    def _profile(self, slot: int) -> Path:
        with self._lock:
            if slot not in self._profiles:
                self._profile_generation += 1
                self._profiles[slot] = self.workdir / f"profile-{slot}-{self._profile_generation}"
                new_profile(self._profiles[slot], self.installation)
            return self._profiles[slot]

    def _reset_profile(self, slot: int) -> None:
        with self._lock:
            old = self._profiles.pop(slot, None)
        if old:
            shutil.rmtree(old, ignore_errors=True)


def _stage_inputs(batch: Path, chunk: _Chunk, join: int) -> list[_Input]:
    """What soffice is given for the chunk: its Word files joined by up to `join` (docx_join), the rest as they are.

    Only files on their first try are joined: a file that soffice failed, or whose joined
    document failed or could not be cut, is converted as the file it is. Each file is staged
    under a unique name (`00007_budget.docx`), as soffice names each PDF after its input's stem.
    """
    folder = batch / "in"
    folder.mkdir()
    tasks = chunk.tasks
    fresh = [n for n, task in enumerate(tasks) if not (task.tries or task.unjoined or chunk.alone)] if join > 1 else []
    joined, alone = join_batch([tasks[n].job.source for n in fresh], folder, join)
    joined_tasks = {fresh[member] for document in joined for member in document.members}
    firsts = {fresh[document.members[0]]: document for document in joined}
    inputs = []
    for n, task in enumerate(tasks):
        if n in firsts:
            document = firsts[n]
            inputs.append(_Input(document.path, tuple(tasks[fresh[m]] for m in document.members), document))
        elif n not in joined_tasks:
            inputs.append(_Input(_stage_file(folder, task), (task,)))
    return inputs


def _stage_file(folder: Path, task: _Task) -> Path:
    link = folder / f"{task.index:05d}_{task.job.source.name}"
    try:
        link.symlink_to(task.job.source.resolve())
    except OSError:
        shutil.copyfile(task.job.source, link)
    return link


def _is_complete(pdf: Path, present: set[str]) -> bool:
    """soffice copies the PDF into place under a lock file; done = no lock and a PDF trailer."""
    if f".~lock.{pdf.name}#" in present:
        return False
    try:
        with open(pdf, "rb") as file:
            file.seek(max(0, file.seek(0, os.SEEK_END) - 1024))
            return b"%%EOF" in file.read()
    except OSError:
        return False


def _published(task: _Task, made: Path, finished: bool, seconds: float) -> ConversionResult:
    """Move a task's PDF to its target, finished first if its job is dated and it is not yet (part_pdf)."""
    try:
        if task.job.dated and not finished:
            finish_part_pdf(made, task.job.dated, task.job.target.stem)
        publish_pdf(made, task.job.target)
    except OSError as exc:
        return _failed(task, f"PDF'en kunne ikke gemmes som {task.job.target}: {exc}", seconds)
    except pikepdf.PdfError as exc:
        return _failed(task, f"LibreOffices PDF af {task.job.source.name} kunne ikke læses: {exc}", seconds)
    return ConversionResult(task.job, True, seconds=seconds)


def _failed(task: _Task, message: str, seconds: float = 0.0) -> ConversionResult:
    return ConversionResult(task.job, ok=False, error=message, seconds=seconds)


def _conversion_error(task: _Task, log: str) -> str:
    return (
        f"LibreOffice kunne ikke indlæse eller konvertere {task.job.source.name}, "
        f"heller ikke ved et nyt forsøg i en ny LibreOffice-proces.{_log_tail(log)}"
    )


def _log_tail(log: str) -> str:
    errors = [line.strip() for line in log.splitlines() if line.lstrip().startswith("Error")]
    return f" Besked fra LibreOffice: {errors[-1]}" if errors else ""


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


# --- cleanup at exit and on SIGTERM ------------------------------------------------------

_open_pools: weakref.WeakSet[LibreOfficePool] = weakref.WeakSet()


def _track(pool: LibreOfficePool) -> None:
    """Close pools at interpreter exit; turn SIGTERM into SystemExit so that exit happens."""
    _open_pools.add(pool)
    in_main = threading.current_thread() is threading.main_thread()
    if in_main and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _exit_on_sigterm)


def _untrack(pool: LibreOfficePool) -> None:
    _open_pools.discard(pool)
    in_main = threading.current_thread() is threading.main_thread()
    if not _open_pools and in_main and signal.getsignal(signal.SIGTERM) is _exit_on_sigterm:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


@atexit.register
def _close_open_pools() -> None:
    for pool in list(_open_pools):
        pool.close()
