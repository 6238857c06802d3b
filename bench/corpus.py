"""The benchmark corpus, built from the bundled demo corpus (shared by the benches; never a test).

The demo corpus holds ~16 articles of ~225 words. A benchmark document of
``words`` words is made of consecutive demo articles (starting at a chosen
one, wrapping round) joined by blank lines until the text has at least that
many words, then cut at the first sentence end at or after the target, so an
"800-word article" has 800 words or a few more, and a 20,000-word document is
the demo corpus several times over. Each document of a corpus ends with its
own copy line ("Copy 17 of the benchmark corpus."), so the copies are
distinct documents (their ids are derived from the text) and none is dropped
as a duplicate.

    >>> text = document_text(800)
    >>> 800 <= word_count(text) < 900
    True

    python bench/corpus.py OUT.jsonl [--docs 2000] [--words 800]
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from communique import api

DEFAULT_DOCS = 2000
DEFAULT_WORDS = 800
LENGTHS = (100, 200, 500, 1000, 2000, 5000, 10000, 20000)
# A sentence ends with . ! or ? (maybe closed by a quote or bracket) before white space or the end.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)")


def word_count(text: str) -> int:
    return len(text.split())


@lru_cache(maxsize=1)
def demo_articles() -> tuple[dict[str, Any], ...]:
    """The demo corpus rows (``text``, ``title``, ``published`` …), in file order."""
    lines = api.demo_corpus().read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


def cut_at_sentence(text: str, words: int) -> str:
    """``text`` up to the first sentence end at or after its ``words``-th word (all of it if there is none)."""
    spans = list(re.finditer(r"\S+", text))
    if len(spans) <= words:
        return text
    target = spans[words - 1].start()
    end = _SENTENCE_END.search(text, target)
    return text[: end.end()] if end else text


def document_text(words: int, start: int = 0, articles: Sequence[dict[str, Any]] | None = None) -> str:
    """About ``words`` words of consecutive demo articles from the ``start``-th one, cut at a sentence end."""
    if words < 1:
        raise ValueError(f"words must be positive, got {words!r}")
    rows = articles if articles is not None else demo_articles()
    parts: list[str] = []
    count = 0
    i = start
    while count < words:
        text = rows[i % len(rows)]["text"].strip()
        parts.append(text)
        count += word_count(text)
        i += 1
    return cut_at_sentence("\n\n".join(parts), words)


def copy_line(index: int) -> str:
    return f"Copy {index} of the benchmark corpus."


def corpus_rows(docs: int, words: int | None = DEFAULT_WORDS) -> Iterator[dict[str, Any]]:
    """``docs`` JSON Lines rows of ~``words`` words each; the n-th starts at demo article n (mod 16).

    ``words=None`` takes the demo articles as they are (~225 words).
    """
    rows = demo_articles()
    texts = [document_text(words, start, rows) if words else rows[start]["text"] for start in range(len(rows))]
    for i in range(docs):
        first = rows[i % len(rows)]
        yield {"text": f"{texts[i % len(rows)]}\n\n{copy_line(i)}", "title": f"{first.get('title')} (copy {i})",
               "published": first.get("published"), "publisher": first.get("publisher"),
               "license": first.get("license")}


def write_corpus(path: str | Path, docs: int = DEFAULT_DOCS, words: int | None = DEFAULT_WORDS) -> Path:
    """Write the corpus as JSON Lines at ``path`` (a file, or a folder to hold ``corpus-DOCSxWORDS.jsonl``)."""
    target = Path(path)
    if target.is_dir():
        target = target / f"corpus-{docs}x{words or 'demo'}.jsonl"
    with target.open("w", encoding="utf-8") as out:
        for row in corpus_rows(docs, words):
            out.write(json.dumps(row) + "\n")
    return target


def corpus_words(path: str | Path) -> int:
    """Words in the ``text`` of every line of a JSON Lines corpus."""
    with Path(path).open(encoding="utf-8") as lines:
        return sum(word_count(json.loads(line)["text"]) for line in lines if line.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="JSON Lines file (or folder) to write")
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS)
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS,
                        help="words per document (0: the demo articles as they are)")
    args = parser.parse_args()
    path = write_corpus(args.out, args.docs, args.words or None)
    print(f"{path}: {args.docs} documents, {corpus_words(path)} words")


if __name__ == "__main__":
    main()
