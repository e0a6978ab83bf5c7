"""The rules of the innovation pool (Bilag 4, seed 001, "Innovationspuljen", lines 174-270).

`raw_problems` checks the raw data before the model is trusted (FELT-TYPE); `innovation_checks`
the typed case and its figures. The messages quote Bilag 4.
"""

from __future__ import annotations

from typing import Iterator

from kkdocs.case_types.innovationsforslag.figures import InnovationFigures, REPAYMENT_YEARS
from kkdocs.case.model import Hørt
from kkdocs.case_types.innovationsforslag.model import InnovationCase
from kkdocs.case_types.record import CaseInputs
from kkdocs.checks.hearings import HEARINGS_BY_SUBJECT, missing_hearings
from kkdocs.checks.reference_data import Reference
from kkdocs.checks.references import Problem, administration_problems, as_dict, as_list, is_number
from kkdocs.checks.rules import MIN_ADMINISTRATIONS, compare_years, process_price_level
from kkdocs.danish_format import format_amount
from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import Source


ART_NAMES = {"afprøvning": "en afprøvning", "tværgående_foranalyse": "en tværgående foranalyse",
             "forvaltningsspecifik_foranalyse": "en forvaltningsspecifik foranalyse"}


def raw_problems(data: dict, reference: Reference) -> Iterator[Problem]:
    yield from administration_problems(data, reference.organisation)
    for index, row in enumerate(as_list(data.get("midler"))):
        for year, amount in as_dict(as_dict(row).get("beløb")).items():
            if is_number(amount) and amount < 0:
                yield Problem(("midler", index, "beløb", year),
                              f"Midler fra innovationspuljen er positive beløb; {year} er {amount}.")
    for year, amount in as_dict(data.get("tilbagebetaling")).items():
        if is_number(amount) and amount > 0:
            yield Problem(("tilbagebetaling", year),
                          f"En tilbagebetaling skrives med negativt fortegn, som i formularen; {year} er {amount}.")
    case = as_dict(data.get("businesscase"))
    for name in ("potentiale_fra", "potentiale_til"):
        if is_number(case.get(name)) and case[name] < 0:
            yield Problem(("businesscase", name), "Potentialet er størrelsen af de varige effektiviseringer pr. år og "
                                                  f"skrives positivt; det er {case[name]}.")


def innovation_checks(case: InnovationCase, figures: InnovationFigures, inputs: CaseInputs) -> list[Finding]:
    source = inputs.source
    found = _ceiling(case, figures, source) + _loan(case, figures, source)
    found += process_price_level(case.sag, case.pl, ("pl",), source, inputs.reference.processes)
    found += _cross_cutting_study(case, source) + _empty_criteria(case, source)
    found += _pool_size(case, figures, inputs)
    found += _hearings(case.status, case.omfatter, case.hørt, source)
    if not case.kriterier:
        found.append(source.finding(("kriterier",), Level.FEJL, "INNO-KRITERIER",
                                    "Angiv de prioriteringskriterier, forslaget opfylder. Bilag 4: \"Det skal fremgå "
                                    "tydeligt af innovationsforslaget, hvilke kriterier, forslaget opfylder\"."))
    if not case.opfølgning:
        found.append(source.finding(("opfølgning",), Level.FEJL, "INNO-MÅL",
                                    "Angiv mindst ét målbart opfølgningsmål. Bilag 4, kriterium 7: "
                                    "\"Innovationsforslaget skal indeholde målbare opfølgningsmål\"."))
    business = case.businesscase
    if business.potentiale_fra > business.potentiale_til:
        found.append(source.finding(("businesscase", "potentiale_til"), Level.FEJL, "INNO-POTENTIALE",
                                    f"Potentialets interval går fra {format_amount(business.potentiale_fra)} til "
                                    f"{format_amount(business.potentiale_til)}; den øvre ende skal være mindst den "
                                    "nedre."))
    return found + _stated(case, figures, source)


# (the kinds that draw on a frame, its size in 1.000 kr., its name, the seed's words): lines 176, 192, 194, 197
POOL_FRAMES = (
    (("forvaltningsspecifik_foranalyse",), 3000, "rammen til forvaltningsspecifikke foranalyser",
     "3 mio. kr. reserveret til forvaltningsspecifikke initiativer"),
    (("tværgående_foranalyse",), 1000, "rammen til tværgående foranalyser",
     "1 mio. kr. reserveret til at modne tværgående initiativer"),
    (("forvaltningsspecifik_foranalyse", "tværgående_foranalyse"), 4000, "rammen til foranalyser",
     "Den samlede ramme til foranalyser er 4 mio. kr."),
    (("afprøvning", "forvaltningsspecifik_foranalyse", "tværgående_foranalyse"), 15000, "innovationspuljen",
     "Der er afsat 15 mio. kr. til innovationspuljen."),
)
PRIORITISATION = ("\"Hvis ansøgningerne til innovationspuljen overstiger puljens størrelse, vil Økonomiforvaltningen "
                  "fremlægge forslag til prioritering\"")


