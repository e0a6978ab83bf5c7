"""Everything a user reads on the command line is Danish: help, usage errors and YAML syntax errors.

Each text is searched for English words that have no place in a Danish sentence (ENGLISH). Option
names (`--help`), metavariables the user types as they are (`text|json`) and quoted input are
removed first, so only kkdocs' and click's own sentences are judged.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kkdocs.cli import main

# Words of click's and ruamel's English texts; none of them is a Danish word.
ENGLISH = {"usage", "options", "show", "this", "message", "error", "try", "missing", "invalid", "argument",
           "such", "option", "does", "not", "exist", "found", "mapping", "expected", "while", "scanning", "token",
           "allowed", "cannot", "the", "value", "values", "with", "and", "command", "commands", "choose", "from",
           "directory", "path", "file", "integer", "range", "text", "got", "unexpected", "extra", "requires", "did",
           "you", "mean", "here", "could", "find", "block", "but", "start", "character", "any", "stream",
           "scalar", "document", "another", "escape", "unknown", "alphabetic", "numeric", "default", "is", "of"}

COMMANDS = [[], ["init"], ["validate"], ["new"], ["schema"], ["build"], ["status"], ["tags"], ["templates"],
            ["templates", "check"]]

YAML_ERRORS = {
    "tab": "titel: x\n\tsag: y\n",
    "tab between key and value": "titel:\tx\n",
    "colon in a value": "titel: Spor 1: Projekt\n",
    "missing colon": "titel: x\nsag\nfrist: 2024-01-01\n",
    "less indented": "økonomi:\n  pl: 2025\n år: [2024]\n",
    "more indented": "økonomi:\n  pl: 2025\n    år: [2024]\n",
    "list indented wrong": "bilag:\n  - titel: a\n   - titel: b\n",
    "unclosed double quote": 'titel: "abc\nsag: x\n',
    "unclosed single quote": "titel: 'abc\nsag: x\n",
    "unclosed list": "år: [2024, 2025\nsag: x\n",
    "unclosed map": "beløb: {2024: 1, 2025: 2\nsag: x\n",
    "bad escape": 'titel: "a\\q"\n',
    "@ first": "titel: @kk\n",
    "backtick first": "titel: `x`\n",
    "% first": "titel: %x\n",
    "two documents": "titel: a\n---\ntitel: b\n",
    "list after a mapping": "titel: a\n- b\n",
    "text after |": "titel: | x\n  abc\n",
    "text after a closing quote": 'titel: "a" b\n',
    "block text indented less": "beskrivelse: |\n  a\n b\n",
    "directive": "%YAML 1.1\n%YAML 1.2\n---\na: 1\n",
    "& first": "titel: &\n",
    "* first": "titel: *\n",
    "tag": "titel: !x y\n",
    "anchor": "titel: &a x\nsag: *a\n",
    "merge key": "a: {b: 1}\nc:\n  <<: {b: 2}\n",
    "impossible date": "type: fordelingsbilag\nfrist: 2024-02-30\n",
    "utf-16": None,
    "windows-1252": None,
}


def english_words(text: str) -> set[str]:
    text = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"", " ", text)  # quoted input and names
    text = re.sub(r"(?<!\w)--?[\w-]+", " ", text)  # option names
    text = re.sub(r"\[[\w|]+\]|\{[\w|]+\}|\[standard: [^\]]*\]", " ", text)  # values the user types: [text|json]
    text = re.sub(r"(\S+/)+\S*|\S+\.(yaml|pdf|json|md|docx|xlsx)\b", " ", text)  # paths and file names
    return {word for word in re.findall(r"[A-Za-zæøåÆØÅ]+", text) if word.lower() in ENGLISH}


def run(args: list[str], workspace=None):
    prefix = ["--workspace", str(workspace)] if workspace else []
    return CliRunner().invoke(main, [*prefix, *args])


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "kkdocs")
def test_help_and_a_wrong_option_are_danish(command):
    helped = run([*command, "--help"])
    assert helped.exit_code == 0, helped.output
    assert "Brug: kkdocs" in helped.output and "Tilvalg:" in helped.output
    assert english_words(helped.output) == set(), helped.output
    wrong = run([*command, "--forkert"])
    assert wrong.exit_code == 2
    assert "Tilvalget '--forkert' findes ikke" in wrong.output, wrong.output
    assert english_words(wrong.output) == set(), wrong.output


@pytest.mark.parametrize("args", [["validate", "findes-ikke.yaml"], ["new", "sag", "x.yaml"], ["build", "-j", "0"],
                                  ["build", "-j", "mange"], ["status", "a", "b"], ["schema"], ["nyt"], ["tags"]],
                         ids=" ".join)
def test_usage_errors_are_danish(args, workspace):
    result = run(args, workspace.path)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Brug: kkdocs") and "Fejl: " in result.output, result.output
    assert english_words(result.output) == set(), result.output


@pytest.mark.parametrize("kind", YAML_ERRORS, ids=str)
def test_every_kind_of_yaml_syntax_error_is_danish(kind, workspace):
    path = workspace.path / "data" / "sager" / "sag.yaml"
    if kind == "utf-16":
        path.write_bytes("type: fordelingsbilag\ntitel: Ældre\n".encode("utf-16"))
    elif kind == "windows-1252":
        path.write_bytes("type: fordelingsbilag\ntitel: Ældre\n".encode("cp1252"))
    else:
        path.write_text(YAML_ERRORS[kind], encoding="utf-8")
    result = run(["validate", str(path)], workspace.path)
    found = [line for line in result.output.splitlines()
             if re.match(r"data/sager/sag\.yaml:\d+:\d+: fejl (YAML-SYNTAX|FELT-TYPE): ", line)]
    assert result.exit_code == 1 and found, result.output
    first = found[0]
    assert english_words(first) == set(), first


def test_the_fixes_a_user_needs():
    from kkdocs.source.yaml_source import YamlProblem, load_yaml_text

    def message(text: str) -> str:
        with pytest.raises(YamlProblem) as raised:
            load_yaml_text(text, "x.yaml")
        return raised.value.finding.message

    assert "brug mellemrum" in message(YAML_ERRORS["tab"])
    assert 'titel: "Spor 1: Projekt"' in message(YAML_ERRORS["colon in a value"])
    assert "lukkes aldrig" in message(YAML_ERRORS["unclosed double quote"])


def test_the_word_list_catches_english():
    assert english_words("Error: No such option: --x") == {"Error", "such", "option"}
    assert english_words("Fejl: Tilvalget '--x' findes ikke.") == set()


def test_a_progress_bar_left_open_by_a_stopped_build_is_ended_before_the_error():
    from kkdocs.batch.build import Progress
    from kkdocs.cli import ProgressDisplay

    import click

    @click.command()
    def stopped() -> None:
        display = ProgressDisplay(terminal=True)
        display.update(Progress("pdf", 3, 9, "forslag.docx"))
        display.finish()
        click.echo("Fejl: LibreOffice mangler", err=True)
        display.finish()  # a second call adds nothing

    errors = CliRunner().invoke(stopped).stderr
    bar, error, rest = errors.split("\n")
    assert "3/9 forslag.docx" in bar and error == "Fejl: LibreOffice mangler" and rest == "", repr(errors)
