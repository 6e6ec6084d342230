"""RDF graph -> one self-contained, offline HTML page for exploring the entity network.

Reads the instances described in ``ontology/MODEL.md`` from any graph that follows
the ontology: the core entities (Company, District/DevelopmentZone, GovernmentBody,
Project, Event), the relations between them (investor, locatedIn, partOf,
jurisdiction, organizer), their values (investmentAmount, startDate, divisionCode,
level), the articles that mention them (kg:mentionedIn, schema:headline,
schema:datePublished) and the kg:Evidence sentences. Produces a networkx
``MultiDiGraph`` (``to_networkx``) and from it an HTML page (``render_html``) with
vis-network inlined from ``kg/export/vendor/vis-network.min.js``, so the page loads
nothing from the network. The page has a legend, a search by name or alias, filters by type,
relation, article and date, node size by degree or investment, and a details panel
with each entity's relations and the sentences that state them.

The layout is computed here (a seeded Fruchterman-Reingold in pure Python, one
component at a time, components packed in rows) and handed to vis-network as fixed
positions with physics off: big graphs draw at once and the same graph always
gives byte-identical HTML. Above ``max_nodes`` entities only the most connected
are drawn, and the page says what was left out.

Article text is data, never markup: it travels as JSON in a
``<script type="application/json">`` block with ``<``, ``>``, ``&``, U+2028 and
U+2029 escaped, and the page inserts it with ``textContent`` only. A
Content-Security-Policy that allows only the page's own scripts (by hash) stops
anything else from running even if a bug let markup through.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import random
import re
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.atomic import atomic_write
from kg.errors import KgError, UsageError
from kg.registry import (COMPLETED_ON, DISPLAY_PRIORITY, INVESTMENT_AMOUNT, INVESTOR, LOCATED_IN, PROJECT, RELATIONS,
                         SIGNED_ON, START_DATE, STARTED_ON, TYPES, VALUES, EntityType, term)
from kg.vocab import KG, PROV, SCHEMA

DEFAULT_TITLE = "招商引资知识图谱"
VIS_JS = "vendor/vis-network.min.js"     # vis-network 9.1.2 (Apache-2.0 / MIT), see vendor/README.md
LAYOUT_SEED = 20250710
PIXELS_PER_UNIT = 140       # one ideal edge length, in screen pixels
INVESTMENT_CURRENCY = "CNY"  # amounts in other currencies are listed but do not size nodes
EVIDENCE_PER_FACT = 20      # sentences listed per fact (the earliest articles'); an archive repeats a fact often


# The view's tables come from the registry (labels of ontology/kg.ttl, colours,
# shapes). Order of ENTITY_TYPES is the order of the legend; TYPE_PRIORITY decides the
# type of an entity that carries several core classes (a DevelopmentZone is also a District).
ENTITY_TYPES = TYPES
TYPE_PRIORITY = DISPLAY_PRIORITY
_TYPES = {t.name: t for t in ENTITY_TYPES}

# The edges of the view are the registry's RELATIONS, in legend order.
_REL_KEY = {r.iri: r.name for r in RELATIONS}
_REL_LABEL = {r.name: f"{r.name} {r.zh}" for r in RELATIONS}
# Evidence may also state a value of an entity; those are listed, not drawn.
_VALUE_LABEL = {v.iri: f"{v.name} {v.zh}" for v in VALUES}


def project_stage(signed, started, completed) -> str:
    """How far a project got, for the stage filter: built, started, signed (only) or ""."""
    return "built" if completed else "started" if started else "signed" if signed else ""

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


# --------------------------------------------------------------------------- RDF -> networkx

def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Read the core entities and their relations from ``graph``.

    Nodes are entity IRIs (str) with attributes ``type``, ``label``, ``aliases``,
    ``code``, ``level``, ``amounts`` (text), ``invested`` (the sum of the entity's
    own amounts in CNY, a Decimal), ``dates``, ``articles``; edges go subject ->
    object with the relation's local name as key (``locatedIn`` ...). Nodes and
    edges are added in IRI order, so iteration order does not depend on the graph's.
    """
    nxg = nx.MultiDiGraph()
    entities = _entity_types(graph)
    for iri in sorted(entities):
        node = URIRef(iri)
        amounts = [_amount(graph, a) for a in graph.objects(node, term(INVESTMENT_AMOUNT))]
        nxg.add_node(
            iri,
            type=entities[iri],
            label=_label(graph, node),
            aliases=_texts(graph, node, SKOS.altLabel),
            code=", ".join(_texts(graph, node, KG.divisionCode)),
            level=", ".join(_texts(graph, node, KG.level)),
            amounts=tuple(sorted(text for text, _ in amounts)),
            invested=sum((value for _, value in amounts), Decimal(0)),
            dates=_texts(graph, node, term(START_DATE)),
            stage=project_stage(*(_texts(graph, node, p) for p in map(term, (SIGNED_ON, STARTED_ON, COMPLETED_ON)))),
            articles=tuple(sorted({str(a) for a in graph.objects(node, KG.mentionedIn)})),
        )
    triples = set()
    for predicate, key in _REL_KEY.items():
        for s, o in graph.subject_objects(predicate):
            if str(s) in entities and str(o) in entities:
                triples.add((str(s), str(o), key))
    for s, o, key in sorted(triples):
        nxg.add_edge(s, o, key=key)
    return nxg


def _entity_types(graph: Graph) -> dict[str, str]:
    """Map every core-class instance to its one display type (by TYPE_PRIORITY)."""
    found: dict[str, set[str]] = {}
    for etype in ENTITY_TYPES:
        for s in graph.subjects(RDF.type, etype.iri):
            if isinstance(s, URIRef):
                found.setdefault(str(s), set()).add(etype.name)
    return {iri: next(k for k in TYPE_PRIORITY if k in keys) for iri, keys in found.items()}


def _label(graph: Graph, node: URIRef) -> str:
    """The rdfs:label, preferring @zh; the IRI's last segment when there is none."""
    labels = [o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)]
    if not labels:
        return _local(node)

    def rank(lit: Literal) -> tuple[int, str]:
        lang = (lit.language or "").lower()
        return (0 if lang == "zh" else 1 if lang.startswith("zh") else 2 if not lang else 3, str(lit))

    return str(min(labels, key=rank))


def _texts(graph: Graph, node: URIRef, predicate: URIRef) -> tuple[str, ...]:
    """The distinct lexical forms of ``node predicate ?o``, sorted."""
    return tuple(sorted({str(o) for o in graph.objects(node, predicate)}))


def _amount(graph: Graph, node) -> tuple[str, Decimal]:
    """A schema:MonetaryAmount as readable text (``5亿 CNY (500000000)``) and its CNY value."""
    value = graph.value(node, SCHEMA.value)
    currency = str(graph.value(node, SCHEMA.currency) or "")
    if value is None:
        return currency or _local(node), Decimal(0)
    return amount_text(str(value), currency)


def amount_text(value: str, currency: str) -> tuple[str, Decimal]:
    """An amount's value and currency as readable text, and its CNY value."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return f"{value} {currency}".strip(), Decimal(0)
    if not number.is_finite():
        return f"{value} {currency}".strip(), Decimal(0)
    counted = number if currency in ("", INVESTMENT_CURRENCY) and number > 0 else Decimal(0)
    plain = _plain(number)
    for unit, name in ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")):
        if abs(number) >= unit:
            return f"{_plain(number / unit)}{name} {currency} ({plain})".replace("  ", " "), counted
    return f"{plain} {currency}".strip(), counted


def _plain(number: Decimal) -> str:
    """A Decimal without exponent or trailing zeros."""
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def investment(nxg: nx.MultiDiGraph, node: str) -> Decimal:
    """CNY behind an entity: a project's own amounts; for an investor the amounts of the
    projects it invests in; for a place those of the projects located in it."""
    own = nxg.nodes[node]["invested"]
    if nxg.nodes[node]["type"] == PROJECT:
        return own
    total = own
    for s, _, key in nxg.in_edges(node, keys=True):
        if key in (INVESTOR, LOCATED_IN) and nxg.nodes[s]["type"] == PROJECT:
            total += nxg.nodes[s]["invested"]
    return total


# --------------------------------------------------------------------------- selection, layout

def select_nodes(nxg: nx.MultiDiGraph, max_nodes: int) -> list[str]:
    """The ``max_nodes`` highest-degree nodes (ties by IRI), in IRI order."""
    ranked = sorted(nxg.nodes, key=lambda n: (-nxg.degree(n), n))
    return sorted(ranked[:max_nodes])


# Leaves (entities with one connection, e.g. the projects located in a district) sit on
# rings around the entity they hang from, so a hub shows its leaves instead of hiding
# them under a pile of dots; the rest of each component is laid out by force, with its
# communities (Louvain) held further apart, and components and lone entities packed in rows.
LEAF_GAP = 0.42      # arc length between neighbouring leaves on a ring, in layout units
FIRST_RING = 0.9     # radius of a hub's first ring of leaves
RING_GAP = 0.45      # distance between two rings
CORE_SIZE = 0.35     # half the room a node without leaves takes
BETWEEN_COMMUNITIES = 1.5   # edges across communities are this much longer
GRAVITY = 0.08       # pull towards a component's centre, against its repulsion


def layout(nxg: nx.Graph, *, seed: int = LAYOUT_SEED) -> dict[str, tuple[int, int]]:
    """Pixel positions for every node: each component laid out alone, then packed in rows."""
    undirected = nx.Graph()
    undirected.add_nodes_from(sorted(nxg.nodes))
    undirected.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in nxg.edges() if u != v))
    components = sorted((sorted(c) for c in nx.connected_components(undirected)),
                        key=lambda c: (-len(c), c[0]))

    def order(n: str) -> tuple:
        attrs = nxg.nodes[n]
        return (attrs.get("type", ""), attrs.get("label", ""), n)

    boxes = []
    for members in components:
        if len(members) == 1:
            continue
        points = _component(undirected, members, order, seed=seed)
        boxes.append(_box(members, points))
    singles = sorted((c[0] for c in components if len(c) == 1), key=order)
    if singles:
        # entities without any relation: one tidy block, in type order, not a long row
        columns = max(1, math.ceil(math.sqrt(len(singles) * 2)))
        boxes.append(_box(singles, [(1.1 * (i % columns), 0.8 * (i // columns)) for i in range(len(singles))]))

    pad = 1.0
    area = sum((w + pad) * (h + pad) for _, _, w, h in boxes)
    row_width = max([math.sqrt(area) * 1.25] + [w for _, _, w, _ in boxes])
    positions: dict[str, tuple[float, float]] = {}
    x0 = y0 = row_height = 0.0
    for members, points, w, h in boxes:
        if x0 > 0 and x0 + w > row_width:
            x0, y0, row_height = 0.0, y0 + row_height + pad, 0.0
        for node, (x, y) in zip(members, points):
            positions[node] = (x0 + x, y0 + y)
        x0 += w + pad
        row_height = max(row_height, h)
    if not positions:
        return {}
    cx = (min(x for x, _ in positions.values()) + max(x for x, _ in positions.values())) / 2
    cy = (min(y for _, y in positions.values()) + max(y for _, y in positions.values())) / 2
    return {n: (round((x - cx) * PIXELS_PER_UNIT), round((y - cy) * PIXELS_PER_UNIT))
            for n, (x, y) in positions.items()}


def _box(members: list[str], points: list[tuple[float, float]]) -> tuple:
    """Members with their points moved to start at (0, 0), and the box's width and height."""
    min_x = min(x for x, _ in points)
    min_y = min(y for _, y in points)
    points = [(x - min_x, y - min_y) for x, y in points]
    return members, points, max(x for x, _ in points), max(y for _, y in points)


