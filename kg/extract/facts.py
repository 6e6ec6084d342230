"""Facts stated inside one article: relations between its mentions, and values.

Reads the Doc and the chosen candidates; produces ``Fact`` records, each with the
sentence that supports it. Rules (all within one sentence unless said):

- locatedIn: a project, event or company lies in the nearest place named before
  it in its sentence (after it, for 在X举办 and A项目在X开工), else in the place its sentence, the next
  sentence (该项目落户X), its paragraph or section, or its event is set in, else in the
  article's home place; what the text says of one mention outranks context of another.
  Zone words written alone (高新区, 园区) stand for the zone named before them.
- partOf: a zone lies in the place written right before it (大冶湖高新区城西北工业园),
  else in the place its name starts with, else in the home place.
- jurisdiction: a body governs the region its name starts with.
- investor: a company followed in its clause by a verb (投资, 建设, 实施 …) and a project;
  a project whose name starts with a company's name.
- organizer: bodies and companies before 主办/承办/举办 in an event's sentence.
- investmentAmount: 投资N亿元 bound to the project of its clause.
- startDate: the date the event's clause names, else the last one before it in its
  sentence (26日, 今年3月26日, 同年10月15日, 昨天 resolved from the article's date as the
  lifecycle resolves them), else the year in its name, else the one day the sentence before
  names, else the year the text last named.
"""
from __future__ import annotations

import datetime
import re
from bisect import bisect_left
from functools import lru_cache

from kg.extract.amounts import AMOUNT, parse_amount
from kg.extract.companies import list_item, without_bracket
from kg.extract.doc import IN_NAME, INTRODUCED, Candidate, Doc, Rank
from kg.extract.lexicon import (LEGAL_OR_HOLDING_TAIL, PHASE_NUMBER, PROJECT_HEADS, _table, alternation, load_lexicon,
                                pairs, words)
from kg.extract.pos import load_tags
from kg.extract.text import NAME_CHAR
from kg.records import Evidence, Fact, Mention, Value
from kg.registry import (COMPANY, DISTRICT, EVENT, GOVERNMENT_BODY, INVESTMENT_AMOUNT, INVESTOR, JURISDICTION,
                         LOCATED_IN, ORGANIZER, PART_OF, PROJECT, START_DATE)

DATE = re.compile(r"(?P<y>(?:19|20)\d{2})年(?:(?P<m>1[0-2]|0?[1-9])月(?:(?P<d>3[01]|[12]\d|0?[1-9])[日号])?)?")
HOLD = re.compile(alternation("hold_verbs.txt"))
OUTSIDE_PARTY = re.compile("|".join(re.escape(w) + "$" for w in words("outside_party_words.txt")))
LOAN = re.compile(alternation("loan_words.txt"))
INVEST_VERB = re.compile(alternation("invest_verbs.txt"))
CLAUSE = re.compile(r"[，,：:]")
SIGN = re.compile(alternation("sign_verbs.txt"))
SITE = re.compile(alternation("site_verbs.txt"))
HELD_IN = re.compile(r"在[\u4e00-\u9fff·]{2,20}?" f"(?:{alternation('venue_verbs.txt')})")
# 在此举行: where the sentence has just named (城东新区彩旗飘扬,…仪式在此举行)
HELD_HERE = re.compile(r"在(?:此|这里|这儿|该处)" f"(?:{alternation('venue_verbs.txt')})")
# a place followed by 、/和/与 is an item of a list beside the firm (由下陆区、A公司合作开发),
# not where the firm lies; nor is one followed by 由 (X由A公司开发: what the firm builds)
CO_ITEM = re.compile(r"[、与同由]|" + alternation("list_joiners.txt"))
# words tying a project to the article's occasion (当天开工, 此次签约, 现场签约): milestone_words.tsv
EVENT_TIE = re.compile("|".join(sorted((w for role, ws in pairs("milestone_words.tsv").items()
                                        if role in ("same-day", "this", "same") for w in ws.split()),
                                       key=len, reverse=True)))
PROJECT_HEAD_END = re.compile(f"(?:{PROJECT_HEADS})$")
PROJECT_HEAD_ONLY = re.compile(f"(?:{PROJECT_HEADS})")
# how surely a locatedIn fact is known: the text says it (在X, 位于X, X's own name), the
# context gives it (the sentence's topic, the section's heading), or only the article's place
SAID, CONTEXT, HOME = 3, 2, 1


def _places_of_events(doc: Doc, chosen: list[Candidate], by_cand: dict, facts: list[Fact],
                      sureness: dict[int, int]) -> None:
    """A project placed only by the article's place, whose sentence ties it to the event named
    last before it (当天开工的A、B项目, 此次签约的…, the event in its sentence, or the one the
    article's first sentence reports held at a place it names), lies where
    the text says that event is held (2023太仓高新区…开工活动 -> 太仓高新区); so does one placed
    by the sentence before when its own sentence ties it to the event it names (X仪式已举行,当天
    开工的…A项目): kept in ``facts``."""
    text = doc.text
    home = doc.home.code if doc.home is not None else None
    held: dict[int, list[Mention]] = {}         # event mention id -> its places the text says
    for i, f in enumerate(facts):
        # (only places within the article's own: projects signed at a fair held elsewhere
        # (在香港举办的推介会) lie at home)
        if f.predicate == LOCATED_IN and f.subject.type == EVENT and sureness.get(i) == SAID and home \
                and (not f.obj.code or _under(f.obj.code, home) and f.obj.code != home):
            held.setdefault(id(f.subject), []).append(f.obj)
    if not held:
        return
    events = [e for e in chosen if e.type == EVENT and id(by_cand[e]) in held]
    first = next((x for x in doc.sents if x.start >= doc.body_offset and x.end > x.start), None)

    def lead_event(e: Candidate) -> bool:
        # the event the article's first sentence reports held in a zone it names (…集中开工
        # 活动在东湖高新区举行): the occasion of every project the article names after it; not
        # one held 在此 (X新区彩旗飘扬,全县…开工仪式在此举行: the ceremony's site only)
        return first is not None and first.start <= e.start < first.end \
            and not HELD_HERE.search(text, e.end, first.end)
    cands = {id(m): c for c, m in by_cand.items()}
    for i, f in enumerate(list(facts)):
        if f.predicate != LOCATED_IN or f.subject.type != PROJECT or sureness.get(i) not in (HOME, CONTEXT):
            continue
        c = cands.get(id(f.subject))
        before = [e for e in events if c is not None and e.end <= c.start]
        if not before:
            continue
        event = before[-1]
        s = doc.sentence_at(c.start)
        if sureness[i] == CONTEXT and not (f.obj.end <= s.start and s.start <= event.start
                                            and EVENT_TIE.search(text, event.end, c.start)):
            continue        # context from its own sentence, or no occasion in it to outrank an earlier one's
        places = held[id(by_cand[event])]
        whole = s.start         # the sentence up to its full stop (当天共有16个项目…;A、B等7个项目同步开业)
        while whole > 0 and text[whole - 1] in "；;":
            whole = doc.sentence_at(whole - 1).start
        if not (whole <= event.start or EVENT_TIE.search(text, whole, c.start)
                or lead_event(event) and not any(p.code for p in places)):
            continue
        facts[i] = Fact(f.subject, LOCATED_IN, places[0], f.evidence)
        sureness[i] = CONTEXT
        for extra in places[1:]:
            sureness[len(facts)] = CONTEXT
            facts.append(Fact(f.subject, LOCATED_IN, extra, f.evidence))


def _surest_places(facts: list[Fact], sureness: dict[int, int]) -> list[Fact]:
    """The facts less the locatedIn facts of a subject found from context or home when another
    mention of it is placed by what the text says (X项目 in a list: home; X项目位于Y: Y)."""
    said = {(facts[i].subject.type, facts[i].subject.name) for i, sure in sureness.items() if sure == SAID}
    return [f for i, f in enumerate(facts)
            if i not in sureness or sureness[i] == SAID or (f.subject.type, f.subject.name) not in said]


SPECIFIC = {"town": 5, "county": 4, "city": 3, "province": 2, "": 4}


def _evidence(doc: Doc, pos: int) -> Evidence:
    s = doc.sentence_at(pos)
    return Evidence(doc.article.id, s.start, s.end, doc.raw[s.start:s.end].strip())


def _synthetic(doc: Doc, at: Candidate, type_: str, name: str, code: str = "") -> Mention:
    """A mention implied by another (区政府 implies 西塞山区): zero-width at its start."""
    return Mention(doc.article.id, at.start, at.start, "", type_, name, code)


def _clause_bounds(doc: Doc, pos: int) -> tuple[int, int]:
    s = doc.sentence_at(pos)
    text = doc.text
    start = max((m.end() for m in CLAUSE.finditer(text, s.start, pos)), default=s.start)
    m = CLAUSE.search(text, pos, s.end)
    return start, (m.start() if m else s.end)


