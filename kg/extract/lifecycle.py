"""Project lifecycle: when a project was signed, started and built, and at which event.

Reads the Doc, the chosen candidates with their mentions and the facts found so far;
produces ``Fact`` records ``signedOn`` / ``startedOn`` / ``completedOn`` (a date Value)
and ``atEvent`` (an Event mention), each with its sentence. The words are data:
``kg/data/milestone_cues.tsv`` (签约, 开工, 投产 …) and ``kg/data/milestone_words.tsv``
(plan words, relative dates). Rules, within one sentence (up to 。！？):

- a milestone word states a milestone of the projects of its clause (A项目开工, 开工的
  A项目); else of the projects after it in its sentence (当天开工的有A、B…; 签约,A项目
  落户); else of the projects before it when its clause names none (A项目…,于3月开工);
  a sentence that opens with a list word (其中, 包括) or follows a colon continues the
  milestone of the sentence before. An event named with a milestone word (…集中签约
  仪式上, A项目落户) states a milestone too.
- it is a plan, not a milestone, when a plan word (计划, 预计, 力争, 将于, 有望 …) stands
  before it in its clause or a condition (建成后) right after it, and when its date
  falls after the article's date (明年投产).
- the date: the last date the sentence names before the milestone word (2025年7月10日,
  7月10日, 10日, 上月26日, 7月, 今天, 昨日, 近日, 上月, 今年 … resolved from the article's date as
  GUIDELINES.md says; a month without a year takes the year named before it in the
  sentence or 当年's); 当天/同日 the last day named before; else the event's date. A
  milestone the text gives no date for gets none.
- the event: one whose name holds the milestone word, else one named in the sentence
  that is a venue (…洽谈会, …推介会; not a congress session or a forum: milestone_words.tsv),
  else (when the sentence names no date of its own) the article's event named with a
  word of that milestone, or the event of the last milestone of that kind.
"""
from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.companies import BRAND_WORDS
from kg.extract.doc import IN_NAME, Candidate, Doc
from kg.extract.facts import _evidence
from kg.extract.lexicon import DATA, pairs
from kg.records import Fact, Mention, Value
from kg.registry import AT_EVENT, COMPANY, DISTRICT, EVENT, GOVERNMENT_BODY, INVESTOR, MILESTONES, PROJECT, START_DATE

PERIOD_END = re.compile(r"[。！？!?\n]+")
CLAUSE_BREAK = re.compile(r"[，,；;：:]")
FULL = re.compile(r"(?P<y>(?:19|20)\d{2})年(?:(?P<m>1[0-2]|0?[1-9])月(?:份)?(?:(?P<d>3[01]|[12]\d|0?[1-9])[日号])?)?"
                  r"(?P<range>\s*(?:至|到|-|—|－|~|～)\s*(?:\d{1,2}[月日号]|(?:19|20)\d{2}年))?(?P<half>[上下]半年)?")
# (?=[0-9]): each of the next three begins with a digit; said first, the scan skips other characters
# fast (before the look-behind, which is slow to try at every position)
MONTH_DAY = re.compile(r"(?=[0-9])(?<![\d月])(?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])[日号]"
                       r"(?P<range>\s*(?:至|到|-|—|－|~|～)\s*\d{1,2}[日号])?")
MONTH = re.compile(r"(?=[0-9])(?<![\d月至到\-—－~～])(?P<m>1[0-2]|0?[1-9])月(?:份|底|初|中旬|上旬|下旬)?(?![\d日号])")
DAY = re.compile(r"(?=[0-9])(?<![\d年月])(?P<d>3[01]|[12]\d|0?[1-9])[日号](?=[上下]午|晚|早|[，,\s]|凌晨|傍晚|在|举[行办]|召开|开幕)")
DAY_AFTER = re.compile(r"(?P<d>3[01]|[12]\d|0?[1-9])[日号]")     # 上月|26日
# a date that qualifies a name (2020年12月份重大项目…, 2016年第二批…, 2021年一季度…) is no date
NAME_AFTER = re.compile(r"份(?=[\u4e00-\u9fff])(?!以来|起|开始|底|初|中旬|上旬|下旬)|第|[一二三四]季度|度")
SECTION = re.compile(r"(?:^|\s)[一二三四五六七八九十]+、")
SECTION_YEAR = re.compile(r"(?:^|\s)[一二三四五六七八九十]+、\s*((?:19|20)\d{2})年")


