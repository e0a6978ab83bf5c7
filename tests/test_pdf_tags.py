"""Equal attribute dictionaries of a structure tree become one object, and the tags say what they said."""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name

from kkdocs.pdf.pdf_tags import mend_tags, walk
from pdf_fixtures import tag_attributes as attributes


def layout(pdf: pikepdf.Pdf, **entries) -> Dictionary:
    return pdf.make_indirect(Dictionary(O=Name.Layout, **entries))


def tree_with_attributes() -> pikepdf.Pdf:
    """A Document of six paragraphs: three equal layouts, one other, one array of two, one direct."""
    pdf = pikepdf.new()
    kinds = [
        layout(pdf, Placement=Name.Block, SpaceAfter=0.023),
        layout(pdf, Placement=Name.Block, SpaceAfter=0.023),
        layout(pdf, Placement=Name.Block, SpaceAfter=0.12),
        Array([layout(pdf, Placement=Name.Block, SpaceAfter=0.023), Dictionary(O=Name.Table, Scope=Name.Row)]),
        Dictionary(O=Name.Layout, Placement=Name.Block, SpaceAfter=0.023),
        layout(pdf, Placement=Name.Block, SpaceAfter=0.023),
    ]
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
    paragraphs = [pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, P=document, A=a)) for a in kinds]
    document.K = Array(paragraphs)
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=document))
    document.P = root
    pdf.Root.StructTreeRoot = root
    return pdf


def saved(pdf: pikepdf.Pdf) -> pikepdf.Pdf:
    buffer = io.BytesIO()
    pdf.save(buffer)
    return pikepdf.open(io.BytesIO(buffer.getvalue()))


def test_equal_indirect_dictionaries_become_one_and_each_element_keeps_its_values():
    pdf = tree_with_attributes()
    before = attributes(pdf)
    objects_before = len(saved(pdf).objects)

    assert mend_tags(pdf).shared_attributes == 2  # the second and the sixth paragraph now point at the first's

    after = saved(pdf)
    assert attributes(after) == before
    paragraphs = list(walk(after.Root.StructTreeRoot))[1:]
    assert paragraphs[1].A.objgen == paragraphs[0].A.objgen == paragraphs[5].A.objgen
    assert paragraphs[2].A.objgen != paragraphs[0].A.objgen  # another value stays its own
    assert isinstance(paragraphs[3].A, Array) and paragraphs[3].A.objgen == (0, 0)  # an array is left alone
    assert not paragraphs[4].A.is_indirect  # and so is a direct dictionary
    assert len(after.objects) == objects_before - 2


def test_a_pdf_without_tags_shares_nothing():
    assert mend_tags(pikepdf.new()).shared_attributes == 0
