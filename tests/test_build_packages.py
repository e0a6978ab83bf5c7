"""A package across builds: a case that fails and is fixed again, and the overview of a kept case.

Built with --no-pdf: the package's overview workbook is written all the same, and read back with openpyxl.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from kkdocs.batch import validate
from kkdocs.cli import main

REPO = Path(__file__).resolve().parent.parent


def workspace_copy(target: Path) -> Path:
    shutil.copytree(REPO / "data", target / "data")
    return target


def kkdocs(workspace: Path, *args: str):
    return CliRunner().invoke(main, ["--workspace", str(workspace), *args])


def sheets(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]
            for sheet in book}


def package_entry(workspace: Path) -> dict:
    return json.loads((workspace / "build" / "manifest.json").read_text(encoding="utf-8"))["packages"]["ofs-2024"]


def break_case(workspace: Path) -> tuple[Path, bytes]:
    case = workspace / "data" / "sager" / "energibesparelser.yaml"
    good = case.read_bytes()
    case.write_bytes(good.replace(b"status: udkast", b"status: klar"))
    return case, good


def test_a_fixed_case_leaves_its_package_current_again(tmp_path: Path):
    workspace = workspace_copy(tmp_path)
    assert kkdocs(workspace, "build", "--no-pdf").exit_code == 0
    case, good = break_case(workspace)
    assert kkdocs(workspace, "build", "--no-pdf").exit_code == 1
    assert package_entry(workspace)["outdated_since"]

    case.write_bytes(good)  # byte-identical to the good file again
    for _ in range(2):
        result = kkdocs(workspace, "build", "--no-pdf")
        assert result.exit_code == 0, result.output
        assert "forældede sager" not in result.output, result.output
        entry = package_entry(workspace)
        assert entry["outdated_since"] is None and entry["error"] is None, entry
    status = kkdocs(workspace, "status")
    package_line = next(line for line in status.output.splitlines() if "ofs-2024" in line)
    assert package_line.rstrip().endswith("bygget"), status.output


def test_an_outdated_case_shows_its_last_good_figures_in_the_overview(tmp_path: Path):
    workspace = workspace_copy(tmp_path)
    assert kkdocs(workspace, "build", "--no-pdf").exit_code == 0
    overview = workspace / "build" / "pakker" / "ofs-2024-oversigt.xlsx"
    good = sheets(overview)
    break_case(workspace)

    assert kkdocs(workspace, "build", "--no-pdf").exit_code == 1

    kept = sheets(overview)
    assert kept["Tabel A"] == good["Tabel A"]  # years, rows and figures of both cases, as built when good
    assert kept["Implementering"] == good["Implementering"]
    rows = {row[0]: row for row in kept["Sager"][1:]}
    assert rows["energibesparelser"][1] == "Indregning af energibesparelser ved renovering og planlagt vedligehold"
    assert rows["energibesparelser"][4] >= 1  # its fejl now
    assert rows["energibesparelser"][6].startswith("Forældet: fejl siden ")  # and its figures are not current
    assert rows["mobilhaandtering"] == next(r for r in good["Sager"] if r[0] == "mobilhaandtering")
    assert not rows["mobilhaandtering"][6]


def test_a_package_of_unchanged_cases_is_assembled_without_checking_them_again(tmp_path: Path, monkeypatch):
    """The build state holds what the overview needs: an unchanged case is not parsed and checked again."""
    workspace = workspace_copy(tmp_path)
    assert kkdocs(workspace, "build", "--no-pdf").exit_code == 0
    checked: list[str] = []
    check_case = validate.check_case

    def noting_check_case(path, *arguments):
        checked.append(path.stem)
        return check_case(path, *arguments)

    monkeypatch.setattr(validate, "check_case", noting_check_case)
    overview = workspace / "build" / "pakker" / "ofs-2024-oversigt.xlsx"
    good = sheets(overview)
    package = workspace / "data" / "pakker" / "ofs-2024.yaml"
    package.write_text(package.read_text(encoding="utf-8").replace("mødedato: 2024-04-09", "mødedato: 2024-04-10"),
                       encoding="utf-8")
    result = kkdocs(workspace, "build", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert sheets(overview) == good
    statuses = {k: v["status"] for k, v in
                json.loads((workspace / "build" / "manifest.json").read_text(encoding="utf-8"))["cases"].items()}
    assert set(statuses.values()) == {"uændret"} and checked == []


def test_two_case_files_with_one_id_are_a_fejl_at_both_and_neither_is_built(tmp_path: Path):
    workspace = workspace_copy(tmp_path)
    assert kkdocs(workspace, "build", "--no-pdf").exit_code == 0
    folder = workspace / "build" / "telekol-fordeling"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    other = workspace / "data" / "sager" / "2024" / "telekol-fordeling.yaml"
    other.parent.mkdir()
    other.write_text((workspace / "data" / "sager" / "telekol-fordeling.yaml").read_text(encoding="utf-8")
                     .replace("titel: ", "titel: Anden ", 1), encoding="utf-8")

    validated = kkdocs(workspace, "validate")
    assert validated.exit_code == 1
    lines = {line.split(":")[0]: line for line in validated.output.splitlines() if "ID-DUBLET" in line}
    assert set(lines) == {"data/sager/telekol-fordeling.yaml", "data/sager/2024/telekol-fordeling.yaml"}
    assert "data/sager/2024/telekol-fordeling.yaml" in lines["data/sager/telekol-fordeling.yaml"]
    assert "omdøbt" in lines["data/sager/telekol-fordeling.yaml"]

    built = kkdocs(workspace, "build", "--no-pdf", "--force")
    assert built.exit_code == 1
    assert built.output.count("ID-DUBLET") == 2, built.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # the last good outputs, untouched
    assert not (workspace / "build" / "2024").exists()
    assert (workspace / "build" / "mobilhaandtering" / "forslag.docx").is_file()  # the others are built


def test_a_case_named_like_the_packages_folder_is_a_fejl_and_writes_nothing_there(tmp_path: Path):
    workspace = workspace_copy(tmp_path)
    (workspace / "data" / "sager" / "pakker.yaml").write_text(
        (workspace / "data" / "sager" / "telekol-fordeling.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (workspace / "data" / "pakker" / "bilag.yaml").write_text(
        (workspace / "data" / "pakker" / "ofs-2024.yaml").read_text(encoding="utf-8"), encoding="utf-8")

    validated = kkdocs(workspace, "validate")
    assert validated.exit_code == 1
    assert "\ndata/sager/pakker.yaml:1:1: fejl ID-RESERVERET: " in validated.output, validated.output

    built = kkdocs(workspace, "build", "--no-pdf")
    assert built.exit_code == 1 and "ID-RESERVERET" in built.output, built.output
    assert sorted(p.name for p in (workspace / "build" / "pakker").iterdir()) == [
        "bilag-oversigt.xlsx", "ofs-2024-oversigt.xlsx"]
    manifest = json.loads((workspace / "build" / "manifest.json").read_text(encoding="utf-8"))
    paths = [o["path"] for entry in [*manifest["cases"].values(), *manifest["packages"].values()]
             for o in entry["outputs"]]
    assert len(paths) == len(set(paths))
    assert "pakker" not in manifest["cases"]