@dataclass(frozen=True)
class Words:
    """Milestone words by predicate and the other words by role (kg/data/milestone_*.tsv)."""

    cues: tuple[tuple[str, str], ...]           # (word, predicate), longest first
    roles: dict[str, frozenset[str]]
    cue_pattern: re.Pattern
    relative: re.Pattern                        # every relative or 'same' date word


def _table(name: str) -> list[tuple[str, list[str]]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, words = line.partition("\t")
            rows.append((key.strip(), words.split()))
    return rows


# 去年5月, 当年3月: the year a word right before a month gives it (kg/data/year_words.tsv):
# years after the article's, or the year the text last named ("named") or the one after it ("next")
YEAR_BEFORE = {w: key if key in ("named", "next") else int(key)
               for key, words in _table("year_words.tsv") for w in words}


HOLIDAY_MONTH = {w: int(m) for w, m in pairs("holiday_months.tsv").items()}
HOLIDAY = re.compile("|".join(map(re.escape, sorted(HOLIDAY_MONTH, key=len, reverse=True))))


@lru_cache(maxsize=1)
def load_words() -> Words:
    """Read the milestone word lists once."""
    cues = {}
    for pred, words in _table("milestone_cues.tsv"):
        if pred not in MILESTONES:
            raise ValueError(f"milestone_cues.tsv: unknown predicate {pred!r}")
        for w in words:
            cues.setdefault(w, pred)
    roles: dict[str, set[str]] = {}
    for role, words in _table("milestone_words.tsv"):
        roles.setdefault(role, set()).update(words)
    ordered = tuple(sorted(cues.items(), key=lambda kv: (-len(kv[0]), kv[0])))
    dated = sorted(set().union(*(roles.get(r, set()) for r in
                                 ("same", "this", "same-day", "day", "day-1", "month", "month-1", "year", "year-1", "year-named"))),
                   key=lambda w: (-len(w), w))
    return Words(ordered, {r: frozenset(w) for r, w in roles.items()},
                 re.compile("|".join(map(re.escape, (w for w, _ in ordered)))),
                 re.compile("|".join(map(re.escape, dated))))


@dataclass(frozen=True)
class Cue:
    """A milestone word in the text; ``event`` when it stands in an event's name."""

    start: int
    end: int
    predicate: str
    plan: bool
    event: Candidate | None = None


@dataclass(frozen=True)
class When:
    """A date expression: its span and value; ``same`` for 当天/同日 (the last date named)."""

    start: int
    end: int
    value: Value | None
    same: bool = False


def _periods(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in PERIOD_END.finditer(text):
        if m.end() > pos:
            out.append((pos, m.end()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _clause(text: str, lo: int, hi: int, pos: int) -> tuple[int, int]:
    start = max((m.end() for m in CLAUSE_BREAK.finditer(text, lo, pos)), default=lo)
    m = CLAUSE_BREAK.search(text, pos, hi)
    return start, (m.start() if m else hi)


def _shift_month(y: int, m: int, by: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + by
    return k // 12, k % 12 + 1


def _day_value(y: int, m: int, d: int) -> Value:
    if 1 <= d <= calendar.monthrange(y, m)[1]:
        return Value(datetime.date(y, m, d).isoformat(), "date")
    return Value(f"{y}-{m:02d}", "gYearMonth")


def dates_in(doc: Doc, skip: list[tuple[int, int]], words: Words | None = None,
             name_starts: frozenset[int] = frozenset()) -> list[When]:
    """Every date expression of the text, resolved from the article's date, in order.

    ``skip`` are spans (names of events) whose dates are a part of a name, not a date;
    a bare year right before a name (``name_starts``: 2018年武汉市…活动) qualifies that name.
    """
    words = words or load_words()
    # the facts (events' dates) and the milestones ask it of the same article, often alike
    key = (doc.text, doc.article.published, tuple(skip), name_starts)
    hit = _DATES.get(key)
    if hit is not None and hit[0] is words:
        return list(hit[1])
    found = _dates_in(doc, skip, words, name_starts)
    if len(_DATES) >= 4:
        _DATES.clear()
    _DATES[key] = (words, tuple(found))
    return found


_DATES: dict[tuple, tuple] = {}     # the last few articles' dates_in: (words, the dates)


def _dates_in(doc: Doc, skip: list[tuple[int, int]], words: Words, name_starts: frozenset[int]) -> list[When]:
    text = doc.text
    pub = datetime.date.fromisoformat(doc.article.published)
    taken = bytearray(len(text) + 1)
    for s, e in skip:
        taken[s:e] = b"\x01" * (e - s)
    out: list[When] = []

    def free(s: int, e: int) -> bool:
        return not any(taken[s:e])

    def claim(s: int, e: int, value: Value | None, same: bool = False) -> None:
        taken[s:e] = b"\x01" * (e - s)
        out.append(When(s, e, value, same))

    named_years: list[tuple[int, int]] = []        # (position, year) of each 2021年
    section_years = [(m.start(), int(m.group(1))) for m in SECTION_YEAR.finditer(text)]

    for m in FULL.finditer(text):
        if not free(m.start(), m.end()):
            continue
        y = int(m.group("y"))
        named_years.append((m.start(), y))
        if (not m.group("m") and m.end() in name_starts) or NAME_AFTER.match(text, m.end()) or (m.group("m") and not m.group("d") and text.startswith("份", m.end() - 1)
                                               and NAME_AFTER.match(text, m.end() - 1)):
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            continue
        holiday = HOLIDAY.match(text, m.end()) if not m.group("m") and not m.group("range") else None
        if holiday:
            # 2023年清明假期: the month of the holiday
            value = Value(f"{y}-{HOLIDAY_MONTH[holiday.group()]:02d}", "gYearMonth")
            claim(m.start(), holiday.end(), value)
            continue
        if m.group("d") and not m.group("range"):
            value = _day_value(y, int(m.group("m")), int(m.group("d")))
        elif m.group("m") and not (m.group("range") and "年" in m.group("range")):
            value = Value(f"{y}-{int(m.group('m')):02d}", "gYearMonth")
        else:
            value = Value(str(y), "gYear")
        claim(m.start(), m.end(), value)

    def year_for(pos: int, month: int, day: int = 1) -> int | None:
        before = text[max(0, pos - 2):pos]
        rel = YEAR_BEFORE.get(before)
        if rel in ("named", "next"):
            years = [y for p, y in named_years if p < pos]
            if not years:
                return pub.year
            return years[-1] + (1 if rel == "next" else 0)
        if isinstance(rel, int):
            return pub.year + rel
        lo = max((s for s, e in _periods_cache(text) if s <= pos), default=0)
        years = [y for p, y in named_years if lo <= p < pos]
        if years:
            return years[-1]
        heading = [(p, y) for p, y in section_years if p < pos]
        if heading and not SECTION.search(text, heading[-1][0] + 2, pos):
            return heading[-1][1]       # 三、2022年：… 2月8日: the year the section is about
        try:
            after = datetime.date(pub.year, month, day) > pub
        except ValueError:
            after = month > pub.month
        return pub.year - 1 if after else pub.year

    for m in MONTH_DAY.finditer(text):
        if not free(m.start(), m.end()):
            continue
        mo, d = int(m.group("m")), int(m.group("d"))
        y = year_for(m.start(), mo, d)
        value = Value(f"{y}-{mo:02d}", "gYearMonth") if m.group("range") else _day_value(y, mo, d)
        claim(m.start(), m.end(), value)
    for m in MONTH.finditer(text):
        if not free(m.start(), m.end()):
            continue
        mo = int(m.group("m"))
        y = year_for(m.start(), mo)
        claim(m.start(), m.end(), Value(f"{y}-{mo:02d}", "gYearMonth"))
    for m in words.relative.finditer(text):
        # 上月26日, 本月8日: a day of the month a word names
        day = DAY_AFTER.match(text, m.end())
        if day is None or not free(m.start(), day.end()):
            continue
        back = -1 if m.group() in words.roles.get("month-1", ()) else 0 if m.group() in words.roles.get("month", ()) else None
        if back is not None:
            y, mo = _shift_month(pub.year, pub.month, back)
            claim(m.start(), day.end(), _day_value(y, mo, int(day.group("d"))))
    for m in DAY.finditer(text):
        if not free(m.start(), m.end()):
            continue
        d = int(m.group("d"))
        y, mo = (pub.year, pub.month) if d <= pub.day else _shift_month(pub.year, pub.month, -1)
        claim(m.start(), m.end(), _day_value(y, mo, d))
    roles = words.roles
    for m in words.relative.finditer(text):
        w = m.group()
        if not free(m.start(), m.end()):
            continue
        if w in roles.get("day", ()) and (text[m.start() - 1:m.start()] in "日号)）" or not free(m.start() - 1, m.start())):
            continue            # 24日上午, 今天(12月28日)上午: the day is named already
        if w in roles.get("same-day", ()):
            claim(m.start(), m.end(), Value("", "date"), same=True)      # a day, to be found
        elif w in roles.get("same", ()) or w in roles.get("this", ()):
            claim(m.start(), m.end(), None, same=True)
        elif w in roles.get("day", ()):
            claim(m.start(), m.end(), Value(pub.isoformat(), "date"))
        elif w in roles.get("day-1", ()):
            claim(m.start(), m.end(), Value((pub - datetime.timedelta(days=1)).isoformat(), "date"))
        elif w in roles.get("month", ()):
            claim(m.start(), m.end(), Value(f"{pub.year}-{pub.month:02d}", "gYearMonth"))
        elif w in roles.get("month-1", ()):
            y, mo = _shift_month(pub.year, pub.month, -1)
            claim(m.start(), m.end(), Value(f"{y}-{mo:02d}", "gYearMonth"))
        elif w in roles.get("year", ()):
            if MONTH.match(text, m.end()) or MONTH_DAY.match(text, m.end()):
                continue        # 今年9月: the month says it
            claim(m.start(), m.end(), Value(str(pub.year), "gYear"))
        elif w in roles.get("year-named", ()):
            if MONTH.match(text, m.end()) or MONTH_DAY.match(text, m.end()):
                continue        # 当年5月27日: the month says it, with that year
            years = [y for p, y in named_years if p < m.start()]
            claim(m.start(), m.end(), Value(str(years[-1] if years else pub.year), "gYear"))
        elif w in roles.get("year-1", ()):
            if MONTH.match(text, m.end()) or MONTH_DAY.match(text, m.end()):
                continue
            claim(m.start(), m.end(), Value(str(pub.year - 1), "gYear"))
    return sorted(out, key=lambda w: w.start)


@lru_cache(maxsize=8)
def _periods_cache(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(_periods(text))


def _in_plan_section(text: str, pos: int, words: Words) -> bool:
    """Whether pos follows a plan heading (2020年工作安排) with no review (工作回顾) since."""
    last_plan = max((text.rfind(w, 0, pos) for w in words.roles.get("plan-section", ())), default=-1)
    if last_plan < 0:
        return False
    last_review = max((text.rfind(w, 0, pos) for w in words.roles.get("review", ())), default=-1)
    return last_plan > last_review


REVIEW_YEAR = re.compile(r"((?:19|20)\d{2})年")


def review_years(doc: Doc, words: Words | None = None) -> list[tuple[int, int]]:
    """Where a text starts reviewing a year, and which (2021年工作回顾 -> 2021; 过去一年 in a
    report of January -> the year before; in one of July or later -> the article's year)."""
    words = words or load_words()
    text = doc.text
    pub = datetime.date.fromisoformat(doc.article.published)
    found = []
    for w in sorted(words.roles.get("review", ()), key=len, reverse=True):
        pos = text.find(w)
        while pos >= 0:
            near = [m for m in REVIEW_YEAR.finditer(text, max(0, pos - 6), min(len(text), pos + len(w) + 6))]
            found.append((pos, int(min(near, key=lambda m: abs(m.start() - pos)).group(1)) if near else None))
            pos = text.find(w, pos + len(w))
    out, last = [], None
    for pos, year in sorted(found):
        year = year or last or (pub.year - 1 if pub.month <= 6 else pub.year)
        if year <= pub.year:
            out.append((pos, year))
            last = year
    return out


ITEM_BEFORE = re.compile(r"(?:^|[\s:：；;，,。])(?:\d{1,2}[.．、](?!\d)|[(（]\d{1,2}[)）]|[①-⑳])\s*$")
FIRST_ITEM = re.compile(r"(?:^|(?<=[\s:：；;，,。]))(?:1[.．、](?!\d)|[(（]1[)）]|①)")
JOINED = re.compile(r"\s*(?:[、和及并与]|以及)\s*(?:当年|当天|同年|同时|同步|集中|正式|即)?\s*")
COUNTED = re.compile(r"[\d一二三四五六七八九十两百]+[个宗项批家]|[\d一二三四五六七八九十百千亿万]+元|^[这该此那本]|^(?:19|20)\d\d年")
AMOUNT = re.compile(r"\d(?:\.\d+)?\s*[亿万]?(?:元|美元|欧元|港元)")
# what stands between two projects of one list (A项目和B项目, A项目、B项目, 投资1亿元的A、投资2亿元的B)
LISTED = re.compile(r"\s*(?:[、和与及,，]|以及)[^。；;，,]{0,16}?(?:的)?\s*|\s*")
KIND_OF = re.compile(r"^[\u4e00-\u9fff]{1,4}[业类]项目$")


def _a_kind_of_project(text: str, c: Candidate) -> bool:
    """制造业项目30个, 15宗项目, (50.19亿元): a kind or a count of projects, not one project
    whose milestones could be told."""
    name = c.name
    return (not re.match(r"[\u4e00-\u9fffA-Za-z\d]", name) or bool(COUNTED.search(name))
            or bool(KIND_OF.match(name)))


def _after_article(v: Value, published: str) -> bool:
    return v.value > published[: len(v.value)]


def find_cues(doc: Doc, chosen: list[Candidate], words: Words | None = None) -> list[Cue]:
    """Milestone words outside other names (an event's name counts: …集中签约仪式),
    each marked as a plan or not."""
    words = words or load_words()
    text = doc.text
    pred_of = dict(words.cues)
    names = [c for c in chosen if c.end > c.start]
    plan_words = words.roles.get("plan", frozenset())
    after_words = sorted(words.roles.get("after", ()), key=len, reverse=True)
    periods = _periods_cache(text)
    out = []
    for m in words.cue_pattern.finditer(text):
        s, e = m.start(), m.end()
        inside = [c for c in names if c.start <= s and e <= c.end]
        if any(c.type != EVENT for c in inside):
            continue
        event = inside[0] if inside else None
        lo, hi = next(((a, b) for a, b in periods if a <= s < b), (0, len(text)))
        c0, _ = _clause(text, lo, hi, s)
        plan = any(t.word in plan_words for t in doc.tokens_within(c0, s)) or _in_plan_section(text, s, words)
        plan = plan or any(text.startswith(w, e) for w in after_words)
        # 已运营的B中心, 已签约项目: a state the project is in, told with no date of its own
        plan = plan or (text[s - 1:s] == "已" and (text.startswith("的", e) or text.startswith("项目", e)))
        out.append(Cue(s, e, pred_of[m.group()], plan, event))
    return out


@lru_cache(maxsize=1)
def _project_endings() -> tuple[str, ...]:
    """What a project's name ends with (kg/data/project_suffixes.tsv: 项目, 工程, 产业园 …)."""
    return tuple(sorted((k for k, _ in _table("project_suffixes.tsv")), key=len, reverse=True))


def projects_in_events(doc: Doc, chosen: list[Candidate], cues: list[Cue]) -> list[tuple[Candidate, Cue]]:
    """Projects an event is named after, with the milestone word that follows them there:
    X项目开工仪式, …重大项目暨X产业园开工活动 (X from the event's start or after its 暨; not a
    list of what the event gathers, 2021年一季度重大项目, nor a place the article names so)."""
    text = doc.text
    others = {c.name for c in chosen if c.type not in (PROJECT, EVENT)}
    out = []
    for cue in cues:
        e = cue.event
        if e is None or cue.start <= e.start:
            continue
        join = text.rfind("暨", e.start, cue.start)
        start = join + 1 if join >= 0 else e.start
        name = text[start:cue.start]
        if (len(name) < 4 or not name.endswith(_project_endings()) or re.search(r"\d|批|季度|集中|重大|重点|招商", name)
                or name in others or not re.match(r"[\u4e00-\u9fffA-Za-z]", name)):
            continue
        out.append((Candidate(start, cue.start, PROJECT, name), cue))
    return out


def brand_heading(doc: Doc, chosen: list[Candidate], p: Candidate) -> Candidate | None:
    """The firm heading the name of a project only an event names (…暨闻泰科技|产业园项目开工仪式):
    a company recognised inside it, else two characters jieba does not know as a common word
    followed by an industry word (科技, 新材 …) and more of the name."""
    inside = [c for c in chosen if c.type == COMPANY and p.start <= c.start and c.end < p.end]
    if inside:
        return inside[0]
    from kg.extract.pos import load_tags
    tags, text = load_tags(), doc.text
    two = text[p.start:p.start + 2]
    industry = next((b for b in BRAND_WORDS if text.startswith(b, p.start + 2)), "")
    end = p.start + 2 + len(industry)
    if industry and end < p.end - 2 and re.fullmatch(r"[\u4e00-\u9fff]{2}", two) \
            and (not tags.knows(two) or tags.is_proper(two)):
        return Candidate(p.start, end, COMPANY, text[p.start:end], role=IN_NAME)
    return None


def find_milestones(doc: Doc, chosen: list[Candidate], mentions: tuple[Mention, ...],
                    facts: list[Fact] = ()) -> list[Fact]:
    """signedOn / startedOn / completedOn and atEvent facts of one article's projects
    (see the module docstring); ``facts`` give the events' startDate when the text
    around them names none."""
    words = load_words()
    text = doc.text
    by_cand = dict(zip(chosen, mentions))
    venue = tuple(words.roles.get("venue", ()))
    not_venue = tuple(words.roles.get("not-venue", ()))
    named = [c for c in chosen if c.type == EVENT and c.end > c.start]
    events = [c for c in named if not any(w in c.name for w in not_venue)
              and (c.name.endswith(venue) or words.cue_pattern.search(c.name))]
    sessions = [c for c in named if c not in events]     # their time is a milestone's, not their place
    projects = [c for c in chosen if c.type == PROJECT and c.end > c.start and not _a_kind_of_project(text, c)]
    if not projects and not events:
        return []
    cues = find_cues(doc, chosen, words)
    named_after = projects_in_events(doc, chosen, cues)
    if not cues or not (projects or named_after):
        return []
    periods = _periods_cache(text)
    whens = dates_in(doc, [(e.start, e.end) for e in events], words,
                     frozenset(c.start for c in chosen if c.type in (DISTRICT, GOVERNMENT_BODY)))
    concrete = [w for w in whens if w.value is not None and not w.same]
    published = doc.article.published
    list_words = tuple(sorted(words.roles.get("list", ()), key=len, reverse=True))
    start_dates = {f.subject: f.obj for f in facts if f.predicate == START_DATE}

    reviewed = review_years(doc, words)
    this_words = words.roles.get("this", frozenset())
    at_event = tuple(words.roles.get("at-event", ()))

    def period_of(pos: int) -> tuple[int, int]:
        return next(((a, b) for a, b in periods if a <= pos < b), (0, len(text)))

    def last_date_before(pos: int) -> Value | None:
        """What 当天/同日 refer to: the last day named before, else the last date."""
        before = [w.value for w in concrete if w.start < pos]
        days = [v for v in before if v.datatype == "date"]
        return (days or before or [None])[-1]

    event_dates: dict[Candidate, Value | None] = {}

    def event_date(ev: Candidate) -> Value | None:
        if ev not in event_dates:
            lo, hi = period_of(ev.start)
            here = [w for w in whens if lo <= w.start < hi]
            before = [w for w in here if w.start < ev.start]
            pick = (before or here)[-1:] if (before or here) else []
            value = None
            if pick and pick[0].value is not None and not pick[0].same:
                value = pick[0].value
            elif pick:
                value = last_date_before(ev.start)
            if value is None:
                m = by_cand.get(ev)
                value = start_dates.get(m) if m is not None else None
            event_dates[ev] = value
            if value is None:
                # named in the title without a date: the date of its other mentions
                same = (event_date(o) for o in named if o is not ev and o.name == ev.name)
                event_dates[ev] = next((v for v in same if v is not None), None)
        return event_dates[ev]

    def governing(p: Candidate, lo: int, hi: int) -> Cue | None:
        """The milestone word that speaks of project p in its sentence."""
        here = [c for c in cues if lo <= c.start < hi and not (p.start <= c.start < p.end)]
        c0, c1 = _clause(text, lo, hi, p.start)
        own = [c for c in here if c0 <= c.start < c1]
        after = [c for c in own if c.start >= p.end]
        if after:
            return after[0]
        before = [c for c in own if c.end <= p.start]
        if before:
            return before[-1]
        # a word in an earlier clause speaks of p when that clause names no project of its own
        before = [c for c in here if c.end <= p.start and not any(
            x is not p and _clause(text, lo, hi, c.start)[0] <= x.start < _clause(text, lo, hi, c.start)[1]
            for x in projects)]
        if before:
            return before[-1]
        if ITEM_BEFORE.search(text, max(lo, p.start - 6), p.start):
            # 清单 1.A项目,…; 2.B项目,…: an item takes the milestone of the heading before item 1
            first = [m.start() for m in FIRST_ITEM.finditer(text, lo, p.start)]
            heading = [c for c in here if first and c.end <= first[-1]]
            if heading:
                return heading[-1]
        later = [c for c in here if c.start >= p.end]
        if later:
            c = later[0]
            k0, k1 = _clause(text, lo, hi, c.start)
            between = [x for x in projects if x is not p and p.end <= x.start < c.start]
            if not between and not any(k0 <= x.start < k1 for x in projects):
                return c
        return None

    out: list[Fact] = []
    seen: set[tuple] = set()
    inherited: dict[tuple[int, int], Cue | None] = {}

    def context_cue(lo: int, hi: int) -> Cue | None:
        """The milestone a sentence states for what a following list names."""
        key = (lo, hi)
        if key not in inherited:
            own = [c for c in cues if lo <= c.start < hi]
            if own:
                inherited[key] = own[-1]
            else:
                inherited[key] = None
                head = text[lo:hi].lstrip(" \u3000\t")
                i = periods.index((lo, hi)) if (lo, hi) in periods else -1
                prev = periods[i - 1] if i > 0 else None
                if prev is not None and (head.startswith(list_words) or text[:lo].rstrip().endswith(("：", ":"))):
                    inherited[key] = context_cue(*prev)
        return inherited[key]

    resolved: dict[Cue, tuple[Value | None, Candidate | None]] = {}

    def resolve(cue: Cue) -> tuple[Value | None, Candidate | None]:
        """The date and the event of what a milestone word states (memoised; earlier
        words first, as 当天/此次 refer back to them)."""
        if cue in resolved:
            return resolved[cue]
        pred = cue.predicate
        clo, chi = period_of(cue.start)
        here = [w for w in whens if clo <= w.start < cue.start]
        own = here[-1] if here else None
        if own is not None and own.same and own.value is None:
            named_here = [w for w in here if w.value is not None and not w.same]
            if named_here:
                own = named_here[-1]    # 7月7日…，现场敲定: the day the sentence names
        if own is None:
            k0, k1 = _clause(text, clo, chi, cue.start)
            own = next((w for w in whens if cue.end <= w.start < k1), None)
        event = cue.event
        in_review = any(pos < cue.start for pos, _ in reviewed)
        if event is None:
            # in a report's review, a forum it names in passing is no venue of its milestones
            near = [e for e in events if clo <= e.start < chi
                    and (not in_review or words.cue_pattern.search(e.name))]
            event = next((e for e in reversed(near) if e.start < cue.start), near[0] if near else None)
        if event is None and any(text.find(w, clo, cue.start) >= 0 for w in at_event):
            before = [e for e in events if e.end <= clo]
            event = before[-1] if before else None
        date = own.value if own is not None and not own.same else None
        if date is None and event is None:
            # 此次, 当天, 同期 or nothing: what the last milestone word of that kind stated
            earlier = [c for c in cues if c.start < cue.start and not c.plan and c.predicate == pred]
            same_day = own is not None and own.value is not None
            if same_day:
                # 当天, 同一天: the last day named; at the event of a milestone of that day
                date = last_date_before(cue.start)
                event = next((resolve(c)[1] for c in reversed(earlier) if resolve(c)[0] == date), None)
                earlier = []
            if earlier and own is not None and text[own.start:own.end] in this_words:
                # 此次, 本次: the article's own occasion, the first of that kind it names
                date, event = next((resolve(c) for c in earlier if resolve(c)[1] is not None), resolve(earlier[0]))
            elif earlier:
                date, event = resolve(earlier[-1])
            elif date is not None:
                pass
            else:
                named = [e for e in events if any(c.event is e and c.predicate == pred for c in cues)]
                before = [e for e in named if e.start < cue.start]
                if named and (own is None or own.same):
                    event = before[-1] if before else named[0]
        if event is not None and date is None:
            date = event_date(event)
        if date is None and event is None:
            years = [y for pos, y in reviewed if pos < cue.start]
            if years:
                date = Value(str(years[-1]), "gYear")
        if date is None and event is None:
            during = [e for e in sessions if clo <= e.start < chi]
            if during:
                date = event_date(during[0])
        if date is None and own is not None and own.same:
            date = last_date_before(cue.start)
        if event is not None and own is not None and not own.same and cue.event is not event \
                and not clo <= event.start < chi and date != event_date(event):
            event = None        # a date of its own: not at the article's event
        resolved[cue] = (date, event)
        return resolved[cue]

    for c in cues:
        if not c.plan:
            resolve(c)

    plan_words = words.roles.get("plan", frozenset())
    considered: set[str] = set()
    beside = tuple(words.roles.get("beside", ()))
    describe = words.roles.get("describe", frozenset())
    ceremonies = [(e, frozenset(c.predicate for c in cues if c.event is e)) for e in events]
    ceremonies = [(e, preds) for e, preds in ceremonies if preds]

    def at_ceremony(p: Candidate) -> tuple[str | None, Value | None, Candidate] | None:
        """A project named, with no milestone word of its own, after an event named with one
        (…集中签约仪式举行。… A项目总投资20亿元): its milestone at that event, dated by the event;
        at the event only when the name has several (签约开工活动). None when its sentence
        names a date or an event of its own."""
        before = [(e, preds) for e, preds in ceremonies if e.end <= p.start]
        if not before:
            return None
        e, preds = before[-1]
        lo, hi = period_of(p.start)
        when = event_date(e)
        if any((w.value if not w.same else last_date_before(w.start)) not in (None, when)
               for w in whens if lo <= w.start < hi and (w.value is not None or w.same)):
            return None         # a date of its own (去年9月23日, 同一天 of another day)
        m = by_cand[p]
        if m.name in considered:
            return None         # said of it before, without a milestone: not at the event
        considered.add(m.name)
        if any(x is not e and lo <= x.start < hi for x in named):
            return None
        # the project a sentence (or a part of it up to ；) is about: its first, or one listed with it
        seg = max(lo, text.rfind("；", lo, p.start) + 1, text.rfind(";", lo, p.start) + 1)
        first = [x for x in projects if seg <= x.start < p.start]
        if first and not all(LISTED.fullmatch(text, x.end, y.start) for x, y in zip(first, first[1:] + [p])):
            return None
        c0, c1 = _clause(text, lo, hi, p.start)
        if text[c0:p.start].strip().startswith(beside):
            return None         # …，与A项目相邻: named beside the one spoken of
        if any(t.word in plan_words for t in doc.tokens_within(seg, p.start)) \
                or any(t.word in plan_words and t.word not in describe for t in doc.tokens_within(p.end, c1)) \
                or any(c.plan and seg <= c.start < c1 for c in cues):
            return None         # 计划投资…包括A, A有望…, 正在推进, A将于明年投产: not a milestone at the event
        if not p.name.endswith(("项目", "工程")) and not AMOUNT.search(text, lo, hi):
            return None         # neither called a project nor given an amount: maybe a plant, a product
        return (next(iter(preds)) if len(preds) == 1 else None), when, e

    def joined(cue: Cue) -> list[Cue]:
        """A milestone word and those listed right after it (当年签约、当年开工; 签约并开工)."""
        out = [cue]
        for c in cues:
            if c.start >= out[-1].end and JOINED.fullmatch(text, out[-1].end, c.start):
                if c.plan:
                    break
                out.append(c)
        return out

    def emit(p: Candidate, pred: str | None, date: Value | None, event: Candidate | None) -> None:
        emit_mention(by_cand[p], p.start, pred, date, event)

    def emit_mention(m: Mention, at: int, pred: str | None, date: Value | None, event: Candidate | None) -> None:
        if pred is not None:
            if (m.name, pred) in seen:
                return          # one milestone of a kind per project and article: its first statement
            seen.add((m.name, pred))
            if date is not None and not _after_article(date, published):
                out.append(Fact(m, pred, date, _evidence(doc, at)))
        if event is not None and (m.name, event) not in seen:
            seen.add((m.name, event))
            out.append(Fact(m, AT_EVENT, by_cand[event], _evidence(doc, at)))

    for p, cue in named_after:
        m = next((by_cand[x] for x in projects if x.name == p.name), None)
        if m is None:
            m = Mention(doc.article.id, p.start, p.end, doc.raw[p.start:p.end], PROJECT, p.name)
            firm = brand_heading(doc, chosen, p) if p.name.endswith("项目") else None   # 汉龙汽车产业园: a park, a place
            if firm is not None and (m.name, INVESTOR) not in seen:
                seen.add((m.name, INVESTOR))        # the project exists only here: so does its investor
                co = by_cand.get(firm) or Mention(doc.article.id, firm.start, firm.end, doc.raw[firm.start:firm.end],
                                                  COMPANY, firm.name)
                out.append(Fact(m, INVESTOR, co, _evidence(doc, p.start)))
        date, _ = resolve(cue)
        emit_mention(m, p.start, cue.predicate, date, cue.event)

    for p in projects:
        lo, hi = period_of(p.start)
        cue = governing(p, lo, hi)
        if cue is None:
            head = text[lo:hi].lstrip(" \u3000\t")
            i = periods.index((lo, hi)) if (lo, hi) in periods else -1
            if i > 0 and (head.startswith(list_words) or text[:lo].rstrip().endswith(("：", ":"))):
                cue = context_cue(*periods[i - 1])
        if cue is not None and cue.plan and not _clause(text, lo, hi, p.start)[0] <= cue.start < _clause(text, lo, hi, p.start)[1]:
            cue = None          # A项目:总投资80亿元,…,达产后…: a condition later in the sentence says nothing of A
        if cue is None:
            found = at_ceremony(p)
            if found is not None:
                emit(p, *found)
            continue
        if cue.plan:
            continue
        for c in joined(cue):
            date, event = resolve(c)
            if date is not None and _after_article(date, published):
                continue
            emit(p, c.predicate, date, event)
    return out
