"""Quantities in running text: money, percentages, counts, durations, numbers.

:func:`find_quantities` reads numbers written in digits ("1,234,567.89", "3.5bn",
"€500m") or words ("twenty-five thousand", "a dozen", "dozens of"), then what
sits around them: a currency before or after ("$", "US$", "USD 5", "15 pounds"),
a percent sign or word, a duration unit ("14 days", "a one-day visit"), a
counted plural noun ("9 MOUs", "12 cooperation documents"), a qualifier
("more than", "up to", …) and, by simple patterns over the sentence, what the
quantity measures (``about``: "aid worth $500 million" → "aid").

Choices, all documented here and pinned by tests:

* ``value`` is the full number: "$3 billion" → 3000000000, "50 cents" → 0.5
  (unit USD). Integral values are ints, others floats; a value that is not
  finite becomes None.
* A range "$2-3 billion" keeps the whole range as its text and the lower bound
  as its value (2000000000), with no qualifier.
* Vague numbers take the smallest plural reading with qualifier "about":
  "dozens of" 24, "hundreds of" 200, "thousands of" 2000, "a couple of" 2.
* A count's unit is the head noun in its singular form, acronyms kept as
  written ("MOUs" → "MOU", "12 cooperation documents" → "document").
* Durations use day/week/month/year/hour/minute/second; "two decades" is
  20 years. Ages ("a 30-year-old", "30 years old") are not quantities.
* Not quantities: dates and years (found by :mod:`.dates`, and any bare
  four-digit number from 1800 to 2100 without a currency, percent or scale),
  times ("10:30", "3 pm"), ordinals ("19th"), decades ("1990s"), list markers,
  identifiers ("G20", "F-16", "Resolution 2231"), numbers glued to other
  units ("29km"), URLs, version numbers, and the bare word "one".
* ``change`` is "increase" or "decrease" for money and percentages that are
  the size of a rise or a fall ("rose by 5 percent", "a $2 billion cut", "up
  12%"), and None for a level ("rose to $3 billion") and for other kinds; the
  rules are in :mod:`.quantity_change`.
* "m" and "b" after a numeral mean million and billion only next to a
  currency ("€500m"); "bn", "mn", "tn" and "k" always do.

The vocabulary is data: ``pipeline/data/currencies.tsv``, ``numbers.tsv`` and
``quantity_words.tsv``.

>>> [(q.text, q.kind, q.value, q.unit) for q in find_quantities("They pledged $3 billion.", ())]
[('$3 billion', 'money', 3000000000, 'USD')]
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ..errors import LexiconError
from ..model import Quantity, Sentence
from ..settings import Settings
from .datafile import tsv_rows
from .dates import find_dates
from .quantity_change import change_of
from .runner import Analysis, Resources, Stage

_WORD = r"[A-Za-z][A-Za-z-]*"
_NUMERAL = r"(?<![\w.,])(?:[0-9]+(?:,[0-9]+)*(?:\.[0-9]+)?|\.[0-9]+)"
_NUMERAL_RE = re.compile(_NUMERAL)
_WORD_ROLES = ("qualifier", "qualifier_after", "percent", "duration", "plural", "stop", "label", "change",
               "worth", "level", "period", "definite")
_PROTECTED = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+"
    r"|[0-9]+(?:\.[0-9]+){2,}"
    r"|\b[0-9]{1,2}[:.][0-9]{2}\s*(?:[ap]\.m\.|[ap]m\b|GMT\b|UTC\b|hrs\b|h\b)"
    r"|\b[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\b"
    r"|\b[0-9]{1,2}\s*(?:[ap]\.m\.|[ap]m\b|o'clock\b)"
    r"|(?m:^[ \t]*[0-9]{1,2}[.)](?=\s))|\([0-9]{1,2}\)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Lexicon:
    words: Mapping[str, tuple[float, str]]
    abbreviations: Mapping[str, float]
    vague: Mapping[str, float]
    currencies: Mapping[str, tuple[str, float]]
    qualifiers: Mapping[str, str]
    percents: Mapping[str, str]
    durations: Mapping[str, tuple[str, float]]
    plurals: Mapping[str, str]
    stops: frozenset[str]
    scale_words: str
    labels: frozenset[str]
    periods: frozenset[str]
    definite: re.Pattern[str]
    core: re.Pattern[str]
    prefix: re.Pattern[str]
    suffix: re.Pattern[str]
    qualifier_before: re.Pattern[str]
    qualifier_after: re.Pattern[str]
    percent: re.Pattern[str]
    percent_of: re.Pattern[str]
    duration: re.Pattern[str]
    worth: re.Pattern[str]
    change: re.Pattern[str]
    level: re.Pattern[str]


def _number(cell: str, name: str, line: int) -> float:
    try:
        return float(cell)
    except ValueError:
        raise LexiconError(f"{cell!r} is not a number", f"pipeline/data/{name}", line) from None


def _alternation(phrases: Iterable[str]) -> str:
    """Phrases as a regex alternation, longest first, spaces matching any whitespace."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered) + ")"


