"""Enumerations: A、B、C等N个项目 — items that share a type.

An enumeration's items take the type its head noun gives (等企业 -> Company,
等项目 -> Project), or the type of an item already recognised with confidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.companies import after_fused_preposition, fused_brand_start
from kg.extract.doc import Doc
from kg.extract.lexicon import PROJECT_HEADS, Lexicon, alternation, words
from kg.extract.pos import load_tags

# 2-30 name characters other than 等 (U+7B49: the class less 等, not a look-ahead before each
# character), or a decimal point inside a number (第8.6代)
ITEM = r"(?:[\u4e00-\u7b48\u7b4a-\u9fffA-Za-z0-9·()（）]|(?<=\d)\.(?=\d)){2,30}"
ENUM = re.compile(rf"{ITEM}(?:、{ITEM})*")
CUE = re.compile(r"等(?:[\d一二三四五六七八九十百千]+[个家项座条所批])?")
HEAD = re.compile(r"[\u4e00-\u9fff]{0,6}?" f"(?:{PROJECT_HEADS})")
FIELD_WORDS = words("field_words.txt")
COUNTED = re.compile(r"[\d一二两三四五六七八九十]+家")        # 两家|龙头企业 after a list without 等
# A、B两个在谈项目: a count of projects and at most a few words before the project word end the list
COUNTED_PROJECTS = re.compile(r"[\d一二两三四五六七八九十]+个(?P<mod>[\u4e00-\u9fff]{0,4}?)(?P<head>项目)$")
COMPANY_HEAD = re.compile(r"[\u4e00-\u9fff]{0,8}?(?P<head>" + alternation("company_cues.txt") + ")")
LIST_JOINERS = words("list_joiners.txt")        # 黄颡口及富池…: two items
SPLITS = re.compile("|".join(map(re.escape, ("、", *LIST_JOINERS))))   # what makes one match of ENUM several items


LEADING_MARKS = ".．·-—"       # never a name's first character


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
        nxt = doc.token_after(tok.end)
        if nxt is not None and nxt.word in ROAD_WORDS:
            break       # 汉魏|大道, 沿江|高铁: no road's name starts with its head word, the word before names it
        start = tok.end
    return start


ROAD_WORDS = frozenset(words("road_endings.txt"))


def _split_and(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split an item at a standalone 和/及 (黄颡口及富池…) with 3+ chars on both sides (not 张志和大道),
    or at one jieba fused with an unknown word after it (…产业园|及伟斯|精机)."""
    tags = load_tags()
    for tok in doc.tokens_within(start + 3, end):
        if tok.word in LIST_JOINERS and tok.end <= end - 3:
            return [(start, tok.start)] + _split_and(doc, tok.end, end)
        if len(tok.word) >= 2 and tok.word[0] in LIST_JOINERS and not tags.knows(tok.word) and end - tok.start > 3:
            # 产业园|及伟斯|精机: jieba fused the joining word with the next item's unknown brand
            return [(start, tok.start)] + _split_and(doc, tok.start + 1, end)
    return [(start, end)]


def _counted_head(text: str, lex: Lexicon, start: int, end: int) -> tuple[int, str] | None:
    """(where the item ends, the head word) when text[start:end] goes on with a count of
    firms and a company word (浙江必创|两家龙头企业签约运营), or a count of projects and the
    project word (莱宝…器件|两个在谈项目); None otherwise."""
    counted = COUNTED.search(text, start + 2, end)
    if counted:
        k = COMPANY_HEAD.match(text, counted.end())
        if k and k.end() <= end and k.group("head") in lex.company_cues:
            return counted.start(), k.group("head")
    counted = COUNTED_PROJECTS.search(text, start + 2, end)
    if counted and counted.group("head") in lex.project_cues:
        return counted.start(), counted.group("head")
    return None


EXAMPLES = re.compile(alternation("example_markers.txt"))


