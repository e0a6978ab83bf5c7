"""The two proposal types of seed 000: the effektiviseringsforslag and the investeringsforslag.

They share one form (`context.proposal_context`), one calculation and the rules of Bilag 4; the
investeringsforslag adds implementation from the investment pool, payback and Tabel C.
"""

from __future__ import annotations

from kkdocs.calculation import ProposalFigures, proposal_figures
from kkdocs.case_type import Builder, CaseType
from kkdocs.context import ProposalContext, proposal_context
from kkdocs.model import Effektiviseringsforslag, Investeringsforslag, Proposal
from kkdocs.reference_data import Reference
from kkdocs.references import proposal_problems
from kkdocs.rules import proposal_checks
from kkdocs.skeletons import effektiviseringsforslag_skeleton, investeringsforslag_skeleton
from kkdocs.workbook_context import ProposalWorkbooks, proposal_workbooks


def _figures(case: Proposal, reference: Reference) -> ProposalFigures:
    return proposal_figures(case, reference.organisation, reference.price_index)


EFFEKTIVISERINGSFORSLAG = CaseType(
    name="effektiviseringsforslag",
    label="Effektiviseringsforslag",
    schema_title="Tværgående effektiviseringsforslag",
    model=Effektiviseringsforslag,
    raw_checks=proposal_problems,
    calculate=_figures,
    rules=proposal_checks,
    document=Builder(proposal_context, ProposalContext),
    workbooks=Builder(proposal_workbooks, ProposalWorkbooks),
    skeleton=effektiviseringsforslag_skeleton,
)

INVESTERINGSFORSLAG = CaseType(
    name="investeringsforslag",
    label="Investeringsforslag",
    schema_title="Tværgående investeringsforslag",
    model=Investeringsforslag,
    raw_checks=proposal_problems,
    calculate=_figures,
    rules=proposal_checks,
    document=Builder(proposal_context, ProposalContext),
    workbooks=Builder(proposal_workbooks, ProposalWorkbooks),
    skeleton=investeringsforslag_skeleton,
)
