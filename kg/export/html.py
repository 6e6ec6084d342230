"""RDF graph -> one self-contained, offline HTML page that draws the entity network.

Reads the instances described in ``ontology/MODEL.md``: the core entities
(Company, District/DevelopmentZone, GovernmentBody, Project, Event), the relations
between them (investor, locatedIn, partOf, jurisdiction, organizer), their values
(investmentAmount, startDate, divisionCode, level), the articles that mention them
and the kg:Evidence sentences. Produces a networkx ``MultiDiGraph`` (``to_networkx``)
and from it an HTML page (``render_html``) with vis-network inlined from the copy
pyvis ships, so the page loads nothing from the network.

The layout is computed here (a seeded Fruchterman-Reingold in pure Python, one
component at a time, components packed in rows) and handed to vis-network as fixed
positions with physics off: big graphs draw at once and the same graph always
gives byte-identical HTML.

Article text is data, never markup: it travels as JSON in a
``<script type="application/json">`` block with ``<``, ``>``, ``&``, U+2028 and
U+2029 escaped, and the page inserts it with ``textContent`` only.
"""
from __future__ import annotations

import html
import json
import math
import os
import random
import re
import stat
import tempfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from itertools import chain
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.errors import KgError, UsageError
from kg.vocab import KG, PROV, SCHEMA

DEFAULT_TITLE = "招商引资知识图谱"
VIS_JS = ("templates/lib/vis-9.1.2/vis-network.min.js", "lib/vis-9.1.2/vis-network.min.js")
LAYOUT_SEED = 20250710
PIXELS_PER_UNIT = 140       # one ideal edge length, in screen pixels
TOOLTIP_ARTICLES = 5        # more than this are counted, not listed, in the tooltip


@dataclass(frozen=True)
class EntityType:
    """How one core class is named, drawn and listed in the legend."""

    key: str
    iri: URIRef
    zh: str
    shape: str          # a vis-network shape that puts the label below the node
    color: str
    border: str


# Order of this tuple is the order of the legend; TYPE_PRIORITY decides the type of
# an entity that carries several core classes (a DevelopmentZone is also a District).
ENTITY_TYPES = (
    EntityType("Company", KG.Company, "企业", "dot", "#4E79A7", "#2F4A66"),
    EntityType("GovernmentBody", KG.GovernmentBody, "政府机构", "star", "#E15759", "#8F2F31"),
    EntityType("District", KG.District, "行政区", "square", "#59A14F", "#36622F"),
    EntityType("DevelopmentZone", KG.DevelopmentZone, "开发区", "triangle", "#76B7B2", "#3F6F6B"),
    EntityType("Project", KG.Project, "项目", "diamond", "#F28E2B", "#96561A"),
    EntityType("Event", KG.Event, "活动", "hexagon", "#B07AA1", "#6B4A62"),
)
TYPE_PRIORITY = ("DevelopmentZone", "District", "GovernmentBody", "Company", "Project", "Event")
_TYPES = {t.key: t for t in ENTITY_TYPES}

RELATIONS = (
    (KG.investor, "investor", "投资方"),
    (KG.locatedIn, "locatedIn", "位于"),
    (KG.partOf, "partOf", "隶属于"),
    (KG.jurisdiction, "jurisdiction", "管辖"),
    (KG.organizer, "organizer", "主办方"),
)
_REL_KEY = {iri: key for iri, key, _ in RELATIONS}
_REL_LABEL = {key: f"{key} {zh}" for _, key, zh in RELATIONS}

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


# --------------------------------------------------------------------------- RDF -> networkx

def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Read the core entities and their relations from ``graph``.

    Nodes are entity IRIs (str) with attributes ``type``, ``label``, ``aliases``,
    ``code``, ``level``, ``amounts``, ``dates``, ``articles``; edges go subject ->
    object with the relation's local name as key (``locatedIn`` ...). Nodes and
    edges are added in IRI order, so iteration order does not depend on the graph's.
    """
    nxg = nx.MultiDiGraph()
    entities = _entity_types(graph)
    for iri in sorted(entities):
        node = URIRef(iri)
        nxg.add_node(
            iri,
            type=entities[iri],
            label=_label(graph, node),
            aliases=_texts(graph, node, SKOS.altLabel),
            code=", ".join(_texts(graph, node, KG.divisionCode)),
            level=", ".join(_texts(graph, node, KG.level)),
            amounts=tuple(sorted(_amount(graph, a) for a in graph.objects(node, KG.investmentAmount))),
            dates=_texts(graph, node, KG.startDate),
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
                found.setdefault(str(s), set()).add(etype.key)
    return {iri: next(k for k in TYPE_PRIORITY if k in keys) for iri, keys in found.items()}


def _label(graph: Graph, node: URIRef) -> str:
    """The rdfs:label, preferring @zh; the IRI's last segment when there is none."""
    labels = [o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)]
    if not labels:
        return str(node).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def rank(lit: Literal) -> tuple[int, str]:
        lang = (lit.language or "").lower()
        return (0 if lang == "zh" else 1 if lang.startswith("zh") else 2 if not lang else 3, str(lit))

    return str(min(labels, key=rank))


