"""Enumerations: A、B、C等N个项目 — items that share a type.

An enumeration's items take the type its head noun gives (等企业 -> Company,
等项目 -> Project), or the type of an item already recognised with confidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.doc import Doc
from kg.extract.lexicon import PROJECT_HEADS, Lexicon, alternation, words
from kg.extract.pos import load_tags

# 2-30 name characters other than 等 (U+7B49): the class less 等, not a look-ahead before each character
ITEM = r"[\u4e00-\u7b48\u7b4a-\u9fffA-Za-z0-9·()（）]{2,30}"
ENUM = re.compile(rf"{ITEM}(?:、{ITEM})*")
CUE = re.compile(r"等(?:[\d一二三四五六七八九十百千]+[个家项座条所批])?")
HEAD = re.compile(r"[\u4e00-\u9fff]{0,6}?" f"(?:{PROJECT_HEADS})")
FIELD_WORDS = words("field_words.txt")
COMPANY_HEAD = re.compile(r"[\u4e00-\u9fff]{0,8}?(?P<head>" + alternation("company_cues.txt") + ")")
LIST_JOINERS = words("list_joiners.txt")        # 黄颡口及富池…: two items
SPLITS = re.compile("|".join(map(re.escape, ("、", *LIST_JOINERS))))   # what makes one match of ENUM several items


@dataclass(frozen=True)
class Enumeration:
    items: tuple[tuple[int, int], ...]
    head: str            # the head noun after 等 ('' when none)


def _trim_right(doc: Doc, lex: Lexicon, start: int, end: int) -> int:
    """Cut an item at the first boundary word (名扬纪涵实施 -> 名扬纪涵)."""
    i = doc.token_index_ending_at_or_after(start + 1)
    while i < len(doc.tokens) and doc.tokens[i].start < end:
        tok = doc.tokens[i]
        if tok.start > start and tok.word in lex.boundary:
            return tok.start
        i += 1
    return end


def _drop_leading_adverbs(doc: Doc, start: int, end: int) -> int:
    """Where a first item starts once the time words and adverbs before it are left out
    (近年来|凯盛科技: jieba's t, d and similar classes; see kg.extract.pos)."""
    tags = load_tags()
    for tok in doc.tokens_within(start, end):
        if tok.end >= end or not (tok.word in tags.common and len(tok.word) >= 2 and tok.word not in tags.proper):
            break
        start = tok.end
    return start


def _split_and(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split an item at a standalone 和/及 (黄颡口及富池…) with 3+ chars on both sides (not 张志和大道)."""
    for tok in doc.tokens_within(start + 3, end - 3):
        if tok.word in LIST_JOINERS:
            return [(start, tok.start)] + _split_and(doc, tok.end, end)
    return [(start, end)]


def find_enumerations(doc: Doc, lex: Lexicon, spans=()) -> list[Enumeration]:
    """Every A、B(、C) list and every single item followed by 等 + a head noun.

    ``spans`` are recognised names: an item that starts with one ends with it.
    """
    ends_from: dict[int, int] = {}
    for s, e in spans:
        ends_from[s] = max(ends_from.get(s, 0), e)
    text = doc.text
    cues = sorted(lex.company_cues | lex.project_cues, key=len, reverse=True)
    out = []
    for m in ENUM.finditer(text):
        if text[m.end():m.end() + 1] != "等" and not SPLITS.search(text, m.start(), m.end()):
            continue            # one item, no 等 after it: no enumeration (the common case: skipped cheaply)
        parts, pos = [], m.start()
        for piece in m.group().split("、"):
            parts.extend(_split_and(doc, pos, pos + len(piece)))
            pos += len(piece) + 1
        first_start, first_end = parts[0]
        parts[0] = (_drop_leading_adverbs(doc, doc.left_edge(first_end, lex, max_chars=24), first_end), first_end)
        last_start, last_end = parts[-1]
        known = ends_from.get(last_start, 0)
        trimmed = _trim_right(doc, lex, last_start, last_end)
        parts[-1] = (last_start, max(trimmed, known) if known <= last_end else trimmed)
        head = ""
        after = parts[-1][1]
        c = CUE.match(text, after)
        if c:
            rest = text[c.end():c.end() + 12]
            # a whole word: 企业 heads 等企业, not 等企业家 (people)
            word_ends = {t.end - c.end() for t in doc.tokens_within(c.end(), c.end() + 12)}
            head = next((w for w in cues if rest.startswith(w) and len(w) in word_ends), "")
            h = HEAD.match(rest)
            # 等系列技改项目 -> 项目; 等领域项目 names fields, 等5个新材料领域项目 counts projects
            if not head and h and (c.group() != "等" or not h.group()[:-2].endswith(FIELD_WORDS)):
                head = h.group()[-2:]
            if not head:
                # 等一批龙头企业, 等上规模电子信息企业: the company word ends the phrase after 等
                k = COMPANY_HEAD.match(rest)
                if k and len(k.group()) in word_ends and k.group("head") in lex.company_cues:
                    tags = load_tags()
                    between = [t.word for t in doc.tokens_within(c.end(), c.end() + k.start("head"))]
                    named = [any(tags.is_proper(t.word) for t in doc.tokens_within(s, e)) for s, e in parts]
                    if not any(tags.is_verb(w) or any(f in w for f in FIELD_WORDS) for w in between) \
                            and 2 * sum(named) >= len(named):
                        head = k.group("head")      # not 智能网联、线控底盘等汽车配套企业: fields, not names
        items = tuple((s, e) for s, e in parts if e - s >= 2)
        if len(items) >= 2 or (items and head):
            out.append(Enumeration(items, head))
    return out
