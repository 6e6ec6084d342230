"""The built-in extraction components, their order, and the components added to them.

``default_components`` is the one place that lists what extraction does, in
order (each component's docstring says what it reads and assigns; the interface
is ``kg.extract.component``):

1. ``home``: the article's province and place (``kg.extract.home``);
2. recognisers, each offering typed spans: divisions, zones, government bodies,
   companies, projects, events, weak companies confirmed, partners, the CRF
   (``kg.extract.crf``, only with ``Settings.crf_model``), corpus names; then
   the components added by ``register`` or a ``kg.recognisers`` entry point;
3. list passes: enumerations (A、B等企业) found, their items typed and completed;
4. ``overlaps``: names only, overlaps resolved (``resolve`` by ``prefer_rules``);
5. refinements of the kept spans: short event names, companies in project names;
6. ``mentions``, ``facts``, ``milestones``.

``extractor()`` is that list with the added components, made once per process
and settings. A component added with ``register`` in the parent process reaches
the build's worker processes, which are forked from it; one that must also reach
spawned workers (no fork) is installed as a ``kg.recognisers`` entry point.
"""
from __future__ import annotations

from functools import lru_cache
from importlib.metadata import entry_points

from kg.errors import UsageError
from kg.extract.companies import (brand_heads_of_projects, brands_again, brands_in_projects, confirm_weak, find_companies,
                                  find_partners, resolve_relative, short_mentions, well_known)
from kg.extract.component import Component, Extractor, Work, component, prefer_rules, recogniser, resolve
from kg.extract.districts import find_divisions, find_zones
from kg.extract.doc import IN_NAME, Candidate, Doc, Rank
from kg.extract.events import find_events, link_short_events
from kg.extract.facts import find_facts
from kg.extract.governments import find_bodies
from kg.extract.home import set_home
from kg.extract.lexicon import count_item, road_context
from kg.extract.lifecycle import find_milestones
from kg.extract.lists import find_enumerations
from kg.extract.pos import load_tags
from kg.extract.projects import ROAD_END, distribute, find_projects, owners_in_names
from kg.namecheck import suspicious
from kg.records import Mention
from kg.settings import Settings
from kg.registry import COMPANY, DISTRICT, EVENT, GOVERNMENT_BODY, PROJECT

ENTRY_POINTS = "kg.recognisers"
ADDED_BEFORE = "enumerations"       # where an added component goes unless told: after the recognisers


# --- passes over other components' spans ----------------------------------------

def names_only(doc: Doc, res, cands: list[Candidate]) -> list[Candidate]:
    """Candidates whose text is a name, not a fragment or a description
    (2024年公司, 6个智能, 逾300亿元项目: see kg.namecheck). A relative form resolved
    to a full name (省委 -> 中共湖北省委) is one."""
    tags = load_tags()
    return [c for c in cands if c.name != doc.text[c.start:c.end] or not _suspicious(doc, res, c, tags)]


_SUSPICIOUS: dict[tuple, bool] = {}     # (name, type, its words) -> whether ``suspicious`` finds a trace
_SUSPICIOUS_FOR: list = [None, None, None]   # the lexicon, tags and name index it was found with


def _suspicious(doc: Doc, res, c: Candidate, tags) -> bool:
    """``suspicious`` of a candidate's name and words, found once per (name, type, words): the
    same names recur in an article's passes and across articles."""
    words = _words_of(doc, c.start, c.end)
    if _SUSPICIOUS_FOR[0] is not res.lex or _SUSPICIOUS_FOR[1] is not tags or _SUSPICIOUS_FOR[2] is not res.names \
            or len(_SUSPICIOUS) > 200_000:
        _SUSPICIOUS.clear()
        _SUSPICIOUS_FOR[:] = [res.lex, tags, res.names]
    key = (c.name, c.type, *words)
    found = _SUSPICIOUS.get(key)
    if found is None:
        found = _SUSPICIOUS[key] = bool(suspicious(c.name, c.type, words=words, lex=res.lex, tags=tags,
                                                   places=res.names))
    return found


