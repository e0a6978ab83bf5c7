"""A proposal's figures: the economy table's totals, Tabel A and C by the distribution key, payback,
and the totals of its bilag tables. Pure: Decimal and integer arithmetic, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kkdocs.case.model import Organisation, PriceIndex
from kkdocs.case_types.proposals.model import Proposal, Tabel, VarigÆndring
from kkdocs.figures.calculation import KvantumRow, KvantumTable, Row, Years, column_sum, index_of
from kkdocs.figures.distribution import distribute_years
from kkdocs.figures.payback import payback_year, payback_years
from kkdocs.figures.price_level import convert_amount, convert_table
from kkdocs.figures.rounding import round_half_away


@dataclass(frozen=True)
class ProposalFigures:
    years: tuple[int, ...]
    pl: int
    varige: tuple[Row, ...]
    memoposter: tuple[Row, ...]
    implementering: tuple[Row, ...]
    samlet_varig_ændring: Years
    samlede_implementeringsomkostninger: Years
    samlet_økonomisk_påvirkning: Years
    tilbagebetalingstid_service: int | None
    tilbagebetalingstid_totaløkonomi: int | None
    tilbagebetalt_totaløkonomi: int | None  # the calendar year of that payback
    tabel_a: KvantumTable  # Tabel A (net)
    tabel_a_udmøntning: KvantumTable | None  # the same in udmøntning_pl, when given
    tabel_c: KvantumTable  # Tabel C (gross; an investeringsforslag prints it): its own, or Tabel A
    tabel_c_udmøntning: KvantumTable | None


def row_amounts(row: VarigÆndring, years: list[int]) -> Years:
    """A row's amounts: given as beløb, or årsværk × sats × indfasning rounded to whole 1.000 kr."""
    if row.beløb is not None:
        return dict(sorted(row.beløb.items()))
    assert row.årsværk is not None and row.sats is not None
    phase_in = row.indfasning if row.indfasning is not None else {year: Decimal(1) for year in years}
    return {year: round_half_away(row.årsværk * row.sats * factor) for year, factor in sorted(phase_in.items())}


def proposal_figures(case: Proposal, organisation: Organisation, price_index: PriceIndex) -> ProposalFigures:
    years = case.økonomi.years
    varige = tuple(Row(r.tekst, r.styringsområde, row_amounts(r, years)) for r in case.økonomi.varige_ændringer)
    memo = tuple(Row(m.tekst, None, dict(sorted(m.beløb.items()))) for m in case.økonomi.memoposter)
    impl = tuple(Row(i.tekst, i.styringsområde, dict(sorted(i.beløb.items()))) for i in case.økonomi.implementering)
    samlet_varig = column_sum(varige)
    samlet_impl = column_sum(impl)
    samlet = column_sum(varige + impl)
    service_varig = column_sum([r for r in varige if r.styringsområde == "Service"])
    service_impl = column_sum([r for r in impl if r.styringsområde == "Service"])
    tabel_a = every_table_year(kvantum_table(case.fordeling, organisation, samlet_varig, case.økonomi.pl), years)
    own_c = tabel_c_distribution(case)
    tabel_c = tabel_a if own_c is None else every_table_year(
        kvantum_table(own_c, organisation, tabel_c_total(case, samlet_varig), case.økonomi.pl), years)
    udmøntning = udmøntning_c = None
    if case.økonomi.udmøntning_pl is not None:
        udmøntning = every_table_year(
            converted_kvantum_table(case.fordeling, tabel_a, price_index, case.økonomi.udmøntning_pl), years)
        udmøntning_c = udmøntning if own_c is None else every_table_year(
            converted_kvantum_table(own_c, tabel_c, price_index, case.økonomi.udmøntning_pl), years)
    return ProposalFigures(
        years=tuple(years),
        pl=case.økonomi.pl,
        varige=varige,
        memoposter=memo,
        implementering=impl,
        samlet_varig_ændring=samlet_varig,
        samlede_implementeringsomkostninger=samlet_impl,
        samlet_økonomisk_påvirkning=samlet,
        tilbagebetalingstid_service=payback_years(service_impl, service_varig, years[-1]),
        tilbagebetalingstid_totaløkonomi=payback_years(samlet_impl, samlet_varig, years[-1]),
        tilbagebetalt_totaløkonomi=payback_year(samlet_impl, samlet_varig, years[-1]),
        tabel_a=tabel_a,
        tabel_a_udmøntning=udmøntning,
        tabel_c=tabel_c,
        tabel_c_udmøntning=udmøntning_c,
    )


