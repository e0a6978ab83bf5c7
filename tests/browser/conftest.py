"""A real `kkdocs serve` per test module, and Debian's Chromium driven headless by Selenium.

The server runs as its own process (`python -m kkdocs serve`) on a free port on 127.0.0.1 in a
copy of the repository's example workspace, and is stopped when the module is done. Tests
marked `browser` are skipped only where chromium or chromium-driver is missing; CI installs both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .serving import Served, example_workspace

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists():
        return
    skip = pytest.mark.skip(reason="chromium og chromium-driver er ikke installeret (apt-get install chromium chromium-driver)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    server = Served(example_workspace(tmp_path_factory.mktemp("ws")))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                     "--lang=da-DK", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_script_timeout(60)
    yield driver
    driver.quit()

