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
