"""`build/index.html`: one self-contained Danish page that says what a build did.

The page loads nothing: its CSS is inline, it has no scripts, fonts or images, and every link
is a relative path to a file in the build folder, so it works from a file share, a zip file or
a printout. `report_context` builds everything the template shows; the template only lays it
out, and autoescaping keeps titles such as `<Tabel & "x">` as text.

A build of a thousand cases is read by filtering it: radio buttons for build status, case
status, deadline and forældet (shown with a case's last good documents) hide the rows and
details that do not match, by CSS alone (`:has()`), and a CSS counter says how many are shown.
So the filters work without scripts too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import jinja2

from kkdocs.atomic_write import write_text_atomically
from kkdocs.batch.build_report import BUILT, FAILED, UNCHANGED, BuildReport, CaseOutcome, OutputFile
from kkdocs.case.model import CASE_TYPE_LABELS
from kkdocs.danish_format import format_amount, format_date_long, format_decimal
from kkdocs.findings import Finding

REPORT_NAME = "index.html"

NEAR_DAYS = 7  # a deadline this close (or passed) is red
SOON_DAYS = 14  # this close is amber

BUILD_STATUS_LABELS = {BUILT: "Bygget", UNCHANGED: "Uændret", FAILED: "Fejlet"}
CASE_STATUS_LABELS = {"udkast": "Udkast", "hørt": "Hørt", "godkendt": "Godkendt"}
KIND_LABELS = {**CASE_TYPE_LABELS, "pakke": "Udvalgspakke", "reference": "Referencedata"}
DOCUMENT_KINDS = {".pdf": "PDF", ".docx": "Word", ".xlsx": "Excel"}


@dataclass(frozen=True)
class Deadline:
    text: str  # "15. maj 2024"
    days: int
    days_text: str  # "12 dage tilbage", "overskredet for 3 dage siden"
    urgency: str  # "overskredet", "naer", "snart" or ""


@dataclass(frozen=True)
class FilterOption:
    key: str
    label: str
    shows: tuple[str, ...] = ()  # the values of the item's data attribute it shows; () shows all


@dataclass(frozen=True)
class Filter:
    name: str  # the items' data attribute (data-<name>) and the radio group's name
    legend: str
    options: tuple[FilterOption, ...]


FILTERS = (
    Filter("byggestatus", "Byggestatus", (
        FilterOption("alle", "Alle"), FilterOption("fejlet", "Fejlet", ("fejlet",)),
        FilterOption("bygget", "Bygget", ("bygget",)), FilterOption("uaendret", "Uændret", ("uaendret",)))),
    Filter("sagsstatus", "Sagens status", (
        FilterOption("alle", "Alle"), FilterOption("udkast", "Udkast", ("udkast",)),
        FilterOption("hoert", "Hørt", ("hoert",)), FilterOption("godkendt", "Godkendt", ("godkendt",)))),
    Filter("frist", "Frist", (
        FilterOption("alle", "Alle"), FilterOption("overskredet", "Overskredet", ("overskredet",)),
        FilterOption("naer", f"Inden for {NEAR_DAYS} dage", ("naer",)),
        FilterOption("snart", f"Inden for {SOON_DAYS} dage", ("naer", "snart")),
        FilterOption("senere", "Senere", ("senere",)))),
    Filter("foraeldet", "Forældet", (
        FilterOption("alle", "Alle"), FilterOption("ja", "Kun forældede", ("ja",)))),
)


@dataclass(frozen=True)
class Document:
    label: str  # the file name, or "Samlet PDF"
    kind: str  # PDF, Word or Excel
    href: str | None  # relative to index.html; None when the file is gone
    size: str
    main: bool  # the case's bundle or the package PDF
    archival: bool | None = None  # a PDF: True when tagged PDF/UA-1 and PDF/A-2b


@dataclass
class CaseView:
    id: str
    anchor: str
    titel: str
    kind: str
    file: str
    case_status: str
    case_status_key: str
    status: str
    status_key: str
    deadline: Deadline | None
    error: str | None
    outdated: bool  # the documents are those of the last good build
    fejl: int
    advarsler: int
    findings: list[Finding] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)

    @property
    def main_document(self) -> Document | None:
        return next((d for d in self.documents if d.main and d.href), None)

    @property
    def deadline_key(self) -> str:
        """What the deadline filter knows the item by: an urgency, "senere" or "ingen"."""
        if self.deadline is None:
            return "ingen"
        return self.deadline.urgency or "senere"

    @property
    def filter_values(self) -> dict[str, str]:
        """What each filter of FILTERS knows the item by (its data-<filter> attribute)."""
        return {"byggestatus": self.status_key, "sagsstatus": self.case_status_key or "ingen",
                "frist": self.deadline_key, "foraeldet": "ja" if self.outdated else "nej"}


@dataclass(frozen=True)
class Section:
    title: str
    date_label: str  # "Frist" for cases, "Mødedato" for packages
    items: list[CaseView]


def write_report(report: BuildReport, build_dir: Path, today: datetime.date) -> Path:
    """Write build_dir/index.html atomically and return its path."""
    target = build_dir / REPORT_NAME
    write_text_atomically(target, render_report(report, build_dir, today))
    return target


def render_report(report: BuildReport, build_dir: Path, today: datetime.date) -> str:
    return _template().render(report_context(report, build_dir, today))


def report_context(report: BuildReport, build_dir: Path, today: datetime.date) -> dict:
    views = [case_view(o, build_dir, today) for o in report.outcomes]
    by_kind = {kind: _by_deadline([v for v, o in zip(views, report.outcomes) if _group(o) == kind])
               for kind in ("reference", "sag", "pakke")}
    sections = [Section("Referencedata", "Frist", by_kind["reference"]),
                Section("Sager", "Frist", by_kind["sag"]),
                Section("Udvalgspakker", "Mødedato", by_kind["pakke"])]
    return {
        "sections": [s for s in sections if s.items],
        "summary": [("Bygget", report.count(BUILT), "bygget"), ("Uændret", report.count(UNCHANGED), "uaendret"),
                    ("Fejlet", report.count(FAILED), "fejlet"), ("Advarsler", report.advarsler, "advarsel")],
        "duration": format_duration(report.seconds),
        "started": format_timestamp(report.started),
        "today": format_date_long(today),
        "pdf": report.pdf,
        "converted_by": report.converted_by,
        "filters": FILTERS,
    }


def case_view(outcome: CaseOutcome, build_dir: Path, today: datetime.date) -> CaseView:
    return CaseView(
        id=outcome.id, anchor=f"{_group(outcome)}-{outcome.id}", titel=outcome.titel or outcome.id,
        kind=KIND_LABELS.get(outcome.kind, outcome.kind), file=outcome.file,
        case_status=CASE_STATUS_LABELS.get(outcome.case_status or "", outcome.case_status or ""),
        case_status_key=_css_key(outcome.case_status or ""),
        status=BUILD_STATUS_LABELS.get(outcome.status, outcome.status), status_key=_css_key(outcome.status),
        deadline=deadline(outcome.frist, today) if outcome.frist else None, error=outcome.error,
        outdated=bool(outcome.outdated_since),
        fejl=outcome.fejl, advarsler=outcome.advarsler,
        findings=sorted(outcome.findings, key=lambda f: (f.file, f.line, f.column, f.code)),
        documents=documents(outcome, build_dir))


def deadline(frist: datetime.date, today: datetime.date) -> Deadline:
    days = (frist - today).days
    if days < 0:
        urgency = "overskredet"
    elif days <= NEAR_DAYS:
        urgency = "naer"
    elif days <= SOON_DAYS:
        urgency = "snart"
    else:
        urgency = ""
    return Deadline(format_date_long(frist), days, days_left_text(days), urgency)


def days_left_text(days: int) -> str:
    """12 -> "12 dage tilbage", 1 -> "1 dag tilbage", 0 -> "frist i dag", -3 -> "overskredet for 3 dage siden"."""
    if days == 0:
        return "frist i dag"
    count = f"{format_amount(abs(days))} {'dag' if abs(days) == 1 else 'dage'}"
    return f"{count} tilbage" if days > 0 else f"overskredet for {count} siden"


def documents(outcome: CaseOutcome, build_dir: Path) -> list[Document]:
    """The case's PDF, Word and Excel files: the bundle first, then by kind and name."""
    found = [_document(o, outcome.id, build_dir) for o in outcome.outputs
             if PurePosixPath(o.path).suffix.lower() in DOCUMENT_KINDS]
    order = list(DOCUMENT_KINDS.values())
    return sorted(found, key=lambda d: (not d.main, order.index(d.kind), d.label))


