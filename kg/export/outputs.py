"""A build's files: graph.ttl and graph.html, written from its records (``kg build``).

The graph is never held whole: graph.ttl is streamed from the records
(``kg.graph.blocks``), in parts by forked processes (``kg.runner.forked``) for a
larger graph, while another process draws graph.html from the records. A build in
compact mode (``Build.compact``: a very large corpus) forks nothing here: memory
matters more than seconds.
"""
from __future__ import annotations

import gc
import os
import shutil
import tempfile
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from kg.collector import gc_paused
from kg.graph import Block, namespaces
from kg.runner import Forked, can_fork, default_workers, forked, timed
from kg.settings import Settings

if TYPE_CHECKING:
    from kg.pipeline import Build

TURTLE_PART_MIN_ARTICLES = 500    # smaller graphs are written in one process (a fork costs more)


def draws_aside(result: "Build", settings: Settings) -> bool:
    """Whether graph.html is drawn in a forked process beside the rest (more than one
    worker, a platform that forks, not a compact build: forked helpers would each copy
    much of a large build's memory, as they touch every record)."""
    return (settings.workers or default_workers()) > 1 and can_fork() and not result.compact


def draw_page(result: "Build", settings: Settings) -> str:
    """graph.html's text, drawn from the build's records."""
    from kg.export.html import render_records
    with gc_paused():
        return render_records(result.articles, result.linked, base_iri=result.base_iri,
                              max_nodes=settings.html_max_nodes)


def start_page(result: "Build", settings: Settings) -> Forked | None:
    """graph.html started now in a forked process, if it is drawn aside (``draws_aside``):
    ``kg.pipeline.build`` starts it before validating, so the two run at once, and
    ``write_outputs`` takes it."""
    return Forked(partial(draw_page, result, settings)) if draws_aside(result, settings) else None


def write_outputs(result: "Build", out: Path, settings: Settings = Settings()) -> list[Path]:
    """Write graph.ttl and graph.html into out, each atomically (a failure leaves both as they were).

    The Turtle is streamed from the records (``Build.blocks``), never held whole;
    the page is drawn from the records too. With more than one worker the page is
    drawn in a forked process while the Turtle is written (started by the build
    itself, ``Build.page``, if it was asked to), and a larger graph's Turtle is
    written in parts by forked processes too (the same bytes); not for a compact
    build, where memory matters more.
    """
    from kg.atomic import replacing, write_chunks
    ttl, html = out / "graph.ttl", out / "graph.html"
    workers = settings.workers or default_workers()
    page = result.page
    if page is not None or draws_aside(result, settings):
        parts = workers if len(result.articles) >= TURTLE_PART_MIN_ARTICLES else 1
        with timed(result.timings, "write"):
            page = page or Forked(partial(draw_page, result, settings))
            try:
                with timed(result.timings, "turtle"), replacing(ttl) as target:
                    triples = write_turtle(result, target, parts, out)
                    drawn = page.wait()      # graph.ttl is replaced only once the page is drawn as well
            finally:
                page.close()
                object.__setattr__(result, "page", None)
    else:
        with timed(result.timings, "html"):
            drawn = draw_page(result, settings)      # a failure or Ctrl-C here leaves both earlier files as they were
        with timed(result.timings, "turtle"), replacing(ttl) as target:
            triples = write_turtle(result, target, 1, out)
    write_chunks(html, [drawn])
    result.__dict__.setdefault("triple_count", triples)
    return [ttl, html]


def write_turtle(result: "Build", target, parts: int, folder: Path) -> int:
    """The graph as Turtle into the open binary file target; the number of triples.

    Parts 1… of the block stream are written by forked processes into files in
    folder while this one writes part 0, then copied in after it, in order: the
    same bytes for any number of parts."""
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


def _turtle_part(result: "Build", k: int, parts: int, target) -> int:
    """Part k of parts of the graph's Turtle into target (an open binary file; the prefixes
    with the first part, the end with the last); its number of triples."""
    from kg.export.turtle import turtle_blocks
    counted = _Counted(result.blocks(part=(k, parts)))
    for chunk in turtle_blocks(counted, namespaces(result.base_iri), prefixes=k == 0, end=k == parts - 1):
        target.write(chunk.encode("utf-8"))
    return counted.triples


def _turtle_part_file(result: "Build", k: int, parts: int, path: str) -> int:
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
