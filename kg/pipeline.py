"""The one place that orders the stages: parse -> dedup -> extract -> link -> graph -> validate -> export.

Each stage is its own module; this one only runs them in order and times them
(``kg build --timings``):

- parse      ``kg.parse.read_articles``: article files -> ``Article`` records;
- dedup      ``kg.dedup.merge_reposts``: a reposted story is one article (in a forked
             process while this one loads the extraction's resources, ``dedup_aside``);
- extract    ``kg.corpus.extract_corpus``: both passes of ``kg.extract.extract_article``
             over the corpus, in worker processes (``kg.runner``), cached on disk with
             ``Settings.cache`` (``kg.cache``) so a re-run extracts only what changed;
- link       ``kg.link.link``: mentions -> entities and relations;
- graph      ``Build.blocks`` / ``Build.graph`` (``kg.graph``), made from the records on demand;
- validate   ``kg.validate.check``: the SHACL check of the graph as it streams;
- export     ``write_outputs`` (``kg.export.outputs``): graph.ttl and graph.html.

The graph is never held whole. Above COMPACT_ABOVE articles a build is compact: the
extractions are kept pickled and nothing is forked after extraction, so 100,000
articles build in bounded memory.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Callable, Iterator

from rdflib import Graph

from kg.cache import ExtractionCache, extractor_identity
from kg.collector import gc_paused
from kg.corpus import WARMUP, Extractions, extract_corpus, extraction_workers, warm_up
from kg.dedup import merge_reposts
from kg.errors import InputError
from kg.export.outputs import start_page, write_outputs
from kg.extract import Extraction, load_resources
from kg.graph import Block, blocks, build_graph
from kg.link import Linked, link
from kg.parse import read_articles
from kg.records import Article
from kg.runner import Forked, can_fork, default_workers, timed
from kg.settings import Settings

__all__ = ["Build", "build", "write_outputs", "COMPACT_ABOVE"]

# above this many articles a build keeps extractions pickled and writes without
# forking: memory matters more than seconds (2 GiB for 100,000 articles)
COMPACT_ABOVE = 20_000


@dataclass(frozen=True)
class Build:
    """Everything one build produced: the records, and the graph made of them.

    The graph is written from the records as a stream (``blocks``); the
    ``rdflib.Graph`` is made only when something asks for ``graph``.
    """

    articles: tuple[Article, ...]
    extractions: tuple[Extraction, ...]
    linked: Linked
    warnings: tuple[str, ...]
    base_iri: str = Settings().base_iri
    timings: dict = field(default_factory=dict, compare=False)   # stage -> wall seconds (``kg build --timings``)
    notes: tuple[str, ...] = field(default=(), compare=False)    # the repost decisions (``kg build -v``)
    compact: bool = field(default=False, compare=False)          # above COMPACT_ABOVE articles: fork nothing more
    page: object = field(default=None, compare=False, repr=False)  # graph.html being drawn (``build(page=True)``)

    def blocks(self, part: tuple[int, int] = (0, 1)) -> Iterator[Block]:
        """The graph's subject blocks, in the order graph.ttl lists them (or one part of them)."""
        return blocks(self.articles, self.linked, base_iri=self.base_iri, part=part)

    @cached_property
    def graph(self) -> Graph:
        """The whole graph as an rdflib.Graph (made on first use)."""
        with gc_paused():
            return build_graph(self.articles, self.linked, base_iri=self.base_iri)

    @cached_property
    def triple_count(self) -> int:
        """The number of triples in the graph (without making it)."""
        if "graph" in self.__dict__:
            return len(self.graph)
        return sum(len(objects) for _, props in self.blocks() for objects in props.values())


def dedup_aside(articles: int, settings: Settings) -> bool:
    """Whether reposts are merged in a forked process while this one loads the extraction's
    resources: with more than one worker, on a platform that forks, for a build that is not
    compact (its articles would be sent back whole)."""
    return (settings.workers or default_workers()) > 1 and can_fork() and articles <= COMPACT_ABOVE


