"""Every code a check can give is in docs/kontroller.md, and every code there is one a check gives.

The codes are collected from kkdocs' own source (its syntax tree), not from a list kept beside
it: a code is a string constant written like one (YAML-SYNTAX, B4-VARIG, LÅN-ÉN-ANSØGNING) or
the code argument right after a Level (PLADSHOLDER).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CODE = re.compile(r"[A-ZÆØÅ][A-ZÆØÅÉ0-9]*(-[A-ZÆØÅÉ0-9]+)+")
# constants that look like codes and are something else: encodings and a date format in messages
NOT_CODES = re.compile(r"UTF-\d+|Å+-M+-D+")


def codes_in_source() -> set[str]:
    found = set()
    for path in (REPO / "kkdocs").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.fullmatch(node.value):
                found.add(node.value)
            if isinstance(node, ast.Call):
                arguments = list(node.args)
                for before, argument in zip(arguments, arguments[1:]):
                    if (isinstance(before, ast.Attribute) and isinstance(before.value, ast.Name)
                            and before.value.id == "Level" and isinstance(argument, ast.Constant)
                            and isinstance(argument.value, str) and re.fullmatch(r"[A-ZÆØÅ][A-ZÆØÅÉ0-9-]+", argument.value)):
                        found.add(argument.value)
    return {code for code in found if not NOT_CODES.fullmatch(code)}


def codes_in_docs() -> set[str]:
    found = set()
    for line in (REPO / "docs" / "kontroller.md").read_text(encoding="utf-8").splitlines():
        cells = line.split("|")
        if len(cells) > 2 and cells[1].strip() not in ("kode", "---"):
            found |= {code.strip() for code in cells[1].split(",")}
    return found


def test_every_code_is_documented_and_every_documented_code_exists():
    in_source, in_docs = codes_in_source(), codes_in_docs()
    assert "PLADSHOLDER" in in_source and "LÅN-ÉN-ANSØGNING" in in_source and "B4-VARIG" in in_source
    assert in_source - in_docs == set(), "koder uden for docs/kontroller.md"
    assert in_docs - in_source == set(), "koder i docs/kontroller.md, som ingen kontrol giver"