def _key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    words: dict[str, tuple[float, str]] = {}
    abbreviations: dict[str, float] = {}
    vague: dict[str, float] = {}
    for line, (word, value, role) in ((n, c[:3]) for n, c in tsv_rows("numbers.tsv", 3)):
        number = _number(value, "numbers.tsv", line)
        if role in ("unit", "tens", "hundred", "scale"):
            words[word.lower()] = (number, role)
        elif role == "abbreviation":
            abbreviations[word.lower()] = number
        elif role == "vague":
            vague[_key(word)] = number
        else:
            raise LexiconError(f"unknown role {role!r}", "pipeline/data/numbers.tsv", line)
    currencies: dict[str, tuple[str, float]] = {}
    prefixes: list[str] = []
    suffixes: list[str] = []
    for line, cells in tsv_rows("currencies.tsv", 3):
        surface, code, position = cells[:3]
        if position not in ("prefix", "suffix", "both") or not re.fullmatch(r"[A-Z]{3}", code):
            raise LexiconError("expected an ISO 4217 code and prefix|suffix|both",
                               "pipeline/data/currencies.tsv", line)
        factor = _number(cells[3], "currencies.tsv", line) if len(cells) > 3 and cells[3] else 1.0
        currencies[_key(surface)] = (code, factor)
        if position in ("prefix", "both"):
            prefixes.append(surface)
        if position in ("suffix", "both"):
            suffixes.append(surface)
    by_role: dict[str, dict[str, tuple[str, float]]] = {}
    for line, cells in tsv_rows("quantity_words.tsv", 3):
        if cells[1] not in _WORD_ROLES:
            raise LexiconError(f"unknown role {cells[1]!r}", "pipeline/data/quantity_words.tsv", line)
        factor = _number(cells[3], "quantity_words.tsv", line) if len(cells) > 3 and cells[3] else 1.0
        by_role.setdefault(cells[1], {})[cells[0]] = (cells[2], factor)

    def get(role: str) -> dict[str, tuple[str, float]]:
        return by_role.get(role, {})

    stops = frozenset(w.lower() for w in get("stop"))
    word_alt = _alternation(words)
    scale_words = _alternation(w for w, (_, role) in words.items() if role in ("hundred", "scale"))
    numeric_or_words = (
        rf"(?P<num>{_NUMERAL})"
        rf"|(?P<words>(?:\b(?:a\s+|(?:a\s+)?(?:half|quarter)\s+(?:a\s+)?)(?={scale_words}\b))?\b{word_alt}"
        rf"(?:(?:\s*-\s*|\s+and\s+|\s+){word_alt})*\b)"
    )
    prefix_alt = "|".join(  # "C$" also written "C $", "HK$" "hk $"; never "a $5" or "'s $5"
        (r"(?<![A-Za-z'’])" if p[0].isalpha() else "")
        + (re.escape(p[:-1]) + r"[ \t]?\$" if p.endswith("$") and p[0].isalpha() and len(p) > 2 or p in ("C$", "R$")
           else re.escape(p))
        for p in sorted(prefixes, key=lambda p: (-len(p), p))
    )
    percent_words = _alternation(k for k, v in get("percent").items()
                                 if v[0] == "percent" and (k.isalpha() or " " in k))
    np_word = rf"(?!(?:{_alternation(stops)})\b){_WORD}"
    return _Lexicon(
        words=words, abbreviations=abbreviations, vague=vague, currencies=currencies,
        qualifiers={_key(k): v[0] for k, v in {**get("qualifier"), **get("qualifier_after")}.items()},
        percents={_key(k): v[0] for k, v in get("percent").items()},
        durations={_key(k): v for k, v in get("duration").items()},
        plurals={k.lower(): v[0] for k, v in get("plural").items()},
        stops=stops,
        scale_words=scale_words,
        labels=frozenset(get("label")),
        periods=frozenset(w.lower() for w in get("period")),
        definite=re.compile(rf"(?<![A-Za-z])(?:{_alternation(get('definite'))})\s+\Z", re.IGNORECASE),
        core=re.compile(rf"(?P<vague>\b{_alternation(vague)}\b)|{numeric_or_words}", re.IGNORECASE),
        prefix=re.compile(rf"(?:{prefix_alt})[ \t]{{0,2}}\Z", re.IGNORECASE),
        suffix=re.compile(rf"\A(?:[ \t]{{1,2}}|[ \t]?-[ \t]?|)(?P<u>{_alternation(suffixes)})(?![A-Za-z])",
                          re.IGNORECASE),
        qualifier_before=re.compile(rf"(?<![A-Za-z])(?P<q>{_alternation(get('qualifier'))})\s+\Z",
                                    re.IGNORECASE),
        qualifier_after=re.compile(rf"\A\s+(?P<q>{_alternation(get('qualifier_after'))})\b", re.IGNORECASE),
        percent=re.compile(rf"\A(?:[ \t]?-[ \t]?|[ \t]{{0,2}})(?P<u>{_alternation(get('percent'))})(?![A-Za-z])",
                           re.IGNORECASE),
        percent_of=re.compile(  # "per cent of 20" read as 20 percent; never "a percentage of 200 people"
            rf"(?<![A-Za-z])(?P<u>{percent_words})"
            r"s?\s+of\s+\Z", re.IGNORECASE),
        duration=re.compile(rf"\A(?:[ \t]?-[ \t]?|[ \t]{{1,2}})(?P<u>{_alternation(get('duration'))})\b"
                            r"(?P<age>(?:[ \t]?-[ \t]?|[ \t]+)old\b)?", re.IGNORECASE),
        worth=re.compile(rf"\s(?P<w>{_alternation(get('worth'))})\s+\Z", re.IGNORECASE),
        change=re.compile(
            rf"\b(?i:{_alternation(get('change'))})\w*\s+(?:(?i:the|its|their|our)\s+)?"
            rf"(?P<np>{np_word}(?:\s+{np_word}){{0,2}}(?:\s+of\s+{np_word}(?:\s+{np_word})?)?)\b"
            r".*\s(?:to|by)\s+\Z",
        ),
        level=re.compile(
            rf"\A\s*(?:(?i:the|its|their|our)\s+)?(?P<np>{np_word}(?:'s)?(?:\s+{np_word}){{0,2}})\b.*?"
            rf"\b(?i:{_alternation(get('level'))})\s+(?:(?:by|to|at)\s+)?\Z",
        ),
    )


