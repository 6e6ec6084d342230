"""Linking: mentions from all articles -> one Entity per real thing, and Relations.

Reads the per-article ``Extraction`` records; produces entities (canonical label =
fullest form, every other surface form an alias) and relations between them.

- Districts with a GB/T 2260 code are one node per code; their ``partOf`` chain up
  to the province comes from the gazetteer (ancestors become nodes too).
- Zones link by name; a zone name that another zone's name ends with after a
  place prefix (临港产业园 -> 西塞山临港产业园) is the same zone.
- Companies: a short name that begins another company's name or its core
  (name less place prefix and legal form) is that company, when only one fits.
- Projects: 盐田港长江总部 and 盐田港长江总部项目 are one project; so are a name and
  the one longer name it begins or ends (园博大道 / 园博大道西延, 有轨电车 / 现代有轨电车).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from kg.extract import Extraction, Resources
from kg.extract.lexicon import LEGAL_TAIL, PHASE_NUMBER, PHASE_TAIL, PROJECT_HEADS, alternation, word_list
from kg.records import Entity, Mention, Relation, Value
from kg.registry import (COMPANY, DEVELOPMENT_ZONE, DISTRICT, INVESTOR, LOCATED_IN, MILESTONES, PART_OF, PROJECT,
                         START_DATE, TYPE, linked_type)

PROJECT_TAIL = re.compile(f"(?:建设)?(?:{PROJECT_HEADS})$")


_UNQUOTED = re.compile(r"[\s\"'“”‘’「」『』《》〈〉]")


@functools.lru_cache(maxsize=1 << 17)      # a corpus repeats its names: each is normalised once
def normalize(name: str) -> str:
    """NFKC, no blanks, no quotation marks: the form names are compared in."""
    return _UNQUOTED.sub("", unicodedata.normalize("NFKC", name))


@dataclass(frozen=True)
class Linked:
    """The linked graph in records: entities by key, relations sorted."""

    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    aliases: dict = None          # mention key -> the key of the entity it was linked to
    ambiguous: frozenset = frozenset()   # short company names keyed per article

    def entity_of(self, m: Mention) -> Entity | None:
        """The entity a mention was linked to."""
        key = _mention_key(m, self.ambiguous)
        key = (self.aliases or {}).get(key, key)
        return self.by_key.get(key)

    @functools.cached_property
    def by_key(self) -> dict:
        """Entities by key."""
        return {e.key: e for e in self.entities}


class _Index:
    """Accumulates surface forms per entity key."""

    def __init__(self):
        self.type: dict[str, str] = {}
        self.names: dict[str, dict[str, int]] = defaultdict(dict)
        self.texts: dict[str, set[str]] = defaultdict(set)
        self.articles: dict[str, set[str]] = defaultdict(set)
        self.code: dict[str, str] = {}
        self.level: dict[str, str] = {}

    def add(self, key: str, type_: str, name: str, text: str = "", article: str = "") -> None:
        self.type[key] = type_
        self.names[key][name] = self.names[key].get(name, 0) + 1
        if text:
            self.texts[key].add(text)
        if article:
            self.articles[key].add(article)


def zone_short(name: str, res: Resources) -> str:
    """襄阳高新技术产业开发区 -> 襄阳高新区, 鄂州市葛店经济技术开发区 -> 葛店开发区: the form
    zone names are compared in (a leading city is dropped when a name is left)."""
    for long, short in res.lex.zone_abbreviations:
        if name.endswith(long):
            name = name[: -len(long)] + short
            break
    for k in range(min(len(name) - 3, res.max_len), 2, -1):
        if any(d.name == name[:k] for d in res.names.get(name[:k], ())) and len(name) - k >= 5:
            return name[k:]
    return name


COMMON_WORD = 500       # jieba's count above which a word is a common word, not a brand (时代, 中心)


def _core(name: str, res: Resources) -> str:
    """A company name less its leading place names, the place in brackets inside it
    (中科(广东)炼化 -> 中科炼化) and its legal form; a place name is kept when what follows it is
    a common word (宁德时代 is no 宁德 + 时代)."""
    from kg.extract.companies import without_bracket
    from kg.extract.text import word_frequencies
    freq = word_frequencies()
    stem = without_bracket(LEGAL_TAIL.sub("", name))
    changed = True
    while changed:
        changed = False
        for k in range(min(len(stem) - 2, res.max_len), 1, -1):
            if stem[:k] in res.names and freq.get(stem[k:], 0) <= COMMON_WORD:
                stem, changed = stem[k:], True
                break
    return stem


def _mention_key(m: Mention, ambiguous: frozenset = frozenset()) -> str:
    """The key a mention links by before aliases are merged.

    A short company name that begins several companies' names (比亚迪: 比亚迪股份有限公司,
    比亚迪汽车工业有限公司) is keyed per article, so each article's mention can join
    the company that article names.
    """
    if m.type == DISTRICT and m.code:
        return f"{DISTRICT}:{m.code}"
    name = normalize(m.name)
    if m.type == PROJECT:
        name = PROJECT_TAIL.sub("", name) or name
    if m.type == COMPANY and name in ambiguous:
        return f"{COMPANY}:{name}#{m.article_id}"
    return f"{m.type}:{name}"


def ambiguous_short_names(extractions, res: Resources) -> frozenset:
    """Company names that begin two or more longer, unrelated company names."""
    names = sorted({normalize(m.name) for ex in extractions for m in ex.mentions if m.type == COMPANY})
    out = set()
    for n in names:
        fits = [x for x in names if x != n and x.startswith(n)]
        roots = [x for x in fits if not any(y != x and x.startswith(y) for y in fits)]
        if len(roots) >= 2:
            out.add(n)
    return frozenset(out)


def link(extractions: list[Extraction], res: Resources) -> Linked:
    """Link all articles' mentions and facts into entities and relations."""
    idx = _Index()
    gaz = res.gaz
    ambiguous = ambiguous_short_names(extractions, res)

    keys_of: dict[tuple, str] = {}     # (type, name, code) -> key, for names not keyed per article

    def mention_key(m: Mention) -> str:
        form = (m.type, m.name, m.code)
        key = keys_of.get(form)
        if key is None:
            key = _mention_key(m, ambiguous)
            if not key.endswith("#" + m.article_id):
                keys_of[form] = key
        return key

    for ex in extractions:
        all_mentions = list(ex.mentions) + [f.subject for f in ex.facts] + [
            f.obj for f in ex.facts if isinstance(f.obj, Mention)]
        for m in all_mentions:
            key = mention_key(m)
            idx.add(key, m.type, normalize(m.name), m.text, m.article_id)
            if m.type == DISTRICT and m.code:
                idx.code[key] = m.code
    # districts: the gazetteer's chain up to the province
    relations: dict[tuple, set] = defaultdict(set)
    for key in list(idx.type):
        code = idx.code.get(key)
        if code:
            d = gaz.by_code(code)
            idx.level[key] = d.level if d else ""
            chain = gaz.ancestors(code)
            prev = key
            for parent in chain:
                pkey = f"{DISTRICT}:{parent.code}"
                if pkey not in idx.type:
                    idx.add(pkey, DISTRICT, parent.name)
                    idx.code[pkey] = parent.code
                    idx.level[pkey] = parent.level
                relations[(prev, PART_OF, pkey)]
                prev = pkey
    alias = _aliases(idx, res)
    alias.update(link_project_stories(extractions, mention_key, alias, res))

    def final(key: str) -> str:
        while key in alias:
            key = alias[key]
        return key

    for ex in extractions:
        for f in ex.facts:
            s = final(mention_key(f.subject))
            o = f.obj if isinstance(f.obj, Value) else final(mention_key(f.obj))
            if s == o:
                continue
            relations[(s, f.predicate, o)].add(f.evidence)
    # merge surface forms into the surviving keys
    merged_names: dict[str, dict[str, int]] = defaultdict(dict)
    merged_texts: dict[str, set[str]] = defaultdict(set)
    merged_articles: dict[str, set[str]] = defaultdict(set)
    for key in idx.type:
        k = final(key)
        for n, c in idx.names[key].items():
            merged_names[k][n] = merged_names[k].get(n, 0) + c
        merged_texts[k] |= idx.texts[key]
        merged_articles[k] |= idx.articles[key]
    entities = []
    for key in sorted(merged_names):
        type_ = idx.type[key]
        names = merged_names[key]
        if idx.code.get(key):
            d = gaz.by_code(idx.code[key])
            label = d.name
        else:
            label = max(names, key=lambda n: (len(n), names[n], n))
        aliases = sorted(({normalize(t) for t in merged_texts[key]} | set(names)) - {label})
        type_ = linked_type(type_, idx.code.get(key, ""))
        entities.append(Entity(key, type_, label, tuple(aliases), idx.code.get(key, ""),
                               idx.level.get(key, TYPE[type_].level if type_ in TYPE else ""), tuple(sorted(merged_articles[key]))))
    keys = {e.key for e in entities}
    _drop_broader_places(relations, idx)
    _one_date(relations, (START_DATE, *MILESTONES))
    rels = []
    for (s, p, o), ev in relations.items():
        if s not in keys or (not isinstance(o, Value) and o not in keys):
            continue
        rels.append(Relation(s, p, o, tuple(sorted(ev, key=lambda e: (e.article_id, e.start)))))
    rels.sort(key=lambda r: (r.subject, r.predicate, str(r.obj)))
    return Linked(tuple(entities), tuple(rels), {k: final(k) for k in alias}, ambiguous)


