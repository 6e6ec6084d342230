"""The article's own place: the province it is read in, and the division it is about.

``set_home`` fills ``Doc.region``, ``Doc.home``, ``Doc.home_chain`` and
``Doc.context_codes`` from the article's 【tag】, title and body start (the
``home`` component, first of the extractor: ``kg.extract.components``). Reads the
gazetteer and ``kg/data/tag_noise.txt``, ``kg/data/home_sources.tsv``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.doc import Doc
from kg.extract.gazetteer import disambiguate
from kg.extract.lexicon import home_sources, tag_noise, words
from kg.extract.matcher import every_in, matcher_for, remember
from kg.extract.text import simplified

NOT_A_PLACE_AFTER = frozenset(words("not_place_after.txt"))

if TYPE_CHECKING:
    from kg.extract import Resources


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
    picked = _PICKED
    index = (id(names), len(names))
    if len(picked) > 100_000:
        picked.clear()
    for i, ends in every_in(matcher_for(res.names, res.max_len), text):
        if i < skip_to:
            continue
        for end in ends:                    # longest first
            s = text[i:end]
            if text[end:end + 1] in NOT_A_PLACE_AFTER and not any(d.name == s for d in names[s]):
                continue                    # 大冶湖, 武汉路: a short name inside another name
            key = (index, s, region, towns)
            hit = picked.get(key)
            if hit is None:
                hit = picked[key] = _pick(names, s, region, towns)
            found, best = hit
            if found:
                if best is not None:
                    out.append(best)
                skip_to = end
                break
    return out


# ((id and size of the name index), name, region, towns) -> _pick's answer: the same names recur in every article
_PICKED: dict[tuple, tuple[bool, object]] = {}


def _pick(names: dict, s: str, region: tuple[str, ...], towns: bool) -> tuple[bool, object]:
    """Whether a name counts as a division here (``_divisions_in``), and the one it names."""
    found = [d for d in names[s] if (towns or d.level != "town") and (
        d.name == s or d.level in ("province", "city")
        or d.level == "county" and (not region or any(d.code.startswith(r) for r in region)))]
    return bool(found), (disambiguate(found, region, name=s) if found else None)


def _home_parts(doc: Doc) -> dict[str, str]:
    """Where an article says where it is: its tag (less words like 招商), title, body start."""
    tag = simplified(doc.article.source)
    for noise in tag_noise():
        tag = tag.replace(noise, "")
    return {"tag": tag, "title": doc.text[: doc.body_offset],
            "body": doc.text[doc.body_offset:doc.body_offset + 2000]}


def home_region(parts: dict[str, str], res: Resources) -> str:
    """The province an article is about: the one its tag, title and body (``_home_parts``)
    name most (the tag counting most: kg/data/home_sources.tsv), else the lexicon's default region."""
    votes: dict[str, int] = {}
    first: dict[str, int] = {}
    weight = home_sources()
    for where, text in parts.items():
        for d in _divisions_in(text, res, (), towns=False):
            votes[d.code[:2]] = votes.get(d.code[:2], 0) + weight[where]
            first.setdefault(d.code[:2], len(first))
    if not votes:
        return res.lex.default_region
    return max(votes, key=lambda p: (votes[p], p == res.lex.default_region, -first[p]))


BODY_MAJORITY = 3      # times the body must name a place under the home to be about it


def find_home(parts: dict[str, str], res: Resources, region: str):
    """The article's own place: its 【tag】's (黄冈招商 -> 黄冈市), made more specific by a
    place under it in the title (浠水县…); else the title's; else the body's most named.
    Places are read within ``region``, the province the article names most. When the title
    names no place (or only a province), the home gives way to a city or county under it
    that the body names more often than the home and at least BODY_MAJORITY times
    (湖州招商 over a body about 长兴县)."""
    def named(where: str) -> list:
        return [d for d in _divisions_in(parts[where], res, (region,)) if d.code.startswith(region)]
    tagged, titled = named("tag"), named("title")
    counts = {}
    for d in named("body"):
        counts[d] = counts.get(d, 0) + 1
    if tagged:
        home = tagged[0]
        under = [d for d in titled if d.code != home.code and home.code in {a.code for a in res.gaz.ancestors(d.code)}
                 and d.level in ("county", "city")]
        if under:
            return under[0]
        return home if titled else _body_focus(home, counts, res)
    if titled:
        home = max(titled, key=lambda d: ("province", "city", "county", "town").index(d.level))
        return _body_focus(home, counts, res) if home.level == "province" else home
    if counts:
        return max(counts, key=lambda d: (counts[d], d.code))
    return None


def _body_focus(home, counts: dict, res: Resources):
    """The city or county under ``home`` the body names most, if named more than home and at
    least BODY_MAJORITY times; else home."""
    below = [d for d in counts if d.level in ("city", "county") and d.code != home.code
             and home.code in {a.code for a in res.gaz.ancestors(d.code)}]
    if not below:
        return home
    best = max(below, key=lambda d: (counts[d], d.code))
    return best if counts[best] >= BODY_MAJORITY and counts[best] > counts.get(home, 0) else home


def _scan_parts(doc: Doc, parts: dict[str, str], res: Resources) -> None:
    """The title's and the body start's names (``every_in``) read from one scan of the whole
    text (which ``kg.extract.districts`` reads too): a name lies within the title or the
    body, and within the body's start if it ends there."""
    matcher = matcher_for(res.names, res.max_len)
    hits = every_in(matcher, doc.text)
    offset = doc.body_offset
    limit = offset + len(parts["body"])
    title = [(i, ends) for i, ends in hits if i < offset]
    body = []
    for i, ends in hits:
        if offset <= i < limit:
            inside = [end - offset for end in ends if end <= limit]
            if inside:
                body.append((i - offset, inside))
    remember(matcher, parts["title"], title)
    remember(matcher, parts["body"], body)


def set_home(doc: Doc, res: Resources) -> None:
    """Fill doc.region (province code), doc.home, doc.home_chain (level -> division) and doc.context_codes."""
    parts = _home_parts(doc)
    _scan_parts(doc, parts, res)
    doc.region = home_region(parts, res)
    home = find_home(parts, res, doc.region)
    doc.home = home
    chain = {}
    if home is not None:
        for d in [home, *res.gaz.ancestors(home.code)]:
            chain.setdefault(d.level, d)
    doc.home_chain = chain
    doc.context_codes = tuple(d.code for d in chain.values())
