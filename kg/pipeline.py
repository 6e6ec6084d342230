"""The one place that orders the stages: parse -> extract -> link -> graph -> validate -> export.

Extraction is per article, so it runs in ``Settings.workers`` processes (forked
where the platform can, after the gazetteer and jieba's dictionary are loaded, so
they load once); results come back in article order, and any number of workers
writes the same bytes. Its two passes are in ``extract_corpus``. With
``Settings.cache`` every article's results are kept on disk (``kg.cache``) and a
re-run extracts only what changed.

The graph is never held whole: graph.ttl is streamed from the records
(``kg.graph.blocks``), in parts by forked processes, while another draws
graph.html from the records. Above COMPACT_ABOVE articles the extractions are
kept pickled and nothing is forked after extraction, so 100,000 articles build
in bounded memory. ``kg build --timings`` prints each stage's wall time.
"""
from __future__ import annotations

import dataclasses
import gc
import hashlib
import multiprocessing
import os
import pickle
import signal
import shutil
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Callable, Iterator

from rdflib import RDF, RDFS, SH, Graph, Literal

from kg.cache import ExtractionCache, article_key, known_key, names_version
from kg.collector import gc_paused, long_lived
from kg.errors import InputError, ValidationError
from kg.extract import Extraction, Resources, corpus_names, extract_article, load_resources
from kg.extract.matcher import NameMatcher
from kg.extract.text import given_tokens, jieba_ready, prepare_jieba, simplified, token_lengths, tokenize, tokens_from_lengths
from kg.graph import Block, blocks, build_graph, namespaces
from kg.link import Linked, link
from kg.dedup import merge_reposts
from kg.parse import read_articles
from kg.records import Article, Fact, Mention
from kg.settings import Settings

# (mentions, facts, home code): an Extraction less its article, as workers return it
Result = tuple[tuple[Mention, ...], tuple[Fact, ...], str]
# corpus names found in an article: (in its title or body as written, in its Simplified view)
Found = tuple[tuple[str, ...], tuple[str, ...]]

CHUNK = 8               # articles per task: enough to amortise pickling, few enough that workers end together
FIND_CHUNK = 512        # articles per search for corpus names (each task carries all the names)
MIN_PER_WORKER = 8      # fewer articles than this per worker are not worth a process
DELTA_SCAN_MAX = 64     # up to this many new corpus names, cached articles are searched for them here
TURTLE_PART_MIN_ARTICLES = 500    # smaller graphs are written in one process (a fork costs more)
VALIDATE_ALL_MAX = 200_000   # triples: pySHACL (check(engine="pyshacl")) checks larger graphs on a sample
# above this many articles a build keeps extractions pickled and writes without forking:
# memory matters more than seconds (2 GiB for 100,000 articles)
COMPACT_ABOVE = 20_000
CACHE_WRITES = 2_000        # results written to the cache at a time (not all held until the end)


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


def build(paths: list[str | Path], settings: Settings = Settings(),
          progress: Callable[[int], None] | None = None, *, keep_text: bool = True) -> Build:
    """Read articles, extract, link and make the graph; validate it if asked.

    Without ``keep_text`` the result keeps neither the extractions nor the articles'
    bodies, which the graph and the page do not need (a third of a large build's memory).
    """
    timings: dict[str, float] = {}
    with timed(timings, "parse"):
        parsed = read_articles(paths, forced=settings.format_in, fields=dict(settings.fields))
    warnings = parsed.warnings
    if settings.strict and parsed.warnings:     # before the long work, not after it
        raise InputError(f"{len(parsed.warnings)} warning(s), first: {parsed.warnings[0]}",
                         hint="fix the input or drop --strict")
    notes: list[str] = []
    if not settings.keep_reposts and len(parsed.articles) > 1:
        with timed(timings, "dedup"):
            parsed = dataclasses.replace(parsed, articles=tuple(
                merge_reposts(parsed.articles, threshold=settings.repost_threshold,
                              window_days=settings.repost_window_days, log=notes.append)))
    with timed(timings, "resources"):
        res = load_resources()
    cache = ExtractionCache(settings.cache) if settings.cache else None
    compact = len(parsed.articles) > COMPACT_ABOVE
    try:
        with timed(timings, "extract"), Workers(settings.workers, len(parsed.articles)) as workers:
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
    result = Build(articles, tuple(extractions), linked, warnings, settings.base_iri, timings, tuple(notes))
    if settings.validate:
        with timed(timings, "validate"):
            check(result)
    return result


