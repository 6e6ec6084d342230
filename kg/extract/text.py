"""Text helpers shared by the recognisers: Simplified view, sentences, tokens, boundaries.

Recognisers work on a Simplified-character view of the article with the same
length as the original, so every offset points into the text as written.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

import jieba
from opencc import OpenCC

jieba.setLogLevel(logging.WARNING)

SENTENCE_END = re.compile(r"[。！？!?；;\n]+|\s{1,}(?=[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")
CJK = re.compile(r"[\u3400-\u9fff]")
NAME_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z0-9·．.\-—()（）]")

_t2s = OpenCC("t2s")


@lru_cache(maxsize=65536)
def _char_t2s(ch: str) -> str:
    out = _t2s.convert(ch)
    return out if len(out) == 1 else ch


def simplified(text: str) -> str:
    """Traditional -> Simplified, character by character, so offsets are kept."""
    return "".join(_char_t2s(ch) if ord(ch) > 0x2E7F else ch for ch in text)


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


@dataclass(frozen=True)
class Token:
    word: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """jieba tokens with offsets (HMM on, for unknown names)."""
    return [Token(w, s, e) for w, s, e in jieba.tokenize(text)]


def add_words(words) -> None:
    """Teach jieba words that must stay whole (suffixes, organ names)."""
    for w in words:
        jieba.add_word(w, freq=2000)
