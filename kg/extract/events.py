"""Events: named occurrences by suffix (…大会, …论坛, …培训), and congress sessions.

第三届中国(黄石)…大会 keeps its edition and place; a session of a people's
congress (市十四届人大四次会议) expands to its full name with the region.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.doc import Candidate, Doc, Rank
from kg.extract.governments import _relative_region
from kg.extract.lexicon import Lexicon, alternation, words
from kg.extract.pos import load_tags
from kg.extract.text import NAME_CHARS
from kg.registry import EVENT

NUM = r"[一二三四五六七八九十百\d]+"
SESSION = re.compile(rf"(?P<rel>[省市区县])?第?(?P<n>{NUM})届(?:人民代表大会|人大)第?(?P<m>{NUM})次(?:全体)?会议")
# boundary words that may sit inside an event's name (第十五届全国…博览会, …高质量发展论坛)
OPEN_WORDS = words("event_name_words.txt")
NOT_AFTER = re.compile(alternation("event_not_after.txt"))   # 培训模式: not an event
EVENT_STOP = words("event_stop_words.txt")          # 举办|…论坛: a name's left edge stops there
SECTION = re.compile(r"^[(（][一二三四五六七八九十]+[)）]")
# what stands before a name but is not part of it: a day (今年3月26日, 7月21日), 自
WHEN_LEFT = re.compile(r"(?:(?:今年|去年|当年)|(?:\d{4}年)?\d{1,2}月\d{1,2}[日号])(?:上午|下午|晚上)?")
HELD_BEFORE = re.compile(f"(?:{alternation('event_held_verbs.txt')})的?$")   # X同步举行的|…活动
SUBJECT_BEFORE = re.compile(r"(?<=[，,。；;：:\s])[\u4e00-\u9fff]{2,10}(?:新区|示范区|开发区|高新区|经开区|园区|[省市州县区])$")
PLACE = r"[\u4e00-\u9fff]{2,10}?(?:新区|示范区|开发区|高新区|经开区|园区|[省市州县区])"
PLACE_OPENING = re.compile(PLACE + r"(?=(?:19|20)\d\d)")               # 自贸临空区|2024年…
PLACE_LISTED = re.compile(r"(?<=[，,。；;：:\s、）)])" + PLACE + "$")      # 、长沙经开区|、
RELATIVE_BEFORE = re.compile(r"[该本全]([省市州区县])$")     # 该区举办…: the home district
WHOLE = re.compile(r"全([省市州区县])")
WHOLE_BEFORE = re.compile(r"全([省市州区县])$")   # 全市重大项目…: the home city's
GENERIC_PARTS = frozenset(words("event_generic_words.txt"))
# endings that name an event only after an edition or a year (第十三届…台湾周, 2024…活动周)
EDITION_ONLY = ("周",)
# 2020年|首届楚商大会: a year written with 年 before an edition says when it was held; the
# edition names it (2020(第二届)…论坛 and 2017长兴…洽谈会 keep theirs)
YEAR_OF_EDITION = re.compile(rf"(?:19|20)\d{{2}}年(?=首届|第{NUM}届)")
EDITION_LEFT = re.compile(rf"(?:\d{{4}}年?)?(?:[(（]第{NUM}届[)）]|第{NUM}届)$")


def find_events(doc: Doc, lex: Lexicon, regions: list) -> list[Candidate]:
    """Event candidates: named meetings, forums, fairs, trainings, congress sessions."""
    text = doc.text
    out: list[Candidate] = []
    taken_ends: set[int] = set()
    tried_ends: set[int] = set()
    allow = name_words() | frozenset().union(*lex.event_cues.values())
    for suffix in lex.event_suffixes:
        pos = text.find(suffix)
        while pos >= 0:
            end = pos + len(suffix)
            if end not in taken_ends and end not in tried_ends and _cued(doc, pos, lex.event_cues.get(suffix)):
                tried_ends.add(end)     # 重点项目|签约仪式 judged whole, not again as …签约|仪式
                start = doc.left_edge(pos, lex, max_chars=60, stop_at=EVENT_STOP, allow=allow)
                start = _extend_left(doc, lex, start, allow)
                start = _parties_left(doc, start, regions)
                dash = text.rfind("——", start, pos)
                if dash >= 0:
                    start = dash + 2        # 共襄未来——2023荆门…洽谈会: a theme, then the name
                sec = SECTION.match(text, start)
                if sec:
                    start = sec.end()
                when = WHEN_LEFT.match(text, start)
                while when and when.end() > start and when.end() < pos:
                    start = when.end()
                    when = WHEN_LEFT.match(text, start)
                year = YEAR_OF_EDITION.match(text, start)
                if year:
                    start = year.end()
                stem = text[start:pos]
                core = re.sub(rf"^(?:\d{{4}}年?)?(?:[(（]?第{NUM}届[)）]?)?", "", stem)
                if suffix in ("培训",) and len(core) < 4:
                    core = ""
                if suffix in EDITION_ONLY and (core == stem or len(core) < 4):
                    core = ""       # 第十三届湖北·武汉台湾周, 2024投资促进周: not 每周, 本周
                if NOT_AFTER.match(text, end):
                    core = ""
                words = [t.word for t in doc.tokens_within(start, pos)]
                generic = all(w in OPEN_WORDS or w in lex.boundary or w == "暨" or not w.strip() for w in words) \
                    or core in lex.generic or stem in lex.generic
                start = _listed_holders(text, start, regions) if core else start
                holder = _holder(doc, lex, start, pos, regions, allow) if core else ""
                # 集中签约仪式: no name, only generic words, unless a place holds it (X举办|招商项目集中签约仪式)
                if len(core) >= 2 and (holder or not generic):
                    full = _venue_part(text, end, regions)
                    out.append(Candidate(start, full, EVENT, holder + _own_name(doc, start, full, regions), rank=Rank.NAMED))
                    taken_ends.add(end)
            pos = text.find(suffix, pos + 1)
    out.extend(_tours(doc, lex, regions, allow, {c.end for c in out}))
    out.extend(_joined(text, out))
    by_end = {c.end: c for c in regions}
    for m in SESSION.finditer(text):
        start = m.start()
        region = None
        if m.group("rel") and m.start("rel") + 1 in by_end:
            c = by_end[m.start("rel") + 1]          # 陆丰市|第十六届…: the 市 ends a name, not 市 for the home city
            region, start = c, c.start
        elif m.group("rel"):
            region = _relative_region(doc, m.group("rel"))
        elif m.start() in by_end:
            c = by_end[m.start()]
            region, start = c, c.start
        name_region = region.name if region is not None else ""
        name = f"{name_region}第{m.group('n')}届人民代表大会第{m.group('m')}次会议"
        if name_region:
            out.append(Candidate(start, m.end(), EVENT, name, rank=Rank.TYPED, region=getattr(region, "code", "")))
    return out


@lru_cache(maxsize=1)
def name_words() -> frozenset[str]:
    """Words that may stand inside an event's name although they end others: the open words
    (kg/data/event_name_words.txt) and the milestone words (…产业园动工活动, 开工、竣工、投产活动);
    ``find_events`` adds the words an ending must follow (…同乡联谊会成立活动)."""
    return frozenset(OPEN_WORDS) | milestone_words()


@lru_cache(maxsize=1)
def milestone_words() -> frozenset[str]:
    """The words that state a milestone (签约, 开工, 投产 …), as the lifecycle reads them."""
    from kg.extract.lifecycle import load_words
    return frozenset(w for w, _ in load_words().cues)


def _cued(doc: Doc, pos: int, cues) -> bool:
    """Whether an ending that needs a cue (活动, 仪式) follows one (…开工|活动, …“云签约”|活动)."""
    if not cues:
        return True
    text = doc.text
    at = pos if text[pos - 1:pos] not in "”\"" else pos - 1
    if any(text.startswith(w, at - len(w)) for w in cues if len(w) >= 2):
        return True     # 奠基|仪式 even where the tokens join them (奠基仪式)
    tok = doc.token_before(at)
    return tok is not None and tok.word in cues


# what cannot stand between 与 and a meeting's ending in one name: a holding or signing verb,
# a coverb (黄石市与X集团在武汉举行座谈会 names no meeting 黄石市与…)
PARTY_STOP = re.compile(f"{alternation('hold_verbs.txt')}|签约|签订|签署|[在于的是]")


def _parties_left(doc: Doc, start: int, regions: list) -> int:
    """Where a meeting named by its two parties starts (黄石市与中国五矿集团深化央地共建|对接会):
    at the place before the 与 of the name's clause, when only name characters and no
    holding or signing verb stand between; start otherwise."""
    text = doc.text
    at = text.rfind("与", max(0, start - 24), start)
    if at <= 0 or not NAME_CHARS.fullmatch(text, at + 1, start) or PARTY_STOP.search(text, at + 1, start):
        return start
    party = next((c for c in regions if c.end == at), None)
    return party.start if party is not None else start


VENUE_PART = ("分会场", "主会场", "专场")


def _venue_part(text: str, end: int, regions: list) -> int:
    """Where an event's name ends that goes on with a place's part of it: …新闻发布会|下陆区专场,
    …开工活动|襄阳分会场 (the place, then 专场, 分会场 or 主会场); end otherwise."""
    place = next((c for c in regions if c.start == end), None)
    if place is not None and text.startswith(VENUE_PART, place.end):
        return place.end + next(len(w) for w in VENUE_PART if text.startswith(w, place.end))
    return end


def _milestone_before(doc: Doc, pos: int) -> bool:
    """Whether the word before pos is a milestone (签约, 开工, 竣工 …: kg/data/milestone_cues.tsv)
    of a listed name."""
    tok = doc.token_before(pos)
    return tok is not None and tok.word in milestone_words()


# a closing quotation mark and its opening one (“…”, "…", and 「…」, 『…』 of texts written in
# Traditional characters)
CLOSING = {"”": "“", '"': '"', "」": "「", "』": "『"}


def _extend_left(doc: Doc, lex: Lexicon, start: int, allow) -> int:
    """Where a name starts whose left edge stopped at a quotation or a list inside it, as
    often as these come: a quoted theme (“一带一路”国际…邀请赛, X“开门红”暨重大项目“集中签约、
    开工及竣工”活动), a leading edition or year the tokens split off (第三届), a list of
    milestones (集中签约、集中开工活动)."""
    text = doc.text
    while True:
        before = start
        close = text[start - 1:start]
        if close and close in CLOSING and start > 0:
            q = text.rfind(CLOSING[close], max(0, start - 40), start - 1)
            if q >= 0:
                start = doc.left_edge(q, lex, max_chars=60, stop_at=EVENT_STOP, allow=allow) if q > 0 else q
                start = min(start, q)
        m = EDITION_LEFT.search(text[max(0, start - 12):start])
        if m:
            start -= len(m.group())
        while start > 1 and text[start - 1] == "、" and _milestone_before(doc, start - 1):
            further = doc.left_edge(start - 1, lex, max_chars=60, stop_at=EVENT_STOP, allow=allow)
            if further >= start - 1:
                break
            start = further
        if start >= before:
            return before


def _generic(doc: Doc, start: int, end: int, regions: list, allow) -> bool:
    # start, end: the name without its ending (活动, 仪式)
    """Whether a name says no place of its own: it names no division or zone, and it opens
    with a year or an ordinal (2020年第四期…) or is made of open and milestone words only
    (重大项目集中签约、集中开工活动, 招商项目集中签约仪式)."""
    if any(start <= c.start < end for c in regions):
        return False
    text = doc.text
    if re.match(r"\d{4}|第", text[start:start + 4]):
        return True
    words = [t.word for t in doc.tokens_within(start, end)]
    return all(w in allow or w in GENERIC_PARTS or not w.strip() or not NAME_CHARS.fullmatch(w) for w in words)


def _event_before(doc: Doc, lex: Lexicon, pos: int, allow) -> str:
    """The event named right before pos (2017华侨华人创业发展洽谈会(简称华创会)|在武汉举行…),
    '' if none."""
    text = doc.text
    if text[pos - 1:pos] in ")）":
        pos = max(text.rfind("(", max(0, pos - 12), pos), text.rfind("（", max(0, pos - 12), pos))
    if pos <= 0 or not text.endswith(tuple(lex.event_suffixes), 0, pos):
        return ""
    start = _extend_left(doc, lex, doc.left_edge(pos, lex, max_chars=60, stop_at=EVENT_STOP, allow=allow), allow)
    return text[start:pos]


def _holder(doc: Doc, lex: Lexicon, start: int, end: int, regions: list, allow) -> str:
    # start, end: the name without its ending
    """The place that holds an event named without one: 通州湾示范区举行|2020年第四期项目
    集中开工活动 is 通州湾示范区2020年第四期…, 该区举办|… the home district's, X（Y区）举行|…
    X's; a name with 全市 (2025年一季度全市重大项目集中开工活动) is the home city's;
    '' when the name has its own place."""
    text = doc.text
    if not _generic(doc, start, end, regions, allow):
        return ""
    whole = WHOLE_BEFORE.search(text, max(0, start - 2), start)
    if whole is not None:
        region = _relative_region(doc, whole.group(1))
        if region is not None:
            return region.name     # 全县|2016年第二批…仪式: the home county's
    m = HELD_BEFORE.search(text, max(0, start - 6), start)
    if m is not None:
        at = m.start()
        if text[at - 1:at] in ")）":            # 芜湖高新技术产业开发区（弋江区）举行: the place before the brackets
            open_at = max(text.rfind("(", max(0, at - 12), at), text.rfind("（", max(0, at - 12), at))
            if open_at > 0 and any(c.end == open_at for c in regions):
                at = open_at
        before = [c for c in regions if c.end == at] or [c for c in regions if c.end == m.start() - 1]
        if before and text[before[0].start - 1:before[0].start] == "在":
            return _event_before(doc, lex, before[0].start - 1, allow)   # X在武汉举行…: X holds it
        if before:
            return before[0].name
        subject = SUBJECT_BEFORE.search(text, max(0, at - 12), at)
        if subject is not None:
            return subject.group()     # a place the tables do not know, a clause's subject: X示范区举行
        rel = RELATIVE_BEFORE.search(text, max(0, at - 2), at)
        if rel is not None:
            region = _relative_region(doc, rel.group(1))
            if region is not None:
                return region.name
    whole = WHOLE.search(text, start, end)
    if whole is not None:
        region = _relative_region(doc, whole.group(1))
        if region is not None and whole.start() > start:
            return region.name
    return ""


def _own_name(doc: Doc, start: int, end: int, regions: list) -> str:
    """The name as written, but 全县2016年…仪式 (the home county's) as 阳新县2016年…仪式."""
    text = doc.text
    whole = WHOLE.match(text, start)
    if whole is not None and not any(start <= c.start < end for c in regions):
        region = _relative_region(doc, whole.group(1))
        if region is not None:
            return region.name + text[whole.end():end]
    return text[start:end]


def _listed_holders(text: str, start: int, regions: list) -> int:
    """长沙县、长沙经开区、自贸临空区2024年…仪式: the places listed before the one a name opens
    with hold it too; the name starts with the first (a place the tables do not know counts
    when it ends as a place does)."""
    if not (any(c.start == start for c in regions) or PLACE_OPENING.match(text, start)):
        return start
    while text[start - 1:start] == "、":
        first = next((c for c in regions if c.end == start - 1), None)
        if first is not None:
            start = first.start
            continue
        m = PLACE_LISTED.search(text, max(0, start - 12), start - 1)
        if m is None:
            break
        start = m.start()
    return start


BRACKETED = re.compile(r"[(（][\u4e00-\u9fff]{2,6}[)）]")


def _tours(doc: Doc, lex: Lexicon, regions: list, allow, ends: set[int]) -> list[Candidate]:
    """A tour named by who travels and where (知名民企湖北(黄石)行, 中外知名企业四川行): a place,
    perhaps a bracketed one after it, then 行 standing as a word of its own (not 行政, 行业),
    after a name of who comes (not a verb or a function word: 此次|四川行 is no name)."""
    text = doc.text
    tags = load_tags()
    out = []
    for c in regions:
        end = c.end
        m = BRACKETED.match(text, end)
        if m:
            end = m.end()
        tok = doc.token_after(end)
        if text[end:end + 1] != "行" or tok is None or tok.word != "行" or end + 1 in ends:
            continue
        who = doc.token_before(c.start)
        if who is None or tags.is_verb(who.word) or tags.is_function(who.word) or who.word in lex.boundary:
            continue
        start = doc.left_edge(c.start, lex, max_chars=20, stop_at=EVENT_STOP, allow=allow)
        if c.start - start >= 2:
            out.append(Candidate(start, end + 1, EVENT, text[start:end + 1], rank=Rank.NAMED))
    return out


def _joined(text: str, events: list[Candidate]) -> list[Candidate]:
    """A暨B: two events written as one (…科普大会暨“晶”彩黄石文旅嘉年华) are one event."""
    out = []
    starts = {c.start: c for c in events}
    for a in events:
        if text[a.end:a.end + 1] != "暨":
            continue
        for b_start in range(a.end + 1, a.end + 3):
            b = starts.get(b_start)
            if b is not None:
                out.append(Candidate(a.start, b.end, EVENT, text[a.start:b.end], rank=Rank.FULL))
                break
    return out


EDITION = re.compile(rf"(?:首|第{NUM})届")


def _series_name(name: str, events: list[Candidate]) -> str:
    """首届楚商大会 beside 第三届黄石楚商大会: an edition of a series the article names more
    fully in another edition takes the fuller series name (首届黄石楚商大会)."""
    m = EDITION.match(name)
    if m is None or len(name) - m.end() < 3:
        return name
    series = name[m.end():]
    for e in events:
        other = list(EDITION.finditer(e.name))
        if not other:
            continue
        fuller = e.name[other[-1].end():]
        if len(fuller) > len(series) and fuller.endswith(series) and other[-1].group() != m.group():
            return m.group() + fuller
    return name


def link_short_events(cands: list[Candidate]) -> list[Candidate]:
    """An event named shorter later in the same article (黄石工业互联网大会) is the full one;
    an edition named with a shorter series name takes the fuller one (``_series_name``)."""
    events = [c for c in cands if c.type == EVENT]
    out = []
    for c in cands:
        if c.type == EVENT:
            series = _series_name(c.name, events)
            if series != c.name:
                c = Candidate(c.start, c.end, c.type, series, c.rank, c.code, c.region, c.within, c.role)
            fuller = [e for e in events if len(e.name) > len(c.name) and e.name[-2:] == c.name[-2:]
                      and _subsequence(c.name, e.name)]
            names = {e.name for e in fuller}
            if len(names) == 1:
                c = Candidate(c.start, c.end, c.type, fuller[0].name, c.rank, c.code, c.region, c.within, c.role)
        out.append(c)
    return out


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)
