"""Read an effektiviserings- or investeringsforslag (forslag, administrativt bilag, bilag) into case data.

The parts are those of the official form (seed 000) and of kkdocs' own templates: the title
block, the table of Kort resumé / Fremstillende forvaltning / Berørte forvaltninger, sections
1-4 with Tabel 1 or 2 and Tabel 3, the administrativt bilag's "Effektivisering på
administration", "Hvem er hørt?" and Tabel A/C, and each "BILAG n". Every part is looked up by
its heading or labels (form_parts.py); a part that is missing or cannot be read is a gap.

The totals the form states (Samlet varig ændring, Samlede implementeringsomkostninger, Samlet
økonomisk påvirkning, tilbagebetalingstid) go under `økonomi.oplyst`, and Tabel A's and C's
rows under `fordeling.beløb`, so that `kkdocs validate` checks the form's arithmetic.
"""

from __future__ import annotations

import re

from kkdocs.case_types.proposals.appendix_reader import APPENDIX_TITLE, read_appendices
from kkdocs.case_types.proposals.economy_reader import EconomyReader
from kkdocs.case_types.proposals.form_reading import Reading, find_section, prose, section_blocks, section_of, tables
from kkdocs.case_types.proposals.kvantum_reader import KvantumReader
from kkdocs.case_types.proposals.model import FOLLOW_UP_GROUPS, is_center_for_økonomi
from kkdocs.word_import.danish_dates import parse_date
from kkdocs.word_import.docx_reader import Cell, Paragraph, Table, WordDocument, plain
from kkdocs.word_import.form_parts import (Block, CFO_STANDARD, cell_at, first_cell, has_draft_mark, is_title,
                                           rich_text, stream, where)
from kkdocs.word_import.imported_case import ImportedCase, Missing, NULL


FORM_TITLE = re.compile(r"(?:administrativt bilag til\s+)?(tværgående\s+)?(effektiviserings?forslag|investeringsforslag)")
PROPOSALS = ("effektiviseringsforslag", "investeringsforslag")
VEDTAGET = re.compile(r"^(.*?)\s+((?:budget|ofs|overførselssag(?:en)?|bf)\s*\d{4}(?:\s*[-/]\s*\d{2,4})?)$", re.I)


def recognises(documents: list[WordDocument], updating: str | None) -> bool:
    """The form of either proposal, or its bilag alone when they update a proposal."""
    return is_proposal(documents) or (updating in PROPOSALS and has_appendix(documents))


def is_proposal(documents: list[WordDocument]) -> bool:
    return any(_form_title(b) for b in stream(documents))


def has_appendix(documents: list[WordDocument]) -> bool:
    """Whether the documents hold a "BILAG n" of a proposal (a bilag-N.docx alone has no form title)."""
    return any(isinstance(b.item, Paragraph) and b.index < 3 and APPENDIX_TITLE.fullmatch(plain(b.item.text))
               for b in stream(documents))


def _form_title(block: Block) -> re.Match | None:
    if not isinstance(block.item, Paragraph) or len(block.item.text) > 120:
        return None
    return FORM_TITLE.fullmatch(plain(block.item.text))


def read_proposal(documents: list[WordDocument], organisation, case_type: str | None = None) -> ImportedCase:
    """The proposal the documents hold; `case_type` names it when no document has the form's title
    (only bilag given, to update a case with --into)."""
    return _ProposalReader(sorted(documents, key=_reading_order), organisation).read(case_type)


def _reading_order(document: WordDocument) -> tuple[int, int]:
    """The forslag first, then the administrativt bilag, then the bilag by number (as the bundle has them)."""
    for item in document.blocks[:5]:
        if isinstance(item, Paragraph) and item.text.strip():
            text = plain(item.text)
            if FORM_TITLE.fullmatch(text):
                return (1, 0) if text.startswith("administrativt") else (0, 0)
            match = APPENDIX_TITLE.fullmatch(text)
            if match:
                return 2, int(match.group(1))
    return 3, 0


