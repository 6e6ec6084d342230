"""Language data for the recognisers, loaded once from ``kg/data/``.

Every list the rules use lives in a data file; this module only reads them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.errors import InputError

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


def rows(name: str) -> list[list[str]]:
    """The rows of a tab-separated kg/data table (columns as written, '#' comments left out)."""
    return [[cell.strip() for cell in row] for row in _table(name)]


def words(name: str) -> tuple[str, ...]:
    """The words of a kg/data list file in the file's order."""
    return tuple(_words(name))


def alternation(name: str, *, patterns: bool = False) -> str:
    """A kg/data word list as a regular expression alternation (``a|b|c``) in the file's
    order, which is the order the expression tries them in; each word is escaped, unless
    ``patterns`` says the entries are expressions already (``[东西南北]延``)."""
    items = _words(name)
    return "|".join(items if patterns else map(re.escape, items))


def pairs(name: str, values=None) -> dict[str, str]:
    """A two-column kg/data table (key, tab, value) as a dict in the file's order;
    ``values``, when given, are the values allowed. A malformed line is an InputError
    naming the file and line."""
    out: dict[str, str] = {}
    path = DATA / name
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, tab, value = line.rstrip().partition("\t")
        if not tab or not key or not value or "\t" in value or (values is not None and value not in values):
            expected = f"one of {', '.join(values)}" if values is not None else "a value"
            raise InputError(f"expected a word, a tab and {expected}, found {line!r}", path=str(path),
                             line=number, hint="fix the line")
        out[key] = value
    return out


# The legal-form patterns, defined once (forms from kg/data/legal_forms.txt, longest
# first; 集团 may precede them).
LEGAL_FORMS = alternation("legal_forms.txt")
# a name less its legal form or 集团 (kg.link: 华新水泥股份有限公司 -> 华新水泥)
LEGAL_TAIL = re.compile(rf"(?:集团)?(?:{LEGAL_FORMS})$|集团$")
# the same, and a holding's 控股/股份 too (kg.extract.facts.brands: a project named after its investor)
LEGAL_OR_HOLDING_TAIL = re.compile(rf"(?:集团)?(?:{LEGAL_FORMS})$|(?:集团|控股|股份)$")
# a label that is only a legal form (kg.namecheck: 股份有限公司, 集团公司, 控股)
LEGAL_FORM_ONLY = re.compile(rf"^(?:集团)?(?:{LEGAL_FORMS}|集团|控股)$")
# the endings that make a name a project by itself (项目|工程: the strong rows of
# kg/data/project_suffixes.tsv), for patterns that end at or look past them
PROJECT_HEADS = "|".join(re.escape(row[0]) for row in _table("project_suffixes.tsv") if row[1] == "strong")
# the number of a project's phase (一期, 2期); the phase a project's name ends with
PHASE_NUMBER = r"[一二三四五六七八九十\d]"
PHASE_TAIL = re.compile(PHASE_NUMBER + "期$")


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
    """Longest first, then alphabetical: the order suffix tables are tried in (sorted once per
    set of items: recognisers ask it of the same tables in every article)."""
    key = frozenset(items)
    made = _BY_LENGTH.get(key)
    if made is None:
        if len(_BY_LENGTH) > 256:
            _BY_LENGTH.clear()
        made = _BY_LENGTH[key] = tuple(sorted(key, key=lambda s: (-len(s), s)))
    return made


_BY_LENGTH: dict[frozenset, tuple[str, ...]] = {}


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


# --- the extractor's own lists (kg/extract/home.py, kg/extract/components.py) ----------

@lru_cache(maxsize=1)
def tag_noise() -> tuple[str, ...]:
    """Words taken out of an article's tag before its places are read, in the file's order."""
    return tuple(_words("tag_noise.txt"))


@lru_cache(maxsize=1)
def home_sources() -> dict[str, int]:
    """Where an article names its place (tag, title, body) -> the votes a province named there gets."""
    return {r[0]: int(r[1]) for r in _table("home_sources.tsv")}


@lru_cache(maxsize=1)
def road_context() -> tuple[str, ...]:
    """Words that make a list of roads a list of construction projects."""
    return tuple(_words("road_context.txt"))


@lru_cache(maxsize=1)
def count_item() -> "re.Pattern":
    """A count standing as a list item (三大, 十个, 3批): numerals or digits, then a counter."""
    import re
    parts = {r[0]: r[1] for r in _table("count_items.tsv")}
    numerals = "".join(map(re.escape, parts["numerals"]))
    counters = "".join(map(re.escape, parts["counters"]))
    return re.compile(rf"[{numerals}\d]+[{counters}]")
