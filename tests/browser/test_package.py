"""Pakke in a real Chromium: a new package, its cases and meeting chosen in the form, saved, and its PDF previewed."""

from __future__ import annotations

import subprocess
import sys
import urllib.request

import pytest
from ruamel.yaml import YAML

from kkdocs.serve.form_view import element_id
from .serving import axe_violations, screenshot, settled, type_into, wait_for

pytestmark = pytest.mark.browser


def test_a_package_made_and_edited_in_the_browser(browser, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(served.url + "/ny")
    browser.find_element(By.ID, "ny-pakke-titel").send_keys("Økonomiudvalgets møde den 4. marts 2025")
    browser.find_element(By.XPATH, "//button[normalize-space()='Opret pakken']").click()
    wait_for(browser, lambda: "/pakke/" in browser.current_url)
    package_id = browser.current_url.rsplit("/", 1)[1]
    path = served.root / "data" / "pakker" / f"{package_id}.yaml"
    assert path.is_file()
    heading = wait_for(browser, lambda: browser.find_elements(By.TAG_NAME, "h1"))
    assert heading[0].text == "Økonomiudvalgets møde den 4. marts 2025"
    wait_for(browser, lambda: browser.execute_script("return !!window.htmx"))

    Select(browser.find_element(By.ID, element_id(("udvalg",)))).select_by_visible_text("Socialudvalget")
    type_into(browser, ("mødedato",), "2025-03-04")
    for box in browser.find_elements(By.CSS_SELECTOR, f"#{element_id(('sager',))} input[type=checkbox]"):
        if box.get_attribute("value") not in ("mobilhaandtering", "energibesparelser") and box.is_selected():
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()
    wait_for(browser, lambda: settled(browser))
    browser.find_element(By.CSS_SELECTOR, "button.gem").click()
    wait_for(browser, lambda: "Gemt" in browser.find_element(By.ID, "gem-svar").text)
    saved = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert saved["udvalg"] == "Socialudvalget" and str(saved["mødedato"]) == "2025-03-04"
    assert saved["sager"] == ["energibesparelser", "mobilhaandtering"]

    # the order of the cases is the package's: moved with the keyboard
    from selenium.webdriver.common.keys import Keys

    move = browser.find_element(By.XPATH, "//button[normalize-space()='Flyt mobilhaandtering op']")
    move.send_keys(Keys.ENTER)
    moved = element_id(("sager", "#valgt", "mobilhaandtering"))
    wait_for(browser, lambda: browser.switch_to.active_element.get_attribute("id") == moved)
    browser.find_element(By.CSS_SELECTOR, "button.gem").send_keys(Keys.ENTER)
    wait_for(browser, lambda: "Gemt" in browser.find_element(By.ID, "gem-svar").text)
    saved = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert saved["sager"] == ["mobilhaandtering", "energibesparelser"]
    wait_for(browser, lambda: "0 fejl" in browser.find_element(By.ID, "meddelelse").text)
    screenshot(browser, "pakke.png")
    assert axe_violations(browser) == []


@pytest.mark.libreoffice
def test_the_package_preview_is_the_package_pdf_kkdocs_build_makes(browser, served, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(served.url + "/pakke/ofs-2024")
    browser.find_element(By.XPATH, "//button[normalize-space()='Vis PDF']").click()
    source = wait_for(browser, lambda: browser.execute_script(
        "const f = document.querySelector('#forhaandsvisning iframe.pdf'); return f ? f.src : null"), timeout=300)
    shown = urllib.request.urlopen(source, timeout=30).read()
    built = tmp_path / "build"
    subprocess.run([sys.executable, "-m", "kkdocs", "--workspace", str(served.root), "build", "-o", str(built),
                    str(served.case("mobilhaandtering")), str(served.case("energibesparelser")),
                    str(served.root / "data" / "pakker" / "ofs-2024.yaml")], check=True, capture_output=True, timeout=600)
    assert _text(shown) == _text((built / "pakker" / "ofs-2024.pdf").read_bytes())


def _text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_a_packages_case_moved_down_with_the_keyboard(browser, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    path = served.root / "data" / "pakker" / "flyt-ned.yaml"
    cases = sorted(p.stem for p in (served.root / "data" / "sager").glob("*.yaml"))[:3]
    path.write_text("titel: Rækkefølgen af sagerne\nudvalg: Økonomiudvalget\nmødedato: 2024-04-09\n"
                    f"sager: [{', '.join(cases)}]\n", encoding="utf-8")
    browser.get(f"{served.url}/pakke/flyt-ned")
    wait_for(browser, lambda: browser.execute_script("return !!window.htmx"))
    assert not browser.find_elements(By.XPATH, f"//button[normalize-space()='Flyt {cases[-1]} ned']")  # the last
    move = browser.find_element(By.XPATH, f"//button[normalize-space()='Flyt {cases[0]} ned']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", move)
    move.send_keys(Keys.ENTER)

    moved = element_id(("sager", "#valgt", cases[0]))
    wait_for(browser, lambda: browser.switch_to.active_element.get_attribute("id") == moved)
    browser.find_element(By.CSS_SELECTOR, "button.gem").send_keys(Keys.ENTER)
    wait_for(browser, lambda: "Gemt" in browser.find_element(By.ID, "gem-svar").text)
    saved = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert saved["sager"] == [cases[1], cases[0], cases[2]]
    assert axe_violations(browser) == []
