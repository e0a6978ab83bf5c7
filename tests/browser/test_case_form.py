"""The case as a form in a real Chromium: typing changes totals and findings, saving keeps the file's layout.

Each test types as a person would (click, select all, type; Tab and Enter for the keyboard) into
`kkdocs serve` running on the example workspace, and reads back what the page shows and what
the case file holds. Expected figures come from the library's own check of the same edit made
directly in the file, never from the page.
"""

from __future__ import annotations

import json
import time

import pytest
from ruamel.yaml import YAML

from .serving import axe_violations, open_case, screenshot, settled, type_into, wait_for
from kkdocs.batch.validate import check_case
from kkdocs.checks.reference_data import load_reference
from kkdocs.danish_format import format_amount
from kkdocs.serve.form_view import element_id
from kkdocs.workspace import Workspace

pytestmark = pytest.mark.browser

CASE = "mobilhaandtering"


def name(*path) -> str:
    return json.dumps(list(path), ensure_ascii=False)


def live_total(browser, label: str, column: int) -> str:
    from selenium.webdriver.common.by import By

    cells = browser.find_elements(By.XPATH, f"//section[@id='live']//tr[th[normalize-space()='{label}']]/td")
    return cells[column].text if len(cells) > column else ""


def figures_of(served, text: str):
    workspace = Workspace(served.root)
    return check_case(served.case(CASE), workspace, load_reference(workspace), text)


def edited(served, old: str, new: str) -> str:
    text = served.case(CASE).read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_a_figure_typed_into_a_year_grid_changes_the_totals_and_the_payback(browser, served):
    expected = figures_of(served, edited(served, "beløb: {2024: 1000, 2025: 700, 2026: 200}",
                                         "beløb: {2024: 1000, 2025: 700, 2026: 200, 2027: 9000}")).figures
    before = figures_of(served, served.case(CASE).read_text(encoding="utf-8")).figures
    assert expected.samlede_implementeringsomkostninger != before.samlede_implementeringsomkostninger
    assert expected.tilbagebetalingstid_totaløkonomi != before.tilbagebetalingstid_totaløkonomi
    open_case(browser, served, CASE)
    column = list(expected.years).index(2027)
    assert live_total(browser, "Samlede implementeringsomkostninger", column) == ""

    type_into(browser, ("økonomi", "implementering", 0, "beløb", 2027), "9.000")

    shown = format_amount(expected.samlede_implementeringsomkostninger[2027])
    wait_for(browser, lambda: live_total(browser, "Samlede implementeringsomkostninger", column) == shown)
    screenshot(browser, "sag-totaler.png")
    payback = browser.execute_script(
        "const dt = [...document.querySelectorAll('#live dt')].find(d => d.textContent.includes('totaløkonomi (år)'));"
        "return dt ? dt.nextElementSibling.textContent : null")
    assert payback == str(expected.tilbagebetalingstid_totaløkonomi) or (
        expected.tilbagebetalingstid_totaløkonomi is None and payback == "–")


def test_a_phase_in_of_50_shows_tal_indfasning_at_that_field_and_the_page_passes_axe(browser, served):
    from selenium.webdriver.common.by import By

    open_case(browser, served, CASE)
    path = ("økonomi", "varige_ændringer", 0, "indfasning", 2027)
    type_into(browser, (*path,), "50")

    box_id = element_id(path) + "-fund"
    text = wait_for(browser, lambda: browser.find_element(By.ID, box_id).text)
    assert "TAL-INDFASNING" in text
    field = browser.find_element(By.ID, element_id(path))
    assert field.get_attribute("aria-invalid") == "true"
    assert box_id in field.get_attribute("aria-describedby").split()
    listed = browser.find_elements(By.CSS_SELECTOR, "#live .fund-liste li[data-kode='TAL-INDFASNING'] a")
    assert listed and listed[0].get_attribute("href").endswith("#" + element_id(path))
    assert "fejl" in browser.find_element(By.ID, "meddelelse").text
    screenshot(browser, "sag-med-fund.png")
    assert axe_violations(browser) == []


