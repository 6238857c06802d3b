"""What keeps the server safe to run: the write token, cross-origin rules and the response headers.

- **Token.** When ``serve_token`` is set, requests that write need
  ``Authorization: Bearer <token>``; the comparison is constant-time
  (:func:`hmac.compare_digest`) and the token is never echoed in a response
  or a log line.
- **Cross-origin.** No CORS headers are sent unless ``serve_cors_origins``
  lists origins, so a page of another site cannot read the API; and a write
  whose ``Origin`` is neither this server nor a listed origin is refused
  (403), so a page elsewhere cannot post documents through a visitor's
  browser even when the server has no token.
- **Headers.** Every response carries a Content-Security-Policy that allows
  only the dashboard's own scripts and styles (no inline code), ``nosniff``,
  ``X-Frame-Options: DENY`` with ``frame-ancestors 'none'``, no referrer, and
  same-origin resource and opener policies.

>>> parse_origins(" https://a.example, http://localhost:3000/ ,,")
('https://a.example', 'http://localhost:3000')
>>> same_origin("http://127.0.0.1:8000", "http", "127.0.0.1:8000")
True
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from urllib.parse import urlsplit

from ..errors import SettingsError

#: The dashboard runs only its own bundled scripts: article text can never become code.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
TOKEN_HINT = "the token in the setting serve_token ($COMMUNIQUE_SERVE_TOKEN)"


def parse_origins(value: str) -> tuple[str, ...]:
    """The origins of a comma-separated setting, checked: ``scheme://host[:port]`` each, or ``*``."""
    origins = []
    for raw in value.split(","):
        origin = raw.strip().rstrip("/")
        if not origin:
            continue
        if origin != "*":
            parts = urlsplit(origin)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
                raise SettingsError(f"serve_cors_origins: {origin!r} is not an origin; write scheme://host[:port], "
                                    "such as https://news.example or http://localhost:3000")
        origins.append(origin)
    return tuple(origins)


def same_origin(origin: str, scheme: str, host: str) -> bool:
    """Whether ``origin`` is the server itself as the client reached it (scheme and Host header)."""
    return origin.rstrip("/").lower() == f"{scheme}://{host}".lower()


def origin_allowed(origin: str | None, scheme: str, host: str, allowed: tuple[str, ...]) -> bool:
    """A request without Origin (not from a browser page), from the server itself, or from a listed origin."""
    if origin is None:
        return True
    return same_origin(origin, scheme, host) or "*" in allowed or origin.rstrip("/") in allowed


def token_problem(headers: Mapping[str, str], token: str | None) -> tuple[int, str] | None:
    """None when the request may write, else (401 or 403, what to send). Never says what was sent."""
    if not token:
        return None
    scheme, _, given = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return 401, f"this endpoint writes: send the header 'Authorization: Bearer <token>' with {TOKEN_HINT}"
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        return 403, f"the bearer token is wrong: send {TOKEN_HINT} the server was started with"
    return None
