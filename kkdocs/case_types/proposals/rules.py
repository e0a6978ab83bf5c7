"""The proposals' rules: Bilag 4, plausible numbers, the figures an author states, and the attachments."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from kkdocs.case.typing_check import suggestion
from kkdocs.case_types.proposals.bilag4_rules import proposal_rules
from kkdocs.case_types.proposals.figures import ProposalFigures, bilag_table_totals, tabel_c_distribution, tabel_c_total
from kkdocs.case_types.proposals.model import Proposal, Tabel
from kkdocs.case_types.proposals.plausibility import proposal_plausibility
from kkdocs.case_types.record import CaseInputs
from kkdocs.checks.attachments import (AttachmentProblem, active_content_message, active_content_of,
                                       check_attachment, formulas_without_value, is_tagged_pdf,
                                       read_sheet, untagged_message)
from kkdocs.checks.rules import compare_years
from kkdocs.danish_format import format_decimal
from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import Source


def proposal_checks(case: Proposal, figures: ProposalFigures, inputs: CaseInputs) -> list[Finding]:
    reference, source = inputs.reference, inputs.source
    assert reference.organisation is not None
    return (proposal_rules(case, figures, source, reference.organisation, reference.processes)
            + proposal_plausibility(case, source)
            + _stated_proposal_figures(case, figures, source)
            + _attachment_findings(case, source, inputs.case_folder, inputs.data_root))


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
