"""The reference data of a workspace (data/reference/), loaded once per validate or build.

organisation.yaml and pl.yaml are the contract's and every workspace has its own. The rules'
reference data (processer.yaml, laanepuljer.yaml, kommuner.yaml) may be absent from a
workspace: then the files that ship with kkdocs are used, as for templates. A file that is
there but broken is a finding, like any other.

`loan_applications` lists the loan applications of the workspace by pool and kommune, so that
a case can be checked against the other files (one application per kommune, seed 002).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel

from kkdocs.findings import Finding, Level
from kkdocs.plausibility import thousands_separators, with_separators
from kkdocs.model import LoanPools, Municipalities, Organisation, PriceIndex, Processes
from kkdocs.typing_check import typed
from kkdocs.workspace import SHIPPED_DEFAULTS, SHIPPED_REFERENCE, Workspace
from kkdocs.yaml_source import YamlProblem, load_yaml

LOAN_TYPE = re.compile(r"^type:\s*laaneansoegning\s*(#.*)?$", re.MULTILINE)


@dataclass
class Reference:
    organisation: Organisation | None
    price_index: PriceIndex | None
    findings: list[Finding]
    processes: Processes | None = None
    loan_pools: LoanPools | None = None
    municipalities: Municipalities | None = None
    # (pulje, kommunenummer) -> the case files (as shown) that apply
    loan_applications: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        return self.organisation is not None and self.price_index is not None


def load_reference(workspace: Workspace) -> Reference:
    findings: list[Finding] = []
    return Reference(
        organisation=_load(workspace, "organisation.yaml", Organisation, findings),
        price_index=_load(workspace, "pl.yaml", PriceIndex, findings),
        findings=findings,
        processes=_load(workspace, "processer.yaml", Processes, findings),
        loan_pools=_load(workspace, "laanepuljer.yaml", LoanPools, findings),
        municipalities=_load(workspace, "kommuner.yaml", Municipalities, findings),
        loan_applications=loan_applications(workspace),
    )


def _load(workspace: Workspace, name: str, model: type[BaseModel], findings: list[Finding]):
    path = workspace.reference / name
    if not path.is_file() and name in SHIPPED_DEFAULTS:
        path = SHIPPED_REFERENCE / name
    shown = workspace.display(path)
    if not path.is_file():
        findings.append(Finding(shown, 0, 0, Level.FEJL, "FELT-MANGLER", f"Referencefilen {shown} mangler i arbejdsområdet."))
        return None
    try:
        source = load_yaml(path, shown)
    except YamlProblem as problem:
        findings.append(problem.finding)
        return None
    separators = thousands_separators(source)
    value, problems = typed(source, model)
    findings += with_separators(separators, problems)
    return None if separators else value


def loan_applications(workspace: Workspace) -> dict[tuple[str, str], list[str]]:
    """Every loan application under data/sager/, by (pulje, kommunenummer); broken files are left out."""
    found: dict[tuple[str, str], list[str]] = {}
    if not workspace.cases.is_dir():
        return found
    for path in sorted(workspace.cases.rglob("*.yaml")):
        try:
            if not LOAN_TYPE.search(path.read_text(encoding="utf-8")):
                continue  # only loan applications are parsed
            data = load_yaml(path, workspace.display(path)).data
        except (OSError, UnicodeDecodeError, YamlProblem):
            continue  # the file's own check reports it
        if not isinstance(data, dict) or not isinstance(data.get("ansøger"), dict):
            continue
        key = (str(data.get("pulje")), str(data["ansøger"].get("kommunenummer")))
        found.setdefault(key, []).append(workspace.display(path))
    return found


def applications_of(reference: Reference, pulje: str, kommunenummer: int | str) -> list[str]:
    return reference.loan_applications.get((pulje, str(kommunenummer)), [])