@dataclass(frozen=True)
class _Number:
    value: float
    start: int
    end: int
    vague: bool = False
    needs_currency: bool = False
    bare_one: bool = False
    year_like: bool = False


@dataclass(frozen=True)
class _Found:
    """A quantity within one sentence, offsets relative to the sentence."""

    start: int
    end: int
    kind: str
    value: float | None
    unit: str | None
    qualifier: str | None
    about: str | None = None
    change: str | None = None


def _parse_words(lex: _Lexicon, text: str, base: int) -> _Number | None:
    """A number written in words ("twenty-five thousand", "a dozen"), trimmed to what parses."""
    tokens = [(m.group(0).lower(), m.end()) for m in re.finditer(r"[A-Za-z]+", text)]
    total, group, last, end, i = 0.0, 0.0, "", 0, 0
    fractions = {"half": 0.5, "quarter": 0.25}
    while i < len(tokens) and tokens[i][0] in ("a", "half", "quarter") and i < 3:
        group = fractions.get(tokens[i][0], group or 1.0)
        last, i = "a", i + 1
    previous_scale = math.inf
    for word, word_end in tokens[i:]:
        if word == "and":
            if last not in ("hundred", "scale"):
                break
            continue
        value, role = lex.words[word]
        if (role == "unit" and (last in ("", "hundred", "scale") or (last == "tens" and value < 10))
                or role == "tens" and last in ("", "hundred", "scale")):
            group += value
        elif role == "hundred" and last in ("", "unit", "tens", "a"):
            group = (group or 1.0) * value
        elif role == "scale" and value < previous_scale and last != "":
            total, group, previous_scale = total + (group or 1.0) * value, 0.0, value
        elif role == "scale" and last == "":
            total, group, previous_scale = value, 0.0, value
        else:
            break
        last, end = role, word_end
    if not end:
        return None
    bare_one = len(tokens) == 1 and tokens[0][0] in ("one", "zero")
    return _Number(total + group, base, base + end, bare_one=bare_one)


