"""A workspace's templates/<type>/ may hold some of the type's files; each file it lacks comes from kkdocs.

Built through the real command (`kkdocs build --no-pdf`) and read back from the .docx and .xlsx files.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hardening.test_templates_sandbox import insert_paragraph

REPO = Path(__file__).resolve().parent.parent
KKDOCS = Path(sys.executable).parent / "kkdocs"
SHIPPED = REPO / "templates" / "investeringsforslag"


def kkdocs(workspace, *args: str) -> tuple[int, str]:
    done = subprocess.run([str(KKDOCS), "--workspace", str(workspace.path), *args], capture_output=True, text=True,
                          timeout=300)
    return done.returncode, done.stdout + done.stderr


def body(docx: Path) -> str:
    with zipfile.ZipFile(docx) as package:
        return package.read("word/document.xml").decode("utf-8")


@pytest.fixture
def investment(workspace):
    """A workspace with the investeringsforslag of the examples and an empty templates/investeringsforslag/."""
    workspace.write("mobil.yaml", (REPO / "data/sager/mobilhaandtering.yaml").read_text(encoding="utf-8"))
    (workspace.path / "templates" / "investeringsforslag").mkdir(parents=True)
    return workspace


def own(workspace, name: str) -> Path:
    target = workspace.path / "templates" / "investeringsforslag" / name
    shutil.copyfile(SHIPPED / name, target)
    return target


def test_one_own_template_and_the_rest_shipped(investment):
    insert_paragraph(own(investment, "forslag.docx"), "EGEN FORSIDE: {{ titel }}")
    code, output = kkdocs(investment, "build", "--no-pdf")
    assert code == 0, output
    built = investment.path / "build" / "mobil"
    assert "EGEN FORSIDE: " in body(built / "forslag.docx")
    assert "EGEN FORSIDE" not in body(built / "administrativt-bilag.docx")
    assert (built / "kvantum.xlsx").is_file() and (built / "økonomi.xlsx").is_file()

    code, output = kkdocs(investment, "templates", "check")
    assert code == 0, output


def test_templates_check_checks_the_own_file_among_the_shipped(investment):
    insert_paragraph(own(investment, "forslag.docx"), "{{ titell }}")
    code, output = kkdocs(investment, "templates", "check")
    assert code == 1, output
    assert [line for line in output.splitlines() if "'titell'" in line][0].startswith("investeringsforslag/forslag.docx:")
    code, output = kkdocs(investment, "build", "--no-pdf")
    assert code == 1 and "Skabelonen forslag.docx" in output and "'titell'" in output, output


def test_an_own_manifest_with_the_shipped_templates(investment):
    manifest = investment.path / "templates" / "investeringsforslag" / "manifest.yaml"
    text = (SHIPPED / "manifest.yaml").read_text(encoding="utf-8")
    manifest.write_text(text[:text.index("workbooks:")].replace("output: forslag.docx", "output: indstilling.docx"),
                        encoding="utf-8")
    code, output = kkdocs(investment, "build", "--no-pdf")
    assert code == 0, output
    built = investment.path / "build" / "mobil"
    assert (built / "indstilling.docx").is_file() and not (built / "forslag.docx").exists()
    assert not (built / "kvantum.xlsx").exists()  # the own manifest lists no workbooks
    code, output = kkdocs(investment, "templates", "check")
    assert code == 0, output


def test_a_misspelt_own_file_is_reported_not_ignored(investment):
    shutil.copyfile(SHIPPED / "forslag.docx", investment.path / "templates" / "investeringsforslag" / "forslaget.docx")
    code, output = kkdocs(investment, "templates", "check")
    assert code == 1, output
    line = next(line for line in output.splitlines() if "forslaget.docx" in line)
    assert line.startswith("investeringsforslag/forslaget.docx: filen bruges ikke") and "forslag.docx" in line, line


def test_editing_an_own_template_rebuilds(investment):
    template = own(investment, "forslag.docx")
    assert kkdocs(investment, "build", "--no-pdf")[0] == 0
    code, output = kkdocs(investment, "build", "--no-pdf")
    assert code == 0 and "uændret" in output.lower(), output
    insert_paragraph(template, "ÆNDRET: {{ titel }}")
    code, output = kkdocs(investment, "build", "--no-pdf")
    assert code == 0, output
    assert "ÆNDRET: " in body(investment.path / "build" / "mobil" / "forslag.docx")
