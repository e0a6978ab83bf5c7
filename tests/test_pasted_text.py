"""Text as people paste it from Word: each mistake gets one Danish message that names the character and the fix.

Each case starts from a valid investeringsforslag (or package) and changes one thing, as in
test_checks.py; the expected line is the line of a marker text in the changed file.
"""

from __future__ import annotations

import pytest

from kkdocs.findings import Level
from kkdocs.source import yaml_source

from hardening.cases import INVESTMENT
from test_checks import PACKAGE, findings_for, line_of


@pytest.fixture(params=["libyaml", "pure"])
def parser(request, monkeypatch):
    """Both YAML readers: libyaml's events, and the pure-Python parser every file falls back on."""
    if request.param == "pure":
        monkeypatch.setattr(yaml_source, "CParser", None)
    return request.param


def only(found, code: str):
    matching = [f for f in found if f.code == code]
    assert len(matching) == 1, [f.as_text() for f in found]
    return matching[0]


def test_a_hash_after_a_single_space_is_shown_with_the_quoted_form(workspace, parser):
    text = INVESTMENT.replace("titel: Nyt fællessystem", "titel: Energi #2 udgave")
    found = findings_for(workspace, text)
    finding = only(found, "YAML-KOMMENTAR")
    assert finding.level is Level.ADVARSEL and (finding.line, finding.column) == (line_of(text, "Energi"), 8)
    assert "'Energi'" in finding.message and 'titel: "Energi #2 udgave"' in finding.message
    assert len(found) == 1


def test_a_hash_in_a_list_item_is_shown_too(workspace, parser):
    text = INVESTMENT.replace("    måling: Driftsrapport", "    måling: Rapport nr. #4 til styregruppen")
    finding = only(findings_for(workspace, text), "YAML-KOMMENTAR")
    assert 'måling: "Rapport nr. #4 til styregruppen"' in finding.message


def test_a_quote_in_the_value_gives_single_quotes_in_the_fix(workspace):
    text = INVESTMENT.replace("titel: Nyt fællessystem", 'titel: Projekt "Ny drift" #2')
    finding = only(findings_for(workspace, text), "YAML-KOMMENTAR")
    assert "titel: 'Projekt \"Ny drift\" #2'" in finding.message


def test_a_comment_after_two_spaces_is_a_comment(workspace, parser):
    text = INVESTMENT.replace("titel: Nyt fællessystem", "titel: Nyt fællessystem  # som i formularen")
    assert findings_for(workspace, text) == []


def test_a_comment_after_a_number_or_a_section_is_a_comment(workspace):
    text = INVESTMENT.replace("      sats: 600", "      sats: 600 # kr. pr. årsværk").replace(
        "  nøgle:\n", "  nøgle: # efter antal ansatte\n")
    assert findings_for(workspace, text) == []


NBSP = "\u00a0"

# (what changes in INVESTMENT, into what, the marker of the expected line, what the one message must say)
PASTED = [
    ("sag: Budget 2025", f"sag:{NBSP}Budget 2025", "sag:", ["hårdt mellemrum (U+00A0", "efter kolonet", "sag: Budget 2025"]),
    ("  år: [2024, 2028]", f"{NBSP} år: [2024, 2028]", "år: [", ["hårdt mellemrum (U+00A0", "i indrykningen"]),
    ("  år: [2024, 2028]", f"{NBSP}{NBSP}år: [2024, 2028]", "år: [", ["hårdt mellemrum (U+00A0", "i indrykningen"]),
    ("  år: [2024, 2028]", f"  år: [2024,{NBSP}2028]", "år: [", ["hårdt mellemrum (U+00A0", "skriv 2028"]),
    ("{2024: 1000, 2025: 500}", f"{{2024: 1000, 2025:{NBSP}500}}", "2024: 1000", ["hårdt mellemrum (U+00A0", "skriv 2025: 500"]),
    ("{2024: 1000, 2025: 500}", "{2024: 1000, 2025: \u2013500}", "2025: \u2013", ["tankestreg – (U+2013)", "skriv 2025: -500"]),
    ("{2024: 1000, 2025: 500}", "{2024: 1000, 2025: \u2212500}", "2025: \u2212", ["minus − (U+2212)", "skriv 2025: -500"]),
    ("      årsværk: -4", "      årsværk: \u20134", "årsværk", ["tankestreg – (U+2013)", "skriv årsværk: -4"]),
    ("    mål: Budgetter er reduceret", "    mål: *Budgetter er reduceret", "mål: *",
     ["begynder med *", 'mål: "*Budgetter er reduceret"']),
    ("    - tekst: Projektledelse", "    - tekst: \u201cSpor 1: Projektledelse\u201d", "Spor 1",
     ['tekst: "Spor 1: Projektledelse"', "“ (U+201C)"]),
]


