"""The reference data of a workspace (data/reference/), loaded once per validate or build.

organisation.yaml and pl.yaml are the contract's and every workspace has its own. The rules'
reference data (processer.yaml, laanepuljer.yaml, kommuner.yaml) may be absent from a
workspace: then the files that ship with kkdocs are used, as for templates. A file that is
there but broken is a finding, like any other.

`loan_applications` lists the loan applications of the workspace by pool and kommune, so that
a case can be checked against the other files (one application per kommune, seed 002);
`innovation_requests` what each innovationsforslag asks of the innovation pool, so that the
pool's size can be checked across them (seed 001, lines 176-198).
"""

from __future__ import annotations

import re
from pathlib import Path
from dataclasses import dataclass, field

from pydantic import BaseModel

from kkdocs.case.model import LoanPools, Municipalities, Organisation, PriceIndex, Processes
from kkdocs.case.typing_check import typed
from kkdocs.checks.plausibility import thousands_separators, with_separators
from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import YamlProblem, load_yaml
from kkdocs.workspace import SHIPPED_DEFAULTS, SHIPPED_REFERENCE, Workspace

LOAN_TYPE = re.compile(r"^type:\s*laaneansoegning\s*(#.*)?$", re.MULTILINE)
INNOVATION_TYPE = re.compile(r"^type:\s*innovationsforslag\s*(#.*)?$", re.MULTILINE)
POOL_LINE = re.compile(r"^pulje:[ \t]*([A-Za-z0-9_.-]+)[ \t]*(?:#.*)?$", re.MULTILINE)
KOMMUNENUMMER = re.compile(r"\bkommunenummer:[ \t]*[\"']?(\d+)[\"']?[ \t]*[,}\n#]")


@dataclass(frozen=True)
class InnovationRequest:
    """What one innovationsforslag asks of the pool: its file (as shown), process, kind and money."""

    file: str
    sag: str
    art: str
    total: int  # the sum of its midler, in 1.000 kr.


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
    innovation_requests: list[InnovationRequest] = field(default_factory=list)

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
        innovation_requests=innovation_requests(workspace),
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
    """Every loan application under data/sager/, by (pulje, kommunenummer); broken files are left out.

    A file is read by two patterns when each matches once (a top-level `pulje:` and the one
    `kommunenummer:` of `ansøger`), and parsed as YAML only otherwise: ruamel takes about 30 ms
    per file, and every build that checks a case reads all of a workspace's applications.
    """
    found: dict[tuple[str, str], list[str]] = {}
    if not workspace.cases.is_dir():
        return found
    for path in sorted(workspace.cases.rglob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
            if not LOAN_TYPE.search(text):
                continue  # only loan applications are read
            key = _pool_and_kommune(text) or _parsed_pool_and_kommune(path, workspace)
        except (OSError, UnicodeDecodeError, YamlProblem):
            continue  # the file's own check reports it
        if key is not None:
            found.setdefault(key, []).append(workspace.display(path))
    return found


def innovation_requests(workspace: Workspace) -> list[InnovationRequest]:
    """Every innovationsforslag under data/sager/ with what it asks of the pool; broken files are left out.

    Only files whose `type:` line names the type are parsed, so a workspace without innovationsforslag
    pays nothing. Money that is not a whole number is left out: the file's own check reports it.
    """
    found: list[InnovationRequest] = []
    if not workspace.cases.is_dir():
        return found
    for path in sorted(workspace.cases.rglob("*.yaml")):
        try:
            if not INNOVATION_TYPE.search(path.read_text(encoding="utf-8")):
                continue
            data = load_yaml(path, workspace.display(path)).data
        except (OSError, UnicodeDecodeError, YamlProblem):
            continue
        if not isinstance(data, dict) or not isinstance(data.get("midler"), list):
            continue
        amounts = [amount for row in data["midler"] if isinstance(row, dict) and isinstance(row.get("beløb"), dict)
                   for amount in row["beløb"].values() if isinstance(amount, int) and not isinstance(amount, bool)]
        found.append(InnovationRequest(workspace.display(path), str(data.get("sag")), str(data.get("art")),
                                       sum(amounts)))
    return found


def _pool_and_kommune(text: str) -> tuple[str, str] | None:
    pools, numbers = POOL_LINE.findall(text), KOMMUNENUMMER.findall(text)
    if len(pools) != 1 or len(numbers) != 1:
        return None
    return pools[0], str(int(numbers[0]))


def _parsed_pool_and_kommune(path: Path, workspace: Workspace) -> tuple[str, str] | None:
    data = load_yaml(path, workspace.display(path)).data
    if not isinstance(data, dict) or not isinstance(data.get("ansøger"), dict):
        return None
    return str(data.get("pulje")), str(data["ansøger"].get("kommunenummer"))