PRECISION = {"date": 3, "gYearMonth": 2, "gYear": 1}
CAPACITY = re.compile(f"^(?:{alternation('capacity_prefixes.txt')})?" r"[\d.]+[万亿千百]?"
                      f"(?:{alternation('capacity_units.txt')})")
PHASE = re.compile(f"[(（]?({PHASE_NUMBER})期[)）]?")


@functools.lru_cache(maxsize=1)
def _story_tails() -> tuple[str, ...]:
    return tuple(sorted(set(word_list("project_story_tails.txt")), key=lambda w: (-len(w), w)))


def story_core(name: str) -> tuple[str, str]:
    """A project's name as stories vary it: (core, phase). 年产10万吨X项目 -> (X, ""),
    X项目一期 -> (X, "一"), X生产基地 -> (X, "")."""
    phases = PHASE.findall(name)
    core = PHASE.sub("", name)
    core = CAPACITY.sub("", core)
    changed = True
    while changed:
        changed = False
        for tail in _story_tails():
            if core.endswith(tail) and len(core) - len(tail) >= 2:
                core, changed = core[: -len(tail)], True
                break
    return core, "".join(phases)


def _brand_led(a: str, b: str, investor_core: str) -> bool:
    """Whether core a is core b led by the investor's brand (华冶|铜箔 and 铜箔, the investor
    湖北华冶新材料有限公司), or the other way round."""
    for x, y in ((a, b), (b, a)):
        if len(y) >= 2 and len(x) > len(y) and x.endswith(y) and investor_core.startswith(x[:-len(y)]):
            return True
    return False


