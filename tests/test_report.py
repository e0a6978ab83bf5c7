"""build/index.html: escaped, self-contained, sorted by deadline, with links that resolve."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from kkdocs.batch.build_report import BUILT, BuildReport, CaseOutcome, FAILED, OutputFile, UNCHANGED
from kkdocs.batch.report import FILTERS, days_left_text, format_duration, format_size, render_report, write_report
from kkdocs.findings import Finding, Level

TODAY = datetime.date(2024, 5, 1)
HOSTILE = '<script>alert(1)</script> & "x"'


class Tags(HTMLParser):
    """Every tag with its attributes, and the page's text."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def values(self, attribute: str) -> list[str]:
        return [attrs[attribute] for _, attrs in self.tags if attrs.get(attribute) is not None]


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


def outputs(*paths: str) -> list[OutputFile]:
    return [OutputFile(p, "0" * 64, 12_345) for p in paths]


def sample_report() -> BuildReport:
    finding = Finding("data/sager/haster.yaml", 12, 5, Level.ADVARSEL, "B4-DRIFT",
                      "Der er implementeringsomkostninger i sidste år <2029> & mere.")
    error = Finding("data/sager/brudt.yaml", 3, 1, Level.FEJL, "FELT-UKENDT",
                    "Feltet 'titl' er ukendt: mente du 'titel'?")
    outcomes = [
        CaseOutcome("senere", "data/sager/senere.yaml", "effektiviseringsforslag", "Senere sag", UNCHANGED,
                    "godkendt", datetime.date(2024, 6, 30),
                    outputs=outputs("senere/senere.pdf", "senere/forslag.docx", "senere/kvantum.xlsx")),
        CaseOutcome("haster", "data/sager/haster.yaml", "investeringsforslag", HOSTILE, BUILT, "udkast",
                    datetime.date(2024, 4, 28), findings=[finding],
                    outputs=outputs("haster/haster.pdf", "haster/forslag.docx", "haster/forslag.pdf",
                                    "haster/administrativt-bilag.docx", "haster/kvantum.xlsx",
                                    "haster/økonomi.xlsx")),
        CaseOutcome("snart", "data/sager/snart.yaml", "fordelingsbilag", "Fordeling af & til", BUILT, "hørt",
                    datetime.date(2024, 5, 12), outputs=outputs("snart/snart.pdf", "snart/bilag.docx")),
        CaseOutcome("brudt", "data/sager/brudt.yaml", "laaneansoegning", "Lån til botilbud", FAILED, "hørt",
                    datetime.date(2024, 5, 6), findings=[error]),
        CaseOutcome("ofs-2024", "data/pakker/ofs-2024.yaml", "pakke", "Overførselssagen 2024", BUILT,
                    frist=datetime.date(2024, 5, 20),
                    outputs=outputs("pakker/ofs-2024.pdf", "pakker/ofs-2024-oversigt.xlsx")),
    ]
    return BuildReport(outcomes, 83.4, datetime.datetime(2024, 5, 1, 9, 7), pdf=True)


def create_outputs(report: BuildReport, build_dir: Path) -> None:
    for outcome in report.outcomes:
        for output in outcome.outputs:
            path = build_dir / output.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"%PDF-1.4\n" if path.suffix == ".pdf" else b"PK\x03\x04")


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, str]:
    report = sample_report()
    build_dir = tmp_path / "build med æ"
    create_outputs(report, build_dir)
    index = write_report(report, build_dir, TODAY)
    return index, index.read_text(encoding="utf-8")


def test_writes_index_html_atomically(built):
    index, page = built
    assert index.name == "index.html"
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="da">' in page
    assert not list(index.parent.glob(".index.html.*"))  # no temp file left


def test_hostile_title_is_escaped(built):
    _, page = built
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;x&#34;" in page
    assert "sidste år &lt;2029&gt; &amp; mere." in page
    assert HOSTILE in "".join(parse(page).text)  # the reader sees the title as written


def test_nothing_is_loaded_from_the_network(built):
    _, page = built
    tags = parse(page)
    assert not [t for t, _ in tags.tags if t in ("script", "img", "iframe", "object", "embed", "link")]
    for value in tags.values("href") + tags.values("src"):
        assert not re.match(r"(?i)^(https?:|//|[a-z][a-z0-9+.-]*:)", value), value
    assert "@import" not in page and "url(" not in page
    assert not re.search(r"(?i)(https?:)?//[a-z]", page.split("<style>")[1].split("</style>")[0])


