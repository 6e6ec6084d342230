"""Facts stated inside one article: relations between its mentions, and values.

Reads the Doc and the chosen candidates; produces ``Fact`` records, each with the
sentence that supports it. Rules (all within one sentence unless said):

- locatedIn: a project, event or company lies in the nearest place named before
  it in its sentence (after it, for 在X举办), else in the article's home place.
- partOf: a zone lies in the place written right before it (大冶湖高新区城西北工业园),
  else in the place its name starts with, else in the home place.
- jurisdiction: a body governs the region its name starts with.
- investor: a company followed in its clause by a verb (投资, 建设, 实施 …) and a project;
  a project whose name starts with a company's name.
- organizer: bodies and companies before 主办/承办/举办 in an event's sentence.
- investmentAmount: 投资N亿元 bound to the project of its clause.
- startDate: a date in the event's sentence, or the year the text last named.
"""
from __future__ import annotations

import datetime
import re
from functools import lru_cache

from kg.extract.amounts import AMOUNT, parse_amount
from kg.extract.doc import IN_NAME, INTRODUCED, Candidate, Doc
from kg.extract.lexicon import LEGAL_OR_HOLDING_TAIL, alternation, pairs, words
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
HELD_IN = re.compile(r"在[\u4e00-\u9fff]{2,12}?" f"(?:{alternation('venue_verbs.txt')})")
MONTH_DAY = re.compile(r"(?<![\d年])(?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])[日号]")
MONTH_ONLY = re.compile(r"(?<![\d年])(?P<m>1[0-2]|0?[1-9])月(?![\d份]*[日号])")
DAYS_BACK = {word: int(back) for word, back in pairs("relative_days.tsv", tuple("0123456789")).items()}
RELATIVE_DAY = re.compile("|".join(map(re.escape, DAYS_BACK)))
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
    places = [c for c in chosen if c.type == DISTRICT]
    home = doc.home
    home_chain_codes = set(doc.context_codes)

    def add(subj: Candidate, pred: str, obj, pos: int) -> None:
        if isinstance(obj, Candidate):
            obj = by_cand[obj]
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

    def topic_of(s) -> Candidate | None:
        """The place a sentence starts with (木港镇地处…, 在大冶市陈贵镇马鞍山产业园,…), the most
        specific of a chain: what the sentence is about (a park only after 在)."""
        text = doc.text
        lead = len(text[s.start:s.end]) - len(text[s.start:s.end].lstrip())
        at = text.startswith("在", s.start + lead)
        chain = place_at.get(s.start + lead + at)
        if chain is None or not informative(chain):
            return None
        while chain.end in place_at:
            chain = place_at[chain.end]
        # a park opening a sentence without 在 is often the thing being built (X产业园加速推进)
        return chain if at or chain.code or chain.name.endswith("区") else None

    def place_for(c: Candidate) -> list[Mention]:
        """Where c is: places in its own name, else the clause before it, else after
        选址/位于, else a zone later in its sentence, else the home place."""
        home_city = doc.home_chain.get("city")
        inside = [p for p in divisions if c.start <= p.start and p.end <= c.end and informative(p)
                  and p.code and p.code != (home.code if home else "")
                  and (home_city is None or p.code.startswith(home_city.code[:4]))]
        in_zone = [z for z in named_zones if c.start <= z.start and z.end < c.end]
        if in_zone and c.type in (PROJECT, EVENT):
            return [as_mention(in_zone[-1])]
        if inside and c.type in (PROJECT, EVENT):
            return [as_mention(p) for p in inside]
        s = doc.sentence_at(c.start)
        lo, hi = _clause_bounds(doc, c.start)
        before = [p for p in places if lo <= p.start and p.end <= c.start and informative(p)]
        if before:
            return [by_cand[before[-1]]]
        # 在平湖市新仓镇投资10亿元,建设X项目: the place where an earlier clause of the sentence
        # acts, when no project or event comes before in the sentence (A项目在X,B项目在Y)
        at = [p for p in places if s.start < p.start and p.end <= lo and doc.text[p.start - 1] == "在"
              and informative(p)]
        if at and c.type == PROJECT:
            chain = at[-1]
            while chain.end in place_at:       # 在平湖市新仓镇 -> the town
                chain = place_at[chain.end]
            if chain.end <= lo and not any(x.type in (PROJECT, EVENT) and s.start <= x.start and x.end <= c.start
                                           for x in chosen):
                return [by_cand[chain]]
        topic = topic_of(s)
        if topic is not None and c.type == PROJECT:
            return [by_cand[topic]]
        # 与襄州区人民政府签约X项目: the signing government's area
        signer = [b for b in chosen if b.type == GOVERNMENT_BODY and b.region and lo <= b.start and b.end <= c.start
                  and SIGN.search(doc.text, b.end, c.start)]
        if signer and c.type == PROJECT:
            d = res.gaz.by_code(signer[-1].region)
            if d is not None and (not home or d.code != home.code):
                return [_synthetic(doc, c, DISTRICT, d.name, d.code)]
        site = SITE.search(doc.text, c.end, s.end)
        if site:
            after = [p for p in places if site.end() <= p.start < site.end() + 2]
            if after:
                chain = after[0]
                nxt = {p.start: p for p in places}
                while chain.end in nxt:          # 大冶湖高新区城西北工业园 -> the park
                    chain = nxt[chain.end]
                return [by_cand[chain]]
        if c.type != PROJECT:
            return [focus_mention(c)] if home is not None else []
        later = [p for p in places if c.end <= p.start and p.end <= s.end and not p.code and p.start - c.end <= 40]
        if later:
            return [by_cand[later[0]]]
        # the zone the previous sentence is about (…大冶湖新区核心区规划修编。加快园博园升级改造…)
        prev_start = max((x.start for x in doc.sents if x.end <= s.start), default=s.start)
        full_stop = doc.text[s.start - 1:s.start] in "。！？\n" if s.start else False
        earlier = [p for p in places if prev_start <= p.start and p.end <= s.start and not p.code and full_stop]
        if earlier:
            return [by_cand[earlier[-1]]]
        section = section_place(c.start)
        if section is not None:
            return [by_cand[section]]
        return [focus_mention(c)] if home is not None else []

    for c in chosen:
        if c.type == DISTRICT and not c.code:
            parent = _zone_parent(doc, res, c, places)
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
            for place in place_for(c):
                add(c, LOCATED_IN, place, c.start)
        elif c.type == EVENT:
            _event_facts(doc, c, chosen, by_cand, add, place_for)
        elif c.type == COMPANY and home is not None and not any(p.start == c.start for p in places) \
                and c.role != IN_NAME and not _invests(doc, c) \
                and not OUTSIDE_PARTY.search(doc.text[max(0, c.start - 2):c.start]) \
                and not LOAN.match(doc.text, c.end + 1) and not re.match(r"[\d.]+[亿万]?[美港欧]?元", doc.text[c.end:c.end + 8]):
            # a partner one signs with (与X签订) or lends from is not a local firm
            own = _own_place(doc, res, c.name)
            lo, _ = _clause_bounds(doc, c.start)
            before = [p for p in places if lo <= p.start and p.end <= c.start and informative(p)]
            topic = topic_of(doc.sentence_at(c.start)) if own is None and not before else None
            if own is None and before:
                # 阳新经开区已集聚A、B等企业: the place its clause names before it
                add(c, LOCATED_IN, by_cand[before[-1]], c.start)
            elif topic is not None:
                add(c, LOCATED_IN, by_cand[topic], c.start)       # 木港镇地处…,A、B等项目…
            elif section_place(c.start) is not None:
                add(c, LOCATED_IN, by_cand[section_place(c.start)], c.start)
            elif own is None:
                add(c, LOCATED_IN, focus_mention(c), c.start)
            elif own.code.startswith(home.code) and own.code != home.code:
                add(c, LOCATED_IN, _synthetic(doc, c, DISTRICT, own.name, own.code), c.start)
            elif own.code == home.code:
                add(c, LOCATED_IN, home_mention(c), c.start)
    _organizers_elsewhere(doc, chosen, by_cand, add)
    _introduced(doc, chosen, add)
    _investors(doc, chosen, add)
    _amounts(doc, chosen, add)
    return facts


