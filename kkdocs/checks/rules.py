"""The rules of section 9, one entry point per case type (its record's `rules`): Bilag 4
(`bilag4_rules.py`), the loan pool (`loan_pool_rules.py`), plausible numbers
(`plausibility.py`), and here the figures an author states, attachments and the fordelingsbilag.

Each takes the typed case, its computed figures and the CaseInputs, and returns findings.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from kkdocs.case.case_type import CaseInputs
from kkdocs.case.model import Fordelingsbilag, Laaneansoegning, Municipalities, Proposal, Tabel
from kkdocs.case.typing_check import suggestion
from kkdocs.checks.attachments import (AttachmentProblem, active_content_message, active_content_of,
                                       check_attachment, formulas_without_value, is_tagged_pdf, read_sheet,
                                       untagged_message)
from kkdocs.checks.bilag4_rules import proposal_rules
from kkdocs.checks.loan_pool_rules import loan_rules
from kkdocs.checks.plausibility import proposal_plausibility
from kkdocs.danish_format import format_amount, format_decimal
from kkdocs.figures.calculation import (DistributionFigures, LoanFigures, ProposalFigures, bilag_table_totals,
                                        tabel_c_distribution, tabel_c_total)
from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import Source


def proposal_checks(case: Proposal, figures: ProposalFigures, inputs: CaseInputs) -> list[Finding]:
    reference, source = inputs.reference, inputs.source
    assert reference.organisation is not None
    return (proposal_rules(case, figures, source, reference.organisation, reference.processes)
            + proposal_plausibility(case, source)
            + _stated_proposal_figures(case, figures, source)
            + _attachment_findings(case, source, inputs.case_folder, inputs.data_root))


def loan_checks(case: Laaneansoegning, figures: LoanFigures, inputs: CaseInputs) -> list[Finding]:
    return loan_rules(case, figures, inputs.source, inputs.reference)


def _stated_proposal_figures(case: Proposal, figures: ProposalFigures, source: Source) -> list[Finding]:
    found: list[Finding] = []
    oplyst = case.økonomi.oplyst
    if oplyst is not None:
        for name, label in (("samlet_varig_ændring", "Samlet varig ændring"),
                            ("samlede_implementeringsomkostninger", "Samlede implementeringsomkostninger"),
                            ("samlet_økonomisk_påvirkning", "Samlet økonomisk påvirkning")):
            stated = getattr(oplyst, name)
            if stated is not None:
                found += compare_years(source, ("økonomi", "oplyst", name), label, stated, getattr(figures, name))
        if oplyst.tilbagebetalingstid is not None:
            for name, computed in (("service", figures.tilbagebetalingstid_service),
                                   ("totaløkonomi", figures.tilbagebetalingstid_totaløkonomi)):
                stated = getattr(oplyst.tilbagebetalingstid, name)
                if stated is not None and stated != computed:
                    shown = "aldrig" if computed is None else f"{computed} år"
                    found.append(source.finding(("økonomi", "oplyst", "tilbagebetalingstid", name), Level.FEJL,
                                                "SUM-AFVIGER", f"Tilbagebetalingstid ({name}) er oplyst til {stated} år, "
                                                f"men kkdocs beregner {shown}."))
    if case.fordeling.beløb is not None:
        found += compare_years(source, ("fordeling", "beløb"), "Summen af fordeling.beløb",
                                figures.tabel_a.total, figures.samlet_varig_ændring, stated_is_sum=True)
    own_c = tabel_c_distribution(case)
    if own_c is not None and own_c.beløb is not None:
        against = "fordeling.tabel_c.total" if own_c.total is not None else "den samlede varige ændring"
        found += compare_years(source, ("fordeling", "tabel_c", "beløb"),
                                f"Summen af fordeling.tabel_c.beløb (Tabel C; skal give {against})",
                                figures.tabel_c.total, tabel_c_total(case, figures.samlet_varig_ændring),
                                stated_is_sum=True)
    return found


def compare_years(source: Source, path, label: str, stated: dict[int, int], computed: dict[int, int],
                   stated_is_sum: bool = False) -> list[Finding]:
    found = []
    for year in sorted(set(stated) | set(computed)):
        given, right = stated.get(year), computed.get(year)
        if (given or 0) == (right or 0):  # an absent year and an explicit 0 agree
            continue
        difference = (given or 0) - (right or 0)
        where = path if stated_is_sum or year not in stated else path + (year,)
        what = "summerer til" if stated_is_sum else "er oplyst til"
        found.append(source.finding(where, Level.FEJL, "SUM-AFVIGER",
                                    f"{label} for {year} {what} {_shown(given)}, men kkdocs beregner {_shown(right)} "
                                    f"(forskel {format_amount(difference)})."))
    return found


def _shown(value: int | None) -> str:
    return "intet beløb" if value is None else format_amount(value)


def _attachment_findings(case: Proposal, source: Source, case_folder: Path, data_root: Path) -> list[Finding]:
    found = []
    for index, bilag in enumerate(case.bilag):
        checks: list[tuple[tuple, str, str]] = []
        if bilag.fil is not None:
            checks.append((("bilag", index, "fil"), bilag.fil, "pdf"))
        if bilag.tabel is not None and bilag.tabel.fra_excel is not None:
            checks.append((("bilag", index, "tabel", "fra_excel"), bilag.tabel.fra_excel, "xlsx"))
        for path, name, kind in checks:
            sheet = bilag.tabel.ark if kind == "xlsx" and bilag.tabel is not None else None
            try:
                resolved = check_attachment(name, case_folder, data_root, kind, sheet)
            except AttachmentProblem as problem:
                found.append(source.finding(path, Level.FEJL, "BILAG-FIL", str(problem)))
                continue
            if kind == "pdf" and not is_tagged_pdf(resolved):
                found.append(source.finding(path, Level.ADVARSEL, "BILAG-UTAGGET", untagged_message(name)))
            if kind == "pdf" and (kinds := active_content_of(resolved)):
                found.append(source.finding(path, Level.ADVARSEL, "BILAG-AKTIVT", active_content_message(name, kinds)))
            if kind == "xlsx":
                found += _formulas_without_value(source, path, name, resolved, sheet)
        if bilag.tabel is not None:
            found += _bilag_table_totals(source, index, bilag.tabel, case_folder, data_root)
    return found


def _formulas_without_value(source: Source, path, name: str, resolved: Path, sheet: str | None) -> list[Finding]:
    cells = formulas_without_value(resolved, sheet)
    if not cells:
        return []
    return [source.finding(path, Level.ADVARSEL, "BILAG-FORMEL",
                           f"Excel-filen '{name}' har formler uden gemt værdi ({', '.join(cells)}"
                           f"{' m.fl.' if len(cells) >= 5 else ''}); de vises som tomme celler i bilaget. Åbn filen i "
                           "Excel eller LibreOffice, og gem den igen, så værdierne gemmes.")]


def _bilag_table_totals(source: Source, index: int, tabel: Tabel, case_folder: Path, data_root: Path) -> list[Finding]:
    """A bilag table's `i_alt` names its columns; each total under `oplyst_i_alt` is checked (SUM-AFVIGER)."""
    if not tabel.i_alt:
        return []
    path = ("bilag", index, "tabel")
    if tabel.fra_excel is not None:
        try:
            resolved = check_attachment(tabel.fra_excel, case_folder, data_root, "xlsx", tabel.ark)
        except AttachmentProblem:
            return []  # BILAG-FIL says why
        rows = read_sheet(resolved, tabel.ark)
        header, body = (list(rows[0]), [list(r) for r in rows[1:]]) if rows else ([], [])
        known = [str(h) for h in header if h is not None]
        unknown = [n for n in tabel.i_alt if n not in known]
        if unknown:
            return [source.finding(path + ("i_alt",), Level.FEJL, "FELT-TYPE",
                                   f"i_alt nævner {', '.join(repr(n) for n in unknown)}, men arket i "
                                   f"'{tabel.fra_excel}' har kolonnerne {', '.join(known)}"
                                   f"{suggestion(unknown[0], known)}.")]
    else:
        header, body = list(tabel.kolonner or []), [list(r) for r in (tabel.rækker or [])]
    totals = bilag_table_totals(tabel, header, body)
    found = []
    for name, stated in (tabel.oplyst_i_alt or {}).items():
        computed = totals.get(name)
        if computed is None or Decimal(stated) != Decimal(computed):
            shown = "ingen tal" if computed is None else format_decimal(Decimal(computed))
            found.append(source.finding(path + ("oplyst_i_alt", name), Level.FEJL, "SUM-AFVIGER",
                                        f"I alt for kolonnen '{name}' er oplyst til {format_decimal(stated)}, men "
                                        f"tabellens rækker summerer til {shown}"
                                        + ("" if computed is None else f" (forskel {format_decimal(stated - Decimal(computed))})")
                                        + "."))
    return found


