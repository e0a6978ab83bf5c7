"""The preview in a real Chromium: the PDF the real build makes of the form as it stands, saved or not, and marked
when the form has moved on."""

from __future__ import annotations

import subprocess
import sys
import urllib.request

import pytest

from kkdocs.serve.form_view import element_id
from .serving import open_case, screenshot, type_into, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.libreoffice]

CASE = "energibesparelser"


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_the_preview_is_the_pdf_kkdocs_build_makes_and_is_marked_when_older_than_the_form(browser, served, tmp_path):
    from selenium.webdriver.common.by import By

    open_case(browser, served, CASE)
    browser.find_element(By.XPATH, "//button[normalize-space()='Vis PDF']").click()
    source = wait_for(browser, lambda: _pdf_address(browser), timeout=120)
    shown = urllib.request.urlopen(source, timeout=30).read()

    built = tmp_path / "build"
    subprocess.run([sys.executable, "-m", "kkdocs", "--workspace", str(served.root), "build", "-o", str(built),
                    str(served.case(CASE))], check=True, capture_output=True, timeout=300)
    assert pdf_text(shown) == pdf_text((built / CASE / f"{CASE}.pdf").read_bytes())
    assert "ældre" not in browser.find_element(By.ID, "forhaandsvisning-status").text

    saved = served.case(CASE).read_bytes()
    type_into(browser, ("titel",), "En anden titel")
    wait_for(browser, lambda: "ældre end formularen" in browser.find_element(By.ID, "forhaandsvisning-status").text)

    # Shown again without saving: the PDF of the form as it stands, and the file on disk as it was.
    browser.find_element(By.XPATH, "//button[normalize-space()='Vis PDF']").click()
    again = wait_for(browser, lambda: _pdf_address(browser) not in (None, source) and _pdf_address(browser),
                     timeout=120)
    unsaved = pdf_text(urllib.request.urlopen(again, timeout=30).read())
    assert "En anden titel" in unsaved and "En anden titel" not in pdf_text(shown)
    assert served.case(CASE).read_bytes() == saved
    wait_for(browser, lambda: "ældre" not in browser.find_element(By.ID, "forhaandsvisning-status").text)
    browser.execute_script("document.getElementById('forhaandsvisning-titel').scrollIntoView()")
    screenshot(browser, "forhaandsvisning.png")
    assert browser.find_element(By.ID, element_id(("titel",))).get_attribute("value") == "En anden titel"


def _pdf_address(browser) -> str | None:
    """The address of the PDF the preview shows (a new one for each preview), or None."""
    return browser.execute_script(
        "const f = document.querySelector('#forhaandsvisning iframe.pdf'); return f ? f.src : null")