# verbs saying a company puts money into a project (投资, 建设 …), not where it settles (落户)
# nor that it signs (签约: a local firm signs too)
INVESTS = re.compile("(?:" + "|".join(re.escape(w) for w in words("invest_verbs.txt")
                                      if w not in words("site_verbs.txt") and w not in words("sign_verbs.txt")) + ")")


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
        if not p.code or (home_code and home_code in {a.code for a in res.gaz.ancestors(p.code)}):
            return p
    return None


def _own_place(doc: Doc, res, name: str):
    """The division a name starts with (西塞山区创发集团 -> 西塞山区), judged in the
    article's context; None when it starts with no known place."""
    from kg.extract.gazetteer import disambiguate
    for k in range(min(len(name) - 1, res.max_len), 1, -1):
        options = [d for d in res.names.get(name[:k], ()) if d.level != "town" or d.name == name[:k]]
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
        options = [d for d in res.names.get(name[:k], ()) if d.name == name[:k]
                   or d.code.startswith(doc.region)]
        if options and name[:k] not in res.lex.ambiguous_places:
            from kg.extract.gazetteer import disambiguate
            d = disambiguate(options, doc.context_codes or (doc.region,), name=name[:k])
            if d is not None:
                return _synthetic(doc, c, DISTRICT, d.name, d.code)
            break
    if doc.home is not None:
        return _synthetic(doc, c, DISTRICT, doc.home.name, doc.home.code)
    return None


