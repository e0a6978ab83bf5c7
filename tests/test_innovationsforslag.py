"""The fifth case type, innovationsforslag: its rules with the exact code and line, its
figures read back from the built PDF, and its place in a package beside the other types."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pdf_conformance import validator_findings
from ruamel.yaml import YAML
from test_checks import check_code_and_line, findings_for

from kkdocs.batch.validate import validate
from kkdocs.case_types import INNOVATIONSFORSLAG, case_type
from kkdocs.cli import main
from kkdocs.danish_format import format_amount
from kkdocs.findings import Level
from kkdocs.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "data" / "sager" / "visitation-foranalyse.yaml"
SEED_001 = next((REPO.parent / "shared" / "seeds").glob("001_*.txt"), None)

TRIAL = """\
type: innovationsforslag
titel: Pilot med talegenkendelse
sag: Budget 2025
frist: 2024-04-26
status: udkast
art: afprøvning
fremstillende_forvaltning: SUF
berørte_forvaltninger: [SUF, SOF]
kort_resumé: Kort.
sammenhæng: Et investeringsforslag om talegenkendelse.
forventet_forslag: {slags: investeringsforslag, tidspunkt: Budget 2026}
anvendelse: Licenser og oplæring.
pl: 2025
midler:
  - tekst: Licenser
    beløb: {2025: 900, 2026: 600}
  - tekst: Oplæring
    beløb: {2025: 300}
businesscase: {potentiale_fra: 500, potentiale_til: 1500, sandsynlighed: høj, tekst: Erfaringer fra Odense.}
kriterier: [ny_teknologi]
opfølgning:
  - {mål: Piloten er gennemført, måling: Evaluering, ansvarlig: SUF, tidspunkt: December 2025}
"""

LOAN = EXAMPLE.read_text(encoding="utf-8")

# TRIAL approved, naming new it-systemer, heard by Koncern IT (dated) and by a kreds with no date (seed 001:274-293)
HEARD = TRIAL.replace("status: udkast", "status: godkendt") + """\
omfatter: [it-systemer]
hørt:
  - instans: Koncern IT
    dato: 2025-02-20
  - instans: Digitaliseringschefkredsen
    svar: ja
    bemærkning: Drøftet på mødet i februar.