@contextmanager
def timed(timings: dict[str, float], stage: str):
    """Add the block's wall time to timings[stage]."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def check(source: "Build | Graph", *, limit: int = VALIDATE_ALL_MAX, engine: str = "fast") -> None:
    """The SHACL check of a build (or a graph); ValidationError if it does not conform.

    The fast engine (``kg.shapes``) checks the whole graph as it streams from the
    records, at a small fraction of the build's time. ``engine="pyshacl"`` runs
    pySHACL: on the whole graph up to ``limit`` triples, else on a sample."""
    from kg.validate import validate_blocks, validate_graph
    sampled = ""
    if engine == "fast":
        stream = source.blocks if isinstance(source, Build) else (lambda: _graph_blocks(source))
        with gc_paused():
            report = validate_blocks(stream)
    else:
        total = source.triple_count if isinstance(source, Build) else len(source)
        if total <= limit:
            report = validate_graph(source.graph if isinstance(source, Build) else source, engine="pyshacl")
        else:
            data, shapes = validation_sample(source, limit=limit)
            with tempfile.TemporaryDirectory(prefix="kg-shapes-") as folder:
                path = Path(folder) / "shapes.ttl"
                shapes.serialize(str(path), format="turtle")
                report = validate_graph(data, shapes_path=path, engine="pyshacl")
            sampled = f" (checked on a sample of {len(data):,} of its {total:,} triples)"
    if not report.conforms:
        raise ValidationError(f"the graph does not conform to ontology/shapes.ttl{sampled}:\n  "
                              + "\n  ".join(report.problems))


def _graph_blocks(graph: Graph) -> Iterator[Block]:
    from kg.validate import graph_blocks
    return graph_blocks(graph)


def validation_sample(source: "Build | Graph", *, limit: int = VALIDATE_ALL_MAX) -> tuple[Graph, Graph]:
    """A fixed sample of the graph's nodes for the SHACL check: (data, shapes).

    pySHACL takes minutes and gigabytes for millions of triples. Every shape is
    about one focus node, its own triples and the types of the nodes they point
    to; so the data keeps each sampled node with all its triples, and the types of
    the nodes they point to, and the shapes target exactly the sampled nodes that
    the real targets would (``sh:targetNode`` for ``sh:targetClass`` and the rest).
    Each sampled node is checked as in the whole graph. Nodes are kept by a hash of
    their IRI (the same sample every run), about limit / 2 triples in all. The
    graph is read as a stream of subject blocks, twice: a build is never held whole.
    ``kg validate graph.ttl`` checks a whole file.
    """
    from kg.vocab import ONTOLOGY_FILE, SHAPES_FILE
    if isinstance(source, Build):
        total, stream, bound = source.triple_count, source.blocks, namespaces(source.base_iri)
    else:
        total, stream, bound = len(source), lambda: _graph_blocks(source), list(source.namespaces())
    share = int((limit / 2) / max(1, total) * 2**32)

    def sampled(node) -> bool:
        return int(hashlib.sha1(str(node).encode("utf-8")).hexdigest()[:8], 16) < share

    shapes = Graph().parse(str(SHAPES_FILE), format="turtle")
    ontology = Graph().parse(str(ONTOLOGY_FILE), format="turtle")
    objects_of = set(shapes.objects(None, SH.targetObjectsOf))
    data = Graph()
    for prefix, namespace in bound:
        data.bind(prefix, namespace, override=True)
    focus, pointed, object_of = [], set(), set()
    for s, props in stream():             # the sampled nodes' triples
        keep = sampled(s)
        if keep:
            focus.append(s)
        for p, objects in props.items():
            for o in objects:
                if keep:
                    data.add((s, p, o))
                    if not isinstance(o, Literal):
                        pointed.add(o)
                if p in objects_of and not isinstance(o, Literal) and sampled(o):
                    object_of.add((p, o))
    for s, props in stream():             # the types of the nodes they point to
        if s in pointed:
            for t in props.get(RDF.type, ()):
                data.add((s, RDF.type, t))
    for shape in set(shapes.subjects(SH.targetClass)) | set(shapes.subjects(SH.targetObjectsOf)) \
            | set(shapes.subjects(SH.targetSubjectsOf)) | set(shapes.subjects(SH.targetNode)):
        classes = {c for t in shapes.objects(shape, SH.targetClass)
                   for c in ontology.transitive_subjects(RDFS.subClassOf, t)}
        shape_objects_of = set(shapes.objects(shape, SH.targetObjectsOf))
        subjects_of = set(shapes.objects(shape, SH.targetSubjectsOf))
        nodes = set(shapes.objects(shape, SH.targetNode))
        for target in (SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf, SH.targetNode):
            shapes.remove((shape, target, None))
        for node in focus:
            if (node in nodes or any(t in classes for t in data.objects(node, RDF.type))
                    or any((p, node) in object_of for p in shape_objects_of)
                    or any((node, p, None) in data for p in subjects_of)):
                shapes.add((shape, SH.targetNode, node))
    return data, shapes


def write_outputs(result: Build, out: Path, settings: Settings = Settings()) -> list[Path]:
    """Write graph.ttl and graph.html into out, each atomically (a failure leaves both as they were).

    The Turtle is streamed from the records (``Build.blocks``), never held whole;
    the page is drawn from the records too. With more than one worker the page is
    drawn in a forked process while the Turtle is written, and a larger graph's
    Turtle is written in parts by forked processes too (the same bytes); not above
    COMPACT_ABOVE articles, where memory matters more.
    """
    from kg.export.html import render_records
    from kg.atomic import replacing, write_chunks
    ttl, html = out / "graph.ttl", out / "graph.html"

    def draw() -> str:
        with gc_paused():
            return render_records(result.articles, result.linked, base_iri=result.base_iri,
                                  max_nodes=settings.html_max_nodes)

    workers = settings.workers or default_workers()
    # forked helpers would each copy much of a large build's memory (they touch every record)
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods() and len(result.articles) <= COMPACT_ABOVE:
        parts = workers if len(result.articles) >= TURTLE_PART_MIN_ARTICLES else 1
        with timed(result.timings, "write"), forked(draw) as page:
            with timed(result.timings, "turtle"), replacing(ttl) as target:
                triples = _write_turtle(result, target, parts, out)
                drawn = page()      # graph.ttl is replaced only once the page is drawn as well
    else:
        with timed(result.timings, "html"):
            drawn = draw()      # a failure or Ctrl-C here leaves both earlier files as they were
        with timed(result.timings, "turtle"), replacing(ttl) as target:
            triples = _write_turtle(result, target, 1, out)
    write_chunks(html, [drawn])
    result.__dict__.setdefault("triple_count", triples)
    return [ttl, html]


def _write_turtle(result: Build, target, parts: int, folder: Path) -> int:
    """The graph as Turtle into the open binary file target; the number of triples.

    Parts 1… of the block stream are written by forked processes into files in
    folder while this one writes part 0, then copied in after it, in order."""
    files = [tempfile.mkstemp(prefix=".graph.ttl.part.", dir=folder) for _ in range(1, parts)]
    for fd, _ in files:
        os.close(fd)
    try:
        with ExitStack() as children:
            waits = [children.enter_context(forked(partial(_turtle_part_file, result, k, parts, path)))
                     for k, (_, path) in enumerate(files, start=1)]
            with gc_paused():
                triples = _turtle_part(result, 0, parts, target)
            for wait, (_, path) in zip(waits, files):
                triples += wait()
                with open(path, "rb") as part:
                    shutil.copyfileobj(part, target, 1 << 20)
        return triples
    finally:
        for _, path in files:
            if os.path.exists(path):
                os.unlink(path)


def _turtle_part(result: Build, k: int, parts: int, target) -> int:
    """Part k of parts of the graph's Turtle into target (an open binary file; the prefixes
    with the first part, the end with the last); its number of triples."""
    from kg.export.turtle import turtle_blocks
    counted = _Counted(result.blocks(part=(k, parts)))
    for chunk in turtle_blocks(counted, namespaces(result.base_iri), prefixes=k == 0, end=k == parts - 1):
        target.write(chunk.encode("utf-8"))
    return counted.triples


def _turtle_part_file(result: Build, k: int, parts: int, path: str) -> int:
    """Forked: ``_turtle_part`` into the file at path."""
    gc.disable()
    with open(path, "wb") as target:
        return _turtle_part(result, k, parts, target)


class _Counted:
    """Blocks passed through, their triples counted."""

    def __init__(self, blocks: Iterator[Block]):
        self.blocks, self.triples = blocks, 0

    def __iter__(self) -> Iterator[Block]:
        for block in self.blocks:
            self.triples += sum(map(len, block[1].values()))
            yield block


@contextmanager
def ctrl_c_held():
    """Hold Ctrl-C back while forking: a child starts with SIGINT blocked (and then
    ignores it), so it never dies printing a traceback; the parent gets it after."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


