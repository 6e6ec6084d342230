"""Districts: administrative divisions from the gazetteer, and economic zones by suffix.

Reads a Doc; produces District candidates with their GB/T 2260 code (divisions)
or the code of the region they lie in (zones). Full names match anywhere;
short names (黄石, 西塞山) only where they are unambiguous enough: provinces and
prefectures anywhere, counties within the article's province, towns only when
their county is already named in the article. A park with a generic stem that opens a
clause of a sentence about a town or county is that place's park (黄颡口镇…,新型建材产业园…).
"""
from __future__ import annotations

import re
from bisect import bisect_left

from kg.extract.doc import Candidate, Doc, Rank
from kg.extract.gazetteer import Gazetteer, disambiguate
from kg.extract.lexicon import PROJECT_HEADS, Lexicon, alternation, words
from kg.extract.matcher import every_in, matcher_for
from kg.extract.pos import load_tags
from kg.extract.text import NAME_CHAR
from kg.registry import DISTRICT

# 许浩在|苏州: a preposition jieba glued to the word before a place still makes a clean left edge
LOCATIVE_CHARS = frozenset("在于到赴")
PORT_AFTER = re.compile(alternation("port_words.txt"))
LEVEL_CHARS = frozenset(words("level_chars.txt"))
NOT_A_PLACE_AFTER = frozenset(words("not_place_after.txt"))   # 凉山村, 武汉路: a short name inside another name


def scan_names(text: str, names: dict, max_len: int) -> list[tuple[int, int, str]]:
    """Every (start, end, name) where a gazetteer name occurs, longest at each start."""
    # the scan of every name is the home vote's too (kg.extract.home): made once per text
    return [(i, ends[0], text[i:ends[0]]) for i, ends in every_in(matcher_for(names, max_len), text)]


_FULL: dict[str, tuple[str, ...]] = {}      # name -> the codes of the divisions it is the full name of
_FULL_INDEX: list = [None]                  # the name index _FULL was made from


def _full_codes(names: dict, s: str) -> tuple[str, ...]:
    """The codes of the divisions whose full name is s (the same names recur in every article:
    found once per name index)."""
    if _FULL_INDEX[0] is not names or len(_FULL) > 100_000:
        _FULL.clear()
        _FULL_INDEX[0] = names
    codes = _FULL.get(s)
    if codes is None:
        codes = _FULL[s] = tuple(d.code for d in names[s] if d.name == s)
    return codes


def find_divisions(doc: Doc, gaz: Gazetteer, lex: Lexicon, names: dict, max_len: int) -> list[Candidate]:
    """Administrative divisions named in the text (full or short names)."""
    hits = scan_names(doc.text, names, max_len)
    province = doc.home_chain.get("province")
    prov_code = province.code[:2] if province else doc.region
    token_starts = set(doc._starts)
    token_ends = set(doc._ends)
    # full names that name one division place the others (平湖市 places 新仓镇); a name
    # shared by several (two 新仓镇) is no context, or each reading would vouch for itself
    full_codes = set()
    for _, _, s in hits:
        full = _full_codes(names, s)
        if len(full) == 1:
            full_codes.add(full[0])
    context = set(doc.context_codes) | full_codes
    organ_heads = {o[0] for o in lex.organs}
    tags = load_tags()

    def organ_after(end: int) -> bool:
        return doc.text[end:end + 1] in organ_heads and any(doc.text.startswith(o, end) for o in lex.organs)
    out = []
    context_key = tuple(sorted(context))
    best_of: dict[tuple[str, bool], object] = {}    # (name, clean_left) -> the division it names here, or None
    for start, end, s in hits:
        if s in lex.ambiguous_places or start not in token_starts:
            continue
        if end not in token_ends and doc.text[end:end + 1] not in LEVEL_CHARS and not organ_after(end) \
                and not (s[-1] in LEVEL_CHARS and _full_codes(names, s)):
            continue            # 潍坊市|委 ends at an organ, 官渡口镇|盘… at its level: a place all the same
        if doc.text[end:end + 1] in NOT_A_PLACE_AFTER and not _full_codes(names, s):
            continue
        if s.endswith("港") and PORT_AFTER.match(doc.text, end) and not _full_codes(names, s):
            continue            # 黄石港码头, 黄石港吞吐量: the port, not 黄石港区
        prev = doc.token_before(start)
        nxt = doc.token_after(end)
        if prev is not None and prev.word in lex.titles and not _full_codes(names, s):
            continue            # 市长|宁波: a person
        clean_left = (prev is None or prev.word in lex.boundary or not prev.word[-1:].isalnum() or prev.word in names
                      or len(prev.word) > 1 and prev.word[-1] in LOCATIVE_CHARS) and \
            (nxt is None or nxt.word in lex.boundary or not nxt.word[:1].isalnum() or nxt.word in names or nxt.word[:1] in LEVEL_CHARS
             or tags.is_verb(nxt.word))
        picked = best_of.get((s, clean_left), best_of)
        if picked is not best_of:           # the same name read the same way before in this text
            if picked is not None:
                out.append(Candidate(start, end, DISTRICT, picked.name,
                                     rank=Rank.FULL if picked.name == s else Rank.NAMED, code=picked.code))
            continue
        options = []
        for d in names[s]:
            full = d.name == s
            if full:
                options.append(d)
            elif d.level in ("province", "city") and (d.code.startswith(prov_code) or clean_left):
                options.append(d)
            elif d.level == "county" and d.code.startswith(prov_code):
                options.append(d)
            elif d.level == "town" and d.parent in context and not d.name.endswith("街道"):
                options.append(d)
        if not options:
            best_of[s, clean_left] = None
            continue
        best = best_of[s, clean_left] = disambiguate(options, context_key, name=s)
        if best is None:
            continue
        full = best.name == s
        out.append(Candidate(start, end, DISTRICT, best.name, rank=Rank.FULL if full else Rank.NAMED, code=best.code))
    return out


