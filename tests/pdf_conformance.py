"""Reading a PDF's conformance back: both validators, and the parent tree (the rest is kkdocs.pdf.tag_tree)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import page
import pikepdf

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


def squeeze(text: str) -> str:
    return "".join(text.split())
