"""One error base: every exception kkdocs raises is a KkdocsError, and the command line prints each in Danish."""

from __future__ import annotations

import errno
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import kkdocs
from kkdocs.batch.validate import validate
from kkdocs.cli import main
from kkdocs.documents.render_docx import render_documents
from kkdocs.documents.render_xlsx import write_workbooks
from kkdocs.documents.template_problem import TemplateProblem
from kkdocs.errors import KkdocsError
from kkdocs.workspace import Workspace

from hardening.cases import INVESTMENT


def kkdocs_exceptions() -> list[type]:
    found = []
    for module in pkgutil.walk_packages(kkdocs.__path__, "kkdocs."):
        if module.name == "kkdocs.__main__":
            continue
        loaded = importlib.import_module(module.name)
        for _, value in inspect.getmembers(loaded, inspect.isclass):
            if value.__module__ == module.name and issubclass(value, BaseException):
                found.append(value)
    return found


def test_every_exception_kkdocs_defines_is_a_kkdocs_error():
    exceptions = kkdocs_exceptions()
    assert len(exceptions) >= 20  # YamlProblem, TemplateProblem, ConverterUnavailable, …
    assert [e.__qualname__ for e in exceptions if not issubclass(e, KkdocsError)] == []


def test_a_case_without_figures_is_the_same_template_problem_for_word_and_excel(workspace):
    workspace.write("sag.yaml", INVESTMENT.replace("sats: 600", "sats: seks"))
    ws = Workspace(workspace.path)
    validation = validate([], ws)
    result = validation.cases[0]
    assert result.figures is None
    messages = []
    for render in (render_documents, write_workbooks):
        with pytest.raises(TemplateProblem) as raised:
            render(result, validation.reference, ws, workspace.path / "ud")
        messages.append(str(raised.value))
    assert messages[0] == messages[1] == "data/sager/sag.yaml kan ikke dannes: sagen har fejl."


def run_failing(monkeypatch, workspace, exc: BaseException):
    def failing(*args, **kwargs):
        raise exc

    monkeypatch.setattr("kkdocs.batch.validate.validate", failing)
    return CliRunner().invoke(main, ["--workspace", str(workspace.path), "validate"])


def test_a_kkdocs_error_is_its_danish_line_and_exit_code(monkeypatch, workspace):
    from kkdocs.batch.build_lock import BuildLocked

    result = run_failing(monkeypatch, workspace, BuildLocked("Et andet kkdocs bygger i build/. Prøv igen, når det er færdigt."))
    assert result.exit_code == 1
    assert result.output == "kkdocs: Et andet kkdocs bygger i build/. Prøv igen, når det er færdigt.\n"


def test_a_yaml_problem_is_printed_as_its_finding(monkeypatch, workspace):
    from kkdocs.source.yaml_source import YamlProblem, load_yaml_text

    with pytest.raises(YamlProblem) as raised:
        load_yaml_text("a: [1\n", "data/reference/pl.yaml")
    result = run_failing(monkeypatch, workspace, raised.value)
    assert result.exit_code == 1 and result.output.startswith("kkdocs: data/reference/pl.yaml:1:4: fejl YAML-SYNTAX: ")


def test_an_os_error_names_the_file_and_the_fault_in_danish(monkeypatch, workspace):
    result = run_failing(monkeypatch, workspace, OSError(errno.ENOSPC, "No space left on device", "build/sag/forslag.pdf"))
    assert result.exit_code == 1
    assert result.output == "kkdocs: build/sag/forslag.pdf: disken er fuld; frigør plads, og prøv igen.\n"


def test_an_internal_error_is_one_danish_line_with_its_details_in_a_file(monkeypatch, workspace):
    result = run_failing(monkeypatch, workspace, RuntimeError("list index out of range"))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kkdocs: intern fejl: ") and "out of range" not in lines[0], lines
    details = Path(re.search(r"Detaljerne står i (\S+\.txt)\.", lines[0]).group(1))
    try:
        text = details.read_text(encoding="utf-8")
        assert "Traceback" in text and "RuntimeError: list index out of range" in text
    finally:
        details.unlink()
