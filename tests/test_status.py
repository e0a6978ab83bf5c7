"""`kkdocs status`: cases by deadline, their findings, and built / forældet / mangler against manifest.json."""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfWriter

from kkdocs import __version__
from kkdocs.batch.build import BuildOptions
from kkdocs.batch.build_report import BUILT, CaseOutcome, FAILED, OutputFile, UNCHANGED
from kkdocs.batch.fingerprint import Fingerprints
from kkdocs.batch.status import MISSING, OUTDATED, StatusRow, UP_TO_DATE, case_status, format_status_table
from kkdocs.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2024, 4, 1)
OPTIONS = BuildOptions().fingerprint_options()


@pytest.fixture
def ws(workspace):
    """The project's cases and package in a fresh workspace, and a case with an attached PDF."""
    for folder in ("sager", "pakker"):
        for path in (REPO / "data" / folder).glob("*.yaml"):
            shutil.copy(path, workspace.path / "data" / folder / path.name)
    attachment = workspace.path / "data" / "sager" / "bilag" / "analyse.pdf"
    attachment.parent.mkdir()
    write_pdf(attachment)
    workspace.write("med-bilag.yaml", (REPO / "data/sager/energibesparelser.yaml").read_text(encoding="utf-8")
                    .replace("frist: 2024-05-01", "frist: 2024-04-05")
                    .replace("\nbilag:\n", "\nbilag:\n  - titel: Ekstern analyse\n    fil: bilag/analyse.pdf\n"))
    return Workspace(workspace.path)


def write_pdf(path: Path, pages: int = 1) -> None:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    with path.open("wb") as out:
        writer.write(out)


def built_entry(ws: Workspace, case_id: str, kind: str, inputs: tuple[str, ...] = (), status: str = BUILT,
                options: dict = OPTIONS) -> dict:
    """A manifest entry as `build` writes it, with its output files on disk."""
    build_dir = ws.build
    output = build_dir / case_id / f"{case_id}.pdf"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(b"%PDF-1.4 " + case_id.encode())
    fingerprint = Fingerprints(ws, options).case(ws.cases / f"{case_id}.yaml", kind, [ws.root / p for p in inputs])
    outcome = CaseOutcome(case_id, f"data/sager/{case_id}.yaml", kind, case_id, status, input_hash=fingerprint,
                          inputs=list(inputs),
                          outputs=[OutputFile(f"{case_id}/{case_id}.pdf", "0" * 64, output.stat().st_size)])
    return outcome.as_dict()


def package_entry(ws: Workspace, package_id: str, case_hashes: list[str]) -> dict:
    output = ws.build / "pakker" / f"{package_id}.pdf"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(b"%PDF-1.4 pakke")
    fingerprint = Fingerprints(ws, OPTIONS).package(ws.packages / f"{package_id}.yaml", case_hashes)
    return CaseOutcome(package_id, f"data/pakker/{package_id}.yaml", "pakke", package_id, BUILT,
                       input_hash=fingerprint,
                       outputs=[OutputFile(f"pakker/{package_id}.pdf", "0" * 64, output.stat().st_size)]).as_dict()


def write_manifest(ws: Workspace, cases: dict, packages: dict | None = None, **extra) -> None:
    ws.build.mkdir(exist_ok=True)
    (ws.build / "manifest.json").write_text(json.dumps(
        {"kkdocs": __version__, "cases": cases, "packages": packages or {}, **extra}, ensure_ascii=False),
        encoding="utf-8")


def by_id(rows: list[StatusRow]) -> dict[str, StatusRow]:
    return {row.id: row for row in rows}


def test_nothing_built_yet(ws):
    rows = case_status([], ws, TODAY)
    assert {row.build_state for row in rows} == {MISSING}
    assert [row.id for row in rows] == ["mobilhaandtering", "telekol-fordeling", "med-bilag", "ofs-2024",
                                        "visitation-foranalyse", "energibesparelser", "botilbud-sundholm"]


def test_deadlines_days_status_and_findings(ws):
    rows = by_id(case_status([], ws, TODAY))
    assert rows["mobilhaandtering"].days_left == (datetime.date(2023, 11, 1) - TODAY).days < 0
    assert rows["med-bilag"].days_left == 4
    assert rows["botilbud-sundholm"].days_left == 44
    assert rows["botilbud-sundholm"].case_status == "hørt" and rows["energibesparelser"].case_status == "udkast"
    assert (rows["botilbud-sundholm"].fejl, rows["botilbud-sundholm"].advarsler) == (0, 2)  # LÅN-RENOVERING, LÅN-KOORDINERING
    assert rows["ofs-2024"].kind == "pakke" and rows["ofs-2024"].frist == datetime.date(2024, 4, 9)
    assert rows["mobilhaandtering"].titel == "Administrative lettelser i mobilhåndteringen"