def _parse_numeral(lex: _Lexicon, seg: str, m: re.Match[str]) -> _Number | None:
    """A numeral with its scale words ("3.5bn", "1.2 trillion"); None when glued to a unit."""
    digits, start, end = m.group(0), m.start(), m.end()
    whole, _, fraction = digits.partition(".")
    groups = whole.split(",")
    if len(groups) > 1 and not (len(groups[0]) <= 3 and len(groups[-1]) == 3
                                and all(len(g) in (2, 3) for g in groups[1:-1])):
        whole, fraction, end = groups[0], "", start + len(groups[0])
    value = float(whole.replace(",", "") + ("." + fraction if fraction else "") or "0")
    year_like = "," not in whole and not fraction and len(whole) == 4 and 1800 <= value <= 2100
    rest = seg[end:end + 8]
    needs_currency = False
    glued = re.match(r"[A-Za-z]+", rest)
    if glued:
        word = glued.group(0).lower()
        if word not in lex.abbreviations:
            code = lex.currencies.get(word)
            return _Number(value, start, end) if word.isalpha() and len(word) == 3 and code else None
        value, end, year_like = value * lex.abbreviations[word], end + len(word), False
        needs_currency = word in ("m", "b")
    return _Number(value, start, end, needs_currency=needs_currency, year_like=year_like)


def _scale(lex: _Lexicon, seg: str, number: _Number) -> _Number:
    """Multiply by scale words after a number ("3.5 million", "2 bn")."""
    value, end, scaled = number.value, number.end, False
    for _ in range(4):
        m = re.match(rf"\A(?:[ \t]?-[ \t]?|[ \t]{{1,2}})(?P<s>(?:{lex.scale_words})s?|bn|mn|mln|bln|tn)\b",
                     seg[end:end + 20], re.IGNORECASE)
        if not m:
            break
        word = m.group("s").lower()
        factor = lex.words.get(word.rstrip("s") if word.endswith("s") and word != "s" else word, (0.0, ""))[0]
        value, end, scaled = value * (factor or lex.abbreviations.get(word, 1.0)), end + m.end(), True
    if not scaled:
        return number
    return _Number(value, number.start, end, number.vague, number.needs_currency)


def _range(lex: _Lexicon, seg: str, number: _Number, scaled: bool) -> _Number:
    """Extend "2-3 billion" to the upper bound, keeping the lower bound as the value.

    An unscaled lower bound takes the upper bound's scale ("$2-3 billion" → 2e9).
    """
    m = re.match(r"[ \t]?[-–—][ \t]?(?:[$€£¥][ \t]?)?", seg[number.end:number.end + 8])
    numeral = _NUMERAL_RE.match(seg, number.end + m.end()) if m else None
    upper = _parse_numeral(lex, seg, numeral) if numeral else None
    if upper is None:
        return number
    upper_scaled = _scale(lex, seg, upper)
    factor = upper_scaled.value / upper.value if upper.value and not scaled else 1.0
    if upper.needs_currency and not scaled:
        factor = 1.0
    return _Number(number.value * factor, number.start, upper_scaled.end,
                   needs_currency=number.needs_currency or upper.needs_currency, year_like=number.year_like)


