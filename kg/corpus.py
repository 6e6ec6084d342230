"""Extraction over a corpus: both passes of ``extract_article`` over every article.

Pass 1 reads each article alone. Its company names make the corpus names
(``corpus_names``); pass 2 runs again on an article where one of them occurs,
written as a name but not recognised there. It is given only the corpus names
that occur in the article's Simplified view, which is all ``extract_article``
can match, so its result, and its cache key, depend on the article and those
names alone. The same results as running ``extract_article`` with all corpus
names, and the same whether run here or in workers (``kg.runner``), cached or not
(``kg.cache``: a value's key is the article's and that of the corpus names it
was given, if any). jieba runs once per article: pass 2 is given pass 1's tokens, and
the work done before the first component that reads the corpus names
(``Extractor.resume_at``), from which it runs on.

``compact`` keeps each article's results pickled (a fifth of the memory of the
records) and returns them as ``Extractions``, which makes the records again each
time it is read: for corpora too large to hold as records.
"""
from __future__ import annotations

import hashlib
import pickle
from typing import Callable, Iterator

from kg.cache import ExtractionCache, article_key, entry_key
from kg.collector import long_lived
from kg.extract import Extraction, Resources, corpus_names, extract_article, extractor, load_resources
from kg.extract.matcher import NameMatcher
from kg.extract.text import jieba_ready, prepare_jieba, simplified, token_lengths, tokenize, tokens_from_lengths
from kg.records import Article, Fact, Mention
from kg.runner import Warmup, Workers

# (mentions, facts, home code): an Extraction less its article, as workers return it
Result = tuple[tuple[Mention, ...], tuple[Fact, ...], str]
# corpus names found in an article: (in its title or body as written, in its Simplified view)
Found = tuple[tuple[str, ...], tuple[str, ...]]

FIND_CHUNK = 512        # articles per search for corpus names (each task carries all the names)
DELTA_SCAN_MAX = 64     # up to this many new corpus names, cached articles are searched for them here
CACHE_WRITES = 2_000    # results written to the cache at a time (not all held until the end)
NAMES_FOUND = "corpus names found"      # the inputs of an article's names-found entry in the cache
NAMES_META = "corpus names"             # the cache's meta key of the last corpus names

# what extraction workers need: the resources, and jieba's dictionary shared when the job is large
WARMUP = Warmup(load=load_resources, heavy=prepare_jieba, heavy_ready=jieba_ready)


def extraction_workers(count: int | None, articles: int) -> Workers:
    """Workers for extracting that many articles (``count`` None or 0: one per core)."""
    return Workers(count, articles, WARMUP)


def extract_corpus(articles: tuple[Article, ...] | list[Article], res: Resources, *,
                   workers: Workers | None = None, cache: ExtractionCache | None = None,
                   progress: Callable[[int], None] | None = None,
                   compact: bool = False) -> "list[Extraction] | Extractions":
    """Both extraction passes over all articles; one Extraction per article, in their order."""
    workers = workers or extraction_workers(1, 0)
    keys = [article_key(a) for a in articles] if cache is not None else None
    # without a cache, pass 1 finds only the mentions (what the corpus names are made of): the
    # facts of an article are found once, by pass 2, or for an article pass 2 leaves alone by
    # resuming its pass 1 (``Extractor.defer_at``); a cache keeps whole results of pass 1
    partial = cache is None and extractor().can_defer
    first, kept = cached_map(extract_one, [(a, None, None, partial) for a in articles],
                               [entry_key(k) for k in keys] if keys else None,
                               workers, cache, progress=progress, compact=compact, weight=_length)
    with long_lived():
        known = corpus_names(Extraction(a, *_unpack(r)) for a, r in zip(articles, first))
        second = _second_pass_names(articles, first, _find_names(articles, keys, known, workers, cache), known)
        order = sorted(second) if not partial else range(len(articles))
        again, _ = cached_map(extract_one, [(articles[i], second.get(i, {}), kept.get(i)) for i in order],
                              [entry_key(keys[i], names_listing(second[i])) for i in order] if keys else None,
                              workers, cache, compact=compact, weight=_length)
        results = first
        for i, r in zip(order, again):
            results[i] = r
        if compact:
            return Extractions(articles, results)
        return [Extraction(a, *r) for a, r in zip(articles, results)]


