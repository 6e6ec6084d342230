"""Text helpers shared by the recognisers: Simplified view, sentences, tokens, boundaries.

Recognisers work on a Simplified-character view of the article with the same
length as the original, so every offset points into the text as written.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from math import log
from pathlib import Path
from typing import NamedTuple

from opencc import OpenCC

USER_DICT = Path(__file__).resolve().parent.parent / "data" / "jieba_user.txt"

SENTENCE_END = re.compile(r"[。！？!?；;\n]+|\s{1,}(?=[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")
CJK = re.compile(r"[\u3400-\u9fff]")
NAME_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z0-9·．.\-—()（）]")
NAME_CHARS = re.compile(NAME_CHAR.pattern + "+")     # fullmatch: every character is a NAME_CHAR

_t2s = OpenCC("t2s")


@lru_cache(maxsize=65536)
def _char_t2s(ch: str) -> str:
    out = _t2s.convert(ch)
    return out if len(out) == 1 else ch


class _T2STable(dict):
    """str.translate table: code point -> Simplified character, filled on first sight."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = self[code] = _char_t2s(ch) if code > 0x2E7F else ch
        return out


_T2S_TABLE = _T2STable()


_RECENT: dict[str, str] = {}     # the last few texts made Simplified (an article's is asked for several times)


class _Unchanged:
    """A pattern finding the first character not known to be its own Simplified form: a text
    where it finds none is its own Simplified view (a C-level search, ten times faster than
    translating). Made again from _T2S_TABLE when that has grown by a tenth since."""

    def __init__(self):
        self.size = -1
        self.pattern = None

    def search(self, text: str):
        if len(_T2S_TABLE) > self.size * 1.1:
            # every character below 0x2E80 is its own (_T2STable); above, those the table found so
            plain = "".join(sorted(chr(k) for k, v in list(_T2S_TABLE.items()) if k > 0x2E7F and v == chr(k)))
            self.pattern = re.compile(r"[^\x00-\u2e7f" + re.escape(plain) + "]")
            self.size = len(_T2S_TABLE)
        return self.pattern.search(text)


_UNCHANGED = _Unchanged()


def simplified(text: str) -> str:
    """Traditional -> Simplified, character by character, so offsets are kept."""
    out = _RECENT.get(text)
    if out is None:
        if _UNCHANGED.search(text) is None:
            out = text      # every character is known to be its own Simplified form
        else:
            # one C-level pass; each distinct character is converted by OpenCC once per process
            out = text.translate(_T2S_TABLE)
        if len(_RECENT) >= 8:
            _RECENT.clear()
        _RECENT[text] = out
    return out


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


def sentences(text: str) -> list[Sentence]:
    """Split at 。！？； line breaks and section numbers; spans keep their punctuation."""
    out, pos = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.end() > pos and text[pos:m.end()].strip():
            out.append(Sentence(pos, m.end()))
        pos = m.end()
    if pos < len(text) and text[pos:].strip():
        out.append(Sentence(pos, len(text)))
    return out


class Token(NamedTuple):
    """One jieba word and its span (a tuple: built by the hundred thousand, read by name)."""

    word: str
    start: int
    end: int


_JIEBA: list = []       # the jieba module, once its dictionaries are loaded


def prepare_jieba():
    """jieba, with its dictionary and ours loaded: imported and loaded once, when
    something is first tokenised (0.7 s: a re-run that reads everything from the
    cache never pays it)."""
    if not _JIEBA:
        import jieba
        jieba.setLogLevel(logging.WARNING)
        from kg.cache import load_jieba_dictionary
        load_jieba_dictionary(jieba.dt)     # jieba's own dictionary, from a faster cache of kg's
        jieba.load_userdict(str(USER_DICT))
        _JIEBA.append(jieba)
    return _JIEBA[0]


def jieba_ready() -> bool:
    """Whether this process has loaded jieba's dictionary."""
    return bool(_JIEBA)


def word_frequencies() -> dict[str, int]:
    """jieba's word counts (its dictionary and ours)."""
    return prepare_jieba().dt.FREQ


def tokenize(text: str) -> list[Token]:
    """jieba tokens with offsets (HMM on, for unknown names)."""
    # what jieba.tokenize yields, without its per-word generator step
    words = segment(text)
    ends = list(accumulate(map(len, words)))
    # tuple.__new__ makes each Token in C (Token._make is a Python call per token)
    return list(map(tuple.__new__, repeat(Token), zip(words, [0, *ends[:-1]], ends)))


# --- jieba's segmentation, the same words in less time -------------------------------

# jieba's own patterns (jieba.re_han_default, jieba.re_skip_default), as jieba 0.42 writes them
RE_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
RE_SKIP = re.compile("(\r\n|\\s)", re.U)
UNKNOWN_RUNS_KEPT = 100_000     # HMM segmentations of runs of unknown characters remembered, at most
FRAGMENTS_KEPT = 300_000        # fragments whose look-up is remembered (``_Segmenter.logp``), at most


