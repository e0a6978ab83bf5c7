"""unoserver servers on 127.0.0.1 for the tests and bench/unoserver_bench.py, from .venv-unoserver."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

UNOSERVER = Path(__file__).resolve().parent.parent / ".venv-unoserver" / "bin" / "unoserver"


class Server:
    """One unoserver with its own soffice, profile and ports; a process group, so kill() takes soffice too."""

    def __init__(self, folder: Path):
        self.port, uno_port = _free_port(), _free_port()
        self.log = folder / f"unoserver-{self.port}.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [str(UNOSERVER), "--interface", "127.0.0.1", "--port", str(self.port), "--uno-port", str(uno_port),
                 "--user-installation", str(folder / f"profile-{self.port}")],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.address = f"127.0.0.1:{self.port}"

    def wait_until_ready(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while "Started." not in self.log.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"unoserver på {self.address} startede ikke:\n{self.log.read_text()[-2000:]}")
            time.sleep(0.2)

    def kill(self) -> None:
        """kill -9 of the server and its soffice, as when a machine dies."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
