"""The fuzz harness (``fuzz/``) runs every target for a bounded time without a crash.

Readers get about 10 s each and the whole extractor 20 s, all at once in
their own processes (``fuzz/run.py --jobs``). ``COMMUNIQUE_FUZZ_SECONDS``
changes the readers' time (the extractor gets twice as long); 0 skips the test.
The suite fuzzes with a fixed seed, so a run explores the inputs the last one
did (and more on a faster machine); ``fuzz/run.py`` without ``--seed`` explores
new ground.
Skipped, with the reason, when atheris is not installed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[2] / "fuzz"
TARGETS = ("text", "html", "jsonl", "feed", "warc", "detect", "dates", "segment", "extract")


def _seconds() -> int:
    return int(os.environ.get("COMMUNIQUE_FUZZ_SECONDS", "10"))


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("atheris") is None,
                    reason="atheris is not installed (pip install atheris==3.0.0)")
@pytest.mark.skipif(_seconds() <= 0, reason="COMMUNIQUE_FUZZ_SECONDS=0")
def test_every_fuzz_target_runs_without_a_crash(tmp_path: Path) -> None:
    seconds = _seconds()
    command = [sys.executable, str(FUZZ / "run.py"), "--seconds", str(seconds), "--extract-seconds",
               str(2 * seconds), "--jobs", str(len(TARGETS)), "--json", "--artifacts", str(tmp_path), "--seed", "1"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=6 * seconds + 240, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    outcomes = {o["target"]: o for o in map(json.loads, lines)}
    assert set(outcomes) == set(TARGETS), done.stdout + done.stderr
    crashed = {name: o["artifacts"] for name, o in outcomes.items() if o["crashed"]}
    assert not crashed, f"fuzz crashes (keep each input under tests/reliability/crashes/):\n{done.stdout}"
    assert done.returncode == 0, done.stdout + done.stderr
    assert all(o["runs"] > 0 for o in outcomes.values()), outcomes
