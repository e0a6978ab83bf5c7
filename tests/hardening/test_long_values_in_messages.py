"""A message repeats a long value cut short: one readable line, whatever the file holds."""

from __future__ import annotations

import pytest

from hardening.cases import INVESTMENT
from test_checks import findings_for

DIGITS = "9" * 5000
TEXT = "y" * 5000

LONG = {
    "a 5.000-digit amount": ("{2024: 1000, 2025: 500}", f"{{2024: {DIGITS}, 2025: 500}}"),
    "a 5.000-digit negative amount": ("{2024: 1000, 2025: 500}", f"{{2024: -{DIGITS}, 2025: 500}}"),
    "a long text in a number field": ("sats: 600", f"sats: '{TEXT}'"),
    "a long value after *": ("titel: Nyt fællessystem", f"titel: *{TEXT}"),
    "a long value with a colon": ("titel: Nyt fællessystem", f"titel: Spor 1: {TEXT}"),
    "a long unknown field": ("titel: Nyt fællessystem", f"titel: Nyt\n{TEXT}: x"),
    "a long unknown case type": ("type: investeringsforslag", f"type: {TEXT}"),
    "a long key over YAML's limit": ("titel: Nyt fællessystem", f"titel: Nyt\n{TEXT} {TEXT}: x"),
}


@pytest.mark.parametrize("old, new", LONG.values(), ids=LONG.keys())
def test_a_long_value_is_cut_in_its_message(workspace, old, new):
    assert old in INVESTMENT
    found = findings_for(workspace, INVESTMENT.replace(old, new, 1))
    assert found, "expected a finding"
    for finding in found:
        assert len(finding.message) < 400 and "y" * 100 not in finding.message and "9" * 100 not in finding.message, \
            finding.message[:500]


def test_the_digit_count_is_said(workspace):
    found = findings_for(workspace, INVESTMENT.replace("{2024: 1000, 2025: 500}", f"{{2024: {DIGITS}, 2025: 500}}"))
    assert [f.code for f in found] == ["YAML-SYNTAX"] and "5.000 cifre" in found[0].message


def test_a_key_over_yamls_limit_is_said_at_its_line(workspace):
    text = INVESTMENT.replace("titel: Nyt fællessystem", f"titel: Nyt\n{TEXT} {TEXT}: x", 1)
    found = findings_for(workspace, text)
    assert [(f.code, f.line, f.column) for f in found] == [("YAML-SYNTAX", 3, 1)]
    assert "10.001 tegn lang; YAML tillader højst 1.024 tegn" in found[0].message and "tekst, så" in found[0].message
