"""Actor memory: people coded with an office in earlier documents, for later ones.

Once a document names a person with a country and an office ("Kazakhstan's
foreign minister Zarina Beisembayeva"), a later document that names them alone
("Beisembayeva said") can be resolved from what was seen before. A
:class:`Memory` holds one :class:`KnownActor` per person and office seen, with
the first and last publication dates it was seen on and how many documents.

What is learned from a record (:meth:`Memory.learn`):

* every ``person`` actor with a country and a role whose name is written in
  one of its mentions (so "foreign minister of Kazakhstan", the name the
  actors stage gives a title without a name, is never learned);
* its name, the last word of a name of two words or more (the surname), and
  every mention that is made only of the name's own words ("Mr. Beisembayeva"
  gives "Beisembayeva"); titles, pronouns and nominal mentions are not names;
* the document's publication date (ISO ``YYYY-MM-DD``; anything else counts as
  unknown).

A name that points to more than one person (two countries, or two different
full names sharing a surname) resolves to nobody. The memory is immutable:
``learn`` returns a new one.

>>> from communique.model import Actor, Document, Mention, Record
>>> text = "Foreign Minister Zarina Beisembayeva spoke."
>>> actor = Actor("A1", "Zarina Beisembayeva", "person", "KAZ", "GOV", "foreign minister",
...               mentions=(Mention(0, 36, text[:36], 0),))
>>> memory = Memory().learn(Record(Document("d1", text, published="2024-03-04"), actors=(actor,)))
>>> memory.lookup("Beisembayeva").role
'foreign minister'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from ..model import Actor, Record
from .records import normalise

__all__ = ["KnownActor", "Memory", "actor_key", "names_of"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HONORIFICS = frozenset({"mr.", "mrs.", "ms.", "mr", "mrs", "ms", "dr.", "dr"})

# (country, normalised full name, sector, role): one KnownActor each
_Key = tuple[str, str, str | None, str | None]


@dataclass(frozen=True, slots=True)
class KnownActor:
    """A person as seen with one office: where, under which names, and when."""

    name: str
    aliases: tuple[str, ...]
    country: str
    sector: str | None
    role: str | None
    first_seen: str | None  # ISO date of the earliest document, None when no document had a date
    last_seen: str | None
    documents: int

    @property
    def key(self) -> str:
        """The global actor this person is: see :func:`actor_key`."""
        return actor_key(self.country, self.name)


def actor_key(country: str, name: str) -> str:
    """The id of a global person: country and normalised full name (``"KAZ/zarina beisembayeva"``)."""
    return f"{country}/{normalise(name)}"


def _slot(known: KnownActor) -> _Key:
    return (known.country, normalise(known.name), known.sector, known.role)


def _iso(day: str | None) -> str | None:
    return day if day and _ISO_DATE.match(day) else None


def _earliest(a: str | None, b: str | None) -> str | None:
    return min(d for d in (a, b) if d) if a or b else None


def _latest(a: str | None, b: str | None) -> str | None:
    return max(d for d in (a, b) if d) if a or b else None


def _merge(old: KnownActor, new: KnownActor) -> KnownActor:
    seen = {normalise(old.name), *map(normalise, old.aliases)}
    extra = tuple(a for a in new.aliases if normalise(a) not in seen)
    return replace(
        old, aliases=old.aliases + extra, first_seen=_earliest(old.first_seen, new.first_seen),
        last_seen=_latest(old.last_seen, new.last_seen), documents=old.documents + new.documents,
    )


def names_of(known: KnownActor) -> tuple[str, ...]:
    """The normalised forms under which a known actor is found: its name, then its aliases."""
    out = dict.fromkeys(normalise(n) for n in (known.name, *known.aliases))
    return tuple(n for n in out if n)


# --- learning from a record -----------------------------------------------------------------------


def _bare(text: str) -> str:
    """A mention without a leading honorific or a trailing possessive."""
    words = text.split()
    while words and words[0].lower() in _HONORIFICS:
        words = words[1:]
    bare = " ".join(words)
    for suffix in ("'s", "\u2019s"):
        bare = bare.removesuffix(suffix)
    return bare.strip()


def _aliases(actor: Actor) -> tuple[str, ...]:
    """The surname, and the mentions written only with the name's own words."""
    words = actor.name.split()
    own = {normalise(w) for w in words}
    full = normalise(actor.name)
    found: dict[str, str] = {}
    if len(words) > 1:
        found[normalise(words[-1])] = words[-1]
    for m in actor.mentions:
        bare = _bare(m.text)
        key = normalise(bare)
        if key and key != full and set(key.split()) <= own:
            found.setdefault(key, bare)
    found.pop(full, None)
    return tuple(found.values())


