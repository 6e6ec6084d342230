"""Text helpers shared by the recognisers: Simplified view, sentences, tokens, boundaries.

Recognisers work on a Simplified-character view of the article with the same
length as the original, so every offset points into the text as written.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
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


def simplified(text: str) -> str:
    """Traditional -> Simplified, character by character, so offsets are kept."""
    out = _RECENT.get(text)
    if out is None:
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
    words = (_JIEBA[0] if _JIEBA else prepare_jieba()).lcut(text)
    ends = list(accumulate(map(len, words)))
    return list(map(Token._make, zip(words, [0, *ends[:-1]], ends)))


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
    return list(map(Token._make, zip([text[s:e] for s, e in zip(starts, ends)], starts, ends)))
