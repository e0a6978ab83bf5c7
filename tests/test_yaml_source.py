"""Loading YAML as untrusted input: positions, syntax, duplicates, and what case files may not hold."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest

from kkdocs.source import yaml_source
from kkdocs.source.yaml_source import YamlProblem, load_yaml, load_yaml_text


def problem(text: str):
    with pytest.raises(YamlProblem) as caught:
        load_yaml_text(text, "x.yaml")
    return caught.value.finding


def test_positions_are_one_based_for_values_keys_and_items():
    source = load_yaml_text("a: 1\nb:\n  - x\n  - {2025: -1}\n", "x.yaml")
    assert source.positions.of(("a",)) == (1, 4)
    assert source.positions.of(("b",), key=True) == (2, 1)
    assert source.positions.of(("b", 0)) == (3, 5)
    assert source.positions.of(("b", 1, 2025)) == (4, 12)
    assert source.positions.of(("b", 7, "missing")) == (2, 1)  # nearest ancestor


def test_yaml_12_scalars():
    data = load_yaml_text("a: no\nb: yes\nc: on\nd: 0123\ne: 2024-05-15\n", "x.yaml").data
    assert data["a"] == "no" and data["b"] == "yes" and data["c"] == "on"
    assert data["d"] == 123  # YAML 1.2: not octal
    assert data["e"].isoformat() == "2024-05-15"


def test_duplicate_key_names_key_and_line():
    finding = problem("a: 1\nb: 2\na: 3\n")
    assert (finding.code, finding.line) == ("YAML-DUPKEY", 3) and "'a'" in finding.message


def test_a_merge_key_is_refused_with_its_position():
    finding = problem("titel: x\n<<: {sag: y}\n")
    assert (finding.code, finding.line, finding.column) == ("YAML-SYNTAX", 2, 1) and "<<" in finding.message


def test_an_impossible_date_is_text_for_the_type_check():
    assert load_yaml_text("titel: x\nfrist: 2024-02-30\n", "x.yaml").data["frist"] == "2024-02-30"


def test_values_are_plain_python_data():
    data = load_yaml_text("a: 2024-05-15T10:00:00\nb: |\n  tekst\n", "x.yaml").data
    assert type(data["a"]) is datetime.datetime and type(data["b"]) is str


def test_syntax_error_has_position():
    finding = problem("a: [1, 2\nb: 3\n")
    assert finding.code == "YAML-SYNTAX" and (finding.line, finding.column) == (1, 4)  # where the [ opens


@pytest.mark.parametrize("text, line", [
    ("a: &x [1]\nb: *x\n", 1),
    ("a: !!python/object/apply:os.system ['echo owned']\n", 1),
    ("a: 1\nb: !!python/name:os.system\n", 2),
    ("a: !custom 1\n", 1),
])
def test_anchors_aliases_and_tags_are_refused(text, line):
    finding = problem(text)
    assert finding.code == "YAML-SYNTAX" and finding.line == line


def test_billion_laughs_is_refused_quickly():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    start = time.monotonic()
    finding = problem("\n".join(lines) + "\n")
    assert finding.code == "YAML-SYNTAX" and time.monotonic() - start < 2


def test_deep_nesting_is_refused_without_recursion_error():
    finding = problem("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert finding.code == "YAML-SYNTAX" and "indlejret" in finding.message


def test_latin1_file_gets_position_and_hint(tmp_path: Path):
    path = tmp_path / "sag.yaml"
    path.write_bytes("titel: ok\nsag: Ældre\n".encode("latin-1"))
    with pytest.raises(YamlProblem) as caught:
        load_yaml(path, "sag.yaml")
    finding = caught.value.finding
    assert (finding.code, finding.line, finding.column) == ("YAML-SYNTAX", 2, 6) and "latin-1" in finding.message


def test_binary_garbage_and_huge_files_are_file_level_errors(tmp_path: Path):
    garbage = tmp_path / "g.yaml"
    garbage.write_bytes(bytes(range(256)) * 4)
    huge = tmp_path / "h.yaml"
    huge.write_bytes(b"a: " + b"x" * 50_000_000 + b"\n")
    for path in (garbage, huge):
        start = time.monotonic()
        with pytest.raises(YamlProblem) as caught:
            load_yaml(path)
        assert caught.value.finding.code == "YAML-SYNTAX"
        assert time.monotonic() - start < 2


# --- libyaml's events and the pure-Python parser -------------------------------------------------

REPO = Path(__file__).resolve().parent.parent


def read_both(path: Path, monkeypatch) -> tuple:
    """The file as libyaml's events give it, and as the pure-Python parser does."""
    fast = load_yaml(path)
    with monkeypatch.context() as patched:
        patched.setattr(yaml_source, "CParser", None)
        pure = load_yaml(path)
    return fast, pure


def test_ruamel_yaml_clib_is_installed_so_case_files_are_read_by_libyaml():
    assert yaml_source.CParser is not None  # a dependency: without it every file takes the slow parser


def test_libyaml_and_the_pure_parser_read_every_example_alike(monkeypatch, request):
    folders = [REPO / "data"]
    if (REPO.parent / "shared" / "spec" / "examples" / "data").is_dir():
        folders.append(request.getfixturevalue("shared_examples") / "data")
    files = [path for folder in folders for path in sorted(folder.rglob("*.yaml"))]
    assert len(files) >= 6
    for path in files:
        fast, pure = read_both(path, monkeypatch)
        assert fast.data == pure.data, path
        assert fast.positions.keys == pure.positions.keys, path
        assert fast.positions.written == pure.positions.written, path
        assert fast.positions.values.keys() == pure.positions.values.keys(), path
        differ = {key for key in fast.positions.values if fast.positions.values[key] != pure.positions.values.get(key)}
        assert all(value_at(fast.data, key) is None for key in differ), (path, differ)  # only empty values


def value_at(data, path):
    for key in path:
        data = data[key]
    return data


def test_an_empty_value_stands_right_after_its_key():
    source = load_yaml_text("a:\n\nb: 1\n", "x.yaml")
    assert source.data == {"a": None, "b": 1}
    assert source.positions.of(("a",)) == (1, 3)


@pytest.mark.parametrize("text", ["titel: x\n  sag: y\n", "titel:\tx\n", "a: [1, 2\n", "a: 1\n---\nb: 2\n",
                                  "%YAML 1.1\n---\na: 010\n", "a: &x 1\nb: *x\n"])
def test_what_libyaml_refuses_or_reads_otherwise_gets_the_pure_parsers_answer(text, monkeypatch):
    def answer():
        try:
            source = load_yaml_text(text, "x.yaml")
        except YamlProblem as problem:
            return problem.finding
        return source.data, source.positions

    fast = answer()
    monkeypatch.setattr(yaml_source, "CParser", None)
    assert fast == answer()