"""


@pytest.mark.parametrize("base", [TRIAL, LOAN], ids=["afprøvning", "foranalyse"])
def test_valid_bases_have_no_findings(workspace, base):
    assert findings_for(workspace, base) == []


# (code, level, base, old text, new text, marker on the expected line)
CASES = [
    ("INNO-LOFT", "fejl", TRIAL, "{2025: 900, 2026: 600}", "{2025: 900, 2026: 900}", "midler:"),
    ("INNO-LOFT", "fejl", LOAN, "beløb: {2025: 250}", "beløb: {2025: 450}", "midler:"),
    ("INNO-LÅN", "fejl", LOAN, "tilbagebetaling: {2027: -300, 2028: -300, 2029: -250}\n", "", "art: forvaltnings"),
    ("INNO-LÅN", "advarsel", TRIAL, "pl: 2025\n", "pl: 2025\ntilbagebetaling: {2027: -1200}\n", "tilbagebetaling:"),
    ("INNO-LÅN", "advarsel", LOAN, "art: forvaltningsspecifik_foranalyse", "art: tværgående_foranalyse",
     "tilbagebetaling:"),
    ("INNO-TILBAGEBETALING", "fejl", LOAN, "2029: -250}", "2029: -200}", "tilbagebetaling:"),
    ("INNO-TILBAGEBETALING", "fejl", LOAN, "2029: -250}", "2031: -250}", "tilbagebetaling:"),
    ("INNO-TILBAGEBETALING", "fejl", LOAN, "{2027: -300,", "{2024: -300,", "tilbagebetaling:"),
    ("INNO-KRITERIER", "fejl", TRIAL, "kriterier: [ny_teknologi]", "kriterier: []", "kriterier:"),
    ("INNO-MÅL", "fejl", TRIAL, "opfølgning:\n  - {mål: Piloten er gennemført, måling: Evaluering, ansvarlig: SUF, "
                                "tidspunkt: December 2025}\n", "", "type: innovationsforslag"),
    ("INNO-POTENTIALE", "fejl", TRIAL, "potentiale_til: 1500", "potentiale_til: 400", "businesscase:"),
    ("SUM-AFVIGER", "fejl", LOAN, "tilbagebetaling_i_alt: -850", "tilbagebetaling_i_alt: -800", "tilbagebetaling_i_alt"),
    ("SUM-AFVIGER", "fejl", TRIAL, "pl: 2025\n", "pl: 2025\noplyst: {midler_i_alt: {2025: 1200, 2026: 500}}\n",
     "oplyst:"),
    ("PL-PROCES", "fejl", TRIAL, "pl: 2025", "pl: 2024", "pl: 2024"),
    ("FELT-TYPE", "fejl", LOAN, "2027: -300,", "2027: 300,", "tilbagebetaling:"),
    ("FELT-TYPE", "fejl", TRIAL, "{2025: 900,", "{2025: -900,", "{2025: -900,"),
    ("FELT-TYPE", "fejl", TRIAL, "berørte_forvaltninger: [SUF, SOF]", "berørte_forvaltninger: [SUF, SOX]", "SOX"),
    ("FELT-TYPE", "fejl", TRIAL, "art: afprøvning", "art: pilot", "art: pilot"),
    # seed 001:274-276: the hearings of section 4 are for innovationsforslag too
    ("HØRT-IT", "fejl", HEARD, "    dato: 2025-02-20\n", "", "hørt:"),
    ("HØRT-ØK", "fejl", HEARD, "omfatter: [it-systemer]", "omfatter: [it-systemer, digitalisering]", "hørt:"),
    ("HØRT-HR", "fejl", HEARD, "omfatter: [it-systemer]\nhørt:\n  - instans: Koncern IT\n    dato: 2025-02-20\n"
                                "  - instans: Digitaliseringschefkredsen\n    svar: ja\n"
                                "    bemærkning: Drøftet på mødet i februar.\n", "omfatter: [arbejdsgiverområdet]\n",
     "status: godkendt"),
    # seed 001:197 with 26-27: a tværgående foranalyse is one of at least three forvaltninger
    ("TVÆRGÅENDE-FORVALTNINGER", "fejl", TRIAL, "art: afprøvning", "art: tværgående_foranalyse",
     "berørte_forvaltninger"),
    # seed 001:204, 220, 231, 232: the criteria ask for a text, not only a key
    ("INNO-INDHOLD", "fejl", TRIAL, "sammenhæng: Et investeringsforslag om talegenkendelse.", 'sammenhæng: ""',
     "sammenhæng:"),
    ("INNO-INDHOLD", "fejl", TRIAL, "tidspunkt: Budget 2026}", 'tidspunkt: " "}', "forventet_forslag:"),
    ("INNO-INDHOLD", "fejl", TRIAL, "anvendelse: Licenser og oplæring.", 'anvendelse: ""', "anvendelse:"),
    ("INNO-INDHOLD", "fejl", TRIAL, "tekst: Erfaringer fra Odense.}", 'tekst: ""}', "businesscase:"),
]


def test_hearings_are_needed_once_approved(workspace):
    assert findings_for(workspace, HEARD) == []
    draft = HEARD.replace("status: godkendt", "status: hørt").replace("    dato: 2025-02-20\n", "")
    assert findings_for(workspace, draft) == []  # not yet godkendt: no hearing needed yet


@pytest.mark.libreoffice
def test_the_form_shows_who_was_heard(built):
    text = " ".join(_pdf_text(built / "hoert-afproevning" / "forslag.pdf").split())
    assert text.index("6. Opfølgningsmål") < text.index("7. Hvem er hørt?")
    assert "Koncern IT Ja 20. februar 2025" in text
    assert "Digitaliseringschefkredsen Ja Drøftet på mødet i februar." in text
    assert "Hvem er hørt?" not in _pdf_text(built / "visitation-foranalyse" / "forslag.pdf")  # none heard: no section


def test_a_cross_cutting_study_of_three_administrations_passes(workspace):
    text = TRIAL.replace("art: afprøvning", "art: tværgående_foranalyse").replace("[SUF, SOF]", "[SUF, SOF, BUF]")
    assert not [f for f in findings_for(workspace, text) if f.code == "TVÆRGÅENDE-FORVALTNINGER"]


@pytest.mark.parametrize("code, level, base, old, new, marker", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_check_code_and_line(workspace, code, level, base, old, new, marker):
    check_code_and_line(workspace, code, level, base, old, new, marker)


def test_the_rules_quote_bilag_4(workspace):
    """Every sentence an INNO- message gives in quotes is in seed 001 (line breaks and spaces aside)."""
    if SEED_001 is None:
        pytest.skip("../shared/seeds findes ikke i denne klon")
    seed = " ".join(SEED_001.read_text(encoding="utf-8").split())
    quotes = set()
    for code, _, base, old, new, _ in CASES:
        if code.startswith("INNO-"):
            messages = [f.message for f in findings_for(workspace, base.replace(old, new, 1)) if f.code == code]
            quotes |= {q for m in messages for q in re.findall(r'"(.+?)"', m)}
    assert len(quotes) >= 6, quotes
    for quote in quotes:
        assert " ".join(quote.split()).rstrip(".") in seed, quote


def test_the_record_is_the_whole_type():
    """The registry finds the type by name, and its template folder has only the form (no workbooks)."""
    assert case_type("innovationsforslag") is INNOVATIONSFORSLAG
    assert INNOVATIONSFORSLAG.workbooks is None
    manifest = YAML(typ="safe").load(REPO / "templates" / "innovationsforslag" / "manifest.yaml")
    assert [p["template"] for p in manifest["parts"]] == ["forslag.docx"] and "workbooks" not in manifest


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _numbers(line: str) -> list[str]:
    return re.findall(r"-?\d[\d.]*", line)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The shipped data with a package that holds the innovationsforslag beside a proposal and a loan."""
    root = tmp_path_factory.mktemp("innovation")
    shutil.copytree(REPO / "data", root / "data")
    (root / "data" / "pakker" / "blandet.yaml").write_text(
        "titel: Blandet pakke\nudvalg: Økonomiudvalget\nmødedato: 2024-05-07\n"
        "sager: [mobilhaandtering, visitation-foranalyse, botilbud-sundholm]\n", encoding="utf-8")
    (root / "data" / "sager" / "hoert-afproevning.yaml").write_text(HEARD, encoding="utf-8")
    result = CliRunner().invoke(main, ["--workspace", str(root), "build"])
    assert result.exit_code == 0, result.output
    return root / "build"