def _pool_size(case: InnovationCase, figures: InnovationFigures, inputs: CaseInputs) -> list[Finding]:
    """Seed 001, lines 176-198: the pool's frames, summed over the workspace's innovationsforslag.

    The frames are the pool's, not one forslag's, so they are summed over every innovationsforslag
    of the workspace (as the loan pool's one application per kommune is checked across it); the part
    a process gives out (processer.yaml's `innovationspulje`) over those of the same `sag`.
    Line 252 says what happens when the applications exceed the pool: Økonomiforvaltningen
    prioritises. So it is an advarsel, on every forslag that draws on the frame.
    """
    source = inputs.source
    requests = [(r.file, r.sag, r.art, r.total) for r in inputs.reference.innovation_requests if r.file != source.file]
    requests.append((source.file, case.sag, case.art, figures.midler_total))
    over = []
    for kinds, size, name, words in POOL_FRAMES:
        if case.art in kinds:
            drawing = [r for r in requests if r[2] in kinds]
            over.append((sum(r[3] for r in drawing), size, name, words, drawing))
    processes = inputs.reference.processes
    process = processes.processer.get(case.sag) if processes is not None else None
    if process is not None and process.innovationspulje is not None:
        drawing = [r for r in requests if r[1] == case.sag]
        over.append((sum(r[3] for r in drawing), process.innovationspulje, f"den del af puljen, {case.sag} udmønter",
                     "10 mio. kr. er reserveret til udmøntningen ifm. overførselssagen og 5 mio. kr. er reserveret "
                     "til udmøntningen ifm. budgettet", drawing))
    over = [frame for frame in over if frame[0] > frame[1]]
    if not over:
        return []
    total, size, name, words, drawing = over[0]  # the narrowest frame; the wider ones follow from it
    others = [r[0] for r in drawing if r[0] != source.file]
    if not others:
        return []  # one forslag over a frame is over its own ceiling too: INNO-LOFT says it
    return [source.finding(("midler",), Level.ADVARSEL, "INNO-PULJE",
                           f"Innovationsforslagene søger tilsammen {format_amount(total)} (1.000 kr.) fra {name}, som er "
                           f"på {format_amount(size)}: \"{words}\" Ud over dette forslag søger "
                           f"{', '.join(others)}. Bilag 4: {PRIORITISATION}.")]


def _cross_cutting_study(case: InnovationCase, source) -> list[Finding]:
    """Seed 001, line 197: "1 mio. kr. reserveret til at modne tværgående initiativer", where tværgående
    means what lines 26-27 say: "når minimum tre fagforvaltninger samarbejder"."""
    administrations = set(case.berørte_forvaltninger)
    if case.art != "tværgående_foranalyse" or len(administrations) >= MIN_ADMINISTRATIONS:
        return []
    return [source.finding(("berørte_forvaltninger",), Level.FEJL, "TVÆRGÅENDE-FORVALTNINGER",
                           f"En tværgående foranalyse skal berøre mindst tre forvaltninger; der er angivet "
                           f"{len(administrations)}. Bilag 4: \"Godkendelsesprocessen for tværgående "
                           "investeringsforslag gælder, når minimum tre fagforvaltninger samarbejder om et "
                           "investeringsforslag.\" Tilføj forvaltningerne under berørte_forvaltninger, eller "
                           "skriv art: forvaltningsspecifik_foranalyse.")]


# (path, the criterion's words in seed 001) for the texts the criteria ask for: lines 204, 220, 231 and 232
CRITERION_TEXTS = (
    (("sammenhæng",), "kriterium 1: \"Innovationsforslaget skal have sammenhæng til et konkret investeringsforslag\""),
    (("forventet_forslag", "tidspunkt"), "kriterium 4: \"Det skal fremgå af innovationsforslaget, hvornår der "
                                         "forventes at blive udarbejdet et investerings- eller "
                                         "effektiviseringsforslag\""),
    (("anvendelse",), "kriterium 5: \"Det skal fremgå klart og detaljeret, hvad midlerne fra innovationspuljen "
                      "skal anvendes til.\""),
    (("businesscase", "tekst"), "kriterium 6: \"Der skal udarbejdes en tentativ businesscase\""),
)


def _empty_criteria(case: InnovationCase, source) -> list[Finding]:
    """Seed 001, lines 204, 220, 231 and 232: criteria 1, 4, 5 and 6 ask for a text (quoted in
    CRITERION_TEXTS); a key with an empty text answers none of them."""
    found = []
    for path, criterion in CRITERION_TEXTS:
        value: object = case
        for name in path:
            value = getattr(value, name)
        if not str(value).strip():
            found.append(source.finding(path, Level.FEJL, "INNO-INDHOLD",
                                        f"{'.'.join(path)} er tom. Bilag 4, {criterion}. Skriv teksten."))
    return found