@contextmanager
def forked(fn: Callable[[], object]):
    """Start fn() in a forked process; the block gets a function that waits for its
    result (re-raising its exception). Leaving the block ends the process."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the parent's to handle
        try:
            send.send((True, fn()))
        except BaseException as err:     # noqa: BLE001 - handed to the parent, which raises it
            try:
                send.send((False, err))
            except Exception:            # an exception that does not pickle: its text
                send.send((False, RuntimeError(f"{type(err).__name__}: {err}")))

    gc.freeze()          # the child only reads the graph: spare it copying every object for the GC
    try:
        with ctrl_c_held():
            process = context.Process(target=child, daemon=True)
            process.start()
    finally:
        gc.unfreeze()
    send.close()

    def wait():
        try:
            ok, value = receive.recv()
        except EOFError:
            process.join()
            raise RuntimeError(f"a worker process ended with exit code {process.exitcode}") from None
        if not ok:
            raise value
        return value

    try:
        yield wait
    finally:
        if process.is_alive():
            process.terminate()
        process.join()
        receive.close()


# --- extraction over a corpus -------------------------------------------------

def extract_corpus(articles: tuple[Article, ...] | list[Article], res: Resources, *,
                   workers: "Workers | None" = None, cache: ExtractionCache | None = None,
                   progress: Callable[[int], None] | None = None,
                   compact: bool = False) -> "list[Extraction] | Extractions":
    """Both extraction passes over all articles; one Extraction per article, in their order.

    Pass 1 reads each article alone. Its company names make the corpus names
    (``corpus_names``); pass 2 runs again on an article where one of them occurs,
    written as a name but not recognised there. It is given only the corpus names
    that occur in the article's Simplified view, which is all ``extract_article``
    can match, so its result, and its cache key, depend on the article and those
    names alone. The same results as running ``extract_article`` with all corpus
    names, and the same whether run here or in workers, cached or not.

    ``compact`` keeps each article's results pickled (a fifth of the memory of the
    records) and returns them as ``Extractions``, which makes the records again
    each time it is read: for corpora too large to hold as records.
    """
    workers = workers or Workers(1, 0)
    keys = [article_key(a) for a in articles] if cache is not None else []
    first, tokens = _first_pass(articles, keys, res, workers, cache, progress, compact)
    with long_lived():
        return _rest_of_extraction(articles, keys, first, tokens, res, workers, cache, compact)


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


def _rest_of_extraction(articles, keys, first, tokens, res, workers, cache,
                        compact: bool = False) -> "list[Extraction] | Extractions":
    """Pass 2 of extract_corpus, given pass 1."""
    known = corpus_names(Extraction(a, *_unpack(r)) for a, r in zip(articles, first))
    found = _find_names(articles, keys, known, workers, cache)
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
    results = first
    for i, r in _second_pass(articles, keys, second, tokens, workers, cache, compact):
        results[i] = r
    if compact:
        return Extractions(articles, results)
    return [Extraction(a, *r) for a, r in zip(articles, results)]


def _first_pass(articles, keys, res, workers, cache, progress,
                compact: bool = False) -> tuple[list[Result | bytes], dict[int, bytes]]:
    """Pass 1 of every article: from the cache, else extracted (and then cached); and the
    tokens of the articles extracted, which pass 2 reuses.

    The articles to extract are sent to the workers first, then the cached results
    are read while they work: a re-run with a few new articles loads jieba's
    dictionary in a worker at the same time as the parent reads the cache.
    """
    present = cache.has("first", keys) if cache is not None else set()
    todo = [i for i in range(len(articles)) if not keys or keys[i] not in present]
    pending = workers.map_async(_extract_batch, [(articles[i], None, None) for i in todo], progress)
    wanted = [k for k in keys if k in present]
    stored = cache.get("first", wanted, raw=compact) if cache is not None else {}
    results: list = [stored.get(k) for k in keys] if keys else [None] * len(articles)
    del stored
    if progress and len(todo) < len(articles):
        progress(len(articles) - len(todo))
    fresh, tokens = {}, {}
    for i, (r, lengths) in zip(todo, pending()):
        results[i] = r = _pack(r) if compact else r
        tokens[i] = lengths
        if cache is not None:
            fresh[keys[i]] = r
            if len(fresh) >= CACHE_WRITES:
                cache.put("first", fresh, raw=compact)
                fresh = {}
    if cache is not None:
        cache.put("first", fresh, raw=compact)
    return results, tokens


def _second_pass(articles, keys, second: dict[int, dict[str, str]], tokens: dict[int, bytes],
                 workers, cache, compact: bool = False) -> Iterator[tuple[int, "Result | bytes"]]:
    """(index, pass 2 result) of the articles in ``second`` (index -> corpus names found
    there); with ``compact``, results pickled."""
    wanted = {i: known_key(keys[i], names) for i, names in second.items()} if cache is not None else {}
    stored = cache.get("second", list(wanted.values()), raw=compact) if cache is not None else {}
    todo = [i for i in sorted(second) if wanted.get(i) not in stored]
    for i in sorted(second):
        if i in wanted and wanted[i] in stored:
            yield i, stored[wanted[i]]
    del stored
    fresh = {}
    batch = [(articles[i], second[i], tokens.get(i)) for i in todo]
    for i, (r, _) in zip(todo, workers.map_async(_extract_batch, batch)()):
        r = _pack(r) if compact else r
        if cache is not None:
            fresh[wanted[i]] = r
            if len(fresh) >= CACHE_WRITES:
                cache.put("second", fresh, raw=compact)
                fresh = {}
        yield i, r
    if cache is not None:
        cache.put("second", fresh, raw=compact)


def _find_names(articles, keys, known: dict[str, str], workers, cache) -> list[Found]:
    """Which corpus names occur in each article (see ``find_names``).

    With a cache, an article searched before for an older set of corpus names is
    searched now only for the names that set lacked (when there are few of them).
    """
    version = names_version(known)
    if cache is None:
        return workers.map(_find_batch, list(articles), shared=(version, tuple(known)), size=FIND_CHUNK)
    stored = cache.get("names", keys)
    old_version, old_names = cache.get_meta("names", ("", ()))
    old_set = set(old_names)
    added = [n for n in known if n not in old_set]
    found: list[Found | None] = [None] * len(articles)
    for i, a in enumerate(articles):
        entry = stored.get(keys[i])
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
    found_now = workers.map(_find_batch, [articles[i] for i in todo], shared=(version, tuple(known)), size=FIND_CHUNK)
    for i, f in zip(todo, found_now):
        found[i] = f
    changed = {keys[i]: (version, *found[i]) for i in range(len(articles))
               if stored.get(keys[i], ("",))[0] != version}
    cache.put("names", changed)
    cache.put_meta("names", (version, tuple(known)))
    return found


def find_names(article: Article, matcher: NameMatcher) -> Found:
    """The matcher's names that occur in the article's title or body, and in its Simplified view."""
    raw = article.title + "\n" + article.text
    in_raw = matcher.occurring(raw)
    view = simplified(raw)
    in_view = in_raw if view == raw else matcher.occurring(view)
    # a name without a line break lies wholly in the title or in the body
    return tuple(sorted(n for n in in_raw if "\n" not in n)), tuple(sorted(in_view))


# --- worker processes ---------------------------------------------------------

def _extract_batch(batch: list[tuple[Article, dict[str, str] | None, bytes | None]]) -> list[tuple[Result, bytes]]:
    """Worker: extract_article on each (article, corpus names, its tokens if known);
    the result without the article, and the article's tokens (``token_lengths``)."""
    res = load_resources()
    out = []
    for article, known, lengths in batch:
        # the tokens extract_article's Doc will ask for: found here once, and kept for pass 2
        view = simplified(article.title + "\n" + article.text)
        tokens = tokenize(view) if lengths is None else tokens_from_lengths(view, lengths)
        with given_tokens(view, tokens):
            ex = extract_article(article, res, known)
        out.append(((ex.mentions, ex.facts, ex.home_code), lengths or token_lengths(tokens)))
    return out


