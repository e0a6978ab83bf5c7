"""Compare the PDFs of two build folders page for page: count, text and pixels.

    .venv/bin/python bench/compare_pages.py BUILD_BEFORE BUILD_AFTER [--dpi 40]

For every PDF under BUILD_BEFORE (part PDFs, case bundles, packages) the PDF of the same
relative path under BUILD_AFTER must exist and have the same number of pages, the same text
(`pdftotext -layout`), the same outline (bookmark titles, levels and pages, read with pypdf)
and the same pixels on every page (`pdftoppm -r DPI`, compared byte for byte as PPM).
Prints one line per kind of PDF and every difference; exits 1 if there is one, or if
BUILD_BEFORE holds no PDF at all.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from pypdf import PdfReader


def text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pages_as_pixels(pdf: Path, dpi: int, scratch: Path) -> list[bytes]:
    prefix = scratch / "page"
    for old in scratch.glob("page*"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    return [page.read_bytes() for page in sorted(scratch.glob("page*.ppm"))]


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    reader = PdfReader(pdf)
    found: list[tuple[int, str, int]] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def kind(relative: Path) -> str:
    if relative.parts[0] == "pakker":
        return "package"
    return "case bundle" if relative.stem == relative.parent.name else "part PDF"


def differences(before: Path, after: Path, dpi: int, scratch: Path) -> list[str]:
    if not after.is_file():
        return ["missing"]
    problems = []
    old_pages, new_pages = pages_as_pixels(before, dpi, scratch), pages_as_pixels(after, dpi, scratch)
    if len(old_pages) != len(new_pages):
        problems.append(f"{len(old_pages)} pages before, {len(new_pages)} after")
    changed = [n for n, (a, b) in enumerate(zip(old_pages, new_pages), start=1) if a != b]
    if changed:
        problems.append(f"pixels differ on pages {changed[:10]}")
    if text(before) != text(after):
        problems.append("text differs")
    if outline(before) != outline(after):
        problems.append("outline differs")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--dpi", type=int, default=40)
    args = parser.parse_args()
    compared: Counter[str] = Counter()
    pages: Counter[str] = Counter()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="kkdocs-compare-") as scratch:
        for pdf in sorted(args.before.rglob("*.pdf")):
            relative = pdf.relative_to(args.before)
            problems = differences(pdf, args.after / relative, args.dpi, Path(scratch))
            compared[kind(relative)] += 1
            pages[kind(relative)] += len(PdfReader(pdf).pages)
            for problem in problems:
                print(f"{relative}: {problem}")
            failed += bool(problems)
    for what, count in compared.items():
        print(f"{what}: {count} PDFs, {pages[what]} pages compared")
    if not compared:
        print(f"no PDF under {args.before}: nothing was compared")
        return 1
    print(f"{failed} PDFs differ" if failed else f"all identical: page count, text, outline, pixels at {args.dpi} dpi")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