def _event_facts(doc: Doc, c: Candidate, chosen, by_cand, add, place_for) -> None:
    text = doc.text
    s = doc.sentence_at(c.start)
    # organizer: bodies/companies in the sentence before a holding verb
    verbs = list(HOLD.finditer(text, s.start, s.end))
    verb = verbs[-1] if verbs else None
    organizers = []
    if verb:
        # 由A主办、B承办: everyone named before the last holding verb
        organizers = [o for o in chosen if o.type in (GOVERNMENT_BODY, COMPANY)
                      and s.start <= o.start and o.end <= verb.start()]
    if not organizers and c.region:
        organizers = []
        add(c, ORGANIZER, Mention(doc.article.id, c.start, c.start, "", GOVERNMENT_BODY,
                                    c.name.split("第")[0] + "人民代表大会"), c.start)
    for o in organizers:
        add(c, ORGANIZER, by_cand[o], c.start)
    if not organizers and verb and "政府工作报告" in doc.article.title and doc.home is not None:
        add(c, ORGANIZER, Mention(doc.article.id, c.start, c.start, "", GOVERNMENT_BODY,
                                    doc.home.name + "人民政府", doc.home.code), c.start)
    # place: 在X举行 / the clause before it / home
    held = HELD_IN.search(text, s.start, s.end)
    venue = [p for p in chosen if held and p.type == DISTRICT and p.start == held.start() + 1]
    if venue:
        nxt = {p.start: p for p in chosen if p.type == DISTRICT}
        while venue[-1].end in nxt:            # 在孝感市孝南区开幕 -> 孝南区
            venue.append(nxt[venue[-1].end])
    for place in ([by_cand[venue[-1]]] if venue else place_for(c)):
        add(c, LOCATED_IN, place, c.start)
    # date: in the name, in the sentence, or the last year named before it
    value = _date_for(doc, c)
    if value is not None:
        add(c, START_DATE, value, c.start)


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


def _date_for(doc: Doc, c: Candidate) -> Value | None:
    """When an event starts, as precisely as the text says: a date in its sentence
    (6月18日 takes the year of the event's name or of the article), the year in its
    name (2020(第二届)…论坛), today for 今天/近日, else the year the text last named."""
    text = doc.text
    s = doc.sentence_at(c.start)
    name_year = re.match(r"((?:19|20)\d{2})", c.name) or re.search(r"((?:19|20)\d{2})年", c.name)
    # dates outside the event's own name (巴南区2026年第一次…活动 names its year, not its day)
    found = [d for d in DATE.finditer(text, s.start, s.end) if d.end() <= c.start or d.start() >= c.end]
    relative = RELATIVE_DAY.search(text, s.start, s.end)
    if found and relative and all(
            not d.group("m") and d.group("y") == doc.article.published[:4] for d in found):
        return _relative_day(doc, relative.group())     # 近日…2024年第一季度…: the article's day
    if not found:
        md = [m for m in MONTH_DAY.finditer(text, s.start, s.end) if m.end() <= c.start or m.start() >= c.end]
        if md:
            md = min(md, key=lambda m: abs(m.start() - c.start))
            if name_year:
                return _day(name_year.group(1), md.group("m"), md.group("d"))
            return _month_day(doc, md.group("m"), md.group("d"))
        if relative and (not name_year or name_year.group(1) == doc.article.published[:4]):
            return _relative_day(doc, relative.group())
        month = MONTH_ONLY.search(text, s.start, s.end)
        if month:
            year = name_year.group(1) if name_year else doc.article.published[:4]
            return Value(f"{year}-{int(month.group('m')):02d}", "gYearMonth")
        if name_year:
            return Value(name_year.group(1), "gYear")
        earlier = list(DATE.finditer(text, 0, c.start))
        if not earlier:
            return None
        found = [earlier[-1]]
    d = min(found, key=lambda d: abs(d.start() - c.start))
    if name_year and d.group("y") != name_year.group(1):
        return Value(name_year.group(1), "gYear")
    y, mo, day = d.group("y"), d.group("m"), d.group("d")
    if day:
        return _day(y, mo, day)
    if mo:
        return Value(f"{y}-{int(mo):02d}", "gYearMonth")
    return Value(y, "gYear")


