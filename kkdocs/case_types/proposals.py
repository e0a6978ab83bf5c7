"""The two proposal types of seed 000: the effektiviseringsforslag and the investeringsforslag.

They share one form (`context.proposal_context`), one calculation and the rules of Bilag 4; the
investeringsforslag adds implementation from the investment pool, payback and Tabel C.
"""

from __future__ import annotations

from kkdocs.case.case_type import Builder, CaseType
from kkdocs.case.model import Effektiviseringsforslag, Investeringsforslag, Proposal
from kkdocs.case.skeletons import effektiviseringsforslag_skeleton, investeringsforslag_skeleton
from kkdocs.checks.reference_data import Reference
from kkdocs.checks.references import proposal_problems
from kkdocs.checks.rules import proposal_checks
from kkdocs.documents.context import ProposalContext, proposal_context
from kkdocs.documents.workbook_context import ProposalWorkbooks, proposal_workbooks
from kkdocs.figures.calculation import ProposalFigures, proposal_figures


def _figures(case: Proposal, reference: Reference) -> ProposalFigures:
    return proposal_figures(case, reference.organisation, reference.price_index)


def _proposal_type(name: str, model: type[Proposal], skeleton) -> CaseType:
    return CaseType(
        name=name,
        label=name.capitalize(),
        schema_title=f"Tværgående {name}",
        model=model,
        raw_checks=proposal_problems,
        calculate=_figures,
        rules=proposal_checks,
        document=Builder(proposal_context, ProposalContext),
        workbooks=Builder(proposal_workbooks, ProposalWorkbooks),
        skeleton=skeleton,
    )


EFFEKTIVISERINGSFORSLAG = _proposal_type("effektiviseringsforslag", Effektiviseringsforslag,
                                         effektiviseringsforslag_skeleton)
INVESTERINGSFORSLAG = _proposal_type("investeringsforslag", Investeringsforslag, investeringsforslag_skeleton)
