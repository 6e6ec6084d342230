"""The one place that orders the stages: parse -> extract -> link -> graph -> validate -> export."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rdflib import Graph

from kg.errors import ValidationError
from kg.extract import Extraction, corpus_names, extract_article, load_resources
from kg.link import Linked, link
from kg.graph import build_graph
from kg.parse import read_articles
from kg.records import Article
from kg.settings import Settings


@dataclass(frozen=True)
class Build:
    """Everything one build produced."""

    articles: tuple[Article, ...]
    extractions: tuple[Extraction, ...]
    linked: Linked
    graph: Graph
    warnings: tuple[str, ...]


def build(paths: list[str | Path], settings: Settings = Settings(),
          progress: Callable[[int], None] | None = None) -> Build:
    """Read articles, extract, link and make the graph; validate it if asked."""
    parsed = read_articles(paths)
    res = load_resources()
    first = [extract_article(a, res) for a in parsed.articles]
    known = corpus_names(first)
    extractions = []
    for a, ex in zip(parsed.articles, first):
        # a second look only where another article's name occurs unrecognised
        seen = {m.text for m in ex.mentions}
        if any(name in a.title or name in a.text for name in known if name not in seen):
            ex = extract_article(a, res, known)
        extractions.append(ex)
        if progress:
            progress(1)
    linked = link(extractions, res)
    graph = build_graph(list(parsed.articles), linked, base_iri=settings.base_iri)
    if settings.validate:
        from kg.validate import validate_graph
        report = validate_graph(graph)
        if not report.conforms:
            raise ValidationError("the graph does not conform to ontology/shapes.ttl:\n  "
                                  + "\n  ".join(report.problems))
    return Build(parsed.articles, tuple(extractions), linked, graph, parsed.warnings)


def write_outputs(result: Build, out: Path, settings: Settings = Settings()) -> list[Path]:
    """Write graph.ttl and graph.html into out (each atomically)."""
    from kg.export.html import write_html
    from kg.export.turtle import write_graph
    ttl, html = out / "graph.ttl", out / "graph.html"
    write_graph(result.graph, ttl)
    write_html(result.graph, html, max_nodes=settings.html_max_nodes)
    return [ttl, html]
