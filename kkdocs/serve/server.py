"""Start the editor: the access rules for the address, the app, and uvicorn serving it until Ctrl-C."""

from __future__ import annotations

import socket
import threading
import webbrowser
from collections.abc import Callable

import uvicorn

from kkdocs.serve.app import create_app
from kkdocs.serve.security import ServeRefused, access_for
from kkdocs.workspace import Workspace


def serve(workspace: Workspace, host: str, port: int, *, open_browser: bool, token: bool,
          say: Callable[[str], None]) -> None:
    """Serve the workspace until interrupted; raises ServeRefused when the address needs a token it was not given."""
    access = access_for(host, port, token)
    _port_free(host, port)
    app = create_app(workspace, access)
    say(f"kkdocs serve: {workspace.root}")
    say(f"Åbn {access.address()} i en browser (Ctrl-C stopper).")
    if access.token:
        say("Adressen indeholder adgangsnøglen; den skrives kun denne ene gang.")
    if open_browser:
        threading.Timer(0.8, webbrowser.open, args=(access.address(),)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def _port_free(host: str, port: int) -> None:
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, port))
    except OSError as exc:
        raise ServeRefused(f"kkdocs serve kan ikke lytte på {host}:{port}: {exc.strerror or exc}. Vælg en anden port "
                           "med --port, fx --port 8766.") from None