def learnable(actor: Actor) -> bool:
    """A person with a country and an office whose name is written in one of its mentions."""
    if actor.kind != "person" or not actor.country or not actor.role or not actor.name[:1].isupper():
        return False
    name = normalise(actor.name)
    return any(name in normalise(m.text) for m in actor.mentions)


def sightings(record: Record) -> tuple[KnownActor, ...]:
    """What a record teaches: one KnownActor per person and office, counted as one document."""
    day = _iso(record.document.published)
    found: dict[_Key, KnownActor] = {}
    for actor in record.actors:
        if not learnable(actor):
            continue
        known = KnownActor(actor.name, _aliases(actor), actor.country or "", actor.sector, actor.role,
                           day, day, 1)
        slot = _slot(known)
        if slot in found:  # the same person twice in one document: one document, more names
            merged = _merge(found[slot], known)
            known = replace(merged, documents=1)
        found[slot] = known
    return tuple(found.values())


# --- the memory -------------------------------------------------------------------------------------


def _order(on: str | None) -> Callable[[KnownActor], tuple[str, str, int, str]]:
    """Sort key: latest seen (up to ``on``), then latest first seen, then most documents."""

    def key(k: KnownActor) -> tuple[str, str, int, str]:
        last = k.last_seen or ""
        return (min(last, on) if on else last, k.first_seen or "", k.documents, k.role or "")
    return key


@dataclass(frozen=True)
class Memory:
    """People seen with an office, indexed by normalised name and alias; immutable."""

    actors: tuple[KnownActor, ...] = ()
    _slots: Mapping[_Key, int] = field(init=False, repr=False, compare=False)
    _names: Mapping[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        merged: dict[_Key, KnownActor] = {}
        for known in self.actors:
            slot = _slot(known)
            merged[slot] = _merge(merged[slot], known) if slot in merged else known
        actors = tuple(merged.values())
        names: dict[str, list[int]] = {}
        for i, known in enumerate(actors):
            for n in names_of(known):
                names.setdefault(n, []).append(i)
        object.__setattr__(self, "actors", actors)
        object.__setattr__(self, "_slots", {s: i for i, s in enumerate(merged)})
        object.__setattr__(self, "_names", {n: tuple(v) for n, v in names.items()})

    def __len__(self) -> int:
        return len(self.actors)

    def lookup(self, name: str, on: str | None = None) -> KnownActor | None:
        """The person called ``name`` (full name or alias) with the office they held around ``on``.

        Entries whose full name matches win over aliases. When the name points to
        more than one person, None. Of a person's offices, the one seen latest on
        or before ``on`` (an ISO date); when none was seen by then, or without
        ``on``, the one seen latest.
        """
        key = normalise(name)
        found = [self.actors[i] for i in self._names.get(key, ())]
        exact = [k for k in found if normalise(k.name) == key]
        found = exact or found
        if len({(k.country, normalise(k.name)) for k in found}) != 1:
            return None
        day = _iso(on)
        if day:
            before = [k for k in found if (k.first_seen or "") <= day]
            if before:
                return max(before, key=_order(day))
        return max(found, key=_order(None))

    def history(self, name: str) -> tuple[KnownActor, ...]:
        """Every office seen for the people called ``name``, earliest first."""
        found = [self.actors[i] for i in self._names.get(normalise(name), ())]
        return tuple(sorted(found, key=lambda k: (k.first_seen or "", k.last_seen or "", k.role or "")))

    def learn(self, record: Record) -> Memory:
        """A new memory that also knows the people of ``record`` (see the module docstring)."""
        return self.extend(sightings(record))

    def extend(self, known: Iterable[KnownActor]) -> Memory:
        """A new memory with these sightings merged in (counts add up, dates widen)."""
        actors = list(self.actors)
        slots = dict(self._slots)
        names = dict(self._names)
        changed = False
        for new in known:
            changed = True
            slot = _slot(new)
            i = slots.get(slot)
            if i is None:
                i = slots[slot] = len(actors)
                actors.append(new)
            else:
                actors[i] = _merge(actors[i], new)
            for n in names_of(actors[i]):
                if i not in names.get(n, ()):
                    names[n] = (*names.get(n, ()), i)
        if not changed:
            return self
        return _built(tuple(actors), slots, names)


def _built(
    actors: tuple[KnownActor, ...], slots: Mapping[_Key, int], names: Mapping[str, tuple[int, ...]],
) -> Memory:
    """A Memory from an index already built (``learn`` stays linear in what it adds, plus a dict copy)."""
    memory = object.__new__(Memory)
    object.__setattr__(memory, "actors", actors)
    object.__setattr__(memory, "_slots", slots)
    object.__setattr__(memory, "_names", names)
    return memory