def _ceiling(case: InnovationCase, figures: InnovationFigures, source) -> list[Finding]:
    if figures.midler_total <= figures.loft:
        return []
    quote = ("\"Puljen kan maksimalt udmønte 2 mio. kr. pr. innovationsforslag.\"" if case.art == "afprøvning"
             else "en foranalyse får \"maksimalt 1.000.000 kr. pr. sag\".")
    return [source.finding(("midler",), Level.FEJL, "INNO-LOFT",
                           f"Forslaget søger {format_amount(figures.midler_total)} (1.000 kr.) fra innovationspuljen, "
                           f"men {ART_NAMES[case.art]} kan højst få {format_amount(figures.loft)}. Bilag 4: {quote}")]


def _loan(case: InnovationCase, figures: InnovationFigures, source) -> list[Finding]:
    if not figures.lån:
        if case.tilbagebetaling is None:
            return []
        why = ("Midlerne til en tværgående foranalyse \"gives ikke som lån\"" if case.art == "tværgående_foranalyse"
               else "En afprøvning gives ikke som lån: \"Innovationspuljen er friholdt kravet om tilbagebetalingstid "
                    "på 6 år.\"")
        return [source.finding(("tilbagebetaling",), Level.ADVARSEL, "INNO-LÅN",
                               f"Forslaget er {ART_NAMES[case.art]} og har en tilbagebetalingsplan. Bilag 4: {why}.")]
    if case.tilbagebetaling is None:
        return [source.finding(("art",), Level.FEJL, "INNO-LÅN",
                               "En forvaltningsspecifik foranalyse gives som lån og skal have en tilbagebetalingsplan "
                               "(tilbagebetaling). Bilag 4: \"For ansøgninger om finansiering af foranalyser skal der "
                               "i forslaget angives en tilbagebetalingsplan.\"")]
    found = []
    if figures.tilbagebetalt != -figures.midler_total:
        found.append(source.finding(("tilbagebetaling",), Level.FEJL, "INNO-TILBAGEBETALING",
                                    f"Planen betaler {format_amount(-figures.tilbagebetalt)} tilbage, men lånet er "
                                    f"{format_amount(figures.midler_total)} (1.000 kr.); et lån tilbagebetales helt "
                                    f"(forskel {format_amount(-figures.tilbagebetalt - figures.midler_total)})."))
    late = [year for year in case.tilbagebetaling if year > figures.seneste_år]
    if late:
        found.append(source.finding(("tilbagebetaling", min(late)), Level.FEJL, "INNO-TILBAGEBETALING",
                                    f"Planen betaler tilbage i {', '.join(map(str, sorted(late)))}, men lånet skal være "
                                    f"tilbagebetalt senest i {figures.seneste_år}, {REPAYMENT_YEARS}. år fra det første "
                                    "år med midler. Bilag 4: \"Det skal dog maksimalt være tilbagebetalt efter 6 år.\""))
    early = [year for year in case.tilbagebetaling if figures.midler_i_alt and year < min(figures.midler_i_alt)]
    if early:
        found.append(source.finding(("tilbagebetaling", min(early)), Level.FEJL, "INNO-TILBAGEBETALING",
                                    f"Planen betaler tilbage i {min(early)}, før lånet udbetales "
                                    f"({min(figures.midler_i_alt)})."))
    return found


def _stated(case: InnovationCase, figures: InnovationFigures, source) -> list[Finding]:
    oplyst = case.oplyst
    if oplyst is None:
        return []
    found = []
    if oplyst.midler_i_alt is not None:
        found += compare_years(source, ("oplyst", "midler_i_alt"), "Midler i alt", oplyst.midler_i_alt,
                               figures.midler_i_alt)
    stated = oplyst.tilbagebetaling_i_alt
    if stated is not None and stated != figures.tilbagebetalt:
        found.append(source.finding(("oplyst", "tilbagebetaling_i_alt"), Level.FEJL, "SUM-AFVIGER",
                                    f"Tilbagebetalingen i alt er oplyst til {format_amount(stated)}, men planen "
                                    f"summerer til {format_amount(figures.tilbagebetalt)} "
                                    f"(forskel {format_amount(stated - figures.tilbagebetalt)})."))
    return found


def _hearings(status: str, omfatter: list[str], hørt: list[Hørt], source: Source) -> list[Finding]:
    """Lines 274-276: the hearings of section 4 are for "de forvaltningsspecifikke og tværgående
    investerings- og innovationsforslag"; an innovationsforslag is heard as an investeringsforslag
    is on the subjects it names under `omfatter`. The tværgående fora (lines 20-23) are for
    tværgående investeringsforslag, and Center for Økonomi's approval is the proposal forms', so
    neither applies here."""
    if status != "godkendt":
        return []
    needed = list(dict.fromkeys(HEARINGS_BY_SUBJECT[subject] for subject in omfatter))
    return missing_hearings(needed, hørt, source, ("hørt",) if hørt else ("status",))