def _words_of(doc: Doc, start: int, end: int) -> list[str]:
    """The jieba words of text[start:end], with the piece of a word the span starts inside
    (由众联|物流 -> 众联, 物流) or the whole span when it holds no word."""
    toks = doc.tokens_within(start, end)
    first = toks[0].start if toks else end
    return ([doc.text[start:first]] if first > start else []) + [t.word for t in toks]


def _clause(doc: Doc, enum) -> tuple[int, int]:
    """From the clause start before the first item to the clause end after the last."""
    s = doc.sentence_at(enum.items[0][0])
    text = doc.text
    lo = max((i + 1 for i in range(s.start, enum.items[0][0]) if text[i] in ",，"), default=s.start)
    hi = min((i for i in range(enum.items[-1][1], s.end) if text[i] in ",，"), default=s.end)
    return lo, hi


def type_enumerations(doc: Doc, res, cands: list[Candidate], enums) -> list[Candidate]:
    """Items of A、B等企业 / A、B等项目 lists, and items beside a recognised one, share its type."""
    lex = res.lex
    exact = {(c.start, c.end): c for c in cands}
    roads, counts = road_context(), count_item()
    out = []
    for enum in enums:
        if enum.head in lex.company_cues:
            kind = COMPANY
        elif enum.head in lex.project_cues:
            kind = PROJECT
        elif all(ROAD_END.search(doc.text[s:e]) and e - s >= 3 for s, e in enum.items) and \
                any(w in doc.text[slice(*_clause(doc, enum))] for w in roads):
            kind = PROJECT
        else:
            typed = [exact[i].type for i in enum.items if i in exact and exact[i].type in (COMPANY, PROJECT)]
            kinds = set(typed)
            if len(kinds) != 1 or 2 * len(typed) < len(enum.items):
                continue
            kind = kinds.pop()
        for s, e in enum.items:
            known = exact.get((s, e))
            if known is not None and (known.type == kind or known.type in (DISTRICT, GOVERNMENT_BODY)):
                continue
            if e - s > 24 or doc.text[s:e] in lex.generic or (kind == PROJECT and e - s < 3):
                continue
            if counts.match(doc.text[s:e]):
                continue
            inside = sorted({(c.start, c.end) for c in cands if s <= c.start and c.end <= e and (c.start, c.end) != (s, e)})
            if any(a[1] <= b[0] for a, b in zip(inside, inside[1:])):
                continue            # 博世到麦德龙: two names in one item are not one name
            name = doc.text[s:e]
            out.append(resolve_relative_name(doc, Candidate(s, e, kind, name, rank=Rank.TYPED)))
    return out


def resolve_relative_name(doc: Doc, c: Candidate) -> Candidate:
    """市中心医院黄金山院区 -> 黄石市中心医院黄金山院区; 市级人防指挥所 -> 黄石市级人防指挥所
    (not 市民素质提升工程: the 市 must be a word of its own)."""
    if c.name != doc.text[c.start:c.end]:
        return c
    name = resolve_relative(doc, c.name, allow_level=True)
    return c if name == c.name else Candidate(c.start, c.end, c.type, name, c.rank, c.code, c.region,
                                               c.within, c.role, c.source)


def investors_in_names(chosen: list[Candidate], companies: list[Candidate], names: dict) -> list[Candidate]:
    """A project named after its company (新兴管业绿色制造产业园, 新冶钢综合技改, 广合科技 as a
    project) also names that company: the company at its start becomes a Company mention."""
    projects = {c.start: c for c in chosen if c.type == PROJECT}
    taken = {(c.start, c.end) for c in chosen if c.type == COMPANY}
    out = []
    for w in sorted(set(companies), key=lambda c: (c.start, -c.end, c.name)):
        p = projects.get(w.start)
        # the brand must end before the project's own ending (not 冷链物流|园)
        if p is not None and (w.end == p.end or w.end <= p.end - 3) and (w.start, w.end) not in taken:
            out.append(Candidate(w.start, w.end, COMPANY, w.name, rank=Rank.GUESS, role=IN_NAME))
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
                out.append(Candidate(pos, pos + len(name), type_, name, rank=Rank.NAMED))
            pos = text.find(name, pos + 1)
    return out


# --- the built-in components ----------------------------------------------------

