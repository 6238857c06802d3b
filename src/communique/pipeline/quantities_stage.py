"""The quantities stage: money, percentages, counts and durations of the text."""

from __future__ import annotations

from dataclasses import replace

from ..settings import Settings
from .quantities import find_quantities
from .runner import Analysis, Resources, Stage


def quantities(analysis: Analysis, resources: Resources, settings: Settings) -> Analysis:
    return replace(analysis, quantities=find_quantities(analysis.document.text, analysis.sentences))


STAGE = Stage("quantities/1", requires=("sentences",), provides=("quantities",), run=quantities)
