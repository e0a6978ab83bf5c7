"""The rules of section 9, by case type: Bilag 4 (`bilag4_rules.py`), the loan pool
(`loan_pool_rules.py`), plausible numbers (`plausibility.py`), and here the figures an author
states, attachments and the fordelingsbilag.

Each rule takes the typed case and its computed figures and returns findings.
"""

from __future__ import annotations

from pathlib import Path

from kkdocs.case.model import Fordelingsbilag, Laaneansoegning, Municipalities, Proposal
from kkdocs.case.typing_check import suggestion
from kkdocs.checks.attachments import AttachmentProblem, check_attachment, is_tagged_pdf, untagged_message
from kkdocs.checks.bilag4_rules import proposal_rules
from kkdocs.checks.loan_pool_rules import loan_rules
from kkdocs.checks.plausibility import proposal_plausibility
from kkdocs.checks.reference_data import Reference
from kkdocs.danish_format import format_amount, format_decimal
from kkdocs.figures.calculation import DistributionFigures, ProposalFigures, tabel_c_distribution, tabel_c_total
from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import Source


def check_rules(case, figures, source: Source, case_folder: Path, data_root: Path, reference: Reference) -> list[Finding]:
    if isinstance(case, Proposal):
        assert reference.organisation is not None
        return (proposal_rules(case, figures, source, reference.organisation, reference.processes)
                + proposal_plausibility(case, source)
                + _stated_proposal_figures(case, figures, source)
                + _attachment_findings(case, source, case_folder, data_root))
    if isinstance(case, Laaneansoegning):
        return loan_rules(case, figures, source, reference)
    if isinstance(case, Fordelingsbilag):
        return _distribution_rules(case, figures, source, reference.municipalities)
    return []


def _stated_proposal_figures(case: Proposal, figures: ProposalFigures, source: Source) -> list[Finding]:
    found: list[Finding] = []
    oplyst = case.økonomi.oplyst
    if oplyst is not None:
        for name, label in (("samlet_varig_ændring", "Samlet varig ændring"),
                            ("samlede_implementeringsomkostninger", "Samlede implementeringsomkostninger"),
                            ("samlet_økonomisk_påvirkning", "Samlet økonomisk påvirkning")):
            stated = getattr(oplyst, name)
            if stated is not None:
                found += _compare_years(source, ("økonomi", "oplyst", name), label, stated, getattr(figures, name))
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
        found += _compare_years(source, ("fordeling", "beløb"), "Summen af fordeling.beløb",
                                figures.tabel_a.total, figures.samlet_varig_ændring, stated_is_sum=True)
    own_c = tabel_c_distribution(case)
    if own_c is not None and own_c.beløb is not None:
        against = "fordeling.tabel_c.total" if own_c.total is not None else "den samlede varige ændring"
        found += _compare_years(source, ("fordeling", "tabel_c", "beløb"),
                                f"Summen af fordeling.tabel_c.beløb (Tabel C; skal give {against})",
                                figures.tabel_c.total, tabel_c_total(case, figures.samlet_varig_ændring),
                                stated_is_sum=True)
    return found


def _compare_years(source: Source, path, label: str, stated: dict[int, int], computed: dict[int, int],
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
    return found


# --- fordelingsbilag ------------------------------------------------------------------------------

def _distribution_rules(case: Fordelingsbilag, figures: DistributionFigures, source: Source,
                        municipalities: Municipalities | None) -> list[Finding]:
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
