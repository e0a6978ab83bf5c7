"""Experiment: would one LibreOffice conversion per case beat one per part?

    .venv/bin/python bench/combined_conversion.py BUILD_DIR [--rounds 2]

BUILD_DIR is a build folder (e.g. from `reference_bench.py --keep DIR`). For every case in it,
its Word parts (in bundle order: forslag, administrativt bilag, bilag 1…n, or the one form)
are joined into one .docx: the bodies one after the other, each ending its own section (so
each part starts on a new page with its own header), the headers copied, the styles united.
Then, alternating in `rounds`, two warm soffice lanes (lo_floor.run_floor) convert the parts
as they are and the joined documents; it prints wall time and the lanes' CPU of each, and the
page counts of both (equal when the joined documents hold the same pages).

The joining is good enough to time LibreOffice, not to ship: numbering definitions are taken
from the first part only.
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree
from pypdf import PdfReader

from build_bench import CpuMeter
from kkdocs.documents.light_docx import CT, REL, W
from kkdocs.documents.office_zip import write_package
from kkdocs.pdf.libreoffice import find_soffice
from lo_floor import run_floor

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
HEADER_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
HEADER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"


def part_order(path: Path) -> tuple[int, int]:
    number = re.search(r"(\d+)$", path.stem)
    rank = {"forslag": 0, "administrativt-bilag": 1}.get(path.stem, 2)
    return rank, int(number.group(1)) if number else 0


def join(parts: list[Path], target: Path) -> None:
    packages = [zipfile.ZipFile(p) for p in parts]
    entries = {name: packages[0].read(name) for name in packages[0].namelist()}
    document = etree.fromstring(entries["word/document.xml"])
    body = document.find(W + "body")
    rels = etree.fromstring(entries["word/_rels/document.xml.rels"])
    types = etree.fromstring(entries["[Content_Types].xml"])
    styles = etree.fromstring(entries["word/styles.xml"])
    style_ids = {s.get(W + "styleId") for s in styles.iter(W + "style")}
    for k, package in enumerate(packages[1:], start=2):
        last = body[-1]  # the section of what came before ends in a paragraph of its own
        paragraph = etree.SubElement(body, W + "p")
        etree.SubElement(paragraph, W + "pPr").append(last)
        part_rels = {r.get("Id"): r for r in etree.fromstring(package.read("word/_rels/document.xml.rels"))}
        part_body = etree.fromstring(package.read("word/document.xml")).find(W + "body")
        for reference in part_body.iter(W + "headerReference"):
            header = f"header{k}.xml"
            entries[f"word/{header}"] = package.read("word/" + part_rels[reference.get(R + "id")].get("Target"))
            etree.SubElement(rels, REL + "Relationship", Id=f"rIdH{k}", Type=HEADER_TYPE, Target=header)
            etree.SubElement(types, CT + "Override", PartName=f"/word/{header}", ContentType=HEADER_CT)
            reference.set(R + "id", f"rIdH{k}")
        for child in part_body:
            body.append(copy.deepcopy(child))
        for style in etree.fromstring(package.read("word/styles.xml")).iter(W + "style"):
            if style.get(W + "styleId") not in style_ids:
                styles.append(style)
                style_ids.add(style.get(W + "styleId"))
    entries["word/document.xml"] = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    entries["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8")
    entries["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8")
    entries["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8")
    target.write_bytes(write_package(entries.items(), (2024, 1, 1, 12, 0, 0)))


def pages(folder: Path) -> int:
    return sum(len(PdfReader(pdf).pages) for pdf in folder.glob("*.pdf"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="kkdocs-combined-"))
    try:
        separate, joined = scratch / "separate", scratch / "joined"
        separate.mkdir()
        joined.mkdir()
        for case in sorted(d for d in args.build.iterdir() if d.is_dir() and d.name != "pakker"):
            parts = sorted(case.glob("*.docx"), key=part_order)
            for part in parts:
                shutil.copyfile(part, separate / f"{case.name}--{part.name}")
            join(parts, joined / f"{case.name}.docx")
        soffice = find_soffice()
        run_floor(soffice, sorted(separate.glob("*.docx"))[:2], scratch / "warm-up", scratch)
        sets = {"separate": sorted(separate.glob("*.docx")), "joined": sorted(joined.glob("*.docx"))}
        for round_ in range(1, args.rounds + 1):
            for name, files in sets.items():
                out = scratch / f"{name}-{round_}"
                with CpuMeter() as cpu:
                    seconds = run_floor(soffice, files, out, scratch)
                print(f"round {round_}  {name:<8}  {len(files):>3} documents  {pages(out):>3} pages  "
                      f"{seconds:5.1f} s wall  {cpu.ours:5.1f} s soffice CPU  {cpu.others:5.1f} s others' CPU",
                      flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