def link_project_stories(extractions, key_of, alias: dict[str, str], res: Resources | None = None) -> dict[str, str]:
    """One project told by several articles (the signing story's 年产10万吨X项目, the later
    X项目一期, X生产基地) -> one key, when the text supports it: the same investor, no
    other place, names equal once capacity, phase and generic endings are dropped (or
    one core contains the other). Phases stay apart: X一期 and X二期 are two projects."""
    def final(k: str) -> str:
        while k in alias:
            k = alias[k]
        return k

    investors: dict[str, set[str]] = defaultdict(set)
    places: dict[str, set[str]] = defaultdict(set)
    articles: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for ex in extractions:
        for m in ex.mentions:
            if m.type == PROJECT:
                k = final(key_of(m))
                articles[k].add(m.article_id)
                names.setdefault(k, normalize(m.name))
        for f in ex.facts:
            if f.subject.type != PROJECT or isinstance(f.obj, Value):
                continue
            k = final(key_of(f.subject))
            if f.predicate == INVESTOR:
                investors[k].add(final(key_of(f.obj)))
            elif f.predicate == LOCATED_IN:
                places[k].add(final(key_of(f.obj)))
    by_investor: dict[str, list[str]] = defaultdict(list)
    for k in sorted(investors):
        for inv in investors[k]:
            by_investor[inv].append(k)
    out: dict[str, str] = {}
    phase_of: dict[str, str] = {}            # a kept key -> the phase its group names
    for inv, keys in sorted(by_investor.items()):
        cores = {k: story_core(names.get(k, k.split(":", 1)[1])) for k in keys}
        for a in keys:
            for b in keys:
                if a >= b or a in out or b in out or not (articles[a] - articles[b] and articles[b] - articles[a]):
                    continue
                (ca, pa), (cb, pb) = cores[a], cores[b]
                pa, pb = phase_of.get(a, pa), phase_of.get(b, pb)
                if pa and pb and pa != pb:
                    continue            # 一期 and 二期: two projects
                inv_core = _core(inv.split(":", 1)[1].split("#", 1)[0], res) if res is not None else ""
                if not (ca == cb or (min(len(ca), len(cb)) >= 3 and (ca in cb or cb in ca))
                        or inv_core and _brand_led(ca, cb, inv_core)):
                    continue
                if places[a] and places[b] and not places[a] & places[b]:
                    continue
                # the fuller name stays, the other joins it
                keep, join = (a, b) if (len(names.get(a, a)), a) >= (len(names.get(b, b)), b) else (b, a)
                out[join] = keep
                phase_of[keep] = pa or pb
    return out


