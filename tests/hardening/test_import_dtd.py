"""`kkdocs import` refuses a DTD wherever it stands in a part and however the part is encoded.

The form is a forslag.docx kkdocs built itself; its word/document.xml gets a DTD after a long
comment, or is written again as UTF-16 with a DTD or a parameter entity. Each is refused with
one Danish line; the same part as UTF-16 without a DTD is read as before.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KKDOCS = Path(sys.executable).parent / "kkdocs"
DTD = '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
EXTERNAL = '<!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/form.dtd">'
PARAMETER = """<!DOCTYPE w:document [<!ENTITY % p "<!ENTITY c 'ccc'>"> %p;]>"""


def kkdocs(workspace: Path, *args: str) -> tuple[int, str]:
    done = subprocess.run([str(KKDOCS), "--workspace", str(workspace), *args], capture_output=True, text=True,
                          timeout=300)
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def built_form(tmp_path_factory) -> tuple[Path, Path]:
    workspace = tmp_path_factory.mktemp("ws")
    (workspace / "data" / "sager").mkdir(parents=True)
    (workspace / "data" / "reference").symlink_to(REPO / "data" / "reference")
    (workspace / "data" / "sager" / "mobil.yaml").write_text(
        (REPO / "data" / "sager" / "mobilhaandtering.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    code, output = kkdocs(workspace, "build", "--no-pdf")
    assert code == 0, output
    return workspace, workspace / "build" / "mobil" / "forslag.docx"


def with_document(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                data = change(data.decode("utf-8"))
            copy.writestr(item.filename, data)
    return target


def after_declaration(xml: str, inserted: str) -> str:
    end = xml.index("?>") + 2
    return xml[:end] + inserted + xml[end:]


def as_utf16(xml: str, bom: bool = True) -> bytes:
    xml = xml.replace('encoding="UTF-8"', 'encoding="UTF-16"').replace("encoding='UTF-8'", "encoding='UTF-16'")
    return ("\ufeff" if bom else "").encode("utf-16-le") + xml.encode("utf-16-le")


HOSTILE = {
    "doctype-after-a-long-comment": lambda xml: after_declaration(xml, "<!--" + "x" * 5000 + "-->" + EXTERNAL).encode(),
    "utf16-doctype": lambda xml: as_utf16(after_declaration(xml, DTD)),
    "utf16-parameter-entity": lambda xml: as_utf16(after_declaration(xml, PARAMETER)),
    "utf16-without-bom": lambda xml: as_utf16(after_declaration(xml, DTD), bom=False),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_dtd_is_refused_wherever_and_however_written(built_form, tmp_path, kind):
    workspace, form = built_form
    hostile = with_document(form, tmp_path / "forslag.docx", HOSTILE[kind])
    code, output = kkdocs(workspace, "import", str(hostile), "--check")
    assert code == 1, output
    assert "forslag.docx: delen word/document.xml indeholder en DTD eller entiteter" in output, output
    assert "Traceback" not in output and "intern fejl" not in output, output


def test_a_utf16_part_without_a_dtd_is_read(built_form, tmp_path):
    workspace, form = built_form
    plain = with_document(form, tmp_path / "forslag.docx", as_utf16)
    code, output = kkdocs(workspace, "import", str(plain), "--check")
    assert "DTD" not in output and "ikke gyldig XML" not in output, output
    assert code == kkdocs(workspace, "import", str(form), "--check")[0], output  # as the UTF-8 original
