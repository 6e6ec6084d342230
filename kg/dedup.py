"""Reposts -> one article: near-identical stories found with MinHash/LSH (datasketch).

The same story reaches a corpus several times: 湖北日报's report reposted by a city
paper, a portal and a WeChat account, each with its own byline, editor's line, heading
or a sentence more or less. ``merge_reposts`` makes each such group one Article (the
earliest copy, whose date is the article's date), with every other copy kept as a
``Copy`` (its URL, publisher, date, file and line), so its facts are extracted and
counted once. Two different reports of one event share names and amounts but few
runs of characters, and stay two articles.

How: each body, less whitespace and punctuation (NFKC), is cut into overlapping
runs of SHINGLE characters; a MinHash of NUM_PERM permutations (fixed seed) sketches
its set of runs, and an LSH index (datasketch.MinHashLSH) of the articles kept so far
proposes candidates (those whose signatures agree on fewer than threshold - 0.2 of their
permutations are dropped). A candidate is a repost when the exact Jaccard similarity of the
two sets of runs reaches the threshold (``Settings.repost_threshold``); the article
joins the most similar earlier article that passes. Articles are taken in date order
(then id), one at a time, and only the kept ones are indexed, so the result is the same
every run and memory grows with the signatures, not the texts.
"""
from __future__ import annotations

import collections
import dataclasses
import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np

from kg.parse import copy_of
from kg.records import Article, Copy

SHINGLE = 5             # characters a run: long enough that shared names and amounts alone are not a match
NUM_PERM = 64           # MinHash permutations: enough to propose candidates; the exact check decides
SEED = 20240501         # fixed: the same signatures every run
CANDIDATE_MARGIN = 0.25     # the index proposes pairs this far below the threshold (few reposts missed)
ESTIMATE_MARGIN = 0.2       # ... and those whose signatures agree this far below it get the exact check
MIN_CHARS = 40          # bodies shorter than this (after normalising) are never merged: too little to judge
SKIP = re.compile(r"[\s\W_]+", re.UNICODE)     # whitespace and punctuation do not tell stories apart
_MIX = np.uint64(0x9E3779B97F4A7C15)
_fmix = None            # datasketch's pre-mix of a hash value, bound when a RepostFinder is made


@dataclass(frozen=True)
class Decision:
    """One pair the index proposed: merged (a repost) or not, and why."""

    article: Article        # the later copy
    kept: Article           # the earlier article it was compared with
    similarity: float
    merged: bool


def normalise(text: str) -> str:
    """The body as compared: no whitespace or punctuation, NFKC (full-width forms folded)."""
    return unicodedata.normalize("NFKC", SKIP.sub("", text))


def shingles(text: str, k: int = SHINGLE) -> np.ndarray:
    """The sorted distinct 64-bit hashes of a normalised text's runs of k characters."""
    return np.unique(all_runs(text, k))


