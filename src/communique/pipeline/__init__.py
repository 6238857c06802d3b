"""The document pipeline: stages as pure functions, run in a checked order.

``STAGES`` is the default order. Each stage declares what it requires and
provides; :func:`runner.check_order` refuses an order that reads something
before it is made. Quotes come before events so that "we" and "I" inside a
quotation resolve to its speaker and events inside quotations link to them.
"""

from __future__ import annotations

from . import actors, commitments, entities, events, quantities, quotes, segment
from .runner import Analysis, Resources, Stage, check_order, run_stages

STAGES: tuple[Stage, ...] = (
    segment.STAGE,
    entities.STAGE,
    actors.STAGE,
    quotes.STAGE,
    events.STAGE,
    quantities.STAGE,
    commitments.STAGE,
)

__all__ = ["STAGES", "Analysis", "Resources", "Stage", "check_order", "run_stages"]