def find_facts(doc: Doc, res, chosen: list[Candidate], mentions: tuple[Mention, ...],
               divisions: list[Candidate] = (), *, zones: list[Candidate] = ()) -> list[Fact]:
    """All facts of one article (see module docstring for the rules).

    ``divisions`` and ``zones`` are every division and zone named in the text, also inside
    longer names (富池 in 富池砂石集并中心, 太仓高新区 in 2023太仓高新区…开工活动): a project
    or event lies in the places its own name gives, a zone before a division.
    """
    facts: list[Fact] = []
    gaz = res.gaz
    by_cand = dict(zip(chosen, mentions))
    named_places = [c for c in chosen if c.type == DISTRICT]
    # 高新区, 园区 written alone: the zone named last before them (…落户高新区, 园区还招引了…)
    places = sorted(named_places + _relative_zones(doc, named_places, res.lex), key=lambda p: (p.start, p.end))
    home = doc.home
    home_chain_codes = set(doc.context_codes)

    sureness: dict[int, int] = {}      # index in facts of a locatedIn fact -> how surely

    def add(subj: Candidate, pred: str, obj, pos: int, sure: int | None = None) -> None:
        if isinstance(obj, Candidate):
            obj = as_mention(obj)
        if sure is not None:
            sureness[len(facts)] = sure
        facts.append(Fact(by_cand[subj], pred, obj, _evidence(doc, pos)))

    def home_mention(at: Candidate) -> Mention | None:
        return _synthetic(doc, at, DISTRICT, home.name, home.code) if home is not None else None

    focus = _focus(doc, res, places)

    def focus_mention(at: Candidate) -> Mention | None:
        """Where the article is: the zone or the place under home that its title names."""
        if focus is not None:
            return Mention(doc.article.id, at.start, at.start, "", DISTRICT, focus.name, focus.code)
        return home_mention(at)

    home_province = home.code[:2] if home is not None else ""

    def informative(p: Candidate) -> bool:
        # the home's ancestors (湖北, 黄石 in a 西塞山 article) say nothing more specific;
        # places outside the home province are origins (来自浙江), not sites
        if p.code and p.code in home_chain_codes and p.code != (home.code if home else ""):
            return False
        return not p.code or not home_province or p.code.startswith(home_province)

    def as_mention(p: Candidate) -> Mention:
        return by_cand.get(p) or Mention(doc.article.id, p.start, p.end, doc.raw[p.start:p.end], DISTRICT, p.name, p.code)

    sections = _sections(doc, [p for p in places if informative(p) and p.code != (home.code if home else "")])
    place_at = {p.start: p for p in places}
    # zones (…区) that may lie inside a name; a park inside one (…工业园项目) is most often the
    # project itself; the shortest reading of each, starting with a place's name (大冶湖高新区,
    # not 年12月份暨大冶湖高新区)
    zone_ends: dict[int, Candidate] = {}
    for z in zones:
        if z.end not in zone_ends or z.start > zone_ends[z.end].start:
            zone_ends[z.end] = z
    named_zones = sorted((z for z in zone_ends.values() if not z.within and z.name.endswith("区")
                          and any(z.name[:k] in res.names for k in range(2, min(len(z.name), res.max_len) + 1))),
                         key=lambda z: (z.start, z.end))

    def section_place(pos: int) -> Candidate | None:
        """The place the heading of the section holding pos names ((三)…推进西塞山临港产业园建设。)."""
        heads = [place for start, place in sections if start <= pos]
        return heads[-1] if heads else None

    name_starts = sorted(x.start for x in chosen)

    def opening_place(start: int) -> Candidate | None:
        """The place a clause starting at start opens with (木港镇地处…, 在X,…), the most
        specific of a chain (a park only after 在)."""
        text = doc.text
        at = text.startswith("在", start)
        chain = place_at.get(start + at)
        if chain is None or not informative(chain):
            return None
        chain = _innermost(doc.text, place_at, chain)
        # a park opening a sentence without 在 is often the thing being built (X产业园加速推进),
        # not when the sentence is inside it (X产业园内鞭炮声声)
        return chain if at or chain.code or chain.name.endswith("区") or INNER.match(text, chain.end) else None

    def topic_of(s, *, framed: bool = False) -> Candidate | None:
        """The place a sentence is about: the one it opens with (木港镇地处…, 在大冶市陈贵镇马鞍山
        产业园,…), also after a short opening phrase without names (9日,在X,…); for a part
        after ；, the place an earlier part opens with after 在 (在X,园区道路…;A项目…): a
        place as the subject of one part (汉川将…;B集团…) is not the next part's."""
        for start in _opening_starts(doc, s, name_starts):
            if framed and not doc.text.startswith("在", start):
                continue
            found = opening_place(start)
            if found is not None:
                return found
        if s.start == 0 or doc.text[s.start - 1] not in "；;":
            return None
        return topic_of(doc.sentence_at(s.start - 1), framed=True)

    def place_for(c: Candidate) -> tuple[list[Mention], int]:
        """Where c is, and how surely (SAID, CONTEXT, HOME): places in its own name, else the
        clause before it, else after 选址/位于, else a zone later in its sentence, else the home place."""
        if c.type == EVENT:
            host = _venue_in_name(doc, c, divisions) or _host_place(doc, c, divisions, named_zones)
            if host is not None:
                return [as_mention(host)], SAID
        home_city = doc.home_chain.get("city")
        inside = [p for p in divisions if c.start <= p.start and p.end <= c.end and informative(p)
                  and p.code and p.code != (home.code if home else "")
                  and (home_city is None or p.code.startswith(home_city.code[:4]))]
        # (not a zone that is the whole name but for its head: 棋盘洲综合保税区项目 builds the zone)
        in_zone = [z for z in named_zones if c.start <= z.start and z.end < c.end
                   and not (z.start == c.start and PROJECT_HEAD_ONLY.fullmatch(doc.text, z.end, c.end))]
        if in_zone and c.type in (PROJECT, EVENT):
            return [as_mention(in_zone[-1])], SAID
        s = doc.sentence_at(c.start)
        if inside and c.type in (PROJECT, EVENT):
            finer = _finer_site(doc, c, inside[-1], places, place_at, s.end) if c.type == PROJECT else None
            return ([as_mention(finer)] if finer is not None else [as_mention(p) for p in inside]), SAID
        lo, hi = _clause_bounds(doc, c.start)
        acts_in = _acts_in(doc, c, chosen, place_at, hi) if c.type == PROJECT else None
        if acts_in is not None and informative(acts_in):
            return [as_mention(acts_in)], SAID
        before = [p for p in places if lo <= p.start and p.end <= c.start and informative(p)]
        if before:
            return [as_mention(before[-1])], SAID
        # 在平湖市新仓镇投资10亿元,建设X项目: the place where an earlier clause of the sentence
        # acts, when no project or event comes before that place in the sentence (A项目在X,B项目在Y;
        # those after it are in its scope too: 在X洽谈合作,敲定A、B等5个项目)
        at = [p for p in places if s.start < p.start and p.end <= lo and AT_SCENE.search(doc.text, p.start - 3, p.start)
              and informative(p)]
        if at and c.type == PROJECT:
            chain = at[-1]
            chain = _innermost(doc.text, place_at, chain)       # 在平湖市新仓镇 -> the town
            if chain.end <= lo and not any(x.type in (PROJECT, EVENT) and s.start <= x.start and x.end <= at[-1].start
                                           for x in chosen):
                return [as_mention(chain)], SAID
        topic = topic_of(s)
        if topic is not None and c.type == PROJECT:
            return [as_mention(topic)], CONTEXT
        # 与襄州区人民政府签约X项目: the signing government's area
        signer = [b for b in chosen if b.type == GOVERNMENT_BODY and (b.region or b.within) and lo <= b.start
                  and b.end <= c.start and SIGN.search(doc.text, b.end, c.start)]
        if signer and c.type == PROJECT and signer[-1].within:
            # 武汉临空港经开区管委会与A公司签约的X项目: the zone its committee governs
            return [_synthetic(doc, c, DISTRICT, signer[-1].within)], CONTEXT
        if signer and c.type == PROJECT:
            d = res.gaz.by_code(signer[-1].region)
            if d is not None and (not home or d.code != home.code):
                return [_synthetic(doc, c, DISTRICT, d.name, d.code)], CONTEXT
        site = SITE.search(doc.text, c.end, s.end)
        if site:
            after = [p for p in places if site.end() <= p.start < site.end() + 2]
            if after:
                chain = after[0]
                nxt = {p.start: p for p in places}
                chain = _innermost(doc.text, nxt, chain)          # 大冶湖高新区城西北工业园 -> the park
                return [as_mention(chain)], SAID
        if c.type == PROJECT:
            told = _told_site(doc, c, chosen)
            after = [p for p in places if told is not None and told <= p.start < told + 2]
            if after:
                chain = after[0]
                chain = _innermost(doc.text, place_at, chain)
                return [as_mention(chain)], SAID
        if c.type == EVENT and c.name != doc.text[c.start:c.end]:
            # 三明市举办重大招商项目集中"云签约"活动 named 三明市重大…活动, 2022年三季度全省… named
            # 湖北省…: the division its resolved name starts with, when home or above it
            held = _named_host(res, c.name, doc.context_codes)
            if held is not None:
                return [_synthetic(doc, c, DISTRICT, held.name, held.code)], CONTEXT
        if c.type != PROJECT:
            return ([focus_mention(c)] if home is not None else []), HOME
        stem_zone = _zone_by_stem(c, named_places, res)
        if stem_zone is not None:
            return [as_mention(stem_zone)], CONTEXT          # 新港大道 in a 新港园区 article
        # (not a zone written as an item of c's list: A项目、B项目、X产业园等15个项目)
        later = [p for p in places if c.end <= p.start and p.end <= s.end and not p.code and p.start - c.end <= 40
                 and not LIST_ITEM_BEFORE.search(doc.text, max(0, p.start - 2), p.start)]
        if later:
            return [as_mention(later[0])], CONTEXT
        # the zone the previous sentence is about (…大冶湖新区核心区规划修编。加快园博园升级改造…)
        prev_start = max((x.start for x in doc.sents if x.end <= s.start), default=s.start)
        full_stop = doc.text[s.start - 1:s.start] in "。！？\n" if s.start else False
        earlier = [p for p in places if max(prev_start, doc.body_offset) <= p.start and p.end <= s.start
                   and not p.code and full_stop]          # (the title is read by _focus)
        if earlier:
            return [as_mention(earlier[-1])], CONTEXT
        opening = _paragraph_start(doc, s)
        lead = topic_of(opening) if opening is not s else None
        if lead is not None and not lead.code:
            # 新港园区当天开工的项目中,A…。它由…。B也在当天开工: the zone the paragraph opens with
            return [as_mention(lead)], CONTEXT
        section = section_place(c.start)
        if section is not None:
            return [as_mention(section)], CONTEXT
        return ([focus_mention(c)] if home is not None else []), HOME

    event_whens = _event_whens(doc, chosen) if any(c.type == EVENT for c in chosen) else []
    for c in chosen:
        if c.type == DISTRICT and not c.code:
            parent = _zone_parent(doc, res, c, named_places)
            if parent is not None:
                add(c, PART_OF, parent, c.start)
                if not parent.code and parent.name == c.within and not parent.text:
                    # the zone a park is named with (长宁经开区星光坝园区) lies in its own place
                    grand = _named_place(doc, res, c, c.within)
                    if grand is not None:
                        facts.append(Fact(parent, PART_OF, grand, _evidence(doc, c.start)))
        elif c.type == GOVERNMENT_BODY and c.region:
            d = gaz.by_code(c.region)
            if d is not None:
                add(c, JURISDICTION, _synthetic(doc, c, DISTRICT, d.name, d.code), c.start)
        elif c.type == GOVERNMENT_BODY and c.within:
            # 宜昌高新区管委会 governs 宜昌高新区
            add(c, JURISDICTION, _synthetic(doc, c, DISTRICT, c.within), c.start)
        elif c.type == PROJECT:
            found, sure = place_for(c)
            for place in found:
                add(c, LOCATED_IN, place, c.start, sure)
        elif c.type == EVENT:
            _event_facts(doc, c, chosen, by_cand, add, place_for, whens=event_whens,
                         venues=places + [d for d in divisions if d.start not in place_at])
        elif c.type == COMPANY and home is not None and not any(p.start == c.start for p in places) \
                and c.role != IN_NAME and not _invests(doc, c) \
                and not OUTSIDE_PARTY.search(doc.text[max(0, c.start - 2):c.start]) \
                and not LOAN.match(doc.text, c.end + 1) and not re.match(r"[\d.]+[亿万]?[美港欧]?元", doc.text[c.end:c.end + 8]) \
                and not _contractor(doc, c) and not _partner(doc, c, chosen):
            # a partner one signs with (与X签订) or lends from is not a local firm
            own = _own_place(doc, res, c.name)
            # a firm named after a place outside home (深圳X公司) or above it (湖北X公司 in a 黄石
            # article) lies where the text settles it, not where the article is
            elsewhere = own is not None and not own.code.startswith(home.code)
            lo, _ = _clause_bounds(doc, c.start)
            before = [p for p in places if lo <= p.start and p.end <= c.start and informative(p)
                      and not CO_ITEM.match(doc.text, p.end)]
            # (a firm named after another place: only a sentence set 在X, which places all it names)
            topic = None if before else topic_of(doc.sentence_at(c.start)) if own is None else \
                topic_of(doc.sentence_at(c.start), framed=True) if elsewhere else None
            acting = _firm_acts_in(doc, c, chosen, places)
            settled = _settled_in(doc, c, chosen, places) or _founded_in(doc, c, places) \
                or (acting[0] if acting and acting[1] else None)
            if acting is not None and not acting[1]:
                pass            # A公司将在X区投资建设…: an investor from elsewhere, not a firm of the place
            elif settled is not None:
                # A、B等企业相继落户高新区: where the firm settles
                settled = _innermost(doc.text, place_at, settled)
                add(c, LOCATED_IN, as_mention(settled), c.start, SAID)
            elif (own is None or elsewhere) and before:
                # 阳新经开区已集聚A、B等企业: the place its clause names before it
                add(c, LOCATED_IN, as_mention(before[-1]), c.start, SAID)
            elif topic is not None:
                add(c, LOCATED_IN, as_mention(topic), c.start, CONTEXT)       # 木港镇地处…,A、B等项目…
            elif section_place(c.start) is not None:
                add(c, LOCATED_IN, as_mention(section_place(c.start)), c.start, CONTEXT)
            elif own is None:
                add(c, LOCATED_IN, focus_mention(c), c.start, HOME)
            elif own.code.startswith(home.code) and own.code != home.code:
                add(c, LOCATED_IN, _synthetic(doc, c, DISTRICT, own.name, own.code), c.start, SAID)
            elif own.code == home.code:
                add(c, LOCATED_IN, home_mention(c), c.start, SAID)
    _organizers_elsewhere(doc, chosen, by_cand, add)
    _introduced(doc, chosen, add)
    _investors(doc, chosen, add)
    _amounts(doc, chosen, add)
    _distributed_amounts(doc, chosen, add)
    _places_of_events(doc, chosen, by_cand, facts, sureness)
    facts.extend(_implied_jurisdictions(doc, gaz, facts))
    return _surest_places(facts, sureness)