_MATCHERS: dict[str, NameMatcher] = {}      # per process: the matcher of the current corpus names


def _find_batch(task: tuple[tuple[str, tuple[str, ...]], list[Article]]) -> list[Found]:
    """Worker: find_names on each article, with a matcher built once per set of names."""
    (version, names), articles = task
    matcher = _MATCHERS.get(version)
    if matcher is None:
        _MATCHERS.clear()
        matcher = _MATCHERS[version] = NameMatcher(names)
    return [find_names(article, matcher) for article in articles]


def _worker_start() -> None:
    """Worker initialiser: load the resources (a no-op after fork, where they are inherited)."""
    # Ctrl-C reaches the whole process group: the parent stops the pool, a worker
    # must not die printing a traceback of its own
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load_resources()


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class Workers:
    """A pool of extraction processes, or none: ``map`` runs batches in order either way.

    ``count`` None or 0 means one per core. The pool starts on the first ``map`` of
    enough items to share (MIN_PER_WORKER per worker): a re-run that finds nearly
    everything in the cache never forks. The resources and jieba's dictionary are
    loaded before the pool forks, so workers share them instead of loading their own.
    """

    def __init__(self, count: int | None, articles: int):
        """Plan count workers for a corpus of that many articles (started when first needed)."""
        wanted = count or default_workers()
        self.count = max(1, min(wanted, articles // MIN_PER_WORKER))
        self.size = 0           # processes in the pool, once started
        self._pool = None

    def __enter__(self) -> "Workers":
        return self

    def _start(self, items: int) -> None:
        """Start the pool for a job of that many items, if it is worth processes.

        A large job: jieba's dictionary is loaded here first, so the workers share it.
        A small one (a re-run with a few new articles) while this process has not
        loaded jieba: one worker per MIN_PER_WORKER items loads it for itself, while
        this process goes on reading the cache.
        """
        if self._pool is not None or self.count < 2:
            return
        if items >= MIN_PER_WORKER * self.count:
            size, share = self.count, True
        elif "fork" in multiprocessing.get_all_start_methods() and not jieba_ready():
            size, share = min(self.count, -(-items // MIN_PER_WORKER)), False
        else:
            return
        load_resources()
        if share:
            prepare_jieba()
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        gc.freeze()         # forked children then never touch (and so copy) the parent's objects
        try:
            with ctrl_c_held():
                self._pool = context.Pool(size, initializer=_worker_start)
        finally:
            gc.unfreeze()
        self.size = size

    def __exit__(self, *exc) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if exc[0] is None:
            pool.close()
            pool.join()
            return
        # terminate() can hang for ever joining the thread that feeds the workers, when
        # it is stuck sending a batch no worker will read (Ctrl-C during extraction);
        # the workers are stopped before that join, so wait briefly and go on
        stopper = threading.Thread(target=lambda: (pool.terminate(), pool.join()), daemon=True)
        stopper.start()
        stopper.join(timeout=3)

    def map(self, fn: Callable, items: list, progress: Callable[[int], None] | None = None, *,
            shared=None, size: int = CHUNK) -> list:
        """fn over items in batches of at most size, results flattened in the items' order.

        With ``shared``, fn gets (shared, batch): data every batch needs, sent once per batch.
        """
        return list(self.map_async(fn, items, progress, shared=shared, size=size)())

    def map_async(self, fn: Callable, items: list, progress: Callable[[int], None] | None = None, *,
                  shared=None, size: int = CHUNK) -> Callable[[], Iterator]:
        """``map`` started now in the workers (if any); returns the function that gives its
        results, one item at a time, as they arrive (so a caller can keep them compactly)."""
        if not items:
            return lambda: iter(())
        self._start(len(items))
        batches = list(_batches(items, self._batch_size(len(items), size)))
        tasks = batches if shared is None else [(shared, b) for b in batches]
        if self._pool is None:
            def run_here() -> Iterator:
                for batch, result in zip(batches, map(fn, tasks)):
                    yield from result
                    if progress:
                        progress(len(batch))
            return run_here
        results = self._pool.imap(fn, tasks)

        def collect() -> Iterator:
            # here results are only unpickled: many objects, no cycles, nothing for the collector
            with gc_paused():
                for batch, result in zip(batches, results):
                    yield from result
                    if progress:
                        progress(len(batch))
        return collect

    def _batch_size(self, n: int, size: int) -> int:
        if self._pool is None:
            return size
        # at least four batches per worker, so a slow batch does not leave a core idle
        return max(1, min(size, -(-n // (4 * self.size))))


def _batches(items: list, size: int) -> Iterator[list]:
    for k in range(0, len(items), size):
        yield items[k:k + size]