def _rings(count: int) -> list[tuple[float, float]]:
    """Offsets of ``count`` leaves on rings around their hub (inner rings full, the last spread)."""
    out = []
    ring = 0
    while len(out) < count:
        radius = FIRST_RING + RING_GAP * ring
        room = max(6, int(2 * math.pi * radius / LEAF_GAP))
        here = min(room, count - len(out))
        turn = (ring % 2) * math.pi / max(here, 1)      # stagger rings so leaves do not line up
        for i in range(here):
            angle = -math.pi / 2 + turn + 2 * math.pi * i / here
            out.append((radius * math.cos(angle), radius * math.sin(angle)))
        ring += 1
    return out


def _component(undirected: nx.Graph, members: list[str], order, *, seed: int) -> list[tuple[float, float]]:
    """Points of one connected component: its core by force, its leaves on rings around their hubs."""
    sub = undirected.subgraph(members)
    if len(members) == 2:
        return [(0.0, 0.0), (1.2, 0.0)]
    hub_of = {n: next(iter(sub[n])) for n in members
              if sub.degree(n) == 1 and sub.degree(next(iter(sub[n]))) > 1}
    core = [n for n in members if n not in hub_of]
    leaves: dict[str, list[str]] = {}
    for leaf, hub in hub_of.items():
        leaves.setdefault(hub, []).append(leaf)
    offsets = {hub: _rings(len(kids)) for hub, kids in leaves.items()}
    size = [CORE_SIZE + (max(math.hypot(x, y) for x, y in offsets[n]) if n in offsets else 0.0) for n in core]
    index = {n: i for i, n in enumerate(core)}
    core_graph = sub.subgraph(core)
    # a subgraph view may iterate a set (string hashes vary by process): canonical pairs, sorted
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in core_graph.edges()})
    community = {}
    if len(core) > 3:
        # a coarser, faster partition for large cores: a few levels are enough to hold groups apart
        big = len(core) > 500
        # on integers: Louvain walks sets, and string hashes differ from one process to the next
        numbered = nx.Graph()
        numbered.add_nodes_from(range(len(core)))
        numbered.add_edges_from(pairs)
        groups = nx.community.louvain_communities(numbered, seed=seed, threshold=0.01 if big else 1e-7,
                                                  max_level=2 if big else None)
        for number, group in enumerate(sorted(groups, key=min)):
            for i in group:
                community[core[i]] = number
    edges = []
    for i, j in pairs:
        length = size[i] + size[j] + 0.5
        if community.get(core[i]) != community.get(core[j]):
            length *= BETWEEN_COMMUNITIES
        edges.append((i, j, length))
    points = _spring(len(core), edges, seed=seed, sizes=size)
    where = dict(zip(core, points))
    for hub, kids in leaves.items():
        hx, hy = where[hub]
        for leaf, (dx, dy) in zip(sorted(kids, key=order), offsets[hub]):
            where[leaf] = (hx + dx, hy + dy)
    return [where[n] for n in members]


_HALF_NEIGHBOURS = ((1, -1), (1, 0), (1, 1), (0, 1))


