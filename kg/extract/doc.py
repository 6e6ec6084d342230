"""The working view of one article that every recogniser reads.

``Doc`` holds the Simplified text (same length as the original), jieba tokens,
sentences, and the article's home place; ``Candidate`` is a recogniser's guess
before overlaps are resolved.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from enum import IntEnum

from kg.extract.lexicon import Lexicon
from kg.extract.pos import load_tags
from kg.extract.text import NAME_CHARS, Sentence, Token, sentences, simplified, tokenize
from kg.records import Article

# a list item's number before a name: 1.国轩…项目, 2、枣阳市…项目, (3)X公司
LIST_NUMBER = re.compile(r"(?:\d{1,2}[.．、](?!\d)|[(（]\d{1,2}[)）])")

MAX_NAME = 24


class Rank(IntEnum):
    """How sure a recogniser is of a span's reading: ``Candidate.rank``.

    Overlap resolution (``kg.extract.component.prefer_rules``) compares ranks only
    between spans of the same length, the longer span winning first; so a rank says
    which of two readings of the same characters is kept. Every ``rank=`` names one
    of these levels.
    """

    MODEL = -1      # a statistical span allowed to compete with the rules' by length
                    # (kg.extract.crf, ``Settings.crf_long``): it loses every tie
    GUESS = 0       # weak evidence: a company ending in an industry word (…科技), a brand
                    # inside a project's name, a project found by a sentence pattern alone
    NAMED = 1       # a name a table or cue recognises: a short place name (黄石), a zone or
                    # project suffix, an organ after its region, a corpus name, a partner
    FULL = 2        # a complete or more specific reading: a division's full name (黄石市), a
                    # legal form (…有限公司), a zone's own committee, two events joined by 暨
    TYPED = 3       # typed by a formula or its list: a congress session written with its
                    # region; an item of A、B等企业 (``type_enumerations``): such an item of a
                    # project list may still be completed (COMPLETED)
    COMPLETED = 4   # a list item completed with the list's head (315、203省道改造项目 ->
                    # 315省道改造项目): replaces the bare item of the same span


# ``Candidate.role`` values: how later passes must read a span
IN_NAME = "in-name"     # a company named inside a project's name (劲牌|健康白酒基地): not a subject of later clauses
INTRODUCED = "intro"    # a project a sentence introduces (…项目涉及X。): the next sentence's signing is about it


@dataclass(frozen=True)
class Candidate:
    """A typed span with its resolved name, before overlaps are resolved."""

    start: int
    end: int
    type: str
    name: str                 # resolved Simplified full form
    rank: int = Rank.GUESS    # a ``Rank``: which reading of the same span wins
    code: str = ""            # GB/T 2260 code (districts)
    region: str = ""          # code of the region a body or zone belongs to
    within: str = ""          # name of the place it belongs to: the place written right before
                              # a zone (城西北|工业园), the zone a zone's committee governs
    role: str = ""            # how later passes read it: IN_NAME, INTRODUCED, or "" (a plain mention)
    source: str = "rule"      # "rule", "model" or "model-long" (kg.extract.crf): see ``prefer_rules``


@dataclass
class Doc:
    """An article prepared for recognition; offsets index ``raw`` = title + newline + body."""

    article: Article
    raw: str
    text: str
    tokens: list[Token]
    sents: list[Sentence]
    region: str = ""                           # province code the article is read in
    home: object = None                       # gazetteer Division of the article's place
    home_chain: dict = field(default_factory=dict)   # level -> Division (home and ancestors)
    context_codes: tuple[str, ...] = ()
    _ends: list[int] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)         # token starts
    _sent_starts: list[int] = field(default_factory=list)

    # the fields ``of`` makes from the article; components assign the others (``Work.saved``)
    MADE = frozenset({"article", "raw", "text", "tokens", "sents", "_ends", "_starts", "_sent_starts"})

    @classmethod
    def of(cls, article: Article, tokens: list[Token] | None = None) -> "Doc":
        """The article's Doc; ``tokens``, if given, are its Simplified view's jieba tokens
        (found before, say by a first pass), else jieba runs here."""
        raw = article.title + "\n" + article.text
        text = simplified(raw)
        if tokens is None:
            tokens = tokenize(text)
        doc = cls(article, raw, text, tokens, sentences(text))
        doc._ends = [t.end for t in tokens]
        doc._starts = [t.start for t in tokens]
        doc._sent_starts = [s.start for s in doc.sents]
        return doc

    @property
    def body_offset(self) -> int:
        """Where the body starts in ``raw``."""
        return len(self.article.title) + 1

    def sentence_at(self, pos: int) -> Sentence:
        """The sentence containing offset pos."""
        i = max(0, bisect_right(self._sent_starts, pos) - 1)
        return self.sents[i] if self.sents else Sentence(0, len(self.text))

    def token_index_ending_at_or_after(self, pos: int) -> int:
        """Index of the token that contains position pos-1."""
        return bisect_right(self._ends, pos - 1)

    def token_before(self, pos: int) -> Token | None:
        """The token that ends at (or spans) pos-1, if any."""
        i = bisect_right(self._ends, pos) - 1
        return self.tokens[i] if 0 <= i < len(self.tokens) and self.tokens[i].end <= pos else None

    def token_after(self, pos: int) -> Token | None:
        """The token that starts at pos, if any."""
        i = bisect_right(self._ends, pos)
        return self.tokens[i] if i < len(self.tokens) and self.tokens[i].start == pos else None

    def tokens_within(self, start: int, end: int) -> list[Token]:
        """The tokens wholly inside text[start:end], in order (``start <= t.start and t.end <= end``)."""
        # tokens are contiguous and in order: those inside are one run, found by bisection
        i = bisect_left(self._starts, start)
        j = bisect_right(self._ends, end, lo=i)
        return self.tokens[i:j]

    def all_generic(self, start: int, end: int, lex: Lexicon) -> bool:
        """True when every token of text[start:end] is a generic or boundary word (优质工业)."""
        # tokens are contiguous and in order: those inside [start, end) are one run
        tokens = self.tokens
        i = bisect_left(self._starts, start)
        if i >= len(tokens) or tokens[i].end > end:
            return False
        generic, boundary = lex.generic, lex.boundary
        lead = self.text[start:tokens[i].start]         # the piece of a word the span starts inside (年|澜鑫)
        if lead and lead not in generic and lead not in boundary:
            return False
        while i < len(tokens) and tokens[i].end <= end:
            w = tokens[i].word
            if w not in generic and w not in boundary:
                return False
            i += 1
        return True

    def left_edge(self, pos: int, lex: Lexicon, *, max_chars: int = 14, stop_at=(), allow=()) -> int:
        """Walk left from pos over name-like tokens; return where the name starts.

        Stops at punctuation, boundary words (verbs, prepositions, particles), any
        word in ``stop_at``, or when the name would exceed max_chars.
        """
        tokens, text, boundary = self.tokens, self.text, lex.boundary
        name_like = _NAME_LIKE
        i = bisect_right(self._ends, pos - 1)
        if i >= len(tokens):
            i = len(tokens) - 1
        start = pos
        tags = load_tags()
        right = self.text[pos:pos + 1]          # the word right of the one looked at
        while i >= 0:
            tok = tokens[i]
            t_start = tok.start
            if t_start >= pos:
                i -= 1
                continue
            if pos - t_start > max_chars:
                break
            piece = tok.word if tok.end <= pos else text[t_start:pos]
            ok = name_like.get(piece)
            if ok is None:
                ok = name_like[piece] = bool(piece) and NAME_CHARS.fullmatch(piece) is not None
                if len(name_like) > 200_000:
                    name_like.clear()
            if not ok or (piece in boundary and piece not in allow) or piece in stop_at:
                break
            if piece not in allow and (tags.is_function(piece) or (
                    tags.is_verb(piece) and start < pos and tags.is_proper(right) and right not in lex.generic
                    and not right.isascii())):
                break       # 还有|X公司, 此后|…; a verb before a proper name: 走进|长沙经开区 (not 柔性透明|OLED)
            start = t_start
            right = piece
            i -= 1
        item = LIST_NUMBER.match(text, start, pos)
        return item.end() if item else start


_NAME_LIKE: dict[str, bool] = {}     # token text -> whether every character is a NAME_CHAR
