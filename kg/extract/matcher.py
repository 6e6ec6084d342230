"""Find many names in a text at once: a set of names plus the set of their prefixes.

``NameMatcher`` looks only at positions whose two characters begin some name
(found by C-level set look-ups over the text's character pairs), and from each
walks right only while the characters read so far begin some name: one or two
look-ups per position instead of one per possible length. Pure Python, built
once per name list.

    >>> m = NameMatcher(["黄石", "黄石市", "西塞山"])
    >>> m.longest("黄石市西塞山区")
    [(0, 3, '黄石市'), (3, 6, '西塞山')]
    >>> sorted(m.occurring("在黄石市"))
    ['黄石', '黄石市']
    >>> m.every("黄石市")
    [(0, [3, 2])]
"""
from __future__ import annotations

from collections.abc import Iterable
from itertools import compress
from operator import add


class NameMatcher:
    """Names of ``min_len``..``max_len`` characters (min_len >= 2), found longest-first at each start."""

    __slots__ = ("names", "prefixes", "heads", "min_len", "max_len")

    def __init__(self, names: Iterable[str], *, min_len: int = 2, max_len: int | None = None):
        """Index names whose length lies in [min_len, max_len] (no upper bound when None)."""
        if min_len < 2:
            raise ValueError("NameMatcher finds names of two or more characters")
        kept = {n for n in names if len(n) >= min_len and (max_len is None or len(n) <= max_len)}
        self.names = frozenset(kept)
        self.prefixes = frozenset(n[:k] for n in kept for k in range(2, len(n)))
        self.heads = frozenset(n[:2] for n in kept)
        self.min_len = min_len
        self.max_len = max((len(n) for n in kept), default=0)

    def _starts(self, text: str):
        """Positions where some name may start: their two characters begin a name."""
        return compress(range(len(text)), map(self.heads.__contains__, map(add, text, text[1:])))

    def longest(self, text: str) -> list[tuple[int, int, str]]:
        """Every (start, end, name) with the longest name that starts at each position."""
        names, prefixes, lo = self.names, self.prefixes, self.min_len
        out = []
        n = len(text)
        for i in self._starts(text):
            best = 0
            end = i + lo
            while end <= n:
                s = text[i:end]
                if s in names:
                    best = end
                if s not in prefixes:
                    break
                end += 1
            if best:
                out.append((i, best, text[i:best]))
        return out

    def every(self, text: str) -> list[tuple[int, list[int]]]:
        """(start, ends) for each position where names start: the ends of all of them, longest first."""
        names, prefixes, lo = self.names, self.prefixes, self.min_len
        out = []
        n = len(text)
        for i in self._starts(text):
            ends = []
            end = i + lo
            while end <= n:
                s = text[i:end]
                if s in names:
                    ends.append(end)
                if s not in prefixes:
                    break
                end += 1
            if ends:
                out.append((i, ends[::-1]))
        return out

    def occurring(self, text: str) -> set[str]:
        """Every name that occurs in text, at any position (``name in text`` for all names)."""
        names, prefixes, lo = self.names, self.prefixes, self.min_len
        found: set[str] = set()
        n = len(text)
        for i in self._starts(text):
            end = i + lo
            while end <= n:
                s = text[i:end]
                if s in names:
                    found.add(s)
                if s not in prefixes:
                    break
                end += 1
        return found


_BUILT: dict[tuple[int, int, int], tuple[object, NameMatcher]] = {}
_EVERY: dict[tuple[int, str], list[tuple[int, list[int]]]] = {}     # the last few texts' ``every``


def every_in(matcher: NameMatcher, text: str) -> list[tuple[int, list[int]]]:
    """``matcher.every(text)``, kept for the last few texts (an article's text is read by
    several recognisers: the home vote, the divisions)."""
    key = (id(matcher), text)
    hits = _EVERY.get(key)
    if hits is None:
        if len(_EVERY) >= 8:
            _EVERY.clear()
        hits = _EVERY[key] = matcher.every(text)
    return hits


def remember(matcher: NameMatcher, text: str, hits: list[tuple[int, list[int]]]) -> None:
    """Keep ``hits`` as ``every_in(matcher, text)``: what a scan of a longer text already found
    in this part of it (the home vote's title and body start, from the whole text's scan)."""
    if len(_EVERY) >= 8:
        _EVERY.clear()
    _EVERY[(id(matcher), text)] = hits


def matcher_for(names, max_len: int) -> NameMatcher:
    """The matcher of a name collection (e.g. the gazetteer's name index), built once.

    Keyed by the collection's identity and size, so the index ``load_resources``
    keeps is indexed once per process; a new or grown collection gets a new matcher.
    """
    key = (id(names), len(names), max_len)
    hit = _BUILT.get(key)
    if hit is None or hit[0] is not names:
        if len(_BUILT) >= 8:
            _BUILT.clear()
        hit = _BUILT[key] = (names, NameMatcher(names, max_len=max_len))
    return hit[1]
