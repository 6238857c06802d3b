"""The exceptions communique raises.

::

    CommuniqueError                  every error the library raises on purpose
    ├── SettingsError                a setting has a bad value or a settings file is malformed
    ├── ModelNotFoundError           the language model named by the settings is not installed
    ├── InputError                   an input cannot be read (carries path and line)
    │   ├── EmptyInputError          the input has no text
    │   └── NoMainTextError          an HTML page whose main text could not be found
    ├── LexiconError                 a knowledge file is malformed (carries file and line)
    ├── PipelineError                the stages are misconfigured (order, unknown stage)
    ├── StoreError                   the database cannot be opened, migrated or queried
    │   └── QueryError               a query filter is malformed (says what is accepted)
    └── GoldError                    a gold file is malformed

The library never calls ``sys.exit``; the CLI translates these into one line
and a non-zero exit status.
"""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base class: every error raised on purpose by communique."""


class SettingsError(CommuniqueError):
    pass


class ModelNotFoundError(CommuniqueError):
    def __init__(self, name: str, install: str) -> None:
        super().__init__(f"spaCy model {name!r} is not installed; install it with: {install}")
        self.name = name
        self.install = install


class InputError(CommuniqueError):
    """An input that cannot be turned into a document."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = message
        where = path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")


class EmptyInputError(InputError):
    pass


class NoMainTextError(InputError):
    pass


class LexiconError(CommuniqueError):
    def __init__(self, message: str, file: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        where = file if line is None else f"{file}:{line}"
        super().__init__(f"{where}: {message}")


class PipelineError(CommuniqueError):
    pass


class StoreError(CommuniqueError):
    pass


class QueryError(StoreError):
    pass


class GoldError(CommuniqueError):
    def __init__(self, message: str, file: str) -> None:
        self.file = file
        super().__init__(f"{file}: {message}")