def tabel_c_distribution(case: Proposal):
    """Tabel C's own distribution (`fordeling.tabel_c`), or None when Tabel C is Tabel A."""
    return getattr(case.fordeling, "tabel_c", None)


def tabel_c_total(case: Proposal, samlet_varig: Years) -> Years:
    """What Tabel C distributes: its stated `total` (the gross effect), else the net permanent change."""
    own = tabel_c_distribution(case)
    if own is not None and own.total is not None:
        return dict(sorted(own.total.items()))
    return dict(samlet_varig)


def kvantum_table(fordeling, organisation: Organisation, total: Years, pl: int) -> KvantumTable:
    """Tabel A or C: `total` by udvalg and bevilling, by the key of `fordeling` or as it gives them.

    `fordeling` is a case's `fordeling` (Tabel A) or its `fordeling.tabel_c`: either has
    `nøgle` (weights) or `beløb` (amounts per row, whose sum is the table's total).
    """
    keys = organisation.kvantum_rows()
    if fordeling.beløb is not None:
        given = fordeling.beløb
        amounts = [dict(sorted(given.get(key, {}).items())) for key in keys]
        rows = _kvantum_rows(keys, amounts)
        return KvantumTable(pl, rows, column_sum([Row("", None, r.amounts) for r in rows]))
    assert fordeling.nøgle is not None
    weights = [fordeling.nøgle.get(key, Decimal(0)) for key in keys]
    shares = distribute_years(total, weights)
    amounts = [share if weight else {} for share, weight in zip(shares, weights)]
    return KvantumTable(pl, _kvantum_rows(keys, amounts), dict(total))


def every_table_year(table: KvantumTable, years: list[int]) -> KvantumTable:
    """Tabel A and C give a figure in every table year: 0 where a row with a share, or the total,
    has no amount (seed 000:774-820 prints 0 in 2024, before the saving begins). A row without a
    share stays empty. Tabel 1/2 keep the contract's rule (an absent year is an empty cell)."""
    if not table.total and not any(row.amounts for row in table.rows):
        return table

    def filled(amounts: Years) -> Years:
        return {year: amounts.get(year, 0) for year in sorted(set(years) | set(amounts))}

    rows = tuple(KvantumRow(r.key, r.label, r.is_bevilling, filled(r.amounts) if r.amounts else {})
                 for r in table.rows)
    return KvantumTable(table.pl, rows, filled(table.total))


def _kvantum_rows(keys: list[str], amounts: list[Years]) -> tuple[KvantumRow, ...]:
    return tuple(KvantumRow(key, key.split("/", 1)[-1], "/" in key, dict(a)) for key, a in zip(keys, amounts))


def bilag_table_totals(table: Tabel, header: list[object], body: list[list[object]]) -> dict[str, int | Decimal | None]:
    """The "I alt" of each column the table names under `i_alt`, by column name. A cell read from a
    sheet (attachments.SheetNumber) counts by its `value`."""
    names = [_cell_value(h) for h in header]
    totals = {}
    for name in table.i_alt or []:
        if name in names:
            column = names.index(name)
            totals[name] = table_column_total([_cell_value(r[column]) if column < len(r) else None for r in body])
    return totals


def _cell_value(cell: object) -> object:
    return cell.value if hasattr(cell, "number_format") else cell


def table_column_total(values: list[object]) -> int | Decimal | None:
    """The "I alt" of a bilag table's column: the sum of its numbers (a float as the decimal it
    prints); text and empty cells are not added. None when the column holds no number."""
    numbers = [v for v in values if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)]
    if not numbers:
        return None
    if all(isinstance(v, int) for v in numbers):
        return sum(numbers)
    return sum((v if isinstance(v, Decimal) else Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
                for v in numbers), Decimal(0))


def converted_kvantum_table(fordeling, table: KvantumTable, price_index: PriceIndex, pl: int) -> KvantumTable:
    """The table in another price level, distributed again (by `fordeling`'s key) so its totals still add up."""
    index_from = index_of(price_index, table.pl)
    index_to = index_of(price_index, pl)
    total = {year: convert_amount(amount, index_from, index_to) for year, amount in table.total.items()}
    if fordeling.nøgle is not None:
        weights = [fordeling.nøgle.get(row.key, Decimal(0)) for row in table.rows]
        shares = distribute_years(total, weights)
        amounts = [share if weight else {} for share, weight in zip(shares, weights)]
    else:
        amounts = convert_table([row.amounts for row in table.rows], index_from, index_to)
        total = column_sum([Row("", None, a) for a in amounts])
    return KvantumTable(pl, _kvantum_rows([row.key for row in table.rows], amounts), total)
