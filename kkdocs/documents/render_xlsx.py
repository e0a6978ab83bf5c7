"""The Excel side of a case: fill the workbook templates its manifest lists.

`write_workbooks(result, reference, workspace, outdir)` reads `templates/<type>/manifest.yaml`,
builds the workbook context with the case type's builder (workbook_context.py) and fills each listed `.xlsx` template
(xlsx_template.py): `kvantum.xlsx` (Tabel A, and C for an investeringsforslag, also in
udmøntning p/l), `økonomi.xlsx` (Tabel 2), `projekter.xlsx` and `fordeling.xlsx`.

Totals are real formulas whose cached values are the figures calculation.py computed, checked
against the cells before they are written. The fordelingsbilag's shares and amounts are values,
not formulas: they are distributed by the largest remainder method, which no simple cell
formula reproduces (`ROUND(w/total*100;1)` gives 1,4 for Albertslund in the Telehjerter
example where the method gives 1,5, and such a column can sum to 99,9). Its total row is a
formula, so the sheet shows that the shares sum to 100,0 and the amounts to the amount.

Output is reproducible: the workbook's created and modified times are the case's frist, and
the zip entries carry a fixed timestamp, so two runs give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from kkdocs.atomic_write import write_bytes_atomically
from kkdocs.case.model import Organisation, author_name
from kkdocs.checks.document_properties import property_text
from kkdocs.documents.builders import RenderedCase
from kkdocs.documents.document_types import MANIFEST, load_document_type
from kkdocs.documents.rendered_part import RenderedPart
from kkdocs.documents.template_problem import TemplateProblem
from kkdocs.documents.xlsx_cache import finish_xlsx
from kkdocs.documents.xlsx_template import fill_workbook


def write_workbooks(result: RenderedCase, reference, workspace, outdir: Path, first: int = 0) -> list[RenderedPart]:
    """Write the case's workbooks into `outdir` (atomically, reproducibly), numbered on from `first`.

    Takes what render_docx.render_documents takes (a validated CaseResult, the reference data,
    the workspace whose templates are used).
    """
    if result.case is None or result.figures is None:
        raise TemplateProblem(f"{result.file} kan ikke dannes: sagen har fejl.")
    case, figures = result.case, result.figures
    organisation = reference.organisation
    doc_type = load_document_type(workspace.templates(case.type))
    if not doc_type.workbooks:
        return []
    record = result.case_type
    if record is None or record.workbooks is None:
        manifest = doc_type.manifest or doc_type.folder / MANIFEST
        raise TemplateProblem(f"{manifest} nævner regneark, men sagstypen {case.type} har ingen regnearksdata; "
                              "fjern 'workbooks' fra manifestet.")
    context = record.workbooks.build(case, figures)
    written = []
    for workbook in doc_type.workbooks:
        filled = fill_workbook(doc_type.template_path(workbook), context)
        _set_properties(filled.workbook, case, organisation, workbook.output)
        target = Path(outdir) / workbook.output
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(target, finish_xlsx(filled.to_bytes(), filled.cached, _moment(case)), durable=False)
        written.append(RenderedPart(target, workbook.bookmark or workbook.output, workbook.bundle,
                                    first + len(written), "xlsx"))
    return written


def _moment(case) -> dt.datetime:
    return dt.datetime.combine(case.frist, dt.time())


def _set_properties(workbook: Workbook, case, organisation: Organisation | None, filename: str) -> None:
    properties = workbook.properties
    properties.title = property_text(case.titel)
    properties.subject = property_text(f"{case.sag} – {filename}")
    properties.creator = author_name(case, organisation)
    properties.lastModifiedBy = "kkdocs"
    properties.created = _moment(case)
    properties.modified = _moment(case)
    properties.language = "da-DK"
    properties.keywords = None
    properties.description = None