def _implied_jurisdictions(doc: Doc, gaz, facts: list[Fact]) -> list[Fact]:
    """A body implied by the event it holds (the congress of 阳新县第十九届人民代表大会第七次会议)
    governs the place whose code it carries."""
    out = []
    for f in facts:
        body = f.obj
        if f.predicate != ORGANIZER or not isinstance(body, Mention) or body.type != GOVERNMENT_BODY \
                or body.text or not body.code:
            continue
        d = gaz.by_code(body.code)
        if d is not None:
            out.append(Fact(body, JURISDICTION, Mention(doc.article.id, body.start, body.start, "", DISTRICT,
                                                         d.name, d.code), f.evidence))
    return out


# verbs saying a company puts money into a project (投资, 建设 …), not where it settles (落户)
# nor that it signs (签约: a local firm signs too)
INVESTS = re.compile("(?:" + "|".join(re.escape(w) for w in words("invest_verbs.txt")
                                      if w not in words("site_verbs.txt") and w not in words("sign_verbs.txt")) + ")")


# 该项目落户X / 项目位于X: a sentence opening with the project it is about, then where it is
TOLD_SITE = re.compile(r"\s*(?:" + alternation("amount_anaphors.txt") + f")?(?:{PROJECT_HEADS})" r"[^，,。；;]{0,6}?"
                       f"(?:{alternation('site_verbs.txt')})")


def _host_place(doc: Doc, c: Candidate, divisions, zones) -> Candidate | None:
    """The place an event's name starts with, after a year or a period (湖北省2022年三季度…,
    2023年一季度湖北省…, 2023太仓高新区…, 大冶市…暨大冶湖高新区…): the region holding it; the
    longest name there, the last of a chain (宜昌市猇亭区 -> 猇亭区), the one in brackets after
    it (湖北(黄石)行 -> 黄石). None if the name starts otherwise."""
    text = doc.text
    lead = HOST_LEAD.match(text, c.start, c.end)
    at = lead.end() if lead else c.start
    here = [p for p in list(divisions) + list(zones) if p.start == at and p.end < c.end and p.code[:2] in ("", doc.region)
            or p.start == at and p.end < c.end and not p.code]
    if not here:
        return None
    host = max(here, key=lambda p: p.end - p.start)
    starts = {p.start: p for p in divisions if p.end < c.end}
    while host.end in starts:              # 宜昌市猇亭区…签约仪式 -> 猇亭区
        host = starts[host.end]
    inner = [p for p in divisions if text[host.end:host.end + 1] in "(（" and p.start == host.end + 1
             and text[p.end:p.end + 1] in ")）"]
    return inner[0] if inner else host


VENUE_WORD = re.compile(alternation("venue_words.txt"))


def _venue_in_name(doc: Doc, c: Candidate, divisions) -> Candidate | None:
    """The place an event's name gives its venue (…台湾周仙桃分会场, …襄州主会场活动): a
    division written right before a venue word (kg/data/venue_words.txt); of several, the
    most specific. None when there is none."""
    text = doc.text
    found = [p for p in divisions if c.start <= p.start and p.end < c.end and p.code
             and VENUE_WORD.match(text, p.end, c.end)]
    return max(found, key=lambda p: (len(p.code.rstrip("0")), p.start)) if found else None


# a year, a period or an edition before the host's name (2023年一季度, 2024年, 第三届)
HOST_LEAD = re.compile(r"(?:(?:19|20)\d{2}年?(?:[一二三四]季度|\d{1,2}月份?|上半年|下半年)?|第" + PHASE_NUMBER + "+届)")


def _paragraph_start(doc: Doc, s):
    """The first sentence of the paragraph holding sentence s (paragraphs begin after a line
    break or a space, as pasted news text writes them)."""
    while s.start > doc.body_offset and not doc.text[s.start - 1].isspace() \
            and not doc.text[s.start:s.start + 1].isspace():
        s = doc.sentence_at(s.start - 1)
    return s


def _zone_by_stem(c: Candidate, places: list[Candidate], res) -> Candidate | None:
    """The zone named before c whose own word (its name less the place before it and its
    ending: 新港 of 黄石新港园区) c's name starts with (新港大道, 新港现代物流园一期); None
    when none, or when that word is a division's name."""
    out = None
    for z in places:
        if z.code or z.end > c.start:
            continue
        suffix = next((x for x in res.lex.zone_suffixes if z.name.endswith(x)), "")
        stem = z.name[:len(z.name) - len(suffix)] if suffix else ""
        for k in range(min(len(stem) - 2, res.max_len), 1, -1):
            if stem[:k] in res.names:
                stem = stem[k:]          # 黄石新港 -> 新港
                break
        if len(stem) >= 2 and stem not in res.names and c.name.startswith(stem) and len(c.name) > len(stem) + 1:
            out = z
    return out


def _told_site(doc: Doc, c: Candidate, chosen: list[Candidate]) -> int | None:
    """Where the place stands that the next sentence gives for c (…X项目也在当天签约。该项目
    落户Y区,…): c is the last project of its sentence and the next opens with 该项目 and a
    site verb. None otherwise."""
    s = doc.sentence_at(c.start)
    if any(x.type == PROJECT and c.end <= x.start < s.end for x in chosen):
        return None
    m = TOLD_SITE.match(doc.text, s.end)
    if m is None:
        # 黄石市总部经济产业园项目…。产业园位于Y: the next sentence opens with the project's head
        # noun (its last word before 项目/工程) and a site verb
        core = PROJECT_HEAD_END.sub("", c.name)
        words = doc.tokens_within(c.start, c.start + len(core))
        head = words[-1].word if words and c.start + len(core) == words[-1].end else ""
        if len(head) >= 2:
            m = re.compile(r"\s*" + re.escape(head) + r"[^，,。；;]{0,6}?" f"(?:{SITE.pattern})").match(
                doc.text, s.end)
    if m is None and s.end < len(doc.text):
        # …X项目同样备受关注。这个总投资约20亿元的项目由A、B联合出资,落户Y: the next sentence opens
        # with the project as an anaphor, and names no other project before its site verb
        told = TOLD_PROJECT.match(doc.text, s.end)
        nxt = doc.sentence_at(told.end()) if told else None
        site = SITE.search(doc.text, told.end(), nxt.end) if told else None
        if site and not any(x.type == PROJECT and told.end() <= x.start < site.start() for x in chosen):
            return site.end()
    return m.end() if m else None


TOLD_PROJECT = re.compile(r"\s*(?:" + alternation("amount_anaphors.txt") + r")[^，,。；;]{0,20}?" f"(?:{PROJECT_HEADS})")


SITED = re.compile(f"(?:在|{alternation('site_verbs.txt')})$")


def _finer_site(doc: Doc, c: Candidate, named: Candidate, places: list[Candidate], place_at: dict,
                end: int) -> Candidate | None:
    """A place under the one a project's name gives, that its sentence sets it in later (巴东X
    电站项目…拟在巴东县官渡口镇…建设 -> 官渡口镇): after 在 or a site verb (位于, 落户), the
    most specific of its chain; None when the sentence names none under it."""
    text = doc.text
    for p in places:
        if p.start < c.end or p.end > end or not SITED.search(text, max(c.end, p.start - 3), p.start):
            continue
        chain = _innermost(text, place_at, p)
        if chain.code != named.code and _under(chain.code, named.code):
            return chain
    return None


LIST_ITEM_BEFORE = re.compile(r"(?:[、]|" + alternation("list_joiners.txt") + ")$")
OPERATES = re.compile(alternation("operate_verbs.txt"))
FIRM_GAP = 15       # most characters between a firm (or its list) and the 在 of where it acts


