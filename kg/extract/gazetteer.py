"""Gazetteer of Chinese administrative divisions (GB/T 2260 codes) and their short names.

Reads ``kg/data/divisions.tsv`` (code, name, level, parent_code; written by
``scripts/make_gazetteer.py``) and the short-name rules in
``kg/data/division_suffixes.tsv``. Gives look-ups by code and by name, the chain
of ancestors, every full and short name for building a matcher, and
``disambiguate`` to choose among divisions sharing a name. Matching names in
text is not done here.

    >>> gaz = Gazetteer.load()
    >>> [d.code for d in gaz.lookup("西塞山")]
    ['420203']
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.atomic import replacing
from kg.collector import gc_paused
from kg.errors import InputError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_PATH = DATA_DIR / "divisions.tsv"
SUFFIXES_PATH = DATA_DIR / "division_suffixes.tsv"
VARIANTS_PATH = DATA_DIR / "variant_chars.tsv"       # rare official characters -> written ones
FORMER_PATH = DATA_DIR / "former_names.tsv"          # names counties had before they became cities
LEVELS = ("province", "city", "county", "town")  # highest first
MIN_STEM = 2  # a short name is never derived from a one-character stem
DIVISIONS_HEADER = ["code", "name", "level", "parent_code"]
SUFFIXES_HEADER = ["kind", "level", "text", "min_stem", "also"]
VARIANTS_HEADER = ["official", "written"]
FORMER_HEADER = ["former", "code", "year"]


@dataclass(frozen=True)
class Division:
    """One administrative division: 6-digit code (9 for towns), official name, level, parent code."""

    code: str
    name: str
    level: str      # province | city | county | town
    parent: str     # parent's code; "" for provinces


@dataclass(frozen=True)
class SuffixRule:
    """One row of the suffix table: strip ``suffix`` from names of ``level``."""

    level: str
    suffix: str
    min_stem: int
    also: str


@dataclass(frozen=True)
class ShortNameRules:
    """Suffix rules per level (longest suffix first) and ethnic words to strip."""

    suffixes: dict[str, tuple[SuffixRule, ...]]
    ethnic: tuple[str, ...]  # longest first

    @functools.cached_property
    def ethnic_tails(self) -> frozenset[str]:
        """Last characters of the ethnic words, to skip most stems at once."""
        return frozenset(word[-1] for word in self.ethnic)

    @functools.cached_property
    def ethnic_words(self) -> frozenset[str]:
        """The ethnic words as a set, for membership tests."""
        return frozenset(self.ethnic)


def _data_lines(lines: Iterable[str], path: str, header: list[str]):
    """Yield (line number, fields) of a TSV after checking its header; skip # comments."""
    seen_header = False
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not seen_header:
            if fields != header:
                expected = "\t".join(header)
                raise InputError(f"header should be {expected!r}, found {line!r}",
                                 path=path, line=number,
                                 hint="fix the file or re-run scripts/make_gazetteer.py")
            seen_header = True
            continue
        if len(fields) != len(header):
            raise InputError(f"expected {len(header)} tab-separated fields, "
                             f"found {len(fields)}", path=path, line=number, hint="fix the line")
        yield number, fields


def parse_divisions(lines: Iterable[str], *, path: str = "<divisions>") -> tuple[Division, ...]:
    """Parse divisions.tsv lines into Divisions, checking levels and codes."""
    divisions = []
    for number, (code, name, level, parent) in _data_lines(lines, path, DIVISIONS_HEADER):
        if level not in LEVELS or not code.isdigit() or not name:
            raise InputError(f"bad division {code!r} {name!r} {level!r}", path=path,
                             line=number, hint="re-run scripts/make_gazetteer.py")
        divisions.append(Division(code, name, level, parent))
    return tuple(divisions)


def parse_suffix_rules(lines: Iterable[str], *, path: str = "<suffixes>") -> ShortNameRules:
    """Parse division_suffixes.tsv lines into ShortNameRules."""
    suffixes: dict[str, list[SuffixRule]] = {level: [] for level in LEVELS}
    ethnic = []
    for number, (kind, level, text, min_stem, also) in _data_lines(lines, path, SUFFIXES_HEADER):
        if kind == "ethnic":
            ethnic.append(text)
        elif kind == "suffix" and level in suffixes and min_stem.isdigit():
            suffixes[level].append(SuffixRule(level, text, max(MIN_STEM, int(min_stem)), also))
        else:
            raise InputError(f"expected kind suffix (level in {LEVELS}, numeric min_stem) "
                             f"or ethnic", path=path, line=number, hint="fix the line")
    return ShortNameRules(
        suffixes={lv: tuple(sorted(rules, key=lambda r: -len(r.suffix)))
                  for lv, rules in suffixes.items()},
        ethnic=tuple(sorted(set(ethnic), key=lambda w: (-len(w), w))),
    )


def parse_variants(lines: Iterable[str], *, path: str = "<variants>") -> dict[str, str]:
    """Parse variant_chars.tsv lines: official character -> the character texts write."""
    out = {}
    for number, (official, written) in _data_lines(lines, path, VARIANTS_HEADER):
        if len(official) != 1 or len(written) != 1:
            raise InputError(f"expected one character in each column, found {official!r} {written!r}",
                             path=path, line=number, hint="fix the line")
        out[official] = written
    return out