def test_118_400_typed_into_a_key_is_written_as_118400(browser, served):
    from selenium.webdriver.common.by import By

    open_case(browser, served, CASE)
    keys = browser.find_elements(By.CSS_SELECTOR, "select[name^='[\"fordeling\", \"nøgle\", \"#navn\"']")
    first = next(k for k in keys if k.get_attribute("value") == "Økonomiudvalget")
    index = json.loads(first.get_attribute("name"))[-1]
    type_into(browser, ("fordeling", "nøgle", "#værdi", index), "118.400")
    wait_for(browser, lambda: settled(browser))
    browser.find_element(By.CSS_SELECTOR, "button.gem").click()
    wait_for(browser, lambda: "Gemt" in browser.find_element(By.ID, "gem-svar").text)

    saved = YAML(typ="safe").load(served.case(CASE).read_text(encoding="utf-8"))
    assert saved["fordeling"]["nøgle"]["Økonomiudvalget"] == 118400
    assert "Økonomiudvalget: 118400\n" in served.case(CASE).read_text(encoding="utf-8")


def test_saving_changes_only_the_field_typed_in_and_keeps_comments_and_wrapping(browser, served):
    from selenium.webdriver.common.by import By

    # a paragraph wrapped by hand as a plain (unquoted) text, which a YAML writer would join into one line
    path = served.case(CASE)
    wrapped = ("implementering_og_opfølgning: Implementeringen indeholder en række projektspor, som skal\n"
               "  koordineres og gennemføres i tæt sammenhæng med hinanden.\n")
    text = path.read_text(encoding="utf-8")
    start = text.index("implementering_og_opfølgning: |")
    path.write_text(text[:start] + wrapped + text[text.index("\nrisikovurdering:", start) :], encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    assert wrapped in before
    assert "# dato: udfyldes, når Center for Økonomi har godkendt forslaget" in before
    assert "kort_resumé: >\n  Forslaget præsenterer en ny ordning for håndteringen af mobiltelefoner og tablets i\n" in before
    open_case(browser, served, CASE)
    type_into(browser, ("titel",), "Mobilhåndtering samlet i Koncern IT")
    wait_for(browser, lambda: settled(browser))
    browser.find_element(By.CSS_SELECTOR, "button.gem").click()
    wait_for(browser, lambda: "Gemt" in browser.find_element(By.ID, "gem-svar").text)

    after = served.case(CASE).read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(before.splitlines()) == len(after.splitlines())
    assert changed == [("titel: Administrative lettelser i mobilhåndteringen", "titel: Mobilhåndtering samlet i Koncern IT")]


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(browser, served):
    from selenium.webdriver.common.by import By

    open_case(browser, served, CASE)
    path = served.case(CASE)
    by_colleague = path.read_text(encoding="utf-8").replace("status: hørt", "status: godkendt  # af en kollega")
    path.write_text(by_colleague, encoding="utf-8")

    type_into(browser, ("risikovurdering",), "Ingen risiko.")
    wait_for(browser, lambda: settled(browser))
    browser.find_element(By.CSS_SELECTOR, "button.gem").click()
    message = wait_for(browser, lambda: browser.find_element(By.ID, "gem-svar").text)

    assert "Ikke gemt" in message and "ændret på disken" in message
    diff = browser.find_element(By.CSS_SELECTOR, "#gem-svar pre.forskel").text
    assert "-status: godkendt  # af en kollega" in diff and "+status: hørt" in diff
    assert "+  Ingen risiko." in diff  # the literal block (|) the file had keeps its style
    assert path.read_text(encoding="utf-8") == by_colleague


def test_a_case_with_fejl_is_saved_as_a_draft_and_says_so(browser, served):
    from selenium.webdriver.common.by import By

    open_case(browser, served, CASE)
    type_into(browser, ("økonomi", "varige_ændringer", 1, "indfasning", 2026), "100")
    wait_for(browser, lambda: "TAL-INDFASNING" in browser.find_element(By.ID, "live").text)
    browser.find_element(By.CSS_SELECTOR, "button.gem").click()
    message = wait_for(browser, lambda: browser.find_element(By.ID, "gem-svar").text)
    assert message.startswith("Gemt som udkast")
    workspace = Workspace(served.root)
    codes = {f.code for f in check_case(served.case(CASE), workspace, load_reference(workspace)).findings}
    assert "TAL-INDFASNING" in codes


def test_a_new_row_entered_with_the_keyboard_alone(browser, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_case(browser, served, CASE)
    add = browser.find_element(By.ID, element_id(("økonomi", "memoposter")) + "-tilfoej")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", add)
    # reach the button from the field before it with Tab, as a keyboard user does
    last_note = browser.find_elements(By.CSS_SELECTOR, f"#{element_id(('økonomi', 'memoposter'))} textarea")[-1]
    last_note.click()
    active = browser.switch_to.active_element
    for _ in range(40):
        if active.get_attribute("id") == add.get_attribute("id"):
            break
        active.send_keys(Keys.TAB)
        active = browser.switch_to.active_element
    assert active.get_attribute("id") == add.get_attribute("id")
    active.send_keys(Keys.ENTER)

    new_text = ("økonomi", "memoposter", 1, "tekst")
    wait_for(browser, lambda: browser.switch_to.active_element.get_attribute("id") == element_id(new_text))
    browser.switch_to.active_element.send_keys("Færre licenser")
    for year, amount in ((2026, "−100"), (2027, "−200")):
        browser.find_element(By.ID, element_id(("økonomi", "memoposter", 1, "beløb", year))).send_keys(amount)
    wait_for(browser, lambda: settled(browser))
    time.sleep(0.5)
    wait_for(browser, lambda: settled(browser))
    browser.find_element(By.CSS_SELECTOR, "button.gem").send_keys(Keys.ENTER)
    wait_for(browser, lambda: "Gemt" in browser.find_element(By.ID, "gem-svar").text)

    saved = YAML(typ="safe").load(served.case(CASE).read_text(encoding="utf-8"))
    assert saved["økonomi"]["memoposter"][1] == {"tekst": "Færre licenser", "beløb": {2026: -100, 2027: -200}}


def test_the_overview_lists_the_cases_and_passes_axe(browser, served):
    from selenium.webdriver.common.by import By

    browser.get(served.url + "/")
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "table.oversigt a")]
    assert any(link.endswith(f"/sag/{CASE}") for link in links)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "da"
    screenshot(browser, "oversigt.png")
    assert axe_violations(browser) == []