def test_built_outdated_and_missing(ws):
    write_manifest(ws, {
        "mobilhaandtering": built_entry(ws, "mobilhaandtering", "investeringsforslag"),
        "energibesparelser": built_entry(ws, "energibesparelser", "effektiviseringsforslag", status=UNCHANGED),
        "telekol-fordeling": built_entry(ws, "telekol-fordeling", "fordelingsbilag"),
        "botilbud-sundholm": built_entry(ws, "botilbud-sundholm", "laaneansoegning", status=FAILED),
    })
    case = ws.cases / "telekol-fordeling.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "\n# rettet\n", encoding="utf-8")
    (ws.build / "energibesparelser" / "energibesparelser.pdf").write_bytes(b"%PDF-1.4 kortere")
    rows = by_id(case_status([], ws, TODAY))
    assert rows["mobilhaandtering"].build_state == UP_TO_DATE
    assert rows["telekol-fordeling"].build_state == OUTDATED  # the case file changed
    assert rows["energibesparelser"].build_state == OUTDATED  # an output changed size
    assert rows["botilbud-sundholm"].build_state == MISSING  # the last build failed
    assert rows["med-bilag"].build_state == MISSING  # never built


def test_deleted_output_makes_it_outdated(ws):
    write_manifest(ws, {"mobilhaandtering": built_entry(ws, "mobilhaandtering", "investeringsforslag")})
    (ws.build / "mobilhaandtering" / "mobilhaandtering.pdf").unlink()
    assert case_status([ws.cases / "mobilhaandtering.yaml"], ws, TODAY)[0].build_state == OUTDATED


def test_changed_attachment_makes_it_outdated(ws):
    inputs = ("data/sager/bilag/analyse.pdf",)
    write_manifest(ws, {"med-bilag": built_entry(ws, "med-bilag", "effektiviseringsforslag", inputs)})
    only = [ws.cases / "med-bilag.yaml"]
    assert case_status(only, ws, TODAY)[0].build_state == UP_TO_DATE
    write_pdf(ws.data / "sager" / "bilag" / "analyse.pdf", pages=2)
    assert case_status(only, ws, TODAY)[0].build_state == OUTDATED


def test_package_follows_its_cases(ws):
    cases = {case_id: built_entry(ws, case_id, kind) for case_id, kind in
             (("mobilhaandtering", "investeringsforslag"), ("energibesparelser", "effektiviseringsforslag"))}
    hashes = [cases["mobilhaandtering"]["input_hash"], cases["energibesparelser"]["input_hash"]]
    write_manifest(ws, cases, {"ofs-2024": package_entry(ws, "ofs-2024", hashes)})
    package = [ws.packages / "ofs-2024.yaml"]
    assert case_status(package, ws, TODAY)[0].build_state == UP_TO_DATE
    case = ws.cases / "energibesparelser.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("status: udkast", "status: hørt"), encoding="utf-8")
    assert case_status(package, ws, TODAY)[0].build_state == OUTDATED


def test_other_kkdocs_version_or_options_is_outdated(ws):
    entry = built_entry(ws, "mobilhaandtering", "investeringsforslag")
    only = [ws.cases / "mobilhaandtering.yaml"]
    entry["input_hash"] = "0" * 64  # as an older kkdocs would have hashed it
    write_manifest(ws, {"mobilhaandtering": entry})
    assert case_status(only, ws, TODAY)[0].build_state == OUTDATED
    (ws.build / "manifest.json").write_text("{ikke json", encoding="utf-8")
    assert case_status(only, ws, TODAY)[0].build_state == MISSING


def test_hashes_with_the_options_the_manifest_was_built_with(ws):
    no_pdf = BuildOptions(pdf=False).fingerprint_options()
    only = [ws.cases / "mobilhaandtering.yaml"]
    write_manifest(ws, {"mobilhaandtering": built_entry(ws, "mobilhaandtering", "investeringsforslag", options=no_pdf)},
                   options=no_pdf)
    assert case_status(only, ws, TODAY)[0].build_state == UP_TO_DATE
    write_manifest(ws, {"mobilhaandtering": built_entry(ws, "mobilhaandtering", "investeringsforslag", options=no_pdf)})
    assert case_status(only, ws, TODAY)[0].build_state == OUTDATED  # without "options": the defaults


