"""The template context: formatted figures, free text as blocks, checkboxes and tables."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from kkdocs.batch.validate import validate
from kkdocs.case_types import case_type
from kkdocs.case_types.fordelingsbilag.context import distribution_context
from kkdocs.case_types.laaneansoegning.context import loan_context
from kkdocs.case_types.proposals.appendix_context import phase_plan
from kkdocs.case_types.proposals.context import CFO_NAME, EFFEKTIVISERING_FORM, INVESTERING_FORM
from kkdocs.case_types.proposals.model import Fase, Hørt
from kkdocs.documents.context import CHECKED, UNCHECKED
from kkdocs.documents.rich_text import Block, blocks
from kkdocs.workspace import find_workspace


def proposal_context(case, figures, organisation, read_sheet=None):
    """A proposal's Word context as a build makes it: with the form its type's record names."""
    return case_type(case.type).document.build(case, figures, organisation, read_sheet=read_sheet)


@pytest.fixture
def examples(shared_examples: Path):
    workspace = find_workspace(explicit=shared_examples)
    validation = validate([], workspace)
    return {r.id: r for r in validation.cases}, validation.reference


def test_blocks_join_wrapped_lines_and_split_paragraphs_and_lists():
    text = ("Første linje\nanden linje\n\n- punkt et\n- punkt to\n  fortsat\n\n"
            "1. nummer et\n   ombrudt\n2. nummer to\n\nSidste {{ x }} & <b>")
    assert blocks(text) == [
        Block("Første linje anden linje"),
        Block("punkt et", punkt=True),
        Block("punkt to fortsat", punkt=True),
        Block("nummer et ombrudt", nummereret=True),
        Block("nummer to", nummereret=True),
        Block("Sidste {{ x }} & <b>"),
    ]


def test_blocks_bold_lead_in_is_a_one_line_paragraph_in_stars():
    assert blocks("**Baggrund**\n\nTekst her.") == [Block("Baggrund", fed=True), Block("Tekst her.")]
    # the lines right after a lead-in are the next paragraph
    assert blocks("**Baggrund**\nTekst\nher.") == [Block("Baggrund", fed=True), Block("Tekst her.")]
    # stars inside a paragraph, or around one line of several, are text
    assert blocks("Et **fedt** ord") == [Block("Et **fedt** ord")]
    assert blocks("Tekst\n**ikke fed**") == [Block("Tekst **ikke fed**")]
    assert blocks("****") == [Block("****")]


def test_blocks_years_and_numbers_in_text_are_not_list_items():
    assert blocks("2025. Derefter\n10.000 kr.\n1.5 mio.") == [Block("2025. Derefter 10.000 kr. 1.5 mio.")]


def test_blocks_never_keep_a_line_break():
    for text in ("a\nb", "- a\n b", "1. a\n b", "a\r\nb\rc"):
        assert all("\n" not in b.tekst for b in blocks(text)), text


def test_blocks_drop_control_characters_and_handle_none():
    assert blocks(None) == []
    assert blocks("a\x07b\x0cc\td") == [Block("abc d")]


def test_proposal_context_mobilhaandtering(examples):
    results, reference = examples
    result = results["mobilhaandtering"]
    context = proposal_context(result.case, result.figures, reference.organisation)
    table = context.tabel
    assert table.år == ["2024", "2025", "2026", "2027", "2028", "2029"]
    assert table.varige[0].cells == ["", "-6.356", "-12.711", "-12.711", "-12.711", "-12.711"]
    assert table.varige[1].cells[1:3] == ["3.960", "7.920"]
    assert table.samlet_varig[1] == "-1.896"
    assert table.tilbagebetaling_service == "4 år"
    assert table.memoposter[0].tekst == "Indkøbseffektiviseringer*"
    assert table.noter[0].startswith("*Denne effektivisering")
    assert table.pl_note == "Anm. Noter til alle tabeller: Forslaget skal udarbejdes i 2025 p/l, men udmøntes i 2024 p/l."
    assert context.overskrift == "TVÆRGÅENDE INVESTERINGSFORSLAG"
    assert not context.udkast
    assert context.innovation.nej == CHECKED and context.innovation.ja == UNCHECKED
    first_row = context.berørte[0]
    assert (first_row.venstre.navn, first_row.højre.navn) == ("Økonomiforvaltningen", "Socialforvaltningen")
    assert context.berørte[-1].højre.navn == ""
    assert [h.instans for h in context.hørt.cfø] == ["Center for Økonomi, Økonomiforvaltningen"]
    assert context.hørt.cfø[0].svar == "Nej"
    heard = {h.instans: h for h in context.hørt.øvrige}
    assert list(heard) == ["Digitaliseringschefkredsen", "IT-kredsen"]
    assert heard["Digitaliseringschefkredsen"].svar == "Ja"
    assert heard["Digitaliseringschefkredsen"].detaljer.startswith("13. oktober 2023\n")
    titles = [t.titel for t in context.kvantum]
    assert titles[0].startswith("Tabel A.") and titles[1].startswith("Tabel C.")
    assert len(titles) == 4 and "2024 p/l" in titles[2]
    assert [g.navn for g in context.opfølgning] == ["Implementering og anvendelse af investeringsmidler",
                                                   "Realisering af effektiviseringer"]
    assert [b.overskrift for b in context.bilag] == ["BILAG 1", "BILAG 2"]
    plan = context.bilag[1].faseplaner[0]
    assert len(plan.måneder) == 27 and plan.måneder[0] == "apr"
    assert plan.rækker[0].periode == "apr. 2024 - sep. 2024"


def test_absent_year_is_empty_and_explicit_zero_prints(examples):
    results, reference = examples
    result = results["botilbud-laan"]
    context = loan_context(result.case, result.figures)
    assert context.projekter[0].pladser == ["0", "24"]
    assert context.projekter[0].afsluttet == "31/10/2026"
    assert len(context.projekter) == 5 and context.projekter[4].navn == ""
    assert [k.bogstav for k in context.lån_kolonner + context.plads_kolonner] == ["B", "C", "D", "E"]
    assert (context.kolonne_f.bogstav, context.kolonne_g.bogstav) == ("F", "G")
    assert context.i_alt.lån == ["21.000", "28.500"]
    assert context.udkast


def test_distribution_context(examples):
    results, _ = examples
    result = results["telehjerter-fordeling"]
    context = distribution_context(result.case, result.figures)
    assert context.rækker[0].navn == "København" and context.rækker[0].vægt == "660.692"
    assert context.total.beløb == "875.000" and context.total.andel == "100"
    assert context.beløb_kolonne == "Andel finansiering kr."
    assert context.total.navn == "I alt" and context.overskrift == result.case.titel  # no område, no bilagsnummer


def test_phase_plan_groups_years():
    plan = phase_plan([Fase(fase="A", start="2024-11", slut="2025-02")])
    assert [(g.år, g.antal) for g in plan.år] == [("2024", 2), ("2025", 2)]
    assert plan.måneder == ["nov", "dec", "jan", "feb"]
    assert plan.rækker[0].periode == "nov. 2024 - feb. 2025"


def test_sections_are_numbered_from_the_sections_present(examples):
    results, reference = examples
    result = results["mobilhaandtering"]
    case = result.case
    with_administration = proposal_context(case, result.figures, reference.organisation)
    assert [a.nummer for a in with_administration.administration] == ["5"]
    assert with_administration.administration[0].tekst[0].tekst.startswith("Forslaget indeholder")
    assert (with_administration.afsnit.hørt, with_administration.afsnit.kvantum) == ("6", "7")
    assert [with_administration.afsnit.beskrivelse, with_administration.afsnit.økonomi,
            with_administration.afsnit.implementering, with_administration.afsnit.risikovurdering] == ["1", "2", "3", "4"]
    for absent in (None, "", "  \n\n  "):
        without = proposal_context(case.model_copy(update={"administration": absent}), result.figures,
                                   reference.organisation)
        assert without.administration == []
        assert (without.afsnit.hørt, without.afsnit.kvantum) == ("5", "6")


def test_distribution_section_only_with_text(examples):
    results, reference = examples
    result = results["energibesparelser"]
    case = result.case
    assert case.fordeling.tekst is None
    assert proposal_context(case, result.figures, reference.organisation).fordeling == []
    text = "Fordelt efter lejet areal.\n\n- BUF har det meste"
    fordeling = case.fordeling.model_copy(update={"tekst": text})
    context = proposal_context(case.model_copy(update={"fordeling": fordeling}), result.figures, reference.organisation)
    assert [f.nummer for f in context.fordeling] == ["2.1"]
    assert context.fordeling[0].tekst == blocks(text)


def test_heard_rows_follow_the_form_of_each_type(examples):
    results, reference = examples
    invest = results["mobilhaandtering"]
    effekt = results["energibesparelser"]

    def heard(result, entries):
        case = result.case.model_copy(update={"hørt": entries})
        return proposal_context(case, result.figures, reference.organisation).hørt

    # No Center for Økonomi entry: the form's own row with its standing text; nobody else: no rows.
    none = heard(invest, [])
    assert [(h.instans, h.svar) for h in none.cfø] == [(CFO_NAME, "Nej")]
    assert none.cfø[0].detaljer == "Angiv dato for godkendelse.\n" + INVESTERING_FORM.cfo_note
    assert none.øvrige == []
    assert heard(effekt, []).cfø[0].detaljer == EFFEKTIVISERING_FORM.cfo_note
    # A dated entry (written "CFØ") with a remark of its own: the date and the remark replace the prompts.
    dated = heard(invest, [Hørt(instans="MED-udvalg"),
                           Hørt(instans="CFØ", dato=datetime.date(2024, 3, 1), bemærkning="Godkendt uden bemærkninger.")])
    assert [(h.instans, h.svar, h.detaljer) for h in dated.cfø] == [("CFØ", "Ja", "1. marts 2024\nGodkendt uden bemærkninger.")]
    assert [(h.instans, h.svar, h.detaljer) for h in dated.øvrige] == [("MED-udvalg", "Nej", "")]
