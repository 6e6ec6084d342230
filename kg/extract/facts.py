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

import re

from kg.extract.amounts import AMOUNT, parse_amount
from kg.extract.doc import Candidate, Doc
from kg.records import Evidence, Fact, Mention, Value

DATE = re.compile(r"(?P<y>(?:19|20)\d{2})年(?:(?P<m>1[0-2]|0?[1-9])月(?:(?P<d>3[01]|[12]\d|0?[1-9])[日号])?)?")
HOLD = re.compile(r"主办|承办|协办|举办|举行|召开|组织")
INVEST_VERB = re.compile(r"投资|建设|实施|签约|签订|签署|启动|推进|打造|落户|投建|合作")
CLAUSE = re.compile(r"[，,：:]")
RELATIVE_DAY = re.compile(r"今天|今日|昨天|昨日|近日|日前")
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


def find_facts(doc: Doc, res, chosen: list[Candidate], mentions: tuple[Mention, ...]) -> list[Fact]:
    """All facts of one article (see module docstring for the rules)."""
    facts: list[Fact] = []
    gaz = res.gaz
    by_cand = dict(zip(chosen, mentions))
    places = [c for c in chosen if c.type == "District"]
    home = doc.home
    home_chain_codes = set(doc.context_codes)

    def add(subj: Candidate, pred: str, obj, pos: int) -> None:
        facts.append(Fact(by_cand[subj], pred, obj, _evidence(doc, pos)))

    def home_mention(at: Candidate) -> Mention | None:
        return _synthetic(doc, at, "District", home.name, home.code) if home is not None else None

    def place_for(c: Candidate) -> Mention | None:
        s = doc.sentence_at(c.start)
        before = [p for p in places if s.start <= p.start and p.end <= c.start]
        # a place that only repeats the home's ancestors says nothing more specific
        before = [p for p in before if not (p.code and p.code in home_chain_codes and p.code != (home.code if home else ""))]
        if before:
            return by_cand[before[-1]]
        return home_mention(c)

    for c in chosen:
        if c.type == "District" and not c.code:
            parent = _zone_parent(doc, res, c, places)
            if parent is not None:
                add(c, "partOf", parent, c.start)
        elif c.type == "GovernmentBody" and c.region:
            d = gaz.by_code(c.region)
            if d is not None:
                add(c, "jurisdiction", _synthetic(doc, c, "District", d.name, d.code), c.start)
        elif c.type == "Project":
            place = place_for(c)
            if place is not None:
                add(c, "locatedIn", place, c.start)
        elif c.type == "Event":
            _event_facts(doc, c, chosen, by_cand, add, place_for)
        elif c.type == "Company":
            if home is not None and not any(p.start == c.start for p in places) and not _starts_with_place(res, c.name):
                add(c, "locatedIn", home_mention(c), c.start)
    _investors(doc, chosen, add)
    _amounts(doc, chosen, add)
    return facts


def _starts_with_place(res, name: str) -> bool:
    return any(name[:k] in res.names for k in range(min(len(name) - 1, res.max_len), 1, -1))


def _zone_parent(doc: Doc, res, c: Candidate, places: list[Candidate]) -> Mention | None:
    """Where a zone lies: the place written right before it, its name's place, or home."""
    adjacent = [p for p in places if p.end == c.start]
    if adjacent:
        p = adjacent[0]
        return Mention(doc.article.id, p.start, p.end, doc.raw[p.start:p.end], "District", p.name, p.code)
    name = c.name
    for k in range(min(len(name) - 2, res.max_len), 1, -1):
        options = [d for d in res.names.get(name[:k], ()) if d.name == name[:k]
                   or d.code.startswith(doc.context_codes[-1][:2] if doc.context_codes else "42")]
        if options and name[:k] not in res.lex.ambiguous_places:
            from kg.extract.gazetteer import disambiguate
            d = disambiguate(options, doc.context_codes or ("42",), name=name[:k])
            if d is not None:
                return _synthetic(doc, c, "District", d.name, d.code)
            break
    if doc.home is not None:
        return _synthetic(doc, c, "District", doc.home.name, doc.home.code)
    return None


