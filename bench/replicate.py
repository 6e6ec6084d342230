"""A large graph for benchmarks: the seed graph copied N times under renamed IRIs.

Copy k > 0 renames every instance IRI (``…/id/company/9f80…`` -> ``…/id/company/9f80…-k``)
and every label, alias and headline (``黄石市`` -> ``黄石市#k``), so the copies are
separate entities with separate district hierarchies, and each query's answer grows
with the number of copies instead of collapsing into the seed's.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.vocab import DEFAULT_BASE_IRI, SCHEMA

REPO = Path(__file__).resolve().parent.parent
SEED_GRAPH = REPO / "output" / "graph.ttl"
RENAMED_LABELS = {RDFS.label, SKOS.altLabel, SCHEMA.headline}


def replicate(seed: Graph, copies: int) -> Graph:
    """The seed graph and copies - 1 renamed copies of it, with the seed's prefixes."""
    big = Graph()
    for prefix, namespace in seed.namespaces():
        big.bind(prefix, namespace, override=True, replace=True)
    triples = list(seed)
    for k in range(copies):
        if k == 0:
            for t in triples:
                big.add(t)
            continue
        suffix, mark = f"-{k}", f"#{k}"
        iris: dict = {}

        def rename(node):
            if isinstance(node, URIRef) and node.startswith(DEFAULT_BASE_IRI):
                new = iris.get(node)
                if new is None:
                    new = iris[node] = URIRef(node + suffix)
                return new
            return node

        for s, p, o in triples:
            if p in RENAMED_LABELS and isinstance(o, Literal):
                o = Literal(str(o) + mark, lang=o.language, datatype=o.datatype)
            big.add((rename(s), p, rename(o)))
    return big


def copies_for(seed: Graph, triples: int) -> int:
    """How many copies make at least this many triples."""
    return -(-triples // len(seed))