@component("home", reads=("doc", "gazetteer", "lexicon"), assigns=("home",))
def home(w: Work) -> None:
    """The article's province and place: doc.region, doc.home, doc.home_chain, doc.context_codes."""
    set_home(w.doc, w.res)


@recogniser("divisions", reads=("doc", "home", "gazetteer", "lexicon"), types=(DISTRICT,))
def divisions(w: Work) -> list[Candidate]:
    """Administrative divisions named by the gazetteer (黄石市, 黄石 where it is one)."""
    res = w.res
    return find_divisions(w.doc, res.gaz, res.lex, res.names, res.max_len)


@recogniser("zones", reads=("doc", "gazetteer", "lexicon", "divisions"), types=(DISTRICT,))
def zones(w: Work) -> list[Candidate]:
    """Development zones and parks by their endings (大冶湖高新区), with the place before them."""
    return find_zones(w.doc, w.res.lex, w.spans["divisions"], w.res.names)


@recogniser("bodies", reads=("doc", "home", "gazetteer", "lexicon", "divisions", "zones"), types=(GOVERNMENT_BODY,))
def bodies(w: Work) -> list[Candidate]:
    """Government bodies anchored on a place or zone (黄石市商务局), a relative one (市委), or national."""
    return find_bodies(w.doc, w.res.lex, w.spans["divisions"] + w.spans["zones"], w.res.gaz)


@component("companies", reads=("doc", "home", "lexicon"), assigns=("companies", "weak-companies", "candidates"),
           types=(COMPANY,))
def companies(w: Work) -> None:
    """Companies by their endings: offers the sure ones (legal form, group), keeps the weak
    ones (an industry word: …科技) as ``weak-companies`` for ``confirmed`` and ``investors``."""
    strong, weak = find_companies(w.doc, w.res.lex, w.res.names)
    w.spans["weak-companies"] = weak
    w.offer("companies", strong)


@recogniser("projects", reads=("doc", "home", "lexicon"), types=(PROJECT,))
def projects(w: Work) -> list[Candidate]:
    """Projects by their endings and sentence patterns, a leading 市/县 made the home's."""
    doc = w.doc
    return [resolve_relative_name(doc, c) for c in find_projects(doc, w.res.lex)]


@recogniser("events", reads=("doc", "home", "lexicon", "divisions", "zones"), types=(EVENT,))
def events(w: Work) -> list[Candidate]:
    """Named meetings, fairs, forums and congress sessions."""
    return find_events(w.doc, w.res.lex, w.spans["divisions"] + w.spans["zones"])


@recogniser("confirmed", reads=("doc", "weak-companies"), types=(COMPANY,))
def confirmed(w: Work) -> list[Candidate]:
    """The weak companies the text confirms as companies."""
    return confirm_weak(w.doc, w.spans["weak-companies"])


@recogniser("partners", reads=("doc", "lexicon", "companies", "divisions", "zones", "bodies", "projects", "events"),
            types=(COMPANY,))
def partners(w: Work) -> list[Candidate]:
    """Companies named beside a company (与X、Y公司签约), where no other span stands."""
    s = w.spans
    return find_partners(w.doc, w.res.lex, s["companies"], s["divisions"] + s["zones"] + s["bodies"]
                         + s["projects"] + s["events"])


@recogniser("well-known", reads=("doc", "gazetteer", "lexicon", "divisions"), types=(COMPANY,))
def well_known_companies(w: Work) -> list[Candidate]:
    """Well-known enterprises by their short names (kg/data/known_companies.tsv: 比亚迪, 巴斯夫)."""
    return well_known(w.doc, w.res.lex, w.res.names, w.spans["divisions"])


@recogniser("short-names", reads=("doc", "gazetteer", "lexicon", "companies"), types=(COMPANY,))
def short_names(w: Work) -> list[Candidate]:
    """Short forms of the companies the article names in full (…新能源科技有限公司 -> …新能源)."""
    return short_mentions(w.doc, w.res.lex, w.spans["companies"], w.res.names)


@recogniser("known-names", reads=("doc", "known"), types=(COMPANY,))
def known(w: Work) -> list[Candidate]:
    """Names other articles of the corpus recognised (``corpus_names``), as whole words here."""
    return known_names(w.doc, w.known) if w.known else []