def all_runs(text: str, k: int = SHINGLE) -> np.ndarray:
    """The 64-bit hashes of a normalised text's runs of k characters, in text order (repeats kept)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    return _runs(codes, min(k, len(codes))) if len(codes) else codes


def _runs(codes: np.ndarray, k: int) -> np.ndarray:
    n = len(codes) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):          # a polynomial hash, wrapping at 2**64: the same on every machine
            h = h * _MIX + codes[j:j + n] + np.uint64(1)
    return h


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """|A ∩ B| / |A ∪ B| of two sorted distinct arrays."""
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


class RepostFinder:
    """Articles in, one at a time: each is new, or a repost of an article seen before."""

    def __init__(self, threshold: float, window_days: int = 0):
        """Merge at Jaccard similarity >= threshold (0 < threshold <= 1), with an article of at
        most window_days before (0: any earlier article)."""
        global _fmix
        from datasketch import MinHash, MinHashLSH
        from datasketch.minhash import _fmix
        if not 0 < threshold <= 1:
            raise ValueError(f"repost threshold {threshold} is not in (0, 1]")
        self.threshold = threshold
        self._minhash = MinHash
        self._permutations = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations
        self.lsh = MinHashLSH(threshold=max(0.05, threshold - CANDIDATE_MARGIN), num_perm=NUM_PERM)
        self.kept: dict[str, Article] = {}
        self.signatures: dict[str, np.ndarray] = {}     # of the kept articles: NUM_PERM numbers each
        self.window = datetime.timedelta(days=window_days) if window_days > 0 else None
        self._order: collections.deque[tuple[str, str]] = collections.deque()    # (date, id) of the indexed
        self.compared = 0

    def signature(self, runs: np.ndarray):
        """The MinHash of a set of runs: datasketch's affine32 scheme (its fixed permutations and
        its MurmurHash3 pre-mix) on the runs' hashes folded to 32 bits, applied to all runs at
        once rather than a Python call a run."""
        a, b = self._permutations
        folded = (runs ^ (runs >> np.uint64(32))).astype(np.uint32)
        with np.errstate(over="ignore"):
            values = (_fmix(folded.reshape(-1, 1), 32) * a + b).min(axis=0)
        return self._minhash(num_perm=NUM_PERM, seed=SEED, scheme="affine32", hashvalues=values,
                             permutations=self._permutations)

    def add(self, article: Article) -> tuple[Article | None, list[Decision]]:
        """The earlier article this one is a repost of (None: it is new and now indexed),
        and the decisions taken on the candidates the index proposed."""
        text = normalise(article.text)
        if len(text) < MIN_CHARS:
            return None, []
        if self.window is not None:
            self._forget_before(article.published)
        runs = all_runs(text)
        sig = self.signature(runs)      # a minimum: repeated runs change nothing
        decisions = []
        best = None
        # the index's candidates whose signatures agree often enough to be worth the exact check
        floor = self.threshold - ESTIMATE_MARGIN
        candidates = [key for key in sorted(self.lsh.query(sig))
                      if np.count_nonzero(self.signatures[key] == sig.hashvalues) >= floor * NUM_PERM]
        distinct = np.unique(runs) if candidates else runs
        for key in candidates:
            kept = self.kept[key]
            self.compared += 1
            similarity = jaccard(distinct, shingles(normalise(kept.text)))
            merged = similarity >= self.threshold
            decisions.append(Decision(article, kept, similarity, merged))
            if merged and (best is None or similarity > best[0]):
                best = (similarity, kept)
        if best is not None:
            return best[1], [dataclasses.replace(d, merged=d.kept is best[1]) for d in decisions]
        self.lsh.insert(article.id, sig, check_duplication=False)
        self.kept[article.id] = article
        self.signatures[article.id] = sig.hashvalues
        self._order.append((article.published, article.id))
        return None, decisions

    def _forget_before(self, published: str) -> None:
        """Drop from the index the articles older than the window before this date (articles
        come in date order, so the index holds a window's articles, not the corpus's)."""
        try:
            cutoff = (datetime.date.fromisoformat(published) - self.window).isoformat()
        except (ValueError, OverflowError):
            return
        while self._order and self._order[0][0] < cutoff:
            _, key = self._order.popleft()
            self.lsh.remove(key)
            del self.kept[key], self.signatures[key]


def merge_reposts(articles: Iterable[Article], *, threshold: float, window_days: int = 0,
                  log: Callable[[str], None] | None = None) -> list[Article]:
    """Articles (in date order) with each repost folded into the earliest article it copies.

    The kept article keeps its id, text and date (the earliest: articles come in date
    order) and gains a ``Copy`` of each repost; ``log`` gets one line per decision.
    """
    finder = RepostFinder(threshold, window_days)
    out: dict[str, Article] = {}
    copies: dict[str, list[Copy]] = {}
    for a in articles:
        original, decisions = finder.add(a)
        if log:
            for d in decisions:
                verb = "merged as a repost of" if d.merged else "kept apart from"
                log(f"{_where(d.article)}: {verb} {_where(d.kept)} (similarity {d.similarity:.2f}, "
                    f"threshold {threshold:.2f}): 《{d.article.title[:30]}》")
        if original is None:
            out[a.id] = a
        else:
            copies.setdefault(original.id, []).extend((copy_of(a), *a.copies))
    return [dataclasses.replace(a, copies=a.copies + tuple(copies[a.id])) if a.id in copies else a
            for a in out.values()]


def _where(a: Article) -> str:
    return f"{a.path}:{a.line}" if a.line else a.path