def _firm_acts_in(doc: Doc, c: Candidate, chosen: list[Candidate],
                  places: list[Candidate]) -> tuple[Candidate, bool] | None:
    """Where a firm's own clause says it acts, and whether it works there: (X, True) for 在X
    投产/运营 (A、B等企业也已在开发区投产: a firm of X), (X, False) for 在X投资/建设 (A集团将在
    X投资85亿元: an investor from elsewhere). Only firms, list words and adverbs may stand
    between the firm and 在 (no number, no 的: A公司的项目在X…). None otherwise."""
    text = doc.text
    _, hi = _clause_bounds(doc, c.start)
    pos = c.end
    for x in sorted((x for x in chosen if c.end <= x.start < hi), key=lambda x: x.start):
        if x.start < pos:
            continue
        if x.type != COMPANY or x.start - c.end > FIRM_GAP:
            break
        pos = x.end
    at = text.find("在", pos, min(hi, c.end + FIRM_GAP + 1))
    if at < 0 or re.search(r"[\d的]", text[c.end:at]) or any(
            x.type != COMPANY and c.end <= x.start < at for x in chosen):
        return None
    place_at = {p.start: p for p in places}
    if at + 1 not in place_at:
        return None
    place = _innermost(text, place_at, place_at[at + 1])
    tail = text[place.end:min(hi, place.end + 6)]
    works, invests = OPERATES.search(tail), INVEST_VERB.search(tail)
    if works is not None and (invests is None or works.start() <= invests.start()):
        return place, True
    if invests is not None:
        return place, False
    return None


ACTS_GAP = 12       # most characters between a project (or its list) and the 在 of where it acts


def _acts_in(doc: Doc, c: Candidate, chosen: list[Candidate], place_at: dict, hi: int) -> Candidate | None:
    """The place a project's own clause says it acts in (A项目在伊滨区开工; A、B等3个项目相继在
    X落地): 在 and a place after c within its clause, with only other projects, list words and
    adverbs between (no other name, no 的: A项目的厂房在X…), and no 的 after the place (在X的
    支持下). The most specific of a chain (在洛阳市伊滨区 -> 伊滨区); None otherwise."""
    text = doc.text
    pos = c.end
    gap = 0
    after = [x for x in chosen if c.end <= x.start < hi]
    for x in sorted(after, key=lambda x: (x.start, -x.end)):
        if x.start < pos or x.type != PROJECT and any(
                p.type == PROJECT and p.start <= x.start and x.end <= p.end for p in after):
            continue            # a name inside a project's (华宇纺织 of 华宇纺织项目)
        if x.type != PROJECT:
            break
        gap += x.start - pos
        if gap > ACTS_GAP or "在" in text[pos:x.start]:
            break
        pos = max(pos, x.end)
    at = text.find("在", pos, min(hi, pos + ACTS_GAP - gap + 1))
    if at < 0 or "的" in text[pos:at] or (at + 1) not in place_at:
        return None
    chain = _innermost(text, place_at, place_at[at + 1])
    if chain.end > hi or text.startswith("的", chain.end):
        return None
    return chain


FOUNDED = re.compile(r"[^，,。；;]{0,6}?" f"(?:{alternation('founding_verbs.txt')})了?")


def _founded_in(doc: Doc, c: Candidate, places: list[Candidate]) -> Candidate | None:
    """The place a firm was founded in (在苏州创办了X公司): a place after 在 in the firm's
    clause, with a founding verb right before the firm."""
    lo, _ = _clause_bounds(doc, c.start)
    text = doc.text
    at = [p for p in places if lo < p.start and p.end <= c.start and text[p.start - 1] == "在"
          and FOUNDED.fullmatch(text, p.end, c.start)]
    return at[-1] if at else None


def _settled_in(doc: Doc, c: Candidate, chosen: list[Candidate], places: list[Candidate]) -> Candidate | None:
    """The place a firm's clause says it settles in (A、B等企业相继落户X, A公司落户X): the
    place right after a site verb (落户, 位于 …) with only firms and list words between."""
    text = doc.text
    _, hi = _clause_bounds(doc, c.start)
    site = SITE.search(text, c.end, hi)
    if site is None:
        return None
    if any(x.type != COMPANY and c.end <= x.start < site.start() for x in chosen):
        return None
    if re.search(r"[\d的]", text[c.end:site.start()]):
        return None             # A公司的X项目落户…, A公司投资5亿元…: the firm is not the subject
    return next((p for p in places if site.end() <= p.start < site.end() + 2), None)


RELATIVE_ZONES = words("relative_zones.txt")
ZONE_SHORT = pairs("zone_abbreviations.tsv")


def _relative_zones(doc: Doc, places: list[Candidate], lex) -> list[Candidate]:
    """Zone words written alone (高新区, 开发区, 园区: kg/data/relative_zones.txt) as the zone
    of the article named last before them that ends so (大冶湖高新区; 园区: any zone or
    park), at the word's place. A word inside a longer name is none."""
    text = doc.text
    tags = load_tags()
    zones = [p for p in places if not p.code]
    out = []
    for word in RELATIVE_ZONES:
        for m in re.compile(re.escape(word)).finditer(text, doc.body_offset):
            if any(p.start <= m.start() < p.end for p in places) or doc.token_after(m.start()) is None:
                continue
            prev = doc.token_before(m.start())
            if prev is not None and NAME_CHAR.match(prev.word[-1:]) and not (
                    prev.word in lex.boundary or tags.is_verb(prev.word) or tags.is_function(prev.word)
                    or prev.word in RELATIVE_BEFORE):
                continue            # the end of a longer name (西有新经济产业园), not the word alone
            earlier = [z for z in zones if z.end <= m.start() and (word in ZONE_TAILS or _ends_as(z.name, word))]
            if earlier:
                z = earlier[-1]
                out.append(Candidate(m.start(), m.end(), DISTRICT, z.name, rank=z.rank, code=z.code, within=z.within))
    return out


RELATIVE_BEFORE = frozenset("在该本全入进的和及与、")     # 在园区, 该园区, 入园区 …
ZONE_TAILS = ("园区",)      # a park's or a zone's word for itself, whatever its ending


def _ends_as(name: str, word: str) -> bool:
    """Whether a zone's name ends with word, also in its long form (…高新技术产业开发区 for 高新区)."""
    return name.endswith(word) or any(name.endswith(long) and short == word for long, short in ZONE_SHORT.items())


OPENING_PHRASE = 20     # longest opening (a dateline, a time: 本网讯(通讯员 X)9日, 今年以来) before a topic


def _opening_starts(doc: Doc, s, names: list[int]) -> list[int]:
    """Where a sentence's topic may start: its first character, and after each of its opening
    clauses while they hold no name (``names``: where names start) and span at most
    OPENING_PHRASE characters (本网讯(通讯员 X)9日,在X… / 今年以来,X镇…)."""
    text = doc.text
    start = s.start + len(text[s.start:s.end]) - len(text[s.start:s.end].lstrip())
    out = [start]
    i = bisect_left(names, start)
    for m in CLAUSE.finditer(text, start, min(s.end, start + OPENING_PHRASE + 1)):
        if i < len(names) and names[i] < m.start():
            break
        nxt = m.end() + len(text[m.end():s.end]) - len(text[m.end():s.end].lstrip())
        out.append(nxt)
    return out


PARTNER_VERB = re.compile(alternation("partner_verbs.txt"))
LIST_GLUE = re.compile(r"[、，,]|" + alternation("list_joiners.txt"))


def _partner(doc: Doc, c: Candidate, chosen: list[Candidate]) -> bool:
    """A company in a list that 与/同 opens (与博泽集团、A公司等德企的合作), or one that signs or
    works with someone (A集团便与X区人民政府签约; A、B等15家央企先后与孝感签约): a partner
    from elsewhere, not a firm of the place."""
    text = doc.text
    firms = sorted((x for x in chosen if x.type == COMPANY), key=lambda x: x.start)
    first = c
    for x in reversed([x for x in firms if x.end <= c.start]):
        if LIST_GLUE.fullmatch(text, x.end, first.start):
            first = x               # the list holding c starts earlier
        else:
            break
    if first is not c and OUTSIDE_PARTY.search(text[max(0, first.start - 2):first.start]):
        return True
    # (the other side a government or a place: 引导A、B等企业与高校合作 keeps A a local firm)
    _, hi = _clause_bounds(doc, c.start)
    m = re.compile("与|同").search(text, c.end, hi)
    verb = PARTNER_VERB.search(text, m.end(), hi) if m is not None and m.start() - c.end <= 20 else None
    return verb is not None \
        and not any(x.type in (PROJECT, EVENT, DISTRICT) and c.end <= x.start < m.start() for x in chosen) \
        and any(x.type in (GOVERNMENT_BODY, DISTRICT) and m.end() == x.start and x.end <= verb.start() for x in chosen)


CONTRACTOR = re.compile(alternation("contractor_words.txt"))


def _contractor(doc: Doc, c: Candidate) -> bool:
    """A company its sentence names as the one building (作为项目承建方,X…; X以5亿元中标…): a
    contractor, which the text does not place where it builds."""
    _, hi = _clause_bounds(doc, c.start)
    return CONTRACTOR.search(doc.text, doc.sentence_at(c.start).start, hi) is not None


def _invests(doc: Doc, c: Candidate) -> bool:
    """A company named as the one who invests (X投资的…, X计划投资…, 由X投资建设): an
    investor, which the text does not place where its project is."""
    text = doc.text
    _, hi = _clause_bounds(doc, c.start)
    after = text[c.end:min(hi, c.end + 5)]
    m = INVESTS.search(after)
    if m is None:
        return False
    return m.start() <= 3 and not re.search(r"[、和及与]", after[:m.start()])


HEADING = re.compile(r"(?:^|(?<=[\s。；;！？]))(?:[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")
HEADING_END = re.compile(r"[。；;！？\s]")


def _sections(doc: Doc, places: list[Candidate]) -> list[tuple[int, Candidate | None]]:
    """Where each numbered section starts ((三)…, 四、…) and the place its heading names (the
    last one in the heading, up to its first full stop or space), or None."""
    text = doc.text
    out = []
    for m in HEADING.finditer(text, doc.body_offset):
        stop = HEADING_END.search(text, m.end())
        end = stop.start() if stop else len(text)
        named = [p for p in places if m.end() <= p.start and p.end <= end]
        out.append((m.start(), named[-1] if named else None))
    return out


BUILT_PARK = re.compile(alternation("park_built_verbs.txt"))


