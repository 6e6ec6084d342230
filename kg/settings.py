"""Build settings: defaults in one frozen object, overridden by CLI flags."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import UsageError
from kg.registry import COMPANY, DISTRICT, EVENT, GOVERNMENT_BODY, PROJECT, RECOGNISED
from kg.vocab import DEFAULT_BASE_IRI

CRF_TYPES = RECOGNISED


def crf_model_default() -> str:
    """The CRF model extraction uses: none by default (rules alone: the CRF pass costs
    about 1.5 times jieba's own time, past the build's speed budget, for 0.5 to 2 points of
    held-out entity F1); the packaged one with ``KG_CRF=1``, or ``KG_CRF_MODEL`` (a file).
    Read here only: extraction processes inherit the environment, so every worker of a
    build uses the same model."""
    if os.environ.get("KG_CRF", "0").strip() in ("0", "off", "no", "false", "") and \
            not os.environ.get("KG_CRF_MODEL", "").strip():
        return ""
    chosen = os.environ.get("KG_CRF_MODEL", "").strip()
    return chosen or str(Path(__file__).resolve().parent / "data" / "crf.model")


CRF_ADDS = (COMPANY, DISTRICT, GOVERNMENT_BODY)     # held out, the best that keeps the seed's gate


def crf_types_default() -> tuple[str, ...]:
    """The entity types the CRF may add (``KG_CRF_TYPES=Company,District``, ``all``)."""
    chosen = os.environ.get("KG_CRF_TYPES", "").strip()
    if chosen == "all":
        return CRF_TYPES
    return tuple(t for t in CRF_TYPES if t in chosen.split(",")) if chosen else CRF_ADDS


CRF_LONG = (COMPANY, GOVERNMENT_BODY, PROJECT, EVENT)     # best held out (README: the CRF)


def crf_long_default() -> tuple[str, ...]:
    """The types whose CRF spans compete with the rules' by length, the others' CRF spans
    filling only gaps the rules leave (``KG_CRF_LONG=Project,Event``; ``none``)."""
    chosen = os.environ.get("KG_CRF_LONG", "").strip()
    return tuple(t for t in CRF_TYPES if t in chosen.split(",")) if chosen else CRF_LONG


CRF_MIN_CONFIDENCE = 0.9      # held out: keeps the dev gains, loses least on the seed (README: the CRF)


def crf_min_confidence_default() -> float:
    """The least marginal probability every character of a CRF span must have (``KG_CRF_MIN``)."""
    chosen = os.environ.get("KG_CRF_MIN", "").strip()
    try:
        return float(chosen) if chosen else CRF_MIN_CONFIDENCE
    except ValueError:
        raise UsageError(f"KG_CRF_MIN={chosen!r} is not a number: set it to a probability "
                         "such as 0.9, or unset it") from None


@dataclass(frozen=True)
class Settings:
    """Everything a build can be told; passed down explicitly, never read from globals."""

    base_iri: str = DEFAULT_BASE_IRI
    html_max_nodes: int = 3000
    validate: bool = True
    strict: bool = False
    workers: int | None = None      # extraction processes; None: one per core
    cache: str = ""                 # folder of the extraction cache (kg.cache); "": none
    format_in: str = ""             # read every input file in this format (kg.read); "": by file ending
    fields: tuple[tuple[str, str], ...] = ()    # record fields named otherwise: (("text", "正文"),)
    keep_reposts: bool = False      # True: near-identical stories stay separate articles (kg.dedup)
    repost_threshold: float = 0.6   # Jaccard similarity of 5-character runs at which a story is a repost
    repost_window_days: int = 90    # a repost is looked for among the stories of this many days before; 0: all
    crf_model: str = field(default_factory=crf_model_default)      # "": rules alone
    crf_types: tuple[str, ...] = field(default_factory=crf_types_default)
    crf_long: tuple[str, ...] = field(default_factory=crf_long_default)
    crf_min_confidence: float = field(default_factory=crf_min_confidence_default)
