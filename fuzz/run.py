"""Run the fuzz targets for a bounded time and report what they did.

::

    python fuzz/run.py --seconds 60                 # every target, 60 s each
    python fuzz/run.py --seconds 300 --target html  # one target (repeat --target for more)
    python fuzz/run.py --seconds 10 --json          # one JSON object per target
    python fuzz/run.py --seconds 10 --extract-seconds 20 --jobs 9   # all at once (what the test does)

Each target runs in its own process (``driver.py`` under atheris/libFuzzer)
on a fresh corpus folder seeded from :mod:`seeds`; the tree is never written
to. A crash input is copied to ``--artifacts`` (default: a temporary folder,
named in the report); keep it as a regression case in
``tests/reliability/crashes/<target>/``. Exit status: 0 when no target
crashed or timed out, 1 otherwise, 2 when atheris is not installed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from seeds import write_seeds  # noqa: E402  (after the path is set)
from targets import TARGETS  # noqa: E402

_DONE = re.compile(r"Done (\d+) runs in (\d+) second")
_STATS = re.compile(r"#(\d+)\s+(?:DONE|pulse|NEW|REDUCE|INITED).*?exec/s: (\d+)")
#: Longest input the extractor target is given: the whole pipeline on kilobytes per run.
EXTRACT_MAX_LEN = 4096


@dataclass(frozen=True)
class Outcome:
    target: str
    seconds: float  # wall time, start-up included
    runs: int
    execs_per_second: float
    crashed: bool
    artifacts: tuple[str, ...]
    log_tail: str


def atheris_available() -> bool:
    return importlib.util.find_spec("atheris") is not None


def _runs(log: str) -> tuple[int, int | None]:
    """(runs, fuzzing seconds) from libFuzzer's log; the last progress line when it stopped early."""
    if m := _DONE.search(log):
        return int(m[1]), int(m[2])
    found = _STATS.findall(log)
    return (int(found[-1][0]), None) if found else (0, None)


def _tail(log: str) -> str:
    """The Python traceback of a crash when there is one, else the last lines of the log."""
    at = log.find("=== Uncaught Python exception")
    lines = log[at:].splitlines()[:60] if at >= 0 else log.strip().splitlines()[-40:]
    return "\n".join(lines)


def run_target(name: str, seconds: int, artifacts: Path, *, timeout: int = 20, max_len: int | None = None,
               seed: int | None = None) -> Outcome:
    """Fuzz one target for ``seconds`` (plus start-up); crash inputs go to ``artifacts/<name>/``."""
    out = artifacts / name
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{name}-") as tmp:
        work, seeds = Path(tmp) / "corpus", Path(tmp) / "seeds"
        work.mkdir()
        write_seeds(name, seeds)
        length = max_len or (EXTRACT_MAX_LEN if name == "extract" else None)
        command = [sys.executable, str(HERE / "driver.py"), name, f"-max_total_time={seconds}",
                   f"-timeout={timeout}", "-rss_limit_mb=3072", f"-artifact_prefix={out}/",
                   "-print_final_stats=1", *([f"-max_len={length}"] if length else []),
                   *([f"-seed={seed}"] if seed is not None else []), str(work), str(seeds)]
        began = time.monotonic()
        done = subprocess.run(command, capture_output=True, text=True, errors="replace", cwd=tmp,
                              timeout=seconds + timeout + 180, check=False)
        wall = time.monotonic() - began
    log = done.stdout + done.stderr
    runs, fuzzed = _runs(log)
    found = tuple(sorted(str(p) for p in out.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-"))))
    return Outcome(
        target=name, seconds=round(wall, 1), runs=runs,
        execs_per_second=round(runs / max(fuzzed or seconds, 1), 1),
        crashed=done.returncode != 0 or bool(found), artifacts=found,
        log_tail=_tail(log),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="fuzzing time per reader target (default 10)")
    parser.add_argument("--extract-seconds", type=int, help="fuzzing time of the extractor (default: twice --seconds)")
    parser.add_argument("--jobs", type=int, default=1, help="targets run at the same time (default 1)")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), help="a target (default: all)")
    parser.add_argument("--artifacts", type=Path, help="where crash inputs are kept (default: a temporary folder)")
    parser.add_argument("--timeout", type=int, default=20, help="seconds one input may take before it is a hang")
    parser.add_argument("--max-len", type=int, help="longest input libFuzzer generates")
    parser.add_argument("--json", action="store_true", help="one JSON object per target instead of a table")
    parser.add_argument("--seed", type=int, help="libFuzzer's random seed, for a repeatable run (default: random)")
    args = parser.parse_args(argv)
    if not atheris_available():
        sys.stderr.write("atheris is not installed: pip install atheris\n")
        return 2
    artifacts = args.artifacts or Path(tempfile.mkdtemp(prefix="communique-fuzz-"))
    names = args.target or list(TARGETS)

    def one(name: str) -> Outcome:
        seconds = (args.extract_seconds or 2 * args.seconds) if name == "extract" else args.seconds
        return run_target(name, seconds, artifacts, timeout=args.timeout, max_len=args.max_len, seed=args.seed)

    failed = False
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:  # threads only wait on the processes
        outcomes = pool.map(one, names)
        for outcome in outcomes:
            name = outcome.target
            failed |= outcome.crashed
            if args.json:
                sys.stdout.write(json.dumps({k: v for k, v in asdict(outcome).items() if k != "log_tail"}) + "\n")
            else:
                status = "CRASH" if outcome.crashed else "ok"
                sys.stdout.write(f"{name:8} {status:5} {outcome.runs:>9} runs {outcome.execs_per_second:>8} exec/s "
                                 f"{outcome.seconds:>6} s wall\n")
            if outcome.crashed:
                sys.stdout.write(outcome.log_tail + "\n" + "".join(f"  kept: {a}\n" for a in outcome.artifacts))
            sys.stdout.flush()
    if not args.artifacts and not failed:
        shutil.rmtree(artifacts, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
