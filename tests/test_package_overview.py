"""The package overview: one stated p/l, never a sum across price levels, payback only where it means something."""

from __future__ import annotations

from pathlib import Path

from test_checks import PACKAGE, findings_for

from kkdocs.batch.validate import validate
from kkdocs.case_types.proposals.figures import ProposalFigures
from kkdocs.figures.package_overview import NO_PAYBACK, package_overview
from kkdocs.figures.price_level import convert_amount
from kkdocs.workspace import Workspace


REPO = Path(__file__).resolve().parent.parent
MOBIL = (REPO / "data" / "sager" / "mobilhaandtering.yaml").read_text(encoding="utf-8")
ENERGI = (REPO / "data" / "sager" / "energibesparelser.yaml").read_text(encoding="utf-8")
# the same proposal made in 2024 p/l, for a process kkdocs does not know the p/l of
MOBIL_2024 = (MOBIL.replace("  pl: 2025\n  udmøntning_pl: 2024\n", "  pl: 2024\n").replace("sag: OFS 2023-2024", "sag: OFS 2022-2023")
              .replace("  oplyst:\n", "  oplyst_fjernet:\n", 1))
MOBIL_2024 = MOBIL_2024[:MOBIL_2024.index("  oplyst_fjernet:\n")] + MOBIL_2024[MOBIL_2024.index("\nfordeling:"):]


def _cases(workspace, **texts: str):
    for name, text in texts.items():
        workspace.write(f"{name}.yaml", text)
    validation = validate([], Workspace(workspace.path))
    by_id = {c.id: c for c in validation.cases}
    return [by_id[name] for name in texts], validation.reference


def test_cases_at_different_price_levels_are_converted_before_they_are_added(workspace):
    cases, reference = _cases(workspace, ny=MOBIL, gammel=MOBIL_2024)
    new, old = (c.figures for c in cases)
    assert isinstance(new, ProposalFigures) and (new.pl, old.pl) == (2025, 2024)
    overview = package_overview(cases, reference.organisation, reference.price_index)
    assert overview.pl == "2025 p/l"  # the latest of the cases
    index = reference.price_index.indeks
    total = overview.tabel_a[-1].values
    for year, amount in new.tabel_a.total.items():
        assert total[year] == amount + convert_amount(old.tabel_a.total[year], index[2024], index[2025])
    assert any(total[year] != new.tabel_a.total[year] + old.tabel_a.total[year] for year in new.tabel_a.total)
    costs = overview.implementering[-1].values
    for year, amount in new.samlede_implementeringsomkostninger.items():
        assert costs[year] == amount + convert_amount(old.samlede_implementeringsomkostninger[year], index[2024], index[2025])
    assert overview.converted and "2024 p/l" in overview.converted[0]


def test_the_package_names_its_own_price_level(workspace):
    cases, reference = _cases(workspace, ny=MOBIL, gammel=MOBIL_2024)
    new, old = (c.figures for c in cases)
    overview = package_overview(cases, reference.organisation, reference.price_index, pl=2024)
    assert overview.pl == "2024 p/l"
    index = reference.price_index.indeks
    total = overview.tabel_a[-1].values
    for year, amount in old.tabel_a.total.items():
        assert total[year] == amount + convert_amount(new.tabel_a.total[year], index[2025], index[2024])


def test_one_price_level_is_not_converted(workspace):
    cases, reference = _cases(workspace, ny=MOBIL, energi=ENERGI)
    overview = package_overview(cases, reference.organisation, reference.price_index)
    assert overview.pl == "2025 p/l" and overview.converted == ()
    total = overview.tabel_a[-1].values
    for year in cases[0].figures.years:
        assert (total[year] or 0) == sum(c.figures.tabel_a.total.get(year, 0) for c in cases)  # no case: empty


def test_payback_only_for_investeringsforslag(workspace):
    cases, reference = _cases(workspace, ny=MOBIL, energi=ENERGI)
    investment, efficiency = package_overview(cases, reference.organisation, reference.price_index).cases
    assert investment.payback_service.endswith("år") and investment.payback_total.endswith("år")
    assert (efficiency.payback_service, efficiency.payback_total) == (NO_PAYBACK, NO_PAYBACK)


def test_package_price_level_must_be_in_pl_yaml(workspace):
    found = findings_for(workspace, PACKAGE + "pl: 2031\n", name="pakke.yaml", folder="pakker")
    assert [(f.code, f.line) for f in found] == [("FELT-TYPE", 5)]
    assert not findings_for(workspace, PACKAGE + "pl: 2024\n", name="pakke2.yaml", folder="pakker")
