"""For a stand-in soffice: the PDF LibreOffice makes of a document that docx_join joined, in brief.

    python joined_stand_in.py pdf JOINED.docx TARGET.pdf PAGE.pdf   a copy of PAGE.pdf's page per joined
                                                                   file, each under a P element and, after
                                                                   the first, at its named destination
    python joined_stand_in.py count FILE…                          how many Word files the FILEs stand for

so that pdf_cut can cut it, as it cuts LibreOffice's own.
"""

from __future__ import annotations

import re
import sys
import zipfile

import pikepdf
from pikepdf import Array, Dictionary, Name

from kkdocs.pdf.docx_join import PART_MARK


def joined_files(path: str) -> int:
    if not re.search(r"samlet-\d+\.docx$", path):
        return 1
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    return 1 + len(set(re.findall(rf'w:name="{PART_MARK}(\d+)"', xml)))


def write_pdf(joined: str, target: str, page: str) -> None:
    out = pikepdf.new()
    document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
    elements, destinations = Array(), Dictionary()
    sources = [pikepdf.open(page) for _ in range(joined_files(joined))]  # open until saved: qpdf copies lazily
    for number, source in enumerate(sources):
        out.pages.append(source.pages[0])  # a source of its own each time: a page of its own
        added = out.pages[-1].obj
        elements.append(out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, P=document, Pg=added)))
        if number:
            destinations[f"/{PART_MARK}{number}"] = Array([added, Name.XYZ, None, None, 0])
    document.K = elements
    root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array([document]),
                                        ParentTree=Dictionary(Nums=Array())))
    document.P = root
    out.Root.StructTreeRoot = root
    out.Root.Dests = destinations
    out.save(target)


if __name__ == "__main__":
    if sys.argv[1] == "count":
        print(sum(joined_files(path) for path in sys.argv[2:]))
    else:
        write_pdf(*sys.argv[2:5])