def _texts(graph: Graph, node: URIRef, predicate: URIRef) -> tuple[str, ...]:
    """The distinct lexical forms of ``node predicate ?o``, sorted."""
    return tuple(sorted({str(o) for o in graph.objects(node, predicate)}))


def _amount(graph: Graph, node) -> str:
    """A schema:MonetaryAmount as readable text: ``5亿 CNY (500000000)``."""
    value = graph.value(node, SCHEMA.value)
    currency = str(graph.value(node, SCHEMA.currency) or "")
    if value is None:
        return currency or str(node)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return f"{value} {currency}".strip()
    plain = _plain(number)
    for unit, name in ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")):
        if abs(number) >= unit:
            return f"{_plain(number / unit)}{name} {currency} ({plain})".replace("  ", " ")
    return f"{plain} {currency}".strip()


def _plain(number: Decimal) -> str:
    """A Decimal without exponent or trailing zeros."""
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# --------------------------------------------------------------------------- selection, layout

def select_nodes(nxg: nx.MultiDiGraph, max_nodes: int) -> list[str]:
    """The ``max_nodes`` highest-degree nodes (ties by IRI), in IRI order."""
    ranked = sorted(nxg.nodes, key=lambda n: (-nxg.degree(n), n))
    return sorted(ranked[:max_nodes])


def layout(nxg: nx.Graph, *, seed: int = LAYOUT_SEED) -> dict[str, tuple[int, int]]:
    """Pixel positions for every node: each component laid out alone, then packed in rows."""
    undirected = nx.Graph()
    undirected.add_nodes_from(sorted(nxg.nodes))
    undirected.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in nxg.edges() if u != v))
    components = sorted((sorted(c) for c in nx.connected_components(undirected)),
                        key=lambda c: (-len(c), c[0]))
    boxes = []
    for members in components:
        index = {n: i for i, n in enumerate(members)}
        edges = sorted({(index[u], index[v]) for u, v in undirected.subgraph(members).edges()})
        points = _spring(len(members), edges, seed=seed)
        min_x = min(x for x, _ in points)
        min_y = min(y for _, y in points)
        points = [(x - min_x, y - min_y) for x, y in points]
        boxes.append((members, points, max(x for x, _ in points), max(y for _, y in points)))

    pad = 1.2
    area = sum((w + pad) * (h + pad) for _, _, w, h in boxes)
    row_width = max([math.sqrt(area) * 1.3] + [w for _, _, w, _ in boxes])
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


_HALF_NEIGHBOURS = ((1, -1), (1, 0), (1, 1), (0, 1))


