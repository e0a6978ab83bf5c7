"""Case texts the hardening tests start from (valid as they stand; each test changes one thing)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_CASES = REPO / "data" / "sager"

# An investeringsforslag with every required part and one table bilag; tests/test_checks.py starts from it too.
INVESTMENT = """\
type: investeringsforslag
titel: Nyt fællessystem
sag: Budget 2025
frist: 2024-05-01
status: hørt
tværgående: true
fremstillende_forvaltning: ØKF
berørte_forvaltninger: [ØKF, SOF, BUF]
kort_resumé: Kort.
beskrivelse: Lang.
økonomi:
  pl: 2025
  år: [2024, 2028]
  varige_ændringer:
    - tekst: Bortfaldne opgaver
      styringsområde: Service
      årsværk: -4
      sats: 600
      indfasning: {2025: 0.5, 2026: 1, 2027: 1, 2028: 1}
  implementering:
    - tekst: Projektledelse
      styringsområde: Service
      beløb: {2024: 1000, 2025: 500}
  oplyst:
    samlet_varig_ændring: {2025: -1200, 2026: -2400, 2027: -2400, 2028: -2400}
    tilbagebetalingstid: {service: 3, totaløkonomi: 3}
fordeling:
  nøgle:
    Økonomiudvalget/Koncern IT: 1
    Socialudvalget: 2
    Børne- og Ungdomsudvalget: 3
opfølgning:
  - gruppe: Implementering og anvendelse af investeringsmidler
    mål: Systemet er i drift
    måling: Driftsrapport
    ansvarlig: Projektet
    tidspunkt: Maj 2025
  - gruppe: Realisering af effektiviseringer
    mål: Budgetter er reduceret
    måling: Budgetopfølgning
    ansvarlig: CFØ
    tidspunkt: September 2025
implementering_og_opfølgning: Plan.
risikovurdering: Lav.
hørt:
  - instans: Center for Økonomi, Økonomiforvaltningen
bilag:
  - titel: Tabel
    tabel: {kolonner: [A, B], rækker: [[x, 1]]}
"""


def with_bilag(bilag_yaml: str, base: str = INVESTMENT) -> str:
    """INVESTMENT with its bilag list replaced by `bilag_yaml` (list items, indented two spaces)."""
    head = base[:base.index("bilag:\n")]
    return head + "bilag:\n" + bilag_yaml.rstrip("\n") + "\n"
