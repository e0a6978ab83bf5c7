"""Tabel 1 (effektiviseringsforslag) or Tabel 2 (investeringsforslag) of a proposal's form, read into
`økonomi`: its rows by part, the totals the form states under `oplyst`, and the row notes."""

from __future__ import annotations

import re

from kkdocs.case_types.proposals.form_reading import (Reading, find_section, prose, section_blocks, section_of, tables,
                                                      year_header)
from kkdocs.word_import.danish_numbers import NotANumber, is_blank, parse_years
from kkdocs.word_import.docx_reader import Paragraph, Table, plain
from kkdocs.word_import.form_parts import (Block, caption_of, cell_at, first_cell, is_title, rich_text, where,
                                           year_column_gaps)
from kkdocs.word_import.imported_case import Missing


# the totals the form states below the rows, and their fields under `økonomi.oplyst`
STATED_TOTALS = {"samlede implementeringsomkostninger": "samlede_implementeringsomkostninger",
                 "samlet økonomisk påvirkning": "samlet_økonomisk_påvirkning"}
STYRINGSOMRÅDER = {"service": "Service", "overførsler": "Overførsler", "overførselsudgifter": "Overførsler",
                   "anlæg": "Anlæg"}


class EconomyReader:
    def __init__(self, reading: Reading):
        self.reading = reading

    def read(self, investment: bool) -> None:
        """Tabel 1 or 2 into `økonomi`; a table that is missing, or has no year columns, is a gap."""
        økonomi: dict = {}
        self.reading.data["økonomi"] = økonomi
        number = "2" if investment else "1"
        text, after = self._prose_around()
        found = [b for b, _ in tables(self.reading.blocks) if _is_economy_table(b.item)]
        if not found:
            økonomi.update({"pl": Missing("«p/l, fx 2025»"), "år": Missing("«[første år, sidste år]»"),
                            "varige_ændringer": Missing("«rækkerne af Tabel 1/2»")})
            self.reading.gap(self.reading.documents[0].name, f"Tabel {number} (Forslagets samlede økonomiske "
                             "konsekvenser) findes ikke: ingen tabel har rækken 'Varige ændringer' eller 'Samlet "
                             "varig ændring'.", ("økonomi",))
            if text:
                økonomi["tekst"] = text
            return
        block, name = found[0], f"Tabel {number}"
        self.reading.places[("økonomi",)] = where(block, name)
        header_index, years = self._header(økonomi, block, name)
        if not years:
            return
        if text:
            økonomi["tekst"] = text
        if after:
            økonomi["tekst_efter_tabel"] = after
        self._rows(økonomi, block, name, header_index, years)

    def _prose_around(self) -> tuple[str | None, str | None]:
        """The prose above Tabel 1/2 (`økonomi.tekst`) and below it (`tekst_efter_tabel`)."""
        start = find_section(self.reading.blocks, "økonomi")
        if start is None:
            return None, None
        section = section_blocks(self.reading.blocks, start)
        at = next((i for i, b in enumerate(section) if isinstance(b.item, Table) and _is_economy_table(b.item)),
                  len(section))
        return rich_text(prose(section[:at])), rich_text(prose(section[at + 1:]))

    def _header(self, økonomi: dict, block: Block, name: str) -> tuple[int, dict[int, int]]:
        """The table's price level and years, written into `økonomi`; the header row's index and its years."""
        table: Table = block.item
        header_index, years = year_header(table)
        pl = _pl(table.rows[:header_index + 1])
        økonomi["pl"] = pl if pl is not None else Missing("«p/l, fx 2025»")
        if pl is None:
            self.reading.gap(where(block, name), "Tabellens hoved angiver ikke prisniveauet ('1.000 kr. 2025 p/l').",
                             ("økonomi", "pl"))
        udmøntning = self._udmøntning_pl()
        if udmøntning is not None and udmøntning != pl:
            økonomi["udmøntning_pl"] = udmøntning
        if years:
            økonomi["år"] = [min(years.values()), max(years.values())]
            self.reading.gaps += year_column_gaps(table, header_index, years, where(block, name), ("økonomi",))
        else:
            økonomi["år"] = Missing("«[første år, sidste år]»")
            self.reading.gap(where(block, name), "Tabellens hoved har ingen årstal.", ("økonomi", "år"))
        return header_index, years

    def _rows(self, økonomi: dict, block: Block, name: str, header_index: int, years: dict[int, int]) -> None:
        """The rows by part (varige ændringer, memoposter, implementering), and the totals the form states."""
        table: Table = block.item
        area_column = _area_column(table.rows[:header_index + 1])
        part = "varige_ændringer"
        total_stars = 0
        rows: dict[str, list] = {"varige_ændringer": [], "memoposter": [], "implementering": []}
        oplyst: dict = {}
        payback: dict = {}
        for number_in_table, row in enumerate(table.rows[header_index + 1:], start=header_index + 2):
            label = " ".join(first_cell(row).split()) if row else ""
            key = plain(label)
            if not row or all(is_blank(c.text) for c in row) or all(c.continued for c in row):
                continue
            here = where(block, f"{name}, række {number_in_table} ('{label[:50]}')")
            if key.startswith("varige ændringer"):
                part = "varige_ændringer"
            elif key.startswith("implementeringsomkostninger"):
                part = "implementering"
            elif key.startswith("samlet varig ændring"):
                oplyst["samlet_varig_ændring"] = self.reading.amounts(row, years, here, ("økonomi", "oplyst"))
                total_stars = len(label) - len(label.rstrip("*"))
                part = "memoposter"
                self.reading.places[("økonomi", "oplyst", "samlet_varig_ændring")] = here
            elif key.startswith(tuple(STATED_TOTALS)):
                field = next(f for label, f in STATED_TOTALS.items() if key.startswith(label))
                oplyst[field] = self.reading.amounts(row, years, here, ("økonomi", "oplyst"))
                self.reading.places[("økonomi", "oplyst", field)] = here
            elif key.startswith("tilbagebetalingstid"):
                self._payback(row, key, here, payback)
            else:
                rows[part].append(self._economy_row(part, row, years, area_column, here,
                                                    ("økonomi", part, len(rows[part]))))
        samlet_note = self._row_notes(block, [row for part_rows in rows.values() for row in part_rows], total_stars)
        if samlet_note:
            økonomi["samlet_note"] = samlet_note
        if not rows["varige_ændringer"]:
            self.reading.gap(where(block, name), "Tabellen har ingen rækker under 'Varige ændringer'.",
                             ("økonomi", "varige_ændringer"))
        for part_name, part_rows in rows.items():
            if part_rows or part_name == "varige_ændringer":
                økonomi[part_name] = part_rows
        if payback:
            oplyst["tilbagebetalingstid"] = payback
        oplyst = {k: v for k, v in oplyst.items() if v}
        if oplyst:
            økonomi["oplyst"] = oplyst

    def _payback(self, row, key: str, here: str, payback: dict) -> None:
        """A Tilbagebetalingstid row (service or totaløkonomi) into `payback`, in years."""
        kind = "totaløkonomi" if "total" in key else "service" if "service" in key else (
            "totaløkonomi" if "service" in payback else "service")
        value = " ".join(c.text for c in row[1:] if not is_blank(c.text))
        try:
            years_back = parse_years(value)
        except NotANumber:
            self.reading.gap(here, f"Tilbagebetalingstiden '{value}' kan ikke læses som et antal år.")
            return
        if years_back is None:
            self.reading.gap(here, "Formularen angiver, at forslaget ikke tilbagebetales; det kan ikke skrives under "
                             "oplyst, så kkdocs' egen beregning står alene.")
        else:
            payback[kind] = years_back
            self.reading.places[("økonomi", "oplyst", "tilbagebetalingstid", kind)] = here

    def _economy_row(self, part: str, row, years: dict, area_column: int | None, here: str, path) -> dict:
        label = " ".join(first_cell(row).split())
        self.reading.places[path] = here
        result: dict = {"tekst": label.rstrip("*").rstrip(), "_stjerner": len(label) - len(label.rstrip("*"))}
        if part != "memoposter":
            area = cell_at(row, area_column) if area_column is not None else None
            text = plain(area.text) if area is not None and area.column != 0 else ""
            if text in STYRINGSOMRÅDER:
                result["styringsområde"] = STYRINGSOMRÅDER[text]
            else:
                result["styringsområde"] = Missing("«Service, Overførsler eller Anlæg»")
                self.reading.gap(here, "Styringsområdet er " + (f"'{area.text.strip()}', ikke Service, Overførsler eller Anlæg"
                                                         if text else "ikke angivet") + "; skriv det i sagen.",
                         path + ("styringsområde",))
        result["beløb"] = self.reading.amounts(row, years, here, path + ("beløb",))
        return result

    def _row_notes(self, block: Block, table_rows: list[dict], total_stars: int) -> str | None:
        """The notes "*…", "**…" under the table, each given to the row marked with as many stars; the
        total row's note ("Samlet varig ændring*") is returned, for `økonomi.samlet_note`."""
        notes: dict[int, str] = {}
        start = self.reading.blocks.index(block)
        for later in self.reading.blocks[start + 1:]:
            if later.document != block.document or section_of(later) or caption_of(later) or \
                    isinstance(later.item, Table) or is_title(later):
                break
            for stars, text in re.findall(r"(?:^|\s)(\*+)\s*([^*]+)", later.item.text):
                notes[len(stars)] = " ".join(text.split())
        for row in table_rows:
            stars = row.pop("_stjerner", 0)
            if stars and stars in notes:
                row["note"] = notes.pop(stars)
        samlet_note = notes.pop(total_stars, None) if total_stars else None
        for stars, text in notes.items():
            self.reading.gap(where(block), f"Noten {'*' * stars} under tabellen hører ikke til en række med {'*' * stars} "
                             f"('{text[:60]}…'), så den er ikke med.")
        return samlet_note

    def _udmøntning_pl(self) -> int | None:
        for block in self.reading.blocks:
            if isinstance(block.item, Paragraph):
                match = re.search(r"udmøntes[^.]*?(\d{4})\s*p/l", plain(block.item.text))
                if match:
                    return int(match.group(1))
        return None


def _is_economy_table(table: Table) -> bool:
    labels = [plain(first_cell(r)) for r in table.rows]
    return any(label.startswith(("varige ændringer", "samlet varig ændring")) for label in labels)


def _pl(rows) -> int | None:
    for row in rows:
        for cell in row:
            match = re.search(r"(\d{4})\s*-?\s*p\s*/\s*l", plain(cell.text))
            if match:
                return int(match.group(1))
    return None


def _area_column(rows) -> int | None:
    for row in rows:
        for cell in row:
            if plain(cell.text).replace("-", "").replace(" ", "").startswith("styringsområde"):
                return cell.column
    return None