PLACE_ANCHORED = words("zone_anchored_suffixes.txt")   # generic unless the name starts with a place
DIRECTION_STEMS = frozenset(words("direction_stems.txt"))  # 东部|产业园: a part of a place
DESCRIPTION_TAIL = re.compile(f"(?:{alternation('zone_description_tails.txt', patterns=True)})$")  # 首个国家级|新区
PARK_SUFFIXES = words("park_suffixes.txt")   # a park named after a place is a zone; after a company, a project


SITED_BEFORE = re.compile(f"(?:在|{alternation('site_verbs.txt')}|{alternation('settle_verbs.txt')})$")
NOT_SITED_AFTER = re.compile(f"(?:{PROJECT_HEADS})|建设|[一二三四五六七八九十]期")


def _sited(doc: Doc, start: int, end: int) -> bool:
    """Whether the park at text[start:end] is where something is (在X运营, 落户X, 进驻X), not
    what is built (在建的X项目, X一期): a place whatever its stem."""
    text = doc.text
    return SITED_BEFORE.search(text, max(0, start - 2), start) is not None \
        and not NOT_SITED_AFTER.match(text, end)


BUILT_AFTER = re.compile(alternation("park_built_verbs.txt"))


def _topic_town(doc: Doc, places: list[Candidate], start: int, end: int) -> Candidate | None:
    """The town or county a sentence opens with as its subject, when a park with a generic
    stem opens a later clause of it (黄颡口镇去年完成投资17亿元,新型建材产业园承载能力持续提升):
    the place the park belongs to. None when the park does not open a clause, is what is
    built (X产业园开工), or the sentence opens otherwise."""
    text = doc.text
    s = doc.sentence_at(start)
    if start <= s.start or text[start - 1] not in "，," or BUILT_AFTER.match(text, end):
        return None
    lead = s.start + len(text[s.start:s.end]) - len(text[s.start:s.end].lstrip())
    opening = [p for p in places if p.start == lead and p.code and len(p.code) > 6 or
               p.start == lead and p.code and not p.code.endswith("00")]
    if not opening:
        return None
    place = max(opening, key=lambda p: p.end)
    if any(p.start == place.end for p in places) or text[place.end:place.end + 1] in "，,、和与及的":
        return None             # a chain of places, a list, or a place describing something else
    return place


def _verb_opens(doc: Doc, start: int, end: int) -> bool:
    """Whether the text from start to end opens with a verb (担纲 in …开发区担纲核心区)."""
    words = doc.tokens_within(start, end)
    return bool(words) and load_tags().is_verb(words[0].word)