def _document(output: OutputFile, owner: str, build_dir: Path) -> Document:
    path = PurePosixPath(output.path)
    main = path.name == f"{owner}.pdf"
    present = (build_dir / path).is_file()
    return Document(label="Samlet PDF" if main else path.name, kind=DOCUMENT_KINDS[path.suffix.lower()],
                    href=quote(path.as_posix()) if present else None, size=format_size(output.size), main=main,
                    archival=output.archival)


def format_size(size: int) -> str:
    """Bytes as a reader wants them: "830 B", "12 kB", "1,4 MB"."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{format_amount(round(size / 1000))} kB"
    return f"{format_decimal(size / 1_000_000, 1)} MB"


def format_duration(seconds: float) -> str:
    """2.34 -> "2,3 s"; 125 -> "2 min 5 s"."""
    if seconds < 60:
        return f"{format_decimal(round(seconds, 1), 1)} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def format_timestamp(moment: datetime.datetime) -> str:
    """A build time: "23. november 2025 kl. 12.04"."""
    return f"{format_date_long(moment.date())} kl. {moment.hour:02d}.{moment.minute:02d}"


def _group(outcome: CaseOutcome) -> str:
    return outcome.kind if outcome.kind in ("pakke", "reference") else "sag"


def _by_deadline(views: list[CaseView]) -> list[CaseView]:
    return sorted(views, key=lambda v: (v.deadline is None, v.deadline.days if v.deadline else 0, v.titel.casefold(),
                                        v.id))


def _css_key(value: str) -> str:
    return value.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


def _template() -> jinja2.Template:
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                                     lstrip_blocks=True)
    return environment.from_string(TEMPLATE)


TEMPLATE = """<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kkdocs">
<title>Byggerapport – kkdocs</title>
<style>
:root { --text: #1b1b1b; --muted: #5c5c5c; --line: #d4d4d4; --soft: #f4f4f2;
        --red: #a4161a; --red-bg: #fbe9e9; --amber: #7a4d00; --amber-bg: #fdf1d3;
        --green: #1d5e33; --green-bg: #e5f2e8; --blue: #0b4f8a; }
* { box-sizing: border-box; }
html { font-family: "Segoe UI", Calibri, Arial, "Liberation Sans", Helvetica, sans-serif;
       font-size: 15px; line-height: 1.45; color: var(--text); background: #fff; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 2px solid var(--text); }
h3 { font-size: 1.05rem; margin: 0 0 .35rem; }
a { color: var(--blue); }
.meta { color: var(--muted); margin: 0 0 1rem; }
.summary { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0; padding: 0; list-style: none; }
.summary li { border: 1px solid var(--line); border-radius: 4px; padding: .4rem .9rem; min-width: 7rem;
              background: var(--soft); }
.summary .number { display: block; font-size: 1.5rem; font-weight: 600; }
.summary .bygget.nonzero { background: var(--green-bg); border-color: var(--green); color: var(--green); }
.summary .fejlet.nonzero { background: var(--red-bg); border-color: var(--red); color: var(--red); }
.summary .advarsel.nonzero { background: var(--amber-bg); border-color: var(--amber); color: var(--amber); }
.notice { border-left: 4px solid var(--amber); background: var(--amber-bg); padding: .5rem .8rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
th { font-weight: 600; background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.nowrap { white-space: nowrap; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 3px; border: 1px solid var(--line);
         font-size: .85rem; white-space: nowrap; }
.badge.bygget { background: var(--green-bg); border-color: var(--green); color: var(--green); }
.badge.uaendret { background: var(--soft); color: var(--muted); }
.badge.fejlet { background: var(--red-bg); border-color: var(--red); color: var(--red); font-weight: 600; }
.badge.foraeldet { background: var(--amber-bg); border-color: var(--amber); color: var(--amber); font-weight: 600; }
.badge.udkast { background: var(--amber-bg); border-color: var(--amber); color: var(--amber); }
.badge.godkendt { background: var(--green-bg); border-color: var(--green); color: var(--green); }
.days.overskredet, .days.naer { color: var(--red); font-weight: 600; }
td.errors { color: var(--red); font-weight: 600; }
.days.snart { color: var(--amber); font-weight: 600; }
.case { content-visibility: auto; contain-intrinsic-size: auto 12rem; border: 1px solid var(--line); border-radius: 4px; padding: .9rem 1rem; margin: 0 0 1rem;
        break-inside: avoid; page-break-inside: avoid; }
.case.fejlet { border-left: 5px solid var(--red); }
.case.overskredet, .case.naer { border-top: 3px solid var(--red); }
.case.snart { border-top: 3px solid var(--amber); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.error { color: var(--red); font-weight: 600; margin: .5rem 0; }
.findings { margin: .6rem 0; font-size: .93rem; }
code, .findings .place { font-family: Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
                         font-size: .85em; }
.findings .place { white-space: nowrap; }
.level-fejl { color: var(--red); font-weight: 600; }
.level-advarsel { color: var(--amber); font-weight: 600; }
.documents { list-style: none; padding: 0; margin: .5rem 0 0; display: flex; flex-wrap: wrap; gap: .35rem .6rem; }
.documents li { border: 1px solid var(--line); border-radius: 3px; padding: .15rem .5rem; }
.documents li.main { font-weight: 600; border-color: var(--blue); }
.documents .kind { color: var(--muted); font-size: .8rem; margin-right: .3rem; }
.documents .size { color: var(--muted); font-size: .8rem; margin-left: .3rem; }
.documents .archival { color: var(--muted); font-size: .75rem; margin-left: .3rem; }
.documents .archival.not { color: var(--red); }
.none { color: var(--muted); }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: 1rem 0; padding: .6rem .9rem;
           border: 1px solid var(--line); border-radius: 4px; background: var(--soft); }
.filters fieldset { border: 0; margin: 0; padding: 0; }
.filters legend { font-weight: 600; padding: 0; margin-bottom: .15rem; }
.filters label { margin-right: .7rem; white-space: nowrap; }
table.overview { counter-reset: shown; }
table.overview tbody tr { counter-increment: shown; }
table.overview tfoot td { color: var(--muted); font-size: .9rem; }
table.overview tfoot td::before { content: "Viser " counter(shown) " af "; }
{% for filter in filters %}
{% for option in filter.options if option.shows %}
body:has(#filter-{{ filter.name }}-{{ option.key }}:checked) .filterable
{%- for value in option.shows %}:not([data-{{ filter.name }}="{{ value }}"]){% endfor %} { display: none; }
{% endfor %}
{% endfor %}
@media print {
  .filters { display: none; }
  .case { content-visibility: visible; }
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .summary li, th, .badge, .case, .notice { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
</head>
<body>
{% macro badge(key, text) %}<span class="badge {{ key }}">{{ text }}</span>{% endmacro %}
{% macro filter_data(item) %}{% for filter in filters %}{{ " " if not loop.first }}data-{{ filter.name }}="{{ item.filter_values[filter.name] }}"{% endfor %}{% endmacro %}
{% macro days(deadline) %}<span class="days {{ deadline.urgency }}">{{ deadline.days_text }}</span>{% endmacro %}
<header>
<h1>Byggerapport</h1>
<p class="meta">Bygget {{ started }} · tog {{ duration }} · dage regnet fra {{ today }}</p>
{% if converted_by %}<p class="meta">PDF'erne er konverteret af: {% for name, number in converted_by.items() %}{{ name }} ({{ number }}){{ ", " if not loop.last }}{% endfor %}</p>{% endif %}
<ul class="summary">
{% for label, number, key in summary %}
<li class="{{ key }}{% if number %} nonzero{% endif %}"><span class="number">{{ number }}</span>{{ label }}</li>
{% endfor %}
</ul>
{% if not pdf %}
<p class="notice">Bygget uden PDF (<code>--no-pdf</code>): der er kun Word- og Excel-filer,
og pakkerne er ikke samlet.</p>
{% endif %}
</header>
<main>
{% if not sections %}
<p class="none">Der var ingen sager eller pakker at bygge.</p>
{% else %}
<form class="filters" aria-label="Vis kun nogle af sagerne og pakkerne">
{% for filter in filters %}
<fieldset><legend>{{ filter.legend }}</legend>
{% for option in filter.options %}
<label><input type="radio" name="{{ filter.name }}" id="filter-{{ filter.name }}-{{ option.key }}"
{%- if not option.shows %} checked{% endif %}> {{ option.label }}</label>
{% endfor %}
</fieldset>
{% endfor %}
</form>
{% endif %}
{% for section in sections %}
<section>
<h2>{{ section.title }}</h2>
<table class="overview">
<thead><tr><th>{{ section.date_label }}</th><th>Dage</th><th>Titel</th><th>Type</th><th>Status</th>
<th>Byggestatus</th><th class="num">Fejl</th><th class="num">Advarsler</th><th>PDF</th></tr></thead>
<tbody>
{% for item in section.items %}
<tr class="filterable" {{ filter_data(item) }}>
<td class="nowrap">{{ item.deadline.text if item.deadline else "–" }}</td>
<td class="nowrap">{% if item.deadline %}{{ days(item.deadline) }}{% endif %}</td>
<td><a href="#{{ item.anchor }}">{{ item.titel }}</a></td>
<td>{{ item.kind }}</td>
<td>{% if item.case_status %}{{ badge(item.case_status_key, item.case_status) }}{% endif %}</td>
<td>{{ badge(item.status_key, item.status) }}{% if item.outdated %} {{ badge("foraeldet", "Forældet") }}{% endif %}</td>
<td class="num{% if item.fejl %} errors{% endif %}">{{ item.fejl }}</td>
<td class="num">{{ item.advarsler }}</td>
<td class="nowrap">{% if item.main_document %}<a href="{{ item.main_document.href }}">PDF</a>{% endif %}</td>
</tr>
{% endfor %}
</tbody>
<tfoot><tr><td colspan="9">{{ section.items | length }}</td></tr></tfoot>
</table>
</section>
{% endfor %}
{% for section in sections %}
<section>
<h2>{{ section.title }}: detaljer</h2>
{% for item in section.items %}
<article class="case filterable {{ item.status_key }} {{ item.deadline.urgency if item.deadline else '' }}"
 id="{{ item.anchor }}" {{ filter_data(item) }}>
<h3>{{ item.titel }}</h3>
<dl class="facts">
<dt>Type</dt><dd>{{ item.kind }}</dd>
{% if item.case_status %}<dt>Status</dt><dd>{{ badge(item.case_status_key, item.case_status) }}</dd>{% endif %}
<dt>Byggestatus</dt><dd>{{ badge(item.status_key, item.status) }}{% if item.outdated %} {{ badge("foraeldet", "Forældet") }}{% endif %}</dd>
{% if item.deadline %}
<dt>{{ section.date_label }}</dt><dd>{{ item.deadline.text }} · {{ days(item.deadline) }}</dd>
{% endif %}
<dt>Fil</dt><dd><code>{{ item.file }}</code></dd>
</dl>
{% if item.error %}<p class="error">{{ item.error }}</p>{% endif %}
{% if item.outdated %}<p class="notice">Dokumenterne herunder er forældede: de er fra sidste gode byg og viser ikke
de seneste ændringer.</p>{% endif %}
{% if item.findings %}
<table class="findings">
<thead><tr><th>Placering</th><th>Niveau</th><th>Kode</th><th>Meddelelse</th></tr></thead>
<tbody>
{% for finding in item.findings %}
<tr><td class="place">{{ finding.file }}:{{ finding.line }}:{{ finding.column }}</td>
<td class="level-{{ finding.level.value }}">{{ finding.level.value }}</td><td class="nowrap">{{ finding.code }}</td>
<td>{{ finding.message }}</td></tr>
{% endfor %}
</tbody>
</table>
{% endif %}
{% if item.documents %}
<ul class="documents">
{% for document in item.documents %}
<li{% if document.main %} class="main"{% endif %}><span class="kind">{{ document.kind }}</span>
{%- if document.href %}<a href="{{ document.href }}">{{ document.label }}</a>
{%- else %}{{ document.label }} (mangler){% endif %}
<span class="size">{{ document.size }}</span>
{%- if document.archival %} <span class="archival" title="tagget, til skærmlæsere og arkivering">PDF/UA · PDF/A</span>
{%- elif document.archival is false %} <span class="archival not" title="et bilag uden tags; se advarslen">ikke PDF/UA</span>{% endif %}</li>
{% endfor %}
</ul>
{% elif item.status_key != "fejlet" %}
<p class="none">Ingen dokumenter.</p>
{% endif %}
</article>
{% endfor %}
</section>
{% endfor %}
</main>
<footer>Skrevet af kkdocs. Siden henter intet fra nettet; alle links peger på filer i byggemappen.</footer>
</body>
</html>
"""
