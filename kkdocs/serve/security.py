"""Who may use the editor, and what a request may touch.

- Bound to 127.0.0.1 by default; on any other interface the server does not start without an
  access token (`ServeRefused`), which is printed once and then required on every request: the
  first request brings it in the address (`?adgang=…`), which sets a cookie and redirects to the
  same address without it.
- The Host header must name the address served, so a web page elsewhere cannot reach a local
  server through a DNS name of its own (DNS rebinding).
- Every state-changing request carries the CSRF token of the page it came from, and the cookie
  is SameSite=Strict.
- A case, package or built file is named by an id or a path inside the workspace; anything that
  resolves outside it is refused (`inside`).
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from kkdocs.errors import KkdocsError
from kkdocs.workspace import CASE_ID_PATTERN

TOKEN_PARAMETER = "adgang"
COOKIE = "kkdocs_adgang"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


class ServeRefused(KkdocsError):
    """The server will not start as asked; the message is Danish and says what to do."""


@dataclass
class Access:
    host: str
    port: int
    token: str | None  # required on every request when set
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        query = f"/?{TOKEN_PARAMETER}={self.token}" if self.token else "/"
        return f"http://{host}:{self.port}{query}"

    def csrf_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.csrf.encode())


def access_for(host: str, port: int, want_token: bool) -> Access:
    """The access rules for serving on `host`; refuses a non-local interface without a token."""
    if not is_loopback(host) and not want_token:
        raise ServeRefused(
            f"kkdocs serve vil ikke lytte på {host} uden adgangsnøgle: alle på netværket ville kunne læse og "
            "ændre sagerne. Start med --token (så skriver kkdocs en adresse med en nøgle, som kræves ved hver "
            "forespørgsel), eller brug standardadressen 127.0.0.1.")
    return Access(host, port, secrets.token_urlsafe(24) if want_token else None)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Guard:
    """ASGI middleware: the Host header, the access token, and the CSRF token of every POST."""

    def __init__(self, app: ASGIApp, access: Access):
        self.app = app
        self.access = access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal = self._refusal(request)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _refusal(self, request: Request) -> Response | None:
        host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]")
        if is_loopback(self.access.host):
            if host not in LOOPBACK_NAMES:
                return PlainTextResponse("Forkert værtsnavn: kkdocs serve svarer kun på 127.0.0.1 og localhost.",
                                         status_code=400)
        token = self.access.token
        if token is not None:
            given = request.query_params.get(TOKEN_PARAMETER)
            if given is not None and hmac.compare_digest(given.encode(), token.encode()):
                response = RedirectResponse(request.url.remove_query_params(TOKEN_PARAMETER), status_code=303)
                response.set_cookie(COOKIE, token, httponly=True, samesite="strict")
                return response
            cookie = request.cookies.get(COOKIE)
            if cookie is None or not hmac.compare_digest(cookie.encode(), token.encode()):
                return PlainTextResponse("Adgang nægtet: åbn den adresse med adgangsnøgle, som kkdocs serve skrev, "
                                         "da den startede.", status_code=401)
        if request.method not in ("GET", "HEAD") and not self.access.csrf_ok(request.headers.get(CSRF_HEADER)):
            return PlainTextResponse("Forespørgslen mangler sidens sikkerhedsnøgle (CSRF); genindlæs siden og prøv "
                                     "igen.", status_code=403)
        return None


def case_file(cases: Path, case_id: str) -> Path | None:
    """The case file of an id, or None for an id that is no case id (and so cannot name a path)."""
    if not re.fullmatch(CASE_ID_PATTERN, case_id):
        return None
    return cases / f"{case_id}.yaml"


def inside(root: Path, relative: str) -> Path | None:
    """`relative` under `root` when it resolves inside it (no .., no symlink out), else None."""
    try:
        base = root.resolve()
        target = (base / relative).resolve()
        target.relative_to(base)
    except (ValueError, OSError):
        return None
    return target
