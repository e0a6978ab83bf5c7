"""A real `kkdocs serve` in its own process, and axe-core run in a page: what the browser tests share."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kkdocs.serve.form_view import element_id

REPO = Path(__file__).resolve().parents[2]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


class Served:
    """A running `kkdocs serve` and the workspace it serves."""

    def __init__(self, root: Path, extra: list[str] | None = None):
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kkdocs", "--workspace", str(root), "serve", "--port", str(self.port), *(extra or [])],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(self.url + "/static/serve.css", timeout=2).close()
                break
            except urllib.error.HTTPError:
                break  # it answers (a token server says 401)
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"kkdocs serve startede ikke: {self.process.stdout.read()}")
                time.sleep(0.1)

    def output_until(self, text: str) -> str:
        """What the server printed, up to and including the first line holding `text`."""
        printed = ""
        while text not in printed:
            line = self.process.stdout.readline()
            if not line:
                break
            printed += line
        return printed

    def case(self, case_id: str) -> Path:
        return self.root / "data" / "sager" / f"{case_id}.yaml"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def example_workspace(target: Path) -> Path:
    """A copy of the repository's example workspace (data/ only; templates are the shipped ones)."""
    shutil.copytree(REPO / "data", target / "data")
    return target


def axe_violations(driver) -> list[dict]:
    """The WCAG 2.1 A and AA violations axe-core (from npm, tests/browser/node_modules) finds in the page."""
    if not AXE.is_file():
        pytest.fail(f"axe-core mangler: kør npm ci i {AXE.parents[2]} (scripts/setup.sh gør det)")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
           .then(r => done(r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html)}))))
           .catch(e => done([{id: 'axe-fejl', help: String(e), nodes: []}]));
    """)
    return result


# --- the page, as a person uses it ------------------------------------------------------------

def open_case(browser, served, case_id: str) -> None:
    browser.get(f"{served.url}/sag/{case_id}")
    wait_for(browser, lambda: browser.execute_script("return !!window.htmx"))

def wait_for(browser, condition, timeout: float = 30):  # a loaded CI machine answers slowly
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

    deadline = time.monotonic() + timeout
    while True:
        try:
            value = condition()
        except StaleElementReferenceException:  # htmx replaced the element while it was read: not there yet
            value = None
        except NoSuchElementException:  # the page is being left for another (HX-Redirect): not there yet
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            browser.save_screenshot(str(Path(os.environ.get("TMPDIR", "/tmp")) / "kkdocs-browser-fejl.png"))
            raise AssertionError("siden nåede ikke den ventede tilstand")
        time.sleep(0.1)

def settled(browser) -> bool:
    return browser.execute_script("return document.querySelectorAll('.htmx-request').length === 0")

def type_into(browser, path: tuple, text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    field = browser.find_element(By.ID, element_id(path))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    field.click()
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(text)

def screenshot(browser, file_name: str) -> None:
    """Kept for docs/browser.md when KKDOCS_SCREENSHOTS names a folder (always taken, so a broken page shows)."""
    folder = Path(os.environ.get("KKDOCS_SCREENSHOTS") or os.environ.get("TMPDIR", "/tmp"))
    folder.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(folder / file_name))