class _ProposalReader(Reading):

    # --- the whole ---------------------------------------------------------------------------

    def read(self, known_type: str | None = None) -> ImportedCase:
        titles = [(i, m) for i, b in enumerate(self.blocks) if (m := _form_title(b))]
        investment = any(m.group(2) == "investeringsforslag" for _, m in titles) or (
            not titles and known_type == "investeringsforslag")
        case_type = "investeringsforslag" if investment else "effektiviseringsforslag"
        data = self.data
        data["type"] = case_type
        self._title_block(titles)
        data["frist"] = Missing("«ÅÅÅÅ-MM-DD»")
        self.gap(self.documents[0].name, "Formularen angiver ikke fristen før udvalget; skriv den under frist.",
                 ("frist",))
        udkast = has_draft_mark(self.documents, self.blocks)
        if udkast:
            data["status"] = "udkast"
        else:
            data["status"] = Missing("«udkast, hørt eller godkendt»")
            self.gap(self.documents[0].name, "Formularen viser ikke sagens status (kun et UDKAST-mærke ville); "
                     "skriv udkast, hørt eller godkendt under status.", ("status",))
        data["tværgående"] = any(m.group(1) for _, m in titles)
        self._summary_table()
        data["beskrivelse"] = self._section_text("beskrivelse", "1. Beskrivelse af forslag", required=True)
        self._innovation(investment)
        EconomyReader(self).read(investment)
        fordeling = KvantumReader(self).read(investment)
        text = self._section_text("fordeling", "2.1 Fordeling på udvalg", required=False)
        if "beløb" not in fordeling:
            fordeling["nøgle"] = Missing("«vægte pr. udvalg (eller beløb pr. udvalg og år i stedet)»")
            self.gap(self.documents[0].name, "Tabel A (Måltalseffekt) findes ikke eller kan ikke læses, så "
                     "fordelingen på udvalg mangler; giv fordeling.nøgle eller fordeling.beløb, eller importér også "
                     "det administrative bilag.", ("fordeling", "nøgle"))
        data["fordeling"] = {"tekst": text, **fordeling} if text else fordeling
        self._follow_up(investment)
        data["implementering_og_opfølgning"] = self._section_text("implementering", "3. Implementering og opfølgning",
                                                                  required=True)
        data["risikovurdering"] = self._section_text("risikovurdering", "4. Risikovurdering", required=True)
        administration = self._section_text("administration", "Effektivisering på administration", required=False)
        if administration:
            data["administration"] = administration
        self._heard(investment)
        self._appendices()
        data = {k: v for k, v in data.items() if v is not None}
        if not titles:  # only bilag: the forslag's parts are not given, which is no gap of the form
            data = {k: v for k, v in data.items() if k in ("type", "bilag")}
            self.gaps = [g for g in self.gaps if g.path[:1] == ("bilag",)]
        imported = ImportedCase(case_type, data, [d.name for d in self.documents], self.gaps, self.stated,
                                places=self.places)
        for document in self.documents:
            imported.comments += [(document.name, c) for c in document.comments]
            imported.changes += [(document.name, c) for c in document.changes]
        return imported

    # --- title, summary, sections ----------------------------------------------------------------

    def _title_block(self, titles) -> None:
        forms = [i for i, m in titles if not plain(self.blocks[i].item.text).startswith("administrativt")]
        start = forms[0] if forms else (titles[0][0] if titles else None)
        lines: list[str] = []
        if start is not None:
            for block in self.blocks[start + 1:]:
                if block.document != self.blocks[start].document or isinstance(block.item, Table) or \
                        section_of(block) or is_title(block):
                    break
                text = " ".join(block.item.text.split())
                if plain(text) == "udkast":
                    continue
                if text:
                    lines.append(text)
                if len(lines) == 2:
                    break
        place = self.blocks[start].document if start is not None else self.documents[0].name
        self.places[("titel",)] = self.places[("sag",)] = f"{place}, titelblokken"
        if start is None:
            self.gap(self.documents[0].name, "Dokumentet har ingen overskrift som 'TVÆRGÅENDE "
                     "INVESTERINGSFORSLAG' eller 'EFFEKTIVISERINGSFORSLAG'; typen er gættet ud fra tabellerne.")
        if len(lines) == 2:
            self.data["titel"], self.data["sag"] = lines[1], lines[0]
        elif len(lines) == 1:
            self.data["titel"] = lines[0]
            self.data["sag"] = Missing("«budgetprocessen, fx OFS 2023-2024»")
            self.gap(place, "Titelblokken nævner ikke budgetprocessen (fx 'OFS 2023-2024') over titlen; skriv den "
                     "under sag.", ("sag",))
        else:
            self.data["titel"] = Missing("«forslagets titel»")
            self.data["sag"] = Missing("«budgetprocessen, fx OFS 2023-2024»")
            self.gap(place, "Titelblokken (budgetprocessen og forslagets titel under overskriften) mangler.",
                     ("titel",))

    def _label_rows(self):
        """(block, row) of every table row, for the label rows of the summary table wherever they are."""
        for block in self.blocks:
            if isinstance(block.item, Table):
                for row in block.item.rows:
                    yield block, row

    def _labelled(self, label: str):
        """(block, cells after the label) of the table row labelled `label`, or of a paragraph "Label: text"
        (the official form has these in a text box, too)."""
        for block, row in self._label_rows():
            if len(row) >= 2 and plain(first_cell(row)).rstrip(" :").startswith(label):
                return block, row
        for block in self.blocks:
            if isinstance(block.item, Paragraph) and plain(block.item.text).startswith(label) and ":" in block.item.text:
                rest = block.item.text.split(":", 1)[1].strip()
                if rest:
                    item = Paragraph(rest, block.item.style, block.item.bold, block.item.list_kind, False, None)
                    return block, (None, Cell(rest, (item,), 1, 1, False))
        return None, None

    def _summary_table(self) -> None:
        data = self.data
        block, row = self._labelled("kort resumé")
        if row is not None:
            data["kort_resumé"] = rich_text(_cell_paragraphs(row[1:]))
            self.places[("kort_resumé",)] = where(block, "Kort resumé")
        if not data.get("kort_resumé"):
            data["kort_resumé"] = Missing("«kort resumé»")
            self.gap(where(block) if block else self.documents[0].name,
                     "Feltet 'Kort resumé' findes ikke eller er tomt.", ("kort_resumé",))
        block, row = self._labelled("fremstillende forvalt")
        name = " ".join(" ".join(c.text for c in row[1:]).split()) if row is not None else ""
        if block is not None:
            self.places[("fremstillende_forvaltning",)] = where(block, "Fremstillende forvaltning")
        if name:
            code = self._forvaltning_code(name)
            data["fremstillende_forvaltning"] = code or name
            if code is None:
                self.gap(where(block, "Fremstillende forvaltning"), f"'{name}' er ikke en forvaltning i "
                         "organisation.yaml; teksten er skrevet, som den står.", ("fremstillende_forvaltning",))
        else:
            data["fremstillende_forvaltning"] = Missing("«forvaltningens kode, fx ØKF»")
            self.gap(where(block) if block else self.documents[0].name,
                     "Feltet 'Fremstillende forvaltning' findes ikke eller er tomt.", ("fremstillende_forvaltning",))
        block, row = self._labelled("berørte forvalt")
        if row is None:
            data["berørte_forvaltninger"] = Missing("«koderne på de berørte forvaltninger»")
            self.gap(self.documents[0].name, "Feltet 'Berørte forvaltninger' med afkrydsningsfelterne findes ikke.",
                     ("berørte_forvaltninger",))
            return
        self.places[("berørte_forvaltninger",)] = where(block, "Berørte forvaltninger")
        chosen = []
        for mark, name in re.findall(r"([☒☐☑✓✔■□])\s*([^☒☐☑✓✔■□]*)", " ".join(c.text for c in row[1:])):
            if mark in "☒☑✓✔■":
                name = " ".join(plain(name).split())
                code = self._forvaltning_code(name)
                if code is None:
                    self.gap(where(block, "Berørte forvaltninger"), f"Den afkrydsede '{name}' er ikke en forvaltning "
                             "i organisation.yaml; den er udeladt.", ("berørte_forvaltninger",))
                else:
                    chosen.append(code)
        order = list(self.organisation.forvaltninger) if self.organisation else []
        data["berørte_forvaltninger"] = sorted(set(chosen), key=lambda c: order.index(c) if c in order else 99)

    def _forvaltning_code(self, name: str) -> str | None:
        if self.organisation is None:
            return None
        wanted = plain(name).rstrip(" .")
        for code, forvaltning in self.organisation.forvaltninger.items():
            if wanted in (plain(forvaltning.navn), code.lower()):
                return code
        return None

    def _section_text(self, name: str, shown: str, required: bool) -> str | Missing | None:
        start = find_section(self.blocks, name)
        key = {"beskrivelse": "beskrivelse", "implementering": "implementering_og_opfølgning",
               "risikovurdering": "risikovurdering", "administration": "administration",
               "fordeling": "fordeling"}[name]
        if start is None:
            if required:
                self.gap(self.documents[0].name, f"Afsnittet '{shown}' findes ikke (ingen overskrift med de ord).",
                         (key,))
                return Missing(f"«teksten til afsnittet {shown}»")
            return None
        self.places[(key,)] = where(self.blocks[start], f"afsnit '{' '.join(self.blocks[start].item.text.split())}'")
        paragraphs = prose(section_blocks(self.blocks, start))
        if name == "beskrivelse":
            paragraphs = [p for p in paragraphs if not _innovation_line(p)]
        text = rich_text(paragraphs)
        if text is None and required:
            self.gap(self.places[(key,)], f"Afsnittet '{shown}' er tomt.", (key,))
            return Missing(f"«teksten til afsnittet {shown}»")
        return text

    def _innovation(self, investment: bool) -> None:
        """The Ja/Nej box, which only the investeringsforslag has; an effektiviseringsforslag without it has none."""
        lines = [b for b in self.blocks if isinstance(b.item, Paragraph) and _innovation_line(b.item)]
        if not lines and not investment:
            return
        yes = [b for b in lines if re.match(r"^[☒☑✓✔■xX]\s*ja\b", plain(b.item.text))]
        no = [b for b in lines if re.match(r"^[☒☑✓✔■xX]\s*nej\b", plain(b.item.text))]
        if yes and not no:
            rest = re.sub(r"^\S\s*ja\b\s*", "", " ".join(yes[0].item.text.split()), flags=re.I)
            match = VEDTAGET.match(rest)
            self.places[("innovationsforslag",)] = where(yes[0], "innovationsforslag")
            if match:
                self.data["innovationsforslag"] = {"titel": match.group(1).strip(" ,.;"),
                                                   "vedtaget": match.group(2).strip()}
            else:
                self.data["innovationsforslag"] = {"titel": rest or Missing("«innovationsforslagets titel»"),
                                                   "vedtaget": Missing("«fx Budget 2024»")}
                self.gap(where(yes[0], "innovationsforslag"), "Ja er afkrydset, men hvornår innovationsforslaget "
                         "blev vedtaget (fx 'Budget 2024') kan ikke læses; skriv det under innovationsforslag.vedtaget.",
                         ("innovationsforslag", "vedtaget"))
        elif no and not yes:
            self.data["innovationsforslag"] = NULL
        else:
            self.data["innovationsforslag"] = Missing("«null eller {titel: …, vedtaget: …}»")
            self.gap(self.documents[0].name, "Det kan ikke læses, om forslaget udspringer af et innovationsforslag "
                     "(hverken Ja eller Nej er afkrydset, eller begge er).", ("innovationsforslag",))

    # --- Tabel 3, Hvem er hørt?, bilag -------------------------------------------------------------

    def _follow_up(self, investment: bool) -> None:
        found = [b for b, _ in tables(self.blocks)
                 if b.item.rows and plain(first_cell(b.item.rows[0])).startswith("opfølgningsmål")]
        if not found:
            if investment:
                self.gap(self.documents[0].name, "Tabel 3 (Forslagets opfølgningsmål) findes ikke.", ("opfølgning",))
            return
        block = found[0]
        self.places[("opfølgning",)] = where(block, "Tabel 3")
        goals = []
        group = None
        for number, row in enumerate(block.item.rows[1:], start=2):
            texts = [" ".join(c.text.split()) for c in row if not c.continued]
            filled = [t for t in texts if t]
            if not filled:
                continue
            if len(filled) == 1 and (len(row) == 1 or texts[0]):
                name = plain(filled[0])
                group = next((g for g in FOLLOW_UP_GROUPS if name.startswith(plain(g)[:14])), None)
                if group is None:
                    self.gap(where(block, f"Tabel 3, række {number}"), f"'{filled[0]}' er ikke en af gruppene "
                             f"'{FOLLOW_UP_GROUPS[0]}' og '{FOLLOW_UP_GROUPS[1]}'; målene under den er udeladt.",
                             ("opfølgning",))
                continue
            if group is None:
                self.gap(where(block, f"Tabel 3, række {number}"), "Målet står ikke under en af de to grupper; "
                         "det er udeladt.", ("opfølgning",))
                continue
            cells = (texts + ["", "", "", ""])[:4]
            goal = {"gruppe": group, "mål": cells[0], "måling": cells[1], "ansvarlig": cells[2], "tidspunkt": cells[3]}
            for key in ("mål", "måling", "ansvarlig", "tidspunkt"):
                if not goal[key]:
                    goal[key] = Missing(f"«{key}»")
                    self.gap(where(block, f"Tabel 3, række {number}"), f"Kolonnen '{key}' er tom.",
                             ("opfølgning", len(goals), key))
            self.places[("opfølgning", len(goals))] = where(block, f"Tabel 3, række {number}")
            goals.append(goal)
        self.data["opfølgning"] = goals

    def _heard(self, investment: bool) -> None:
        found = [b for b, _ in tables(self.blocks) if b.item.rows and _is_heard_table(b.item)]
        if not found:
            if any(d.name for d in self.documents if "bilag" in d.name.lower()) or find_section(self.blocks, "hørt"):
                self.gap(self.documents[-1].name, "Tabellerne under 'Hvem er hørt?' findes ikke.", ("hørt",))
            return
        heard = []
        for block in found:
            header = [plain(c.text) for c in block.item.rows[0]]
            answer_column = next((c.column for c, h in zip(block.item.rows[0], header) if h.startswith("ja/nej")), None)
            for number, row in enumerate(block.item.rows[1:], start=2):
                instans = " ".join(first_cell(row).split())
                if not instans or plain(instans) == "ikke relevant":
                    continue
                here = where(block, f"Hvem er hørt?, række {number} ('{instans[:40]}')")
                others = [c for c in row[1:] if answer_column is None or c.column != answer_column]
                answer = cell_at(row, answer_column) if answer_column is not None else None
                entry = {"instans": instans}
                lines = [line.strip() for c in others for line in c.text.split("\n") if line.strip()]
                if lines and (date := parse_date(lines[0])) is not None:
                    entry["dato"] = date
                    lines = lines[1:]
                note = " ".join(line for line in lines
                                if not (is_center_for_økonomi(instans) and plain(line).startswith(CFO_STANDARD)))
                if note:
                    entry["bemærkning"] = note
                said = plain(answer.text) if answer is not None else ""
                if said == "ja" and "dato" not in entry:  # heard without a date (seed 000's Digitaliseringschefkredsen)
                    entry["svar"] = "ja"
                    if lines and lines[0][0].isdigit():  # a date, written so that it cannot be read
                        self.gap(here, "Svaret er Ja, men datoen kan ikke læses (den skal stå først i cellen, fx "
                                 "'13. oktober 2023'); datoen er udeladt.", ("hørt", len(heard), "dato"))
                elif said == "nej" and "dato" in entry:  # without svar, a date prints Ja
                    entry["svar"] = "nej"
                self.places[("hørt", len(heard))] = here
                heard.append(entry)
        self.data["hørt"] = heard

    def _appendices(self) -> None:
        bilag = read_appendices(self.blocks, self.gap, self.places)
        if bilag:
            self.data["bilag"] = bilag


def _innovation_line(p: Paragraph) -> bool:
    return bool(re.match(r"^[☒☐☑✓✔■□xX]\s*(ja|nej)\b", plain(p.text)))


def _cell_paragraphs(cells) -> list[Paragraph]:
    return [p for c in cells if not c.continued for p in c.paragraphs]


def _is_heard_table(table: Table) -> bool:
    header = " ".join(plain(c.text) for c in table.rows[0])
    return "ja/nej" in header or "dato for orientering" in header or "samarbejdspartnere" in header