@pytest.mark.libreoffice
def test_the_form_shows_the_case_with_its_sums(built):
    case = YAML(typ="safe").load(EXAMPLE)
    text = _pdf_text(built / "visitation-foranalyse" / "forslag.pdf")
    headings = ["INNOVATIONSFORSLAG", "1. Forslagets art", "2. Sammenhæng til et konkret investeringsforslag",
                "3. Anvendelse af midlerne fra innovationspuljen", "Tabel 1. Midler fra innovationspuljen",
                "3.1 Tilbagebetalingsplan", "Tabel 2. Tilbagebetalingsplan", "4. Tentativ businesscase",
                "5. Prioriteringskriterier, forslaget opfylder", "6. Opfølgningsmål"]
    positions = [text.find(h) for h in headings]
    assert -1 not in positions and positions == sorted(positions), list(zip(headings, positions))
    lines = text.splitlines()
    total = {}
    for row in case["midler"]:
        for year, amount in row["beløb"].items():
            total[year] = total.get(year, 0) + amount
    years = range(min(total), max(case["tilbagebetaling"]) + 1)
    i_alt = next(line for line in lines if line.strip().startswith("Midler i alt"))
    assert _numbers(i_alt) == [format_amount(total[y]) for y in years if y in total]
    owed, expected = 0, []
    for year in years:
        owed += total.get(year, 0) + case["tilbagebetaling"].get(year, 0)
        expected.append(format_amount(owed))
    restgæld = next(line for line in lines if line.strip().startswith("Restgæld ultimo året"))
    assert _numbers(restgæld) == expected and expected[-1] == "0"
    assert "☒ En foranalyse med formål at modne forvaltningsspecifikke" in text
    assert "☐ En konkret afprøvning af teknologi" in text
    assert "Investeringsforslag til Budget 2026" in text


