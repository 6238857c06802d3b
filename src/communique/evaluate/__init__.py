"""Evaluation against gold annotations (``eval/GOLD-FORMAT.md``).

::

    gold.py     load and check a gold YAML file into frozen records
    metrics.py  LayerScore, Accuracy, one-to-one matching, span and token helpers
    events.py   event tuples: root, exact and PLOVER levels; modality and dates
    score.py    every layer of one document: score_record(record, gold)
    run.py      evaluate_dir(folder, extract) -> Report, and its text table

>>> from communique.evaluate import evaluate_dir
>>> # report = evaluate_dir("../shared/corpus/seed", my_extract)
>>> # print(report.format_table())
"""

from __future__ import annotations

from .events import EventDetail, TupleRef
from .gold import (
    Gold,
    GoldActor,
    GoldCommitment,
    GoldDocument,
    GoldEvent,
    GoldQuantity,
    GoldQuote,
    load_gold,
    parse_gold,
)
from .metrics import Accuracy, LayerScore
from .run import Extract, Report, evaluate_dir, gold_pairs
from .score import DocumentScore, Scores, score_record

__all__ = [
    "Accuracy", "DocumentScore", "EventDetail", "Extract", "Gold", "GoldActor", "GoldCommitment",
    "GoldDocument", "GoldEvent", "GoldQuantity", "GoldQuote", "LayerScore", "Report", "Scores",
    "TupleRef", "evaluate_dir", "gold_pairs", "load_gold", "parse_gold", "score_record",
]
