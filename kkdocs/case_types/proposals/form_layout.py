"""The browser form of an effektiviserings- or investeringsforslag (`kkdocs serve`)."""

from __future__ import annotations

from kkdocs.case.form_layout import FORVALTNINGER, KVANTUM, FormLayout

PROPOSAL_LAYOUT = FormLayout(
    choices={
        "fremstillende_forvaltning": FORVALTNINGER,
        "berørte_forvaltninger": FORVALTNINGER,
        "nøgle": KVANTUM,  # a key is a row of the kvantum table: by udvalg or bevilling
    },
    labels={"tabel_c": "Tabel C"},
    long_texts=frozenset({"kort_resumé", "beskrivelse", "samlet_note", "note", "bemærkning", "måling",
                          "tekst_før_tabel_c"}),
    years=frozenset({"service", "totaløkonomi"}),  # the stated payback times, in years
    reshaping=frozenset({"år"}),  # the first and last year: a column of every year table each
    figure_labels={
        "tabel_a": "Tabel A (nettoeffekt på måltallet)",
        "tabel_a_udmøntning": "Tabel A i udmøntnings-p/l",
        "tabel_c": "Tabel C (bruttoeffektivisering)",
        "tabel_c_udmøntning": "Tabel C i udmøntnings-p/l",
        "tilbagebetalingstid_service": "Tilbagebetalingstid, service (år)",
        "tilbagebetalingstid_totaløkonomi": "Tilbagebetalingstid, totaløkonomi (år)",
        "tilbagebetalt_totaløkonomi": "Tilbagebetalt (totaløkonomi) i året",
        "varige": "Varige ændringer",
        "rows": "Fordeling",
    },
    plain_figures=frozenset({"tilbagebetalingstid_service", "tilbagebetalingstid_totaløkonomi",
                             "tilbagebetalt_totaløkonomi"}),
).with_common()