class _Segmenter:
    """The state ``segment`` keeps per process: jieba's dictionary as read last, what a look-up
    of each fragment seen found (``logp``: a word's log probability, ``log(freq) - log(total)``
    as jieba computes it; None for a prefix of words that is no word; _ABSENT for neither:
    one look-up instead of three), and the HMM's segmentation of the runs of unknown characters
    seen (a pure function of the run). All of it is forgotten when the dictionary changes
    (``ready``: jieba's add_word and del_word change its total or its forced splits)."""

    def __init__(self):
        self.freq: dict = {}
        self.total = -1
        self.force = -1
        self.logp: dict[str, object] = {}
        self.hmm: dict[str, list[str]] = {}

    def ready(self, jieba) -> "_Segmenter":
        """Itself, forgetting what a change of jieba's dictionary (a word added) makes stale."""
        dt = jieba.dt
        dt.check_initialized()
        force = len(jieba.finalseg.Force_Split_Words)
        if dt.FREQ is not self.freq or dt.total != self.total or force != self.force:
            self.freq, self.total, self.force = dt.FREQ, dt.total, force
            self.logp, self.hmm = {}, {}
            self.logtotal = log(dt.total)
            self.unknown = log(1) - self.logtotal
            self.finalseg = jieba.finalseg
        return self


_SEGMENTER = _Segmenter()
_MISSING = object()
_ABSENT = object()


def segment(text: str) -> list[str]:
    """``jieba.lcut(text)`` (accurate mode, HMM on): the same words, in half the time.

    jieba's algorithm step for step: blocks of word characters (``RE_HAN``) are cut by the
    route of highest probability over the dictionary's words (jieba's ``get_DAG`` and
    ``calc``, here one backward pass, with each word's log probability computed once and the
    same float operations, so the same ties), runs of single characters not in the dictionary
    by its HMM (``jieba.finalseg.cut``, remembered per run); other text as jieba splits it.
    A word added to jieba's dictionary is seen at the next call.
    """
    seg = _SEGMENTER.ready(_JIEBA[0] if _JIEBA else prepare_jieba())
    if len(seg.logp) > FRAGMENTS_KEPT:
        seg.logp.clear()
    out: list[str] = []
    append, extend = out.append, out.extend
    match_han, match_skip, split_skip = RE_HAN.match, RE_SKIP.match, RE_SKIP.split
    for blk in RE_HAN.split(text):
        if not blk:
            continue
        if match_han(blk):
            _cut_block(blk, seg, out)
        else:
            for x in split_skip(blk):
                if match_skip(x):
                    append(x)
                else:
                    extend(x)
    return out


def _cut_block(sentence: str, seg: _Segmenter, out: list[str]) -> None:
    """jieba's ``Tokenizer.__cut_DAG`` of one block, its words appended to out."""
    freq_get, logp, logtotal = seg.freq.get, seg.logp, seg.logtotal
    logp_get = logp.get
    n = len(sentence)
    score = [0.0] * (n + 1)     # jieba's route[x][0] (route[n] = (0, 0))
    score[n] = 0
    best_end = [0] * (n + 1)    # jieba's route[x][1]
    unknown = seg.unknown
    for k in range(n - 1, -1, -1):
        best = None
        i = k
        frag = sentence[k]
        while True:                 # the dictionary's words (and prefixes) starting at k
            lp = logp_get(frag, _MISSING)   # one look-up for a fragment seen before
            if lp is _MISSING:
                f = freq_get(frag)
                if f is None:
                    logp[frag] = _ABSENT
                    break
                # a prefix only (frequency 0) is remembered as None
                lp = logp[frag] = log(f) - logtotal if f else None
            elif lp is _ABSENT:
                break
            if lp is not None:
                s = lp + score[i + 1]
                if best is None or s >= best:       # max over (score, end): a tie goes to the longer word
                    best, end = s, i
            i += 1
            if i >= n:
                break
            frag = sentence[k:i + 1]
        if best is None:            # no word starts here: the character alone, log(1) - log(total)
            best, end = unknown + score[k + 1], k
        score[k] = best
        best_end[k] = end
    append = out.append
    x = 0
    buf = -1                    # where the run of single characters started, or -1
    while x < n:
        y = best_end[x] + 1
        if y - x == 1:
            if buf < 0:
                buf = x
        else:
            if buf >= 0:
                _flush(sentence[buf:x], seg, out)
                buf = -1
            append(sentence[x:y])
        x = y
    if buf >= 0:
        _flush(sentence[buf:], seg, out)


def _flush(buf: str, seg: _Segmenter, out: list[str]) -> None:
    """A run of single characters as jieba yields it: one character as is, a dictionary word
    character by character, anything else as its HMM cuts it."""
    if len(buf) == 1:
        out.append(buf)
    elif not seg.freq.get(buf):
        words = seg.hmm.get(buf)
        if words is None:
            if len(seg.hmm) >= UNKNOWN_RUNS_KEPT:
                seg.hmm.clear()
            words = seg.hmm[buf] = list(seg.finalseg.cut(buf))
        out.extend(words)
    else:
        out.extend(buf)


def token_lengths(tokens: list[Token]) -> bytes:
    """The tokens of a text in a compact form (their lengths), for ``tokens_from_lengths``."""
    lengths = [t.end - t.start for t in tokens]
    if all(n < 255 for n in lengths):
        return bytes(lengths)
    return b"\xff" + "\x00".join(map(str, lengths)).encode("ascii")


def tokens_from_lengths(text: str, lengths: bytes) -> list[Token]:
    """The tokens ``token_lengths`` described, for the same text."""
    sizes = list(lengths) if lengths[:1] != b"\xff" else [int(n) for n in lengths[1:].split(b"\x00")]
    ends = list(accumulate(sizes))
    starts = [0, *ends[:-1]]
    return list(map(tuple.__new__, repeat(Token), zip(map(text.__getitem__, map(slice, starts, ends)), starts, ends)))
