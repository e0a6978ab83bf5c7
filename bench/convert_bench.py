"""Benchmark: the LibreOffice pool against one soffice per document and against the floor.

    .venv/bin/python bench/convert_bench.py [--count 200] [--workers N] [--sample 20]

It makes `count` small but realistic documents (two thirds .docx with a heading, paragraphs
and a table; one third .xlsx with a formatted budget table), then converts them three ways:

  (a) pool      kkdocs' LibreOfficePool with the default number of workers
  (b) per-doc   one soffice process per document, in sequence, timed over `sample`
                documents and scaled up to `count` (said so in the output)
  (c) floor     two plain `soffice --convert-to pdf` batch processes, each over half of the
                files with its own profile, in parallel: what batching can at best reach

Every way starts from fresh profiles, after one untimed warm-up run that fills the OS file
cache. Targets: pool <= 1.2 x floor, per-doc >= 10 x pool.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docx import Document
from openpyxl import Workbook

from kkdocs.pdf.conversion import ConversionJob
from kkdocs.pdf.libreoffice import LibreOfficePool, find_soffice, soffice_locale
from lo_floor import run_floor, soffice_command, soffice_env

FLOOR_TARGET = 1.2
PER_DOC_TARGET = 10.0


def make_docx(path: Path, n: int) -> None:
    document = Document()
    document.add_heading(f"Budgetnotat {n}: Renovering af daginstitution", level=1)
    for k in range(3):
        document.add_paragraph(
            f"Afsnit {k + 1}. Forvaltningen søger om en bevilling til projektet. Udgiften "
            "dækkes af puljen til bygningsvedligehold, og driften påvirkes ikke i overslagsårene."
        )
    table = document.add_table(rows=6, cols=4)
    table.style = "Table Grid"
    for col, title in enumerate(["Konto", "2025", "2026", "2027"]):
        table.cell(0, col).text = title
    for row in range(1, 6):
        table.cell(row, 0).text = f"Post {row}"
        for col in range(1, 4):
            table.cell(row, col).text = f"{(n * 37 + row * 1000 + col * 250) % 90000:,}".replace(",", ".")
    document.save(path)


def make_xlsx(path: Path, n: int) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Budget"
    sheet.append(["Post", "2025", "2026", "2027"])
    for row in range(1, 21):
        sheet.append([f"Post {row}"] + [(n * 131 + row * 7919 + col * 1013) % 5_000_000 for col in range(3)])
    sheet.append(["I alt", "=SUM(B2:B21)", "=SUM(C2:C21)", "=SUM(D2:D21)"])
    for cells in sheet.iter_rows(min_row=2, min_col=2):
        for cell in cells:
            cell.number_format = "#,##0"
    sheet.column_dimensions["A"].width = 18
    for column in "BCD":
        sheet.column_dimensions[column].width = 14
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    workbook.save(path)


def make_documents(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for n in range(count):
        if n % 3 == 2:
            path = folder / f"bilag{n:04d}.xlsx"
            make_xlsx(path, n)
        else:
            path = folder / f"notat{n:04d}.docx"
            make_docx(path, n)
        paths.append(path)
    return paths


def run_pool(files: list[Path], out: Path, workers: int | None) -> tuple[float, int, int]:
    jobs = [ConversionJob(path, out / f"{path.stem}.pdf") for path in files]
    started = time.perf_counter()
    with LibreOfficePool(workers=workers) as pool:
        results = pool.convert(jobs)
        used = pool.workers
    seconds = time.perf_counter() - started
    return seconds, sum(r.ok for r in results), used


def run_per_document(soffice: str, files: list[Path], out: Path, scratch: Path) -> float:
    """One soffice per document, in sequence, sharing one (warm after the first) profile."""
    profile = scratch / "profile-per-doc"
    started = time.perf_counter()
    for path in files:
        subprocess.run(soffice_command(soffice, profile, out, [path]), env=soffice_env(),
                       capture_output=True, check=True)  # fmt: skip
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=200, help="documents to convert (default 200)")
    parser.add_argument("--workers", type=int, default=None, help="pool size (default: cores)")
    parser.add_argument("--sample", type=int, default=20, help="documents timed one by one (default 20)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files and PDFs")
    args = parser.parse_args()

    soffice = find_soffice()
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout.strip()
    scratch = Path(tempfile.mkdtemp(prefix="kkdocs-bench-"))
    try:
        files = make_documents(scratch / "src", args.count)
        sample = files[: min(args.sample, len(files))]
        outs = {name: scratch / f"out-{name}" for name in ("warmup", "pool", "perdoc", "floor")}

        subprocess.run(soffice_command(soffice, scratch / "profile-warmup", outs["warmup"], files[:3]),
                       env=soffice_env(), capture_output=True, check=True)  # fmt: skip
        floor = run_floor(soffice, files, outs["floor"], scratch)
        pool, converted, workers = run_pool(files, outs["pool"], args.workers)
        per_doc_sample = run_per_document(soffice, sample, outs["perdoc"], scratch)
        per_doc = per_doc_sample / len(sample) * len(files)

        produced = {name: len(list(outs[name].glob("*.pdf"))) for name in ("pool", "floor", "perdoc")}
        docx = sum(path.suffix == ".docx" for path in files)
        print(f"{len(files)} documents ({docx} docx, {len(files) - docx} xlsx), {os.cpu_count()} cores, "
              f"{version}, locale {soffice_locale()}")  # fmt: skip
        print()
        print(f"{'way':<46}{'seconds':>9}{'s/doc':>8}{'PDFs':>7}")
        rows = [
            (f"(a) pool, {workers} workers", pool, produced["pool"]),
            ("(b) one soffice per document (*)", per_doc, produced["perdoc"]),
            ("(c) floor: 2 plain soffice batches in parallel", floor, produced["floor"]),
        ]
        for label, seconds, pdfs in rows:
            print(f"{label:<46}{seconds:>9.1f}{seconds / len(files):>8.3f}{pdfs:>7}")
        print()
        print(f"pool / floor          {pool / floor:6.2f}   (target <= {FLOOR_TARGET})")
        print(f"per-document / pool   {per_doc / pool:6.1f}   (target >= {PER_DOC_TARGET:g})")
        print(f"(*) timed over {len(sample)} documents in sequence ({per_doc_sample:.1f} s, "
              f"{per_doc_sample / len(sample):.2f} s each) and scaled to {len(files)}")  # fmt: skip
        if args.keep:
            print(f"files kept in {scratch}")
        ok = converted == len(files) and produced["floor"] == len(files)
        return 0 if ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
