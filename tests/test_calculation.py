"""The calculation engine on whole cases: the seed's figures, worked out by hand."""

from __future__ import annotations

from decimal import Decimal, ROUND_HALF_UP
from pathlib import Path

import pytest

from kkdocs.batch.validate import validate
from kkdocs.case_types.proposals.figures import ProposalFigures
from kkdocs.workspace import Workspace


REPO = Path(__file__).resolve().parent.parent


def _case(workspace_root: Path, name: str):
    result = validate([workspace_root / "data" / "sager" / f"{name}.yaml"], Workspace(workspace_root))
    (case,) = result.cases
    return case


def test_mobile_rows_from_fte_match_the_seed():
    case = _case(REPO, "mobilhaandtering")
    figures: ProposalFigures = case.figures
    lost, new, fixed = figures.varige
    # 19 × 669 × 0,5 = 6.355,5 → -6.356 (half away from zero); 19 × 669 = 12.711
    assert lost.amounts[2025] == -6356 and lost.amounts[2026] == -12711
    # 12 × 660 × 0,5 = 3.960; 12 × 660 = 7.920
    assert new.amounts[2025] == 3960 and new.amounts[2026] == 7920
    assert fixed.amounts[2025] == 500
    # -6.356 + 3.960 + 500 = -1.896 (the seed printed -1.895); -12.711 + 7.920 + 1.000 = -3.791
    assert figures.samlet_varig_ændring == {2025: -1896, 2026: -3791, 2027: -3791, 2028: -3791, 2029: -3791}
    # 1.000 + 900 + 900 + 1.000 = 3.800 in 2024; 700 + 700 + 900 + 1.300 = 3.600; 200 + 200 + 300 = 700
    assert figures.samlede_implementeringsomkostninger == {2024: 3800, 2025: 3600, 2026: 700}
    # 3.800 | 3.600 - 1.896 = 1.704 | 700 - 3.791 = -3.091 | -3.791 …
    assert figures.samlet_økonomisk_påvirkning == {2024: 3800, 2025: 1704, 2026: -3091, 2027: -3791,
                                                   2028: -3791, 2029: -3791}
    # cumulative 3.800, 5.504, 2.413, -1.378 → year 4
    assert figures.tilbagebetalingstid_service == 4
    assert figures.tilbagebetalingstid_totaløkonomi == 4
    # memoposter are shown but never added
    assert figures.memoposter[0].amounts[2029] == -1795


def test_seed_stated_total_is_reported_as_sum_afviger(workspace):
    text = (REPO / "data" / "sager" / "mobilhaandtering.yaml").read_text(encoding="utf-8")
    text = text.replace("samlet_varig_ændring: {2025: -1896,", "samlet_varig_ændring: {2025: -1895,")
    path = workspace.write("mobil.yaml", text)
    result = validate([path], Workspace(workspace.path))
    sums = [f for f in result.findings if f.code == "SUM-AFVIGER"]
    assert len(sums) == 1
    message = sums[0].message
    assert "2025" in message and "-1.895" in message and "-1.896" in message and "forskel 1" in message
    line = [n for n, l in enumerate(text.splitlines(), 1) if "samlet_varig_ændring: {2025: -1895" in l][0]
    assert sums[0].line == line


def test_energy_tabel_a_matches_the_seed():
    case = _case(REPO, "energibesparelser")
    table = case.figures.tabel_a
    by_key = {row.key: row.amounts for row in table.rows}
    # -475 × 1.120 / 76.000 = -7,0; × 11.680 → -73,0; × 47.840 → -299,0; × 640 → -4,0; × 7.200 → -45,0; × 7.520 → -47,0
    assert by_key["Økonomiudvalget"][2025] == -7
    assert by_key["Kultur- og Fritidsudvalget"][2025] == -73
    assert by_key["Børne- og Ungdomsudvalget"][2025] == -299
    assert by_key["Sundheds- og Omsorgsudvalget"][2025] == -4
    assert by_key["Socialudvalget"][2025] == -45
    assert by_key["Teknik- og Miljøudvalget"][2025] == -47
    assert by_key["Beskæftigelses- og Integrationsudvalget"] == {}  # no weight: empty cells
    assert by_key["Økonomiudvalget/Koncern IT"] == {}
    # every table year has a figure in Tabel A: 0 in 2024, before the saving begins (seed 000:774-820)
    assert table.total == {2024: 0} | {year: -475 for year in range(2025, 2030)}
    assert by_key["Økonomiudvalget"][2024] == 0
    assert [row.label for row in table.rows][:5] == ["Økonomiudvalget", "Koncernservice", "Koncern IT",
                                                     "Københavns Ejendomme", "Byggeri København"]


def test_udmoentning_pl_table_is_distributed_again_and_adds_up():
    case = _case(REPO, "energibesparelser")
    converted = case.figures.tabel_a_udmøntning
    assert converted.pl == 2024
    # -475 × 103,4 / 106,2 = -462,48 → -462
    assert converted.total[2025] == -462
    for year, total in converted.total.items():
        assert sum(row.amounts.get(year, 0) for row in converted.rows) == total


def test_mobile_tabel_a_sums_to_the_net_change():
    case = _case(REPO, "mobilhaandtering")
    table = case.figures.tabel_a
    assert len(table.rows) == 11
    for year, total in case.figures.samlet_varig_ændring.items():
        assert sum(row.amounts.get(year, 0) for row in table.rows) == total
    # Socialudvalget: -3.791 × 1.032 / 3.785 = -1.033,6 → -1.034 or -1.033 (largest remainder)
    social = next(r for r in table.rows if r.key == "Socialudvalget")
    assert social.amounts[2026] in (-1033, -1034)


def test_distribution_appendix_29_municipalities():
    case = _case(REPO, "telekol-fordeling")
    figures = case.figures
    assert len(figures.rows) == 29
    assert sum(row.beløb for row in figures.rows) == 525000
    # each share is rounded on its own (Albertslund's 1,447 % prints 1,4, not an apportioned 1,5)
    for row in figures.rows:
        exact = Decimal(row.vægt) * 100 / figures.nøgletotal
        assert row.andel == exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), row.navn
    albertslund = next(row for row in figures.rows if row.navn == "Albertslund")
    assert Decimal("1.44") < Decimal(albertslund.vægt) * 100 / figures.nøgletotal < Decimal("1.45")
    assert str(albertslund.andel) == "1.4"
    københavn = figures.rows[0]
    # 525.000 × 660.692 / 1.912.998 = 181.318,7 → 181.318 or 181.319
    assert københavn.beløb in (181318, 181319)
    assert str(københavn.andel) == "34.5"


@pytest.mark.parametrize("name", ["botilbud-sundholm"])
def test_loan_totals(name):
    figures = _case(REPO, name).figures
    # 14.000 + 9.000 + 6.000 = 29.000; 22.000 + 8.500 + 4.000 = 34.500
    assert figures.lån_i_alt == {2025: 29000, 2026: 34500}
    # places 0+8+0 = 8 in 2025, 24+6+10 = 40 in 2026
    assert figures.pladser_i_alt == {2025: 8, 2026: 40}
    # (24×25 + 14×30 + 10×40) / 48 = (600 + 420 + 400) / 48 = 29,58 → 29,6
    assert str(figures.andel_i_alt) == "29.6"
    assert figures.afsluttet_senest.isoformat() == "2026-12-15"