def _one_date(relations: dict, predicates: tuple[str, ...]) -> None:
    """One date per subject and predicate: an event reported by many articles (今天 in each)
    keeps one startDate, a project one date per milestone (a later story's 2020年 for the
    signing story's day). The value most sentences state wins, then the most precise, then
    the earliest."""
    dates: dict[tuple[str, str], list] = defaultdict(list)
    for (s, p, o), ev in relations.items():
        if p in predicates:
            dates[(s, p)].append((o, ev))
    for (s, p), options in dates.items():
        if len(options) < 2:
            continue
        keep = max(options, key=lambda x: (len(x[1]), PRECISION[x[0].datatype], [-ord(c) for c in x[0].value]))
        for o, _ in options:
            if o != keep[0]:
                del relations[(s, p, o)]


def _drop_broader_places(relations: dict, idx: _Index) -> None:
    """Keep only the most specific locatedIn of each subject: 西塞山临港产业园, not also 西塞山区."""
    parents: dict[str, set[str]] = defaultdict(set)
    for (s, p, o) in relations:
        if p == PART_OF:
            parents[s].add(o)

    def ancestors(k: str) -> set[str]:
        seen, todo = set(), [k]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    located: dict[str, list[str]] = defaultdict(list)
    for (s, p, o) in relations:
        if p == LOCATED_IN:
            located[s].append(o)
    for s, places in located.items():
        broader = set().union(*(ancestors(o) for o in places))
        for o in places:
            if o in broader:
                del relations[(s, LOCATED_IN, o)]


def _group(name: str) -> bool:
    """Whether a full company name names a group (…集团, …集团有限公司), by its legal tail."""
    tail = LEGAL_TAIL.search(name)
    return tail is not None and tail.group().startswith("集团")


GAP_NOT_NAME = re.compile(rf"{PHASE_NUMBER}|期|[\d]")


