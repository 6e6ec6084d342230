"""Language data for the recognisers, loaded once from ``kg/data/``.

Every list the rules use lives in a data file; this module only reads them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


def _lines(name: str) -> list[str]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.rstrip())
    return out


def _words(name: str) -> list[str]:
    return [w for line in _lines(name) for w in line.split()]


def word_list(name: str) -> list[str]:
    """The words of a kg/data list file (whitespace-separated, '#' comments)."""
    return _words(name)


def _table(name: str) -> list[list[str]]:
    return [line.split("\t") for line in _lines(name)]


@dataclass(frozen=True)
class Lexicon:
    """All word lists and tables, longest entries first where order matters."""

    boundary: frozenset[str]                    # with the titles
    titles: frozenset[str]                      # people's titles (市长, 董事长)
    generic: frozenset[str]                     # stems that make a suffix match generic
    ambiguous_places: frozenset[str]            # division names that are also common words
    construction: tuple[str, ...]               # words of an investment/construction context
    organs: dict[str, tuple[str, str]]          # surface -> (canonical, kind)
    generic_organs: tuple[str, ...]
    national: dict[str, str]                    # surface -> canonical
    company_suffixes: dict[str, str]            # suffix -> legal | group | industry
    company_cues: frozenset[str]
    project_cues: frozenset[str]
    project_suffixes: dict[str, str]            # suffix -> strong | facility
    brand_heads: tuple[str, ...]                # facility endings that name their builder's brand
    zone_suffixes: tuple[str, ...]
    zone_abbreviations: tuple[tuple[str, str], ...]   # long ending -> short ending
    event_suffixes: tuple[str, ...]
    event_cues: dict[str, frozenset[str]]      # ending -> words it must follow (活动: 签约 开工 …)
    default_region: str                         # GB/T 2260 province code that wins ties


def by_length(items) -> tuple[str, ...]:
    """Longest first, then alphabetical: the order suffix tables are tried in."""
    return tuple(sorted(set(items), key=lambda s: (-len(s), s)))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read kg/data once (jieba learns our words when it first tokenises: ``text.prepare_jieba``)."""
    national: dict[str, str] = {}
    for row in _table("national_bodies.tsv"):
        canonical = row[0].strip()
        national[canonical] = canonical
        for alias in (row[1].split(",") if len(row) > 1 else []):
            if alias.strip():
                national[alias.strip()] = canonical
    return Lexicon(
        boundary=frozenset(_words("boundary_words.txt") + _words("person_titles.txt")),
        titles=frozenset(_words("person_titles.txt")),
        generic=frozenset(_words("generic_stems.txt")),
        ambiguous_places=frozenset(_words("ambiguous_places.txt")),
        construction=by_length(_words("construction_words.txt")),
        organs={r[0]: (r[1] or r[0], r[2]) for r in _table("organs.tsv")},
        generic_organs=by_length(_words("generic_organs.txt")),
        national=national,
        company_suffixes={r[0]: r[1] for r in _table("company_suffixes.tsv")},
        company_cues=frozenset(_words("company_cues.txt")),
        project_cues=frozenset(_words("project_cues.txt")),
        project_suffixes={r[0]: r[1] for r in _table("project_suffixes.tsv")},
        brand_heads=by_length(_words("brand_heads.txt")),
        zone_suffixes=by_length(_words("zone_suffixes.txt")),
        zone_abbreviations=tuple((r[0], r[1]) for r in _table("zone_abbreviations.tsv")),
        event_suffixes=by_length(line.split()[0] for line in _lines("event_suffixes.txt")),
        event_cues={line.split()[0]: frozenset(line.split()[1:]) for line in _lines("event_suffixes.txt")
                    if len(line.split()) > 1},
        default_region=_words("home_region.txt")[0],
    )