@pytest.mark.libreoffice
def test_it_joins_a_package_and_every_pdf_is_valid(built):
    package = _pdf_text(built / "pakker" / "blandet.pdf")
    assert "Innovationsforslag · visitation-foranalyse" in package
    assert package.index("mobilhaandtering") < package.index("visitation-foranalyse") < package.index("botilbud-sundholm")
    for pdf in (built / "visitation-foranalyse" / "visitation-foranalyse.pdf", built / "pakker" / "blandet.pdf"):
        assert validator_findings(pdf) == [], pdf


def test_new_writes_a_skeleton_the_checks_accept(workspace):
    path = workspace.path / "data" / "sager" / "ny.yaml"
    result = CliRunner().invoke(main, ["new", "innovationsforslag", str(path)])
    assert result.exit_code == 0, result.output
    found = validate([path], Workspace(workspace.path)).findings
    assert [f for f in found if f.level is Level.FEJL] == [], [f.as_text() for f in found]
    assert {f.code for f in found} == {"PLADSHOLDER"}


def _pool_findings(workspace, text: str) -> list:
    return [f for f in findings_for(workspace, text) if f.code == "INNO-PULJE"]


def test_the_pool_is_checked_across_the_workspace(workspace):
    """Seed 001:176-198: the pool's frames hold all innovationsforslag together, not one at a time."""
    seed = " ".join(SEED_001.read_text(encoding="utf-8").split()) if SEED_001 is not None else None
    # forvaltningsspecifikke foranalyser (850 each): three fit in the 3 mio. kr., four do not
    for name in ("a.yaml", "b.yaml"):
        workspace.write(name, LOAN)
    assert not _pool_findings(workspace, LOAN)
    workspace.write("c.yaml", LOAN)
    [finding] = _pool_findings(workspace, LOAN)
    assert finding.level is Level.ADVARSEL and finding.line == LOAN.splitlines().index("midler:") + 1
    assert "3.400" in finding.message and "3.000" in finding.message
    assert all(f"data/sager/{n}" in finding.message for n in ("a.yaml", "b.yaml", "c.yaml"))
    if seed is not None:
        for quote in re.findall(r'"(.+?)"', finding.message):
            assert " ".join(quote.split()).rstrip(".") in seed, quote
    # the same four in a process of their own: the frame is the pool's, so the advarsel stays
    assert _pool_findings(workspace, LOAN.replace("sag: Budget 2025", "sag: Budget 2031"))
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        (workspace.path / "data" / "sager" / name).unlink()


def test_a_process_gives_out_its_part_of_the_pool(workspace):
    workspace.write("a.yaml", TRIAL)
    workspace.write("b.yaml", TRIAL)
    [finding] = _pool_findings(workspace, TRIAL)  # 3 × 1.800 = 5.400 of Budget 2025's 5.000
    assert "5.400" in finding.message and "Budget 2025" in finding.message
    workspace.write("b.yaml", TRIAL.replace("{2025: 900, 2026: 600}", "{2025: 900, 2026: 200}"))
    assert not _pool_findings(workspace, TRIAL)  # 1.800 + 1.400 + 1.800 = 5.000 just fits
    # in a process without a part of its own only the whole pool of 15 mio. kr. counts
    other = TRIAL.replace("sag: Budget 2025", "sag: Budget 2031")
    workspace.write("a.yaml", other)
    workspace.write("b.yaml", other)
    assert not _pool_findings(workspace, other)
    for index in range(5):
        workspace.write(f"x{index}.yaml", other)
    assert not _pool_findings(workspace, other)  # 8 × 1.800 = 14.400
    workspace.write("x5.yaml", other)  # 9 × 1.800 = 16.200
    [finding] = _pool_findings(workspace, other)
    assert "16.200" in finding.message and "15.000" in finding.message


def test_one_forslag_over_a_frame_is_inno_loft_alone(workspace):
    """One mistake, one finding: a single afprøvning of 6 mio. kr. is over its own ceiling (INNO-LOFT);
    that it is also over Budget 2025's part of the pool follows from it."""
    text = TRIAL.replace("{2025: 900, 2026: 600}", "{2025: 3000, 2026: 2700}")
    codes = [f.code for f in findings_for(workspace, text)]
    assert "INNO-LOFT" in codes and "INNO-PULJE" not in codes
