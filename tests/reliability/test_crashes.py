"""Every input the fuzzers crashed on is kept under ``crashes/<target>/`` and replayed here.

A replay passes when the target finishes or stops with a typed
``CommuniqueError``; the fix for each lives in the module at fault.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

CRASHES = Path(__file__).parent / "crashes"
TARGETS_FILE = Path(__file__).resolve().parents[2] / "fuzz" / "targets.py"
CASES = sorted(p for p in CRASHES.glob("*/*") if p.is_file())
#: Crashes whose fix belongs to a module another engineer owns: reported, replayed strictly, expected to fail
#: until fixed there (then remove the entry; the fuzz target's KNOWN_ISSUES too).
OPEN: dict[str, str] = {}  # crash inputs whose fix is still due: name -> where it belongs


def _targets() -> ModuleType:
    spec = importlib.util.spec_from_file_location("communique_fuzz_targets", TARGETS_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def targets() -> ModuleType:
    return _targets()


def test_every_crash_folder_names_a_target(targets: ModuleType) -> None:
    assert CASES, "no crash inputs kept"
    assert {p.parent.name for p in CASES} <= set(targets.TARGETS)


def _param(case: Path) -> object:
    name = f"{case.parent.name}/{case.name}"
    marks = [pytest.mark.xfail(reason=OPEN[name], strict=False)] if name in OPEN else []
    if case.parent.name == "extract":
        marks.append(pytest.mark.slow)
    return pytest.param(case, id=name, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_crash_input_no_longer_crashes(targets: ModuleType, case: Path) -> None:
    targets.replay(case.parent.name, case.read_bytes(), strict=True)
