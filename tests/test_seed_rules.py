"""The rules of the seeds: Bilag 4 (seed 001), the loan pool (seed 002) and plausible numbers.

Each rule has a change that breaks it (the code, its level and the line it must point at) and
a change that only just passes it (the code must be absent). Both start from the valid bases
of test_checks.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kkdocs.batch.validate import validate
from kkdocs.findings import Level
from kkdocs.source.yaml_source import load_yaml
from kkdocs.workspace import Workspace

from hardening.cases import INVESTMENT
from test_checks import LOAN, findings_for, line_of

REPO = Path(__file__).resolve().parent.parent
KKR = (REPO / "data" / "sager" / "telekol-fordeling.yaml").read_text(encoding="utf-8")

CFØ = "  - instans: Center for Økonomi, Økonomiforvaltningen\n"
# INVESTMENT approved, with Center for Økonomi and the three fora of a tværgående investeringsforslag heard
APPROVED = INVESTMENT.replace("status: hørt", "status: godkendt").replace(CFØ, CFØ + """\
    dato: 2024-04-01
  - instans: Budget- og Regnskabskredsen (BRK)
    dato: 2024-04-02
  - instans: Økonomikredsen (ØK)
    dato: 2024-04-03
  - instans: 7-dir
    dato: 2024-04-04
