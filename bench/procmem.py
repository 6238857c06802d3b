"""Peak memory of this process's descendants (worker processes, Spark's JVM and Python workers), from /proc.

A :class:`ChildMemory` sampler walks ``/proc`` every ``interval`` seconds in a
background thread while a benchmark runs and keeps, for every descendant
process it saw, the largest ``VmHWM`` (the kernel's own peak resident set
size of that process). Short-lived processes are caught as long as they live
longer than one interval. It also keeps each process's CPU time at its last
sighting, a figure that a busy machine disturbs much less than wall-clock
time. Linux only; elsewhere nothing is recorded.

    with ChildMemory() as mem:
        run_batch(...)
    mem.peak_mb(lambda cmd: "spawn_main" in cmd)
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

PROC = Path("/proc")


def _status(pid: int) -> dict[str, str]:
    fields: dict[str, str] = {}
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    except OSError:  # the process ended meanwhile
        return {}
    return fields


def _cmdline(pid: int) -> str:
    try:
        return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def descendants(root: int) -> list[int]:
    """Every live process below ``root`` (children, their children …)."""
    parents: dict[int, list[int]] = {}
    for entry in PROC.iterdir() if PROC.is_dir() else ():
        if entry.name.isdigit():
            ppid = _status(int(entry.name)).get("PPid")
            if ppid and ppid.isdigit():
                parents.setdefault(int(ppid), []).append(int(entry.name))
    found: list[int] = []
    todo = [root]
    while todo:
        for child in parents.get(todo.pop(), ()):
            found.append(child)
            todo.append(child)
    return found


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of a live process so far (its reaped children not included)."""
    try:
        fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float | None:
    """The peak resident set size of a live process (``VmHWM``), in MB."""
    hwm = _status(pid).get("VmHWM")
    return int(hwm.split()[0]) / 1024 if hwm else None


@dataclass
class ChildMemory:
    """Samples the peak RSS of this process's descendants while it is open (a context manager)."""

    interval: float = 0.5
    peaks: dict[int, float] = field(default_factory=dict)
    commands: dict[int, str] = field(default_factory=dict)  # the latest command line seen (exec changes it)
    sightings: dict[int, int] = field(default_factory=dict)
    cpu: dict[int, float] = field(default_factory=dict)  # CPU seconds at the latest sighting
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def sample(self) -> None:
        for pid in descendants(os.getpid()):
            mb = peak_rss_mb(pid)
            if mb is None:
                continue
            self.commands[pid] = _cmdline(pid) or self.commands.get(pid, "")
            self.sightings[pid] = self.sightings.get(pid, 0) + 1
            self.peaks[pid] = max(mb, self.peaks.get(pid, 0.0))
            self.cpu[pid] = cpu_seconds(pid) or self.cpu.get(pid, 0.0)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> ChildMemory:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def select(self, keep: Callable[[str], bool]) -> dict[int, float]:
        """Peak MB by pid of the processes whose command line passes ``keep``.

        A process seen only once is left out: it may be a fork caught before its
        ``exec`` (it then shows its parent's command line and memory).
        """
        return {pid: mb for pid, mb in self.peaks.items()
                if self.sightings.get(pid, 0) > 1 and keep(self.commands.get(pid, ""))}

    def cpu_seconds(self, keep: Callable[[str], bool] = lambda _: True) -> float:
        """CPU seconds used by the selected processes up to their last sighting (a lower bound)."""
        return sum(self.cpu.get(pid, 0.0) for pid in self.select(keep))

    def peak_mb(self, keep: Callable[[str], bool] = lambda _: True) -> float:
        """The largest peak among the selected processes (0 when none was seen)."""
        return max(self.select(keep).values(), default=0.0)


def is_pool_worker(command: str) -> bool:
    """A worker of a ``spawn`` process pool (not the resource tracker)."""
    return "spawn_main" in command


def is_python_worker(command: str) -> bool:
    """A PySpark Python worker or daemon (the workers are forked from the daemon and share its command line)."""
    return "pyspark" in command and "java" not in command.split(" ", 1)[0]


def is_jvm(command: str) -> bool:
    return command.split(" ", 1)[0].endswith("java")
