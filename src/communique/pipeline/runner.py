"""The stage runner.

A stage is a pure function ``(Analysis, Resources, Settings) -> Analysis`` that
declares what it reads (``requires``) and what it writes (``provides``) under
versioned names. :func:`check_order` refuses a stage list in which something is
read before any earlier stage provides it, before any document is processed.

A stage that raises is recorded in the record's ``errors`` with its name; what
it would have provided stays empty, stages that need it are skipped with a
note, and everything else is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..errors import PipelineError
from ..lexicon.memory import Memory
from ..model import (
    Actor,
    Commitment,
    Document,
    Entity,
    Event,
    Quantity,
    Quote,
    Record,
    Sentence,
    StageError,
)
from ..settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

    from ..lexicon import Lexicon

#: What every document starts with.
GIVEN = ("document",)


@dataclass(frozen=True, slots=True)
class Analysis:
    """The working state that flows through the stages of one document."""

    document: Document
    sentences: tuple[Sentence, ...] = ()
    doc: Any = None  # the spaCy Doc (never leaves the pipeline)
    entities: tuple[Entity, ...] = ()
    actors: tuple[Actor, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    errors: tuple[StageError, ...] = ()

    def record(self) -> Record:
        return Record(
            document=self.document, sentences=self.sentences, actors=self.actors,
            events=self.events, quotes=self.quotes, quantities=self.quantities,
            commitments=self.commitments, errors=self.errors,
        )


@dataclass(frozen=True)
class Resources:
    """What stages share and that is expensive to build: loaded once per process."""

    nlp: Language
    lexicon: Lexicon
    extra: dict[str, Any] = field(default_factory=dict)
    # people seen with an office in earlier documents (empty: resolve each document alone)
    memory: Memory = Memory()


StageFn = Callable[[Analysis, Resources, Settings], Analysis]


@dataclass(frozen=True, slots=True)
class Stage:
    name: str  # versioned, e.g. "events/1"
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    run: StageFn

    @property
    def key(self) -> str:
        return self.name.split("/", 1)[0]


def _base(name: str) -> str:
    return name.split("/", 1)[0]


def check_order(stages: Sequence[Stage]) -> None:
    """Raise PipelineError unless each stage's inputs are provided before it runs."""
    provided = {*GIVEN}
    seen: set[str] = set()
    for stage in stages:
        if stage.key in seen:
            raise PipelineError(f"stage {stage.name!r} appears twice")
        seen.add(stage.key)
        missing = [r for r in stage.requires if _base(r) not in provided]
        if missing:
            raise PipelineError(
                f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage provides"
            )
        provided.update(_base(p) for p in stage.provides)


def run_stages(
    analysis: Analysis, stages: Sequence[Stage], resources: Resources, settings: Settings
) -> Analysis:
    """Run the stages in order, isolating failures. Call :func:`check_order` first."""
    failed: set[str] = set()
    for stage in stages:
        lost = [r for r in stage.requires if _base(r) in failed]
        if lost:
            note = StageError(stage.name, "Skipped", f"needs {', '.join(lost)}, which failed")
            analysis = replace(analysis, errors=(*analysis.errors, note))
            failed.update(_base(p) for p in stage.provides)
            continue
        try:
            analysis = stage.run(analysis, resources, settings)
        except Exception as exc:  # noqa: BLE001 - a failing stage must never lose the document
            note = StageError(stage.name, type(exc).__name__, str(exc) or repr(exc))
            analysis = replace(analysis, errors=(*analysis.errors, note))
            failed.update(_base(p) for p in stage.provides)
    return analysis
