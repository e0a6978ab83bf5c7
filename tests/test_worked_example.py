"""docs/eksempel.md as a new user follows it: a new shell, an empty folder, init → new → edit →
validate → build → package, then the package PDF read back. Also: a workspace with templates of
its own for one type uses the shipped ones for the others."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def shell(command: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.libreoffice
def test_the_worked_example_from_an_empty_folder(tmp_path):
    home = tmp_path / "hjem"
    home.mkdir()
    env = {"HOME": str(home), "PATH": f"{home}/.local/bin:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
    linked = shell(f"bash {REPO / 'scripts' / 'link-kkdocs.sh'}", tmp_path, env)
    assert linked.returncode == 0 and "kkdocs --help" in linked.stdout, linked.stdout + linked.stderr
    folder = tmp_path / "budget 2026"  # a space in the path: every hint must still work as printed
    folder.mkdir()

    empty = shell("kkdocs validate", folder, env)
    assert empty.returncode == 1 and "kkdocs init" in empty.stderr, empty.stderr
    init = shell("kkdocs init", folder, env)
    assert init.returncode == 0 and "kkdocs new investeringsforslag data/sager/mit-forslag.yaml" in init.stdout
    new = shell("kkdocs new investeringsforslag data/sager/mobil-2026.yaml", folder, env)
    hint = new.stdout.split("kør: ", 1)[1].strip()
    assert shell(hint, folder, env).returncode == 0  # the hint as printed: only advarsler

    case = folder / "data" / "sager" / "mobil-2026.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("«Skriv forslagets titel her»",
                                                             "Mobiltelefoner på færre hænder"), encoding="utf-8")
    checked = shell("kkdocs validate", folder, env)
    assert checked.returncode == 0 and " 0 fejl" in checked.stdout and "PLADSHOLDER" in checked.stdout
    assert "«Skriv forslagets titel her»" not in checked.stdout

    package = shell("kkdocs new pakke data/pakker/oekonomiudvalget-maj.yaml", folder, env)
    assert package.returncode == 0, package.stderr
    assert "sager: [mobil-2026]" in (folder / "data/pakker/oekonomiudvalget-maj.yaml").read_text(encoding="utf-8")
    built = shell("kkdocs build", folder, env)
    assert built.returncode == 0, built.stdout + built.stderr
    text = subprocess.run(["pdftotext", str(folder / "build/pakker/oekonomiudvalget-maj.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Mobiltelefoner på færre hænder" in text and "Indholdsfortegnelse" in text and "Oversigt" in text
    status = shell("kkdocs status", folder, env)
    assert "mobil-2026" in status.stdout and "bygget" in status.stdout, status.stdout


def test_a_workspace_with_some_templates_of_its_own_uses_the_shipped_ones_for_the_rest(tmp_path):
    import shutil

    from kkdocs.workspace import SHIPPED_TEMPLATES, Workspace

    shutil.copytree(SHIPPED_TEMPLATES / "fordelingsbilag", tmp_path / "templates" / "fordelingsbilag")
    workspace = Workspace(tmp_path)
    folders = {folder.name: folder for folder in workspace.template_folders()}
    assert folders["fordelingsbilag"] == tmp_path / "templates" / "fordelingsbilag"
    assert folders["investeringsforslag"] == SHIPPED_TEMPLATES / "investeringsforslag"
    assert workspace.templates("laaneansoegning") == SHIPPED_TEMPLATES / "laaneansoegning"
