"""The tagged merge on its own: role maps that disagree, IDs used twice, keys shifted, untagged inputs."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pikepdf
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from kkdocs.assembly.bundle import BundleMeta, BundlePart, register_fonts, write_case_bundle
from kkdocs.assembly.tagged_reportlab import P, Tagger, TaggingCanvas
from kkdocs.pdf.pdf_tags import walk
from pdf_fixtures import make_pdf

META = BundleMeta("Samling", "Økonomiforvaltningen", "Budget 2025", dt.date(2024, 5, 1))


def tagged_pdf(path: Path, texts: list[str], custom_role: str, element_id: str) -> Path:
    """A tagged PDF whose paragraphs are /Para elements, mapped to `custom_role`, the first with ID `element_id`."""
    regular, _ = register_fonts()
    tagger = Tagger()
    buffer = io.BytesIO()
    style = ParagraphStyle("p", fontName=regular, fontSize=12, leading=15)
    SimpleDocTemplate(buffer, invariant=1).build([P(text, style) for text in texts],
                                                 canvasmaker=lambda *a, **k: TaggingCanvas(tagger, *a, **k))
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        tagger.apply(pdf)
        root = pdf.Root.StructTreeRoot
        elements = [e for e in walk(root) if e.S == pikepdf.Name.P]
        for element in elements:
            element.S = pikepdf.Name("/Para")
        root.RoleMap = pikepdf.Dictionary({"/Para": pikepdf.Name(custom_role)})
        elements[0].ID = pikepdf.String(element_id)
        root.IDTree = pdf.make_indirect(pikepdf.Dictionary(Names=[pikepdf.String(element_id), elements[0]]))
        pdf.save(path)
    return path


def test_roles_ids_and_parent_tree_keys_of_two_sources_stay_apart(tmp_path):
    first = tagged_pdf(tmp_path / "a.pdf", ["Første del"], "/P", "afsnit")
    second = tagged_pdf(tmp_path / "b.pdf", ["Anden del"], "/H1", "afsnit")
    target = tmp_path / "samling.pdf"
    info = write_case_bundle([BundlePart("A", first), BundlePart("B", second)], target, META)
    assert info.untagged == ()
    with pikepdf.open(target) as pdf:
        root = pdf.Root.StructTreeRoot
        assert dict(root.RoleMap.items()) == {"/Para": pikepdf.Name.P}
        parts = [e for e in walk(root) if e.S == pikepdf.Name.Part]
        assert [str(p.T) for p in parts] == ["A", "B"]
        kinds = [[str(e.S) for e in walk(part)] for part in parts]
        assert kinds == [["/Para"], ["/H1"]]  # B's /Para meant H1, and still does
        names = list(root.IDTree.Names)
        ids = [bytes(names[i]) for i in range(0, len(names), 2)]
        assert sorted(ids) == sorted({b"afsnit", b"1-afsnit"})
        for i in range(0, len(names), 2):
            assert bytes(names[i + 1].ID) == bytes(names[i])
        keys = [int(page.obj.StructParents) for page in pdf.pages]
        assert keys == [0, 1]
        nums = list(root.ParentTree.Nums)
        for key, page in zip(keys, pdf.pages):
            owner = nums[nums.index(key) + 1][0]
            assert owner.Pg.objgen == page.obj.objgen
        assert root.ParentTreeNextKey == 2


def test_an_untagged_source_is_reported_and_the_bundle_claims_no_pdfua(tmp_path):
    tagged = tagged_pdf(tmp_path / "a.pdf", ["Tagget"], "/P", "x")
    plain = make_pdf(tmp_path / "b.pdf", "Utagget")
    target = tmp_path / "samling.pdf"
    info = write_case_bundle([BundlePart("A", tagged), BundlePart("B", plain)], target, META)
    assert info.untagged == (plain,)
    data = target.read_bytes()
    assert b"pdfuaid:part" not in data
    with pikepdf.open(target) as pdf:
        assert [str(p.T) for p in walk(pdf.Root.StructTreeRoot) if p.S == pikepdf.Name.Part] == ["A", "B"]
