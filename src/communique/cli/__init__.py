"""The ``communique`` command line: thin wrappers over :mod:`communique.api`.

Errors raised by the library (:class:`communique.errors.CommuniqueError`)
become one line on stderr and exit status 1; usage errors exit with 2.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..errors import CommuniqueError
from ..settings import Settings

F = TypeVar("F", bound=Callable[..., Any])


def translate_errors(fn: F) -> F:
    """Turn library errors into one clear line and a non-zero exit."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CommuniqueError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="communique")
@click.option("--config", type=click.Path(dir_okay=False), default=None,
              help="Settings file (TOML); default communique.toml or $COMMUNIQUE_CONFIG.")
@click.option("--model", default=None, help="spaCy model package; default auto ($COMMUNIQUE_MODEL).")
@click.pass_context
def main(ctx: click.Context, config: str | None, model: str | None) -> None:
    """communique: news about international relations as structured, sourced data."""
    try:
        ctx.obj = Settings.load(config, model=model)
    except CommuniqueError as exc:
        raise click.ClickException(str(exc)) from exc


def settings_of(ctx: click.Context) -> Settings:
    obj = ctx.find_object(Settings)
    return obj if obj is not None else Settings.load()


from . import commands, scale_commands, serve_commands, store_commands, watch_commands  # noqa: E402,F401  (registers the commands on ``main``)