def _merged(articles: tuple[Article, ...], settings: Settings) -> tuple[tuple[Article, ...], list[str]]:
    """The articles with reposts merged (``kg.dedup.merge_reposts``), and its decisions."""
    notes: list[str] = []
    merged = merge_reposts(articles, threshold=settings.repost_threshold,
                           window_days=settings.repost_window_days, log=notes.append)
    return tuple(merged), notes


def build(paths: list[str | Path], settings: Settings = Settings(),
          progress: Callable[[int], None] | None = None, *, keep_text: bool = True, page: bool = False) -> Build:
    """Read articles, extract, link and make the graph; validate it if asked.

    Without ``keep_text`` the result keeps neither the extractions nor the articles'
    bodies, which the graph and the page do not need (a third of a large build's memory).
    With ``page`` (for ``write_outputs``, as ``kg build`` does), graph.html starts being
    drawn in a forked process as soon as the records are linked, while the graph is
    validated (``Build.page``; where ``write_outputs`` would draw it aside).
    """
    timings: dict[str, float] = {}
    with timed(timings, "parse"):
        parsed = read_articles(paths, forced=settings.format_in, fields=dict(settings.fields))
    warnings = parsed.warnings
    if settings.strict and parsed.warnings:     # before the long work, not after it
        raise InputError(f"{len(parsed.warnings)} warning(s), first: {parsed.warnings[0]}",
                         hint="fix the input or drop --strict")
    notes: list[str] = []
    dedup = None
    if not settings.keep_reposts and len(parsed.articles) > 1:
        if dedup_aside(len(parsed.articles), settings):
            # in a forked process, while this one loads what extraction needs (the two take a second each)
            dedup = Forked(partial(_merged, parsed.articles, settings))
        else:
            with timed(timings, "dedup"):
                merged, notes = _merged(parsed.articles, settings)
                parsed = dataclasses.replace(parsed, articles=merged)
    try:
        with timed(timings, "resources"):
            res = load_resources()
            if dedup is not None and not settings.cache:
                WARMUP.heavy()      # jieba's dictionary: extraction loads it first thing (a cache may spare it)
                warm_up(parsed.articles[0])     # and what its rules load on first use, once for all workers
        if dedup is not None:
            with timed(timings, "dedup"):
                merged, notes = dedup.wait()
                parsed = dataclasses.replace(parsed, articles=merged)
    finally:
        if dedup is not None:
            dedup.close()       # at once on an error or Ctrl-C: it holds the terminal too
    # the cache keys on the extractor's identity: its rules, data files and model
    cache = ExtractionCache(settings.cache, identity=extractor_identity(settings)) if settings.cache else None
    compact = len(parsed.articles) > COMPACT_ABOVE
    try:
        with timed(timings, "extract"), extraction_workers(settings.workers, len(parsed.articles)) as workers:
            extractions = extract_corpus(parsed.articles, res, workers=workers, cache=cache, progress=progress,
                                         compact=compact)
    finally:
        if cache is not None:
            cache.close()
    articles = parsed.articles
    if not keep_text:       # the graph and the page need no article bodies
        articles = tuple(dataclasses.replace(a, text="") for a in articles)
        if compact:
            extractions = Extractions(articles, extractions.packed)
        del parsed
    with timed(timings, "link"), gc_paused():
        linked = link(extractions, res)
    if not keep_text:
        extractions = []
    result = Build(articles, tuple(extractions), linked, warnings, settings.base_iri, timings, tuple(notes),
                   compact)
    if page and settings.validate:
        object.__setattr__(result, "page", start_page(result, settings))
    if settings.validate:
        from kg.validate import check       # pySHACL's import is slow: only when validating
        try:
            with timed(timings, "validate"):
                check(result)
        except BaseException:
            if result.page is not None:
                result.page.close()
            raise
    return result