def _examples_head(doc: Doc, lex: Lexicon, start: int, end: int, limit: int) -> tuple[str, tuple[int, int]]:
    """以A、B为代表的智能终端企业: the company word after 为代表的 heads the list; the last
    item ends before 为 (jieba may have joined it to the item: 朵唯为). ('', the item) when
    there is none."""
    text = doc.text
    for at in (end, end - 1):
        m = EXAMPLES.match(text, at) if at > start + 1 else None
        if m:
            k = COMPANY_HEAD.match(text, m.end())
            if k and k.group("head") in lex.company_cues:
                return k.group("head"), (start, at)
    return "", (start, end)


LIST_OPENERS = frozenset(words("list_openers.txt"))     # 包括, 有: what opens a list after its head


def _cue_before(doc: Doc, lex: Lexicon, items, ends_from: dict) -> tuple[str, tuple]:
    """The company word right before a list of names (大冶企业|融通高科、新鑫钢铁), or before
    an opening verb (上市公司中还包括|A、B): the list says which firms. Each item must hold
    a name-like word and be a name's length (the last one cut where a recognised name
    starting there ends); ('', items) otherwise."""
    tags = load_tags()
    i = doc.token_index_ending_at_or_after(items[0][0])      # the token ending at the first item's start
    toks = doc.tokens
    if i >= len(toks) or toks[i].end != items[0][0]:
        return "", items
    j, opened = i, False
    while j >= 0 and (toks[j].word in LIST_OPENERS or (opened and (toks[j].word in tags.common
                                                                    or tags.is_function(toks[j].word)))):
        opened = opened or toks[j].word in LIST_OPENERS
        j -= 1
    if j < 0 or toks[j].word not in lex.company_cues or (j != i and not opened):
        return "", items
    s, e = items[-1]
    if ends_from.get(s, e) < e:
        items = items[:-1] + ((s, ends_from[s]),)
    if all(2 <= e - s <= 10 and any(tags.is_proper(t.word) for t in doc.tokens_within(s, e)) for s, e in items):
        return toks[j].word, items
    return "", items


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
        parts, pos, counted_head = [], m.start(), ""
        for n, piece in enumerate(m.group().split("、")):
            counted = _counted_head(text, lex, pos, pos + len(piece)) if n else None
            if counted:
                counted_end, counted_head = counted       # A、B两家龙头企业: the count and its head end the list
                parts.extend(_split_and(doc, pos, counted_end))
                break
            parts.extend(_split_and(doc, pos, pos + len(piece)))
            pos += len(piece) + 1
        first_start, first_end = parts[0]
        first_start = _drop_leading_adverbs(doc, doc.left_edge(first_end, lex, max_chars=24), first_end)
        while first_start < first_end and text[first_start] in LEADING_MARKS:
            first_start += 1        # 10.|A…: a number's mark the name's length kept from the number
        first_start = after_fused_preposition(doc, lex, first_start, first_end)
        parts[0] = (fused_brand_start(doc, lex, first_start, first_end), first_end)     # 有方|瑞铜业
        last_start, last_end = parts[-1]
        known = ends_from.get(last_start, 0)
        trimmed = last_end if counted_head else _trim_right(doc, lex, last_start, last_end)     # 中建信和|两家企业
        parts[-1] = (last_start, max(trimmed, known) if known <= last_end else trimmed)
        head = counted_head
        if not head:
            head, parts[-1] = _examples_head(doc, lex, *parts[-1], last_end)
        after = parts[-1][1]
        c = CUE.match(text, after) if not head else None
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
                    modifiers = {cue[:len(w)] for cue in lex.company_cues for w in between}     # 知名(企业), 龙头(企业)
                    if not any((tags.is_verb(w) and w not in modifiers) or any(f in w for f in FIELD_WORDS)
                               for w in between) \
                            and 2 * sum(named) >= len(named):
                        head = k.group("head")      # not 智能网联、线控底盘等汽车配套企业: fields, not names
        items = tuple((s, e) for s, e in parts if e - s >= 2)
        if not head and len(items) >= 2:
            head, items = _cue_before(doc, lex, items, ends_from)
        if len(items) >= 2 or (items and head):
            out.append(Enumeration(items, head))
    return out