def _second_pass_names(articles, first, found: list[Found], known: dict[str, str]) -> dict[int, dict[str, str]]:
    """index -> the corpus names pass 2 is given, for the articles that need pass 2: those
    where a corpus name is written but was not recognised by pass 1."""
    order = {name: i for i, name in enumerate(known)}
    second: dict[int, dict[str, str]] = {}
    for i, (raw, simp) in enumerate(found):
        if not raw:
            continue
        seen = {m.text for m in _unpack(first[i])[0]}
        if any(name not in seen for name in raw):
            names = sorted(simp, key=order.__getitem__)
            if names:       # with no corpus name to match, pass 2 is pass 1 again
                second[i] = {name: known[name] for name in names}
    return second


def names_listing(known: dict[str, str]) -> str:
    """A set of corpus names (and their types) as one string: an input of a cache key."""
    return "\n".join(f"{name}\t{type_}" for name, type_ in known.items())


def cached_map(fn: Callable, items: list, keys: list[str] | None, workers: Workers,
               cache: ExtractionCache | None, *, progress: Callable[[int], None] | None = None,
               compact: bool = False, weight: Callable | None = None) -> tuple[list, dict[int, object]]:
    """fn over items in the workers, each value read from the cache under its key if there,
    else computed (and then cached): (the values in the items' order, {index: aside}
    of the items computed). fn gives (value, aside): only the value is cached.

    The items to compute are sent to the workers first, then the cached values are
    read while they work: a re-run with a few new articles loads jieba's dictionary
    in a worker at the same time as this process reads the cache. With ``compact``
    the values are kept pickled. With ``weight`` (an item's expected cost), the heaviest
    items are sent first, so the workers end together instead of one finishing a long
    article alone; the values are still given in the items' order.
    """
    present = cache.has(keys) if cache is not None else set()
    todo = [i for i in range(len(items)) if cache is None or keys[i] not in present]
    if weight is not None and workers.count > 1:
        todo.sort(key=lambda i: -weight(items[i]))      # stable: equal weights keep their order
    pending = workers.map_async(fn, [items[i] for i in todo], progress)
    stored = cache.get([k for k in keys if k in present], raw=compact) if cache is not None else {}
    values: list = [stored.get(k) for k in keys] if cache is not None else [None] * len(items)
    del stored
    if progress and len(todo) < len(items):
        progress(len(items) - len(todo))
    fresh, asides = {}, {}
    for i, (value, aside) in zip(todo, pending()):
        values[i] = value = _pack(value) if compact else value
        asides[i] = aside
        if cache is not None:
            fresh[keys[i]] = value
            if len(fresh) >= CACHE_WRITES:
                cache.put(fresh, raw=compact)
                fresh = {}
    if cache is not None:
        cache.put(fresh, raw=compact)
    return values, asides


def _length(task: tuple) -> int:
    """An extraction task's expected cost: its article's length."""
    return len(task[0].title) + len(task[0].text)


def _pack(result: Result) -> bytes:
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(result: "Result | bytes") -> Result:
    return pickle.loads(result) if type(result) is bytes else result


class Extractions:
    """The Extractions of a corpus kept pickled, one per article, in the articles' order:
    a sequence whose items are made when read (``extract_corpus(compact=True)``)."""

    def __init__(self, articles, packed: list[bytes]):
        self.articles, self.packed = articles, packed

    def __len__(self) -> int:
        return len(self.packed)

    def __getitem__(self, i: int) -> Extraction:
        return Extraction(self.articles[i], *pickle.loads(self.packed[i]))

    def __iter__(self) -> Iterator[Extraction]:
        for article, packed in zip(self.articles, self.packed):
            yield Extraction(article, *pickle.loads(packed))