# --- fordelingsbilag ------------------------------------------------------------------------------

def distribution_checks(case: Fordelingsbilag, figures: DistributionFigures, inputs: CaseInputs) -> list[Finding]:
    source, municipalities = inputs.source, inputs.reference.municipalities
    found = _kkr_municipalities(case, source, municipalities) if municipalities is not None else []
    stated = case.oplyst_nøgletotal
    if stated is None or stated == figures.nøgletotal:
        return found
    return found + [source.finding(("oplyst_nøgletotal",), Level.FEJL, "SUM-AFVIGER",
                           f"Nøgletotalen er oplyst til {format_decimal(stated)}, men nøglens {len(figures.rows)} "
                           f"vægte summerer til {format_decimal(figures.nøgletotal)} "
                           f"(forskel {format_decimal(stated - figures.nøgletotal)}).")]


def _kkr_municipalities(case: Fordelingsbilag, source: Source, municipalities: Municipalities) -> list[Finding]:
    """A key over KKR Hovedstaden (more than half its names are its municipalities) names all of them, once."""
    known = {_plain(name): name for name in municipalities.kkr_hovedstaden}
    names = list(case.nøgle)
    if sum(_plain(name) in known for name in names) * 2 <= len(known):
        return []
    found = []
    seen: set[str] = set()
    for name in names:
        plain = _plain(name)
        if plain not in known:
            found.append(source.finding(("nøgle", name), Level.FEJL, "KKR-KOMMUNER",
                                        f"'{name}' er ikke en af de {len(known)} kommuner i KKR Hovedstaden"
                                        f"{suggestion(name, known.values())}.", key=True))
        elif plain in seen:
            found.append(source.finding(("nøgle", name), Level.FEJL, "KKR-KOMMUNER",
                                        f"{known[plain]} står to gange i nøglen.", key=True))
        seen.add(plain)
    missing = [name for plain, name in known.items() if plain not in seen]
    if missing:
        found.append(source.finding(("nøgle",), Level.FEJL, "KKR-KOMMUNER",
                                    f"Nøglen fordeler over kommunerne i KKR Hovedstaden, men mangler {len(missing)} af de "
                                    f"{len(known)}: {', '.join(missing)}. Alle {len(known)} kommuner skal have en andel."))
    return found


def _plain(name: str) -> str:
    return " ".join(name.split()).casefold()
