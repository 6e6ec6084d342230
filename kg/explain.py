"""An audit aid: one article with every recognised mention marked and the facts found.

``explain(result, article_id)`` renders plain text: the article's header, its
home place, the body with mentions written as 【text|Type→entity】, the entities
it names and the relations its sentences state, each with its sentence.
"""
from __future__ import annotations

from kg.errors import UsageError
from kg.extract import load_resources
from kg.records import Article, Mention, Value

def find_article(articles: tuple[Article, ...], selector: str) -> Article:
    """The article an id, a file:line (of it or of a repost merged into it), a URL, or a unique title fragment names."""
    if not selector:
        if len(articles) == 1:
            return articles[0]
        raise UsageError(f"{len(articles)} articles: choose one with --article ID, FILE:LINE or a title fragment")
    exact = [a for a in articles if any(_named(x, selector) for x in (a, *a.copies))]
    found = exact or [a for a in articles if selector in a.title]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UsageError(f"no article matches {selector!r} (ids, FILE:LINE and titles are tried)")
    raise UsageError(f"{len(found)} articles match {selector!r}: " + "; ".join(f"{a.id} {a.title}" for a in found[:5]))


def _named(a, selector: str) -> bool:
    """True when the selector is the article's (or copy's) id, FILE:LINE, file (a web page) or URL."""
    place = f"{a.path}:{a.line}" if a.line else a.path
    return (selector in (a.id, a.url) or selector == place or (bool(a.path) and selector.endswith(place))
            or (not a.line and bool(a.path) and selector.endswith("/" + a.path)))


def _place(a) -> str:
    return f"{a.path}:{a.line}" if a.line else a.path


def provenance(a: Article) -> list[str]:
    """Where the article was read and published, and each repost merged into it."""
    lines = []
    if a.publisher or a.url:
        lines.append("Published" + (f" by {a.publisher}" if a.publisher else "") + (f" at {a.url}" if a.url else ""))
    if a.copies:
        lines.append(f"Reposts merged into it ({len(a.copies)}; its facts are counted once):")
        for c in a.copies:
            by = f"  {c.publisher}" if c.publisher else ""
            lines.append(f"  {c.published}  {_place(c)}{by}" + (f"  {c.url}" if c.url else "")
                         + (f"  《{c.title}》" if c.title != a.title else ""))
    return lines


def _marked(raw: str, mentions: list[Mention], linked) -> str:
    """The text with each chosen (outermost) mention wrapped in 【…】."""
    out, pos = [], 0
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m.start < pos or m.end <= m.start:
            continue
        e = linked.entity_of(m)
        target = e.label if e is not None else m.name
        out.append(raw[pos:m.start])
        note = m.type if target == m.text else f"{m.type}→{target}"
        out.append(f"【{m.text}|{note}】")
        pos = m.end
    out.append(raw[pos:])
    return "".join(out)


def explain(result, article_id: str) -> str:
    """Plain-text report of one article of a build (kg.pipeline.Build)."""
    ex = next(x for x in result.extractions if x.article.id == article_id)
    a = ex.article
    linked = result.linked
    raw = a.title + "\n" + a.text
    home = load_resources().gaz.by_code(ex.home_code) if ex.home_code else None
    lines = [f"Article {a.id}  【{a.source}】{a.title}  {a.published}  ({_place(a)})", *provenance(a),
             f"Home place (for 市/区/县 without a name): {home.name + ' ' + home.code if home else 'unknown'}",
             "", _marked(raw, list(ex.mentions), linked), ""]
    entities = {}
    for m in ex.mentions:
        e = linked.entity_of(m)
        if e is not None:
            entities.setdefault(e.key, (e, set()))[1].add(m.text)
    lines.append(f"Entities ({len(entities)}):")
    for e, texts in sorted(entities.values(), key=lambda x: (x[0].type, x[0].label)):
        forms = "、".join(sorted(texts - {e.label}))
        code = f" [{e.code}]" if e.code else ""
        lines.append(f"  {e.type:15} {e.label}{code}" + (f"  ← {forms}" if forms else ""))
    lines.append("")
    lines.append("Relations stated in this article:")
    for r in linked.relations:
        for ev in r.evidence:
            if ev.article_id != a.id:
                continue
            subj = linked.by_key[r.subject].label
            if isinstance(r.obj, Value):
                obj = f"{r.obj.value} {r.obj.currency}".strip()
            else:
                obj = linked.by_key[r.obj].label
            lines.append(f"  {subj} —{r.predicate}→ {obj}")
            lines.append(f"      « {ev.sentence[:160]}{'…' if len(ev.sentence) > 160 else ''} » [{ev.start}:{ev.end}]")
    return "\n".join(lines) + "\n"
