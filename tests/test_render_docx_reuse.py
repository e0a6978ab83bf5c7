"""What render_docx keeps between documents in one process.

A process reuses the patched and compiled template parts it has seen, looked up by their text;
the styles part is carried over as bytes (and only pruned, by light_docx). None of that may change what a document says, or keep an edited template from being used.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import docx

from kkdocs.documents.render_docx import DocumentMeta, render_docx

META = DocumentMeta(title="Notat", author="Økonomiforvaltningen", subject="Budget", date=datetime.date(2024, 9, 5))


@dataclass
class Context:
    navn: str


def template(path: Path, text: str) -> Path:
    document = docx.Document()
    document.add_paragraph(text)
    document.save(path)
    return path


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_a_template_edited_between_two_documents_is_used_as_edited(tmp_path):
    source = template(tmp_path / "notat.docx", "Hej {{ navn }}")
    render_docx(source, Context("Anna"), tmp_path / "1.docx", META)
    render_docx(source, Context("Bo"), tmp_path / "2.docx", META)  # the same template again, from memory
    template(source, "Farvel {{ navn }}")
    render_docx(source, Context("Anna"), tmp_path / "3.docx", META)

    assert paragraphs(tmp_path / "1.docx") == ["Hej Anna"]
    assert paragraphs(tmp_path / "2.docx") == ["Hej Bo"]
    assert paragraphs(tmp_path / "3.docx") == ["Farvel Anna"]


def test_the_styles_part_is_the_templates_without_the_styles_it_does_not_use(tmp_path):
    source = tmp_path / "notat.docx"
    document = docx.Document()
    document.add_paragraph("Hej {{ navn }}", style="Heading 1")
    document.save(source)
    render_docx(source, Context("Anna"), tmp_path / "out.docx", META)

    rendered = docx.Document(str(tmp_path / "out.docx"))
    template_styles = {s.style_id: s.element for s in docx.Document(str(source)).styles}
    kept = {s.style_id: s.element for s in rendered.styles}
    assert rendered.paragraphs[0].style.name == "Heading 1" and rendered.paragraphs[0].text == "Hej Anna"
    assert "Heading2" in template_styles and "Heading2" not in kept
    for style_id, element in kept.items():  # carried over as they are
        assert element.xml == template_styles[style_id].xml


def test_skipping_docxtpls_listing_pass_changes_no_document(tmp_path, monkeypatch):
    """resolve_listing is skipped for a part with no tab, newline, \\a or \\f: the same bytes as with it."""
    from docxtpl import DocxTemplate

    from kkdocs.documents import render_docx as module

    source = template(tmp_path / "notat.docx", "Hej {{ navn }}")
    texts = ["Anna", "Anna\tBo", "Anna\nBo", "Anna\fBo", "Anna\aBo", ""]
    for number, text in enumerate(texts):
        render_docx(source, Context(text), tmp_path / f"kort-{number}.docx", META)
    monkeypatch.setattr(module._FlexTemplate, "resolve_listing", DocxTemplate.resolve_listing)
    for number, text in enumerate(texts):
        render_docx(source, Context(text), tmp_path / f"fuld-{number}.docx", META)

    for number in range(len(texts)):
        assert (tmp_path / f"kort-{number}.docx").read_bytes() == (tmp_path / f"fuld-{number}.docx").read_bytes()
    assert paragraphs(tmp_path / "kort-1.docx") == ["Hej Anna\tBo"]  # the tab became Word's tab
