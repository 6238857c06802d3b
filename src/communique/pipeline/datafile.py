"""The bundled TSV files of the pipeline stages (``pipeline/data/*.tsv``), read the same way.

>>> rows = tsv_rows("changes.tsv", 3)
>>> rows[0][0] > 0 and len(rows[0][1]) >= 3
True
"""

from __future__ import annotations

from importlib import resources as importlib_resources

from ..errors import LexiconError


def tsv_rows(name: str, width: int) -> list[tuple[int, list[str]]]:
    """Rows of ``pipeline/data/NAME`` with their line numbers, blank lines and ``#`` comments skipped;
    a row whose first ``width`` cells are not all filled is a LexiconError naming the file and line."""
    text = importlib_resources.files("communique.pipeline").joinpath(f"data/{name}").read_text("utf-8")
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < width or not all(cells[:width]):
            raise LexiconError(f"expected {width} tab-separated columns", f"pipeline/data/{name}", number)
        rows.append((number, cells))
    return rows
