"""User-edited templates: a workspace's own templates/ run in the Jinja sandbox.

Each test copies the shipped templates into the workspace, edits word/document.xml inside one .docx
(or the type's manifest.yaml), and runs `kkdocs build --no-pdf`. The case using that template fails
with a Danish message that names the template; the case of another type still builds; no traceback;
nothing escapes the sandbox or the build folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

REPO = Path(__file__).resolve().parents[2]
KKDOCS = Path(sys.executable).parent / "kkdocs"


@pytest.fixture
def own_templates(workspace):
    """The workspace with its own copy of templates/, a fordelingsbilag case and a loan case."""
    shutil.copytree(REPO / "templates", workspace.path / "templates")
    workspace.write("fordeling.yaml", (REPO / "data/sager/telekol-fordeling.yaml").read_text(encoding="utf-8"))
    workspace.write("laan.yaml", (REPO / "data/sager/botilbud-sundholm.yaml").read_text(encoding="utf-8"))
    return workspace


def insert_paragraph(docx: Path, text: str) -> None:
    """Put a paragraph holding `text` first in the document body, as a user typing in Word would."""
    with zipfile.ZipFile(docx) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    xml = entries["word/document.xml"].decode("utf-8")
    paragraph = f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    assert "<w:body>" in xml
    entries["word/document.xml"] = xml.replace("<w:body>", "<w:body>" + paragraph, 1).encode("utf-8")
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries.items():
            target.writestr(name, data)


def build(workspace) -> tuple[int, str]:
    done = subprocess.run([str(KKDOCS), "--workspace", str(workspace.path), "build", "--no-pdf"],
                          capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout + done.stderr


def failure_line(output: str, case: str = "fordeling") -> str:
    lines = [l for l in output.splitlines() if l.startswith(f"Fejlet: data/sager/{case}.yaml")]
    assert lines, output
    return lines[0]


def assert_only_fordeling_failed(workspace, code: int, output: str) -> str:
    assert code == 1, output
    assert "Traceback" not in output and "intern fejl" not in output, output
    assert (workspace.path / "build" / "laan" / "ansøgning.docx").is_file(), output  # the other case still builds
    assert not (workspace.path / "build" / "fordeling").exists()
    return failure_line(output)


ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ self.__init__ }}",
    "{{ ''|attr('__class__') }}",
    "{{ lipsum.__globals__['os'] }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ cycler.__init__.__globals__.os.system('touch {marker}') }}",
    "{{ joiner.__init__.__globals__['__builtins__']['open']('{marker}', 'w') }}",
    "{{ titel.format.__self__.__class__ }}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_reaching_python_internals_is_refused(own_templates, tmp_path, payload):
    marker = tmp_path / "ESCAPED"
    insert_paragraph(own_templates.path / "templates" / "fordelingsbilag" / "bilag.docx",
                     payload.replace("{marker}", str(marker)))
    code, output = build(own_templates)
    line = assert_only_fordeling_failed(own_templates, code, output)
    assert "Skabelonen bilag.docx" in line and "ikke er tilladt" in line, line
    assert "unsafe" not in line and "object" not in line, line  # the sandbox's own English stays out
    assert not marker.exists(), "the template escaped the sandbox"


@pytest.mark.parametrize("payload, tag", [
    ("{% if titel %}x", "if titel"),
    ("{{ titel", "{{ titel"),
    ("{% endif %}", "endif"),
    ("{% for x in %}{% endfor %}", "for x in"),
    ("{{ titel | nofilter }}", "nofilter"),
], ids=["unclosed-if", "unclosed-print", "stray-endif", "bad-for", "unknown-filter"])
def test_broken_tag_names_template_and_tag(own_templates, payload, tag):
    insert_paragraph(own_templates.path / "templates" / "fordelingsbilag" / "bilag.docx", payload)
    code, output = build(own_templates)
    line = assert_only_fordeling_failed(own_templates, code, output)
    assert "Skabelonen bilag.docx" in line, line
    assert tag in line, f"the message does not point at the broken tag {tag!r}: {line}"


def test_unknown_variable_names_template_and_variable(own_templates):
    insert_paragraph(own_templates.path / "templates" / "fordelingsbilag" / "bilag.docx", "{{ titell }}")
    code, output = build(own_templates)
    line = assert_only_fordeling_failed(own_templates, code, output)
    assert "Skabelonen bilag.docx" in line and "'titell'" in line and "ikke findes" in line, line


def test_values_are_printed_not_evaluated(own_templates):
    """Jinja syntax in a *case value* is text (CASE-FORMAT §2), never a second round of templating."""
    text = (own_templates.path / "data/sager/fordeling.yaml").read_text(encoding="utf-8")
    marker_title = "{{ cycler.__init__.__globals__ }} {% if 1 %}<&>%"
    lines = text.splitlines()
    index = next(i for i, l in enumerate(lines) if l.startswith("titel:"))
    lines[index] = f"titel: '{marker_title}'"
    own_templates.write("fordeling.yaml", "\n".join(lines) + "\n")
    code, output = build(own_templates)
    assert code == 0, output
    with zipfile.ZipFile(own_templates.path / "build/fordeling/bilag.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert escape(marker_title) in xml


def test_corrupt_template_file_fails_that_case_only(own_templates):
    (own_templates.path / "templates" / "fordelingsbilag" / "bilag.docx").write_bytes(b"PK\x03\x04 not really")
    code, output = build(own_templates)
    line = assert_only_fordeling_failed(own_templates, code, output)
    assert "bilag.docx" in line, line


@pytest.mark.parametrize("key, value", [
    ("output", "../../../escaped.docx"),
    ("output", "/tmp/kkdocs-escaped-absolute.docx"),
    ("template", "../laaneansoegning/ansøgning.docx"),
    ("template", "/etc/passwd"),
])
def test_manifest_paths_cannot_leave_their_folders(own_templates, key, value):
    """A manifest names plain files in its own folder (bug H5: `output: ../../x` wrote outside build/)."""
    manifest = own_templates.path / "templates" / "fordelingsbilag" / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert f"{key}: bilag.docx" in text
    manifest.write_text(text.replace(f"{key}: bilag.docx", f"{key}: {value}", 1), encoding="utf-8")
    Path("/tmp/kkdocs-escaped-absolute.docx").unlink(missing_ok=True)
    code, output = build(own_templates)
    escaped = [p for p in own_templates.path.rglob("escaped*")] + [p for p in [Path("/tmp/kkdocs-escaped-absolute.docx")]
                                                                     if p.exists()]
    for path in escaped:
        path.unlink()
    assert not escaped, f"the manifest made kkdocs write {escaped}"
    line = assert_only_fordeling_failed(own_templates, code, output)
    assert "manifest.yaml" in line, line
