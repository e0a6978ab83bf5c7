"""One mistake, one finding: what follows from a value already in fejl is left out, and nothing else is."""

from __future__ import annotations

from pathlib import Path

from kkdocs.batch.validate import validate
from kkdocs.workspace import Workspace

from hardening.cases import EXAMPLE_CASES, INVESTMENT, with_bilag
from test_checks import findings_for, line_of

MOBILE = (EXAMPLE_CASES / "mobilhaandtering.yaml").read_text(encoding="utf-8")  # seed 000, with its stated totals


def codes(found) -> list[str]:
    return [f.code for f in found]


def test_a_phase_in_in_per_cent_gives_its_two_fejl_and_nothing_that_follows(workspace):
    text = MOBILE.replace("indfasning: {2025: 0.5,", "indfasning: {2025: 50,")
    assert text.count("indfasning: {2025: 50,") == 2
    found = findings_for(workspace, text, name="mobilhaandtering.yaml")
    assert codes(found) == ["TAL-INDFASNING", "TAL-INDFASNING"], [f.as_text() for f in found]
    assert [f.line for f in found] == [n for n, line in enumerate(text.splitlines(), 1) if "{2025: 50," in line]


def test_the_seed_as_it_is_still_has_the_findings_the_figures_give(workspace):
    """The same rules still fire when no value is in fejl: a wrong stated total alone is a SUM-AFVIGER."""
    text = MOBILE.replace("samlet_varig_ændring: {2025: -1896,", "samlet_varig_ændring: {2025: -1897,")
    found = findings_for(workspace, text, name="mobilhaandtering.yaml")
    assert codes(found) == ["SUM-AFVIGER"] and found[0].line == line_of(text, "{2025: -1897,")


def test_a_finding_that_does_not_follow_from_the_value_stays(workspace):
    text = INVESTMENT.replace("indfasning: {2025: 0.5,", "indfasning: {2025: 50,").replace(
        "status: hørt", "status: godkendt")
    found = findings_for(workspace, text)
    assert sorted(codes(found)) == ["HØRT-CFØ", "HØRT-TVÆRGÅENDE", "TAL-INDFASNING"], [f.as_text() for f in found]


def test_a_thousands_point_is_one_finding_not_also_the_sats_and_the_totals(workspace):
    text = INVESTMENT.replace("sats: 600", "sats: 6.000")
    found = findings_for(workspace, text)
    assert codes(found) == ["TAL-TUSINDTAL"], [f.as_text() for f in found]


def test_a_month_written_in_words_is_not_also_a_phase_that_ends_before_it_starts(workspace):
    text = with_bilag("  - titel: Faseplan\n"
                      "    faseplan:\n"
                      "      - {fase: Afklaring, start: april 2024, slut: 2024-09}\n")
    found = findings_for(workspace, text)
    assert codes(found) == ["FELT-TYPE"] and "start" in found[0].message, [f.as_text() for f in found]


def test_a_phase_that_ends_before_it_starts_is_still_found(workspace):
    text = with_bilag("  - titel: Faseplan\n"
                      "    faseplan:\n"
                      "      - {fase: Afklaring, start: 2024-10, slut: 2024-09}\n")
    found = findings_for(workspace, text)
    assert codes(found) == ["FELT-TYPE"] and "slutter" in found[0].message, [f.as_text() for f in found]


def test_the_examples_keep_their_findings():
    """The project's own cases: what validate found before is what it finds now."""
    result = validate([], Workspace(Path(EXAMPLE_CASES).parents[1]))
    assert sorted(codes(result.findings)) == ["LÅN-KOORDINERING", "LÅN-RENOVERING"]


def test_the_summary_says_how_many_findings_were_left_out(workspace):
    from click.testing import CliRunner

    from kkdocs.cli import main

    workspace.write("mobilhaandtering.yaml", MOBILE.replace("indfasning: {2025: 0.5,", "indfasning: {2025: 50,"))
    left_out = validate([], Workspace(workspace.path)).left_out
    assert left_out >= 1
    output = CliRunner().invoke(main, ["--workspace", str(workspace.path), "validate"]).output
    assert output.splitlines()[-1].endswith(
        f"2 fejl, 0 advarsler. {left_out} fund, der kun følger af en værdi med fejl, er udeladt; de kontrolleres "
        "igen, når værdien er rettet."), output


def test_checks_that_fail_on_the_changed_value_leave_nothing_out():
    """A changed value may be one the checks never meet otherwise (here a divisor of 0): then all findings stay."""
    from kkdocs.batch.consequences import number_changed, without_consequences
    from kkdocs.findings import Finding, Level
    from kkdocs.source.yaml_source import load_yaml_text

    source = load_yaml_text("a: 5\nb: 2\n", "x.yaml")
    seed = Finding("x.yaml", 1, 4, Level.FEJL, "TAL-X", "a er 5")

    def check(data):
        return [seed, Finding("x.yaml", 2, 4, Level.FEJL, "SUM-AFVIGER", f"b/a er {data['b'] / data['a']}")]

    found = check(source.data)
    assert without_consequences(found, found, source, check, number_changed) == found