def _find_names(articles, keys: list[str] | None, known: dict[str, str], workers: Workers,
                cache: ExtractionCache | None) -> list[Found]:
    """Which corpus names occur in each article (see ``find_names``).

    With a cache, an article searched before for an older set of corpus names is
    searched now only for the names that set lacked (when there are few of them).
    """
    version = hashlib.sha1(names_listing(known).encode("utf-8")).hexdigest()[:16]   # of the whole set
    shared = (version, tuple(known))
    if cache is None:
        return workers.map(find_names_with, list(articles), shared=shared, size=FIND_CHUNK)
    entries = [entry_key(k, NAMES_FOUND) for k in keys]
    stored = cache.get(entries, counted=False)
    old_version, old_names = cache.get_meta(NAMES_META, ("", ()))
    old_set = set(old_names)
    added = [n for n in known if n not in old_set]
    found: list[Found | None] = [None] * len(articles)
    for i, a in enumerate(articles):
        entry = stored.get(entries[i])
        if entry is None:
            continue
        entry_version, raw, simp = entry
        if entry_version == version:
            found[i] = (raw, simp)
        elif entry_version == old_version and len(added) <= DELTA_SCAN_MAX:
            raw = [n for n in raw if n in known] + [n for n in added if n in a.title or n in a.text]
            view = simplified(a.title + "\n" + a.text) if added else ""
            simp = [n for n in simp if n in known] + [n for n in added if n in view]
            found[i] = (tuple(sorted(raw)), tuple(sorted(simp)))
    todo = [i for i in range(len(articles)) if found[i] is None]
    found_now = workers.map(find_names_with, [articles[i] for i in todo], shared=shared, size=FIND_CHUNK)
    for i, f in zip(todo, found_now):
        found[i] = f
    changed = {entries[i]: (version, *found[i]) for i in range(len(articles))
               if stored.get(entries[i], ("",))[0] != version}
    cache.put(changed)
    cache.put_meta(NAMES_META, (version, tuple(known)))
    return found


def find_names(article: Article, matcher: NameMatcher) -> Found:
    """The matcher's names that occur in the article's title or body, and in its Simplified view."""
    raw = article.title + "\n" + article.text
    in_raw = matcher.occurring(raw)
    view = simplified(raw)
    in_view = in_raw if view == raw else matcher.occurring(view)
    # a name without a line break lies wholly in the title or in the body
    return tuple(sorted(n for n in in_raw if "\n" not in n)), tuple(sorted(in_view))


# --- what the workers run -----------------------------------------------------

def extract_one(task: tuple) -> tuple[Result, tuple[bytes, bytes | None] | None]:
    """Worker: extract_article on (article, corpus names, what pass 1 kept of it if known[,
    partial]); the result without the article, and what pass 2 needs of pass 1: the article's
    tokens (``token_lengths``) and the work done before the corpus names are read
    (``Work.saved``); None after pass 2. With ``partial`` (pass 1), only the mentions
    (``extract_article``), and also the work done up to them: a pass 2 with no corpus names
    (``{}``) then gives the whole result, running only the components after the mentions."""
    article, known, kept, *rest = task
    partial = bool(rest and rest[0])
    # the tokens extract_article's Doc reads: found here once, and kept for pass 2
    view = simplified(article.title + "\n" + article.text)
    if kept is None:
        tokens, saved = tokenize(view), []
        ex = extract_article(article, load_resources(), known, tokens=tokens, keep=saved if known is None else None,
                             partial=partial and known is None)
        kept = token_lengths(tokens), saved[0] if saved else None, saved[1] if len(saved) > 1 else None
    else:
        lengths, state, late = kept
        # with no corpus names, a partial pass 1 is resumed from after its mentions (``Extractor.__call__``)
        ex = extract_article(article, load_resources(), known, tokens=tokens_from_lengths(view, lengths),
                             resume=state, resume_late=late if not known else None)
        kept = None         # pass 2 keeps nothing: not sent back
    return (ex.mentions, ex.facts, ex.home_code), kept


def warm_up(article: Article) -> None:
    """Both passes over one article here, the result dropped: what extraction loads on first
    use (word lists, tag tables, models: 0.2 s) is then loaded in this process, and a pool
    forked after shares it instead of each worker loading its own (``kg.pipeline.build``)."""
    _, kept = extract_one((article, None, None, True))
    extract_one((article, {}, kept))


_MATCHERS: dict[str, NameMatcher] = {}      # per process: the matcher of the current corpus names


def find_names_with(names: tuple[str, tuple[str, ...]], article: Article) -> Found:
    """Worker: find_names with the (version, names) given, its matcher built once per set of names."""
    version, listed = names
    matcher = _MATCHERS.get(version)
    if matcher is None:
        _MATCHERS.clear()
        matcher = _MATCHERS[version] = NameMatcher(listed)
    return find_names(article, matcher)