@component("enumerations", reads=("doc", "lexicon", "candidates"), assigns=("enumerations",))
def enumerations(w: Work) -> None:
    """Lists (A、B和C等企业) around the company, project and event candidates."""
    spans = [(c.start, c.end) for c in w.candidates if c.type in (PROJECT, COMPANY, EVENT)]
    w.enumerations = find_enumerations(w.doc, w.res.lex, spans)


@recogniser("lists", reads=("doc", "gazetteer", "lexicon", "candidates", "enumerations"), types=(COMPANY, PROJECT))
def lists(w: Work) -> list[Candidate]:
    """List items typed by their list (``type_enumerations``), and short items completed with the
    last item's head (``kg.extract.projects.distribute``)."""
    doc, res, enums = w.doc, w.res, w.enumerations
    listed = type_enumerations(doc, res, w.candidates, enums)
    return listed + distribute(doc, enums, w.candidates + listed, res.names, res.lex)


def overlaps(key=prefer_rules) -> Component:
    """The component that keeps, of every candidate that is a name (``names_only``), those
    ``resolve`` keeps in the order of ``key``: replace it to prefer otherwise."""
    def run(w: Work) -> None:
        w.chosen = resolve(names_only(w.doc, w.res, w.candidates), key)
    return Component("overlaps", run, reads=("doc", "gazetteer", "lexicon", "candidates"), assigns=("chosen",),
                     version=f"1:{key.__module__}.{key.__qualname__}")


@component("short-events", reads=("chosen",), assigns=("chosen",))
def short_events(w: Work) -> None:
    """An event named shorter later in the article is the full one."""
    w.chosen = link_short_events(w.chosen)


@component("owners", reads=("doc", "chosen"), assigns=("chosen",))
def owners(w: Work) -> None:
    """A project written right after its company's name takes the name whole (冠捷公司汽摩配件项目)."""
    w.chosen = owners_in_names(w.doc, w.chosen)


@component("investors", reads=("doc", "gazetteer", "lexicon", "chosen", "candidates", "weak-companies",
                                "divisions"), assigns=("chosen",), types=(COMPANY,))
def investors(w: Work) -> None:
    """A project named after its company (新冶钢综合技改) names that company too: the companies the
    recognisers proposed (before the list passes), brands heading a facility's name, and
    the run of name-like words heading any project's name (``brand_heads_of_projects``)."""
    doc, res, chosen = w.doc, w.res, w.chosen
    projects = [c for c in chosen if c.type == PROJECT]
    found = w.spans["weak-companies"] + [c for c in w.offered_before("lists") if c.type == COMPANY]
    found += brands_in_projects(doc, res.lex, projects, res.names)
    chosen = sorted(chosen + investors_in_names(chosen, found, res.names), key=lambda c: (c.start, c.type))
    places = [c for c in w.spans["divisions"] + [c for c in chosen if c.type == DISTRICT]]
    named = {c.start for c in chosen if c.type == COMPANY}
    heads = [c for c in brand_heads_of_projects(doc, res.lex, projects, places, res.names, frozenset(named))
             if c.start not in named]
    chosen = chosen + heads
    w.chosen = sorted(chosen + brands_again(doc, res.lex, [c for c in chosen if c.type == COMPANY], chosen),
                      key=lambda c: (c.start, c.type))


@component("mentions", reads=("doc", "chosen"), assigns=("mentions",))
def mentions(w: Work) -> None:
    """The kept spans as Mention records (the text as written, the resolved name)."""
    doc = w.doc
    aid, raw = doc.article.id, doc.raw
    w.mentions = tuple(Mention(aid, c.start, c.end, raw[c.start:c.end], c.type, c.name, c.code) for c in w.chosen)


@component("facts", reads=("doc", "home", "gazetteer", "lexicon", "chosen", "mentions", "divisions", "zones"),
           assigns=("facts",))
def facts(w: Work) -> None:
    """The facts the sentences state between mentions (``kg.extract.facts``)."""
    w.facts = find_facts(w.doc, w.res, w.chosen, w.mentions, w.spans["divisions"], zones=w.spans["zones"])


@component("milestones", reads=("doc", "chosen", "mentions", "facts"), assigns=("facts",))
def milestones(w: Work) -> None:
    """Projects' signing, start and completion dates (``kg.extract.lifecycle``)."""
    w.facts += find_milestones(w.doc, w.chosen, w.mentions, w.facts)