def parse_former_names(lines: Iterable[str], *, path: str = "<former names>") -> tuple[tuple[str, str], ...]:
    """Parse former_names.tsv lines into (former name, current code) pairs."""
    out = []
    for number, (former, code, year) in _data_lines(lines, path, FORMER_HEADER):
        if not former or not code.isdigit() or not year.isdigit():
            raise InputError(f"bad former name {former!r} {code!r} {year!r}", path=path, line=number,
                             hint="fix the line")
        out.append((former, code))
    return tuple(out)


def written_form(name: str, variants: dict[str, str]) -> str:
    """The name with its rare official characters as texts write them (𣲗源口镇 -> 韦源口镇)."""
    return "".join(variants.get(c, c) for c in name) if variants else name


def strip_ethnic(stem: str, rules: ShortNameRules) -> str:
    """Remove ethnic-group words from the end of ``stem`` (恩施土家族苗族 -> 恩施).

    Stops before the stem would fall under MIN_STEM characters (内蒙古 stays).
    """
    stripped = True
    while stripped and stem and stem[-1] in rules.ethnic_tails:
        stripped = False
        for word in rules.ethnic:
            if stem.endswith(word) and len(stem) - len(word) >= MIN_STEM:
                stem = stem[: -len(word)]
                stripped = True
                break
    return stem


def derive_short_names(name: str, level: str, rules: ShortNameRules) -> list[str]:
    """Short names of a division's official name by the suffix rules (never one character)."""
    for rule in rules.suffixes.get(level, ()):
        if not name.endswith(rule.suffix):
            continue
        raw = name[: -len(rule.suffix)]
        if len(raw) < rule.min_stem:
            continue  # e.g. 清新区: 新区 would leave 清, let 区 apply
        stem = strip_ethnic(raw, rules)
        if len(stem) < MIN_STEM or stem in rules.ethnic_words:
            return []  # 鄂伦春自治旗, 东乡族自治县: the stem is the group's name
        forms = [stem] + ([stem + rule.also] if rule.also else [])
        return [form for form in dict.fromkeys(forms) if form != name]
    return []


@functools.lru_cache(maxsize=65536)
def _context_segments(code: str) -> tuple[str, ...]:
    """Split a code or code prefix into province/city/county/town parts, dropping 00 padding.

    420000 -> (42,), 420200 -> (42, 02), 4202 -> (42, 02), 420222101 -> (42, 02, 22, 101).
    """
    if len(code) > 6:  # a town: 东莞's towns sit under 441900, keep its 00
        return (code[0:2], code[2:4], code[4:6], code[6:])
    head = code
    while len(head) > 2 and head.endswith("00"):
        head = head[:-2]
    return tuple(head[i:i + 2] for i in range(0, len(head), 2))


