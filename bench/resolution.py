"""What actor recognition and resolution add to the spaCy parse on the demo corpus (not a test).

    .venv/bin/python bench/resolution.py [--repeat 5]

Issue 3 asks that resolution add no more than 15% to the time of the parse. The
parse (tokenizer and every model component) is timed first; then, on the same
parsed documents, the entity corrections (``find_entities``) and the actor
resolution (``resolve_actors``, titles, groups, coreference). Each figure is the
best of three passes, to keep other processes on the machine out of it.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

from communique import api
from communique.lexicon import load_lexicon
from communique.nlp import load_model, parse
from communique.pipeline.actors import resolve_actors
from communique.pipeline.entities import find_entities
from communique.pipeline.segment import split_sentences


def best_of(passes: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(passes):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="copies of the demo corpus per pass")
    args = parser.parse_args()
    nlp, lexicon = load_model(), load_lexicon()
    rows = [json.loads(line) for line in api.demo_corpus().read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [row["text"] for row in rows] * args.repeat
    segmented = [(text, split_sentences(text)) for text in texts]
    parsed = [(parse(nlp, text, sentences), sentences) for text, sentences in segmented]
    found = [find_entities(doc, sentences, lexicon, None) for doc, sentences in parsed]

    t_parse = best_of(3, lambda: [parse(nlp, text, sentences) for text, sentences in segmented])
    t_entities = best_of(3, lambda: [find_entities(doc, sentences, lexicon, None) for doc, sentences in parsed])
    t_actors = best_of(3, lambda: [resolve_actors(doc, ents, sentences, lexicon)
                                   for (doc, sentences), ents in zip(parsed, found, strict=True)])
    n = len(texts)
    print(f"{n} documents ({args.repeat} copies of the demo corpus), one process, best of 3 passes")
    print(f"spaCy parse          : {t_parse * 1000 / n:6.2f} ms/doc")
    print(f"entity corrections   : {t_entities * 1000 / n:6.2f} ms/doc  {t_entities / t_parse:6.1%} of the parse")
    print(f"actor resolution     : {t_actors * 1000 / n:6.2f} ms/doc  {t_actors / t_parse:6.1%} of the parse")
    both = t_entities + t_actors
    print(f"both                 : {both * 1000 / n:6.2f} ms/doc  {both / t_parse:6.1%} of the parse (target 15%)")


if __name__ == "__main__":
    main()