""")
IMPLEMENTATION = "beløb: {2024: 1000, 2025: 500}"
OPERATION_ROW = """\
    - tekst: Drift af platformen
      styringsområde: Service
      drift: true
      beløb: {YEARS}
  oplyst:"""


def _hearing(text: str, instans: str) -> str:
    return text.replace(CFØ, f"  - instans: {instans}\n    dato: 2024-04-05\n" + CFØ)


def _subject(text: str, subject: str) -> str:
    return text.replace("hørt:\n", f"omfatter: [{subject}]\nhørt:\n")


def _base_investment(text: str, proposals: str = "[Digital post 2.0]") -> str:
    return text.replace("risikovurdering: Lav.\n", f"risikovurdering: Lav.\ngrundinvestering: {{fremtidige_forslag: {proposals}}}\n")


def _operation(text: str, years: str) -> str:
    return text.replace("  oplyst:", OPERATION_ROW.replace("{YEARS}", years))


TRANSFERS = ("      styringsområde: Service\n      årsværk", "      styringsområde: Overførsler\n      årsværk")

# (code, level, base, change, marker on the expected line)
BROKEN = [
    ("TAL-TUSINDTAL", "fejl", INVESTMENT, lambda t: t.replace("Socialudvalget: 2", "Socialudvalget: 118.400"), "118.400"),
    ("TAL-TUSINDTAL", "fejl", INVESTMENT, lambda t: t.replace(IMPLEMENTATION, "beløb: {2024: 1.000, 2025: 500}"), "1.000,"),
    ("TAL-TUSINDTAL", "fejl", INVESTMENT, lambda t: t.replace("sats: 600", "sats: 1.250.000"), "sats:"),
    ("TAL-TUSINDTAL", "fejl", LOAN, lambda t: t.replace("bruttoanlægsudgift: 48000", "bruttoanlægsudgift: 48.000"), "48.000"),
    ("TAL-INDFASNING", "fejl", INVESTMENT, lambda t: t.replace("{2025: 0.5,", "{2025: 50,"), "2025: 50"),
    ("TAL-INDFASNING", "fejl", INVESTMENT, lambda t: t.replace("{2025: 0.5,", "{2025: 1.01,"), "2025: 1.01"),
    ("TAL-SATS", "advarsel", INVESTMENT, lambda t: t.replace("sats: 600", "sats: 600000"), "sats: 600000"),
    ("TAL-SATS", "advarsel", INVESTMENT, lambda t: t.replace("sats: 600", "sats: 2001"), "sats: 2001"),
    ("B4-TILBAGEBETALING", "advarsel", INVESTMENT, lambda t: t.replace(IMPLEMENTATION, "beløb: {2024: 9000, 2025: 1900}"), "  implementering:"),
    ("B4-TILBAGEBETALING", "advarsel", INVESTMENT, lambda t: t.replace(*TRANSFERS), "  implementering:"),  # never on service
    # 001:71 criterion 1, also with no row on Service: every row on Anlæg, or without styringsområde
    ("B4-TILBAGEBETALING", "advarsel", INVESTMENT, lambda t: t.replace(IMPLEMENTATION, "beløb: {2024: 9000, 2025: 1900}")
     .replace("styringsområde: Service", "styringsområde: Anlæg"), "  implementering:"),
    ("B4-TILBAGEBETALING", "advarsel", INVESTMENT, lambda t: t.replace(IMPLEMENTATION, "beløb: {2024: 9000, 2025: 1900}")
     .replace("      styringsområde: Service\n", ""), "  implementering:"),
    ("B4-TILBAGEBETALING", "advarsel", INVESTMENT, lambda t: t.replace(IMPLEMENTATION, "beløb: {2024: 40000, 2025: 1900}")
     .replace("      styringsområde: Service\n", ""), "  implementering:"),  # about 18 years
    ("B4-TOTALØKONOMI", "advarsel", INVESTMENT,
     lambda t: t.replace(*TRANSFERS).replace(IMPLEMENTATION, "beløb: {2024: 9000, 2025: 1900}"), "  implementering:"),
    ("B4-DRIFT", "advarsel", INVESTMENT, lambda t: t.replace(IMPLEMENTATION, "beløb: {2024: 1000, 2025: 500, 2027: 100}"), "2027: 100"),
    ("B4-AFTAGENDE", "advarsel", INVESTMENT, lambda t: t.replace("2027: 1, 2028: 1}", "2027: 1, 2028: 0.9}"), "  varige_ændringer:"),
    ("B4-GRUNDINVESTERING", "fejl", INVESTMENT, lambda t: _base_investment(t, "[]"), "grundinvestering:"),
    ("B4-GRUNDINVESTERING", "fejl", INVESTMENT,
     lambda t: _operation(_base_investment(t), "{2025: 10, 2026: 10, 2027: 10, 2028: 10}"), "2025: 10, 2026: 10, 2027: 10, 2028"),
    ("B4-GRUNDINVESTERING", "fejl", INVESTMENT, lambda t: _operation(t, "{2025: 10}"), "drift: true"),
    ("TVÆRGÅENDE-UANGIVET", "advarsel", INVESTMENT, lambda t: t.replace("tværgående: true", "tværgående: false"), "tværgående: false"),
    ("TVÆRGÅENDE-FORDELING", "fejl", INVESTMENT,
     lambda t: t.replace("Socialudvalget: 2", "Socialudvalget: 2\n    Teknik- og Miljøudvalget: 1"), "Teknik- og Miljø"),
    # a berørt forvaltning without a share: no seed line requires one, so an advarsel
    ("TVÆRGÅENDE-FORDELING", "advarsel", INVESTMENT, lambda t: t.replace("[ØKF, SOF, BUF]", "[ØKF, SOF, BUF, TMF]"), "TMF"),
    ("PL-PROCES", "fejl", INVESTMENT, lambda t: t.replace("pl: 2025", "pl: 2024"), "pl: 2024"),
    ("HØRT-TVÆRGÅENDE", "fejl", APPROVED, lambda t: t.replace("  - instans: 7-dir\n", "  - instans: 7-dir\n    bemærkning: Ikke nået\n").replace("    dato: 2024-04-04\n", ""), "hørt:"),
    ("HØRT-ØK", "fejl", APPROVED, lambda t: _subject(t, "administration").replace("Økonomikredsen (ØK)", "Effektiviseringskredsen"), "hørt:"),
    ("HØRT-HR", "fejl", APPROVED, lambda t: _subject(t, "arbejdsgiverområdet"), "hørt:"),
    ("HØRT-EJENDOM", "fejl", APPROVED, lambda t: _subject(t, "m2-behov"), "hørt:"),
    ("HØRT-IT", "fejl", APPROVED, lambda t: _subject(t, "it-systemer"), "hørt:"),
    ("HØRT-ANALYSEENHED", "fejl", APPROVED, lambda t: t.replace(*TRANSFERS), "hørt:"),
    ("LÅN-BELØB", "fejl", LOAN, lambda t: t.replace("lån: {2025: 12000, 2026: 20000}", "lån: {2025: 28000, 2026: 20001}"), "lån:"),
    ("LÅN-ÅR", "fejl", LOAN, lambda t: t.replace("{2025: 12000, 2026: 20000}", "{2024: 12000, 2025: 20000}")
     .replace("pladser: {2025: 0, 2026: 24}", "pladser: {2024: 0, 2025: 24}"), "lån:"),
    ("LÅN-PLADSER", "fejl", LOAN, lambda t: t.replace("pladser: {2025: 0, 2026: 24}", "pladser: {2025: 0, 2026: 0}"), "pladser:"),
    ("LÅN-EMAIL", "fejl", LOAN, lambda t: t.replace("email: a@example.dk", "email: a.example.dk"), "a.example.dk"),
    ("LÅN-PULJE", "fejl", LOAN, lambda t: t.replace("pulje: LanBotilbud_2025-26", "pulje: LanBotilbud_2025-27"), "pulje:"),
    ("LÅN-VINDUE", "fejl", LOAN, lambda t: t.replace("frist: 2024-05-15", "frist: 2024-05-16"), "frist:"),
    ("LÅN-VINDUE", "fejl", LOAN, lambda t: t.replace("status: udkast", "status: udkast\nindsendt: 2024-04-30"), "indsendt:"),
    ("LÅN-PULJESTØRRELSE", "advarsel", LOAN, lambda t: t.replace("{2025: 12000, 2026: 20000}", "{2025: 600001, 2026: 20000}"), "projekter:"),
    ("LÅN-KOORDINERING", "advarsel", LOAN, lambda t: t.replace("koordineret_i: KKR", "koordineret_i: ingen"), "koordineret_i"),
    ("LÅN-KOORDINERING", "advarsel", LOAN, lambda t: t.replace("    dokumentation: Referat af drøftelse i KKR\n", ""), "koordineret_i"),
    ("KKR-KOMMUNER", "fejl", KKR, lambda t: t.replace("  Bornholm: 39289\n", ""), "nøgle:"),
    ("KKR-KOMMUNER", "fejl", KKR, lambda t: t.replace("  Gentofte:", "  Gentofe:"), "Gentofe"),
    ("KKR-KOMMUNER", "fejl", KKR, lambda t: t.replace("  Bornholm: 39289\n", "  Bornholm: 39289\n  bornholm: 1\n"), "bornholm: 1"),
    ("TAL-INDFASNING", "fejl", INVESTMENT, lambda t: t.replace("{2025: 0.5,", "{2025: -0.5,"), "2025: -0.5"),
    # 002:269-271: "I projektbeskrivelsen skal følgende oplyses", the six texts
    ("LÅN-TEKST-TOM", "fejl", LOAN, lambda t: t.replace("låneadgang: d", 'låneadgang: ""'), "låneadgang"),
    ("LÅN-TEKST-TOM", "fejl", LOAN, lambda t: t.replace("tidsplan: e", 'tidsplan: "  "'), "tidsplan"),
    # 002:270: "i alt højst ca. 4.000 tegn": just above is an advarsel, clearly above a fejl
    ("LÅN-TEKST", "advarsel", LOAN, lambda t: t.replace("  kapacitet: a", "  kapacitet: " + "x" * 3996), "beskrivelse:"),
    ("LÅN-TEKST", "advarsel", LOAN, lambda t: t.replace("  kapacitet: a", "  kapacitet: " + "x" * 4395), "beskrivelse:"),
    ("LÅN-TEKST", "fejl", LOAN, lambda t: t.replace("  kapacitet: a", "  kapacitet: " + "x" * 4396), "beskrivelse:"),
]

# (code, base, change): the change stays just inside the rule
PASSING = [
    ("TAL-TUSINDTAL", INVESTMENT, lambda t: t.replace("Socialudvalget: 2", "Socialudvalget: 118.40")),
    ("TAL-TUSINDTAL", INVESTMENT, lambda t: t.replace("{2025: 0.5,", "{2025: 0.125,")),
    ("TAL-TUSINDTAL", INVESTMENT, lambda t: t.replace("2026: 1, 2027: 1,", "2026: 1.000, 2027: 1,")),  # a factor
    ("TAL-TUSINDTAL", LOAN, lambda t: t.replace("andel_andre_kommuner: 25\n", "andel_andre_kommuner: 33.333\n")),  # per cent
    ("TAL-TUSINDTAL", INVESTMENT, lambda t: t.replace("rækker: [[x, 1]]", "rækker: [[x, 1.250.000]]")),  # text in a cell
    ("TAL-INDFASNING", INVESTMENT, lambda t: t.replace("{2025: 0.5,", "{2025: 1.0,")),
    ("TAL-INDFASNING", INVESTMENT, lambda t: t.replace("{2025: 0.5,", "{2025: 0,")),
    ("TAL-SATS", INVESTMENT, lambda t: t.replace("sats: 600", "sats: 2000")),
    ("TAL-SATS", INVESTMENT, lambda t: t.replace("sats: 600", "sats: 100")),
    ("B4-TILBAGEBETALING", INVESTMENT, lambda t: t.replace(IMPLEMENTATION, "beløb: {2024: 9000, 2025: 500}")),  # 6 years
    ("B4-TILBAGEBETALING", INVESTMENT, lambda t: _base_investment(t.replace(IMPLEMENTATION, "beløb: {2024: 9000, 2025: 8000}"))),
    ("B4-TOTALØKONOMI", INVESTMENT, lambda t: t.replace(*TRANSFERS).replace(IMPLEMENTATION, "beløb: {2024: 9000, 2025: 500}")),
    ("B4-TILBAGEBETALING", INVESTMENT, lambda t: t.replace(IMPLEMENTATION, "beløb: {2024: 9000, 2025: 500}")
     .replace("styringsområde: Service", "styringsområde: Anlæg")),  # 6 years on all rows
    ("B4-TILBAGEBETALING", INVESTMENT, lambda t: t.replace("      styringsområde: Service\n", "")),
    ("B4-DRIFT", INVESTMENT, lambda t: t.replace(IMPLEMENTATION, "beløb: {2024: 1000, 2025: 500, 2026: 100}")),  # the payback year
    ("B4-DRIFT", INVESTMENT, lambda t: _operation(_base_investment(t), "{2026: 10, 2027: 10, 2028: 10}")),
    ("B4-AFTAGENDE", INVESTMENT, lambda t: t.replace("{2025: 0.5, 2026: 1,", "{2025: 0.5, 2026: 0.9,")),  # grows to the end
    ("B4-GRUNDINVESTERING", INVESTMENT, lambda t: _operation(_base_investment(t), "{2026: 10, 2027: 10, 2028: 10}")),
    ("TVÆRGÅENDE-UANGIVET", INVESTMENT, lambda t: t.replace("tværgående: true", "tværgående: false")
     .replace("[ØKF, SOF, BUF]", "[ØKF, SOF]").replace("    Børne- og Ungdomsudvalget: 3\n", "")),
    ("TVÆRGÅENDE-FORDELING", INVESTMENT, lambda t: t.replace("Socialudvalget: 2", "Socialudvalget: 2\n    Teknik- og Miljøudvalget: 0")),
    ("PL-PROCES", INVESTMENT, lambda t: t.replace("pl: 2025", "pl: 2024").replace("sag: Budget 2025", "sag: Budget 2031")),
    ("HØRT-TVÆRGÅENDE", APPROVED, lambda t: t),
    ("HØRT-TVÆRGÅENDE", INVESTMENT, lambda t: t),  # status hørt: not yet godkendt, no fora needed yet
    ("HØRT-ØK", APPROVED, lambda t: _subject(t, "administration")),
    ("HØRT-ØK", APPROVED, lambda t: _subject(t, "administration").replace("Økonomikredsen (ØK)", "ØK-møde")),
    ("HØRT-ØK", APPROVED, lambda t: _subject(t, "administration").replace("Økonomikredsen (ØK)", "Drøftet på ØK/BRK")),
    ("HØRT-HR", APPROVED, lambda t: _hearing(_subject(t, "arbejdsgiverområdet"), "HR-kredsen")),
    ("HØRT-EJENDOM", APPROVED, lambda t: _hearing(_subject(t, "m2-behov"), "Københavns Ejendomme, ejendomsfaglig vurdering")),
    ("HØRT-IT", APPROVED, lambda t: _hearing(_subject(t, "it-systemer"), "Koncern IT")),
    ("HØRT-ANALYSEENHED", APPROVED, lambda t: _hearing(t.replace(*TRANSFERS), "Den tværgående analyseenhed")),
    ("LÅN-BELØB", LOAN, lambda t: t.replace("lån: {2025: 12000, 2026: 20000}", "lån: {2025: 28000, 2026: 20000}")),
    ("LÅN-PLADSER", LOAN, lambda t: t.replace("pladser: {2025: 0, 2026: 24}", "pladser: {2025: 0, 2026: 1}")),
    ("LÅN-PLADSER", LOAN, lambda t: t.replace("pladser: {2025: 0, 2026: 24}", "pladser: {2025: 0, 2026: 0}")
     .replace("art: nybyggeri", "art: renovering")),
    ("LÅN-EMAIL", LOAN, lambda t: t.replace("email: a@example.dk", "email: a@example.dk; b.c@kk.dk")),
    ("LÅN-VINDUE", LOAN, lambda t: t.replace("status: udkast", "status: udkast\nindsendt: 2024-05-01")),
    ("LÅN-PULJESTØRRELSE", LOAN, lambda t: t.replace("{2025: 12000, 2026: 20000}", "{2025: 600000, 2026: 20000}")),
    ("KKR-KOMMUNER", KKR, lambda t: t),
    ("KKR-KOMMUNER", KKR, lambda t: t.replace("  Gentofte:", "  gentofte :")),  # case and spaces do not count
    ("LÅN-ÅR", LOAN, lambda t: t.replace("lån: {2025: 12000, 2026: 20000}", "lån: {2026: 32000}")),
    ("LÅN-PULJE", LOAN, lambda t: t),
    ("LÅN-KOORDINERING", LOAN, lambda t: t.replace("koordineret_i: KKR", "koordineret_i: tværkommunalt")),
    ("PL-PROCES", INVESTMENT, lambda t: t),  # Budget 2025 in 2025 p/l
    ("LÅN-TEKST-TOM", LOAN, lambda t: t),
    ("LÅN-TEKST", LOAN, lambda t: t.replace("  kapacitet: a", "  kapacitet: " + "x" * 3995)),  # 4.000 in all
]


@pytest.mark.parametrize("code, level, base, change, marker", BROKEN, ids=[f"{c[0]}-{i}" for i, c in enumerate(BROKEN)])
def test_rule_is_broken(workspace, code, level, base, change, marker):
    text = change(base)
    assert text != base
    found = findings_for(workspace, text)
    matching = [f for f in found if f.code == code]
    assert matching, f"expected {code}, got {[f.as_text() for f in found]}"
    assert all(f.level is Level(level) for f in matching)
    assert line_of(text, marker) in [f.line for f in matching], [f.as_text() for f in found]
    assert all(f.column >= 1 for f in matching)


@pytest.mark.parametrize("code, base, change", PASSING, ids=[f"{c[0]}-{i}" for i, c in enumerate(PASSING)])
def test_rule_just_passes(workspace, code, base, change):
    found = findings_for(workspace, change(base))
    assert not [f for f in found if f.code == code], [f.as_text() for f in found]
    assert not [f for f in found if f.code in ("FELT-TYPE", "FELT-UKENDT", "YAML-SYNTAX")], [f.as_text() for f in found]


def test_thousands_separator_says_what_to_write(workspace):
    found = findings_for(workspace, INVESTMENT.replace("Socialudvalget: 2", "Socialudvalget: 118.400"))
    [finding] = [f for f in found if f.code == "TAL-TUSINDTAL"]
    assert "Skriv 118400" in finding.message and "118,4" in finding.message
    assert not [f for f in found if f.code == "FELT-TYPE"]  # one finding at that value, the one that explains it


def test_thousands_separator_in_an_amount_replaces_the_type_error(workspace):
    found = findings_for(workspace, INVESTMENT.replace(IMPLEMENTATION, "beløb: {2024: 1.000, 2025: 500}"))
    assert [f.code for f in found if f.line == line_of(INVESTMENT, IMPLEMENTATION)] == ["TAL-TUSINDTAL"]


def test_plausibility_messages_give_the_likely_fix(workspace):
    found = findings_for(workspace, INVESTMENT.replace("sats: 600", "sats: 620000").replace("{2025: 0.5,", "{2025: 50,"))
    messages = {f.code: f.message for f in found}
    assert "skriv 620" in messages["TAL-SATS"]
    assert "Skriv 0.5" in messages["TAL-INDFASNING"]


def test_one_application_per_kommune_across_the_workspace(workspace):
    workspace.write("anden.yaml", LOAN)
    found = findings_for(workspace, LOAN)
    [finding] = [f for f in found if f.code == "LÅN-ÉN-ANSØGNING"]
    assert "data/sager/anden.yaml" in finding.message
    assert finding.line == line_of(LOAN, "kommunenummer")
    other = findings_for(workspace, LOAN.replace("kommunenummer: 101", "kommunenummer: 147"))
    assert not [f for f in other if f.code == "LÅN-ÉN-ANSØGNING"]


def test_applications_are_found_by_their_lines_as_by_parsing_them(workspace):
    from kkdocs.checks.reference_data import loan_applications

    shared = REPO.parent / "shared" / "spec" / "examples" / "data" / "sager"
    texts = {"eksempel.yaml": LOAN, "citeret.yaml": LOAN.replace("kommunenummer: 101", 'kommunenummer: "147"'),
             # a second 'kommunenummer:' in a text: the lines are ambiguous, so the file is parsed
             "to-numre.yaml": LOAN.replace("kommunenummer: 101", "kommunenummer: 151").replace(
                 "projekter:", "# kommunenummer: 999 var en fejl\nprojekter:", 1)}
    texts.update({f"delt-{p.name}": p.read_text(encoding="utf-8") for p in sorted(shared.glob("*.yaml"))})
    for name, text in texts.items():
        workspace.write(name, text)

    found = loan_applications(Workspace(workspace.path))

    by_parsing = {}
    for name in texts:
        source = load_yaml(workspace.path / "data" / "sager" / name, name).data
        if source.get("type") == "laaneansoegning":
            by_parsing.setdefault((source["pulje"], str(source["ansøger"]["kommunenummer"])), []).append(
                f"data/sager/{name}")
    assert {key: sorted(files) for key, files in found.items()} == {k: sorted(v) for k, v in by_parsing.items()}
    assert ("LanBotilbud_2025-26", "151") in found


def test_kkr_key_is_decided_by_its_names(workspace):
    key_lines = [line for line in KKR.splitlines() if line.startswith("  ") and ": " in line and line.strip()[0].isupper()
                 and line.split(":")[1].strip().isdigit()]
    assert len(key_lines) == 29

    def keep(count: int) -> str:  # the first `count` names of the key, without the stated total
        text = KKR.replace("".join(f"{line}\n" for line in key_lines[count:]), "")
        return "\n".join(line for line in text.splitlines() if not line.startswith("oplyst_nøgletotal")) + "\n"

    assert [f for f in findings_for(workspace, keep(15)) if f.code == "KKR-KOMMUNER"]  # more than half: all 29 needed
    assert not [f for f in findings_for(workspace, keep(14)) if f.code == "KKR-KOMMUNER"]  # another key


def test_rules_work_without_the_new_reference_files(workspace):
    for name in ("processer.yaml", "laanepuljer.yaml", "kommuner.yaml"):
        (workspace.path / "data" / "reference" / name).unlink()
    found = findings_for(workspace, LOAN.replace("frist: 2024-05-15", "frist: 2024-05-16"))
    assert [f.code for f in found] == ["LÅN-VINDUE"]  # the pools that ship with kkdocs are used
    assert not validate([], Workspace(workspace.path)).reference.findings


def test_a_broken_reference_file_is_a_finding(workspace):
    (workspace.path / "data" / "reference" / "laanepuljer.yaml").write_text("puljer: {X: {størrelse: 5}}\n", encoding="utf-8")
    findings = validate([], Workspace(workspace.path)).reference.findings
    assert findings and all(f.file.endswith("laanepuljer.yaml") for f in findings)


def test_thousands_separator_in_reference_data_but_not_in_the_price_index(workspace):
    reference = workspace.path / "data" / "reference"
    pools = reference / "laanepuljer.yaml"
    pools.write_text(pools.read_text(encoding="utf-8").replace("2025: 600000", "2025: 600.000"), encoding="utf-8")
    prices = reference / "pl.yaml"
    prices.write_text(prices.read_text(encoding="utf-8").replace("106.2", "106.200"), encoding="utf-8")
    findings = validate([], Workspace(workspace.path)).reference.findings
    assert [(f.code, Path(f.file).name) for f in findings] == [("TAL-TUSINDTAL", "laanepuljer.yaml")]


def test_fingerprint_follows_the_shipped_reference_a_workspace_uses(workspace, monkeypatch, tmp_path):
    from kkdocs.batch import fingerprint
    (workspace.path / "data" / "reference" / "laanepuljer.yaml").unlink()
    before = fingerprint.Fingerprints(Workspace(workspace.path), {}).reference_hash()
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    (shipped / "laanepuljer.yaml").write_text("puljer: {X: {størrelse: {2025: 1}, ansøgning: {fra: 2024-05-01, "
                                              "til: 2024-05-15}}}\n", encoding="utf-8")
    monkeypatch.setattr(fingerprint, "SHIPPED_REFERENCE", shipped)
    assert fingerprint.Fingerprints(Workspace(workspace.path), {}).reference_hash() != before


def test_a_cross_cutting_investment_is_approved_by_the_economy_committee(workspace):
    """Seed 001:28: tværgående investeringsforslag "skal godkendes af ØU og drøftes af relevante fagudvalg"."""
    from test_checks import PACKAGE
    assert "tværgående: true" in INVESTMENT
    committee = PACKAGE.replace("udvalg: Økonomiudvalget", "udvalg: Socialudvalget")
    found = findings_for(workspace, committee, name="pakke.yaml", folder="pakker")
    [finding] = [f for f in found if f.code == "TVÆRGÅENDE-UDVALG"]
    assert finding.level is Level.ADVARSEL and finding.line == line_of(committee, "sager:")
    assert "Økonomiudvalget" in finding.message and "Socialudvalget" in finding.message
    assert not [f for f in findings_for(workspace, PACKAGE, name="pakke.yaml", folder="pakker")
                if f.code == "TVÆRGÅENDE-UDVALG"]
    unknown = committee.replace("udvalg: Socialudvalget", "udvalg: Socialudvalg")  # FELT-TYPE says it, alone
    assert [f.code for f in findings_for(workspace, unknown, name="pakke.yaml", folder="pakker")] == ["FELT-TYPE"]
    workspace.write("pakke.yaml", committee, "pakker")
    # a forvaltningsspecifikt forslag belongs in the fagudvalg's package; a comment on the line does not matter
    workspace.write("sag.yaml", INVESTMENT.replace("tværgående: true", "tværgående: false  # kun SOF"))
    result = validate([workspace.path / "data" / "pakker" / "pakke.yaml"], Workspace(workspace.path))
    assert not [f for f in result.findings if f.code == "TVÆRGÅENDE-UDVALG"]
    # lines that do not decide it are parsed
    workspace.write("sag.yaml", INVESTMENT.replace("tværgående: true", "tværgående:\n  true"))
    result = validate([workspace.path / "data" / "pakker" / "pakke.yaml"], Workspace(workspace.path))
    assert [f.code for f in result.findings if f.code == "TVÆRGÅENDE-UDVALG"] == ["TVÆRGÅENDE-UDVALG"]
