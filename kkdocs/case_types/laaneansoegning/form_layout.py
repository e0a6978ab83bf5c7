"""The browser form of a låneansøgning (`kkdocs serve`)."""

from __future__ import annotations

from kkdocs.case.form_layout import PULJER, FormLayout

LOAN_LAYOUT = FormLayout(
    choices={"pulje": PULJER},
    long_texts=frozenset({"beskrivelse"}),
    years=frozenset({"paragraf", "kommunenummer"}),  # numbers of a kind, not amounts
    figure_labels={
        "andel_andre_kommuner": "Andel andre kommuner (%)",
        "andel_i_alt": "Andel andre kommuner i alt (%)",
        "beskrivelse_tegn": "Tegn i beskrivelsen",
    },
).with_common()
