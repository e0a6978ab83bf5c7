"""The command line as a user meets it: messages, exit codes, skeletons, schemas, and random damage."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkdocs.case_types import NAMES as CASE_TYPES
from kkdocs.cli import main

REPO = Path(__file__).resolve().parent.parent


def run(*args: str, workspace: Path | None = None):
    prefix = ["--workspace", str(workspace)] if workspace else []
    return CliRunner().invoke(main, [*prefix, *args])


def test_validate_reads_like_a_compiler(workspace):
    path = workspace.write("sag.yaml", (REPO / "data/sager/mobilhaandtering.yaml").read_text(encoding="utf-8")
                           .replace("titel: Administrative", "titl: Administrative"))
    result = run("validate", str(path), workspace=workspace.path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "data/sager/sag.yaml:1:1: fejl FELT-MANGLER: Feltet 'titel' mangler."
    assert lines[1].startswith("data/sager/sag.yaml:2:1: fejl FELT-UKENDT: ") and "mente du 'titel'?" in lines[1]
    assert result.output.splitlines()[-1].startswith("1 fil kontrolleret: 2 fejl")


def test_validate_json_and_strict(workspace):
    (workspace.path / "data" / "sager" / "laan.yaml").write_text(
        (REPO / "data/sager/botilbud-sundholm.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("validate", "--format", "json", workspace=workspace.path)
    assert result.exit_code == 0
    findings = json.loads(result.output)
    assert {f["code"] for f in findings} == {"LÅN-RENOVERING", "LÅN-KOORDINERING"}  # Kløvermarken: renovering, ingen
    assert set(findings[0]) == {"file", "line", "column", "level", "code", "message"}
    assert run("validate", "--strict", workspace=workspace.path).exit_code == 1


def test_usage_error_exits_2(workspace):
    assert run("validate", "--format", "xml", workspace=workspace.path).exit_code == 2


def test_project_examples_validate_clean():
    result = run("validate", workspace=REPO)
    assert result.exit_code == 0, result.output
    assert " 0 fejl" in result.output


def test_shared_examples_validate_without_fejl(shared_examples):
    result = run("validate", workspace=shared_examples)
    assert result.exit_code == 0, result.output


def test_new_skeletons_validate(workspace):
    for case_type in CASE_TYPES:
        path = workspace.path / "data" / "sager" / f"ny-{case_type}.yaml"
        assert run("new", case_type, str(path)).exit_code == 0
        result = run("validate", str(path), workspace=workspace.path)
        assert " 0 fejl" in result.output, result.output
    assert run("new", "investeringsforslag", str(path)).exit_code == 1  # never overwrites


def test_five_mistakes_are_reported_at_once(workspace):
    path = workspace.path / "data" / "sager" / "ny.yaml"
    run("new", "investeringsforslag", str(path))
    text = path.read_text(encoding="utf-8")
    text = (text.replace("titel: «Skriv", "titl: «Skriv").replace("status: udkast", "status: kladde")
            .replace("sats: 600", "sats: 600.5.1").replace("fremstillende_forvaltning: ØKF", "fremstillende_forvaltning: ØKO")
            .replace("styringsområde: Service        #", "styringsområde: Servis        #"))
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path), workspace=workspace.path)
    lines = [l for l in result.output.splitlines() if ": fejl " in l]
    assert len(lines) >= 5, result.output
    assert all(l.startswith("data/sager/ny.yaml:") for l in lines)


def test_schema_is_json_schema():
    for case_type in [*CASE_TYPES, "pakke"]:
        result = run("schema", case_type)
        assert result.exit_code == 0
        schema = json.loads(result.output)
        assert schema["type"] == "object" and schema["additionalProperties"] is False


def test_missing_workspace_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KKDOCS_WORKSPACE", raising=False)
    result = run("validate")
    assert result.exit_code == 1 and "arbejdsområde" in result.output and "Traceback" not in result.output


EXAMPLES = [p.read_text(encoding="utf-8") for p in sorted((REPO / "data" / "sager").glob("*.yaml"))]


@st.composite
def corrupted(draw):
    text = draw(st.sampled_from(EXAMPLES))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["delete", "insert", "duplicate-line", "swap-digit"]))
        if action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 40)):]
        elif action == "insert":
            text = text[:position] + draw(st.sampled_from(
                [":", "-", "[", "{", "\n", "  ", "'", '"', "&a", "*a", "!!python/object:x", "0.5", "ø", "\t", "#"]
            )) + text[position:]
        elif action == "duplicate-line":
            lines = text.splitlines(keepends=True)
            index = draw(st.integers(0, len(lines) - 1))
            lines.insert(index, lines[index])
            text = "".join(lines)
        else:
            text = text[:position] + draw(st.sampled_from("0123456789-.")) + text[position + 1:]
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=corrupted())
def test_corrupted_cases_never_crash(workspace, text):
    path = workspace.path / "data" / "sager" / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path), workspace=workspace.path)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "intern fejl" not in result.output, result.output
    again = run("validate", str(path), workspace=workspace.path)
    assert again.output == result.output  # validate is idempotent


def test_distribution_text_in_skeleton_schema_and_messages(workspace):
    for case_type in ("effektiviseringsforslag", "investeringsforslag"):
        path = workspace.path / "data" / "sager" / f"ny-{case_type}.yaml"
        run("new", case_type, str(path))
        text = path.read_text(encoding="utf-8")
        assert "\nfordeling:\n  tekst: |" in text
        schema = json.loads(run("schema", case_type).output)
        fordeling = schema["$defs"][schema["properties"]["fordeling"]["$ref"].rsplit("/", 1)[-1]]["properties"]
        assert {"type": "string"} in fordeling["tekst"]["anyOf"]
        assert ("tabel_c" in fordeling) == (case_type == "investeringsforslag")  # Tabel C is investering's
        path.write_text(text.replace("\nfordeling:\n  tekst: |", "\nfordeling:\n  tekts: |"), encoding="utf-8")
        result = run("validate", str(path), workspace=workspace.path)
        assert "FELT-UKENDT: Ukendt felt 'tekts' i fordeling (mente du 'tekst'?)" in result.output, result.output


def test_new_fields_in_skeletons_and_schemas(workspace):
    fields = {"investeringsforslag": ["omfatter", "grundinvestering", "drift", "tekst_før_tabel_c", "note",
                                      "samlet_note", "tekst_efter_tabel"],
              "effektiviseringsforslag": ["omfatter", "note", "samlet_note", "tekst_efter_tabel"],
              "laaneansoegning": ["indsendt", "dokumentation"]}
    for case_type, names in fields.items():
        path = workspace.path / "data" / "sager" / f"ny-{case_type}.yaml"
        run("new", case_type, str(path))
        text = path.read_text(encoding="utf-8")
        schema = run("schema", case_type).output
        for name in names:
            assert f"{name}:" in text and f'"{name}"' in schema, (case_type, name)
    assert '"pl"' in run("schema", "pakke").output