def find_zones(doc: Doc, lex: Lexicon, places: list[Candidate], doc_names: dict) -> list[Candidate]:
    """Economic zones and parks (大冶湖高新区, 城西北工业园) by suffix, with their parent;
    then a park written right after a zone (长宁经开区星光坝园区), which that zone anchors:
    the two as one name (a park is named with its zone), part of the zone."""
    first = _zones(doc, lex, places, doc_names, ())
    return first + _zones(doc, lex, places, doc_names, first, chained=True) if first else first


def _zones(doc: Doc, lex: Lexicon, places: list[Candidate], doc_names: dict, zones: list[Candidate], *,
           chained: bool = False) -> list[Candidate]:
    """One pass of ``find_zones``; with ``chained``, only the zones whose stem no place starts
    but which follow one of ``zones`` directly."""
    text = doc.text
    out = []
    place_end = {c.end: c for c in places}
    place_start = {c.start: c for c in places}
    zone_end = {c.end: c for c in zones}
    ends = sorted(zone_end)
    anchoring = PLACE_ANCHORED + PARK_SUFFIXES
    for suffix in [x for x in lex.zone_suffixes + PARK_SUFFIXES if not chained or x in anchoring]:
        pos = text.find(suffix)
        while pos >= 0:
            end = pos + len(suffix)
            if chained:             # only right after a zone (the stem is at most 10 characters)
                i = bisect_left(ends, pos - 10)
                if i == len(ends) or ends[i] >= pos:
                    pos = text.find(suffix, pos + 1)
                    continue
            start = doc.left_edge(pos, lex, max_chars=10, stop_at=lex.zone_suffixes)
            if start not in place_start:
                # a place inside the stem starts the name (回收利用交给|高县工业园区)
                # (not 中国(上海)自由贸易试验区: a bracketed place is a part of the name)
                start = next((p for p in range(start + 1, pos) if p in place_start
                              and place_start[p].end <= pos and NAME_CHAR.match(text, p - 1)
                              and not (text[p - 1] in "(（" and re.search("[)）]", text[p:pos]))), start)
            if text[start:start + 1] in "(（" and not re.search("[)）]", text[start:pos]):
                start += 1          # 三江新区(临港经开区): the bracket is not the name's
            stem = text[start:pos]
            anchored = stem in DIRECTION_STEMS or any(
                           stem[:k] in doc_names and (suffix not in PARK_SUFFIXES or (
                               stem[:k] not in lex.ambiguous_places
                               and any(d.level != "town" or d.name == stem[:k] for d in doc_names[stem[:k]])))
                           for k in range(min(len(stem), 8), 1, -1)
                           if not _verb_opens(doc, start + k, pos))    # 黄石|加速…示范区: a clause
            if chained:
                if anchored or start not in zone_end or _verb_opens(doc, start, pos):
                    stem = ""       # found by the first pass, or not after a zone, or a
                    # clause about the zone (…开发区担纲核心区), not a park's name
            elif suffix in anchoring and not anchored and not _sited(doc, start, end):
                topic = _topic_town(doc, places, start, end)
                if topic is not None and len(stem) >= 2 and not stem.isdigit():
                    # 黄颡口镇去年…,新型建材产业园承载能力…: the park of the place the sentence is about
                    out.append(Candidate(start, end, DISTRICT, topic.name + text[start:end], rank=Rank.NAMED,
                                         within=topic.name))
                stem = ""
            if DESCRIPTION_TAIL.search(stem):
                stem = ""           # 四川首个省级新区: a description of a zone, not its name
            # (a park named with its zone is a name even when its stem is generic: …开发区智能制造产业园)
            if len(stem) >= 2 and not stem.isdigit() and (chained or (
                    stem not in lex.generic and not doc.all_generic(start, pos, lex))):
                if chained:         # named with its zone: 大冶湖高新区电子信息产业园, part of the zone
                    zone = zone_end[start]
                    out.append(Candidate(zone.start, end, DISTRICT, text[zone.start:end], rank=Rank.NAMED,
                                         within=zone.name))
                else:
                    before = place_end.get(start)
                    parent = before.name if before else ""
                    out.append(Candidate(start, end, DISTRICT, text[start:end], rank=Rank.NAMED, within=parent))
            pos = text.find(suffix, pos + 1)
    return out