def test_summary_counts_and_times(built):
    _, page = built
    summary = re.findall(r'<li class="(\w+)[^"]*"><span class="number">(\d+)</span>(\w+)</li>', page)
    assert summary == [("bygget", "3", "Bygget"), ("uaendret", "1", "Uændret"), ("fejlet", "1", "Fejlet"),
                       ("advarsel", "1", "Advarsler")]
    text = " ".join(" ".join(parse(page).text).split())
    assert "Bygget 1. maj 2024 kl. 09.07" in text
    assert "tog 1 min 23 s" in text


def test_deadlines_days_left_and_colours(built):
    _, page = built
    assert '<span class="days overskredet">overskredet for 3 dage siden</span>' in page
    assert '<span class="days naer">5 dage tilbage</span>' in page  # 6 May: within 7 days, red
    assert '<span class="days snart">11 dage tilbage</span>' in page  # 12 May: within 14 days, amber
    assert '<span class="days ">60 dage tilbage</span>' in page
    assert "28. april 2024" in page and "30. juni 2024" in page


def test_cases_sorted_by_deadline_packages_apart(built):
    _, page = built
    overview = page.split("<h2>Sager</h2>")[1].split("</table>")[0]
    order = [overview.index(s) for s in ("&lt;script&gt;", "Lån til botilbud", "Fordeling af &amp; til", "Senere sag")]
    assert order == sorted(order)
    assert "Overførselssagen 2024" not in overview
    assert "<h2>Udvalgspakker</h2>" in page and "Mødedato" in page


def test_status_findings_and_error_shown(built):
    _, page = built
    assert "Udkast" in page and "Hørt" in page and "Godkendt" in page
    assert "Bygget" in page and "Uændret" in page and "Fejlet" in page
    assert "data/sager/haster.yaml:12:5" in page and "B4-DRIFT" in page
    assert '<td class="level-advarsel">advarsel</td>' in page
    assert "data/sager/brudt.yaml:3:1" in page and "mente du &#39;titel&#39;?" in page


def test_every_item_carries_every_filter_and_the_outdated_ones_are_marked(tmp_path):
    report = sample_report()
    report.outcomes[3].outdated_since = "2024-04-30T08:17:00"  # brudt kept its last good documents
    page = parse(render_report(report, tmp_path, TODAY))
    items = [attrs for _, attrs in page.tags if "filterable" in (attrs.get("class") or "").split()]
    assert len(items) == 2 * len(report.outcomes)  # a row and a details block each
    for group in FILTERS:
        assert all(f"data-{group.name}" in attrs for attrs in items), group.name
        assert {f"filter-{group.name}-{option.key}" for option in group.options} <= set(page.values("id"))
    assert sorted(attrs["data-foraeldet"] for attrs in items) == ["ja"] * 2 + ["nej"] * 8
    assert "Kun forældede" in "".join(page.text)


def test_links_are_relative_and_resolve(built):
    index, page = built
    hrefs = [h for h in parse(page).values("href") if not h.startswith("#")]
    assert "haster/haster.pdf" in hrefs and "haster/%C3%B8konomi.xlsx" in hrefs
    assert "senere/forslag.docx" in hrefs and "pakker/ofs-2024-oversigt.xlsx" in hrefs
    for href in hrefs:
        assert not href.startswith("/") and ".." not in href
        assert (index.parent / unquote(urlsplit(href).path)).is_file(), href
    anchors = set(parse(page).values("id"))
    assert {h[1:] for h in parse(page).values("href") if h.startswith("#")} <= anchors


def test_missing_output_is_named_not_linked(tmp_path):
    report = sample_report()
    create_outputs(report, tmp_path)
    (tmp_path / "senere" / "kvantum.xlsx").unlink()
    page = render_report(report, tmp_path, TODAY)
    assert "kvantum.xlsx (mangler)" in page
    assert 'href="senere/kvantum.xlsx"' not in page


def test_no_pdf_build_and_empty_build(tmp_path):
    page = render_report(BuildReport([], 0.04, datetime.datetime(2024, 5, 1, 9, 0), pdf=False), tmp_path, TODAY)
    assert "Bygget uden PDF" in page
    assert "Der var ingen sager eller pakker at bygge." in page
    assert "tog 0,0 s" in page


@pytest.mark.parametrize("days, text", [(12, "12 dage tilbage"), (1, "1 dag tilbage"), (0, "frist i dag"),
                                        (-1, "overskredet for 1 dag siden"),
                                        (-1200, "overskredet for 1.200 dage siden")])
def test_days_left_text(days, text):
    assert days_left_text(days) == text


def test_sizes_and_durations():
    assert [format_size(n) for n in (830, 12_345, 1_420_000)] == ["830 B", "12 kB", "1,4 MB"]
    assert [format_duration(s) for s in (2.34, 59.94, 125)] == ["2,3 s", "59,9 s", "2 min 5 s"]


