"""Structure-level fuzzing: mutate the parsed data of real cases, dump it back with ruamel, validate.

tests/test_cli.py::test_corrupted_cases_never_crash damages the *text* (so most examples die in the
YAML parser). This one keeps the YAML valid and damages the *structure* instead, so every mutation
reaches the typing, reference, calculation and rule checks: keys dropped, values swapped for other
types, unknown keys inserted, year maps given wrong years. Validate must never crash and must give
the same findings twice.
"""

from __future__ import annotations

import copy
import datetime
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from kkdocs.batch.validate import validate
from kkdocs.cli import main
from kkdocs.source.yaml_source import load_yaml_text
from kkdocs.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = {p.stem: load_yaml_text(p.read_text(encoding="utf-8"), p.name).data
            for p in sorted((REPO / "data" / "sager").glob("*.yaml"))}

ODD_VALUES = [None, True, False, 0, -1, 10**30, 0.5, -1e308, float("nan"), "", " ", "æøå \"'", "{{ x }}", "2025",
              [], {}, [1, "a", None], {"x": 1}, {2025: "x"}, datetime.date(1900, 1, 1), datetime.date(2999, 12, 31),
              "ØKF", "Service", "x" * 5000]
WRONG_YEARS = [1999, 2100, -1, 0, "2025", "to tusind", 2025.5, None, True]


def paths_of(node, prefix=()):
    """Every path to a value inside node (keys and list indices)."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths_of(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths_of(value, prefix + (index,))
    return found


def year_maps(node, prefix=()):
    """Paths of dicts whose keys are all ints (year maps such as beløb: {2025: ...})."""
    found = []
    if isinstance(node, dict):
        if node and all(isinstance(k, int) and not isinstance(k, bool) for k in node):
            found.append(prefix)
        for key, value in node.items():
            found += year_maps(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += year_maps(value, prefix + (index,))
    return found


def at(node, path):
    for step in path:
        node = node[step]
    return node


@st.composite
def mutated(draw):
    data = copy.deepcopy(EXAMPLES[draw(st.sampled_from(sorted(EXAMPLES)))])
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in paths_of(data) if p]
        action = draw(st.sampled_from(["drop", "swap", "unknown", "year", "rename"]))
        if action == "year":
            maps = year_maps(data)
            if maps:
                target = at(data, draw(st.sampled_from(maps)))
                old = draw(st.sampled_from(sorted(target)))
                new = draw(st.sampled_from(WRONG_YEARS))
                target[new] = target.pop(old)
            continue
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = at(data, path[:-1]), path[-1]
        if action == "drop":
            del parent[last]
        elif action == "swap":
            parent[last] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
        elif action == "unknown":
            container = parent[last] if isinstance(parent[last], dict) else parent
            if isinstance(container, dict):
                container[draw(st.sampled_from(["titl", "ukendt_nøgle", "Beløb", "år ", "2025", "økonomi"]))] = 1
            else:
                container.append({"ukendt": 1})
        elif action == "rename" and isinstance(parent, dict):
            value = parent.pop(last)
            parent[draw(st.sampled_from([f"{last}x", str(last).upper(), f" {last}", "titel", "type"]))] = value
    return data


def dump(data) -> str:
    yaml = YAML()
    yaml.version = (1, 2)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


# No shrinking: a failing example is printed as drawn, so a found bug costs seconds, not minutes.
@settings(max_examples=80, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=mutated())
def test_structurally_mutated_cases_never_crash_and_validate_is_idempotent(workspace, data):
    path = workspace.path / "data" / "sager" / "fuzz.yaml"
    path.write_text(dump(data), encoding="utf-8")
    first = [f.as_text() for f in validate([path], Workspace(workspace.path)).findings]
    second = [f.as_text() for f in validate([path], Workspace(workspace.path)).findings]
    assert first == second
    for finding in first:
        assert finding.startswith("data/sager/fuzz.yaml:"), finding
    result = CliRunner().invoke(main, ["--workspace", str(workspace.path), "validate", str(path)])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "intern fejl" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def test_mutator_reaches_the_checks(workspace):
    """Guard against a fuzzer that only ever produces YAML errors: typical mutations give typed findings."""
    data = copy.deepcopy(EXAMPLES["mobilhaandtering"])
    del data["titel"]
    data["økonomi"]["år"] = "2024-2029"
    data["ukendt"] = 1
    path = workspace.path / "data" / "sager" / "fuzz.yaml"
    path.write_text(dump(data), encoding="utf-8")
    codes = {f.code for f in validate([path], Workspace(workspace.path)).findings}
    assert {"FELT-MANGLER", "FELT-TYPE", "FELT-UKENDT"} <= codes, codes


@pytest.mark.parametrize("value", ["[]", "{x: 1}", "[investeringsforslag]", "1", "null", "true"])
def test_type_of_wrong_kind_is_a_finding(workspace, value):
    """`type: []` crashed typed_case with TypeError: unhashable type (bug H3)."""
    path = workspace.write("sag.yaml", f"type: {value}\ntitel: x\n")
    findings = validate([path], Workspace(workspace.path)).findings
    assert [(f.code, f.line) for f in findings] == [("FELT-TYPE", 1)], [f.as_text() for f in findings]
