"""Every check code of section 9: a bad input, the exact code, and the exact line.

Each case starts from a valid file and changes one thing. The expected line is the line of a
marker text in the changed file, so the test says where the finding must point.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kkdocs.batch.validate import validate
from kkdocs.findings import Level
from kkdocs.workspace import Workspace

from hardening.cases import INVESTMENT  # the valid investeringsforslag every check starts from

LOAN = """\
type: laaneansoegning
titel: Lånedispensation
sag: Lånepulje 2025-26
frist: 2024-05-15
status: udkast
pulje: LanBotilbud_2025-26
ansøger: {kommune: Københavns Kommune, kommunenummer: 101}
projekter:
  - navn: Botilbud A
    paragraf: 108
    art: nybyggeri
    bruttoanlægsudgift: 48000
    lån: {2025: 12000, 2026: 20000}
    pladser: {2025: 0, 2026: 24}
    andel_andre_kommuner: 25
    forventet_afsluttet: 2026-10-31
    koordineret_i: KKR
    dokumentation: Referat af drøftelse i KKR
beskrivelse:
  kapacitet: a
  andel_andre_kommuner: b
  prissætning: c
  låneadgang: d
  tidsplan: e
  nyetablering_eller_renovering: f
kontakter:
  - {navn: Anna, titel: Konsulent, telefon: "33 66 12 34", email: a@example.dk}