def _focus(doc: Doc, res, places: list[Candidate]) -> Candidate | None:
    """The place an article's title is about, when more specific than its home: a zone
    or a division under the home (郑州航空港实验区一季度签约项目5个, 36个台资重大项目昆山…);
    a town only as the headline's first word (陈贵镇:项目建设…, not 从元月…到东津…)."""
    home_code = doc.home.code if doc.home is not None else ""
    for p in places:
        if p.start >= doc.body_offset:
            break
        if len(p.code) > 6 and doc.text[:p.start].strip(" “\"「『"):
            continue
        if not p.code and not p.name.endswith("区") and BUILT_PARK.match(doc.text, p.end):
            continue            # 黄石总部经济产业园落子大冶湖畔: the park is what is built
        if not p.code or (home_code and home_code in {a.code for a in res.gaz.ancestors(p.code)}):
            return p
    return None


def _own_place(doc: Doc, res, name: str):
    """The division a name starts with (西塞山区创发集团 -> 西塞山区), judged in the
    article's context; None when it starts with no known place."""
    from kg.extract.gazetteer import disambiguate
    for k in range(min(len(name) - 1, res.max_len), 1, -1):
        # a county's short name names a place only in the article's province (安达精密 in a
        # 湖北 article is a brand, not 安达市)
        options = [d for d in res.names.get(name[:k], ()) if d.name == name[:k] or d.level in ("province", "city")
                   or d.level == "county" and d.code.startswith(doc.region)]
        if options and name[:k] not in res.lex.ambiguous_places:
            return disambiguate(options, doc.context_codes or (doc.region,), name=name[:k])
    return None


def _zone_parent(doc: Doc, res, c: Candidate, places: list[Candidate]) -> Mention | None:
    """Where a zone lies: the place written right before it, its name's place, or home."""
    adjacent = [p for p in places if p.end == c.start]
    if adjacent:
        p = adjacent[0]
        return Mention(doc.article.id, p.start, p.end, doc.raw[p.start:p.end], DISTRICT, p.name, p.code)
    if c.within and c.name.startswith(c.within) and c.name != c.within:
        return _synthetic(doc, c, DISTRICT, c.within)      # 长宁经开区星光坝园区: the zone it is named with
    return _named_place(doc, res, c)


def _named_place(doc: Doc, res, c: Candidate, name: str = "") -> Mention | None:
    """The division a zone's name starts with (长宁经开区 -> 长宁县), else the home place."""
    name = name or c.name
    for k in range(min(len(name) - 2, res.max_len), 1, -1):
        # a town or street counts only written whole (陈贵镇马鞍山产业园): a zone's stem that is
        # a town's short name is the zone's own name (东津新区, 三甲五金聚集区), not that town
        options = [d for d in res.names.get(name[:k], ()) if d.name == name[:k]
                   or d.code.startswith(doc.region) and d.level != "town"]
        if options and name[:k] not in res.lex.ambiguous_places:
            from kg.extract.gazetteer import disambiguate
            d = disambiguate(options, doc.context_codes or (doc.region,), name=name[:k])
            if d is not None:
                d = _inner_division(res, name, k, d)
                return _synthetic(doc, c, DISTRICT, d.name, d.code)
            break
    if doc.home is not None:
        return _synthetic(doc, c, DISTRICT, doc.home.name, doc.home.code)
    return None


def _inner_division(res, name: str, k: int, d):
    """The innermost of the divisions a zone's name is written with, each whole and inside the
    one before (武汉市|汉阳区|百年四台产业园 -> 汉阳区), starting from ``d`` at ``name[:k]``."""
    while True:
        inner = [(end, x) for end in range(min(len(name) - 2, k + res.max_len), k + 1, -1)
                 for x in res.names.get(name[k:end], ()) if x.name == name[k:end] and x.parent == d.code]
        if not inner:
            return d
        k, d = inner[0]


def _event_facts(doc: Doc, c: Candidate, chosen, by_cand, add, place_for, *, whens=(), venues=()) -> None:
    """An event's organizers, place and date. ``venues``: the places the text names, also
    zone words written alone (在高新区举行) and places inside longer names (在襄州区X项目现场举行)."""
    text = doc.text
    s = doc.sentence_at(c.start)
    # organizer: bodies/companies in the sentence before a holding verb
    verbs = list(HOLD.finditer(text, s.start, s.end))
    verb = verbs[-1] if verbs else None
    organizers = []
    if verb:
        # 由A主办、B承办: everyone named before the last holding verb whose own clause holds
        # (…汉龙…产业园,…仪式在此举行: a clause naming no holding is no organizer's)
        organizers = [o for o in chosen if o.type in (GOVERNMENT_BODY, COMPANY)
                      and s.start <= o.start and o.end <= verb.start() and not _venue_of(doc, o, verb.start())
                      and HOLD.search(text, o.end, _clause_bounds(doc, o.start)[1])]
    if not organizers and c.region:
        organizers = []
        add(c, ORGANIZER, Mention(doc.article.id, c.start, c.start, "", GOVERNMENT_BODY,
                                    c.name.split("第")[0] + "人民代表大会", c.region), c.start)
    for o in organizers:
        add(c, ORGANIZER, by_cand[o], c.start)
    body = _meeting_body(c.name) if not organizers and not c.region else ""
    if body:
        add(c, ORGANIZER, Mention(doc.article.id, c.start, c.start, "", GOVERNMENT_BODY, body), c.start)
    if not organizers and not c.region and not body and verb and "政府工作报告" in doc.article.title and doc.home is not None:
        add(c, ORGANIZER, Mention(doc.article.id, c.start, c.start, "", GOVERNMENT_BODY,
                                    doc.home.name + "人民政府", doc.home.code), c.start)
    # place: 在X举行 / the clause before it / home
    held = HELD_IN.search(text, s.start, s.end)
    places = venues or [p for p in chosen if p.type == DISTRICT]
    venue = [p for p in places if held and p.start == held.start() + 1][:1]
    nxt = {p.start: p for p in places}
    beside = []
    if venue:
        while True:
            end = venue[-1].end
            if end in nxt:                      # 在孝感市孝南区开幕 -> 孝南区
                venue.append(nxt[end])
            elif text[end:end + 1] == "·" and end + 1 in nxt:
                beside.append(venue[-1])        # 在X开发区·Y区主会场举行: both
                venue.append(nxt[end + 1])
            else:
                break
    here = HELD_HERE.search(text, c.end, s.end)
    if not venue and here:
        before = [p for p in chosen if p.type == DISTRICT and s.start <= p.start and p.end <= c.start]
        if before:
            venue = [before[-1]]
    if not venue:
        venue = _main_venue(doc, c, places)
    found, sure = ([_as_place(doc, by_cand, p) for p in beside + venue[-1:]], SAID) if venue else place_for(c)
    if venue and venue[-1].code and not any(p is venue[-1] for p in chosen):
        # a place inside a longer name (在潍坊X项目现场举行) says less than a place under it
        # that the event's own name gives (奎文区2022年…开工仪式)
        own, own_sure = place_for(c)
        if own_sure == SAID and any(_under(p.code, venue[-1].code) for p in own):
            found = own
    for place in found:
        add(c, LOCATED_IN, place, c.start, sure)
    # date: in the name, in the sentence, or the last year named before it
    value = _date_for(doc, c, whens, chosen)
    if value is not None:
        add(c, START_DATE, value, c.start)
    opened, branched = _opened_event(c.name), _branch_of(c.name)
    for name in (opened, branched):
        if not name:
            continue
        # 2023中国·平湖西瓜灯文化节开幕式暨…: the festival opened there, then and there;
        # 第十三届…台湾周仙桃分会场: the event it is a branch venue of, held elsewhere
        inner = Candidate(c.start, c.start, EVENT, name)
        by_cand[inner] = Mention(doc.article.id, c.start, c.start, "", EVENT, name)
        if name == opened:
            for place in found:
                add(inner, LOCATED_IN, place, c.start, sure)
        if value is not None:
            add(inner, START_DATE, value, c.start)


MAIN_VENUE = re.compile(f"(?:{alternation('main_venue_words.txt')})" r"[^，,。；;]{0,3}?在")


def _main_venue(doc: Doc, c: Candidate, places: list[Candidate]) -> list[Candidate]:
    """The place where the event's sentence, or the next one, sets its main venue (…开工活动
    举行。主会场选在X内的Y项目现场): the most specific of the chain after 在; [] when none."""
    text = doc.text
    s = doc.sentence_at(c.start)
    nxt = doc.sentence_at(s.end) if s.end < len(text) else s
    m = MAIN_VENUE.search(text, c.end, nxt.end)
    if m is None:
        return []
    at = {p.start: p for p in places}
    chain = at.get(m.end())
    return [_innermost(text, at, chain)] if chain is not None else []


# 在X, and the reporter's 走进X/来到X: the scene of the clauses after it
AT_SCENE = re.compile(f"(?:在|{alternation('scene_verbs.txt')})$")
INNER = re.compile(alternation("inner_words.txt"))


def _innermost(text: str, place_at: dict, p: Candidate) -> Candidate:
    """The most specific place of a chain starting with p (在平湖市新仓镇 -> 新仓镇), also across a
    word for inside (在东部产业园内的成宜装备制造产业园 -> the park inside: kg/data/inner_words.txt)."""
    while True:
        if p.end in place_at:
            p = place_at[p.end]
            continue
        m = INNER.match(text, p.end)
        if m is None or m.end() not in place_at:
            return p
        p = place_at[m.end()]


def _named_host(res, name: str, context: tuple[str, ...]):
    """The division an event's resolved name starts with, written whole, when it is the
    article's place or one above it (``context``: the home chain's codes); else None."""
    for k in range(min(len(name) - 2, res.max_len), 1, -1):
        found = [d for d in res.names.get(name[:k], ()) if d.name == name[:k] and d.code in context]
        if found:
            return found[0]
    return None


def _under(code: str, above: str) -> bool:
    """Whether the division ``code`` is ``above`` or lies under it (370705 under 370700)."""
    head = above
    while len(head) > 2 and head.endswith("00"):
        head = head[:-2]
    return bool(code) and code.startswith(head)


def _as_place(doc: Doc, by_cand: dict, p: Candidate) -> Mention:
    """The mention of a place the text names (a chosen one, or one inside a longer name)."""
    return by_cand.get(p) or Mention(doc.article.id, p.start, p.end, doc.raw[p.start:p.end], DISTRICT, p.name, p.code)


OPENING = ("开幕式", "闭幕式")


BRANCH = re.compile(r"[\u4e00-\u9fff]{2,6}分会场")


def _branch_of(name: str) -> str:
    """The event a branch venue is of (第十三届湖北·武汉台湾周|仙桃分会场 -> 第十三届湖北·武汉
    台湾周): a name up to an event ending that a place and 分会场 follow; '' if none."""
    for suffix in load_lexicon().event_suffixes:
        at = name.find(suffix)
        while at >= 0:
            if at >= 4 and BRANCH.match(name, at + len(suffix)):
                return name[:at + len(suffix)]
            at = name.find(suffix, at + 1)
    return ""


