"""The two proposal types of seed 000: the effektiviseringsforslag and the investeringsforslag.

They share one context builder (`context.proposal_context`), one calculation and the rules of Bilag 4; the
investeringsforslag adds implementation from the investment pool, payback and Tabel C. What the
two forms print differently is each one's `ProposalForm`.
"""

from __future__ import annotations

from functools import partial

from kkdocs.case.case_type import Builder, CaseType
from kkdocs.case_types.proposals.context import (EFFEKTIVISERING_FORM, INVESTERING_FORM, ProposalContext, ProposalForm,
                                                 proposal_context)
from kkdocs.case_types.proposals.figures import ProposalFigures, proposal_figures
from kkdocs.case_types.proposals.model import Effektiviseringsforslag, Investeringsforslag, Proposal
from kkdocs.case_types.proposals.raw_checks import proposal_problems
from kkdocs.case_types.proposals.rules import proposal_checks
from kkdocs.case_types.proposals.skeleton import effektiviseringsforslag_skeleton, investeringsforslag_skeleton
from kkdocs.case_types.proposals.workbooks import ProposalWorkbooks, proposal_workbooks
from kkdocs.checks.reference_data import Reference


def _figures(case: Proposal, reference: Reference) -> ProposalFigures:
    return proposal_figures(case, reference.organisation, reference.price_index)


def _proposal_type(name: str, model: type[Proposal], form: ProposalForm, skeleton) -> CaseType:
    return CaseType(
        name=name,
        label=name.capitalize(),
        schema_title=f"Tværgående {name}",
        model=model,
        raw_checks=proposal_problems,
        calculate=_figures,
        rules=proposal_checks,
        document=Builder(partial(proposal_context, form=form), ProposalContext),
        workbooks=Builder(partial(proposal_workbooks, form=form), ProposalWorkbooks),
        skeleton=skeleton,
    )


EFFEKTIVISERINGSFORSLAG = _proposal_type("effektiviseringsforslag", Effektiviseringsforslag, EFFEKTIVISERING_FORM,
                                         effektiviseringsforslag_skeleton)
INVESTERINGSFORSLAG = _proposal_type("investeringsforslag", Investeringsforslag, INVESTERING_FORM,
                                     investeringsforslag_skeleton)
