"""Typed records passed between pipeline stages.

Article (parse) -> Mention (extract) -> Entity, Relation (link) -> rdflib graph.
Offsets are character offsets into ``Article.text`` (the body as written).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields

from kg.registry import RECOGNISED


def _reduce(self):
    """Pickle as the class and its field values (unpickled as ``cls(*values)``: faster
    than dataclass state), short strings interned: a name or sentence that several
    records repeat travels once."""
    values = tuple(sys.intern(v) if type(v) is str and len(v) <= 512 else v
                   for v in map(self.__getattribute__, self.__slots__))
    return type(self), values


def _record(cls):
    """A frozen dataclass with __slots__ (no per-instance dict) that pickles fast."""
    cls = dataclass(frozen=True, slots=True)(cls)
    cls.__reduce__ = _reduce
    assert cls.__slots__ == tuple(f.name for f in fields(cls))
    return cls


ENTITY_TYPES = RECOGNISED      # the types a Mention may have (kg.registry)


@_record
class Copy:
    """Where one copy of an article was read: a repost merged into it (``kg.dedup``), or
    the same article found again in another file or record."""

    id: str             # the copy's own content id (kg.parse.article_id)
    title: str
    published: str      # ISO date YYYY-MM-DD
    source: str = ""    # its tag or source field
    url: str = ""
    publisher: str = ""
    path: str = ""
    line: int = 0


@_record
class Article:
    """One news article: a title, a body and a date, read from one file (see kg.read).

    The fields after ``line`` were added with kg.read (JSON Lines, CSV, web pages) and
    have defaults, so records pickled before them still load.
    """

    id: str             # stable: derived from title + date + body, not from file order
    title: str
    text: str           # body as written (Traditional characters stay Traditional)
    published: str      # ISO date YYYY-MM-DD (of a merged repost: the earliest copy's)
    source: str         # the 【tag】 (黄石招商), or a record's tag / source field
    path: str = ""      # file it was read from
    line: int = 0       # 1-based line of the title (or record) in that file; 0 for a web page
    url: str = ""       # where it was published, when known
    publisher: str = "" # the site or paper: a record's source field, or the URL's host
    copies: tuple[Copy, ...] = ()   # reposts merged into this article (kg.dedup), earliest first


@_record
class Mention:
    """A span of an article recognised as an entity of one type.

    ``name`` is the span's resolved, Simplified full form (市商务局 -> 黄石市商务局),
    which linking uses as its key; ``text`` is the span as written.
    """

    article_id: str
    start: int
    end: int
    text: str
    type: str
    name: str
    code: str = ""      # GB/T 2260 code for divisions, when known


@_record
class Evidence:
    """Where a fact is stated: the sentence's span in an article."""

    article_id: str
    start: int
    end: int
    sentence: str


@_record
class Fact:
    """A relation found inside one article, between two mentions or to a value.

    ``obj`` is a Mention for entity relations, or a ``Value`` for
    investmentAmount / startDate.
    """

    subject: Mention
    predicate: str
    obj: "Mention | Value"
    evidence: Evidence


@_record
class Value:
    """A literal value: an amount with its currency, or a date."""

    value: str          # decimal digits for amounts, ISO text for dates
    datatype: str       # "amount" | "date" | "gYearMonth" | "gYear"
    currency: str = ""  # ISO 4217 for amounts


@_record
class Entity:
    """One real-world thing, linked across all articles."""

    key: str            # normalised canonical name (+ type), the IRI is derived from it
    type: str
    label: str          # canonical (fullest, Simplified) name
    aliases: tuple[str, ...] = ()
    code: str = ""      # GB/T 2260 for districts
    level: str = ""     # province/city/county/town/zone for districts
    articles: tuple[str, ...] = ()


@_record
class Relation:
    """A relation between linked entities, or from an entity to a value."""

    subject: str        # Entity.key
    predicate: str
    obj: "str | Value"  # Entity.key or a Value
    evidence: tuple[Evidence, ...] = field(default=())
