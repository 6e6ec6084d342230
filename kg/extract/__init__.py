"""Extraction: one article -> typed mentions and the facts stated between them.

``extract_article`` runs the extractor (``kg.extract.components.extractor``), an
ordered list of components (``kg.extract.component``): the article's home place,
the recognisers (districts, zones, government bodies, companies, projects,
events, the CRF when it is on, corpus names, and any added with ``register``),
the list passes, overlap resolution (``resolve`` by ``prefer_rules``), and the
facts inside sentences (``kg.extract.facts``, ``kg.extract.lifecycle``). It
reads language data only through ``Resources``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.extract.component import Component, Extractor, Work, component, prefer_rules, recogniser, resolve
from kg.extract.components import (default_components, extractor, installed_components, overlaps, refresh, register,
                                   registered, unregister)
from kg.extract.doc import Candidate, Doc, Rank
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.extract.home import find_home, home_region, set_home
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.text import simplified
from kg.records import Article, Fact, Mention
from kg.registry import COMPANY

__all__ = ["Candidate", "Component", "Doc", "Extraction", "Extractor", "Rank", "Resources", "Work",
           "component", "corpus_names", "default_components", "extract_article", "extractor",
           "find_home", "home_region", "installed_components", "load_resources", "overlaps", "prefer_rules",
           "recogniser", "refresh", "register", "registered", "resolve", "set_home", "unregister"]


@dataclass(frozen=True)
class Resources:
    """Gazetteer, word lists and the name index, loaded once per process."""

    gaz: Gazetteer
    lex: Lexicon
    names: dict
    max_len: int


@lru_cache(maxsize=1)
def load_resources() -> Resources:
    """Load the gazetteer and the lexicon, and find the installed components (cached)."""
    gaz = load_gazetteer()
    names = gaz.names()
    installed_components()      # the kg.recognisers entry points: read here, before workers fork
    return Resources(gaz, load_lexicon(), names, min(12, max(map(len, names))))


def corpus_names(extractions) -> dict[str, str]:
    """Company names of three or more characters, as written (in Simplified), from every article."""
    out: dict[str, str] = {}
    for ex in extractions:
        for m in ex.mentions:
            if m.type == COMPANY and len(m.name) >= 3 and simplified(m.text) == m.name:
                out[m.name] = COMPANY
    return dict(sorted(out.items()))


@dataclass(frozen=True)
class Extraction:
    """What one article yields: mentions and facts (offsets into title + newline + body)."""

    article: Article
    mentions: tuple[Mention, ...]
    facts: tuple[Fact, ...]
    home_code: str


def extract_article(article: Article, res: Resources | None = None, known: dict[str, str] | None = None, *,
                    tokens: list | None = None, resume: bytes | None = None, keep: list | None = None,
                    partial: bool = False, resume_late: bytes | None = None) -> Extraction:
    """Recognise the entities of one article and the facts its sentences state.

    ``known`` maps names found in other articles of the corpus to their type
    (see ``corpus_names``); they are recognised here too. ``keep`` and ``resume``
    (``Extractor.__call__``): keep the work done before the corpus names are read, and
    start from such work instead of redoing it (the same result). With ``keep`` and
    ``partial``, the mentions only (the facts are found when resuming: ``Extractor.defer_at``),
    and ``keep`` gets a second state, which ``resume_late`` takes (with ``resume``, no corpus names).
    """
    res = res or load_resources()
    doc = Doc.of(article, tokens)
    work = extractor()(doc, res, known, resume=resume, keep=keep, partial=partial, resume_late=resume_late)
    return Extraction(article, work.mentions, tuple(work.facts), doc.home.code if doc.home else "")