def _event_facts(doc: Doc, c: Candidate, chosen, by_cand, add, place_for) -> None:
    text = doc.text
    s = doc.sentence_at(c.start)
    # organizer: bodies/companies in the sentence before a holding verb
    verb = HOLD.search(text, s.start, s.end)
    organizers = []
    if verb:
        organizers = [o for o in chosen if o.type in ("GovernmentBody", "Company")
                      and s.start <= o.start and o.end <= verb.start()]
    if not organizers and c.region:
        organizers = []
        add(c, "organizer", Mention(doc.article.id, c.start, c.start, "", "GovernmentBody",
                                    c.name.split("第")[0] + "人民代表大会"), c.start)
    for o in organizers:
        add(c, "organizer", by_cand[o], c.start)
    if not organizers and verb and "政府工作报告" in doc.article.title and doc.home is not None:
        add(c, "organizer", Mention(doc.article.id, c.start, c.start, "", "GovernmentBody",
                                    doc.home.name + "人民政府", doc.home.code), c.start)
    # place: 在X举办 / the place in the name / home
    place = place_for(c)
    if place is not None:
        add(c, "locatedIn", place, c.start)
    # date: in the name, in the sentence, or the last year named before it
    value = _date_for(doc, c)
    if value is not None:
        add(c, "startDate", value, c.start)


def _date_for(doc: Doc, c: Candidate) -> Value | None:
    text = doc.text
    s = doc.sentence_at(c.start)
    m = re.match(r"((?:19|20)\d{2})", c.name)
    if m:
        return Value(m.group(1), "gYear")
    found = [d for d in DATE.finditer(text, s.start, s.end)]
    if not found:
        if RELATIVE_DAY.search(text, s.start, s.end):
            return Value(doc.article.published, "date")
        earlier = [d for d in DATE.finditer(text, 0, c.start)]
        if not earlier:
            return None
        found = [earlier[-1]]
    d = min(found, key=lambda d: abs(d.start() - c.start))
    y, mo, day = d.group("y"), d.group("m"), d.group("d")
    if day:
        return Value(f"{y}-{int(mo):02d}-{int(day):02d}", "date")
    if mo:
        return Value(f"{y}-{int(mo):02d}", "gYearMonth")
    return Value(y, "gYear")


def _investors(doc: Doc, chosen: list[Candidate], add) -> None:
    """Company -> verb -> project in one clause; projects named after their company."""
    text = doc.text
    companies = [c for c in chosen if c.type == "Company"]
    for p in (c for c in chosen if c.type == "Project"):
        lo, hi = _clause_bounds(doc, p.start)
        s = doc.sentence_at(p.start)
        found = False
        for co in companies:
            if co.end <= p.start and co.start >= s.start and p.start - co.end <= 30:
                between = text[co.end:p.start]
                others = [x for x in chosen if co.end <= x.start and x.end <= p.start and x.type in ("Company", "Project")]
                if INVEST_VERB.search(between) and not others and not re.search(r"[。；;]", between):
                    add(p, "investor", co, p.start)
                    found = True
        if not found:
            for co in companies:
                if p.name.startswith(co.name) and len(co.name) < len(p.name):
                    add(p, "investor", co, p.start)
                    break


def _amounts(doc: Doc, chosen: list[Candidate], add) -> None:
    """投资N亿元 bound to the only project of its clause (or the one right after 的)."""
    text = doc.text
    projects = [c for c in chosen if c.type == "Project"]
    for m in AMOUNT.finditer(text):
        if not re.search(r"投资|金额|投入|总额", text[max(0, m.start() - 6):m.start()]):
            continue
        lo, hi = _clause_bounds(doc, m.start())
        if re.match(r"的", text[m.end():m.end() + 1]):
            near = [p for p in projects if p.start == m.end() + 1]
        else:
            near = [p for p in projects if lo <= p.start and p.end <= hi]
        if len(near) == 1:
            value = parse_amount(m)
            if value is not None:
                add(near[0], "investmentAmount", value, m.start())
