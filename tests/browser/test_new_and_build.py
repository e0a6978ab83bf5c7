"""Ny sag and Byg in a real Chromium: a case from a skeleton and from an uploaded form, and the workspace's build."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kkdocs.serve.form_view import element_id
from .serving import axe_violations, screenshot, wait_for


pytestmark = pytest.mark.browser


def test_a_new_case_from_the_skeleton_opens_as_a_form_with_its_placeholders(browser, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(served.url + "/ny")
    assert axe_violations(browser) == []
    Select(browser.find_element(By.ID, "ny-type")).select_by_visible_text("Effektiviseringsforslag")
    browser.find_element(By.ID, "ny-titel").send_keys("Færre printere på rådhuset")
    screenshot(browser, "ny-sag.png")
    browser.find_element(By.XPATH, "//button[normalize-space()='Opret sagen']").click()

    wait_for(browser, lambda: browser.current_url.endswith("/sag/faerre-printere-paa-raadhuset"))
    heading = wait_for(browser, lambda: browser.find_elements(By.TAG_NAME, "h1"))
    assert heading[0].text == "Færre printere på rådhuset"
    written = served.case("faerre-printere-paa-raadhuset").read_text(encoding="utf-8")
    assert "type: effektiviseringsforslag" in written and "titel: Færre printere på rådhuset" in written
    assert browser.find_elements(By.CSS_SELECTOR, "#live li[data-kode='PLADSHOLDER']")

    browser.get(served.url + "/ny")
    Select(browser.find_element(By.ID, "ny-type")).select_by_visible_text("Effektiviseringsforslag")
    browser.find_element(By.ID, "ny-titel").send_keys("Færre printere på rådhuset")
    browser.find_element(By.XPATH, "//button[normalize-space()='Opret sagen']").click()
    message = wait_for(browser, lambda: browser.find_element(By.ID, "skelet-svar").text)
    assert "findes allerede" in message


@pytest.mark.libreoffice
def test_a_new_case_from_an_uploaded_word_form(browser, served, tmp_path):
    from selenium.webdriver.common.by import By

    # a form kkdocs itself wrote, as a secretariat gets it back filled in
    built = tmp_path / "build"
    subprocess.run([sys.executable, "-m", "kkdocs", "--workspace", str(served.root), "build", "--no-pdf", "-o",
                    str(built), str(served.case("energibesparelser"))], check=True, capture_output=True, timeout=300)
    form = built / "energibesparelser" / "forslag.docx"
    case = served.case("energibesparelser")
    before = case.read_bytes()

    def upload() -> None:
        browser.get(served.url + "/ny")
        browser.find_element(By.ID, "ny-filer").send_keys(str(form))
        browser.find_element(By.XPATH, "//button[normalize-space()='Læs formularen']").click()
        wait_for(browser, lambda: "/sag/" in browser.current_url or browser.find_element(By.ID, "word-svar").text,
                 timeout=60)

    upload()  # kkdocs' own form names its case, which is there: nothing is overwritten
    said = browser.find_element(By.ID, "word-svar").text
    assert "findes allerede" in said and "Åbn den fra oversigten" in said and "--" not in said  # no command-line flags
    assert case.read_bytes() == before

    case.rename(tmp_path / case.name)
    upload()
    assert browser.current_url.endswith("/sag/energibesparelser")
    written = case.read_text(encoding="utf-8")
    assert "type: effektiviseringsforslag" in written
    titel = wait_for(browser, lambda: browser.find_elements(By.ID, element_id(("titel",))))[0].get_attribute("value")
    assert titel.startswith("Indregning af energi")


def test_an_upload_that_is_no_word_form_is_refused_in_danish(browser, served, tmp_path):
    from selenium.webdriver.common.by import By

    fake = tmp_path / "forslag.docx"
    fake.write_bytes(b"dette er ikke en zip")
    browser.get(served.url + "/ny")
    browser.find_element(By.ID, "ny-filer").send_keys(str(fake))
    browser.find_element(By.XPATH, "//button[normalize-space()='Læs formularen']").click()
    message = wait_for(browser, lambda: browser.find_element(By.ID, "word-svar").text)
    assert "forslag.docx" in message and "Traceback" not in message
    assert browser.current_url.endswith("/ny")


@pytest.mark.libreoffice
@pytest.mark.slow
def test_byg_builds_the_workspace_with_progress_and_the_same_bundle_as_kkdocs_build(browser, served, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(served.url + "/")
    browser.find_element(By.XPATH, "//button[normalize-space()='Byg']").click()
    wait_for(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#byg progress"))
    summary = wait_for(browser, lambda: browser.find_element(By.ID, "byg-resultat").text, timeout=600)
    assert "Bygget" in summary and "Tid" in summary
    link = wait_for(browser, lambda: browser.execute_script(
        "return [...document.querySelectorAll('#oversigt-tabel a')].some(a => a.href.endsWith("
        "'/mobilhaandtering/mobilhaandtering.pdf'))"))
    screenshot(browser, "byg.png")
    assert axe_violations(browser) == []
    assert link

    again = tmp_path / "build"
    done = subprocess.run([sys.executable, "-m", "kkdocs", "--workspace", str(served.root), "build", "-o", str(again)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode in (0, 1), done.stderr  # 1: the cases the tests above left unfinished fail, as on the page
    for pdf in ("mobilhaandtering/mobilhaandtering.pdf", "pakker/ofs-2024.pdf"):
        ours, theirs = served.root / "build" / pdf, again / pdf
        assert _text(ours.read_bytes()) == _text(theirs.read_bytes())
        assert _pages(ours) == _pages(theirs)


def _text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def _pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
