"""The lists a field's value is chosen from: the workspace's reference data, and its cases (a package's sager)."""

from __future__ import annotations

from kkdocs.checks.reference_data import Reference
from kkdocs.case.form_layout import FORVALTNINGER, KOMMUNER, KVANTUM, PROCESSER, PULJER, SAGER, UDVALG
from kkdocs.workspace import Workspace


def choices(reference: Reference, workspace: Workspace) -> dict[str, list[tuple[str, str]]]:
    """Each list as (value written to the file, text shown)."""
    organisation = reference.organisation
    found: dict[str, list[tuple[str, str]]] = {}
    if workspace.cases.is_dir():
        found[SAGER] = [(path.stem, path.stem) for path in sorted(workspace.cases.glob("*.yaml"))]
    if organisation is not None:
        found[FORVALTNINGER] = [(code, f"{code} – {f.navn}") for code, f in organisation.forvaltninger.items()]
        found[UDVALG] = [(u.navn, u.navn) for u in organisation.udvalg]
        found[KVANTUM] = [(row, row) for row in organisation.kvantum_rows()]
    if reference.processes is not None:
        found[PROCESSER] = [(name, name) for name in reference.processes.processer]
    if reference.loan_pools is not None:
        found[PULJER] = [(name, name) for name in reference.loan_pools.puljer]
    if reference.municipalities is not None:
        found[KOMMUNER] = [(name, name) for name in reference.municipalities.kkr_hovedstaden]
    return found
