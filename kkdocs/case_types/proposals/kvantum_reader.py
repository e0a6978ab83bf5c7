"""Tabel A and C of a proposal's administrativt bilag, read into `fordeling`: the amounts per udvalg,
and their stated totals."""

from __future__ import annotations

from kkdocs.case_types.proposals.form_reading import Reading, prose, tables, year_header
from kkdocs.word_import.danish_numbers import is_blank
from kkdocs.word_import.docx_reader import Table, plain
from kkdocs.word_import.form_parts import Block, first_cell, rich_text, where, year_column_gaps
from kkdocs.word_import.imported_case import StatedFigure


class KvantumReader:
    def __init__(self, reading: Reading):
        self.reading = reading

    def read(self, investment: bool) -> dict:
        fordeling: dict = {}
        found = {}
        for block, caption in tables(self.reading.blocks):
            if not _is_kvantum_table(block.item):
                continue
            letter = "c" if caption and caption.startswith("tabel c") else "a"
            if caption and "udmøntning" in caption:
                continue  # the same table in udmøntning p/l: computed from the other
            found.setdefault(letter, block)
        if "a" in found:
            beløb, total = self._kvantum_rows(found["a"], "Tabel A", ("fordeling", "beløb"))
            if beløb:
                fordeling["beløb"] = beløb
            if total:
                self.reading.stated.append(StatedFigure(where(found["a"], "Tabel A, Total"), "Tabel A's Total for {key}",
                                                "samlet_varig_ændring", total))
        if "c" in found and investment:
            before_c = self._text_between(found.get("a"), found["c"])
            if before_c:
                fordeling["tekst_før_tabel_c"] = before_c
            beløb, total = self._kvantum_rows(found["c"], "Tabel C", ("fordeling", "tabel_c", "beløb"))
            if beløb and beløb != fordeling.get("beløb"):
                tabel_c: dict = {"beløb": beløb}
                if total and total != self.reading.data.get("økonomi", {}).get("oplyst", {}).get("samlet_varig_ændring"):
                    tabel_c = {"total": total, "beløb": beløb}
                fordeling["tabel_c"] = tabel_c
            elif total:
                self.reading.stated.append(StatedFigure(where(found["c"], "Tabel C, Total"), "Tabel C's Total for {key}",
                                                "samlet_varig_ændring", total))
        return fordeling

    def _text_between(self, first: Block | None, second: Block) -> str | None:
        """The prose between Tabel A (and its notes) and Tabel C's caption: `fordeling.tekst_før_tabel_c`."""
        if first is None or first.document != second.document:
            return None
        start, end = self.reading.blocks.index(first), self.reading.blocks.index(second)
        return rich_text(prose(self.reading.blocks[start + 1:end]))

    def _kvantum_rows(self, block: Block, name: str, path) -> tuple[dict, dict]:
        table: Table = block.item
        header_index, years = year_header(table)
        beløb: dict = {}
        total: dict = {}
        self.reading.places[path] = where(block, name)
        self.reading.gaps += year_column_gaps(table, header_index, years, where(block, name), path[:-1])
        udvalg = None
        for number, row in enumerate(table.rows[header_index + 1:], start=header_index + 2):
            label = " ".join(first_cell(row).split())
            if not row or all(is_blank(c.text) for c in row):
                continue
            here = where(block, f"{name}, række {number} ('{label[:50]}')")
            if plain(label) in ("total", "i alt"):
                total = self.reading.amounts(row, years, here, path)
                continue
            key, udvalg = self._udvalg_key(label, udvalg)
            if key is None:
                self.reading.gap(here, f"'{label}' er hverken et udvalg eller en bevilling i organisation.yaml; rækken er "
                                 "skrevet, som den står.", path)
                key = label
            if key in beløb:
                self.reading.gap(here, f"'{label}' står to gange i {name}; kun den første række er med.", path)
                continue
            beløb[key] = self.reading.amounts(row, years, here, path + (key,))
        return beløb, total

    def _udvalg_key(self, label: str, current: str | None) -> tuple[str | None, str | None]:
        if self.reading.organisation is None:
            return label, current
        wanted = plain(label)
        for udvalg in self.reading.organisation.udvalg:
            if plain(udvalg.navn) == wanted:
                return udvalg.navn, udvalg.navn
        for udvalg in self.reading.organisation.udvalg:
            for bevilling in udvalg.bevillinger or []:
                if plain(bevilling) == wanted:
                    return f"{udvalg.navn}/{bevilling}", current
        return None, current


def _is_kvantum_table(table: Table) -> bool:
    return bool(table.rows) and plain(first_cell(table.rows[0])) == "udvalg" and \
        any(plain(first_cell(r)) in ("total", "i alt") for r in table.rows)
