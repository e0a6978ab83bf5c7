"""The browser form of a fordelingsbilag (`kkdocs serve`)."""

from __future__ import annotations

from kkdocs.case.form_layout import KVANTUM, FormLayout

DISTRIBUTION_LAYOUT = FormLayout(
    choices={"nøgle": KVANTUM},  # a key's rows may be named anything; the kvantum rows are offered
    figure_labels={"rows": "Fordeling", "andel": "Andel (%)"},
).with_common()