def _gapped(n: str, longer: list[str], name_of: dict, articles: set, idx: "_Index") -> list[str]:
    """The longer project names of the same article that are n with words inserted after its
    first two or more characters (比亚迪|长三角制造中心 in 比亚迪|新能源动力电池|长三角制造中心),
    the rest being three or more characters; not a phase or a number inserted (X一期项目)."""
    out = []
    for p in longer:
        full = name_of[p]
        if not idx.articles[p] & articles:
            continue
        for i in range(2, len(n) - 2):
            rest = n[i:]
            if full.startswith(n[:i]) and full.endswith(rest) and len(full) - len(rest) > i:
                if not GAP_NOT_NAME.search(full[i:len(full) - len(rest)]):
                    out.append(p)
                break
    return out


def _aliases(idx: _Index, res: Resources) -> dict[str, str]:
    """Short key -> full key for zones, companies and projects that name one thing."""
    alias: dict[str, str] = {}
    by_type: dict[str, list[str]] = defaultdict(list)
    for key, t in idx.type.items():
        by_type[t].append(key)
    name_of = {k: k.split(":", 1)[1] for k in idx.type}
    zones = [k for k in by_type[DISTRICT] if linked_type(DISTRICT, idx.code.get(k, "")) == DEVELOPMENT_ZONE]
    short_form = {}
    for k in zones:
        short_form.setdefault(zone_short(name_of[k], res), []).append(k)
    for group in short_form.values():
        if len(group) > 1:
            full = max(group, key=lambda k: (len(name_of[k]), k))
            for k in group:
                if k != full:
                    alias[k] = full
    for k in zones:
        if k in alias:
            continue
        fits = [z for z in zones if z != k and name_of[z].endswith(name_of[k]) and len(name_of[z]) > len(name_of[k])]
        if len(fits) == 1:
            alias[k] = fits[0]
    projects = by_type[PROJECT]
    for k in projects:
        # a park named without its place (临港产业园) is the zone named with it (西塞山临港产业园)
        n = name_of[k]
        fits = [z for z in zones if len(n) >= 4 and name_of[z].endswith(n) and len(name_of[z]) > len(n)]
        if len(fits) == 1:
            alias[k] = fits[0]
    for k in projects:
        n = name_of[k]
        if len(n) < 3 or k in alias:
            continue
        longer = [p for p in projects if p != k and len(name_of[p]) > len(n)]
        ends = [p for p in longer if name_of[p].endswith(n)]
        # a phase (…一期) is part of a project, not another name for it
        starts = [p for p in longer if name_of[p].startswith(n) and not PHASE_TAIL.search(name_of[p])]
        for fits in (ends, starts, _gapped(n, longer, name_of, idx.articles[k], idx)):
            if len(fits) == 1:
                alias[k] = fits[0]
                break
    companies = by_type[COMPANY]
    for k in companies:
        if "#" in name_of[k]:
            name_of[k] = name_of[k].split("#", 1)[0]
    core = {k: _core(name_of[k], res) for k in companies}
    for k in [c for c in companies if "#" in c]:
        # a short name keyed per article joins the one company of that article it begins
        n = name_of[k]
        here = [c for c in companies if "#" not in c and name_of[c].startswith(n) and name_of[c] != n
                and idx.articles[c] & idx.articles[k]]
        plain = f"{COMPANY}:{n}"
        if len(here) == 1:
            alias[k] = here[0]
        else:
            if plain not in idx.type:
                idx.type[plain] = COMPANY
                name_of[plain] = n
            alias[k] = plain
    for k in companies:
        if "#" in k:
            continue
        n = name_of[k]
        if LEGAL_TAIL.search(n):
            # a full legal name is another company unless only its legal form differs; a group
            # (深圳X集团) and a company of the same stem (深圳X股份有限公司) are parent and child
            fits = [c for c in companies if c != k and len(name_of[c]) > len(n) and core[c] == core[k]
                    and _group(name_of[c]) == _group(n)]
        else:
            fits = [c for c in companies if c != k and len(name_of[c]) > len(n)
                    and (name_of[c].startswith(n) or core[c].startswith(core[k]) and len(core[k]) >= 2)]
        roots = {alias.get(c, c) for c in fits}
        if len(fits) >= 1 and len(roots) == 1:
            target = max(fits, key=lambda c: (len(name_of[c]), c))
            alias[k] = target
    return alias
