"""Seed inputs for each fuzz target, generated in code (our own words, no binary files in the tree).

A seed shows the fuzzer what a valid input looks like, so that mutations
reach the code behind the first parse. :func:`seeds` gives the inputs of one
target; :func:`write_seeds` puts them in a corpus folder.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from pathlib import Path

ARTICLE = (
    "OSLO — The foreign ministers of Norway and Chile met on Tuesday to discuss fishing quotas, "
    "officials said. Mr. Berg said the two sides agreed to raise joint research funding by 12% "
    "to $3.5 billion over five years.\n\n"
    "\u201cWe will meet again next month,\u201d the minister told reporters. Chile pledged "
    "more than 2,000 tonnes of aid worth \u20ac40m on 3 March 2024.\n"
    "Copyright 2024 The Example Wire. All rights reserved."
)
PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Ministers meet in Oslo</title>"
    "<meta property='article:published_time' content='2024-03-05'></head><body>"
    "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Ministers meet in Oslo</h1>"
    f"<p>{ARTICLE.split(chr(10))[0]}</p><p>Talks resume in Santiago in April, a spokesperson added.</p>"
    "</article><footer>Cookie notice</footer></body></html>"
)
RSS = (
    "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Demo wire</title>"
    "<item><title>Ministers meet</title><link>https://example.org/a</link>"
    "<pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate>"
    "<description>&lt;p&gt;OSLO &#8212; The ministers of Norway and Chile met on Tuesday.&lt;/p&gt;</description>"
    "</item><item><title>Empty</title></item></channel></rss>"
)
ATOM = (
    "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Demo</title>"
    "<entry><title>Port deal</title><updated>2024-03-05T10:00:00Z</updated><rights>CC BY 4.0</rights>"
    "<content type='html'>&lt;p&gt;ACCRA &#8212; Ghana and the Netherlands signed a port deal.&lt;/p&gt;"
    "</content></entry></feed>"
)
DATES = [
    "2024-03-05\nTalks were held on Sunday and will resume next Tuesday, three days ago and yesterday.",
    "Sun, 19 Jun 2022 08:00:00 +0430\nOn 31 February 2022 and 19/06/2022 and in 2021 and last week.",
    "99999-01-01\nThe summit on March 3rd, 2022 followed one on June 19 earlier this month.",
]


def _warc(html: str, *, gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    record = writer.create_warc_record("https://example.org/oslo", "response",
                                       payload=io.BytesIO(html.encode("utf-8")), http_headers=headers)
    writer.write_record(record)
    return out.getvalue()


def seeds(name: str) -> list[bytes]:
    """Seed inputs of one target (see :data:`targets.TARGETS`)."""
    jsonl = "\n".join([json.dumps({"text": ARTICLE, "published": "2024-03-05", "title": "Oslo"}),
                       "{not json", json.dumps({"text": 5}), "", json.dumps(["a list"])])
    table: dict[str, list[str | bytes]] = {
        "text": [ARTICLE, ARTICLE.encode("cp1252", "replace"), ARTICLE.encode("utf-16"), PAGE, RSS],
        "html": [PAGE, "<p>A fragment with <b>bold</b> words &amp; an entity.</p>"],
        "jsonl": [jsonl],
        "feed": [RSS, ATOM],
        "warc": [_warc(PAGE, gz=False), _warc(PAGE, gz=True), gzip.compress(b"WARC/1.0\r\n\r\n")],
        "detect": [ARTICLE, "KYIV, Ukraine, June 19 (Reuters) - Talks resumed. \u2014 Xinhua",
                   "Licensed under Creative Commons Attribution-NonCommercial 4.0", "June 19, 2022"],
        "dates": DATES,
        "segment": [ARTICLE, "Gen. J. Smith arrived in the U.S. on Monday. \u201cNo.\u201d He left",
                    "They pledged $2-3 billion, dozens of MOUs and twenty-five thousand tonnes, up 12%."],
        "extract": [f"2024-03-05\n{ARTICLE}", "\nNEW DELHI: India and Japan agreed on Sunday to expand trade."],
    }
    return [s if isinstance(s, bytes) else s.encode("utf-8") for s in table[name]]


def write_seeds(name: str, folder: Path) -> int:
    """Write the seeds of ``name`` into ``folder`` (created); returns how many."""
    folder.mkdir(parents=True, exist_ok=True)
    found = seeds(name)
    for data in found:
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
    return len(found)