def test_a_new_last_year_gives_the_year_grids_a_column_for_it(browser, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_case(browser, served, CASE)
    new_cell = element_id(("økonomi", "implementering", 0, "beløb", 2030))
    assert not browser.find_elements(By.ID, new_cell)
    type_into(browser, ("økonomi", "år", 1), "2030")
    browser.switch_to.active_element.send_keys(Keys.TAB)

    wait_for(browser, lambda: browser.find_elements(By.ID, new_cell))
    assert browser.switch_to.active_element.get_attribute("id") == element_id(("økonomi", "år", 1))
    assert browser.find_element(By.ID, element_id(("økonomi", "år", 1))).get_attribute("value") == "2030"


def test_a_row_of_a_bilag_table_removed_with_the_keyboard(browser, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    before = YAML(typ="safe").load(served.case(CASE).read_text(encoding="utf-8"))["bilag"][0]["tabel"]["rækker"]
    assert len(before) > 2
    open_case(browser, served, CASE)
    table = ("bilag", 0, "tabel", "rækker")
    # Tab from the row's last cell to its button, and press Enter, as a keyboard user does
    last_cell = browser.find_element(By.ID, element_id(table + (1, len(before[1]) - 1)))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", last_cell)
    last_cell.click()
    last_cell.send_keys(Keys.TAB)
    button = browser.switch_to.active_element
    assert " ".join(button.get_attribute("textContent").split()) == "Fjern række 2 af rækker"  # its name, read aloud
    button.send_keys(Keys.ENTER)

    wait_for(browser, lambda: browser.switch_to.active_element.get_attribute("id") == element_id(table) + "-tilfoej")
    assert browser.find_element(By.ID, element_id(table + (1, 0))).get_attribute("value") == str(before[2][0])
    assert not browser.find_elements(By.ID, element_id(table + (len(before) - 1, 0)))
    wait_for(browser, lambda: settled(browser))
    browser.find_element(By.CSS_SELECTOR, "button.gem").send_keys(Keys.ENTER)
    wait_for(browser, lambda: "Gemt" in browser.find_element(By.ID, "gem-svar").text)
    saved = YAML(typ="safe").load(served.case(CASE).read_text(encoding="utf-8"))
    assert saved["bilag"][0]["tabel"]["rækker"] == before[:1] + before[2:]