def _spring(n: int, edges: list[tuple[int, int]], *, seed: int) -> list[tuple[float, float]]:
    """Fruchterman-Reingold with unit ideal distance for one connected component.

    Pure Python (numpy is not a dependency); repulsion is exact up to 400 nodes and
    limited to neighbouring grid cells above, so 3000 nodes take seconds, not minutes.
    """
    if n == 1:
        return [(0.0, 0.0)]
    rng = random.Random(seed)
    side = math.sqrt(n)
    xs = [rng.random() * side for _ in range(n)]
    ys = [rng.random() * side for _ in range(n)]
    iterations = max(60, min(300, 40000 // n))
    temperature = side / 8
    cooling = temperature / (iterations + 1)
    exact = n <= 250
    for _ in range(iterations):
        dx = [0.0] * n
        dy = [0.0] * n
        if exact:
            for i in range(n):
                xi, yi = xs[i], ys[i]
                for j in range(i + 1, n):
                    ddx, ddy = xi - xs[j], yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if d2 < 1e-4:
                        d2 = 1e-4
                    fx, fy = ddx / d2, ddy / d2
                    dx[i] += fx
                    dy[i] += fy
                    dx[j] -= fx
                    dy[j] -= fy
        else:
            cells: dict[tuple[int, int], list[int]] = {}
            for i in range(n):
                cells.setdefault((int(xs[i] // 2), int(ys[i] // 2)), []).append(i)
            for (cx, cy), members in cells.items():
                # each pair once: within the cell, then with four of its eight neighbours
                forward = [j for ox, oy in _HALF_NEIGHBOURS for j in cells.get((cx + ox, cy + oy), ())]
                for a, i in enumerate(members):
                    xi, yi = xs[i], ys[i]
                    for j in chain(members[a + 1:], forward):
                        ddx, ddy = xi - xs[j], yi - ys[j]
                        d2 = ddx * ddx + ddy * ddy
                        if d2 < 4.0:
                            if d2 < 1e-4:
                                d2 = 1e-4
                            fx, fy = ddx / d2, ddy / d2
                            dx[i] += fx
                            dy[i] += fy
                            dx[j] -= fx
                            dy[j] -= fy
        for i, j in edges:
            ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
            d = math.sqrt(ddx * ddx + ddy * ddy)
            dx[i] -= ddx * d
            dy[i] -= ddy * d
            dx[j] += ddx * d
            dy[j] += ddy * d
        for i in range(n):
            length = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
            if length > 0:
                step = min(length, temperature) / length
                xs[i] += dx[i] * step
                ys[i] += dy[i] * step
        temperature -= cooling
    return list(zip(xs, ys))


# --------------------------------------------------------------------------- page data

def _page_data(graph: Graph, nxg: nx.MultiDiGraph, shown: list[str],
               positions: dict[str, tuple[int, int]]) -> dict:
    """Everything the page's script needs, as plain JSON-able values."""
    shown_set = set(shown)
    labels = {n: nxg.nodes[n]["label"] for n in nxg.nodes}
    articles = _articles(graph, {a for n in shown for a in nxg.nodes[n]["articles"]})
    evidence = _evidence(graph, shown_set, labels)

    nodes, details = [], {}
    for n in shown:
        attrs = nxg.nodes[n]
        arts = [articles[a] for a in attrs["articles"]]
        arts.sort(key=lambda a: (a["date"], a["headline"], a["iri"]))
        degree = nxg.degree(n)
        nodes.append({
            "id": n, "label": attrs["label"], "type": attrs["type"],
            "x": positions[n][0], "y": positions[n][1],
            "size": round(min(12 + 5 * math.sqrt(degree), 50), 1),
            "tip": _tooltip(attrs, arts),
        })
        relations = [{"dir": "out", "rel": key, "other": o, "otherLabel": labels[o],
                      "shown": o in shown_set} for _, o, key in nxg.out_edges(n, keys=True)]
        relations += [{"dir": "in", "rel": key, "other": s, "otherLabel": labels[s],
                       "shown": s in shown_set} for s, _, key in nxg.in_edges(n, keys=True)]
        relations.sort(key=lambda r: (r["dir"] != "out", r["rel"], r["otherLabel"], r["other"]))
        details[n] = {
            "type": attrs["type"], "label": attrs["label"], "iri": n,
            "aliases": list(attrs["aliases"]), "code": attrs["code"], "level": attrs["level"],
            "amounts": list(attrs["amounts"]), "dates": list(attrs["dates"]),
            "articles": arts, "relations": relations, "evidence": evidence.get(n, []),
            "degree": degree,
        }

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
            "id": f"e{number}", "from": s, "to": o, "rel": key, "label": _REL_LABEL[key],
            "tip": f"{labels[s]} → {_REL_LABEL[key]} → {labels[o]}",
            # parallel edges between one pair are bent apart so their labels stay legible
            "roundness": round(0.2 + 0.2 * index, 2) if pair_count[pair] > 1 and s != o else 0,
        })

    types = {t.key: {"zh": t.zh, "shape": t.shape, "color": t.color, "border": t.border}
             for t in ENTITY_TYPES}
    relation_names = {key: _REL_LABEL[key] for _, key, _ in RELATIONS}
    return {"nodes": nodes, "edges": edges, "details": details,
            "types": types, "typeOrder": [t.key for t in ENTITY_TYPES],
            "relations": relation_names}


def _articles(graph: Graph, iris: set[str]) -> dict[str, dict]:
    """Headline, date and source tag of each article IRI."""
    out = {}
    for iri in sorted(iris):
        node = URIRef(iri)
        headline = graph.value(node, SCHEMA.headline)
        out[iri] = {
            "iri": iri,
            "headline": str(headline) if headline is not None else iri.rsplit("/", 1)[-1],
            "date": ", ".join(_texts(graph, node, SCHEMA.datePublished)),
            "source": ", ".join(_texts(graph, node, KG.sourceTag)),
        }
    return out


def _evidence(graph: Graph, shown: set[str], labels: dict[str, str]) -> dict[str, list[dict]]:
    """kg:Evidence sentences, listed under each shown entity they name as subject or object."""
    by_node: dict[str, list[dict]] = {}
    for ev in graph.subjects(RDF.type, KG.Evidence):
        s, p, o = (graph.value(ev, term) for term in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or o is None:
            continue
        s, o = str(s), str(o)
        if s not in shown and o not in shown:
            continue
        sources = sorted({str(a) for a in graph.objects(ev, PROV.wasDerivedFrom)})
        art = _articles(graph, set(sources[:1]))
        first = art[sources[0]] if sources else {"headline": "", "date": "", "iri": ""}
        key = _REL_KEY.get(p, "") if p is not None else ""
        item = {
            "rel": key, "relLabel": _REL_LABEL.get(key, _local(p)),
            "subject": s, "subjectLabel": labels.get(s, _local(s)),
            "object": o, "objectLabel": labels.get(o, _local(o)),
            "text": " ".join(_texts(graph, ev, KG.evidenceText)),
            "headline": first["headline"], "date": first["date"], "article": first["iri"],
            "start": _int(graph.value(ev, KG.charStart)),
        }
        for node in {s, o} & shown:
            by_node.setdefault(node, []).append(item)
    for items in by_node.values():
        items.sort(key=lambda e: (e["date"], e["article"], e["start"], e["rel"], e["text"],
                                  e["subject"], e["object"]))
    return by_node


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


def _tooltip(attrs: dict, articles: list[dict]) -> str:
    """The hover text of a node: plain text, one fact per line."""
    etype = _TYPES[attrs["type"]]
    lines = [f"{etype.zh} {etype.key}", f"名称 name: {attrs['label']}"]
    if attrs["aliases"]:
        lines.append("别名 aliases: " + "、".join(attrs["aliases"]))
    if attrs["code"]:
        lines.append(f"区划代码 GB/T 2260: {attrs['code']}")
    if attrs["level"]:
        lines.append(f"级别 level: {attrs['level']}")
    for amount in attrs["amounts"]:
        lines.append(f"投资额 amount: {amount}")
    for date in attrs["dates"]:
        lines.append(f"时间 date: {date}")
    if articles:
        lines.append(f"报道 articles ({len(articles)}):")
        for art in articles[:TOOLTIP_ARTICLES]:
            lines.append(f"· {art['headline']}" + (f" ({art['date']})" if art["date"] else ""))
        if len(articles) > TOOLTIP_ARTICLES:
            lines.append(f"… 另 {len(articles) - TOOLTIP_ARTICLES} 篇 more")
    return "\n".join(lines)


# --------------------------------------------------------------------------- page

def render_html(graph: Graph, *, max_nodes: int = 3000, title: str = DEFAULT_TITLE) -> str:
    """The whole page for ``graph``: nodes, edges, legend, search, filters, details panel.

    At most ``max_nodes`` entities are drawn (the most connected; the page says so).
    The page needs no network and is byte-identical for the same graph.
    """
    if max_nodes < 1:
        raise UsageError(f"max_nodes must be at least 1, not {max_nodes}")
    nxg = to_networkx(graph)
    shown = select_nodes(nxg, max_nodes)
    positions = layout(nxg.subgraph(shown))
    data = _page_data(graph, nxg, shown, positions)
    total = nxg.number_of_nodes()
    note = ""
    if total > len(shown):
        note = (f"showing {len(shown)} of {total} nodes"
                f"（仅显示连接最多的 {len(shown)} 个，共 {total} 个实体）")
    counts = {t.key: 0 for t in ENTITY_TYPES}
    for node in data["nodes"]:
        counts[node["type"]] += 1
    return _PAGE.format(
        title=html.escape(title),
        note=f'<p id="kg-note">{html.escape(note)}</p>' if note else "",
        stats=html.escape(f"{len(data['nodes'])} nodes · {len(data['edges'])} edges"),
        legend=_legend(counts),
        relations="".join(f"<li>→ {html.escape(_REL_LABEL[key])}</li>" for _, key, _ in RELATIONS),
        data=_script_json(data),
        vis=_vis_js(),
        app=_APP_JS,
        css=_CSS,
    )


def write_html(graph: Graph, path: Path, **kw) -> None:
    """Render ``graph`` and write it to ``path`` atomically (temp file, then rename)."""
    path = Path(path)
    text = render_html(graph, **kw)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _script_json(value) -> str:
    """JSON safe to place inside <script>: no </script>, no HTML-significant characters."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def _vis_js() -> str:
    """vis-network's standalone build, as shipped inside the pyvis package."""
    root = resources.files("pyvis")
    for candidate in VIS_JS:
        resource = root.joinpath(candidate)
        if resource.is_file():
            text = resource.read_text(encoding="utf-8")
            # the file holds no "</script", but an inlined script must never end early
            return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)
    raise KgError("vis-network.min.js not found in the pyvis package; "
                  "reinstall it with: pip install --force-reinstall 'pyvis>=0.3.2'")


def _legend(counts: dict[str, int]) -> str:
    """One legend row per entity type: checkbox filter, shape swatch, name, count."""
    rows = []
    for t in ENTITY_TYPES:
        rows.append(
            f'<li><label class="kg-legend-item" data-type="{t.key}">'
            f'<input type="checkbox" class="kg-filter" value="{t.key}" checked> '
            f'{_swatch(t)} <span>{html.escape(t.zh)} {t.key}</span> '
            f'<span class="kg-count">{counts[t.key]}</span></label></li>'
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


_CSS = """
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font: 14px/1.45 "Noto Sans CJK SC", "WenQuanYi Zen Hei",
  "PingFang SC", "Microsoft YaHei", sans-serif; color: #222; background: #fafafa; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; padding: 8px 14px;
  background: #26364a; color: #fff; }
header h1 { font-size: 18px; margin: 0 12px 0 0; font-weight: 600; }
#kg-search { width: 260px; padding: 4px 8px; border: 1px solid #8895a7; border-radius: 4px; font: inherit; }
#kg-search-result, #kg-stats { font-size: 12px; color: #d8dee8; }
#kg-note { margin: 0; padding: 2px 8px; border-radius: 4px; background: #ffd166; color: #222; font-size: 13px; }
header button { font: inherit; font-size: 12px; padding: 3px 8px; cursor: pointer; }
#kg-main { flex: 1; display: flex; min-height: 0; }
#kg-legend { width: 210px; padding: 10px 12px; border-right: 1px solid #ddd; background: #fff;
  overflow-y: auto; font-size: 13px; }
#kg-legend h2, #kg-panel h2 { font-size: 14px; margin: 4px 0 8px; }
#kg-legend ul { list-style: none; margin: 0 0 14px; padding: 0; }
#kg-legend li { margin: 4px 0; }
.kg-legend-item { display: flex; align-items: center; gap: 5px; cursor: pointer; }
.kg-count { margin-left: auto; color: #777; font-size: 12px; }
.kg-swatch { flex: none; }
#kg-network { flex: 1; min-width: 0; position: relative; background: #fff; }
#kg-panel { width: 360px; padding: 10px 14px; border-left: 1px solid #ddd; background: #fff;
  overflow-y: auto; font-size: 13px; }
#kg-panel h3 { font-size: 13px; margin: 14px 0 4px; color: #26364a; border-bottom: 1px solid #eee; }
.kg-title { font-size: 16px; font-weight: 600; margin: 2px 0 6px; word-break: break-all; }
.kg-field { display: flex; gap: 8px; margin: 2px 0; }
.kg-key { flex: none; width: 96px; color: #666; }
.kg-val { word-break: break-all; white-space: pre-wrap; }
.kg-item { margin: 3px 0; white-space: pre-wrap; word-break: break-word; }
.kg-quote { margin: 6px 0; padding: 4px 8px; border-left: 3px solid #c9d3df; background: #f6f8fa;
  white-space: pre-wrap; word-break: break-word; }
.kg-source { color: #666; font-size: 12px; }
.kg-link { border: none; background: none; padding: 0; color: #1f5fa8; cursor: pointer; font: inherit;
  text-decoration: underline; text-align: left; }
.kg-muted { color: #888; }
div.vis-tooltip { position: absolute; visibility: hidden; padding: 6px 8px; max-width: 420px;
  white-space: pre-wrap; word-break: break-word; font: 12px/1.45 "Noto Sans CJK SC", "WenQuanYi Zen Hei",
  "PingFang SC", "Microsoft YaHei", sans-serif; color: #222; background: #fffdf3;
  border: 1px solid #b3ad93; border-radius: 3px; box-shadow: 2px 2px 8px rgba(0,0,0,.2);
  pointer-events: none; z-index: 5; }
.kg-tip { white-space: pre-wrap; }
"""

_APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var enabled = {};
  data.typeOrder.forEach(function (t) { enabled[t] = true; });
  var panel = document.getElementById("kg-panel-body");
  var result = document.getElementById("kg-search-result");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function typeName(t) { var s = data.types[t]; return s ? s.zh + " " + t : t; }

  var container = document.getElementById("kg-network");
  if (typeof vis === "undefined") {
    container.appendChild(el("p", "kg-muted", "vis-network failed to load."));
    return;
  }
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return { id: n.id, label: n.label, group: n.type, x: n.x, y: n.y, size: n.size,
             title: el("div", "kg-tip", n.tip) };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var item = { id: e.id, from: e.from, to: e.to, label: e.label, title: el("div", "kg-tip", e.tip) };
    if (e.roundness) { item.smooth = { enabled: true, type: "curvedCW", roundness: e.roundness }; }
    return item;
  }));
  var groups = {};
  data.typeOrder.forEach(function (t) {
    var s = data.types[t];
    var color = { background: s.color, border: s.border,
                  highlight: { background: s.color, border: "#111111" },
                  hover: { background: s.color, border: "#111111" } };
    groups[t] = { shape: s.shape, color: color };
  });
  var face = '"Noto Sans CJK SC", "WenQuanYi Zen Hei", "PingFang SC", "Microsoft YaHei", sans-serif';
  var big = data.nodes.length > 600;
  var options = {
    autoResize: true,
    groups: groups,
    nodes: { borderWidth: 1, font: { face: face, size: 14, strokeWidth: 3, strokeColor: "#ffffff" } },
    edges: { arrows: { to: { enabled: true, scaleFactor: 0.6 } }, width: 1, smooth: false,
             color: { color: "#9aa5b1", highlight: "#26364a", hover: "#26364a" },
             font: { face: face, size: 10, color: "#555555", strokeWidth: 3, strokeColor: "#ffffff",
                     align: "middle" } },
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: !big, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                   multiselect: true, navigationButtons: false, keyboard: false }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  function field(name, value) {
    if (value === undefined || value === null || value === "" ||
        (Array.isArray(value) && value.length === 0)) { return; }
    var row = el("div", "kg-field");
    row.appendChild(el("span", "kg-key", name));
    row.appendChild(el("span", "kg-val", Array.isArray(value) ? value.join("、") : value));
    panel.appendChild(row);
  }
  function nodeRef(id, label) {
    if (byId[id] && enabled[byId[id].type]) {
      var b = el("button", "kg-link", label);
      b.type = "button";
      b.addEventListener("click", function () { focusNode(id); });
      return b;
    }
    return el("span", "kg-muted", label + (byId[id] ? "" : " (未显示 not shown)"));
  }
  function evidenceItem(ev) {
    var box = el("div", "kg-quote");
    box.appendChild(el("div", null, "「" + ev.text + "」"));
    box.appendChild(el("div", "kg-source",
      ev.subjectLabel + " → " + ev.relLabel + " → " + ev.objectLabel));
    var src = ev.headline ? "《" + ev.headline + "》" + (ev.date ? " " + ev.date : "") : "";
    if (src) { box.appendChild(el("div", "kg-source", src)); }
    return box;
  }
  function showHelp() {
    clear(panel);
    panel.appendChild(el("p", "kg-muted",
      "点击节点或边查看详情；滚轮缩放，拖动平移。\nClick a node or edge for details; scroll to zoom, drag to pan."));
  }
  function showNode(id) {
    var d = data.details[id];
    if (!d) { showHelp(); return; }
    clear(panel);
    panel.appendChild(el("div", "kg-title", d.label));
    field("类型 type", typeName(d.type));
    field("别名 aliases", d.aliases);
    field("区划代码 code", d.code);
    field("级别 level", d.level);
    field("投资额 amount", d.amounts);
    field("时间 date", d.dates);
    field("连接 degree", String(d.degree));
    field("IRI", d.iri);
    if (d.relations.length) {
      panel.appendChild(el("h3", null, "关系 relations (" + d.relations.length + ")"));
      d.relations.forEach(function (r) {
        var row = el("div", "kg-item");
        var rel = data.relations[r.rel] || r.rel;
        row.appendChild(el("span", null, r.dir === "out" ? "→ " + rel + " " : "← " + rel + " "));
        row.appendChild(nodeRef(r.other, r.otherLabel));
        panel.appendChild(row);
      });
    }
    if (d.articles.length) {
      panel.appendChild(el("h3", null, "报道 articles (" + d.articles.length + ")"));
      d.articles.forEach(function (a) {
        var text = "《" + a.headline + "》" + (a.date ? " " + a.date : "") + (a.source ? " 【" + a.source + "】" : "");
        panel.appendChild(el("div", "kg-item", text));
      });
    }
    if (d.evidence.length) {
      panel.appendChild(el("h3", null, "证据 evidence (" + d.evidence.length + ")"));
      d.evidence.forEach(function (ev) { panel.appendChild(evidenceItem(ev)); });
    }
  }
  function showEdge(id) {
    var e = edges.get(id);
    var info = null;
    data.edges.forEach(function (x) { if (x.id === id) { info = x; } });
    if (!e || !info) { showHelp(); return; }
    clear(panel);
    panel.appendChild(el("div", "kg-title", data.relations[info.rel] || info.rel));
    var row = el("div", "kg-item");
    row.appendChild(nodeRef(info.from, byId[info.from].label));
    row.appendChild(el("span", null, " → " + (data.relations[info.rel] || info.rel) + " → "));
    row.appendChild(nodeRef(info.to, byId[info.to].label));
    panel.appendChild(row);
    var found = (data.details[info.from].evidence || []).filter(function (ev) {
      return ev.subject === info.from && ev.object === info.to && ev.rel === info.rel;
    });
    panel.appendChild(el("h3", null, "证据 evidence (" + found.length + ")"));
    found.forEach(function (ev) { panel.appendChild(evidenceItem(ev)); });
  }
  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400 } });
    showNode(id);
  }

  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); }
    else if (p.edges.length) { showEdge(p.edges[0]); }
    else { showHelp(); }
  });

  function applyFilter() {
    nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !enabled[n.type] }; }));
    edges.update(data.edges.map(function (e) {
      return { id: e.id, hidden: !enabled[byId[e.from].type] || !enabled[byId[e.to].type] };
    }));
  }
  Array.prototype.forEach.call(document.querySelectorAll("input.kg-filter"), function (box) {
    box.addEventListener("change", function () { enabled[box.value] = box.checked; applyFilter(); });
  });

  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) { return null; }
    return data.nodes.filter(function (n) {
      if (!enabled[n.type]) { return false; }
      var names = [n.label].concat(data.details[n.id].aliases);
      return names.some(function (s) { return s.toLowerCase().indexOf(q) >= 0; });
    }).map(function (n) { return n.id; });
  }
  var search = document.getElementById("kg-search");
  search.addEventListener("input", function () {
    var ids = matches(search.value);
    if (ids === null) { network.unselectAll(); result.textContent = ""; return; }
    network.selectNodes(ids);
    result.textContent = ids.length + " 个匹配 matches";
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") { return; }
    var ids = matches(search.value);
    if (!ids || !ids.length) { return; }
    if (ids.length === 1) { focusNode(ids[0]); }
    else { network.selectNodes(ids); network.fit({ nodes: ids, animation: { duration: 400 } }); }
  });
  document.getElementById("kg-fit").addEventListener("click", function () {
    network.fit({ animation: { duration: 300 } });
  });
  showHelp();
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<input id="kg-search" type="search" placeholder="搜索名称或别名 search name / alias" autocomplete="off">
<span id="kg-search-result"></span>
<button id="kg-fit" type="button">全图 fit</button>
<span id="kg-stats">{stats}</span>
{note}
</header>
<div id="kg-main">
<aside id="kg-legend">
<h2>图例 legend</h2>
<ul id="kg-types">{legend}</ul>
<h2>关系 relations</h2>
<ul id="kg-relations">{relations}</ul>
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
