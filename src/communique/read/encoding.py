"""Bytes to text: byte order marks, strict UTF-8, then a guess biased towards Western text.

>>> read_text_bytes("caf\\u00e9 \\u201cpeace\\u201d".encode("cp1252"))
'café “peace”'

Order of attempts:

1. a byte order mark (UTF-32, UTF-16 or UTF-8): trusted;
2. strict UTF-8;
3. a charset the input declares (an HTML ``<meta charset>`` or XML declaration);
4. UTF-8 with stray Windows-1252 bytes (a paragraph pasted from an old file): when
   the valid multi-byte UTF-8 characters are at least as many as the bytes that
   are not UTF-8, the UTF-8 is read as such and each stray byte as Windows-1252;
5. charset-normalizer, trusted only when the text it decodes uses a non-Latin
   script (Cyrillic, Greek, Arabic, CJK, …): on short Western text it often
   answers cp1250, cp437 or mac_roman, which garble accented letters;
6. otherwise Windows-1252 when bytes 0x80–0x9F occur (curly quotes, dashes and
   the euro sign live there; in Latin-1 they are invisible controls), else
   Latin-1.

The result is decoded text only; :func:`~communique.read.normalise_text` cleans it.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""(?:<meta[^>]{0,200}?charset\s*=\s*["']?|<\?xml[^>]{0,100}?encoding\s*=\s*["'])"""
                       rb"""([A-Za-z0-9_.:\-]{2,40})""", re.I)
_C1 = re.compile(rb"[\x80-\x9f]")
# One well-formed multi-byte UTF-8 character (no overlongs, no surrogates), or a run of ASCII.
_UTF8_MULTI = (rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
               rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
               rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_UTF8_PIECES = re.compile(rb"(?P<utf8>(?:[\x00-\x7f]|" + _UTF8_MULTI + rb")+)|(?P<stray>[\x80-\xff])")
_UTF8_MULTI_RE = re.compile(_UTF8_MULTI)
# Control bytes that never occur in text files (tab, LF, CR, FF, VT and ESC do).
_BINARY_CONTROLS = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B})
# Unicode blocks (as charset-normalizer names them) of Western text and its punctuation.
_LATIN_BLOCKS = frozenset({
    "Basic Latin", "Latin-1 Supplement", "Latin Extended-A", "Latin Extended-B",
    "Latin Extended Additional", "General Punctuation", "Currency Symbols", "Letterlike Symbols",
    "Box Drawing", "Block Elements", "Spacing Modifier Letters", "Control character",
    "Mathematical Operators", "Geometric Shapes", "Number Forms", "Arrows",
})


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any single-byte or UTF-8 encoding (images, archives…).

    Judged on the first 8 KiB: more than 1% NUL bytes, or more than 10% control
    bytes that text files do not contain. Inputs with a UTF-16/32 byte order mark
    are text (their NUL bytes are half of every character).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[:8192]
    if not sample:
        return False
    nul = sample.count(0)
    controls = sum(1 for b in sample if b in _BINARY_CONTROLS)
    return nul / len(sample) > 0.01 or controls / len(sample) > 0.10


def _declared(data: bytes) -> str | None:
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    try:
        return codecs.lookup(m[1].decode("ascii")).name
    except LookupError:
        return None


def _western(data: bytes) -> str:
    if _C1.search(data):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass  # one of the five bytes cp1252 leaves undefined: Latin-1 reads every byte
    return data.decode("latin-1")


def _mixed(data: bytes) -> str | None:
    """UTF-8 text with stray single bytes read as Windows-1252, or None when it does not look like one.

    >>> _mixed("caf\\u00e9 \\u2014 ".encode() + b"\\x93quoted\\x94")
    'café — “quoted”'
    """
    multi = len(_UTF8_MULTI_RE.findall(data))
    pieces = list(_UTF8_PIECES.finditer(data))
    stray = sum(1 for m in pieces if m["stray"])
    if not multi or multi < stray:
        return None
    return "".join(m["utf8"].decode("utf-8") if m["utf8"] else _western(m["stray"]) for m in pieces)


def _mostly_non_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    foreign = sum(1 for c in letters if ord(c) > 0x24F)
    return bool(letters) and foreign / len(letters) > 0.6


def _guess(data: bytes) -> str | None:
    """charset-normalizer's reading, when most of the letters it decodes are of a non-Latin script.

    Western text misread as, say, cp1251 has only its accented letters turned
    into Cyrillic; text really written in Cyrillic has nearly all of them.
    """
    best = from_bytes(data).best()
    if best is None or best.encoding.startswith(("utf_16", "utf_32")) or set(best.alphabets) <= _LATIN_BLOCKS:
        return None
    text = str(best)
    return text if _mostly_non_latin(text) else None


def read_text_bytes(data: bytes, *, path: str | None = None) -> str:
    """Decode the bytes of a text input, detecting its encoding (see the module docstring).

    Raises :class:`~communique.errors.InputError` for binary data. The text is
    decoded only, not cleaned: pass it to :func:`normalise_text`.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(f"not valid {encoding} despite its byte order mark: {err.reason} "
                                 f"at byte {err.start}", path) from err
    if looks_binary(data):
        raise InputError("binary data, not text", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared(data)
    if declared and declared not in ("utf-8", "ascii"):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    return _mixed(data) or _guess(data) or _western(data)