def _singular(word: str, lex: _Lexicon) -> str | None:
    """The singular of a plural-looking noun, or None when the word is not one."""
    lower = word.lower()
    if lower in lex.plurals:
        return lex.plurals[lower]
    if lower in lex.stops or "'" in word or len(word) < 3 or not word.endswith("s"):
        return None
    if re.fullmatch(r"[A-Z][A-Za-z]*[A-Z]s", word):  # MOUs, MoUs, NGOs
        return word[:-1]
    if lower.endswith(("ss", "us", "is")) or not word[1:].islower():
        return None
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith("men") and len(lower) > 5 and not lower.endswith(("imen", "omen")):
        return lower[:-3] + "man"
    if lower.endswith(("ches", "shes", "xes", "sses", "zes")):
        return lower[:-2]
    return lower[:-1]


def _counted(lex: _Lexicon, seg: str, end: int, value: float) -> tuple[int, str] | None:
    """The counted noun after a number ("9 MOUs", "12 cooperation documents", "50 of its soldiers")."""
    pos = end
    partitive = re.match(r"[ \t]+of[ \t]+(?:the|its|their|our|his|her|these|those)(?=[ \t])", seg[pos:pos + 20],
                         re.IGNORECASE)
    if partitive and value >= 2:
        word = re.match(r"[ \t]+([A-Za-z][A-Za-z-]*)", seg[pos + partitive.end():pos + partitive.end() + 40])
        unit = _singular(word.group(1), lex) if word else None
        return (pos + partitive.end() + word.end(), unit) if word and unit else None
    if partitive:
        return None
    for k in range(3):
        m = re.match(r"[ \t]+([A-Za-z][A-Za-z'’-]*)", seg[pos:pos + 60])
        if not m:
            return None
        word = m.group(1).strip("-")
        unit = _singular(word, lex)
        if unit:
            return pos + m.end(), unit
        lower = word.lower()
        if lower in lex.stops or lower.endswith("ly") or "'" in word or "’" in word:
            return None
        if value == 1 and k == 0 and word.islower() and len(word) > 2 and not lower.endswith("ed"):
            return pos + m.end(), lower
        pos += m.end()
    return None


def _np_after(lex: _Lexicon, text: str) -> str | None:
    """Up to three lower-case content words at the start of ``text``."""
    found: list[str] = []
    pos = 0
    while len(found) < 3:
        m = re.match(rf"[ \t]*({_WORD})", text[pos:])
        if not m:
            break
        word = m.group(1)
        if word.lower() in lex.stops or word.endswith("ed") or not word.islower():
            break
        found.append(word)
        pos += m.end()
    return " ".join(found) or None


def _np_before(lex: _Lexicon, text: str) -> str | None:
    """Up to three lower-case content words at the end of ``text``."""
    tail = re.search(rf"((?:{_WORD}\s+){{0,2}}{_WORD})\s*\Z", text[-80:])
    if not tail:
        return None
    found: list[str] = []
    for word in reversed(tail.group(1).split()):
        if word.lower() in lex.stops or not word.islower():
            break
        found.insert(0, word)
    return " ".join(found) or None


def _about(lex: _Lexicon, seg: str, start: int, end: int, kind: str) -> str | None:
    """What a quantity measures, from simple patterns over its sentence."""
    """What a quantity measures, from simple patterns over its sentence, most specific first.

    1. a link before it: "aid worth $5 million", "a loan of $2 billion";
    2. a noun right after an article: "a 5 percent tariff", "a 14-day stay";
    3. the object of a verb of change: "increase the volume of trade to $3 billion";
    4. the subject of a verb of level or change: "trade rose by 50 percent";
    5. a noun after "in" or "of": "$5 billion in aid", "40 percent of the vote" -- never a
       phrase of time or manner ("in recent months", "in the first step", "in total").
    """
    before, after = seg[max(0, start - 200):start], seg[end:end + 80]
    worth = lex.worth.search(before)
    if worth and (kind == "money" or worth.group("w").lower() != "of"):
        found = _np_before(lex, before[:worth.start()])
        if found:
            return found
    if kind in ("money", "percent", "duration") and re.search(r"(?<![A-Za-z])(?:a|an)\s+\Z", before, re.I):
        found = _np_after(lex, after)
        if found and found.split()[0] not in lex.periods:
            return found
    clause = re.split(r"[.;!?“”\"]", before)[-1]
    change = lex.change.search(clause)
    if change:
        return change.group("np")
    level = lex.level.match(re.split(r"[,;:]|\bthat\b", clause)[-1])
    if level:
        np = level.group("np")
        return np[0].lower() + np[1:] if re.fullmatch(r"[A-Z][a-z-]+", np.split()[0]) else np
    if kind in ("money", "percent"):
        link = re.match(r"\A\s+(?:in\s+|of\s+(?:(?:the|its|their)\s+)?)", after)
        found = _np_after(lex, after[link.end():]) if link else None
        if found and found.split()[0] not in lex.periods:
            return found
    return None