def _shared_segments(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Count leading administrative segments two codes have in common."""
    shared = 0
    for x, y in zip(a, b):
        if x != y:
            break
        shared += 1
    return shared


def disambiguate(candidates: Iterable[Division], context_codes: Iterable[str], *,
                 name: str | None = None) -> Division | None:
    """Choose one division among same-named candidates, or None if nothing decides.

    Prefers, in order: the candidate sharing the most province/city/county/town
    code segments with any context code (codes or prefixes such as ``"4202"`` of
    places already known in the article); the higher level (province > city >
    county > town); a full-name match with ``name`` over a short-name match.
    Returns None for no candidates or when the best ones still tie.
    """
    contexts = [_context_segments(code) for code in context_codes if code]
    scores: dict[Division, tuple[int, int, int]] = {}
    for d in set(candidates):
        own = _context_segments(d.code)
        proximity = max((_shared_segments(own, c) for c in contexts), default=0)
        scores[d] = (proximity, -LEVELS.index(d.level), int(d.name == name))
    if not scores:
        return None
    ranked = sorted(scores, key=lambda d: (scores[d], d.code), reverse=True)
    if len(ranked) > 1 and scores[ranked[0]] == scores[ranked[1]]:
        return None
    return ranked[0]


class Gazetteer:
    """All divisions, indexed by code and by full and short name."""

    def __init__(self, divisions: Iterable[Division], rules: ShortNameRules, *,
                 variants: dict[str, str] | None = None, former: Iterable[tuple[str, str]] = ()):
        """Index ``divisions`` (any order) and keep ``rules`` for short names.

        ``variants`` (official character -> written one): a division named with a rare
        character is named as texts write it, the official name staying one of its names.
        ``former`` (former name, code): other names of the division with that code.
        """
        variants = variants or {}
        self.official: dict[str, str] = {}      # code -> official name where the written one differs
        kept = []
        for d in divisions:
            written = written_form(d.name, variants)
            if written != d.name:
                self.official[d.code] = d.name
                d = Division(d.code, written, d.level, d.parent)
            kept.append(d)
        self.divisions = tuple(sorted(kept, key=lambda d: d.code))
        self.rules = rules
        self.former = tuple(former)
        self._by_code = {d.code: d for d in self.divisions}
        self._names: dict[str, list[Division]] | None = None

    @classmethod
    def load(cls, path: Path | str = DEFAULT_PATH, *,
             suffixes_path: Path | str = SUFFIXES_PATH) -> "Gazetteer":
        """Return the gazetteer read from ``path`` (cached: each file is read once)."""
        return load_gazetteer(path, suffixes_path)

    def by_code(self, code: str) -> Division | None:
        """The division with this code, or None."""
        return self._by_code.get(code)

    def ancestors(self, code: str) -> list[Division]:
        """The division's parent, grandparent … up to its province; [] for unknown codes."""
        chain = []
        division = self._by_code.get(code)
        while division is not None and division.parent:
            division = self._by_code.get(division.parent)
            if division is not None:
                chain.append(division)
        return chain

    def short_names(self, division: Division) -> list[str]:
        """Names derived from the official one by the suffix rules (恩施州, 恩施)."""
        return derive_short_names(division.name, division.level, self.rules)

    def names(self, *, levels: Iterable[str] = LEVELS) -> dict[str, list[Division]]:
        """Every full and short name of divisions at ``levels`` -> its divisions.

        Keys are sorted, each list is sorted by code; for building a matcher.
        """
        wanted = set(levels)
        if wanted >= set(LEVELS):
            return {name: list(divisions) for name, divisions in self._name_index().items()}
        return {name: kept for name, divisions in self._name_index().items()
                if (kept := [d for d in divisions if d.level in wanted])}

    def lookup(self, name: str) -> list[Division]:
        """Divisions whose full or short name is ``name``, sorted by code."""
        return list(self._name_index().get(name, ()))

    def _name_index(self) -> dict[str, list[Division]]:
        """Build once the sorted name -> divisions index."""
        if self._names is None:
            index: dict[str, list[Division]] = {}
            for division in self.divisions:  # already in code order
                for name in dict.fromkeys([division.name, *self.short_names(division)]):
                    index.setdefault(name, []).append(division)
            # other names: the official spelling, a former name; each names the division
            # as itself (its own full name), and only where no name of that code is already
            others = [(name, code) for code, name in sorted(self.official.items())] + list(self.former)
            for name, code in others:
                current = self._by_code.get(code)
                if current is None:
                    continue
                alias = Division(code, name, current.level, current.parent)
                for form in dict.fromkeys([name, *self.short_names(alias)]):
                    listed = index.setdefault(form, [])
                    if all(d.code != code for d in listed):
                        listed.append(alias if form == name else current)
                        listed.sort(key=lambda d: d.code)
            self._names = {name: index[name] for name in sorted(index)}
        return self._names


def read_gazetteer(path: Path | str = DEFAULT_PATH,
                   suffixes_path: Path | str = SUFFIXES_PATH) -> Gazetteer:
    """Read the divisions and suffix files into a new Gazetteer (not cached)."""
    with open(path, encoding="utf-8") as lines:
        divisions = parse_divisions(lines, path=str(path))
    with open(suffixes_path, encoding="utf-8") as lines:
        rules = parse_suffix_rules(lines, path=str(suffixes_path))
    with open(VARIANTS_PATH, encoding="utf-8") as lines:
        variants = parse_variants(lines, path=str(VARIANTS_PATH))
    with open(FORMER_PATH, encoding="utf-8") as lines:
        former = parse_former_names(lines, path=str(FORMER_PATH))
    return Gazetteer(divisions, rules, variants=variants, former=former)


def load_gazetteer(path: Path | str = DEFAULT_PATH,
                   suffixes_path: Path | str = SUFFIXES_PATH) -> Gazetteer:
    """The Gazetteer of these files, read once per process however the paths are spelt."""
    return _load_cached(Path(path).resolve(), Path(suffixes_path).resolve())


@functools.lru_cache(maxsize=4)
def _load_cached(path: Path, suffixes_path: Path) -> Gazetteer:
    """read_gazetteer with its name index, once per process, and kept on disk between runs.

    Building the index of 42,000 divisions' short names takes a third of a second;
    the first run keeps the whole gazetteer in the user's cache folder
    (``$XDG_CACHE_HOME/kg`` or ``~/.cache/kg``), under a hash of both data files and
    this module, so a changed file or rule builds a new one. A cache folder that
    cannot be written is no error: the gazetteer is built each time.
    """
    h = hashlib.sha256()
    for f in (path, suffixes_path, VARIANTS_PATH, FORMER_PATH, Path(__file__)):
        h.update(f.read_bytes())
    disk = _cache_folder() / f"gazetteer-{h.hexdigest()[:20]}.pickle"
    try:
        with open(disk, "rb") as f, gc_paused():     # 100,000 objects and no cycles
            return pickle.load(f)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, IndexError, TypeError):
        pass
    gaz = read_gazetteer(path, suffixes_path)
    gaz._name_index()
    try:
        with replacing(disk) as f:
            pickle.dump(gaz, f, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass
    return gaz


def _cache_folder() -> Path:
    """Where kg keeps files it can make again ($XDG_CACHE_HOME/kg, else ~/.cache/kg)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kg"