# --- the page in a real browser ---------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium er ikke installeret (CI: apt-get install -y chromium)")
def test_page_renders_in_headless_chromium(built, tmp_path):
    from PIL import Image, ImageStat

    index, _ = built
    screenshot = tmp_path / "index.png"
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp_path / 'profil'}", f"--screenshot={screenshot}", "--window-size=1280,1600",
               index.as_uri()]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert screenshot.is_file(), completed.stderr[-2000:]
    with Image.open(screenshot) as image:
        assert image.size == (1280, 1600)
        grey = image.convert("L")
        low, high = grey.getextrema()
        assert high - low > 100  # text on a background, not one flat colour
        assert ImageStat.Stat(grey).mean[0] > 150  # a light page with dark text
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
        assert any(r > 140 and g < 80 and b < 80 for _, (r, g, b) in colours)  # the red of a passed deadline


# A page that opens build/index.html in a frame, clicks each filter and counts what is shown.
FILTER_PROBE = """<!DOCTYPE html><html><body><pre id="out"></pre>
<iframe id="page" src="index.html"></iframe>
<script>
const frame = document.getElementById("page");
frame.addEventListener("load", () => {
  const doc = frame.contentDocument;
  const shown = (selector) => [...doc.querySelectorAll(selector)].filter(e => e.offsetParent !== null).length;
  const counts = {};
  for (const radio of doc.querySelectorAll(".filters input[type=radio]")) {
    radio.click();
    counts[radio.id] = [shown("table.overview tbody tr"), shown("article.case")];
    doc.getElementById(radio.id.replace(/-[^-]*$/, "-alle")).click();
  }
  document.getElementById("out").textContent = JSON.stringify(counts);
});
</script></body></html>"""


def many_outcomes(count: int) -> list[CaseOutcome]:
    """Cases spread over every build status, case status and deadline, by a fixed rule; every other
    failed case kept its last good documents (forældet)."""
    statuses, case_statuses = [BUILT, UNCHANGED, FAILED], ["udkast", "hørt", "godkendt"]
    return [CaseOutcome(f"sag-{n:04d}", f"data/sager/sag-{n:04d}.yaml", "fordelingsbilag", f"Sag {n}",
                        statuses[n % 3], case_statuses[n // 3 % 3], TODAY + datetime.timedelta(days=n % 40 - 10),
                        outputs=outputs(f"sag-{n:04d}/sag-{n:04d}.pdf"),
                        outdated_since="2024-04-30T08:17:00" if n % 6 == 2 else None)
            for n in range(count)]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium er ikke installeret (CI: apt-get install -y chromium)")
def test_a_thousand_cases_can_be_filtered_by_status_and_deadline_in_chromium(tmp_path):
    import json

    outcomes = many_outcomes(1000)
    report = BuildReport(outcomes, 600.0, datetime.datetime(2024, 5, 1, 9, 0), pdf=True)
    build_dir = tmp_path / "build"
    create_outputs(report, build_dir)
    write_report(report, build_dir, TODAY)
    (build_dir / "probe.html").write_text(FILTER_PROBE, encoding="utf-8")
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--allow-file-access-from-files", f"--user-data-dir={tmp_path / 'profil'}", "--dump-dom",
               (build_dir / "probe.html").as_uri()]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=120).stdout
    counts = json.loads(re.search(r'<pre id="out">(.*?)</pre>', dom, re.S).group(1).replace("&quot;", '"'))

    def days(o: CaseOutcome) -> int:
        return (o.frist - TODAY).days

    expected = {
        "filter-byggestatus-alle": outcomes, "filter-sagsstatus-alle": outcomes, "filter-frist-alle": outcomes,
        "filter-byggestatus-fejlet": [o for o in outcomes if o.status == FAILED],
        "filter-byggestatus-bygget": [o for o in outcomes if o.status == BUILT],
        "filter-byggestatus-uaendret": [o for o in outcomes if o.status == UNCHANGED],
        "filter-sagsstatus-udkast": [o for o in outcomes if o.case_status == "udkast"],
        "filter-sagsstatus-hoert": [o for o in outcomes if o.case_status == "hørt"],
        "filter-sagsstatus-godkendt": [o for o in outcomes if o.case_status == "godkendt"],
        "filter-frist-overskredet": [o for o in outcomes if days(o) < 0],
        "filter-frist-naer": [o for o in outcomes if 0 <= days(o) <= 7],
        "filter-frist-snart": [o for o in outcomes if 0 <= days(o) <= 14],
        "filter-frist-senere": [o for o in outcomes if days(o) > 14],
        "filter-foraeldet-alle": outcomes,
        "filter-foraeldet-ja": [o for o in outcomes if o.outdated_since],
    }
    assert set(counts) == set(expected)
    for radio, cases in expected.items():
        assert counts[radio] == [len(cases), len(cases)], radio
