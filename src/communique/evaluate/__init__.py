"""Evaluation against gold annotations (``eval/GOLD-FORMAT.md``).

::

    gold.py       load and check a gold YAML file into frozen records
    metrics.py    LayerScore, Accuracy, one-to-one matching, span and token helpers
    events.py     event tuples: root, exact and PLOVER levels; modality and dates
    score.py      every layer of one document: score_record(record, gold)
    run.py        evaluate_dir(folder, extract) -> Report, and its text table
    confusion.py  Confusion: (gold, predicted) label counts as a matrix; root_confusion(record, gold)
    conflibert.py evaluate_conflibert(folder, extract) -> ConfliReport: CAMEO roots of rated sentences
    recognizers.py evaluate_recognizers(folder, extract) -> RecognizersReport: currency, percent, number values
    gum.py        evaluate_gum(folder, extract) -> GumReport: quotation spans in GUM's news documents

>>> from communique.evaluate import evaluate_dir
>>> # report = evaluate_dir("../shared/corpus/seed", my_extract)
>>> # print(report.format_table())
"""

from __future__ import annotations

from .conflibert import ConfliReport, RatedSentence, RaterLabel, evaluate_conflibert, load_conflibert
from .confusion import Confusion, root_confusion
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
from .gum import GumReport, evaluate_gum, load_gum
from .metrics import Accuracy, LayerScore
from .plover_gsr import CodedSentence, PloverReport, evaluate_plover, load_plover_gsr
from .recognizers import RecognizersReport, evaluate_recognizers
from .run import Extract, Report, evaluate_dir, gold_pairs
from .score import DocumentScore, Scores, score_record

__all__ = [
    "Accuracy", "CodedSentence", "ConfliReport", "Confusion", "DocumentScore", "EventDetail", "Extract", "Gold",
    "GoldActor", "GoldCommitment", "GoldDocument", "GoldEvent", "GoldQuantity", "GoldQuote", "LayerScore",
    "PloverReport", "RatedSentence", "RaterLabel", "Report", "Scores", "TupleRef", "evaluate_conflibert",
    "evaluate_dir", "evaluate_plover", "gold_pairs", "load_conflibert", "load_gold", "load_plover_gsr", "parse_gold",
    "root_confusion", "score_record", "GumReport", "RecognizersReport", "evaluate_gum", "evaluate_recognizers",
    "load_gum",
]