def test_broken_case_and_reference_are_listed(ws, workspace):
    workspace.write("brudt.yaml", "type: effektiviseringsforslag\ntitl: x\n")
    rows = by_id(case_status([], ws, TODAY))
    assert rows["brudt"].fejl >= 2 and rows["brudt"].frist is None and rows["brudt"].build_state == MISSING
    assert list(rows)[-1] == "brudt"  # no deadline: last
    (ws.reference / "pl.yaml").unlink()
    rows = by_id(case_status([], ws, TODAY))
    assert rows["reference"].fejl == 1 and rows["reference"].build_state == ""


def test_status_table_is_aligned(ws):
    write_manifest(ws, {"mobilhaandtering": built_entry(ws, "mobilhaandtering", "investeringsforslag")})
    table = format_status_table(case_status([], ws, TODAY))
    lines = table.splitlines()
    assert lines[0].split() == ["Frist", "Dage", "Sag", "Type", "Status", "Fejl", "Advarsler", "Byggestatus"]
    assert set(lines[1]) == {"-", " "}
    assert len(lines) == 2 + 7
    mobil = next(line for line in lines if "mobilhaandtering" in line)
    assert re.match(r"1\. november 2023 +-152  mobilhaandtering", mobil), mobil  # dates as in every document
    assert "Investeringsforslag" in mobil and mobil.endswith("bygget")
    fejl_end = lines[0].index("Fejl") + len("Fejl") - 1
    assert all(line[fejl_end].isdigit() for line in lines[2:])  # counts are right-aligned under their heading
    assert next(line for line in lines if "ofs-2024" in line)[lines[0].index("Type"):].split()[0] == "Udvalgspakke"


def test_empty_status_table():
    assert format_status_table([]) == "Ingen sager eller pakker fundet."


@pytest.mark.libreoffice
def test_status_after_a_real_build(ws):
    from kkdocs.batch.build import build

    report = build([], ws, BuildOptions(jobs=2), today=TODAY)
    assert not report.failed, [(o.id, o.error, o.findings) for o in report.outcomes if o.status == FAILED]
    rows = case_status([], ws, TODAY)
    assert {row.id: row.build_state for row in rows} == {row.id: UP_TO_DATE for row in rows}
    case = ws.cases / "telekol-fordeling.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert by_id(case_status([], ws, TODAY))["telekol-fordeling"].build_state == OUTDATED


def test_a_case_outcome_comes_back_from_the_manifest_as_it_was_written():
    from dataclasses import fields

    from kkdocs.findings import Finding, Level

    outcome = CaseOutcome(
        "inv-1", "data/sager/inv-1.yaml", "investeringsforslag", "Titel", BUILT, case_status="hørt",
        frist=datetime.date(2024, 5, 15), input_hash="ab", inputs=["data/bilag.pdf"],
        findings=[Finding("data/sager/inv-1.yaml", 3, 5, Level.ADVARSEL, "B4-VARIG", "Besked")],
        outputs=[OutputFile("inv-1/inv-1.pdf", "cd", 12, archival=True), OutputFile("inv-1/a.xlsx", "ef", 3)],
        parts=[{"title": "Forslag", "pdf": "inv-1/forslag.pdf", "children": []}], error="fejl")
    stored = json.loads(json.dumps(outcome.as_dict()))

    assert set(stored) == {f.name for f in fields(CaseOutcome)}
    assert all(set(o) == {f.name for f in fields(OutputFile)} for o in stored["outputs"])
    assert CaseOutcome.from_dict(stored) == outcome


def test_after_an_upgrade_a_failing_case_keeps_its_last_good_outputs_and_status_agrees(ws):
    """A manifest of another kkdocs version: everything is rebuilt, but a case that now fails keeps its outputs."""
    from kkdocs.batch.build import build

    assert not build([], ws, BuildOptions(jobs=2), today=TODAY).failed
    manifest_path = ws.build / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["kkdocs"] = "0.0.1"  # as an older kkdocs wrote it
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    bundle = ws.build / "telekol-fordeling" / "telekol-fordeling.pdf"
    good = bundle.read_bytes()
    case = ws.cases / "telekol-fordeling.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("status: ", "status: klar #", 1), encoding="utf-8")

    report = build([], ws, BuildOptions(jobs=2), today=TODAY)

    outcome = next(o for o in report.outcomes if o.id == "telekol-fordeling")
    assert outcome.status == FAILED and outcome.outdated_since
    assert bundle.read_bytes() == good
    assert by_id(case_status([], ws, TODAY))["telekol-fordeling"].build_state.startswith(f"{OUTDATED} (fejl siden")