def _relative_day(doc: Doc, word: str) -> Value:
    """今天, 今日, 近日 … -> the article's day; 昨天, 昨日 -> the day before; 前天 -> two days before."""
    day = datetime.date.fromisoformat(doc.article.published) - datetime.timedelta(days=DAYS_BACK.get(word, 0))
    return Value(day.isoformat(), "date")


def _month_day(doc: Doc, mo: str, day: str) -> Value:
    """A month-day (7月8日) in the article's year, or the year before when it would fall
    after the article's date (a January article about 12月28日)."""
    year = int(doc.article.published[:4])
    value = _day(str(year), mo, day)
    if value.datatype == "date" and value.value > doc.article.published:
        value = _day(str(year - 1), mo, day)
    return value


def _day(y: str, mo: str, day: str) -> Value:
    """An xsd:date, or only its month when there is no such day (2月30日)."""
    try:
        return Value(datetime.date(int(y), int(mo), int(day)).isoformat(), "date")
    except ValueError:
        return Value(f"{y}-{int(mo):02d}", "gYearMonth")


def _investors(doc: Doc, chosen: list[Candidate], add) -> None:
    """Company -> verb -> project(s) in one sentence; projects named after their company;
    a lender of a project's loan."""
    text = doc.text
    companies = [c for c in chosen if c.type == COMPANY]
    projects = [c for c in chosen if c.type == PROJECT]
    for p in projects:
        lo, hi = _clause_bounds(doc, p.start)
        s = doc.sentence_at(p.start)
        found = False
        for co in companies:
            if co.role == IN_NAME:
                continue        # a brand inside a project's name is no subject of later clauses
            if co.end <= p.start and co.start >= s.start and p.start - co.end <= 40:
                between = text[co.end:p.start]
                verbs = list(INVEST_VERB.finditer(between))
                if not verbs or re.search(r"[。；;]", between):
                    continue
                verb = verbs[-1]
                # after the verb only other projects of the same list may stand (实施A、B等项目)
                rest = between[verb.end():]
                for x in projects:
                    if co.end + verb.end() <= x.start and x.end <= p.start:
                        rest = rest.replace(text[x.start:x.end], "")
                others = [x for x in companies if co.end <= x.start and x.end <= p.start]
                if not others and len(re.sub(r"[、和及]", "", rest)) <= 6:
                    add(p, INVESTOR, co, p.start)
                    found = True
        if not found:
            named = [co for co in companies if (len(co.name) < len(p.name) or co.start == p.start)
                     and co is not p and (p.name.startswith(_brands(co.name))
                                          or co.role == IN_NAME and p.start <= co.start and co.end < p.end)]
            if named:
                add(p, INVESTOR, max(named, key=lambda co: len(co.name)), p.start)
                found = True
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


BRAND_TAILS = words("brand_tails.txt")


def brands(name: str) -> list[str]:
    """A company's name and its shorter forms a project may start with (华新水泥 -> 华新)."""
    return list(_brands(name))


@lru_cache(maxsize=4096)
def _brands(name: str) -> tuple[str, ...]:
    """``brands`` of a name, worked out once (asked for each company and project of an article)."""
    out = [name]
    core = LEGAL_OR_HOLDING_TAIL.sub("", name)
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
THEN_BUILD = re.compile(r"[，,]\s*" f"(?:{alternation('then_build_verbs.txt')})")
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
