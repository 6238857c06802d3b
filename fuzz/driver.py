"""libFuzzer driver: ``python fuzz/driver.py TARGET [libFuzzer flags] [corpus dirs]``.

Runs one target of :mod:`targets` under atheris, with communique's own
modules instrumented for coverage. A typed ``CommuniqueError`` is a normal
outcome; any other exception stops the run, and libFuzzer writes the input to
``crash-<sha1>`` (see ``-artifact_prefix``). Use :mod:`run` rather than this
file directly: it keeps the seed corpus read-only and reports the figures.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["communique"]):
    import targets

    import communique.api
    import communique.pipeline.dates
    import communique.pipeline.quantities
    import communique.pipeline.segment
    import communique.read
    import communique.schema  # noqa: F401  (imported here to be instrumented)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in targets.TARGETS:
        sys.stderr.write(f"usage: driver.py TARGET [libFuzzer flags]; targets: {', '.join(targets.TARGETS)}\n")
        raise SystemExit(2)
    name = sys.argv.pop(1)
    targets.warm_up(name)
    atheris.Setup(sys.argv, targets.guarded(targets.TARGETS[name]))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
