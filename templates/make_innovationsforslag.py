"""One-off generator of templates/innovationsforslag/forslag.docx, in the house style of the
other forms (the helpers of make_templates.py); run it as make_templates.py is run:

    .venv/bin/python templates/make_innovationsforslag.py

The form follows Bilag 4's "Innovationspuljen" (seed 001, lines 174-270): its sections are the
criteria an innovationsforslag must meet, in the seed's order, and its values are the fields of
kkdocs/case_types/innovationsforslag/context.py.
"""

from __future__ import annotations

from make_templates import (HEAD_FILL, HERE, LABEL_FILL, TAG_CM, heading, keep_together, new_document, para, rich,
                            row, shade, summary_table, table, tag, tag_row, title_block, year_cells, year_header)


def boxes(container, var: str, size: float = 10) -> None:
    """One paragraph per Checkbox of `var`: ☒ or ☐ and its text."""
    tag(container, f"{{%p for b in {var} %}}")
    para(container, "{{ b.mærke }} {{ b.navn }}", size=size, space_after=2, indent_cm=0.3)
    tag(container, "{%p endfor %}")


def amount_table(doc, rows: list[tuple[str, str, bool]]) -> None:
    """A table of amounts by year: (label, cells variable, bold) rows under a year header."""
    t = table(doc, [7.0, TAG_CM, 17.0 - 7.0 - 2 * TAG_CM, TAG_CM])
    row(t, ["{{ enhed }}", *year_header("år")], bold=True, fill=HEAD_FILL, align_right_from=1, header=True)
    for label, cells, bold in rows:
        row(t, [label, *year_cells(cells)], bold=bold, align_right_from=1, fill=LABEL_FILL if bold else None)
    keep_together(t)


def innovation_form():
    doc = new_document()
    title_block(doc, "overskrift")

    summary_table(doc)

    para(doc, "1. Forslagets art", style="Heading 1")
    para(doc, "Puljen skal anvendes til at skabe et kvalificeret grundlag for et investeringsforslag enten ved:",
         space_after=2)  # criterion 2
    boxes(doc, "arter")

    para(doc, "2. Sammenhæng til et konkret investeringsforslag", style="Heading 1")
    rich(doc, "sammenhæng")
    para(doc, "Forventet forslag på baggrund af innovationsforslaget: {{ forventet }}", bold=True, space_after=6)

    para(doc, "3. Anvendelse af midlerne fra innovationspuljen", style="Heading 1")
    rich(doc, "anvendelse")
    heading(doc, "Tabel 1. Midler fra innovationspuljen", "Heading 3", 2)
    t = table(doc, [7.0, TAG_CM, 17.0 - 7.0 - 2 * TAG_CM, TAG_CM])
    row(t, ["{{ enhed }}", *year_header("år")], bold=True, fill=HEAD_FILL, align_right_from=1, header=True)
    tag_row(t, "{%tr for r in midler %}")
    row(t, ["{{ r.tekst }}", *year_cells("r.cells")], align_right_from=1)
    tag_row(t, "{%tr endfor %}")
    row(t, ["Midler i alt", *year_cells("midler_i_alt")], bold=True, align_right_from=1, fill=LABEL_FILL)
    keep_together(t)
    para(doc, "{{ loft }}", size=8, space_after=6)

    tag(doc, "{%p for l in lån %}")
    para(doc, "3.1 Tilbagebetalingsplan", style="Heading 2")
    para(doc, "For ansøgninger om finansiering af foranalyser skal der i forslaget angives en tilbagebetalingsplan. "
              "Midlerne gives som lån og skal maksimalt være tilbagebetalt efter 6 år.")  # seed 001:239-241
    heading(doc, "Tabel 2. Tilbagebetalingsplan", "Heading 3", 3)
    amount_table(doc, [("Lån fra innovationspuljen", "l.udbetaling", False),
                       ("Tilbagebetaling", "l.tilbagebetaling", False),
                       ("Restgæld ultimo året", "l.restgæld", True)])
    para(doc, "{{ l.note }}", size=8, space_after=6)
    tag(doc, "{%p endfor %}")

    para(doc, "4. Tentativ businesscase", style="Heading 1")
    t = table(doc, [7.0, 10.0])
    cells = row(t, ["Potentiale for varige effektiviseringer", "{{ potentiale }}"], size=10)
    shade(cells[0], LABEL_FILL)
    cells = row(t, ["Sandsynlighed for realisering", "{{ sandsynlighed }}"], size=10)
    shade(cells[0], LABEL_FILL)
    para(doc, "", space_after=2)
    rich(doc, "businesscase")

    para(doc, "5. Prioriteringskriterier, forslaget opfylder", style="Heading 1")
    boxes(doc, "kriterier")

    para(doc, "6. Opfølgningsmål", style="Heading 1")
    heading(doc, "Tabel 3. Forslagets opfølgningsmål", "Heading 3", 2)
    t = table(doc, [4.6, 5.0, 3.7, 3.7])
    row(t, ["Opfølgningsmål", "Hvordan måles opfølgningsmålet?", "Hvem er ansvarlig for opfølgning?",
            "Hvornår gennemføres opfølgningen?"], bold=True, fill=HEAD_FILL, header=True)
    tag_row(t, "{%tr for m in opfølgning %}")
    row(t, ["{{ m.mål }}", "{{ m.måling }}", "{{ m.ansvarlig }}", "{{ m.tidspunkt }}"], keep=False)
    tag_row(t, "{%tr endfor %}")

    # seed 001, lines 274-276: the hearings of section 4 apply to innovationsforslag too
    tag(doc, "{%p if hørt %}")
    para(doc, "7. Hvem er hørt?", style="Heading 1")
    t = table(doc, [5.0, 1.6, 10.4])
    row(t, ["", "Ja/Nej", "Dato for godkendelse og evt. høringssvar"], bold=True, fill=HEAD_FILL, header=True)
    tag_row(t, "{%tr for h in hørt %}")
    row(t, ["{{ h.instans }}", "{{ h.svar }}", "{{ h.detaljer }}"], keep=False)
    tag_row(t, "{%tr endfor %}")
    tag(doc, "{%p endif %}")
    return doc


def main() -> None:
    folder = HERE / "innovationsforslag"
    folder.mkdir(exist_ok=True)
    innovation_form().save(folder / "forslag.docx")


if __name__ == "__main__":
    main()
