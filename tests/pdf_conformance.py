"""Reading a PDF's conformance and tags back: both validators, the marked content, the tree's text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import page
import pikepdf
from pypdf import PdfReader

from kkdocs.pdf_tags import kids, walk

PROFILES = (page.ValidationProfile.PDF_UA_1, page.ValidationProfile.PDF_A_2B)
PDFUA = str(Path(sys.executable).with_name("pdfua"))


def validator_findings(path: Path) -> list[str]:
    """Every finding of `page` (PDF/UA-1, PDF/A-2b) and of `pdfua check`, as "validator rule: message"."""
    found = []
    for profile in PROFILES:
        report = page.validate_pdf(str(path), profile=profile)
        found += [f"page {profile.value} {f.rule_id}: {f.message}" for f in report.failures]
    result = subprocess.run([PDFUA, "check", "--format", "json", str(path)], capture_output=True, text=True)
    if result.returncode == 4 or not result.stdout.strip():
        return found + [f"pdfua kunne ikke læse filen: {result.stderr.strip()}"]
    data = json.loads(result.stdout)
    for report in data if isinstance(data, list) else data.get("files", [data]):
        found += [f"pdfua {f.get('rule_id')}: {f.get('message')}" for f in report.get("findings", [])]
    if result.returncode != 0 and not any(f.startswith("pdfua") for f in found):
        found.append(f"pdfua exit {result.returncode}: {result.stdout[:300]}")
    return found


def tree_content(pdf: pikepdf.Pdf) -> list[tuple[int, int]]:
    """(page index, MCID) of every marked-content reference in the structure tree, in tree order."""
    pages = {p.obj.objgen: index for index, p in enumerate(pdf.pages)}
    found = []
    for element in walk(pdf.Root.StructTreeRoot):
        for kid in kids(element):
            if isinstance(kid, int):
                found.append((pages[element.Pg.objgen], kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
                owner = kid.Pg if "/Pg" in kid else element.Pg
                found.append((pages[owner.objgen], int(kid.MCID)))
    return found


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    found = {}

    def visit(node):
        nums = node.get("/Nums", [])
        for index in range(0, len(nums), 2):
            found[int(nums[index])] = nums[index + 1]
        for kid in node.get("/Kids", []):
            visit(kid)

    visit(pdf.Root.StructTreeRoot.ParentTree)
    return found


def page_marked_text(path: Path) -> list[tuple[dict[int, str], str]]:
    """Per page: the text inside each MCID, and the text inside artifacts (pypdf's extraction)."""
    pages = []
    for page_object in PdfReader(path).pages:
        stack: list[object] = []
        tagged: dict[int, str] = {}
        artifacts: list[str] = []

        def before(operator, operands, cm, tm):
            if operator in (b"BDC", b"BMC"):
                tag = operands[0]
                properties = operands[1] if operator == b"BDC" and len(operands) > 1 else None
                if tag == "/Artifact":
                    stack.append("artifact")
                elif isinstance(properties, dict) and "/MCID" in properties:
                    stack.append(int(properties["/MCID"]))
                else:
                    stack.append(stack[-1] if stack else None)
            elif operator == b"EMC" and stack:
                stack.pop()

        def text(value, cm, tm, font, size):
            if not value:
                return
            where = "artifact" if "artifact" in stack else next((m for m in reversed(stack) if isinstance(m, int)), None)
            if where == "artifact":
                artifacts.append(value)
            elif where is not None:
                tagged[where] = tagged.get(where, "") + value
            elif value.strip():
                tagged.setdefault(-1, "")
                tagged[-1] += value  # text outside any marked content

        page_object.extract_text(visitor_operand_before=before, visitor_text=text)
        pages.append((tagged, "".join(artifacts)))
    return pages


def squeeze(text: str) -> str:
    return "".join(text.split())
