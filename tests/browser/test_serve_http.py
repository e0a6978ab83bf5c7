"""The editor's access rules over real HTTP against a running `kkdocs serve` (no browser needed)."""

from __future__ import annotations

import http.client
import subprocess
import sys

import pytest

from .serving import Served, example_workspace, free_port


def request(served: Served, method: str, path: str, headers: dict | None = None, body: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    connection.request(method, path, body=body, headers={"Host": f"127.0.0.1:{served.port}", **(headers or {})})
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def token_served(tmp_path_factory):
    server = Served(example_workspace(tmp_path_factory.mktemp("ws")), ["--token"])
    yield server
    server.stop()


def test_pages_answer_in_danish_and_only_for_the_address_served(served):
    status, _, page = request(served, "GET", "/")
    assert status == 200 and '<html lang="da">' in page and "Oversigt" in page
    status, _, text = request(served, "GET", "/", {"Host": "angriber.example:80"})
    assert status == 400 and "127.0.0.1" in text


def test_a_change_without_the_pages_csrf_token_is_refused(served):
    before = served.case("mobilhaandtering").read_bytes()
    status, _, text = request(served, "POST", "/sag/mobilhaandtering/gem",
                              {"Content-Type": "application/x-www-form-urlencoded"}, "grundlag=x&disk_hash=y")
    assert status == 403 and "CSRF" in text
    assert served.case("mobilhaandtering").read_bytes() == before


def test_built_files_are_served_from_build_only(served):
    (served.root / "build" / "sag").mkdir(parents=True)
    (served.root / "build" / "sag" / "a.txt").write_text("bygget", encoding="utf-8")
    assert request(served, "GET", "/filer/sag/a.txt")[0] == 200
    for path in ("/filer/../data/reference/organisation.yaml", "/filer/%2e%2e/data/reference/organisation.yaml",
                 "/sag/..%2fpakker%2fofs-2024"):
        assert request(served, "GET", path)[0] == 404


def test_a_token_is_required_on_every_request_when_asked_for(token_served):
    status, _, text = request(token_served, "GET", "/")
    assert status == 401 and "adgangsnøgle" in text
    printed = token_served.output_until("adgang=")
    token = printed.split("adgang=", 1)[1].split()[0]
    status, headers, _ = request(token_served, "GET", f"/?adgang={token}")
    assert status == 303 and "kkdocs_adgang=" in headers.get("set-cookie", "")
    cookie = headers["set-cookie"].split(";", 1)[0]
    assert request(token_served, "GET", "/", {"Cookie": cookie})[0] == 200
    assert request(token_served, "GET", "/", {"Cookie": "kkdocs_adgang=gæt"})[0] == 401


def test_another_interface_without_a_token_does_not_start(tmp_path):
    root = example_workspace(tmp_path)
    done = subprocess.run([sys.executable, "-m", "kkdocs", "--workspace", str(root), "serve", "--host", "0.0.0.0",
                           "--port", str(free_port())], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "uden adgangsnøgle" in done.stderr and "--token" in done.stderr and "Traceback" not in done.stderr


def test_a_form_too_large_is_refused_in_danish(served):
    page = request(served, "GET", "/sag/mobilhaandtering")[2]
    csrf = page.split('"x-csrf-token": "', 1)[1].split('"', 1)[0]
    status, _, text = request(served, "POST", "/sag/mobilhaandtering/live",
                              {"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf},
                              "grundlag=" + "x" * 2_100_000)
    assert status == 200 and "for stor" in text and "Traceback" not in text
