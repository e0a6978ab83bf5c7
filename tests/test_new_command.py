"""`kkdocs new` writes where validate and build read, or says where the file must go."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kkdocs.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_bare_file_name_goes_to_the_kinds_folder(workspace, monkeypatch):
    monkeypatch.chdir(workspace.path)
    result = run("new", "investeringsforslag", "ny-sag.yaml")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Skrev data/sager/ny-sag.yaml."), result.output
    assert not (workspace.path / "ny-sag.yaml").exists()
    validated = run("validate")
    assert "data/sager/ny-sag.yaml" in validated.output and " 0 fejl" in validated.output, validated.output

    result = run("new", "pakke", "ny-pakke.yaml")
    assert result.exit_code == 0, result.output
    assert (workspace.path / "data" / "pakker" / "ny-pakke.yaml").is_file()
    assert "ny-sag" in (workspace.path / "data" / "pakker" / "ny-pakke.yaml").read_text(encoding="utf-8")


def test_a_path_validate_and_build_would_not_read_is_refused_with_the_one_to_use(workspace, monkeypatch):
    monkeypatch.chdir(workspace.path)
    (workspace.path / "noter").mkdir()
    for path in ("noter/ny-sag.yaml", "data/ny-sag.yaml", "data/pakker/ny-sag.yaml"):
        result = run("new", "investeringsforslag", path)
        assert result.exit_code == 1, (path, result.output)
        assert "kkdocs new investeringsforslag data/sager/ny-sag.yaml" in result.output, result.output
        assert "Traceback" not in result.output
        assert not (workspace.path / path).exists()
    result = run("new", "pakke", "data/sager/ny-pakke.yaml")
    assert result.exit_code == 1 and "data/pakker/ny-pakke.yaml" in result.output, result.output


def test_a_case_in_a_folder_under_data_sager_is_written_and_read(workspace, monkeypatch):
    monkeypatch.chdir(workspace.path)
    (workspace.path / "data" / "sager" / "2024").mkdir()
    result = run("new", "effektiviseringsforslag", "data/sager/2024/ny-sag.yaml")
    assert result.exit_code == 0, result.output
    assert "data/sager/2024/ny-sag.yaml" in run("validate").output


def test_an_id_another_case_file_has_is_refused(workspace, monkeypatch):
    monkeypatch.chdir(workspace.path)
    assert run("new", "investeringsforslag", "data/sager/ny-sag.yaml").exit_code == 0
    (workspace.path / "data" / "sager" / "2024").mkdir()
    result = run("new", "investeringsforslag", "data/sager/2024/ny-sag.yaml")
    assert result.exit_code == 1 and "data/sager/ny-sag.yaml" in result.output, result.output
    assert not (workspace.path / "data" / "sager" / "2024" / "ny-sag.yaml").exists()


def test_outside_a_workspace_it_says_to_make_one(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KKDOCS_WORKSPACE", raising=False)
    result = run("new", "investeringsforslag", "ny-sag.yaml")
    assert result.exit_code == 1 and "kkdocs init" in result.output, result.output
    assert not (tmp_path / "ny-sag.yaml").exists()
