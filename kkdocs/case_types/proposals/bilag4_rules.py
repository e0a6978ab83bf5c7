"""The rules of Bilag 4 (seed 001) for effektiviserings- and investeringsforslag.

Each rule takes the typed case and its computed figures and returns findings; the messages
quote what Bilag 4 asks. Line numbers in the comments are those of seed 001
(`../shared/seeds/001_*.txt`) unless another seed is named.
"""

from __future__ import annotations

import re
from pathlib import Path

from kkdocs.case.model import Organisation, Package, Processes
from kkdocs.case_types.proposals.figures import ProposalFigures
from kkdocs.case_types.proposals.model import FOLLOW_UP_GROUPS, Investeringsforslag, Proposal, is_center_for_økonomi
from kkdocs.checks.hearings import (HEARINGS_BY_SUBJECT, TRANSFERS_HEARING, TVÆRGÅENDE_HEARINGS, Hearing,
                                    missing_hearings)
from kkdocs.checks.rules import MIN_ADMINISTRATIONS, process_price_level
from kkdocs.danish_format import format_amount
from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import Source, YamlProblem, load_yaml


MAX_PAYBACK = 6  # criteria 1 and 12
MAX_BASE_OPERATION_YEARS = 3  # criterion 9: "dog maksimalt i op til tre år"
ECONOMY_COMMITTEE = "Økonomiudvalget"  # ØU, line 28
INVESTMENT_TYPE = re.compile(r"^type:[ \t]*investeringsforslag[ \t]*(#.*)?$", re.MULTILINE)
CROSS_CUTTING_LINE = re.compile(r"^tværgående:[ \t]*(\S*)[ \t]*(#.*)?$", re.MULTILINE)


def proposal_rules(case: Proposal, figures: ProposalFigures, source: Source, organisation: Organisation,
                   processes: Processes | None) -> list[Finding]:
    found = _cross_cutting(case, source, organisation)
    found += _permanent_effect(figures, source)
    found += _transfers(case, source)
    found += _process_price_level(case, source, processes)
    if isinstance(case, Investeringsforslag):
        found += _payback(case, figures, source)
        found += _operations(case, figures, source)
        found += _base_investment(case, source)
        found += _follow_up(case, source)
    found += _hearings(case, source)
    return found


# --- tværgående (section 1) ------------------------------------------------------------------------

def _cross_cutting(case: Proposal, source: Source, organisation: Organisation) -> list[Finding]:
    found = []
    administrations = set(case.berørte_forvaltninger)
    if case.tværgående and len(administrations) < MIN_ADMINISTRATIONS:
        found.append(source.finding(("berørte_forvaltninger",), Level.FEJL, "TVÆRGÅENDE-FORVALTNINGER",
                                    f"Et tværgående forslag skal berøre mindst tre forvaltninger (Bilag 4); "
                                    f"der er angivet {len(administrations)}."))
    if not case.tværgående and len(administrations) >= MIN_ADMINISTRATIONS:
        found.append(source.finding(("tværgående",), Level.ADVARSEL, "TVÆRGÅENDE-UANGIVET",
                                    f"Forslaget berører {len(administrations)} forvaltninger, men er ikke angivet som "
                                    "tværgående. Bilag 4: \"Godkendelsesprocessen for tværgående investeringsforslag "
                                    "gælder, når minimum tre fagforvaltninger samarbejder om et investeringsforslag.\""))
    found += _distribution_matches_administrations(case, source, organisation)
    return found


def cross_cutting_in_committee(package: Package, source: Source, cases: Path, organisation: Organisation) -> list[Finding]:
    """Lines 26-28: a tværgående investeringsforslag "skal godkendes af ØU og drøftes af relevante fagudvalg".

    A fagudvalg may discuss one, so its package holding one is an advarsel, not a fejl. The
    cases are read by their lines (a top-level `type:` and `tværgående:`), and parsed only when
    those lines do not decide it, as the loan applications are (reference_data.py).
    """
    if package.udvalg == ECONOMY_COMMITTEE or package.udvalg not in {u.navn for u in organisation.udvalg}:
        return []  # an unknown udvalg is a FELT-TYPE already
    found = []
    for index, case_id in enumerate(package.sager):
        if _is_cross_cutting_investment(cases / f"{case_id}.yaml"):
            found.append(source.finding(("sager", index), Level.ADVARSEL, "TVÆRGÅENDE-UDVALG",
                                        f"'{case_id}' er et tværgående investeringsforslag; det skal godkendes af "
                                        f"{ECONOMY_COMMITTEE}, og {package.udvalg} kan kun drøfte det. Bilag 4: "
                                        "\"Det er disse forslag, der skal godkendes af ØU og drøftes af relevante "
                                        "fagudvalg.\" Læg forslaget i en pakke til Økonomiudvalget til godkendelse."))
    return found


