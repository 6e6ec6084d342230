"""Build settings: defaults in one frozen object, overridden by CLI flags."""
from __future__ import annotations

from dataclasses import dataclass

from kg.vocab import DEFAULT_BASE_IRI


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
