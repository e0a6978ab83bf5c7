"""The two proposal types of seed 000: the effektiviseringsforslag and the investeringsforslag.

One package with two records, because the two are one form in two variants: they share the
model base (`Proposal`), the calculation, the raw checks, the rules of Bilag 4, the Word and
Excel contexts, the skeleton and the reader of `kkdocs import`; the investeringsforslag adds
implementation from the investment pool, payback and Tabel C. What the two forms print
differently is each one's `ProposalForm`, and which model it reads is each one's class. Two
packages over a shared third would only move these differences into imports.
"""

from __future__ import annotations

from functools import partial

from kkdocs.case_types.proposals.bilag4_rules import cross_cutting_in_committee
from kkdocs.case_types.proposals.context import (EFFEKTIVISERING_FORM, INVESTERING_FORM, ProposalContext, ProposalForm,
                                                 proposal_context)
from kkdocs.case_types.proposals.figures import ProposalFigures, proposal_figures
from kkdocs.case_types.proposals.form_layout import PROPOSAL_LAYOUT
from kkdocs.case_types.proposals.form_reader import read_proposal, recognises
from kkdocs.case_types.proposals.model import Effektiviseringsforslag, Investeringsforslag, Proposal, appendix_files
from kkdocs.case_types.proposals.overview import proposal_overview
from kkdocs.case_types.proposals.raw_checks import proposal_problems
from kkdocs.case_types.proposals.rules import proposal_checks
from kkdocs.case_types.proposals.skeleton import effektiviseringsforslag_skeleton, investeringsforslag_skeleton
from kkdocs.case_types.proposals.workbooks import ProposalWorkbooks, proposal_workbooks
from kkdocs.case_types.record import CaseType, FormReader
from kkdocs.checks.reference_data import Reference
from kkdocs.documents.builders import DocumentBuilder, WorkbookBuilder


FORM = FormReader(recognises=recognises, read=read_proposal,
                  headings=("EFFEKTIVISERINGSFORSLAG", "INVESTERINGSFORSLAG", "ADMINISTRATIVT BILAG TIL …"))


def _figures(case: Proposal, reference: Reference) -> ProposalFigures:
    return proposal_figures(case, reference.organisation, reference.price_index)


def _proposal_type(name: str, model: type[Proposal], form: ProposalForm, skeleton, payback: bool, **more
                   ) -> CaseType[Proposal, ProposalFigures]:
    return CaseType(
        name=name,
        label=name.capitalize(),
        schema_title=f"Tværgående {name}",
        model=model,
        raw_checks=proposal_problems,
        calculate=_figures,
        rules=proposal_checks,
        document=DocumentBuilder(partial(proposal_context, form=form), ProposalContext),
        workbooks=WorkbookBuilder(partial(proposal_workbooks, form=form), ProposalWorkbooks),
        skeleton=skeleton,
        form_layout=PROPOSAL_LAYOUT,
        form=FORM,
        overview=partial(proposal_overview, payback=payback),
        attachments=appendix_files,
        **more,
    )


EFFEKTIVISERINGSFORSLAG = _proposal_type("effektiviseringsforslag", Effektiviseringsforslag, EFFEKTIVISERING_FORM,
                                         effektiviseringsforslag_skeleton, payback=False)
INVESTERINGSFORSLAG = _proposal_type("investeringsforslag", Investeringsforslag, INVESTERING_FORM,
                                     investeringsforslag_skeleton, payback=True,
                                     package_rules=cross_cutting_in_committee)