def _is_cross_cutting_investment(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False  # the case's own check reports it
    if not INVESTMENT_TYPE.search(text):
        return False
    lines = CROSS_CUTTING_LINE.findall(text)
    if len(lines) == 1 and lines[0][0] in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return lines[0][0].lower() == "true"
    try:
        data = load_yaml(path, path.name).data
    except YamlProblem:
        return False
    return isinstance(data, dict) and data.get("tværgående") is True


def _distribution_matches_administrations(case: Proposal, source: Source, organisation: Organisation) -> list[Finding]:
    """Shares go to the udvalg of the berørte forvaltninger (a fejl), and each of those gets a share (an advarsel).

    A share for an udvalg whose forvaltning is not berørt moves money to where the forslag does not
    reach. A berørt forvaltning without a share is likely an oversight, but no line of seeds 000-001
    requires a share for each: a forvaltning can be berørt by the work and not by the savings.
    """
    udvalg_of = {code: f.udvalg for code, f in organisation.forvaltninger.items()}
    berørte_udvalg = {udvalg_of[code] for code in case.berørte_forvaltninger if code in udvalg_of}
    given = case.fordeling.nøgle if case.fordeling.nøgle is not None else case.fordeling.beløb or {}
    field = "nøgle" if case.fordeling.nøgle is not None else "beløb"
    shared: dict[str, str] = {}  # udvalg -> the first key that gives it a share
    for key, value in given.items():
        has_share = any(value.values()) if isinstance(value, dict) else value != 0
        if has_share:
            shared.setdefault(key.split("/", 1)[0], key)
    found = []
    known_udvalg = set(udvalg_of.values())
    for udvalg, key in shared.items():
        if udvalg in known_udvalg and udvalg not in berørte_udvalg:
            codes = [code for code, name in udvalg_of.items() if name == udvalg]
            found.append(source.finding(("fordeling", field, key), Level.FEJL, "TVÆRGÅENDE-FORDELING",
                                        f"'{key}' får en andel af den varige ændring, men {'/'.join(codes)} står ikke "
                                        "under berørte_forvaltninger. Tilføj forvaltningen, eller fjern andelen."))
    for code in case.berørte_forvaltninger:
        udvalg = udvalg_of.get(code)
        if udvalg is not None and udvalg not in shared:
            index = case.berørte_forvaltninger.index(code)
            found.append(source.finding(("berørte_forvaltninger", index), Level.ADVARSEL, "TVÆRGÅENDE-FORDELING",
                                        f"{code} står som berørt forvaltning, men {udvalg} har ingen andel under "
                                        f"fordeling.{field}. Giv udvalget en andel, hvis forslaget ændrer dets "
                                        "budget."))
    return found


# --- the permanent effect (criterion 4) and Overførsler (criteria 12 and 13) -------------------------

def _permanent_effect(figures: ProposalFigures, source: Source) -> list[Finding]:
    last = figures.years[-1]
    permanent = figures.samlet_varig_ændring
    permanent_last = permanent.get(last)
    if permanent_last is None or permanent_last >= 0:
        shown = "intet beløb" if permanent_last is None else format_amount(permanent_last)
        return [source.finding(("økonomi", "varige_ændringer"), Level.FEJL, "B4-VARIG",
                               f"Forslaget har ingen varig besparelse i {last}, det sidste år i tabellen "
                               f"(samlet varig ændring: {shown}). Bilag 4 kræver en varig effekt.")]
    best_year = min(permanent, key=lambda year: (permanent[year], year))
    if permanent[best_year] < permanent_last:
        return [source.finding(("økonomi", "varige_ændringer"), Level.ADVARSEL, "B4-AFTAGENDE",
                               f"Den varige besparelse aftager mod slutningen: {format_amount(permanent[best_year])} i "
                               f"{best_year}, men {format_amount(permanent_last)} i {last}. Bilag 4, kriterium 4: "
                               "\"Forslag, der har karakter af projekter, hvor den årlige varige effektivisering efter "
                               "projektudløb ikke længere optræder, godkendes ikke.\"")]
    return []


def _transfers(case: Proposal, source: Source) -> list[Finding]:
    found = []
    for section in ("varige_ændringer", "implementering"):
        for index, row in enumerate(getattr(case.økonomi, section)):
            if row.styringsområde == "Overførsler":
                found.append(source.finding(("økonomi", section, index, "styringsområde"), Level.ADVARSEL,
                                            "B4-OVERFØRSLER", f"Rækken '{row.tekst}' ligger på styringsområde "
                                            "Overførsler; det kræver en velfærdsanalytisk vurdering."))
    return found


def _has_rows_on(case: Proposal, area: str) -> bool:
    rows = [*case.økonomi.varige_ændringer, *case.økonomi.implementering]
    return any(row.styringsområde == area for row in rows)


# --- price level (seed 000, lines 56 and 622) -------------------------------------------------------

def _process_price_level(case: Proposal, source: Source, processes: Processes | None) -> list[Finding]:
    return process_price_level(case.sag, case.økonomi.pl, ("økonomi", "pl"), source, processes)


# --- investeringsforslag: payback (criteria 1, 9, 12), operations (6, 9), follow-up (5) ----------------

def _payback(case: Investeringsforslag, figures: ProposalFigures, source: Source) -> list[Finding]:
    """Line 71, criterion 1: "Tilbagebetalingstid på service på maksimalt seks år."; line 144, criterion
    12: "Tilbagebetalingstid på totaløkonomien på maksimalt seks år." With no row on Service or
    Overførsler, criterion 1 is judged on all rows: a forslag is not exempt for leaving out its
    styringsområde."""
    if case.grundinvestering is not None:
        return []  # criterion 9: "friholdt kravet om tilbagebetalingstid på maksimalt seks år"
    found = []
    service = figures.tilbagebetalingstid_service
    total = figures.tilbagebetalingstid_totaløkonomi
    if _has_rows_on(case, "Service") and (service is None or service > MAX_PAYBACK):
        shown = "Forslaget tilbagebetales aldrig på service" if service is None else \
            f"Tilbagebetalingstiden på service er {service} år"
        found.append(source.finding(("økonomi", "implementering"), Level.ADVARSEL, "B4-TILBAGEBETALING",
                                    f"{shown}, mere end {MAX_PAYBACK} år. Forslaget skal forelægges "
                                    "Økonomiudvalget til særskilt prioritering."))
    elif not _has_rows_on(case, "Service") and not _has_rows_on(case, "Overførsler") \
            and (total is None or total > MAX_PAYBACK):
        # criterion 1 (line 71) holds for every investeringsforslag: with no row on Service (every row on
        # Anlæg or without styringsområde) the payback of all its rows is the one there is to judge
        shown = "tilbagebetales aldrig" if total is None else f"tilbagebetales efter {total} år"
        found.append(source.finding(("økonomi", "implementering"), Level.ADVARSEL, "B4-TILBAGEBETALING",
                                    f"Forslaget har ingen rækker på Service og {shown} regnet på alle rækker, mere "
                                    f"end {MAX_PAYBACK} år. Bilag 4, kriterium 1: \"Tilbagebetalingstid på service på "
                                    "maksimalt seks år.\" Angiv styringsområde på rækkerne; ellers skal forslaget "
                                    "forelægges Økonomiudvalget til særskilt prioritering."))
    if _has_rows_on(case, "Overførsler") and (total is None or total > MAX_PAYBACK):
        shown = "aldrig" if total is None else f"efter {total} år"
        found.append(source.finding(("økonomi", "implementering"), Level.ADVARSEL, "B4-TOTALØKONOMI",
                                    f"Forslaget har effekt på Overførsler og tilbagebetales {shown} på totaløkonomien. "
                                    "Bilag 4, kriterium 12: \"Tilbagebetalingstid på totaløkonomien på maksimalt seks "
                                    "år.\" Forslaget skal forelægges Økonomiudvalget til særskilt prioritering."))
    return found


def _operations(case: Investeringsforslag, figures: ProposalFigures, source: Source) -> list[Finding]:
    """Criterion 6: implementation costs after the payback year, or in the last year, are operations."""
    last = figures.years[-1]
    paid_back = figures.tilbagebetalt_totaløkonomi
    found = []
    for index, row in enumerate(case.økonomi.implementering):
        if row.drift and case.grundinvestering is not None:
            continue  # criterion 9 allows the operation of a grundinvestering, checked below
        late = [year for year, amount in sorted(row.beløb.items())
                if amount > 0 and (year == last or (paid_back is not None and year > paid_back))]
        if late:
            year = late[0]
            after = f"efter tilbagebetalingsåret {paid_back}" if paid_back is not None and year > paid_back \
                else f"i {last}, det sidste år i tabellen"
            found.append(source.finding(("økonomi", "implementering", index, "beløb", year), Level.ADVARSEL, "B4-DRIFT",
                                        f"Rækken '{row.tekst}' har implementeringsomkostninger på "
                                        f"{format_amount(row.beløb[year])} i {year}, {after}. Bilag 4, kriterium 6: "
                                        "\"Investeringspuljen finansierer implementeringsomkostninger og finansierer "
                                        "ikke varige driftsudgifter.\""))
    return found


def _base_investment(case: Investeringsforslag, source: Source) -> list[Finding]:
    """Criterion 9: a grundinvestering names its future proposals; its operation is paid for ≤ 3 years."""
    found = []
    operation_rows = [(index, row) for index, row in enumerate(case.økonomi.implementering) if row.drift]
    if case.grundinvestering is None:
        for index, _ in operation_rows:
            found.append(source.finding(("økonomi", "implementering", index, "drift"), Level.FEJL, "B4-GRUNDINVESTERING",
                                        "Kun en grundinvestering i teknologi kan få varig drift finansieret af puljen "
                                        "(Bilag 4, kriterium 9). Angiv grundinvestering, eller fjern drift: true."))
        return found
    if not case.grundinvestering.fremtidige_forslag:
        found.append(source.finding(("grundinvestering", "fremtidige_forslag"), Level.FEJL, "B4-GRUNDINVESTERING",
                                    "En grundinvestering skal nævne de fremtidige forslag, der bygger på den. Bilag 4, "
                                    "kriterium 9: \"Det skal fremgå, hvilke fremtidige forslag, der vil have "
                                    "grundinvesteringen som forudsætning.\""))
    years = sorted({year for _, row in operation_rows for year, amount in row.beløb.items() if amount})
    if len(years) > MAX_BASE_OPERATION_YEARS:
        fourth = years[MAX_BASE_OPERATION_YEARS]
        index = next(i for i, r in operation_rows if r.beløb.get(fourth))
        found.append(source.finding(("økonomi", "implementering", index, "beløb", fourth),
                                    Level.FEJL, "B4-GRUNDINVESTERING",
                                    f"Puljen betaler drift af grundinvesteringen i {len(years)} år "
                                    f"({years[0]}-{years[-1]}). Bilag 4, kriterium 9: \"... evt. varig drift af "
                                    "grundinvesteringen indtil fremtidige forslag er igangsat, dog maksimalt i op til "
                                    "tre år.\""))
    return found


def _follow_up(case: Investeringsforslag, source: Source) -> list[Finding]:
    groups = {goal.gruppe for goal in case.opfølgning}
    missing = [group for group in FOLLOW_UP_GROUPS if group not in groups]
    if not missing:
        return []
    return [source.finding(("opfølgning",), Level.FEJL, "B4-OPFØLGNING",
                           "Et investeringsforslag skal have mindst ét opfølgningsmål i hver gruppe; der mangler: "
                           + " og ".join(f"'{g}'" for g in missing) + ".")]


# --- hearings (sections 1 and 4): the fora are in checks/hearings.py, shared with the innovationsforslag ------

EVERY_PROPOSAL = ("arbejdsgiverområdet", "it-systemer")  # the others are for investeringsforslag only


def required_hearings(case: Proposal) -> list[Hearing]:
    """The fora a proposal must have been heard in, decided from its fields and rows."""
    needed: list[Hearing] = []
    investment = isinstance(case, Investeringsforslag)
    if investment and case.tværgående:
        needed += TVÆRGÅENDE_HEARINGS
    for subject in dict.fromkeys(case.omfatter):
        hearing = HEARINGS_BY_SUBJECT[subject]
        if (investment or subject in EVERY_PROPOSAL) and hearing not in needed:
            needed.append(hearing)
    if investment and _has_rows_on(case, "Overførsler"):
        needed.append(TRANSFERS_HEARING)
    return needed


def _hearings(case: Proposal, source: Source) -> list[Finding]:
    if case.status != "godkendt":
        return []
    found = []
    if not any(is_center_for_økonomi(h.instans) and h.dato for h in case.hørt):
        cfo = [index for index, h in enumerate(case.hørt) if is_center_for_økonomi(h.instans)]
        where = ("hørt", cfo[0]) if cfo else ("hørt",) if case.hørt else ("status",)
        found.append(source.finding(where, Level.FEJL, "HØRT-CFØ",
                                    "Status er godkendt, men der er ingen dato for Center for Økonomi under hørt. "
                                    "Alle forslag skal godkendes af Center for Økonomi før udvalgsgodkendelse."))
    return found + missing_hearings(required_hearings(case), case.hørt, source,
                                     ("hørt",) if case.hørt else ("status",))