"""

DISTRIBUTION = """\
type: fordelingsbilag
titel: Finansiering pr. kommune
sag: KKR
frist: 2024-03-20
status: godkendt
tekst: Fordeles efter indbyggertal.
beløb: 1000
enhed: kr.
nøgle_navn: Indbyggere
nøgle: {A: 1, B: 2, C: 3}
oplyst_nøgletotal: 6
"""

PACKAGE = """\
titel: Pakke
udvalg: Økonomiudvalget
mødedato: 2024-04-09
sager: [sag]
"""


def line_of(text: str, marker: str) -> int:
    lines = [number for number, line in enumerate(text.splitlines(), 1) if marker in line]
    assert lines, f"marker {marker!r} not in the test input"
    return lines[0]


def findings_for(workspace, text: str, name: str = "sag.yaml", folder: str = "sager"):
    if folder == "pakker":
        workspace.write("sag.yaml", INVESTMENT)
    workspace.write(name, text, folder)
    result = validate([], Workspace(workspace.path))
    return [f for f in result.findings if f.file.endswith(name)]


@pytest.mark.parametrize("base", [INVESTMENT, LOAN, DISTRIBUTION])
def test_valid_bases_have_no_findings(workspace, base):
    assert findings_for(workspace, base) == []


# (code, level, base, old text, new text, marker on the expected line)
CASES = [
    ("YAML-SYNTAX", "fejl", INVESTMENT, "kort_resumé: Kort.", "kort_resumé: [Kort.", "kort_resumé: [Kort."),  # where [ opens
    ("YAML-DUPKEY", "fejl", INVESTMENT, "beskrivelse: Lang.", "beskrivelse: Lang.\ntitel: Igen", "titel: Igen"),
    ("FELT-UKENDT", "fejl", INVESTMENT, "titel: Nyt", "titl: Nyt", "titl: Nyt"),
    ("FELT-MANGLER", "fejl", INVESTMENT, "risikovurdering: Lav.\n", "", "type: investeringsforslag"),
    ("FELT-TYPE", "fejl", INVESTMENT, "sats: 600", "sats: seks hundrede", "sats: seks"),
    ("FELT-TYPE", "fejl", INVESTMENT, "beløb: {2024: 1000, 2025: 500}", "beløb: {2024: 1000.5, 2025: 500}", "1000.5"),
    ("FELT-TYPE", "fejl", INVESTMENT, "fremstillende_forvaltning: ØKF", "fremstillende_forvaltning: ØKX", "ØKX"),
    ("FELT-TYPE", "fejl", INVESTMENT, "Socialudvalget: 2", "Socialudvalg: 2", "Socialudvalg: 2"),
    ("FELT-TYPE", "fejl", INVESTMENT, "beløb: {2024: 1000, 2025: 500}", "beløb: {2024: 1000, 2031: 500}", "2031"),
    ("FELT-TYPE", "fejl", INVESTMENT, "status: hørt", "status: klar", "status: klar"),
    ("SUM-AFVIGER", "fejl", INVESTMENT, "{2025: -1200, 2026: -2400", "{2025: -1201, 2026: -2400", "samlet_varig_ændring"),
    ("SUM-AFVIGER", "fejl", INVESTMENT, "{service: 3,", "{service: 2,", "tilbagebetalingstid:"),
    ("TVÆRGÅENDE-FORVALTNINGER", "fejl", INVESTMENT, "[ØKF, SOF, BUF]", "[ØKF, SOF]", "berørte_forvaltninger"),
    ("B4-VARIG", "fejl", INVESTMENT, "2027: 1, 2028: 1}", "2027: 1, 2028: 0}", "  varige_ændringer:"),
    ("B4-OPFØLGNING", "fejl", INVESTMENT, "  - gruppe: Realisering af effektiviseringer", "  - gruppe: Implementering og anvendelse af investeringsmidler\n#", "opfølgning:"),
    ("B4-TILBAGEBETALING", "advarsel", INVESTMENT, "beløb: {2024: 1000, 2025: 500}", "beløb: {2024: 9000, 2025: 8000}", "  implementering:"),
    ("B4-DRIFT", "advarsel", INVESTMENT, "beløb: {2024: 1000, 2025: 500}", "beløb: {2024: 1000, 2025: 500, 2028: 100}", "2028: 100"),
    ("B4-OVERFØRSLER", "advarsel", INVESTMENT, "      styringsområde: Service\n      årsværk", "      styringsområde: Overførsler\n      årsværk", "Overførsler"),
    ("HØRT-CFØ", "fejl", INVESTMENT, "status: hørt", "status: godkendt", "  - instans: Center"),
    ("BILAG-FIL", "fejl", INVESTMENT, "    tabel: {kolonner: [A, B], rækker: [[x, 1]]}", "    fil: ../../../etc/passwd", "fil: ../"),
    ("BILAG-FIL", "fejl", INVESTMENT, "    tabel: {kolonner: [A, B], rækker: [[x, 1]]}", "    fil: bilag/findes-ikke.pdf", "findes-ikke"),
    ("LÅN-PARAGRAF", "fejl", LOAN, "paragraf: 108", "paragraf: 105", "paragraf: 105"),
    ("LÅN-ANLÆG", "fejl", LOAN, "bruttoanlægsudgift: 48000", "bruttoanlægsudgift: 20000", "bruttoanlægsudgift"),
    ("LÅN-ANDEL", "fejl", LOAN, "andel_andre_kommuner: 25\n", "andel_andre_kommuner: 24.5\n", "andel_andre_kommuner: 24.5"),
    ("LÅN-FRIST", "fejl", LOAN, "2026-10-31", "2027-01-01", "2027-01-01"),
    ("LÅN-TEKST", "fejl", LOAN, "  kapacitet: a", "  kapacitet: " + "x" * 4401, "beskrivelse:"),
    ("LÅN-RENOVERING", "advarsel", LOAN, "art: nybyggeri", "art: renovering", "art: renovering"),
    ("SUM-AFVIGER", "fejl", DISTRIBUTION, "oplyst_nøgletotal: 6", "oplyst_nøgletotal: 7", "oplyst_nøgletotal"),
    ("FELT-TYPE", "fejl", DISTRIBUTION, "enhed: kr.", "enhed: mio. kr.", "enhed:"),
]


@pytest.mark.parametrize("code, level, base, old, new, marker", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_check_code_and_line(workspace, code, level, base, old, new, marker):
    check_code_and_line(workspace, code, level, base, old, new, marker)


def check_code_and_line(workspace, code: str, level: str, base: str, old: str, new: str, marker: str) -> None:
    """`base` with `old` replaced by `new` gives `code` at `level` on the line of `marker` (the other test files use it too)."""
    assert old in base
    text = base.replace(old, new, 1)
    found = findings_for(workspace, text)
    matching = [f for f in found if f.code == code]
    assert matching, f"expected {code}, got {[f.as_text() for f in found]}"
    assert matching[0].level is Level(level)
    assert matching[0].line == line_of(text, marker), [f.as_text() for f in found]
    assert matching[0].column >= 1


def test_loan_with_six_projects_gives_lan_antal(workspace):
    project = LOAN[LOAN.index("  - navn: Botilbud A"):LOAN.index("beskrivelse:")]
    text = LOAN.replace(project, project * 6)
    found = findings_for(workspace, text)
    antal = [f for f in found if f.code == "LÅN-ANTAL"]
    assert len(antal) == 1
    sixth = [n for n, line in enumerate(text.splitlines(), 1) if "- navn: Botilbud A" in line][5]
    assert antal[0].line == sixth


def test_unknown_key_suggests_the_closest(workspace):
    found = findings_for(workspace, INVESTMENT.replace("titel: Nyt", "titl: Nyt"))
    assert any("mente du 'titel'?" in f.message for f in found)


def test_package_with_unknown_case_and_udvalg(workspace):
    text = PACKAGE.replace("[sag]", "[sag, findes-ikke]").replace("udvalg: Økonomiudvalget", "udvalg: Økonomiudvalg")
    found = findings_for(workspace, text, name="pakke.yaml", folder="pakker")
    assert [(f.code, f.line) for f in found] == [("FELT-TYPE", 2), ("FELT-TYPE", 4)]


def test_all_findings_are_collected_at_once(workspace):
    text = (INVESTMENT.replace("titel: Nyt", "titl: Nyt").replace("sats: 600", "sats: x")
            .replace("status: hørt", "status: klar").replace("risikovurdering: Lav.\n", ""))
    codes = sorted(f.code for f in findings_for(workspace, text))
    assert codes == ["FELT-MANGLER", "FELT-MANGLER", "FELT-TYPE", "FELT-TYPE", "FELT-UKENDT"]


def test_bad_file_name_is_a_finding_not_a_crash(workspace):
    found = findings_for(workspace, INVESTMENT, name="Sag 1.yaml")
    assert any(f.code == "FELT-TYPE" and "sags-id" in f.message for f in found)


def test_attachment_link_out_of_data_is_refused(workspace, tmp_path: Path):
    outside = tmp_path / "hemmelig.pdf"
    outside.write_bytes(b"%PDF-1.4\n")
    link = workspace.path / "data" / "sager" / "bilag" / "link.pdf"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    text = INVESTMENT.replace("    tabel: {kolonner: [A, B], rækker: [[x, 1]]}", "    fil: bilag/link.pdf")
    found = [f for f in findings_for(workspace, text) if f.code == "BILAG-FIL"]
    assert found and "uden for data/" in found[0].message