def _finite(value: float) -> float | None:
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _skip(lex: _Lexicon, seg: str, start: int) -> bool:
    """A numeral that is part of an identifier ("F-16", "Resolution 2231")."""
    before = seg[max(0, start - 20):start]
    if re.search(r"[0-9A-Za-z][-/]\Z", before):
        return True
    label = re.search(r"(\S+)[ \t]+\Z", before)
    return bool(label and label.group(1) in lex.labels)


def _segment(lex: _Lexicon, seg: str) -> list[_Found]:
    """The quantities of one sentence."""
    protected = [(d.start, d.end) for d in find_dates(seg, None)]
    protected += [(m.start(), m.end()) for m in _PROTECTED.finditer(seg)]
    starts = sorted(protected)
    found: list[_Found] = []
    consumed = 0
    for m in lex.core.finditer(seg):
        if m.start() < consumed:
            continue
        i = bisect.bisect_right(starts, (m.start(), len(seg) + 1)) - 1
        if i >= 0 and starts[i][0] <= m.start() < starts[i][1]:
            continue
        if m.group("vague"):
            number: _Number | None = _Number(lex.vague[_key(m.group(0))], m.start(), m.end(), vague=True)
        elif m.group("num"):
            if _skip(lex, seg, m.start()):
                continue
            raw = _parse_numeral(lex, seg, m)
            if raw is not None:
                scaled = _scale(lex, seg, raw)
                number = _range(lex, seg, scaled, scaled is not raw or raw.end > m.end())
            else:
                number = None
        else:
            number = _parse_words(lex, m.group(0), m.start())
            number = _scale(lex, seg, number) if number else None
        if number is None:
            consumed = m.end()
            continue
        item = _read(lex, seg, number, consumed)
        if item is None:
            consumed = max(consumed, number.end)
            continue
        consumed = item.end
        change = change_of(seg, item.start, item.end) if item.kind in ("money", "percent") else None
        found.append(replace(item, about=_about(lex, seg, item.start, item.end, item.kind), change=change))
    return found


def _reference(lex: _Lexicon, seg: str, n: _Number, floor: int, kind: str, end: int) -> bool:
    """A count or number that names or refers rather than measures.

    * "the two countries", "both three", "its two neighbours": a definite determiner before a
      small cardinal (2-10) picks out a set the text already named;
    * "Attribution 4.0", "Europe 1 radio", "Boeing 737": a bare number (or one followed by a
      singular noun) right after a capitalised word inside a sentence is part of a name.
    """
    before = seg[max(floor, n.start - 20):n.start]
    if not n.vague and 2 <= n.value <= 10 and lex.definite.search(before):
        return True
    name = re.search(r"(?<=[A-Za-z0-9,;] )([A-Z][A-Za-z]*)[ \t]+\Z", seg[max(0, n.start - 40):n.start])
    if not name or not seg[n.start].isdigit():
        return False
    word = name.group(1)
    if word.lower() in lex.stops or _key(word) in lex.qualifiers or _key(word) in lex.currencies:
        return False
    return kind == "number" or not seg[n.end:end].rstrip().endswith("s")


