"""The preview in a real Chromium: the case's PDF from the real build, and marked when the form has moved on."""

from __future__ import annotations

import subprocess
import sys
import urllib.request

import pytest

from kkdocs.serve.form_view import element_id
from .serving import open_case, type_into, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.libreoffice]

CASE = "energibesparelser"


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_the_preview_is_the_pdf_kkdocs_build_makes_and_is_marked_when_older_than_the_form(browser, served, tmp_path):
    from selenium.webdriver.common.by import By

    open_case(browser, served, CASE)
    browser.find_element(By.XPATH, "//button[normalize-space()='Vis PDF']").click()
    source = wait_for(browser, lambda: browser.execute_script(
        "const f = document.querySelector('#forhaandsvisning iframe.pdf'); return f ? f.src : null"), timeout=120)
    shown = urllib.request.urlopen(source, timeout=30).read()

    built = tmp_path / "build"
    subprocess.run([sys.executable, "-m", "kkdocs", "--workspace", str(served.root), "build", "-o", str(built),
                    str(served.case(CASE))], check=True, capture_output=True, timeout=300)
    assert pdf_text(shown) == pdf_text((built / CASE / f"{CASE}.pdf").read_bytes())
    assert "ældre" not in browser.find_element(By.ID, "forhaandsvisning-status").text

    type_into(browser, ("titel",), "En anden titel")
    wait_for(browser, lambda: "ældre end formularen" in browser.find_element(By.ID, "forhaandsvisning-status").text)
    assert browser.find_element(By.ID, element_id(("titel",))).get_attribute("value") == "En anden titel"
