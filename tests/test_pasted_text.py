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