def _opened_event(name: str) -> str:
    """The event whose opening an event is (2023中国·平湖西瓜灯文化节|开幕式暨投资贸易洽谈会 ->
    2023中国·平湖西瓜灯文化节): a name up to an event ending (kg/data/event_suffixes.txt) that
    开幕式 or 闭幕式 follows; '' if none."""
    for suffix in load_lexicon().event_suffixes:
        for opening in OPENING:
            at = name.find(suffix + opening)
            if at >= 4:
                return name[:at + len(suffix)]
    return ""


BODY_MEETING = re.compile(r"(?P<region>[\u4e00-\u9fff]{2,10}?[省市县区州])(?P<organ>[\u4e00-\u9fff]{1,8}?)"
                          r"第[\d一二三四五六七八九十百]+次[\u4e00-\u9fff]{0,4}会议$")


def _meeting_body(name: str) -> str:
    """The body a numbered meeting is of (四川省政府第104次常务会议 -> 四川省人民政府): a region
    and an organ (kg/data/organs.tsv) before 第N次…会议; '' for other names."""
    from kg.extract.governments import body_name
    m = BODY_MEETING.match(name)
    lex = load_lexicon()
    if m is None or m.group("organ") not in lex.organs:
        return ""
    return body_name(m.group("region"), m.group("organ"), lex)


def _venue_of(doc: Doc, o: Candidate, verb: int) -> bool:
    """Whether a body or company before a holding verb names where, not who (…活动在X公司Y项目
    现场举行): 在 opens the phrase it stands in, and no clause break comes before the verb."""
    text = doc.text
    lo, _ = _clause_bounds(doc, o.start)
    at = text.rfind("在", lo, o.start)
    return at >= 0 and not CLAUSE.search(text, o.end, verb) and not re.search(r"[由和与及、]", text[at:o.start])


BY_HOLDER = re.compile(r"由(?P<who>[^。；;]{2,120})" f"(?:{alternation('organizer_verbs.txt')})")


def _organizers_elsewhere(doc: Doc, chosen: list[Candidate], by_cand: dict, add) -> None:
    """此次大会由A、B等联合主办: a sentence naming organizers but no event is about the
    event named last before it."""
    events = [c for c in chosen if c.type == EVENT]
    for m in BY_HOLDER.finditer(doc.text):
        s = doc.sentence_at(m.start())
        if any(s.start <= e.start < s.end for e in events):
            continue
        before = [e for e in events if e.end <= s.start]
        if not before:
            continue
        event = before[-1]
        for o in chosen:
            if o.type in (GOVERNMENT_BODY, COMPANY) and m.start("who") <= o.start and o.end <= m.end("who"):
                add(event, ORGANIZER, by_cand[o], m.start())


SIGNED = re.compile(alternation("signed_verbs.txt"))
AMOUNT_IS = re.compile(f"(?:项目|合同|协议)?(?:{alternation('amount_totals.txt')})(?:为|达|约)")


def _introduced(doc: Doc, chosen: list[Candidate], add) -> None:
    """A project a sentence introduces (…项目涉及X。) is what the next sentence's
    signing companies invest in and what its 金额为N亿元 amounts to."""
    text = doc.text
    for p in (c for c in chosen if c.type == PROJECT and c.role == INTRODUCED):
        s = doc.sentence_at(p.start)
        nxt = [x for x in doc.sents if x.start >= s.end][:1]
        if not nxt:
            continue
        n = nxt[0]
        if SIGNED.search(text, n.start, n.end):
            for co in chosen:
                if co.type == COMPANY and n.start <= co.start and co.end <= n.end:
                    add(p, INVESTOR, co, n.start)
        for m in AMOUNT.finditer(text, n.start, n.end):
            if AMOUNT_IS.search(text[max(n.start, m.start() - 6):m.start()]):
                value = parse_amount(m)
                if value is not None:
                    add(p, INVESTMENT_AMOUNT, value, n.start)
                break


def _event_whens(doc: Doc, chosen: list[Candidate]) -> list:
    """Every date expression of the text outside the events' names (2016年第二批… names a
    batch), resolved from the article's date as the lifecycle reads them: 26日, 今年3月26日,
    同年10月15日, 去年9月23日, 昨天, 近日 (kg.extract.lifecycle.dates_in)."""
    from kg.extract.lifecycle import dates_in
    return dates_in(doc, [(c.start, c.end) for c in chosen if c.type == EVENT],
                    name_starts=frozenset(c.start for c in chosen if c.type in (DISTRICT, GOVERNMENT_BODY)))


EXPLICIT_YEAR = re.compile(r"(?:19|20)\d{2}年")


def _date_for(doc: Doc, c: Candidate, whens=(), chosen=()) -> Value | None:
    """When an event starts, as precisely as the text says: the date its own clause names,
    else the last one named before it in its sentence, else the first after it (当天, 随后:
    the day named before); a month-day without a year takes the year of the event's name;
    the year in its name (2020(第二届)…论坛), else the one day the sentence before names, else
    the year the text last named. A sentence
    that names a ceremony the event holds (8日,2017华创会在武汉举行|2017华创会重点项目签约仪式)
    dates the ceremony, not the event."""
    text = doc.text
    s = doc.sentence_at(c.start)
    if any(e.type == EVENT and e.name != c.name and e.name.startswith(c.name) and s.start <= e.start < s.end
           for e in chosen):
        whens = ()
    name_year = re.match(r"((?:19|20)\d{2})", c.name) or re.search(r"((?:19|20)\d{2})年", c.name)
    lo, hi = _clause_bounds(doc, c.start)
    published = doc.article.published
    to_come = any(t.word in FUTURE for t in doc.tokens_within(lo, hi))
    # a date after the article's in another clause is a plan's (…活动中的重头戏,…,计划2026年
    # 10月底建成), unless the event is still to come
    here = [w for w in whens if s.start <= w.start < s.end and (w.end <= c.start or w.start >= c.end)
            and (to_come or lo <= w.start < hi or w.value is None or w.value.value <= published[:len(w.value.value)])]
    if here:
        # its own clause first (今年3月26日A活动、7月21日B会相继举行: the date right before
        # each), then what the sentence says before it, then after it
        own = [w for w in here if lo <= w.start < hi]
        own_before = [w for w in own if w.end <= c.start]
        before = [w for w in here if w.end <= c.start]
        pick = own_before[-1] if own_before else own[0] if own else before[-1] if before else here[0]
        value = _when_value(whens, pick)
        if value is not None:
            return _event_year(doc, pick, value, name_year, to_come)
    if name_year:
        return Value(name_year.group(1), "gYear")
    # 3月21日,X项目开工。作为…同步举行的…活动中的重头戏: the day the sentence before names
    prev = doc.sentence_at(s.start - 1) if s.start > 0 else None
    told = [w for w in whens if prev is not None and prev.start <= w.start < prev.end and not w.same
            and w.value is not None and w.value.datatype == "date" and w.value.value <= doc.article.published]
    if told and len(told) == 1:
        return told[0].value
    earlier = list(DATE.finditer(text, 0, c.start))
    if not earlier:
        return None
    d = earlier[-1]
    y, mo, day = d.group("y"), d.group("m"), d.group("d")
    if day:
        return _day(y, mo, day)
    if mo:
        return Value(f"{y}-{int(mo):02d}", "gYearMonth")
    return Value(y, "gYear")


def _when_value(whens, w) -> Value | None:
    """A date expression's value; 当天, 同日 the last day named before it, 随后, 此次 the last date."""
    if not w.same:
        return w.value
    before = [x.value for x in whens if x.start < w.start and x.value is not None and not x.same]
    days = [v for v in before if v.datatype == "date"]
    return (days or before or [None])[-1]


FUTURE = frozenset(words("future_words.txt"))


def _event_year(doc: Doc, w, value: Value, name_year, to_come: bool) -> Value:
    """The year of a date the text gives without one (26日, 10月29日): the year of the event's
    name when it has one; the article's, not the year before, when the sentence speaks of
    what is to come (10月29日，…大会将开幕). A year the text writes (2023年1月4日, 去年9月23日)
    that is not the name's leaves only the name's year."""
    from kg.extract.lifecycle import YEAR_BEFORE
    text = doc.text
    if not re.search(r"\d", text[w.start:w.end]):
        return value                       # 昨天, 近日: the article's own day
    if EXPLICIT_YEAR.match(text, w.start) or text[max(0, w.start - 2):w.start] in YEAR_BEFORE:
        if name_year and value.value[:4] != name_year.group(1):
            return Value(name_year.group(1), "gYear")
        return value
    published = doc.article.published
    year = value.value[:4]
    if name_year:
        year = name_year.group(1)
    elif int(year) == int(published[:4]) - 1 and value.value[4:] > published[4:len(value.value)] and to_come:
        year = published[:4]
    if value.datatype == "date":
        return _day(year, value.value[5:7], value.value[8:10])
    return Value(year + value.value[4:], value.datatype)


def _day(y: str, mo: str, day: str) -> Value:
    """An xsd:date, or only its month when there is no such day (2月30日)."""
    try:
        return Value(datetime.date(int(y), int(mo), int(day)).isoformat(), "date")
    except ValueError:
        return Value(f"{y}-{int(mo):02d}", "gYearMonth")


# what a firm does to its project (invest_verbs.txt), or has done: 建成 (X在建成A、B项目后)
FIRM_VERB = re.compile(alternation("invest_verbs.txt") + "|建成")
TOTAL_BEFORE = re.compile(r"总$")      # 总投资N元: the head of an amount, no verb of the clause


