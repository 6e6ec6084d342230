"""Labels that look like clause fragments or descriptions, not names.

A recogniser that draws a name's edge in the wrong place leaves traces in the label:
sentence punctuation inside it, a function word at its start (还有X公司, 其中…), only
generic words (重点项目), a bare legal form (股份有限公司), or a date, count or amount
leading it (2021年公司, 投资30亿元). ``suspicious`` names the traces of one label;
``check_graph`` lists every entity of a graph that has any (``kg check-names``).
Event names keep the commas and list marks of an official title (央地融合,筑梦未来——…,
集中签约、集中开工活动), so only sentence-ending punctuation counts there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import RDF, RDFS, Graph

from kg.registry import EVENT, PROJECT, TYPE, TYPES

SENTENCE_PUNCT = re.compile(r"[。！？；;!?：:]")
CLAUSE_PUNCT = re.compile(r"[，,、]")
EDGE_PUNCT = re.compile(r"^[，,、。；;：:）)”’》]|[，,、（(“‘《：:]$")
LED_BY_NUMBER = re.compile(r"^(?:(?:19|20)\d{2}年(?:公司|项目|企业)$"
                           r"|(?:投资|总投资|投入)?[约近超逾]?[\d.]+[亿万千]?[美港欧日]?元"
                           r"|[\d一二两三四五六七八九十百千]+多?[个项家宗批条座]|第?[\d一二三四五六七八九十]+[是批])")
# a count at the end: the name stopped before what it counts (X基地两个|项目, X基地三大|板块)
ENDS_WITH_COUNT = re.compile(r"[\d一二两三四五六七八九十百千]+多?[个项家宗座大]$")


# a 、 inside a project's name between what its plant does (研发、生产) or its capacities
# (年产20万辆…、20亿AH…, …(挠性覆铜板)、年产6万吨…) or its phases (三期、四期): kg/data/production_actions.txt
@lru_cache(maxsize=1)
def _inner_list() -> re.Pattern:
    from kg.extract.lexicon import PHASE_NUMBER, alternation     # here: kg.extract imports this module
    return re.compile(r"(?<=[\u4e00-\u9fffA-Za-z)）])、(?=(?:" + alternation("production_actions.txt")
                      + r")|(?:" + alternation("capacity_prefixes.txt") + r")?[\d.]+[万亿千百]?[\u4e00-\u9fffA-Za-z]|"
                      + PHASE_NUMBER + "期)")


@dataclass(frozen=True)
class Suspect:
    """An entity whose label looks wrong, and why."""

    type: str
    label: str
    reasons: tuple[str, ...]


OPENING, CLOSING = "(（", ")）"


def _balanced(label: str) -> bool:
    """Every bracket closed after it opens (统战部长)宣布项目 is a fragment; 海昌(中国)有限公司 a name)."""
    depth = 0
    for ch in label:
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def suspicious(label: str, type_: str, *, words: list[str], lex, tags, places=()) -> tuple[str, ...]:
    """The reasons a label of an entity of ``type_`` (split into jieba ``words``) looks
    like a fragment or a description; () when it looks like a name. ``places`` are the
    gazetteer's names (无为市 is a place, though 无为 is also a word)."""
    from kg.extract.lexicon import LEGAL_FORM_ONLY     # here: kg.extract imports this module
    out = []
    if type_ == PROJECT:
        label_ = _inner_list().sub("", label)      # …研发、生产、销售项目: the list is the name's own
    else:
        label_ = label
    if SENTENCE_PUNCT.search(label) or (type_ != EVENT and CLAUSE_PUNCT.search(label_)) or EDGE_PUNCT.search(label):
        out.append("sentence punctuation")
    if not _balanced(label):
        out.append("an unbalanced bracket")
    if words and words[0] in tags.function and label not in places:
        out.append(f"starts with the function word {words[0]}")
    if LEGAL_FORM_ONLY.match(label):
        out.append("a bare legal form")
    elif LED_BY_NUMBER.match(label):
        out.append("led by a date, count or amount")
    elif ENDS_WITH_COUNT.search(label):
        out.append("ends with a count")
    elif words and all(w in lex.generic or w in lex.boundary or not w.strip() for w in words):
        out.append("only generic words")
    return tuple(out)


def check_graph(graph: Graph) -> list[Suspect]:
    """Every entity of the five types in ``graph`` whose label looks suspicious, sorted."""
    from kg.extract import load_resources
    from kg.extract.pos import load_tags
    from kg.extract.text import prepare_jieba
    res, tags, jieba = load_resources(), load_tags(), prepare_jieba()
    types = {t.iri: t.name for t in TYPES}
    out = []
    for node, cls in graph.subject_objects(RDF.type):
        if cls not in types:
            continue
        type_ = TYPE[types[cls]].mention_type      # a zone is checked as the District it was recognised as
        for label in graph.objects(node, RDFS.label):
            reasons = suspicious(str(label), type_, words=jieba.lcut(str(label)), lex=res.lex, tags=tags,
                                 places=res.names)
            if reasons:
                out.append(Suspect(type_, str(label), reasons))
    return sorted(set(out), key=lambda s: (s.type, s.label))