def default_components(settings: Settings | None = None) -> list[Component]:
    """The built-in components in the order they run: the CRF only with ``settings.crf_model``."""
    settings = settings or Settings()
    model = []
    if settings.crf_model:
        from kg.extract.crf import crf_component
        model = [crf_component(settings)]
    return [home, divisions, zones, bodies, companies, projects, events, confirmed, partners, well_known_companies, short_names, *model, known,
            enumerations, lists, overlaps(), short_events, owners, investors, mentions, facts, milestones]


# --- components added from outside ---------------------------------------------

_ADDED: list[tuple[Component, str | None, str | None]] = []     # (component, before, after), in order
_BUILT: dict[tuple, Extractor] = {}


def register(new: Component, *, before: str | None = None, after: str | None = None) -> Component:
    """Add a component to every extractor made from now on (``extractor()``, so ``kg.pipeline.build``):
    before or after a named component; else one of the same name is replaced in its place
    (``register(overlaps(key=...))`` changes the overlap policy), and a new one goes after the
    recognisers (before ``enumerations``), so that the list passes and the overlap resolution
    see its spans. Returns it (a decorator can register). Registering a name again replaces
    what was registered under it."""
    if not isinstance(new, Component):
        raise UsageError(f"{new!r} is not a kg.extract.Component: make it with @recogniser or Component(...)")
    if before is not None and after is not None:
        raise UsageError("place a component before one component or after one, not both")
    unregister(new.name)
    _ADDED.append((new, before, after))
    _BUILT.clear()
    return new


def unregister(name: str) -> None:
    """Take out a component ``register`` added (nothing if there is none of that name)."""
    _ADDED[:] = [entry for entry in _ADDED if entry[0].name != name]
    _BUILT.clear()


def registered() -> tuple[Component, ...]:
    """The components ``register`` added, in the order added."""
    return tuple(c for c, _, _ in _ADDED)


@lru_cache(maxsize=1)
def installed_components() -> tuple[Component, ...]:
    """The components installed packages declare in the ``kg.recognisers`` entry-point group
    (each a Component, or a list of them), sorted by entry-point name; loaded once per process."""
    out: list[Component] = []
    for ep in sorted(entry_points(group=ENTRY_POINTS), key=lambda e: (e.name, e.value)):
        try:
            loaded = ep.load()
        except Exception as err:            # noqa: BLE001 -- a broken plug-in is the user's to fix
            raise UsageError(f"the {ENTRY_POINTS} entry point {ep.name} = {ep.value} does not load "
                             f"({type(err).__name__}: {err}): fix or uninstall the package that declares it") from None
        items = loaded if isinstance(loaded, (list, tuple)) else [loaded]
        for item in items:
            if not isinstance(item, Component):
                raise UsageError(f"the {ENTRY_POINTS} entry point {ep.name} = {ep.value} is not a kg.extract.Component")
            out.append(item)
    return tuple(out)


def refresh() -> None:
    """Read the ``kg.recognisers`` entry points again (a package installed while this process
    runs) and forget the extractors made so far."""
    installed_components.cache_clear()
    _BUILT.clear()


def extractor(settings: Settings | None = None) -> Extractor:
    """The extractor for these settings (default: ``Settings()``, the environment's): the built-in
    components, then the installed ones and the registered ones in their places. Made once."""
    settings = settings or Settings()
    key = (settings.crf_model, settings.crf_types, settings.crf_long, settings.crf_min_confidence)
    made = _BUILT.get(key)
    if made is None:
        made = Extractor(default_components(settings))
        added = [(c, None, None) for c in installed_components()] + list(_ADDED)
        for c, before, after in added:
            if c.name in made.names:
                if before is None and after is None:    # one of the same name, in its place
                    made = made.replaced(c.name, c)
                    continue
                made = made.without(c.name)
            if before is None and after is None:
                before = ADDED_BEFORE if ADDED_BEFORE in made.names else None
            made = made.inserted(c, before=before, after=after)
        if len(_BUILT) > 8:
            _BUILT.clear()
        _BUILT[key] = made
    return made