def _investors(doc: Doc, chosen: list[Candidate], add) -> None:
    """Company -> verb -> project(s) in one sentence; projects named after their company;
    a lender of a project's loan."""
    text = doc.text
    companies = [c for c in chosen if c.type == COMPANY]
    projects = [c for c in chosen if c.type == PROJECT]
    stated = stated_investors(doc, companies, projects,
                              [c for c in chosen if c.type in (DISTRICT, GOVERNMENT_BODY)])
    project_spans = {(p.start, p.end) for p in projects}
    taken: set[tuple[Candidate, Candidate]] = set()
    for p in projects:
        if p in stated:
            for co in stated[p]:
                add(p, INVESTOR, co, p.start)
            continue
        lo, hi = _clause_bounds(doc, p.start)
        s = doc.sentence_at(p.start)
        found = False
        for co in companies:
            if co.role == IN_NAME:
                continue        # a brand inside a project's name is no subject of later clauses
            if co.end <= p.start and co.start >= s.start and p.start - co.end <= 40:
                between = text[co.end:p.start]
                # 总投资100亿元的P: the total's head word, not the company's verb
                verbs = [v for v in FIRM_VERB.finditer(between) if not TOTAL_BEFORE.search(between, 0, v.start())]
                if not verbs or re.search(r"[。；;]", between):
                    continue
                verb = verbs[-1]
                # after the verb only other projects of the same list may stand (实施A、B等项目)
                rest = between[verb.end():]
                for x in projects:
                    if co.end + verb.end() <= x.start and x.end <= p.start:
                        rest = rest.replace(text[x.start:x.end], "")
                # a company that is a listed project's own name (浙能电厂、泗安光伏等项目) is no other subject
                others = [x for x in companies if co.end <= x.start and x.end <= p.start
                          and not (x.role == IN_NAME and (x.start, x.end) in project_spans)]
                partners = _partners_of(text, co, others, co.end + verb.start())
                if partners is not None and len(re.sub(r"[、和及]", "", rest)) <= 6:
                    for x in [co] + partners:
                        if (p, x) not in taken:
                            taken.add((p, x))
                            add(p, INVESTOR, x, p.start)
                    found = True
        if not found:
            named = [co for co in companies if (len(co.name) < len(p.name) or co.start == p.start)
                     and co is not p and (p.name.startswith(_brands(co.name))
                                          or co.role == IN_NAME and p.start <= co.start and co.end < p.end)
                     and recognised_firm(doc, co, companies)]      # (the costly test last)
            # a firm the article names on its own, written inside the name after its start
            # (康湾产业园|泓锐半导体|项目): the firm nearest the head owns it, not the park's brand
            inside = [co for co in companies if co.role != IN_NAME and len(co.name) >= 3
                      and p.name.rfind(co.name) > 0 and recognised_firm(doc, co, companies)]
            if inside:
                add(p, INVESTOR, max(inside, key=lambda co: (p.name.rfind(co.name) + len(co.name), len(co.name))),
                    p.start)
                found = True
            elif named:
                first = max(named, key=lambda co: len(co.name))
                add(p, INVESTOR, first, p.start)
                found = True
                # 宁德时代|邦普一体化…项目: a second firm's brand right after the first names a partner
                lead = next((b for b in _brands(first.name) if p.name.startswith(b)), None)
                second = [co for co in companies if lead and co.name != first.name and len(co.name) >= 2
                          and p.name.startswith(lead + co.name) and len(lead + co.name) < len(p.name)
                          and recognised_firm(doc, co, companies)]
                if second:
                    add(p, INVESTOR, max(second, key=lambda co: len(co.name)), p.start)
        if not found:
            # X项目由Y公司投资建设: the company after 由 invests
            for co in companies:
                if p.end <= co.start and co.end <= hi and re.fullmatch(r"[，,]?由", text[p.end:co.start]) \
                        and INVEST_VERB.match(text, co.end):
                    add(p, INVESTOR, co, p.start)
                    found = True
        if not found:
            # 现代有轨电车项目获批新开发银行4亿美元中长期贷款: the lender invests
            for co in companies:
                if p.end <= co.start and co.end <= hi and LOAN.search(text, co.end, hi):
                    add(p, INVESTOR, co, p.start)


FUNDS = alternation("funding_verbs.txt")
MANNER = alternation("funding_manners.txt")
MONEY = r"(?:约|近|超|逾|达)?[\d.]+[多余]?[亿万千百]*[美港欧日]?元"
# X的P, X(简称Y)的P, X出资4700万美元的P: the company owning the project right after 的
OWNER_OF = re.compile(r"(?:[(（][^()（），,。]{1,12}[)）])?" f"(?:(?:计划|拟|将)?总?(?:{FUNDS}){MONEY})?的")
# A与X签订的P / 与X签约的P: the firm signing the project's agreement invests in it
SIGNED_WITH = re.compile(f"(?:{alternation('signed_verbs.txt')})(?:了)?的")
# A携手B、C,拟共同投资…: the firms joined to the subject invest with it
PARTNERED = re.compile(r"携手|联合|联手|与|和|、|及")
# 由A、B三家联合出资 / 由X独资建设 / 由X负责建设和运营: what follows the companies after 由
BY_FUNDER = re.compile(r"(?:[两二三四五六七八九十]家(?:企业|公司)?)?" f"(?:{MANNER})?(?:{FUNDS})")
# 由X开发建设的P / 由X投资约50亿元的项目: the project the 由 clause describes comes after 的
BY_THEN_OF = re.compile(f"(?:{FUNDS}|{MANNER}|和|及)*(?:{MONEY})?的")
ROLE_IS = re.compile(f"(?:{alternation('investor_roles.txt')})(?:为|是|：|:)")
LIST_SEP = re.compile(r"[、和与及]|以及")


def _company_chain(starts: dict, text: str, pos: int, partners: dict | None = None) -> list[Candidate]:
    """The companies listed from pos on (A、B和C), each starting where the last one's separator
    ends; ``partners`` (start -> a place or body) may stand in the list too (由下陆区、A、B合作开发),
    without being taken."""
    chain, last = [], None
    partners = partners or {}
    while pos in starts or pos in partners:
        last = starts.get(pos) or partners[pos]
        if pos in starts:
            chain.append(last)
        sep = LIST_SEP.match(text, last.end)
        if sep is None:
            break
        pos = sep.end()
    if chain and last is not chain[-1]:
        return []           # the list goes on past its companies: where it ends is unknown here
    return chain


def stated_investors(doc: Doc, companies: list[Candidate], projects: list[Candidate],
                     others: list[Candidate] = ()) -> dict[Candidate, list[Candidate]]:
    """Investors the text states by structure, before any guess: the company owning a project
    (X的P, X出资N元的P), the companies after 由 with a funding verb (P由A、B联合出资; 由X开发建设
    的P; 该项目由X投资建设: the project of the sentence before), and 投资方为X (the project of
    the sentence, of the one before, or of the title)."""
    text = doc.text
    out: dict[Candidate, list[Candidate]] = {}
    at = {p.start: p for p in projects}
    starts = {c.start: c for c in companies if c.role != IN_NAME}
    partners = {c.start: c for c in others}

    def add(p: Candidate, cos: list[Candidate]) -> None:
        for co in cos:
            if co not in out.setdefault(p, []):
                out[p].append(co)

    def about(pos: int, before: int) -> Candidate | None:
        """The project the clause at pos is about: the last one named before ``before`` in its
        sentence, else (a sentence opening with 该/这个/项目) the one project of the sentence before."""
        s = doc.sentence_at(pos)
        earlier = [p for p in projects if s.start <= p.start and p.end <= before]
        if earlier:
            return earlier[-1]
        if ANAPHOR.match(text, s.start) or text.startswith("项目", s.start):
            prev = _previous_sentence_project(doc, projects, pos)
            return prev[0] if prev else None
        return None

    for co in starts.values():
        m = OWNER_OF.match(text, co.end)
        if m and m.end() in at and not re.search(r"[与和同跟]$", text[max(0, co.start - 1):co.start]):
            add(at[m.end()], [co])
        m = SIGNED_WITH.match(text, co.end)
        if m and m.end() in at and text[co.start - 1:co.start] == "与":
            add(at[m.end()], [co])          # …管委会与X签订的P
    for m in re.finditer("由", text):
        if text.startswith("由于", m.start()):
            continue
        chain = _company_chain(starts, text, m.end(), partners)
        if not chain:
            continue
        verb = BY_FUNDER.match(text, chain[-1].end)
        if verb is None:
            continue
        of = BY_THEN_OF.match(text, verb.end())
        if of is not None and of.end() in at:
            add(at[of.end()], chain)            # 由X开发建设的P
        elif of is not None and text.startswith("项目", of.end()):
            p = about(m.start(), m.start() - 1) if ANAPHOR.search(text, max(0, m.start() - 3), m.start()) else None
            p = p or about(doc.sentence_at(m.start()).start, m.start())
            if p is not None:
                add(p, chain)                   # 这一由X投资约50亿元的项目
        else:
            p = about(m.start(), m.start())
            if p is not None:
                add(p, chain)                   # P(,该项目)由X投资建设
    for m in ROLE_IS.finditer(text):
        chain = _company_chain(starts, text, m.end())
        if not chain:
            continue
        p = about(m.start(), m.start())
        if p is None:
            p = (_previous_sentence_project(doc, projects, m.start()) or [None])[0]
            if p is None:
                titled = {q.name: q for q in projects if q.end <= doc.body_offset}
                p = next(iter(titled.values())) if len(titled) == 1 else None
        if p is not None:
            add(p, chain)
    return out


def _partners_of(text: str, co: Candidate, others: list[Candidate], verb_at: int) -> list[Candidate] | None:
    """The firms between a subject and its verb that invest with it (A携手B、C,拟共同投资…):
    [] when there are none, None when a firm stands there otherwise (A的子公司B投资…)."""
    if not others:
        return []
    prev = co.end
    for x in others:
        if x.end > verb_at or not PARTNERED.fullmatch(text, prev, x.start):
            return None
        prev = x.end
    return others


BRAND_TAILS = words("brand_tails.txt")
FIRM_ENDINGS = tuple(words("brand_industry_words.txt"))
KNOWN_FIRMS = frozenset(n for row in _table("known_companies.tsv") for n in [row[0], *(row[1].split(",") if len(row) > 1 else [])]
                        if n)


@lru_cache(maxsize=1)
def known_brands() -> frozenset[str]:
    """The shorter forms (``brands``) of the well-known firms' names (绿地集团 -> 绿地)."""
    return frozenset(b for name in KNOWN_FIRMS for b in brands(name))


LIST_REACH = 150        # how far apart two items of one list of projects may start (a few clauses each)


def recognised_firm(doc: Doc, co: Candidate, companies: list[Candidate]) -> bool:
    """Whether a company may be an investor: one the text names as a firm, not only a word
    heading a project's name (汉龙|新能源汽车发动机项目, 跨境|工业电子商务…基地): a name with a
    legal form or an industry word (方益铜业, 闻泰科技), a well-known firm, one the article
    also names outside a project's name, or one heading an item of a numbered list whose items
    near it are headed by brands too, or of a list (A…、B…等项目) whose items are headed by
    recognised firms (rank NAMED: ``kg.extract.companies.brand_heads_of_projects``)."""
    if co.role != IN_NAME or co.rank >= Rank.NAMED or LEGAL_OR_HOLDING_TAIL.search(co.name) \
            or co.name.endswith(FIRM_ENDINGS) or co.name in KNOWN_FIRMS or co.name in known_brands():
        return True
    if any(o.role != IN_NAME and o.start != co.start and any(b == co.name for b in brands(o.name)) for o in companies):
        return True
    if list_item(doc.text, co.start) and any(
            o is not co and o.role == IN_NAME and list_item(doc.text, o.start)
            and abs(o.start - co.start) <= LIST_REACH
            for o in companies):
        return True         # 1.A年产…项目; 2.B…基地项目: numbered items each named by its firm
    # a bare word heading a project's name is a brand when it is a proper or unknown word
    # (传化, 新冶钢), not when the dictionary knows it as a common one (跨境, 临空|装备, 分布式)
    # (a brand of characters jieba left single, 邦|普, is a word it does not know: a name)
    tags = load_tags()
    toks = doc.tokens_within(co.start, co.end)
    return any(tags.is_proper(t.word) for t in toks) or (
        len(toks) > 1 and all(len(t.word) == 1 for t in toks) and tags.is_proper(co.name))