def _spring(n: int, edges: list[tuple[int, int, float]], *, seed: int,
            sizes: list[float] | None = None) -> list[tuple[float, float]]:
    """Fruchterman-Reingold for one connected component: each edge (i, j, length) pulls
    towards its length, nodes of a larger size (the room their leaves need) push harder.

    Pure Python (numpy is not a dependency); repulsion is exact up to 250 nodes and
    limited to neighbouring grid cells above, so 3000 nodes take seconds, not minutes.
    A last pass moves apart any two nodes closer than their sizes allow.
    """
    if n == 1:
        return [(0.0, 0.0)]
    sizes = sizes or [0.5] * n
    rng = random.Random(seed)
    side = math.sqrt(sum((2 * r) ** 2 for r in sizes))
    xs = [rng.random() * side for _ in range(n)]
    ys = [rng.random() * side for _ in range(n)]
    iterations = max(50, min(300, 20000 // n))     # networkx uses 50
    temperature = side / 8
    cooling = temperature / (iterations + 1)
    exact = n <= 250
    for _ in range(iterations):
        dx = [0.0] * n
        dy = [0.0] * n
        if exact:
            for i in range(n):
                xi, yi = xs[i], ys[i]
                fxi = fyi = 0.0  # summed locally: list writes dominate this loop
                ri = sizes[i]
                for j in range(i + 1, n):
                    ddx = xi - xs[j]
                    ddy = yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if d2 < 1e-4:
                        d2 = 1e-4
                    k = ri + sizes[j]
                    k2 = k * k
                    if d2 > 9 * k2:      # far apart: no push, so a component stays compact
                        continue
                    fx = ddx * k2 / d2
                    fy = ddy * k2 / d2
                    fxi += fx
                    fyi += fy
                    dx[j] -= fx
                    dy[j] -= fy
                dx[i] += fxi
                dy[i] += fyi
        else:
            cells: dict[tuple[int, int], list[int]] = {}
            for i in range(n):
                cells.setdefault((int(xs[i] // 2), int(ys[i] // 2)), []).append(i)
            for (cx, cy), members in cells.items():
                # each pair once: within the cell, then with four of its eight neighbours
                forward = [j for ox, oy in _HALF_NEIGHBOURS for j in cells.get((cx + ox, cy + oy), ())]
                for a, i in enumerate(members):
                    xi, yi = xs[i], ys[i]
                    fxi = fyi = 0.0
                    for j in members[a + 1:] + forward:
                        ddx = xi - xs[j]
                        ddy = yi - ys[j]
                        d2 = ddx * ddx + ddy * ddy
                        if d2 < 4.0:
                            if d2 < 1e-4:
                                d2 = 1e-4
                            fx = ddx / d2
                            fy = ddy / d2
                            fxi += fx
                            fyi += fy
                            dx[j] -= fx
                            dy[j] -= fy
                    dx[i] += fxi
                    dy[i] += fyi
        for i, j, length in edges:
            ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
            d = math.sqrt(ddx * ddx + ddy * ddy) / length
            dx[i] -= ddx * d
            dy[i] -= ddy * d
            dx[j] += ddx * d
            dy[j] += ddy * d
        mx, my = sum(xs) / n, sum(ys) / n
        for i in range(n):      # a little gravity: loose parts come in instead of drifting off
            dx[i] -= (xs[i] - mx) * GRAVITY
            dy[i] -= (ys[i] - my) * GRAVITY
        for i in range(n):
            length = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
            if length > 0:
                step = min(length, temperature) / length
                xs[i] += dx[i] * step
                ys[i] += dy[i] * step
        temperature -= cooling
    _separate(xs, ys, sizes)
    return list(zip(xs, ys))


def _separate(xs: list[float], ys: list[float], sizes: list[float], *, rounds: int = 12) -> None:
    """Push apart, in place, pairs of nodes nearer than the sum of their sizes.

    Small nodes are compared through a grid of their size; the few large ones (hubs with
    rings of leaves) with every node.
    """
    n = len(xs)
    small = [i for i in range(n) if sizes[i] <= 2 * CORE_SIZE]
    large = [i for i in range(n) if sizes[i] > 2 * CORE_SIZE]
    cell = 4 * CORE_SIZE

    def apart(i: int, j: int) -> bool:
        ddx, ddy = xs[j] - xs[i], ys[j] - ys[i]
        d2 = ddx * ddx + ddy * ddy
        need = sizes[i] + sizes[j]
        if d2 >= need * need:
            return False
        d = math.sqrt(d2)
        if d < 1e-6:
            ddx, ddy, d = 1.0, 0.0, 1.0
        push = (need - d) / 2 / d
        xs[i] -= ddx * push
        ys[i] -= ddy * push
        xs[j] += ddx * push
        ys[j] += ddy * push
        return True

    for _ in range(rounds):
        moved = False
        grid: dict[tuple[int, int], list[int]] = {}
        for i in small:
            grid.setdefault((int(xs[i] // cell), int(ys[i] // cell)), []).append(i)
        for i in small:
            cx, cy = int(xs[i] // cell), int(ys[i] // cell)
            for ox in (-1, 0, 1):
                for oy in (-1, 0, 1):
                    for j in grid.get((cx + ox, cy + oy), ()):
                        if j > i and apart(i, j):
                            moved = True
        for a, i in enumerate(large):
            for j in large[a + 1:]:
                if apart(i, j):
                    moved = True
            reach = int((sizes[i] + 2 * CORE_SIZE) // cell) + 1
            cx, cy = int(xs[i] // cell), int(ys[i] // cell)
            for ox in range(-reach, reach + 1):
                for oy in range(-reach, reach + 1):
                    for j in grid.get((cx + ox, cy + oy), ()):
                        if apart(i, j):
                            moved = True
        if not moved:
            return


# --------------------------------------------------------------------------- page data

def _page_data(source: "GraphSource", nxg: nx.MultiDiGraph, shown: list[str],
               positions: dict[str, tuple[int, int]]) -> dict:
    """Everything the page's script needs, as plain JSON-able values (from a GraphSource
    or a kg.export.html_records.RecordSource).

    ``articles`` and ``evidence`` are lists that nodes, edges and details point into
    by index, so a sentence or headline is written once however many entities it names.
    Each fact lists at most EVIDENCE_PER_FACT sentences (from the earliest articles);
    its edge still knows every article that states it, for the article filters.
    """
    shown_set = set(shown)
    labels = {n: nxg.nodes[n]["label"] for n in nxg.nodes}
    found, stated_in = source.evidence(shown_set, labels)
    article_iris = {a for n in shown for a in nxg.nodes[n]["articles"]} | {e["article"] for e in found}
    article_iris |= {a for arts in stated_in.values() for a in arts}
    articles = sorted(source.articles(article_iris - {""}).values(),
                      key=lambda a: (a["date"], a["headline"], a["iri"]))
    art_index = {a["iri"]: i for i, a in enumerate(articles)}
    found.sort(key=lambda e: (e["article"] not in art_index, art_index.get(e["article"], 0),
                              e["start"], e["rel"], e["text"], e["s"], e["o"]))
    found = _first_per_fact(found)
    evidence, by_node = [], {}
    by_edge = {edge: {art_index[a] for a in arts if a in art_index} for edge, arts in stated_in.items()}
    for i, e in enumerate(found):
        item = {k: e[k] for k in ("rel", "s", "o", "sLabel", "oLabel", "text", "start")}
        item["art"] = art_index.get(e["article"], -1)
        evidence.append(item)
        if e["s"] in shown_set:
            by_node.setdefault(e["s"], []).append(i)
        if e["o"] != e["s"] and e["o"] in shown_set:
            by_node.setdefault(e["o"], []).append(i)

    nodes, details = [], {}
    for n in shown:
        attrs = nxg.nodes[n]
        degree = nxg.degree(n)
        nodes.append({
            "id": n, "label": attrs["label"], "type": attrs["type"],
            "x": positions[n][0], "y": positions[n][1], "degree": degree,
            "size": round(min(12 + 5 * math.sqrt(degree), 50), 1),
            "invest": _number(investment(nxg, n)),
            "arts": sorted(art_index[a] for a in attrs["articles"]),
            "stage": attrs.get("stage", ""),
        })
        relations = [{"dir": "out", "rel": key, "other": o, "otherLabel": labels[o],
                      "otherType": nxg.nodes[o]["type"]} for _, o, key in nxg.out_edges(n, keys=True)]
        relations += [{"dir": "in", "rel": key, "other": s, "otherLabel": labels[s],
                       "otherType": nxg.nodes[s]["type"]} for s, _, key in nxg.in_edges(n, keys=True)]
        relations.sort(key=lambda r: (r["dir"] != "out", r["rel"], r["otherLabel"], r["other"]))
        details[n] = {
            "aliases": list(attrs["aliases"]), "code": attrs["code"], "level": attrs["level"],
            "amounts": list(attrs["amounts"]), "dates": list(attrs["dates"]),
            "relations": relations, "evidence": by_node.get(n, []),
        }
    investments = [node["invest"] for node in nodes if node["invest"] > 0]
    top = max(investments, default=0)
    for node in nodes:
        # area grows with the amount; entities without one stay small
        share = math.sqrt(node["invest"] / top) if top else 0
        node["sizeInvest"] = round(8 + 42 * share, 1) if node["invest"] > 0 else 7

    edges = []
    sub = nxg.subgraph(shown)
    ordered = sorted(sub.edges(keys=True))
    pair_count: dict[tuple[str, str], int] = {}
    for s, o, _ in ordered:
        pair = (min(s, o), max(s, o))
        pair_count[pair] = pair_count.get(pair, 0) + 1
    pair_seen: dict[tuple[str, str], int] = {}
    for number, (s, o, key) in enumerate(ordered):
        pair = (min(s, o), max(s, o))
        index = pair_seen.get(pair, 0)
        pair_seen[pair] = index + 1
        edges.append({
            "id": f"e{number}", "from": s, "to": o, "rel": key,
            "arts": sorted(by_edge.get((s, o, key), ())),
            # parallel edges between one pair are bent apart so their labels stay legible
            "roundness": round(0.2 + 0.2 * index, 2) if pair_count[pair] > 1 and s != o else 0,
        })

    omitted = sorted((n for n in nxg.nodes if n not in shown_set), key=lambda n: (labels[n], n))
    return {
        "nodes": nodes, "edges": edges, "details": details, "evidence": evidence,
        "articles": articles,
        # left-out entities stay findable by name, so a search can say they exist
        "omitted": [[labels[n], nxg.nodes[n]["type"], list(nxg.nodes[n]["aliases"])] for n in omitted],
        "types": {t.name: {"zh": t.zh, "shape": t.shape, "color": t.color, "border": t.border}
                  for t in ENTITY_TYPES},
        "typeOrder": [t.name for t in ENTITY_TYPES],
        "relations": {r.name: {"label": _REL_LABEL[r.name], "zh": r.zh, "color": r.color} for r in RELATIONS},
        "relationOrder": [r.name for r in RELATIONS],
        "valueLabels": {_local(p): label for p, label in _VALUE_LABEL.items()},
    }


def _number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: an int when whole."""
    return int(value) if value == value.to_integral_value() else float(value)


def _articles(graph: Graph, iris: set[str]) -> dict[str, dict]:
    """Headline, date (the earliest schema:datePublished) and source tag of each article IRI."""
    out = {}
    for iri in sorted(iris):
        node = URIRef(iri)
        headline = graph.value(node, SCHEMA.headline)
        dates = _texts(graph, node, SCHEMA.datePublished)
        out[iri] = {
            "iri": iri,
            "headline": str(headline) if headline is not None else _local(iri),
            "date": dates[0] if dates else "",
            "source": ", ".join(_texts(graph, node, KG.sourceTag)),
        }
        out[iri].update(provenance(set(_texts(graph, node, SCHEMA.publisher)), set(_texts(graph, node, SCHEMA.url))))
    return out


def provenance(publishers: set[str], urls: set[str]) -> dict:
    """An article's sites and URLs for the page (its own and its reposts'), when it has any."""
    return {**({"publisher": "、".join(sorted(publishers))} if publishers else {}),
            **({"urls": sorted(urls)} if urls else {})}


def _evidence(graph: Graph, shown: set[str], labels: dict[str, str]) -> list[dict]:
    """kg:Evidence statements about at least one shown entity, as plain dicts."""
    out = []
    for ev in graph.subjects(RDF.type, KG.Evidence):
        s, p, o = (graph.value(ev, term) for term in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or o is None or p is None:
            continue
        s_id, o_id = str(s), str(o)
        if s_id not in shown and o_id not in shown:
            continue
        rel = relation_key(p)
        if rel is None:
            continue
        if o_id in labels:
            o_label = labels[o_id]
        elif isinstance(o, Literal):
            o_label = str(o)
        elif (o, RDF.type, SCHEMA.MonetaryAmount) in graph or graph.value(o, SCHEMA.value) is not None:
            o_label = _amount(graph, o)[0]
        else:
            o_label = _local(o)
        sources = sorted({str(a) for a in graph.objects(ev, PROV.wasDerivedFrom)})
        out.append({
            "rel": rel, "s": s_id, "o": o_id if o_id in labels else "",
            "sLabel": labels.get(s_id, _local(s)), "oLabel": o_label,
            "text": " ".join(_texts(graph, ev, KG.evidenceText)),
            "article": sources[0] if sources else "",
            "start": _int(graph.value(ev, KG.charStart)),
        })
    return _unique(out)


def relation_key(predicate) -> str | None:
    """How the page names a predicate that evidence may state (investor, startDate …); None for others."""
    if predicate in _REL_KEY:
        return _REL_KEY[predicate]
    if predicate in _VALUE_LABEL:
        return _local(predicate)
    return None


def _unique(rows: list[dict]) -> list[dict]:
    """Evidence rows each once (one sentence may be recorded twice, once per extraction path)."""
    unique = {tuple(sorted(e.items())): e for e in rows}
    return [unique[k] for k in sorted(unique)]


def _fact(e: dict) -> tuple:
    return e["s"], e["rel"], e["o"], e["oLabel"]


def _first_per_fact(rows: list[dict]) -> list[dict]:
    """The first EVIDENCE_PER_FACT rows of each fact, in the rows' order."""
    seen: dict[tuple, int] = {}
    out = []
    for e in rows:
        n = seen[_fact(e)] = seen.get(_fact(e), 0) + 1
        if n <= EVIDENCE_PER_FACT:
            out.append(e)
    return out


def _edges_stated(rows: list[dict]) -> dict[tuple[str, str, str], set[str]]:
    """(subject, object, relation) -> the articles of its evidence rows."""
    out: dict[tuple[str, str, str], set[str]] = {}
    for e in rows:
        if e["article"]:
            out.setdefault((e["s"], e["o"], e["rel"]), set()).add(e["article"])
    return out


class GraphSource:
    """What the page shows, read from an rdflib graph."""

    def __init__(self, graph: Graph):
        self.graph = graph

    def networkx(self) -> nx.MultiDiGraph:
        return to_networkx(self.graph)

    def articles(self, iris: set[str]) -> dict[str, dict]:
        return _articles(self.graph, iris)

    def evidence(self, shown: set[str], labels: dict[str, str]) -> tuple[list[dict], dict]:
        rows = _evidence(self.graph, shown, labels)
        return rows, _edges_stated(rows)


def _local(term) -> str:
    """The last segment of an IRI, for display when nothing better is known."""
    text = str(term or "")
    return re.split(r"[/#]", text.rstrip("/#"))[-1]


def _int(value) -> int:
    """An integer literal's value, -1 when absent or malformed."""
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return -1


# --------------------------------------------------------------------------- page

def render_html(graph: Graph, *, max_nodes: int = 3000, title: str = DEFAULT_TITLE) -> str:
    """The whole page for ``graph``: nodes, edges, legend, search, filters, details panel.

    At most ``max_nodes`` entities are drawn (the most connected; the page says which
    kinds were left out). The page needs no network and is byte-identical for the
    same graph, whatever order its triples were added in.
    """
    return render_source(GraphSource(graph), max_nodes=max_nodes, title=title)


def render_records(articles, linked, *, base_iri: str, max_nodes: int = 3000, title: str = DEFAULT_TITLE) -> str:
    """The page ``render_html`` draws for the graph of these records, made without the graph."""
    from kg.export.html_records import RecordSource
    return render_source(RecordSource(articles, linked, base_iri=base_iri), max_nodes=max_nodes, title=title)


def render_source(source, *, max_nodes: int = 3000, title: str = DEFAULT_TITLE) -> str:
    """The page for a GraphSource or a RecordSource (see ``render_html``)."""
    if max_nodes < 1:
        raise UsageError(f"max_nodes must be at least 1, not {max_nodes}")
    nxg = source.networkx()
    shown = select_nodes(nxg, max_nodes)
    positions = layout(nxg.subgraph(shown))
    data = _page_data(source, nxg, shown, positions)
    counts = {t.name: 0 for t in ENTITY_TYPES}
    for node in data["nodes"]:
        counts[node["type"]] += 1
    rel_counts = {r.name: 0 for r in RELATIONS}
    for edge in data["edges"]:
        rel_counts[edge["rel"]] += 1
    scripts = [vis_js(), _APP_JS]
    return _PAGE.format(
        title=html.escape(title),
        csp=" ".join(f"'sha256-{_sha256(s)}'" for s in scripts),
        note=_note(nxg, len(shown)),
        stats=html.escape(f"{len(data['nodes'])} 节点 nodes · {len(data['edges'])} 边 edges"),
        edge_names=html.escape("、".join(r.zh for r in RELATIONS)),
        types=_type_legend(counts),
        relations=_relation_legend(rel_counts),
        data=_script_json(data),
        vis=scripts[0],
        app=scripts[1],
        css=_CSS,
    )


def _note(nxg: nx.MultiDiGraph, shown: int) -> str:
    """What a truncated view left out, by type; empty when everything is drawn."""
    total = nxg.number_of_nodes()
    if shown >= total:
        return ""
    kept = set(select_nodes(nxg, shown))
    left: dict[str, int] = {}
    for n in nxg.nodes:
        if n not in kept:
            left[nxg.nodes[n]["type"]] = left.get(nxg.nodes[n]["type"], 0) + 1
    parts = "、".join(f"{left[t.name]} {t.zh}" for t in ENTITY_TYPES if t.name in left)
    text = (f"showing {shown} of {total} nodes, the most connected（仅显示连接最多的 {shown} 个，"
            f"共 {total} 个实体；未显示 {total - shown} 个：{parts}）. "
            f"Raise --html-max-nodes to see more; search still finds the others by name.")
    return f'<p id="kg-note">{html.escape(text)}</p>'


def write_html(graph: Graph, path: Path, **kw) -> None:
    """Render ``graph`` and write it to ``path`` atomically (``kg.atomic``: temp file, then rename)."""
    atomic_write(path, render_html(graph, **kw))


def _script_json(value) -> str:
    """JSON safe to place inside <script>: no </script>, no HTML-significant characters."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def _sha256(script: str) -> str:
    """The CSP source hash of an inline script's text."""
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def vis_js() -> str:
    """vis-network's standalone build, shipped with kg (kg/export/vendor/)."""
    resource = resources.files("kg.export").joinpath(VIS_JS)
    if not resource.is_file():
        raise KgError(f"kg/export/{VIS_JS} is missing from the installed kg; reinstall kg (pip install .)")
    text = resource.read_text(encoding="utf-8")
    # the file holds no "</script", but an inlined script must never end early
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


def _type_legend(counts: dict[str, int]) -> str:
    """One legend row per entity type: checkbox filter, shape swatch, name, count."""
    rows = []
    for t in ENTITY_TYPES:
        rows.append(
            f'<li><label class="kg-legend-item" data-type="{t.name}">'
            f'<input type="checkbox" class="kg-filter" value="{t.name}" checked> '
            f'{_swatch(t)} <span>{html.escape(t.zh)} {t.name}</span> '
            f'<span class="kg-count">{counts[t.name]}</span></label></li>'
        )
    return "".join(rows)


def _relation_legend(counts: dict[str, int]) -> str:
    """One legend row per relation: checkbox filter, an arrow in its colour, name, count."""
    rows = []
    for r in RELATIONS:
        arrow = (f'<svg class="kg-swatch" width="22" height="12" viewBox="0 0 22 12" aria-hidden="true">'
                 f'<path d="M1 6H17" stroke="{r.color}" stroke-width="2"/>'
                 f'<path d="M15 2L21 6L15 10Z" fill="{r.color}"/></svg>')
        rows.append(
            f'<li><label class="kg-legend-item" data-rel="{r.name}">'
            f'<input type="checkbox" class="kg-rel-filter" value="{r.name}" checked> '
            f'{arrow} <span>{html.escape(r.zh)} {r.name}</span> '
            f'<span class="kg-count">{counts[r.name]}</span></label></li>'
        )
    return "".join(rows)


def _swatch(t: EntityType) -> str:
    """An inline SVG of the type's node shape in its colour."""
    c, r = 9, 7
    if t.shape == "dot":
        shape = f'<circle cx="{c}" cy="{c}" r="{r}"/>'
    elif t.shape == "square":
        shape = f'<rect x="{c - r + 1}" y="{c - r + 1}" width="{2 * r - 2}" height="{2 * r - 2}"/>'
    else:
        corners = {"triangle": (3, -90, 0), "diamond": (4, -90, 0), "hexagon": (6, 0, 0),
                   "star": (10, -90, 0.45)}[t.shape]
        count, start, inner = corners
        points = []
        for i in range(count):
            radius = r * (inner if inner and i % 2 else 1)
            angle = math.radians(start + 360 * i / count)
            points.append(f"{c + radius * math.cos(angle):.1f},{c + radius * math.sin(angle):.1f}")
        shape = f'<polygon points="{" ".join(points)}"/>'
    return (f'<svg class="kg-swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">'
            f'<g fill="{t.color}" stroke="{t.border}" stroke-width="1">{shape}</g></svg>')


_FONTS = '"Noto Sans CJK SC", "WenQuanYi Zen Hei", "PingFang SC", "Microsoft YaHei", sans-serif'

_CSS = """
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font: 14px/1.45 FONTS; color: #222; background: #fafafa; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 14px; padding: 8px 14px;
  background: #26364a; color: #fff; }
header h1 { font-size: 18px; margin: 0 8px 0 0; font-weight: 600; }
header label { font-size: 12px; color: #d8dee8; }
header select, header button { font: inherit; font-size: 12px; padding: 3px 6px; cursor: pointer; }
#kg-searchbox { position: relative; }
#kg-search { width: 280px; padding: 4px 8px; border: 1px solid #8895a7; border-radius: 4px; font: inherit; }
#kg-search-count, #kg-stats { font-size: 12px; color: #d8dee8; }
#kg-search-results { position: absolute; top: 100%; left: 0; z-index: 20; width: 420px; max-height: 60vh;
  overflow-y: auto; margin-top: 3px; padding: 4px; background: #fff; color: #222; border: 1px solid #b8c2cf;
  border-radius: 4px; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.kg-result { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 8px; width: 100%; padding: 4px 6px;
  border: none; border-radius: 3px; background: none; text-align: left; font: inherit; cursor: pointer; }
.kg-result:hover, .kg-result:focus, .kg-result-first { background: #eef3f9; }
.kg-result-name { font-weight: 600; }
.kg-result-type, .kg-result-alias, .kg-result-hidden, .kg-result-omitted { font-size: 12px; color: #666; }
.kg-result-hidden { color: #a0522d; }
.kg-result-omitted { padding: 3px 6px; color: #888; }
.kg-dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; }
#kg-note { flex-basis: 100%; margin: 0; padding: 3px 8px; border-radius: 4px; background: #ffd166; color: #222;
  font-size: 12px; }
#kg-main { flex: 1; display: flex; min-height: 0; }
#kg-legend { width: 230px; flex: none; padding: 10px 12px; border-right: 1px solid #ddd; background: #fff;
  overflow-y: auto; font-size: 13px; }
#kg-legend h2, #kg-panel h2 { font-size: 14px; margin: 4px 0 8px; }
#kg-legend ul { list-style: none; margin: 0 0 14px; padding: 0; }
#kg-legend li { margin: 4px 0; }
.kg-legend-item { display: flex; align-items: center; gap: 5px; cursor: pointer; }
.kg-count { margin-left: auto; color: #777; font-size: 12px; }
.kg-swatch { flex: none; }
.kg-filter-row { display: flex; flex-direction: column; gap: 3px; margin: 0 0 8px; font-size: 12px; color: #555; }
.kg-filter-row select, .kg-filter-row input { font: inherit; font-size: 12px; width: 100%; padding: 2px 4px; }
#kg-reset { font: inherit; font-size: 12px; padding: 3px 8px; cursor: pointer; }
#kg-article-count { font-size: 12px; color: #777; margin: 0 0 8px; }
#kg-network { flex: 1; min-width: 0; position: relative; background: #fff; }
#kg-minimap { position: absolute; right: 8px; bottom: 8px; z-index: 4; width: 200px; height: 140px;
  border: 1px solid #b8c2cf; border-radius: 3px; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.2); cursor: crosshair; }
#kg-minimap[hidden] { display: none; }
.kg-export { font-size: 12px; color: #d8dee8; }
.kg-export button { margin-left: 4px; }
.kg-hint { margin: -8px 0 14px; font-size: 11px; color: #777; }
.kg-filter-row input.kg-bad { border-color: #c0392b; background: #fdecea; }
#kg-panel { width: 380px; flex: none; padding: 10px 14px; border-left: 1px solid #ddd; background: #fff;
  overflow-y: auto; font-size: 13px; }
#kg-panel h3 { font-size: 13px; margin: 14px 0 4px; color: #26364a; border-bottom: 1px solid #eee; }
.kg-title { font-size: 16px; font-weight: 600; margin: 2px 0 6px; word-break: break-all; }
.kg-field { display: flex; gap: 8px; margin: 2px 0; }
.kg-key { flex: none; width: 104px; color: #666; }
.kg-val { word-break: break-all; white-space: pre-wrap; }
.kg-item { margin: 3px 0; white-space: pre-wrap; word-break: break-word; }
.kg-rel { display: inline-block; padding: 0 5px; margin-right: 4px; border-radius: 3px; color: #fff; font-size: 12px; }
.kg-quote { margin: 6px 0; padding: 4px 8px; border-left: 3px solid #c9d3df; background: #f6f8fa;
  white-space: pre-wrap; word-break: break-word; }
.kg-quote mark { background: #ffe58f; color: inherit; }
.kg-fact, .kg-source { color: #666; font-size: 12px; }
.kg-link { border: none; background: none; padding: 0; color: #1f5fa8; cursor: pointer; font: inherit;
  text-decoration: underline; text-align: left; }
.kg-small { font-size: 12px; margin-left: 6px; }
.kg-muted { color: #888; }
.kg-empty { padding: 40px; color: #888; text-align: center; }
div.vis-tooltip { position: absolute; visibility: hidden; padding: 6px 8px; max-width: 420px;
  white-space: pre-wrap; word-break: break-word; font: 12px/1.45 FONTS; color: #222; background: #fffdf3;
  border: 1px solid #b3ad93; border-radius: 3px; box-shadow: 2px 2px 8px rgba(0,0,0,.2);
  pointer-events: none; z-index: 5; }
.kg-tip { white-space: pre-wrap; }
""".replace("FONTS", _FONTS)

# The page's script. Every piece of text from the graph reaches the DOM through
# textContent (el(), text nodes) or vis-network's canvas; never through innerHTML.
_APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var view = { data: data, drawnAt: null, network: null, nodes: null, edges: null };
  window.kgView = view;
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  var state = { types: {}, rels: {}, article: "", from: "", to: "", sizeBy: "degree", stage: "" };
  data.typeOrder.forEach(function (t) { state.types[t] = true; });
  data.relationOrder.forEach(function (r) { state.rels[r] = true; });
  var shownNode = {}, shownEdge = {}, dimNode = {}, dimEdge = {}, activeArt = [];
  data.nodes.forEach(function (n) { shownNode[n.id] = true; });
  data.edges.forEach(function (e) { shownEdge[e.id] = true; });

  var $ = function (id) { return document.getElementById(id); };
  var panel = $("kg-panel-body"), results = $("kg-search-results"), searchBox = $("kg-search");
  var face = '"Noto Sans CJK SC", "WenQuanYi Zen Hei", "PingFang SC", "Microsoft YaHei", sans-serif';

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function typeName(t) { var s = data.types[t]; return s ? s.zh + " " + t : t; }
  function relName(r) { var s = data.relations[r]; return s ? s.label : (data.valueLabels[r] || r); }
  function relColor(r) { var s = data.relations[r]; return s ? s.color : "#888888"; }
  function articleText(a) { return (a.date ? a.date + " " : "") + "《" + a.headline + "》"; }

  // ---- filters: controls are filled from the data (text only)
  var articleSelect = $("kg-article"), fromBox = $("kg-from"), toBox = $("kg-to");
  var allOption = el("option", null, "全部文章 all articles (" + data.articles.length + ")");
  allOption.value = "";
  articleSelect.appendChild(allOption);
  var dates = [];
  data.articles.forEach(function (a, i) {
    var o = el("option", null, articleText(a));
    o.value = String(i);
    o.title = articleText(a);
    articleSelect.appendChild(o);
    if (/^\d{4}-\d{2}-\d{2}/.test(a.date)) { dates.push(a.date.slice(0, 10)); }
  });
  dates.sort();
  var dateList = $("kg-dates");
  dates.forEach(function (d, i) {
    if (i === 0 || d !== dates[i - 1]) { var o = el("option"); o.value = d; dateList.appendChild(o); }
  });
  if (dates.length) {
    fromBox.placeholder = dates[0];
    toBox.placeholder = dates[dates.length - 1];
  }

  var container = $("kg-network");
  if (typeof vis === "undefined") {
    container.appendChild(el("p", "kg-empty", "vis-network failed to load."));
    return;
  }
  if (!data.nodes.length) {
    container.appendChild(el("p", "kg-empty", "图中没有实体 The graph has no entities."));
  }

  function nodeTip(n) {
    var d = data.details[n.id];
    var lines = [typeName(n.type), n.label];
    if (d.aliases.length) { lines.push("别名 aliases: " + d.aliases.join("、")); }
    if (d.code) { lines.push("区划代码 GB/T 2260: " + d.code); }
    d.amounts.forEach(function (a) { lines.push("投资额 amount: " + a); });
    lines.push("连接 degree: " + n.degree + " · 报道 articles: " + n.arts.length);
    lines.push("点击查看详情 click for details");
    return el("div", "kg-tip", lines.join("\n"));
  }
  function edgeColor(rel, dim) {
    var c = relColor(rel);
    return { color: c, highlight: c, hover: c, opacity: dim ? 0.12 : 1 };
  }
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    // no vis-network label: the label layer below places names so that they do not overlap
    return { id: n.id, group: n.type, x: n.x, y: n.y, size: n.size, title: nodeTip(n) };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var item = { id: e.id, from: e.from, to: e.to, color: edgeColor(e.rel, false),
                 title: el("div", "kg-tip", byId[e.from].label + " → " + relName(e.rel) + " → " + byId[e.to].label) };
    if (e.roundness) { item.smooth = { enabled: true, type: "curvedCW", roundness: e.roundness }; }
    return item;
  }));
  var groups = {};
  data.typeOrder.forEach(function (t) {
    var s = data.types[t];
    groups[t] = { shape: s.shape, color: { background: s.color, border: s.border,
                  highlight: { background: s.color, border: "#111111" },
                  hover: { background: s.color, border: "#111111" } } };
  });
  var big = data.nodes.length > 600;
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    autoResize: true,
    groups: groups,
    nodes: { borderWidth: 1, borderWidthSelected: 4,
             font: { face: face, size: 14, color: "#222222", strokeWidth: 3, strokeColor: "#ffffff" } },
    edges: { arrows: { to: { enabled: true, scaleFactor: 0.6 } }, width: 1.2, selectionWidth: 1.5, smooth: false,
             font: { face: face, size: 10, color: "#555555", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" } },
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: !big, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                   multiselect: true, navigationButtons: false, keyboard: false }
  });
  view.network = network; view.nodes = nodes; view.edges = edges;
  network.once("afterDrawing", function () {
    view.drawnAt = performance.now();
    document.documentElement.setAttribute("data-kg-drawn", "1");
  });

  // ---- emphasis: dim everything but a set of nodes (search matches, a node and its neighbours)
  var emphasized = null;
  function emphasize(ids) {
    emphasized = ids ? ids.slice() : null;
    var keep = null;
    if (ids) { keep = {}; ids.forEach(function (id) { keep[id] = true; }); }
    var nu = [], eu = [];
    data.nodes.forEach(function (n) {
      var dim = keep !== null && !keep[n.id];
      if (dim !== !!dimNode[n.id]) {
        dimNode[n.id] = dim;
        nu.push({ id: n.id, opacity: dim ? 0.18 : 1, font: { color: dim ? "rgba(34,34,34,0.25)" : "#222222" } });
      }
    });
    data.edges.forEach(function (e) {
      var dim = keep !== null && !(keep[e.from] && keep[e.to]);
      if (dim !== !!dimEdge[e.id]) {
        dimEdge[e.id] = dim;
        eu.push({ id: e.id, color: edgeColor(e.rel, dim), font: { color: dim ? "rgba(85,85,85,0.15)" : "#555555" } });
      }
    });
    if (nu.length) { nodes.update(nu); }
    if (eu.length) { edges.update(eu); }
  }
  // ---- labels: names in screen-sized text (12-14 px at any zoom), placed greedily by
  // importance (emphasized nodes, then the most connected) below, above, right of or left
  // of their node, never over another label or a labelled node, never cut by the canvas
  // edge; long names are shortened (the whole name is in the tooltip and the panel)
  var LABEL_CHARS = 12, MAX_LABELS = 400;
  var labelOrder = data.nodes.slice().sort(function (a, b) {
    return b.degree - a.degree || b.invest - a.invest || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  }).map(function (n) { return n.id; });
  var placed = [];        // the labels of the last drawing: {text, x, y, px, bold, color}, for the SVG export
  view.labels = function () { return placed.slice(); };
  function shortLabel(text) {
    return text.length > LABEL_CHARS ? text.slice(0, LABEL_CHARS - 1) + "…" : text;
  }
  function nodeSize(n) { return state.sizeBy === "invest" ? n.sizeInvest : n.size; }
  network.on("afterDrawing", function (ctx) {
    var canvas = ctx.canvas, ratio = canvas.width / Math.max(1, canvas.clientWidth);
    var W = canvas.clientWidth, H = canvas.clientHeight, scale = network.getScale();
    var grid = {}, CELL = 48, first = {}, order = [];
    placed = [];
    function cells(b, add) {
      for (var cx = Math.floor(b[0] / CELL); cx <= Math.floor(b[2] / CELL); cx++) {
        for (var cy = Math.floor(b[1] / CELL); cy <= Math.floor(b[3] / CELL); cy++) {
          var key = cx + "," + cy, list = grid[key];
          if (add) { (grid[key] = list || []).push(b); continue; }
          if (!list) { continue; }
          for (var i = 0; i < list.length; i++) {
            var o = list[i];
            if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) { return false; }
          }
        }
      }
      return true;
    }
    (emphasized || []).forEach(function (id) { if (!first[id]) { first[id] = true; order.push(id); } });
    labelOrder.forEach(function (id) { if (!first[id]) { order.push(id); } });
    var ids = order.filter(function (id) { return shownNode[id]; });
    var pos = network.getPositions(ids);
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    for (var k = 0; k < ids.length && placed.length < MAX_LABELS; k++) {
      var id = ids[k], n = byId[id], keep = emphasized === null || first[id];
      if (!keep) { continue; }     // dimmed nodes stay unnamed
      var p = network.canvasToDOM(pos[id]), r = nodeSize(n) * scale;
      if (p.x < -50 || p.y < -50 || p.x > W + 50 || p.y > H + 50) { continue; }
      var whole = first[id] && emphasized.length <= 30;
      var text = whole ? n.label : shortLabel(n.label);
      var px = n.degree >= 8 ? 14 : first[id] ? 13 : 12, bold = n.degree >= 8 || !!first[id];
      ctx.font = (bold ? "600 " : "") + px + "px " + face;
      var w = ctx.measureText(text).width, h = px + 3, gap = 3;
      var spots = [[p.x - w / 2, p.y + r + gap], [p.x - w / 2, p.y - r - gap - h],
                   [p.x + r + gap + 2, p.y - h / 2], [p.x - r - gap - 2 - w, p.y - h / 2]];
      for (var c = 0; c < spots.length; c++) {
        var b = [spots[c][0] - 2, spots[c][1], spots[c][0] + w + 2, spots[c][1] + h];
        if (b[0] < 2 || b[1] < 2 || b[2] > W - 2 || b[3] > H - 2 || !cells(b, false)) { continue; }
        cells(b, true);
        cells([p.x - r, p.y - r, p.x + r, p.y + r], true);     // a named node is not covered by later labels
        ctx.lineWidth = 3.5;
        ctx.strokeStyle = "rgba(255,255,255,0.92)";
        ctx.fillStyle = n.type === "Event" || n.type === "Project" ? "#33302b" : "#1b2733";
        ctx.strokeText(text, spots[c][0], spots[c][1] + 1);
        ctx.fillText(text, spots[c][0], spots[c][1] + 1);
        placed.push({ text: text, x: spots[c][0], y: spots[c][1] + 1, px: px, bold: bold, color: ctx.fillStyle });
        break;
      }
    }
    // the relations of an emphasized neighbourhood are named on their edges, where there is room
    if (emphasized && emphasized.length <= 60) {
      var ends = network.getPositions(emphasized);
      data.edges.forEach(function (e) {
        if (!shownEdge[e.id] || !ends[e.from] || !ends[e.to] || !first[e.from] || !first[e.to]) { return; }
        var a = network.canvasToDOM(ends[e.from]), z = network.canvasToDOM(ends[e.to]);
        var label = data.relations[e.rel] ? data.relations[e.rel].zh : e.rel;
        ctx.font = "11px " + face;
        var w = ctx.measureText(label).width, x = (a.x + z.x) / 2 - w / 2, y = (a.y + z.y) / 2 - 7;
        var b = [x - 1, y, x + w + 1, y + 13];
        if (b[0] < 2 || b[1] < 2 || b[2] > W - 2 || b[3] > H - 2 || !cells(b, false)) { return; }
        cells(b, true);
        ctx.lineWidth = 3;
        ctx.strokeStyle = "rgba(255,255,255,0.92)";
        ctx.fillStyle = relColor(e.rel);
        ctx.strokeText(label, x, y);
        ctx.fillText(label, x, y);
        placed.push({ text: label, x: x, y: y, px: 11, bold: false, color: relColor(e.rel) });
      });
    }
    ctx.restore();
    drawMinimap();
  });

  // ---- fit: the shown nodes with room for their labels, never zoomed in past 1.5
  function fitAll(animate) {
    var ids = data.nodes.filter(function (n) { return shownNode[n.id]; }).map(function (n) { return n.id; });
    if (!ids.length) { return; }
    var pos = network.getPositions(ids), x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      var p = pos[id], r = nodeSize(byId[id]);
      x0 = Math.min(x0, p.x - r); x1 = Math.max(x1, p.x + r);
      y0 = Math.min(y0, p.y - r); y1 = Math.max(y1, p.y + r);
    });
    var W = container.clientWidth, H = container.clientHeight, margin = 36;
    var scale = Math.min((W - 2 * margin) / Math.max(x1 - x0, 1), (H - 2 * margin - 18) / Math.max(y1 - y0, 1), 1.5);
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 + 9 / scale }, scale: scale,
                     animation: animate ? { duration: 300 } : false });
  }
  view.fit = fitAll;

  // ---- minimap: every shown node as a dot and the part the canvas shows as a frame; a
  // click or drag there moves the view (for graphs too large to read at once)
  var mini = el("canvas"), miniBase = null, miniBox = null;
  mini.id = "kg-minimap";
  mini.width = 200; mini.height = 140;
  mini.title = "概览 overview: click or drag to move the view";
  mini.hidden = data.nodes.length < 40;
  container.appendChild(mini);      // after vis-network emptied the container for its canvas
  function miniTransform() {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    data.nodes.forEach(function (n) {
      x0 = Math.min(x0, n.x); x1 = Math.max(x1, n.x); y0 = Math.min(y0, n.y); y1 = Math.max(y1, n.y);
    });
    var pad = 6, s = Math.min((mini.width - 2 * pad) / Math.max(x1 - x0, 1), (mini.height - 2 * pad) / Math.max(y1 - y0, 1));
    return { s: s, x: pad + ((mini.width - 2 * pad) - s * (x1 - x0)) / 2 - s * x0,
             y: pad + ((mini.height - 2 * pad) - s * (y1 - y0)) / 2 - s * y0 };
  }
  function drawMinimap() {
    if (mini.hidden || !data.nodes.length) { return; }
    var c = mini.getContext("2d");
    if (!miniBase) {
      miniBox = miniTransform();
      miniBase = document.createElement("canvas");
      miniBase.width = mini.width; miniBase.height = mini.height;
      var b = miniBase.getContext("2d");
      b.fillStyle = "#ffffff";
      b.fillRect(0, 0, mini.width, mini.height);
      data.nodes.forEach(function (n) {
        if (!shownNode[n.id]) { return; }
        b.fillStyle = data.types[n.type].color;
        var r = n.degree >= 8 ? 2.5 : 1.3;
        b.fillRect(miniBox.x + miniBox.s * n.x - r, miniBox.y + miniBox.s * n.y - r, 2 * r, 2 * r);
      });
    }
    c.drawImage(miniBase, 0, 0);
    var tl = network.DOMtoCanvas({ x: 0, y: 0 });
    var br = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    c.strokeStyle = "#c0392b";
    c.lineWidth = 1.5;
    // the frame, clipped to the minimap (zoomed out, the view is larger than the graph)
    var x0 = Math.max(1, miniBox.x + miniBox.s * tl.x), y0 = Math.max(1, miniBox.y + miniBox.s * tl.y);
    var x1 = Math.min(mini.width - 1, miniBox.x + miniBox.s * br.x), y1 = Math.min(mini.height - 1, miniBox.y + miniBox.s * br.y);
    if (x1 > x0 && y1 > y0) { c.strokeRect(x0, y0, x1 - x0, y1 - y0); }
  }
  function miniMove(ev) {
    if (!miniBox) { return; }
    var rect = mini.getBoundingClientRect();
    var x = (ev.clientX - rect.left) * mini.width / rect.width, y = (ev.clientY - rect.top) * mini.height / rect.height;
    network.moveTo({ position: { x: (x - miniBox.x) / miniBox.s, y: (y - miniBox.y) / miniBox.s } });
  }
  var miniDrag = false;
  mini.addEventListener("mousedown", function (ev) { miniDrag = true; miniMove(ev); ev.preventDefault(); });
  mini.addEventListener("mousemove", function (ev) { if (miniDrag) { miniMove(ev); } });
  document.addEventListener("mouseup", function () { miniDrag = false; });

  // ---- export what the canvas shows: PNG (the drawing itself) or SVG (nodes, edges, labels)
  function pngURL() {
    var source = container.querySelector("canvas");
    var out = document.createElement("canvas");
    out.width = source.width; out.height = source.height;
    var c = out.getContext("2d");
    c.fillStyle = "#ffffff";
    c.fillRect(0, 0, out.width, out.height);
    c.drawImage(source, 0, 0);
    return out.toDataURL("image/png");
  }
  function xml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function shapeSVG(shape, x, y, r, fill, stroke, opacity) {
    var paint = ' fill="' + fill + '" stroke="' + stroke + '" stroke-width="1" opacity="' + opacity + '"';
    if (shape === "dot") { return '<circle cx="' + x.toFixed(1) + '" cy="' + y.toFixed(1) + '" r="' + r.toFixed(1) + '"' + paint + "/>"; }
    if (shape === "square") {
      return '<rect x="' + (x - r).toFixed(1) + '" y="' + (y - r).toFixed(1) + '" width="' + (2 * r).toFixed(1) +
             '" height="' + (2 * r).toFixed(1) + '"' + paint + "/>";
    }
    var corners = { triangle: [3, -90, 0], diamond: [4, -90, 0], hexagon: [6, 0, 0], star: [10, -90, 0.45] }[shape] || [4, -90, 0];
    var pts = [];
    for (var i = 0; i < corners[0]; i++) {
      var radius = r * (corners[2] && i % 2 ? corners[2] : 1), angle = (corners[1] + 360 * i / corners[0]) * Math.PI / 180;
      pts.push((x + radius * Math.cos(angle)).toFixed(1) + "," + (y + radius * Math.sin(angle)).toFixed(1));
    }
    return '<polygon points="' + pts.join(" ") + '"' + paint + "/>";
  }
  function svgText() {
    var W = container.clientWidth, H = container.clientHeight, scale = network.getScale();
    var ids = data.nodes.filter(function (n) { return shownNode[n.id]; }).map(function (n) { return n.id; });
    var pos = network.getPositions(ids), screen = {};
    ids.forEach(function (id) { screen[id] = network.canvasToDOM(pos[id]); });
    var out = ['<svg xmlns="http://www.w3.org/2000/svg" width="' + W + '" height="' + H + '" viewBox="0 0 ' + W + " " + H +
               '" font-family="' + xml(face) + '">', '<rect width="100%" height="100%" fill="#ffffff"/>'];
    data.edges.forEach(function (e) {
      if (!shownEdge[e.id] || !screen[e.from] || !screen[e.to]) { return; }
      var a = screen[e.from], z = screen[e.to];
      out.push('<line x1="' + a.x.toFixed(1) + '" y1="' + a.y.toFixed(1) + '" x2="' + z.x.toFixed(1) + '" y2="' +
               z.y.toFixed(1) + '" stroke="' + relColor(e.rel) + '" stroke-width="1.2" opacity="' + (dimEdge[e.id] ? 0.12 : 1) + '"/>');
    });
    ids.forEach(function (id) {
      var n = byId[id], p = screen[id], t = data.types[n.type];
      if (p.x < -60 || p.y < -60 || p.x > W + 60 || p.y > H + 60) { return; }
      out.push(shapeSVG(t.shape, p.x, p.y, nodeSize(n) * scale, t.color, t.border, dimNode[id] ? 0.18 : 1));
    });
    placed.forEach(function (l) {
      out.push('<text x="' + l.x.toFixed(1) + '" y="' + (l.y + l.px * 0.85).toFixed(1) + '" font-size="' + l.px + '"' +
               (l.bold ? ' font-weight="600"' : "") + ' fill="' + l.color + '" stroke="#ffffff" stroke-width="3" ' +
               'paint-order="stroke">' + xml(l.text) + "</text>");
    });
    out.push("</svg>");
    return out.join("\n") + "\n";
  }
  view.exportPNG = pngURL;
  view.exportSVG = svgText;
  function download(name, blob) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }
  $("kg-export-png").addEventListener("click", function () {
    var url = pngURL(), bytes = atob(url.split(",")[1]), buf = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) { buf[i] = bytes.charCodeAt(i); }
    download("graph-view.png", new Blob([buf], { type: "image/png" }));
  });
  $("kg-export-svg").addEventListener("click", function () {
    download("graph-view.svg", new Blob([svgText()], { type: "image/svg+xml" }));
  });

  function neighbourhood(id) {
    var ids = [id];
    network.getConnectedNodes(id).forEach(function (o) { if (shownNode[o]) { ids.push(o); } });
    return ids;
  }

  // ---- details panel
  function field(name, value) {
    if (value === undefined || value === null || value === "" ||
        (Array.isArray(value) && value.length === 0)) { return; }
    var row = el("div", "kg-field");
    row.appendChild(el("span", "kg-key", name));
    row.appendChild(el("span", "kg-val", Array.isArray(value) ? value.join("、") : value));
    panel.appendChild(row);
  }
  function nodeRef(id, label) {
    if (byId[id]) {
      var b = el("button", "kg-link", label);
      b.type = "button";
      b.addEventListener("click", function () { choose(id); });
      return b;
    }
    return el("span", "kg-muted", label + " (未显示 not in view)");
  }
  function relChip(rel) {
    var chip = el("span", "kg-rel", relName(rel));
    chip.style.backgroundColor = relColor(rel);
    return chip;
  }
  function marked(text, names) {
    // the entity's own names stand out in its evidence; built from text nodes only
    var frag = document.createDocumentFragment();
    names = names.filter(function (s) { return s && s.length > 1; })
                 .sort(function (a, b) { return b.length - a.length; });
    var start = 0, i = 0;
    while (i < text.length) {
      var hit = null;
      for (var k = 0; k < names.length; k++) {
        if (text.substr(i, names[k].length) === names[k]) { hit = names[k]; break; }
      }
      if (hit) {
        if (i > start) { frag.appendChild(document.createTextNode(text.slice(start, i))); }
        frag.appendChild(el("mark", null, hit));
        i += hit.length;
        start = i;
      } else { i += 1; }
    }
    if (start < text.length) { frag.appendChild(document.createTextNode(text.slice(start))); }
    return frag;
  }
  function factLine(ev) {
    var line = el("div", "kg-fact");
    line.appendChild(el("span", null, ev.sLabel + " → "));
    line.appendChild(relChip(ev.rel));
    line.appendChild(el("span", null, "→ " + ev.oLabel));
    return line;
  }
  function evidenceBlocks(indices, names) {
    // one box per sentence, listing every fact it states
    var groups = [], byKey = {};
    indices.forEach(function (i) {
      var ev = data.evidence[i];
      var key = ev.art + "\u0000" + ev.start + "\u0000" + ev.text;
      if (!byKey[key]) { byKey[key] = { ev: ev, facts: [] }; groups.push(byKey[key]); }
      byKey[key].facts.push(ev);
    });
    return groups.map(function (g) {
      var box = el("div", "kg-quote");
      var quote = el("div", "kg-sentence");
      quote.appendChild(document.createTextNode("「"));
      quote.appendChild(marked(g.ev.text, names));
      quote.appendChild(document.createTextNode("」"));
      box.appendChild(quote);
      g.facts.forEach(function (ev) { box.appendChild(factLine(ev)); });
      var a = data.articles[g.ev.art];
      if (a) { box.appendChild(el("div", "kg-source", "—— " + articleText(a) + (a.source ? " 【" + a.source + "】" : ""))); }
      return box;
    });
  }
  function showHelp() {
    clear(panel);
    panel.appendChild(el("p", "kg-muted",
      "点击节点查看类型、名称、别名、区划代码、关系和出处句子；点击边查看它的证据。\n" +
      "搜索框按名称或别名查找（回车定位）；左侧按类型、关系、文章或日期筛选。\n\n" +
      "Click a node for its type, names, codes, relations and the sentences that state them; " +
      "click an edge for its evidence. Search finds names and aliases (Enter focuses the best match); " +
      "filter by type, relation, article or date on the left. Scroll to zoom, drag to pan."));
  }
  // ---- a project's timeline: each milestone with its date, event and article
  var MILESTONES = { signedOn: "签约 signed", startedOn: "开工 started", completedOn: "建成 built" };
  function timeline(id, d) {
    var items = d.evidence.map(function (i) { return data.evidence[i]; })
                          .filter(function (e) { return e.s === id; });
    var events = {}, seen = {}, steps = [];
    items.forEach(function (e) { if (e.rel === "atEvent") { events[e.art] = e; } });
    items.forEach(function (e) {
      var key = e.rel + "|" + e.oLabel + "|" + e.art;
      if (!MILESTONES[e.rel] || seen[key]) { return; }
      seen[key] = true;
      steps.push(e);
    });
    if (!steps.length) { return; }
    steps.sort(function (a, b) { return a.oLabel < b.oLabel ? -1 : a.oLabel > b.oLabel ? 1 : a.art - b.art; });
    panel.appendChild(el("h3", null, "时间线 timeline (" + steps.length + ")"));
    steps.forEach(function (e) {
      var row = el("div", "kg-item kg-timeline");
      row.appendChild(el("b", null, e.oLabel + " "));
      row.appendChild(el("span", null, MILESTONES[e.rel] + " "));
      var ev = events[e.art];
      if (ev && ev.o) { row.appendChild(el("span", "kg-muted", "@ ")); row.appendChild(nodeRef(ev.o, ev.oLabel)); }
      if (e.art >= 0) { row.appendChild(el("div", "kg-muted kg-small", articleText(data.articles[e.art]))); }
      panel.appendChild(row);
    });
  }
  function showNode(id) {
    var n = byId[id], d = data.details[id];
    if (!n || !d) { showHelp(); return; }
    clear(panel);
    panel.appendChild(el("div", "kg-title", n.label));
    field("类型 type", typeName(n.type));
    field("规范名 name", n.label);
    field("别名 aliases", d.aliases);
    field("区划代码 GB/T 2260", d.code);
    field("级别 level", d.level);
    field("投资额 amount", d.amounts);
    if (n.type !== "Project" && n.invest > 0) {
      field("相关项目投资 projects", (n.invest / 1e8).toFixed(2).replace(/\.?0+$/, "") + "亿 CNY");
    }
    field("时间 date", d.dates);
    timeline(id, d);
    field("连接 degree", String(n.degree));
    field("IRI", id);
    if (d.relations.length) {
      panel.appendChild(el("h3", null, "关系 relations (" + d.relations.length + ")"));
      d.relations.forEach(function (r) {
        var row = el("div", "kg-item");
        row.appendChild(el("span", null, r.dir === "out" ? "→ " : "← "));
        row.appendChild(relChip(r.rel));
        row.appendChild(nodeRef(r.other, r.otherLabel));
        row.appendChild(el("span", "kg-muted kg-small", typeName(r.otherType)));
        panel.appendChild(row);
      });
    }
    if (n.arts.length) {
      panel.appendChild(el("h3", null, "报道 articles (" + n.arts.length + ")"));
      n.arts.forEach(function (i) {
        var a = data.articles[i];
        var row = el("div", "kg-item", articleText(a) + (a.source ? " 【" + a.source + "】" : "") +
          (a.publisher ? " · " + a.publisher : "") + (a.urls ? "\n" + a.urls.join("\n") + "\n" : ""));
        var only = el("button", "kg-link kg-small", "只看此文 only this article");
        only.type = "button";
        only.addEventListener("click", function () { setArticle(String(i)); });
        row.appendChild(only);
        panel.appendChild(row);
      });
    }
    if (d.evidence.length) {
      var blocks = evidenceBlocks(d.evidence, [n.label].concat(d.aliases));
      panel.appendChild(el("h3", null, "证据 evidence (" + blocks.length + ")"));
      blocks.forEach(function (b) { panel.appendChild(b); });
    }
  }
  function showEdge(id) {
    var e = edgeById[id];
    if (!e) { showHelp(); return; }
    clear(panel);
    panel.appendChild(el("div", "kg-title", relName(e.rel)));
    var row = el("div", "kg-item");
    row.appendChild(nodeRef(e.from, byId[e.from].label));
    row.appendChild(el("span", null, " → "));
    row.appendChild(relChip(e.rel));
    row.appendChild(el("span", null, "→ "));
    row.appendChild(nodeRef(e.to, byId[e.to].label));
    panel.appendChild(row);
    var found = data.details[e.from].evidence.filter(function (i) {
      var ev = data.evidence[i];
      return ev.s === e.from && ev.o === e.to && ev.rel === e.rel;
    });
    var blocks = evidenceBlocks(found, [byId[e.from].label, byId[e.to].label]);
    panel.appendChild(el("h3", null, "证据 evidence (" + blocks.length + ")"));
    blocks.forEach(function (b) { panel.appendChild(b); });
  }
  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400 } });
    emphasize(neighbourhood(id));
    showNode(id);
  }
  function choose(id) {
    if (!byId[id]) { return; }
    if (!shownNode[id]) { resetFilters(); }
    results.hidden = true;
    focusNode(id);
  }
  network.on("click", function (p) {
    if (p.nodes.length) { emphasize(neighbourhood(p.nodes[0])); showNode(p.nodes[0]); }
    else if (p.edges.length) { emphasize([edgeById[p.edges[0]].from, edgeById[p.edges[0]].to]); showEdge(p.edges[0]); }
    else { emphasize(null); showHelp(); }
  });

  // ---- filters
  function anyActive(list) {
    for (var i = 0; i < list.length; i++) { if (activeArt[list[i]]) { return true; } }
    return false;
  }
  function applyFilters() {
    var byArticle = state.article !== "" || state.from !== "" || state.to !== "";
    var inRange = 0;
    activeArt = data.articles.map(function (a, i) {
      var on = (state.article === "" || String(i) === state.article) &&
               (!state.from || (a.date !== "" && a.date >= state.from)) &&
               (!state.to || (a.date !== "" && a.date.slice(0, 10) <= state.to));
      if (on) { inRange += 1; }
      return on;
    });
    var nu = [], eu = [], nShown = 0, eShown = 0;
    data.nodes.forEach(function (n) {
      var show = state.types[n.type] && (!byArticle || anyActive(n.arts)) &&
                 (!state.stage || n.type !== "Project" || n.stage === state.stage);
      if (show !== shownNode[n.id]) { shownNode[n.id] = show; nu.push({ id: n.id, hidden: !show }); }
      if (show) { nShown += 1; }
    });
    data.edges.forEach(function (e) {
      var show = state.rels[e.rel] && shownNode[e.from] && shownNode[e.to] &&
                 (!byArticle || !e.arts.length || anyActive(e.arts));
      if (show !== shownEdge[e.id]) { shownEdge[e.id] = show; eu.push({ id: e.id, hidden: !show }); }
      if (show) { eShown += 1; }
    });
    if (nu.length) { nodes.update(nu); miniBase = null; }
    if (eu.length) { edges.update(eu); }
    $("kg-stats").textContent = nShown + "/" + data.nodes.length + " 节点 nodes · " +
                                eShown + "/" + data.edges.length + " 边 edges";
    $("kg-article-count").textContent = byArticle ? inRange + " 篇文章 articles match" : "";
  }
  function setArticle(value) {
    state.article = value;
    articleSelect.value = value;
    applyFilters();
    fitAll(true);
  }
  function resetFilters() {
    data.typeOrder.forEach(function (t) { state.types[t] = true; });
    data.relationOrder.forEach(function (r) { state.rels[r] = true; });
    state.article = state.from = state.to = state.stage = "";
    $("kg-stage").value = "";
    Array.prototype.forEach.call(document.querySelectorAll("input.kg-filter, input.kg-rel-filter"),
                                 function (box) { box.checked = true; });
    articleSelect.value = fromBox.value = toBox.value = "";
    applyFilters();
  }
  Array.prototype.forEach.call(document.querySelectorAll("input.kg-filter"), function (box) {
    box.addEventListener("change", function () {
      state.types[box.value] = box.checked;
      applyFilters();
      if (!results.hidden) { runSearch(); }  // an open result list marks what is now filtered out
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("input.kg-rel-filter"), function (box) {
    box.addEventListener("change", function () { state.rels[box.value] = box.checked; applyFilters(); });
  });
  articleSelect.addEventListener("change", function () { setArticle(articleSelect.value); });
  // dates are typed (or picked from the list of article dates) as ISO YYYY-MM-DD, as the
  // page shows them everywhere; YYYY or YYYY-MM mean the start (from) or end (to) of that span
  function isoDate(box, end) {
    var v = box.value.trim(), m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(v);
    box.classList.toggle("kg-bad", v !== "" && !m);
    box.title = v !== "" && !m ? "写成 YYYY-MM-DD, e.g. 2024-05-01" : "";
    if (!m) { return ""; }
    var pad = function (x) { return (x.length < 2 ? "0" : "") + x; };
    return m[1] + "-" + (m[2] ? pad(m[2]) : end ? "12" : "01") + "-" + (m[3] ? pad(m[3]) : end ? "31" : "01");
  }
  fromBox.addEventListener("change", function () { state.from = isoDate(fromBox, false); applyFilters(); });
  toBox.addEventListener("change", function () { state.to = isoDate(toBox, true); applyFilters(); });
  $("kg-stage").addEventListener("change", function () { state.stage = $("kg-stage").value; applyFilters(); });
  $("kg-reset").addEventListener("click", function () { resetFilters(); emphasize(null); });
  $("kg-size").addEventListener("change", function () {
    state.sizeBy = $("kg-size").value;
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, size: state.sizeBy === "invest" ? n.sizeInvest : n.size };
    }));
  });
  $("kg-fit").addEventListener("click", function () { fitAll(true); });

  // ---- search by canonical name, alias or code: exact, then prefix, then substring
  function norm(s) { return String(s).trim().toLowerCase(); }
  function rank(q, label, aliases) {
    var l = norm(label), best = null;
    if (l === q) { return [0, ""]; }
    aliases.forEach(function (a) {
      var x = norm(a);
      var r = x === q ? 1 : x.indexOf(q) === 0 ? 3 : x.indexOf(q) >= 0 ? 5 : 9;
      if (r < 9 && (best === null || r < best[0])) { best = [r, a]; }
    });
    if (l.indexOf(q) === 0 && (best === null || best[0] > 2)) { return [2, ""]; }
    if (l.indexOf(q) >= 0 && (best === null || best[0] > 4)) { return [4, ""]; }
    return best;
  }
  function byRank(a, b) {
    return a.rank - b.rank || b.degree - a.degree || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  }
  function search(text) {
    var q = norm(text);
    if (!q) { return null; }
    var found = [], omitted = [];
    data.nodes.forEach(function (n) {
      var d = data.details[n.id];
      var r = rank(q, n.label, d.code ? d.aliases.concat([d.code]) : d.aliases);
      if (r) { found.push({ id: n.id, label: n.label, type: n.type, degree: n.degree, rank: r[0], alias: r[1] }); }
    });
    data.omitted.forEach(function (o) {
      var r = rank(q, o[0], o[2]);
      if (r) { omitted.push({ label: o[0], type: o[1], degree: 0, rank: r[0], alias: r[1] }); }
    });
    found.sort(byRank);
    omitted.sort(byRank);
    return { found: found, omitted: omitted };
  }
  var lastSearch = null;
  function runSearch() {
    var res = search(searchBox.value);
    lastSearch = res;
    clear(results);
    if (res === null) {
      results.hidden = true;
      $("kg-search-count").textContent = "";
      network.unselectAll();
      emphasize(null);
      return;
    }
    var visible = res.found.filter(function (m) { return shownNode[m.id]; }).map(function (m) { return m.id; });
    $("kg-search-count").textContent = res.found.length + " 个匹配 matches" +
      (res.omitted.length ? " · " + res.omitted.length + " 未显示 not in view" : "");
    res.found.slice(0, 12).forEach(function (m, i) {
      var b = el("button", "kg-result" + (i === 0 ? " kg-result-first" : ""));
      b.type = "button";
      b.setAttribute("data-id", m.id);
      var dot = el("span", "kg-dot");
      dot.style.backgroundColor = data.types[m.type].color;
      b.appendChild(dot);
      b.appendChild(el("span", "kg-result-name", m.label));
      b.appendChild(el("span", "kg-result-type", typeName(m.type)));
      if (m.alias) { b.appendChild(el("span", "kg-result-alias", "别名 alias: " + m.alias)); }
      if (!shownNode[m.id]) { b.appendChild(el("span", "kg-result-hidden", "已筛除 filtered out")); }
      b.addEventListener("click", function () { choose(m.id); });
      results.appendChild(b);
    });
    if (res.found.length > 12) { results.appendChild(el("div", "kg-result-omitted", "… +" + (res.found.length - 12))); }
    res.omitted.slice(0, 5).forEach(function (o) {
      results.appendChild(el("div", "kg-result-omitted",
        o.label + " · " + typeName(o.type) + " — 未显示 not in view (--html-max-nodes)"));
    });
    if (!res.found.length && !res.omitted.length) { results.appendChild(el("div", "kg-result-omitted", "无匹配 no match")); }
    results.hidden = false;
    network.selectNodes(visible);
    emphasize(visible.length ? visible : null);
  }
  searchBox.addEventListener("input", function (ev) { if (!ev.isComposing) { runSearch(); } });
  searchBox.addEventListener("compositionend", runSearch);
  searchBox.addEventListener("focus", function () { if (searchBox.value.trim()) { runSearch(); } });
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.isComposing) { return; }
    if (ev.key === "Enter") {
      if (lastSearch === null || searchBox.value.trim() === "") { runSearch(); }
      if (lastSearch && lastSearch.found.length) { choose(lastSearch.found[0].id); }
    } else if (ev.key === "Escape") {
      searchBox.value = "";
      runSearch();
    }
  });
  document.addEventListener("click", function (ev) {
    if (!$("kg-searchbox").contains(ev.target)) { results.hidden = true; }
  });

  applyFilters();
  showHelp();
  fitAll(false);
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src {csp}; style-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<div id="kg-searchbox">
<input id="kg-search" type="search" placeholder="搜索名称、别名或代码 search name / alias / code" autocomplete="off" aria-label="search">
<div id="kg-search-results" hidden></div>
</div>
<span id="kg-search-count"></span>
<label>节点大小 size <select id="kg-size"><option value="degree">连接数 degree</option><option value="invest">投资额 investment</option></select></label>
<button id="kg-fit" type="button">全图 fit</button>
<span class="kg-export">导出 export <button id="kg-export-png" type="button" title="the view as drawn, PNG">PNG</button><button id="kg-export-svg" type="button" title="the view as drawn, SVG (vector)">SVG</button></span>
<span id="kg-stats" title="节点 = 实体；边 = 两个实体之间的一条关系（{edge_names}）。投资额与日期不是边，见详情。 Nodes are entities; an edge is one relation between two entities (the relations of the legend); amounts and dates are not edges, see the details.">{stats}</span>
{note}
</header>
<div id="kg-main">
<aside id="kg-legend">
<h2>类型 types</h2>
<ul id="kg-types">{types}</ul>
<h2>关系 relations</h2>
<ul id="kg-relations">{relations}</ul>
<p class="kg-hint">每条边是两个实体之间的一条关系；投资额、日期见详情。 An edge is one relation between two entities; amounts and dates are in the details.</p>
<h2>文章 articles</h2>
<div class="kg-filter-row"><label for="kg-article">文章 article</label><select id="kg-article"></select></div>
<div class="kg-filter-row"><label for="kg-from">起 from (YYYY-MM-DD)</label><input id="kg-from" type="text" list="kg-dates" inputmode="numeric" autocomplete="off" spellcheck="false"></div>
<div class="kg-filter-row"><label for="kg-to">止 to (YYYY-MM-DD)</label><input id="kg-to" type="text" list="kg-dates" inputmode="numeric" autocomplete="off" spellcheck="false"></div>
<datalist id="kg-dates"></datalist>
<p id="kg-article-count"></p>
<h2>项目阶段 project stage</h2>
<div class="kg-filter-row"><label for="kg-stage">阶段 stage</label><select id="kg-stage">
<option value="">全部项目 all projects</option><option value="signed">仅签约 signed only</option>
<option value="started">已开工 started</option><option value="built">已建成 built</option></select></div>
<button id="kg-reset" type="button">重置筛选 reset filters</button>
</aside>
<div id="kg-network"></div>
<aside id="kg-panel">
<h2>详情 details</h2>
<div id="kg-panel-body"></div>
</aside>
</div>
<script type="application/json" id="kg-data">{data}</script>
<script>{vis}</script>
<script>{app}</script>
</body>
</html>
"""