def _read(lex: _Lexicon, seg: str, n: _Number, floor: int) -> _Found | None:
    """Kind, unit, qualifier and span of a parsed number, or None when it is no quantity."""
    start, end, value = n.start, n.end, n.value
    sign = re.search(r"(?:(?<![\w.\-])-|\bminus\s+)\Z", seg[max(floor, start - 6):start], re.IGNORECASE)
    code: str | None = None
    factor = 1.0
    prefix = lex.prefix.search(seg[max(floor, start - 12):start])
    if prefix:
        code, factor = lex.currencies[_key(re.sub(r"\s+\$", "$", prefix.group(0)))]
        start -= len(prefix.group(0))
    suffix = lex.suffix.match(seg[end:end + 40])
    if suffix and (code is None or (suffix.group("u")[0].isalpha()
                                    and lex.currencies[_key(suffix.group("u"))][0] == code)):
        code, factor = lex.currencies[_key(suffix.group("u"))]
        end += suffix.end()
        more = _scale(lex, seg, _Number(value, start, end))
        value, end = more.value, more.end
    kind, unit = "number", None
    if code:
        kind, unit, value = "money", code, value * factor
    elif n.needs_currency:
        return None
    elif percent := lex.percent.match(seg[end:end + 30]):
        kind, unit, end = "percent", lex.percents[_key(percent.group("u"))], end + percent.end()
    elif percent := lex.percent_of.search(seg[max(floor, start - 24):start]):
        kind, unit, start = "percent", lex.percents[_key(percent.group("u"))], start - len(percent.group(0))
    elif duration := lex.duration.match(seg[end:end + 30]):
        if duration.group("age") or n.year_like:
            return None
        unit, factor = lex.durations[_key(duration.group("u"))]
        kind, value, end = "duration", value * factor, end + duration.end()
    elif n.year_like:
        return None
    elif counted := _counted(lex, seg, end, value):
        kind, (end, unit) = "count", counted
    elif n.bare_one:
        return None
    if kind in ("count", "number") and _reference(lex, seg, n, floor, kind, end):
        return None
    if sign and not n.vague:
        value, start = -value, start - len(sign.group(0))
    qualifier = "about" if n.vague else None
    before = lex.qualifier_before.search(seg[max(floor, start - 30):start])
    if before:
        qualifier, start = lex.qualifiers[_key(before.group("q"))], start - len(before.group(0))
    elif after := lex.qualifier_after.match(seg[end:end + 20]):
        qualifier, end = lex.qualifiers[_key(after.group("q"))], end + after.end()
    return _Found(start, end, kind, _finite(value), unit, qualifier)


def find_quantities(text: str, sentences: Sequence[Sentence]) -> tuple[Quantity, ...]:
    """Every quantity in ``text``, ids "N1", "N2", … in text order.

    Each sentence is read on its own; without sentences the whole text is one
    sentence (index 0).

    >>> [(q.text, q.kind, q.value, q.qualifier) for q in find_quantities("Trade rose by more than 50 percent.", ())]
    [('more than 50 percent', 'percent', 50, 'more_than')]
    """
    if not text:
        return ()
    lex = _lexicon()
    spans = sorted({(max(0, s.start), min(len(text), s.end), s.index) for s in sentences if s.end > s.start})
    if not spans:
        spans = [(0, len(text), 0)]
    rows: list[tuple[int, int, _Found]] = []
    last_end = 0
    for start, end, index in spans:
        start = max(start, last_end)
        if start >= end:
            continue
        rows.extend((index, start, item) for item in _segment(lex, text[start:end]))
        last_end = end
    return tuple(
        Quantity(
            id=f"N{i}", text=text[base + f.start:base + f.end], start=base + f.start, end=base + f.end,
            sentence=index, kind=f.kind, value=f.value, unit=f.unit,  # type: ignore[arg-type]
            qualifier=f.qualifier, about=f.about, change=f.change,  # type: ignore[arg-type]
        )
        for i, (index, base, f) in enumerate(rows, 1)
    )


__all__ = ["STAGE", "find_quantities"]


def _stage(analysis: Analysis, resources: Resources, settings: Settings) -> Analysis:
    return replace(analysis, quantities=find_quantities(analysis.document.text, analysis.sentences))


STAGE = Stage("quantities/1", requires=("sentences",), provides=("quantities",), run=_stage)
