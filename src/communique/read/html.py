"""HTML pages and fragments to text.

A page goes through trafilatura, which keeps the main text and drops
navigation, footers, cookie notices and related-story lists; the page title,
date and site name come from its metadata. A fragment (a feed item's HTML) is
only cleaned to text: tags removed, block elements on their own lines.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.html
import trafilatura
from lxml import etree
from lxml_html_clean import Cleaner

from ..errors import NoMainTextError
from ..model import Document
from .dates import parse_date
from .detect import detect_license
from .document import build_document
from .encoding import read_text_bytes
from .ids import dedup_key
from .problems import InvalidDateWarning
from .text import clean_line

# Main text shorter than this many words on its longest line is navigation or a
# stub ("Home", "World / Politics"), not an article.
MIN_WORDS = 5
_BLOCKS = frozenset([
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr",
    "section", "article", "header", "footer", "aside", "figure", "figcaption", "dd", "dt", "dl", "hr", "address",
])
# libxml2's HTML parser stops descending below this depth, so text nested deeper is lost.
MAX_DEPTH = 255
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"])
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^<>]*?(/?)>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# Characters XML (and so lxml) refuses: C0 controls but tab and line breaks, surrogates, U+FFFE/U+FFFF.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """Text lxml accepts: form feeds and vertical tabs become newlines (as :func:`normalise_text` does),
    surrogates U+FFFD, and the other refused characters are dropped."""
    return _NOT_XML.sub(lambda m: "\n" if m[0] in "\x0b\x0c" else "\ufffd" if m[0] >= "\ud800" else "", text)


def _extract(html: str | bytes, url: str | None) -> Any:
    return trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        favor_precision=True, date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _drop_title_line(text: str, title: str | None) -> str:
    """trafilatura repeats the page's headline as the first line: it is the title, not the text."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    return rest if dedup_key(first) == dedup_key(title) and rest.strip() else text


def nesting_depth(html: str) -> int:
    """How deeply the page's elements are nested, counted from its tags (void elements do not nest).

    >>> nesting_depth("<div><p>a<br>b</p><p>c</p></div>")
    2
    """
    depth = deepest = 0
    for closing, name, empty in _TAG.findall(html):
        if closing:
            depth = max(0, depth - 1)
        elif not empty and name.lower() not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _no_main_text(html: str, path: str | None) -> NoMainTextError:
    depth = nesting_depth(html)
    if depth > MAX_DEPTH:
        return NoMainTextError(f"no main text found in the HTML page: its elements are nested {depth} deep, "
                               f"and the HTML parser reads only {MAX_DEPTH} levels", path)
    return NoMainTextError("no main text found in the HTML page", path)


def _is_main_text(text: str) -> bool:
    return max((len(line.split()) for line in text.splitlines()), default=0) >= MIN_WORDS


def read_html_document(
    html: str | bytes, *, path: str | None = None, url: str | None = None, **meta: Any,
) -> tuple[Document, tuple[InvalidDateWarning, ...]]:
    """The page's main text as a document, with any warnings (see :func:`read_html`)."""
    if isinstance(html, bytes):
        html = read_text_bytes(html, path=path)
    extracted = _extract(html, url) if html.strip() else None
    text = (extracted.text or "") if extracted is not None else ""
    if not text.strip() or not _is_main_text(text):
        raise _no_main_text(html, path)
    page_title = clean_line(extracted.title)
    text = _drop_title_line(text.strip(), page_title)
    date = extracted.date if parse_date(extracted.date) else None
    fields: dict[str, Any] = {
        "title": page_title, "url": url or extracted.url, "published": date,
        "publisher": clean_line(extracted.sitename),
        "license": detect_license(extracted.license or "") or None,
    }
    fields.update({k: v for k, v in meta.items() if v is not None})
    return build_document(text, path=path, **fields)


def read_html(html: str | bytes, *, path: str | None = None, url: str | None = None, **meta: Any) -> Document:
    """The main text of an HTML page as a document; boilerplate is dropped.

    The title comes from the page, as do the publication date and the publisher
    (its site name) when the page's metadata gives them; ``meta`` (``title``, ``published``, ``publisher``,
    ``license``) overrides them. Raises :class:`~communique.errors.NoMainTextError`
    when the page has no main text.
    """
    document, _ = read_html_document(html, path=path, url=url, **meta)
    return document


_CLEANER = Cleaner(scripts=True, javascript=True, style=True, comments=True, forms=False,
                   page_structure=False, links=False, meta=True, embedded=True, frames=True)


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment: scripts and styles dropped, one line per block, entities decoded.

    >>> html_to_text("<p>TEHRAN &#8212; Talks <b>resumed</b>.</p><p>More.</p>")
    'TEHRAN — Talks resumed.\\n\\nMore.'
    """
    fragment = _xml_safe(fragment)
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        root = _CLEANER.clean_html(root)
    except (etree.ParserError, ValueError, AssertionError, IndexError):  # lxml asserts one <body> in a page
        return fragment.strip()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            # A character reference such as "&#1;" parses into a character lxml will not store back.
            if element.tag.lower() == "br":
                element.tail = "\n" + _xml_safe(element.tail or "")
                continue
            element.tail = "\n\n" + _xml_safe(element.tail or "")
            element.text = "\n\n" + _xml_safe(element.text or "")
    lines = (_SPACES.sub(" ", line).strip() for line in _xml_safe(root.text_content()).split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
