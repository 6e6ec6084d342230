"""Extraction: one article -> typed mentions and the facts stated between them.

``extract_article`` runs the recognisers (districts, zones, government bodies,
companies, projects, events), types enumerations, resolves overlaps
longest-first then leftmost, and finds relations inside sentences
(``kg.extract.facts``). It reads language data only through ``Resources``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.companies import brands_in_projects, confirm_weak, find_companies, find_partners, resolve_relative
from kg.extract.crf import find_model_spans
from kg.extract.districts import find_divisions, find_zones
from kg.extract.doc import Candidate, Doc
from kg.extract.text import simplified
from kg.extract.events import find_events, link_short_events
from kg.extract.facts import find_facts
from kg.extract.gazetteer import Gazetteer, disambiguate, load_gazetteer
from kg.extract.governments import find_bodies
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.lifecycle import find_milestones
from kg.extract.lists import find_enumerations
from kg.extract.matcher import matcher_for
from kg.extract.pos import load_tags
from kg.extract.projects import ROAD_END, distribute, find_projects, owners_in_names
from kg.namecheck import suspicious
from kg.records import Article, Fact, Mention

TAG_NOISE = ("招商引资", "招商", "新闻", "动态", "资讯", "政务")


@dataclass(frozen=True)
class Resources:
    """Gazetteer, word lists and the name index, loaded once per process."""

    gaz: Gazetteer
    lex: Lexicon
    names: dict
    max_len: int


@lru_cache(maxsize=1)
def load_resources() -> Resources:
    """Load the gazetteer and the lexicon (cached)."""
    gaz = load_gazetteer()
    names = gaz.names()
    return Resources(gaz, load_lexicon(), names, min(12, max(map(len, names))))


def corpus_names(extractions) -> dict[str, str]:
    """Company names of three or more characters, as written (in Simplified), from every article."""
    out: dict[str, str] = {}
    for ex in extractions:
        for m in ex.mentions:
            if m.type == "Company" and len(m.name) >= 3 and simplified(m.text) == m.name:
                out[m.name] = "Company"
    return dict(sorted(out.items()))


@dataclass(frozen=True)
class Extraction:
    """What one article yields: mentions and facts (offsets into title + newline + body)."""

    article: Article
    mentions: tuple[Mention, ...]
    facts: tuple[Fact, ...]
    home_code: str


def _divisions_in(text: str, res: Resources, region: tuple[str, ...], *, towns: bool = True) -> list:
    """Divisions named in a short text (a tag, a title, a body's start), in order.

    Full names of any level count anywhere; short names only for provinces and
    prefectures, and for counties inside ``region`` (code prefixes): 长沙 is 长沙市,
    平湖 is 平湖市 only in a 浙江 article; with no region, counties anywhere (for the
    vote on the region). Ties go to the place nearest ``region``.
    """
    out = []
    names = res.names
    skip_to = 0
    for i, ends in matcher_for(names, res.max_len).every(text):
        if i < skip_to:
            continue
        for end in ends:                    # longest first
            s = text[i:end]
            found = [d for d in names[s] if (towns or d.level != "town") and (
                d.name == s or d.level in ("province", "city")
                or d.level == "county" and (not region or any(d.code.startswith(r) for r in region)))]
            if found:
                best = disambiguate(found, region, name=s)
                if best is not None:
                    out.append(best)
                skip_to = end
                break
    return out


SOURCE_WEIGHT = {"tag": 3, "title": 2, "body": 1}


def _home_parts(doc: Doc) -> dict[str, str]:
    """Where an article says where it is: its tag (less words like 招商), title, body start."""
    tag = simplified(doc.article.source)
    for noise in TAG_NOISE:
        tag = tag.replace(noise, "")
    return {"tag": tag, "title": doc.text[: doc.body_offset],
            "body": doc.text[doc.body_offset:doc.body_offset + 2000]}


def home_region(parts: dict[str, str], res: Resources) -> str:
    """The province an article is about: the one its tag, title and body (``_home_parts``)
    name most (the tag counts three times, the title twice), else the lexicon's default region."""
    votes: dict[str, int] = {}
    first: dict[str, int] = {}
    for where, text in parts.items():
        for d in _divisions_in(text, res, (), towns=False):
            votes[d.code[:2]] = votes.get(d.code[:2], 0) + SOURCE_WEIGHT[where]
            first.setdefault(d.code[:2], len(first))
    if not votes:
        return res.lex.default_region
    return max(votes, key=lambda p: (votes[p], p == res.lex.default_region, -first[p]))


def find_home(parts: dict[str, str], res: Resources, region: str):
    """The article's own place: its 【tag】's (黄冈招商 -> 黄冈市), made more specific by a
    place under it in the title (浠水县…); else the title's; else the body's most named.
    Places are read within ``region``, the province the article names most."""
    def named(where: str) -> list:
        return [d for d in _divisions_in(parts[where], res, (region,)) if d.code.startswith(region)]
    tagged, titled = named("tag"), named("title")
    if tagged:
        home = tagged[0]
        under = [d for d in titled if d.code != home.code and home.code in {a.code for a in res.gaz.ancestors(d.code)}
                 and d.level in ("county", "city")]
        return under[0] if under else home
    if titled:
        return max(titled, key=lambda d: ("province", "city", "county", "town").index(d.level))
    body = named("body")
    if body:
        counts = {}
        for d in body:
            counts[d] = counts.get(d, 0) + 1
        return max(counts, key=lambda d: (counts[d], d.code))
    return None


def set_home(doc: Doc, res: Resources) -> None:
    """Fill doc.region (province code), doc.home, doc.home_chain (level -> division) and doc.context_codes."""
    parts = _home_parts(doc)
    doc.region = home_region(parts, res)
    home = find_home(parts, res, doc.region)
    doc.home = home
    chain = {}
    if home is not None:
        for d in [home, *res.gaz.ancestors(home.code)]:
            chain.setdefault(d.level, d)
    doc.home_chain = chain
    doc.context_codes = tuple(d.code for d in chain.values())


def names_only(doc: Doc, res: Resources, cands: list[Candidate]) -> list[Candidate]:
    """Candidates whose text is a name, not a fragment or a description
    (2024年公司, 6个智能, 逾300亿元项目: see kg.namecheck). A relative form resolved
    to a full name (省委 -> 中共湖北省委) is one."""
    tags = load_tags()
    return [c for c in cands if c.name != doc.text[c.start:c.end] or not suspicious(
        c.name, c.type, words=[t.word for t in doc.tokens_within(c.start, c.end)],
        lex=res.lex, tags=tags, places=res.names)]


def prefer_rules(c: Candidate) -> tuple:
    """The order ``resolve`` places candidates in: rule spans (and the CRF's spans of
    ``Settings.crf_long`` types, rank -1: they lose ties) before the CRF's other spans,
    which are so kept only where no kept span overlaps them; then longest, then higher
    rank, then leftmost."""
    return (c.source == "model", -(c.end - c.start), -c.rank, c.start, c.type, c.name)


def resolve(cands: list[Candidate]) -> list[Candidate]:
    """Keep non-overlapping spans in the order of ``prefer_rules``."""
    chosen: list[Candidate] = []
    used = bytearray(max((c.end for c in cands), default=0) + 1)
    for c in sorted(cands, key=prefer_rules):
        if any(used[c.start:c.end]):
            continue
        used[c.start:c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


ROAD_CONTEXT = ("建设", "建成", "新建", "开工", "动工", "竣工", "通车", "贯通", "推进", "实施", "启动", "加快")


def _clause(doc: Doc, enum) -> tuple[int, int]:
    """From the clause start before the first item to the clause end after the last."""
    s = doc.sentence_at(enum.items[0][0])
    text = doc.text
    lo = max((i + 1 for i in range(s.start, enum.items[0][0]) if text[i] in ",，"), default=s.start)
    hi = min((i for i in range(enum.items[-1][1], s.end) if text[i] in ",，"), default=s.end)
    return lo, hi


def type_enumerations(doc: Doc, res: Resources, cands: list[Candidate],
                      enums) -> list[Candidate]:
    """Items of A、B等企业 / A、B等项目 lists, and items beside a recognised one, share its type."""
    lex = res.lex
    exact = {(c.start, c.end): c for c in cands}
    out = []
    for enum in enums:
        if enum.head in lex.company_cues:
            kind = "Company"
        elif enum.head in lex.project_cues:
            kind = "Project"
        elif all(ROAD_END.search(doc.text[s:e]) and e - s >= 3 for s, e in enum.items) and \
                any(w in doc.text[slice(*_clause(doc, enum))] for w in ROAD_CONTEXT):
            kind = "Project"
        else:
            typed = [exact[i].type for i in enum.items if i in exact and exact[i].type in ("Company", "Project")]
            kinds = set(typed)
            if len(kinds) != 1 or 2 * len(typed) < len(enum.items):
                continue
            kind = kinds.pop()
        for s, e in enum.items:
            known = exact.get((s, e))
            if known is not None and (known.type == kind or known.type in ("District", "GovernmentBody")):
                continue
            if e - s > 24 or doc.text[s:e] in lex.generic or (kind == "Project" and e - s < 3):
                continue
            if re.match(r"[一二三四五六七八九十百千双\d]+[大名个项批类十百千]", doc.text[s:e]):
                continue
            name = doc.text[s:e]
            out.append(resolve_relative_name(doc, Candidate(s, e, kind, name, rank=3)))
    return out


def resolve_relative_name(doc: Doc, c: Candidate) -> Candidate:
    """市中心医院黄金山院区 -> 黄石市中心医院黄金山院区; 市级人防指挥所 -> 黄石市级人防指挥所
    (not 市民素质提升工程: the 市 must be a word of its own)."""
    if c.name != doc.text[c.start:c.end]:
        return c
    name = resolve_relative(doc, c.name, allow_level=True)
    return c if name == c.name else Candidate(c.start, c.end, c.type, name, c.rank, c.code, c.region, c.parent)


def investors_in_names(chosen: list[Candidate], companies: list[Candidate], names: dict) -> list[Candidate]:
    """A project named after its company (新兴管业绿色制造产业园, 新冶钢综合技改, 广合科技 as a
    project) also names that company: the company at its start becomes a Company mention."""
    projects = {c.start: c for c in chosen if c.type == "Project"}
    taken = {(c.start, c.end) for c in chosen if c.type == "Company"}
    out = []
    for w in sorted(set(companies), key=lambda c: (c.start, -c.end, c.name)):
        p = projects.get(w.start)
        # the brand must end before the project's own ending (not 冷链物流|园)
        if p is not None and (w.end == p.end or w.end <= p.end - 3) and (w.start, w.end) not in taken:
            out.append(Candidate(w.start, w.end, "Company", w.name, rank=0, parent="in-name"))
            taken.add((w.start, w.end))
    return out


def known_names(doc: Doc, known: dict[str, str]) -> list[Candidate]:
    """Names the corpus already knows (a company named with its 有限公司 elsewhere),
    wherever they stand as whole words here."""
    out = []
    starts = {t.start for t in doc.tokens}
    text = doc.text
    for name, type_ in known.items():
        pos = text.find(name)
        while pos >= 0:
            if pos in starts:
                out.append(Candidate(pos, pos + len(name), type_, name, rank=1))
            pos = text.find(name, pos + 1)
    return out


def extract_article(article: Article, res: Resources | None = None, known: dict[str, str] | None = None) -> Extraction:
    """Recognise the entities of one article and the facts its sentences state.

    ``known`` maps names found in other articles of the corpus to their type
    (see ``corpus_names``); they are recognised here too.
    """
    res = res or load_resources()
    doc = Doc.of(article)
    set_home(doc, res)
    lex = res.lex
    divisions = find_divisions(doc, res.gaz, lex, res.names, res.max_len)
    zones = find_zones(doc, lex, divisions, res.names)
    bodies = find_bodies(doc, lex, divisions + zones, res.gaz)
    strong, weak = find_companies(doc, lex)
    projects = find_projects(doc, lex)
    projects = [resolve_relative_name(doc, c) for c in projects]
    events = find_events(doc, lex, divisions + zones)
    cands = divisions + zones + bodies + strong + projects + events
    cands += confirm_weak(doc, weak) + find_partners(doc, lex, strong, divisions + zones + bodies + projects + events)
    cands += find_model_spans(doc, res, cands)      # the CRF, beside the rules (resolve: prefer_rules)
    if known:
        cands += known_names(doc, known)
    enums = find_enumerations(doc, lex, [(c.start, c.end) for c in cands if c.type in ('Project', 'Company', 'Event')])
    listed = type_enumerations(doc, res, cands, enums)
    listed += distribute(doc, enums, cands + listed, res.names, lex)
    chosen = owners_in_names(doc, link_short_events(resolve(names_only(doc, res, cands + listed))))
    companies = weak + [c for c in cands if c.type == "Company"] + brands_in_projects(
        doc, lex, [c for c in chosen if c.type == "Project"], res.names)
    chosen = sorted(chosen + investors_in_names(chosen, companies, res.names), key=lambda c: (c.start, c.type))
    mentions = tuple(Mention(article.id, c.start, c.end, doc.raw[c.start:c.end], c.type, c.name, c.code)
                     for c in chosen)
    facts = find_facts(doc, res, chosen, mentions, divisions)
    facts += find_milestones(doc, chosen, mentions, facts)
    return Extraction(article, mentions, tuple(facts), doc.home.code if doc.home else "")
