"""What a model does not say about its form: where a field's choices come from, and a few labels.

Keyed by the field's name, as the models share names across the types (`fremstillende_forvaltning`
means the same in every type that has it). Each list of choices is read from the workspace's
reference data (`choices.py`); a value outside the list stays possible, and validate judges it.
"""

from __future__ import annotations

FORVALTNINGER, UDVALG, KVANTUM, PROCESSER, PULJER, KOMMUNER, SAGER = (
    "forvaltninger", "udvalg", "kvantum", "processer", "puljer", "kommuner", "sager")

CHOICES = {
    "fremstillende_forvaltning": FORVALTNINGER,
    "berørte_forvaltninger": FORVALTNINGER,
    "udvalg": UDVALG,
    "nøgle": KVANTUM,  # a proposal's key is by udvalg or bevilling; a fordelingsbilag's by any name
    "sag": PROCESSER,
    "pulje": PULJER,
    "sager": SAGER,  # a package's cases, by id
}

LABELS = {
    "år": "År (første og sidste)",
    "pl": "Prisniveau (p/l)",
    "udmøntning_pl": "Udmøntnings-p/l",
    "kort_resumé": "Kort resumé",
    "tværgående": "Tværgående",
    "oplyst": "Oplyste tal",
    "tabel_c": "Tabel C",
    "mødedato": "Mødedato",
}

# Fields whose value sets the years of the tables (a proposal's first and last year): the form is drawn
# again, with a column for each year, when one changes.
RESHAPING = {"år"}

# Lists of choices whose order is the document's (a package's cases, in the package's order).
ORDERED = {"sager"}

# Whole numbers that are years or numbers of a kind, never shown with a thousands separator.
PLAIN_INTEGERS = {"pl", "udmøntning_pl", "år", "paragraf", "kommunenummer", "service", "totaløkonomi"}

# Texts shown as several lines; so is every field whose help calls it an "afsnit" or a "tekst i" a
# document, and every value that holds a line break.
LONG_TEXT = {"kort_resumé", "beskrivelse", "samlet_note", "note", "bemærkning", "måling", "tekst_før_tabel_c"}

# The computed figures, by the name of the figures' field; the others are named from the field.
FIGURE_LABELS = {
    "tabel_a": "Tabel A (nettoeffekt på måltallet)",
    "tabel_a_udmøntning": "Tabel A i udmøntnings-p/l",
    "tabel_c": "Tabel C (bruttoeffektivisering)",
    "tabel_c_udmøntning": "Tabel C i udmøntnings-p/l",
    "tilbagebetalingstid_service": "Tilbagebetalingstid, service (år)",
    "tilbagebetalingstid_totaløkonomi": "Tilbagebetalingstid, totaløkonomi (år)",
    "tilbagebetalt_totaløkonomi": "Tilbagebetalt (totaløkonomi) i året",
    "varige": "Varige ændringer",
    "pl": "Prisniveau (p/l)",
    "rows": "Fordeling",
    "andel": "Andel (%)",
    "andel_andre_kommuner": "Andel andre kommuner (%)",
    "andel_i_alt": "Andel andre kommuner i alt (%)",
    "beskrivelse_tegn": "Tegn i beskrivelsen",
}

# Computed whole numbers that are years or numbers of years, not amounts: shown without a thousands separator.
PLAIN_FIGURES = {"pl", "tilbagebetalingstid_service", "tilbagebetalingstid_totaløkonomi", "tilbagebetalt_totaløkonomi",
                 "seneste_år"}