@pytest.mark.parametrize("old, new, marker, said", PASTED, ids=[repr(p[1][-24:]) for p in PASTED])
def test_a_pasted_character_is_named_with_its_fix_at_its_line(workspace, parser, old, new, marker, said):
    assert old in INVESTMENT
    text = INVESTMENT.replace(old, new, 1)
    found = findings_for(workspace, text)
    assert len(found) == 1, [f.as_text() for f in found]
    assert found[0].level is Level.FEJL and found[0].line == line_of(text, marker), found[0].as_text()
    for words in said:
        assert words in found[0].message, found[0].message
    assert "“" not in found[0].message.split("skriv", 1)[-1].split("fx", 1)[-1].split(".")[0]


# (what changes, into what, the fix the message must give)
STATED_TYPE = [
    ("år: [2024, 2028]", "år: 2024-2028", "år: [2024, 2028]"),
    ("år: [2024, 2028]", "år: 2024\u20132028", "år: [2024, 2028]"),
    ("indfasning: {2025: 0.5,", "indfasning: {2025: 50%,", "skriv 2025: 0.5 for 50 pct."),
    ("{2024: 1000, 2025: 500}", "{2024: 1 000, 2025: 500}", "skriv 2024: 1000."),
    ("{2024: 1000, 2025: 500}", f"{{2024: 1{NBSP}000, 2025: 500}}", "skriv 2024: 1000."),
    ("{2024: 1000, 2025: 500}", "{2024: 1000 kr., 2025: 500}", "skriv 2024: 1000."),
    ("{2024: 1000, 2025: 500}", "{2024: '1.000 kr.', 2025: 500}", "skriv 2024: 1000."),
    ("sats: 600", "sats: 660 t. kr.", "skriv sats: 660."),
    ("sats: 600", "sats: '660,5'", "skriv sats: 660.5."),
    ("sats: 600", "sats: '660'", "Fjern anførselstegnene"),
]


@pytest.mark.parametrize("old, new, fix", STATED_TYPE, ids=[s[1] for s in STATED_TYPE])
def test_a_type_message_says_what_to_write(workspace, old, new, fix):
    assert old in INVESTMENT
    text = INVESTMENT.replace(old, new, 1)
    found = findings_for(workspace, text)
    assert len(found) == 1, [f.as_text() for f in found]
    assert found[0].code == "FELT-TYPE" and found[0].line == line_of(text, new.split(":")[0].strip()), found[0].as_text()
    assert fix in found[0].message, found[0].message


def test_a_whole_amount_is_said_in_the_table_of_a_distribution(workspace):
    from test_checks import DISTRIBUTION
    found = findings_for(workspace, DISTRIBUTION.replace("beløb: 1000", "beløb: 525 000"))
    assert [f.code for f in found] == ["FELT-TYPE"] and "skriv beløb: 525000." in found[0].message


@pytest.mark.parametrize("new, fix", [
    ("sager: sag, anden", "sager: [sag, anden]"),
    ("sager: [sag.yaml]", "Skriv sag (sagens id er filnavnet uden .yaml)"),
])
def test_a_package_message_says_what_to_write(workspace, new, fix):
    found = findings_for(workspace, PACKAGE.replace("sager: [sag]", new), name="pakke.yaml", folder="pakker")
    assert [f.code for f in found] == ["FELT-TYPE"], [f.as_text() for f in found]
    assert fix in found[0].message, found[0].message


@pytest.mark.parametrize("old, new, shown", [
    ("sats: 600", "sats: .nan", "'.nan'"),
    ("sats: 600", "sats: .inf", "'.inf'"),
    ("      årsværk: -4", "      årsværk: -1e400", "'-.inf'"),
    ("{2024: 1000, 2025: 500}", "{2024: 1e400, 2025: 500}", "'.inf'"),
])
def test_a_number_kkdocs_cannot_count_with_is_said_in_danish(workspace, old, new, shown):
    text = INVESTMENT.replace(old, new, 1)
    found = findings_for(workspace, text)
    assert [f.code for f in found] == ["FELT-TYPE"] and found[0].line == line_of(text, new.strip()[:8])
    assert f"ikke {shown}" in found[0].message and "Input" not in found[0].message, found[0].message
