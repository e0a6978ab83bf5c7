"""Numbered lists of a rendered Word document: each run of "List Number" paragraphs from 1.

Word numbers every paragraph of the "List Number" style as one list, through the whole
document, so the second list of a text would go on at 4. After rendering, each run of such
paragraphs (paragraphs of that style, one after another in document order) gets a numbering
instance of its own: the style's list definition, restarted at 1. The paragraphs stay real
list paragraphs, so Word shows them as a list and LibreOffice tags them L/LI in the PDF.
"""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

LIST_NUMBER = "ListNumber"  # the style id of Word's "List Number"
P, PPR, PSTYLE, NUMPR, VAL = (qn(name) for name in ("w:p", "w:pPr", "w:pStyle", "w:numPr", "w:val"))


def restart_numbered_lists(document) -> None:
    """Give each run of List Number paragraphs in `document` (python-docx) its own numbering from 1."""
    body = document.element.body
    runs = _runs(body)
    if not runs:
        return
    abstract = _abstract_num_id(document)
    if abstract is None:
        return  # the style has no numbering (a template edited so); nothing to restart
    numbering = document.part.numbering_part.element
    for run in runs:
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        for p in run:
            num_pr = p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = num.numId


def _runs(body) -> list[list]:
    runs: list[list] = []
    previous_in_list = False
    for p in body.iter(P):  # lxml's find: each of python-docx's properties is several calls
        ppr = p.find(PPR)
        style = ppr.find(PSTYLE) if ppr is not None else None
        own_numbering = ppr is not None and ppr.find(NUMPR) is not None
        in_list = style is not None and style.get(VAL) == LIST_NUMBER and not own_numbering
        if in_list:
            if not previous_in_list:
                runs.append([])
            runs[-1].append(p)
        previous_in_list = in_list
    return runs


def _abstract_num_id(document) -> int | None:
    """The list definition the List Number style uses (styles.xml is kept as bytes; read it here)."""
    styles = etree.fromstring(document.part.part_related_by(RT.STYLES).blob)
    found = styles.xpath("w:style[@w:styleId=$id]/w:pPr/w:numPr/w:numId/@w:val", id=LIST_NUMBER,
                         namespaces={"w": qn("w:p")[1:].split("}")[0]})
    if not found:
        return None
    num = document.part.numbering_part.element.num_having_numId(int(found[0]))
    return num.abstractNumId.val