def brands(name: str) -> list[str]:
    """A company's name and its shorter forms a project may start with (华新水泥 -> 华新)."""
    return list(_brands(name))


@lru_cache(maxsize=4096)
def _brands(name: str) -> tuple[str, ...]:
    """``brands`` of a name, worked out once (asked for each company and project of an article)."""
    out = [name]
    core = without_bracket(LEGAL_OR_HOLDING_TAIL.sub("", name))     # 中科(广东)炼化有限公司 -> 中科炼化
    if len(core) >= 2 and core != name:
        out.append(core)
    for tail in BRAND_TAILS:
        if core.endswith(tail) and len(core) - len(tail) >= 2:
            out.append(core[: -len(tail)])
    return tuple(out)


PHASE_AMOUNT = re.compile(r"[一二三四五六七八九十首]期")
RANGE = re.compile(r"[\d.]+(?:亿|万)?(?:元)?\s*[-－~～至到]\s*$")
GROUP_AFTER = re.compile(r"等|[\d一二三四五六七八九十]+[个条项座家]")
GROUP_COUNT = re.compile(r"等?[\d一二三四五六七八九十]+[个条项座家]")   # …等5条道路: counted, a group
AMOUNT_HEAD = re.compile(r"\s*(?:项目)?" f"(?:{alternation('amount_modals.txt')}){{0,2}}"
                         f"(?:{alternation('amount_heads.txt')})(?:约|近|超|逾|达|为)?")
# …项目,由X集团投资212.5亿元: a clause naming who pays, then the amount
PAYER_AMOUNT = re.compile(r"\s*由[^，,；;。()（）]{2,30}?" f"(?:{alternation('amount_modals.txt')})?"
                          f"(?:{alternation('amount_payers.txt')})(?:约|近|超|逾|达)?")
OPEN_PAREN = re.compile(r"[(（]\s*")
COUNTED = re.compile(r"[\d一二两三四五六七八九十]+[个项家]")     # …项目共33个: a group's total
ANAPHOR = re.compile(r"\s*" f"(?:{alternation('amount_anaphors.txt')})" r"(?![批些类几多次外前时后\d一二两三四五六七八九十])")
# ,建设X / ,在宜城市建设X: the next clause says what the money builds (a place it is built in first)
THEN_BUILD = re.compile(r"[，,]\s*(?:在[\u4e00-\u9fff]{2,12}?)?" f"(?:{alternation('then_build_verbs.txt')})")
AMOUNT_CUE = re.compile(alternation("amount_cue_words.txt"))


def _previous_sentence_project(doc: Doc, projects: list[Candidate], pos: int) -> list[Candidate]:
    """The one project the sentence before pos's sentence names, as a list ([] if none or several)."""
    s = doc.sentence_at(pos)
    if s.start == 0:
        return []
    prev = doc.sentence_at(s.start - 1)
    inside = [p for p in projects if prev.start <= p.start and p.end <= prev.end]
    return inside if len({p.name for p in inside}) == 1 else []


def _amount_head_start(text: str, lo: int, pos: int) -> int:
    """Where the amount's head words (总投资约, 计划投资) before pos begin, at or after lo;
    pos when there are none."""
    for start in range(max(lo, pos - 12), pos):
        if AMOUNT_HEAD.fullmatch(text, start, pos):
            return start
    return pos


def _bracketed_total(doc: Doc, m: re.Match) -> bool:
    """Whether an amount stands in brackets that count what they total ((11个,总投资58.4亿元),
    (共8个项目,总投资…)): the group's total, not the project named after the bracket."""
    text = doc.text
    s = doc.sentence_at(m.start())
    opened = max(text.rfind("(", s.start, m.start()), text.rfind("（", s.start, m.start()))
    if opened < 0 or re.search(r"[)）]", text[opened:m.start()]):
        return False
    return COUNTED.search(text, opened, m.start()) is not None


def _amounts(doc: Doc, chosen: list[Candidate], add) -> None:
    """投资N亿元 bound to the only project of its clause, or of the next clause when that
    clause says what the money does (投入1048万元,实施…工程). An amount for a group
    (…等5条道路, …项目11个) is not one project's."""
    text = doc.text
    projects = [c for c in chosen if c.type == PROJECT]
    for m in AMOUNT.finditer(text):
        before = text[max(0, m.start() - 6):m.start()]
        if not AMOUNT_CUE.search(before):
            continue
        if PHASE_AMOUNT.search(before) or RANGE.search(text[max(0, m.start() - 6):m.start()]):
            continue            # 一期投资20亿元 is a phase's, 5-8亿元 no one figure
        lo, hi = _clause_bounds(doc, m.start())
        adjacent = False
        if re.match(r"的", text[m.end():m.end() + 1]):
            # 总投资5亿元的X项目等一批项目: the amount is X's, unless X heads a counted group
            # (总投资2.5亿元的X路等5条道路)
            near = [p for p in projects if p.start == m.end() + 1]
            adjacent = True
        elif (paren := [p for p in projects if m.start() - 16 <= p.end <= m.start()
                        and OPEN_PAREN.fullmatch(text, p.end, _amount_head_start(text, p.end, m.start()))]):
            # X项目(总投资50亿元): the amount in brackets right after a project is its own
            near, adjacent = paren[-1:], True
        elif _bracketed_total(doc, m):
            near = []           # 集中签约项目(11个,总投资58.4亿元) 1.X项目: the heading's total
        else:
            near = [p for p in projects if lo <= p.start and p.end <= hi]
            if not near and THEN_BUILD.match(text, hi):
                lo2, hi2 = _clause_bounds(doc, hi + 1)
                near = [p for p in projects if lo2 <= p.start and p.end <= hi2]
            if not near and (AMOUNT_HEAD.fullmatch(text, lo, m.start()) or PAYER_AMOUNT.fullmatch(text, lo, m.start())):
                # X项目落户Y,总投资5亿元,占地100亩: a clause that is only the amount is
                # about the project the sentence has just named
                s = doc.sentence_at(m.start())
                earlier = [p for p in projects if s.start <= p.start and p.end <= lo]
                near = earlier[-1:]
                first = _clause_bounds(doc, s.start)[1]
                if ANAPHOR.match(text, s.start) and not any(p.start < first for p in earlier):
                    # 该项目占地…,位于X大道以北,总投资…: the sentence is about the project
                    # before it, not about what its middle clauses name
                    near = _previous_sentence_project(doc, projects, m.start()) or near
        sent = doc.sentence_at(m.start())
        if not near and ANAPHOR.match(text, sent.start) and not COUNTED.search(text, sent.start, m.start()):
            # 该项目占地…,总投资约700亿元 / 这个总投资20亿元的项目…: the project of the
            # sentence before, when it names only one
            near = _previous_sentence_project(doc, projects, m.start())
        group = (GROUP_COUNT if adjacent else GROUP_AFTER).match(text, near[0].end) if len(near) == 1 else None
        if len(near) == 1 and not group:
            value = parse_amount(m)
            if value is not None:
                add(near[0], INVESTMENT_AMOUNT, value, m.start())


# 各投资5.2亿元, 各自投资1亿美元, 投资均为5亿元, 的投资额分别为: an amount that each of a list
# has, or (分别为5亿元、3亿元) one amount for each item, in order
EACH_HEAD = re.compile(r"[，,]?\s*的?(?:(?:拟|计划|总)?(?:投资|出资|投入)(?:额)?)?(?:各自|各|均|都|分别)(?:为|是)?"
                       r"(?:(?:拟|计划|总)?(?:投资|出资|投入)(?:额)?)?(?:约|近|超|逾|达|为)?\s*")
LIST_JOIN = re.compile(r"\s*(?:、|和|与|及|以及)\s*")


EACH_WORD = re.compile("各|均|都|分别")


def _distributed_amounts(doc: Doc, chosen: list[Candidate], add) -> None:
    """Amounts said of each project of a list: A项目与B项目各投资5.2亿元 (the list right
    before the head), 投资均为5亿元的A、B和C项目 (the list right after 的): every project of
    the list, joined by 、和与及 only, has that amount; A、B的投资额分别为5亿元、3亿元: as many
    amounts as projects, in order."""
    text = doc.text
    projects = sorted((c for c in chosen if c.type == PROJECT), key=lambda c: (c.start, c.end))
    by_end = {p.end: p for p in projects}
    by_start = {p.start: p for p in projects}
    for m in AMOUNT.finditer(text):
        s = doc.sentence_at(m.start())
        if not EACH_WORD.search(text, max(s.start, m.start() - 16), m.start()):
            continue        # (no head below can hold 各, 均, 都 or 分别: each is a part of this stretch)
        head = next((h for h in range(max(s.start, m.start() - 16), m.start())
                     if EACH_HEAD.fullmatch(text, h, m.start()) and re.search("各|均|都|分别", text[h:m.start()])), None)
        if head is None:
            continue
        amounts = [m]
        while (j := LIST_JOIN.match(text, amounts[-1].end())) and j.end() > amounts[-1].end() \
                and (nxt := AMOUNT.match(text, j.end())):
            amounts.append(nxt)
        listed: list[Candidate] = []
        last = by_end.get(head)
        while last is not None:
            listed.insert(0, last)
            sep = next((j for j in range(max(s.start, last.start - 4), last.start)
                        if j in by_end and LIST_JOIN.fullmatch(text, j, last.start)), None)
            last = by_end.get(sep) if sep is not None else None
        if not listed and len(amounts) == 1 and text.startswith("的", m.end()):
            nxt = by_start.get(m.end() + 1)
            while nxt is not None:
                listed.append(nxt)
                j = LIST_JOIN.match(text, nxt.end)
                nxt = by_start.get(j.end()) if j and j.end() > nxt.end else None
        if len(listed) < 2 or len(amounts) not in (1, len(listed)):
            continue
        for p, a in zip(listed, amounts * len(listed) if len(amounts) == 1 else amounts):
            value = parse_amount(a)
            if value is not None:
                add(p, INVESTMENT_AMOUNT, value, a.start())
