"""A trained recogniser beside the rules: a character-level CRF (python-crfsuite).

Reads a Doc (its Simplified text and the jieba tokens it already holds), the
resources (lexicon, gazetteer names) and the rule candidates; produces typed
``Candidate`` spans with ``source="model"`` (placed by ``resolve`` only where no
rule span was kept) or ``"model-long"`` (competing with rule spans by length,
losing ties; never over a rule span of another type). Which types the CRF may add,
which of them compete, and the least per-character marginal probability a span
needs are settings (``Settings.crf_types``, ``crf_long``, ``crf_min_confidence``;
``KG_CRF_TYPES``, ``KG_CRF_LONG``, ``KG_CRF_MIN``), chosen by leave-one-slice-out
evaluation (README, "The CRF"). The model is ``kg/data/crf.model`` (trained by
``scripts/train_crf.py`` on the gold annotations); ``Settings.crf_model`` names
another file (``KG_CRF_MODEL``) or none (``KG_CRF=0``: rules alone). It plugs
into the extractor as the rule recognisers do, as one component (``crf_component``,
listed in ``kg.extract.components.default_components`` only when a model is set).

Features of a character (``char_features``): the character and its neighbours
(±2), the bigrams around it, its place in its jieba token (B/M/E/S) with the
token's length, the token itself, the classes of it and its neighbours (Han,
digit, Latin, punctuation: a clause boundary shows as a punctuation neighbour),
which suffix tables (company, division, organ, event, project, zone) have an entry
ending at or covering it, and whether it lies in a gazetteer division name. Every
feature string is built by C-level ``map`` over whole-text strings and reused
across articles; CRFsuite's own per-character work is most of the pass's time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import add
from pathlib import Path

from kg.errors import InputError
from kg.extract.companies import resolve_relative
from kg.extract.component import Component, recogniser
from kg.extract.doc import Candidate, Doc, Rank
from kg.extract.gazetteer import disambiguate
from kg.extract.governments import body_name
from kg.extract.lexicon import DATA, Lexicon, by_length, word_list
from kg.extract.matcher import NameMatcher, matcher_for
from kg.settings import Settings
from kg.registry import COMPANY, DISTRICT, EVENT, GOVERNMENT_BODY, PROJECT

DEFAULT_MODEL = DATA / "crf.model"
MAX_SPAN = 30           # longer tagged runs are noise (the rules' longest names are shorter)

_HAN = re.compile(r"[\u3400-\u9fff]+")
_DIGIT = re.compile(r"[0-9０-９]+")
_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]+")
_OTHER = re.compile(r"[^\x01\x02\x03]+")
_CLASS = str.maketrans("\x01\x02\x03\x04", "hdlp")


def _runs(pattern: re.Pattern, mark: str, text: str) -> str:
    return pattern.sub(lambda m: mark * len(m.group()), text)


def char_classes(text: str) -> str:
    """One letter a character, same length as text: h Han, d digit, l Latin, p anything else."""
    s = _runs(_LATIN, "\x03", _runs(_DIGIT, "\x02", _runs(_HAN, "\x01", text)))
    return _runs(_OTHER, "\x04", s).translate(_CLASS)


@dataclass(frozen=True)
class Tables:
    """The suffix tables as one look-ahead regex each, and the gazetteer's levels by name."""

    suffix_matcher: NameMatcher                        # entries of two or more characters of every suffix table
    suffix_owners: dict[str, tuple[int, ...]]           # entry -> its tables (indices into SUFFIX_TAGS)
    suffix_singles: dict[str, tuple[int, ...]]          # one-character entry -> its tables
    single_chars: re.Pattern                            # any one-character entry
    levels: dict[str, str]                              # division name -> level of its first division
    breaks: frozenset[str]                              # words a tagged name does not run across
    endings: tuple[str, ...]                            # every suffix of every table
    leads: frozenset[str]                               # words no name starts with: breaks, boundary words


_TABLES: dict[int, Tables] = {}


def tables_for(lex: Lexicon, rules, names: dict) -> Tables:
    """The feature tables of these resources (built once per process)."""
    key = id(names)
    hit = _TABLES.get(key)
    if hit is None:
        division_suffixes = {r.suffix for rs in rules.suffixes.values() for r in rs}
        owners: dict[str, tuple[int, ...]] = {}
        for k, table in enumerate((lex.company_suffixes, division_suffixes, lex.organs, lex.event_suffixes,
                                   lex.project_suffixes, lex.zone_suffixes)):
            for entry in table:
                if entry:
                    owners[entry] = (*owners.get(entry, ()), k)
        endings = by_length([*lex.company_suffixes, *division_suffixes, *lex.organs, *lex.generic_organs,
                             *lex.event_suffixes, *lex.project_suffixes, *lex.zone_suffixes])
        hit = _TABLES[key] = Tables(
            suffix_matcher=NameMatcher([e for e in owners if len(e) > 1]),
            suffix_owners={e: ks for e, ks in owners.items() if len(e) > 1},
            suffix_singles={e: ks for e, ks in owners.items() if len(e) == 1},
            single_chars=re.compile("[" + "".join(re.escape(e) for e in sorted(owners) if len(e) == 1) + "]"),
            levels={name: ds[0].level for name, ds in names.items() if ds},
            breaks=frozenset(word_list("crf_breaks.txt")), endings=endings,
            leads=lex.boundary | frozenset(word_list("crf_breaks.txt")))
    return hit


_TOKEN_PLACES: dict[int, tuple[str, ...]] = {}


def _token_places(n: int) -> tuple[str, ...]:
    """('pB3', 'pM3', 'pE3') for a 3-character token (lengths above 6 share one tag)."""
    places = _TOKEN_PLACES.get(n)
    if places is None:
        k = str(min(n, 6))
        places = ("pS1",) if n == 1 else ("pB" + k, *(["pM" + k] * (n - 2)), "pE" + k)
        _TOKEN_PLACES[n] = places
    return places


SUFFIX_TAGS = ("co", "dv", "or", "ev", "pj", "zn")   # company, division, organ, event, project, zone


def suffix_marks(text: str, tables: "Tables") -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Where the suffix tables' entries lie: for each table (an index into SUFFIX_TAGS), the
    longest entry starting at each position; (position -> tables of entries ending there,
    position -> tables of entries covering it but not ending there)."""
    end_marks: dict[int, list[int]] = {}
    in_marks: dict[int, list[int]] = {}

    def mark(s: int, t: int, k: int) -> None:
        end_marks.setdefault(t - 1, []).append(k)
        for j in range(s, t - 1):
            in_marks.setdefault(j, []).append(k)

    found: dict[int, set[int]] = {}
    owners = tables.suffix_owners
    for s, ends in tables.suffix_matcher.every(text):      # longest first
        seen = found[s] = set()
        for t in ends:
            for k in owners[text[s:t]]:
                if k not in seen:
                    seen.add(k)
                    mark(s, t, k)
    singles = tables.suffix_singles
    for m in tables.single_chars.finditer(text):
        s = m.start()
        seen = found.get(s, ())
        for k in singles[m.group()]:
            if k not in seen:
                mark(s, s + 1, k)
    return end_marks, in_marks


class _Prefixed(dict):
    """key -> prefix + key, made once: a feature string reused keeps its UTF-8 form, which
    crfsuite reads (a new string is encoded again for every character)."""

    __slots__ = ("prefix",)

    def __init__(self, prefix: str):
        super().__init__()
        self.prefix = prefix

    def __missing__(self, key: str) -> str:
        if len(self) > 500_000:         # bounded: a corpus's characters and bigrams are far fewer
            self.clear()
        out = self[key] = self.prefix + key
        return out


_FEATURE = {p: _Prefixed(p) for p in ("a", "b", "c", "d", "e", "x", "y", "z", "v", "w", "k")}


def char_features(doc: Doc, tables: Tables, names: dict, max_len: int) -> list[tuple[str, ...]]:
    """The feature strings of every character of doc.text (see the module docstring)."""
    text = doc.text
    n = len(text)
    pad = "\x02\x02" + text + "\x03\x03"
    a, b, c, d, e = pad[0:n], pad[1:n + 1], text, pad[3:n + 3], pad[4:n + 4]
    f = {p: cache.__getitem__ for p, cache in _FEATURE.items()}
    places: list[str] = []
    words: list[str] = []
    word = f["w"]
    for t in doc.tokens:
        k = t.end - t.start
        places.extend(_token_places(k))
        words.extend(repeat(word(t.word) if k <= 4 else "w*", k))
    ends = ["e"] * n
    inside = ["i"] * n
    end_marks, in_marks = suffix_marks(text, tables)
    tags = SUFFIX_TAGS
    for j, marks in end_marks.items():
        ends[j] = "e" + "".join([tags[k] for k in sorted(marks)])
    for j, marks in in_marks.items():
        inside[j] = "i" + "".join([tags[k] for k in sorted(marks)])
    gaz = ["g"] * n
    levels = tables.levels
    for s, t, name in matcher_for(names, max_len).longest(text):
        level = levels.get(name, "")[:2]
        gaz[s] = "gB" + level
        for j in range(s + 1, t):
            gaz[j] = "gI" + level
    k = "\x02" + char_classes(text) + "\x03"
    kinds = map(f["k"], map(add, map(add, k[0:n], k[1:n + 1]), k[2:n + 2]))
    return list(zip(
        map(f["a"], a), map(f["b"], b), map(f["c"], c), map(f["d"], d), map(f["e"], e),
        map(f["x"], map(add, b, c)), map(f["y"], map(add, c, d)),
        map(f["z"], map(add, a, b)), map(f["v"], map(add, d, e)),
        places, words, ends, inside, gaz, kinds))


def spans_of(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of every B-/I- run in a BIO tag sequence (an I- without its B- starts one)."""
    out = []
    start, kind = -1, ""
    for i, tag in enumerate(tags):
        if tag[:2] == "I-" and kind == tag[2:]:
            continue
        if kind:
            out.append((start, i, kind))
            kind = ""
        if tag != "O":
            start, kind = i, tag[2:]
    if kind:
        out.append((start, len(tags), kind))
    return out


@lru_cache(maxsize=4)
def load_tagger(path: str):
    """The pycrfsuite Tagger of a model file, opened once per process."""
    import pycrfsuite       # only builds that use the model load the library
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(path))
    except (OSError, ValueError) as err:
        raise InputError(f"cannot open the CRF model: {err}", path=str(path),
                         hint="train one with scripts/train_crf.py, unset KG_CRF_MODEL, or set KG_CRF=0") from None
    return tagger


def tag_doc(doc: Doc, res, tagger, min_confidence: float = 0.0) -> list[tuple[int, int, str]]:
    """(start, end, type) spans the model finds in doc.text, each of whose characters has
    its tag with a marginal probability of at least min_confidence."""
    if not doc.text:
        return []
    feats = char_features(doc, tables_for(res.lex, res.gaz.rules, res.names), res.names, res.max_len)
    tags = tagger.tag(feats)
    spans = spans_of(tags)
    if min_confidence <= 0:
        return spans
    marginal = tagger.marginal
    return [(s, e, k) for s, e, k in spans if all(marginal(tags[i], i) >= min_confidence for i in range(s, e))]


def find_model_spans(doc: Doc, res, rules: list[Candidate] = (), *, settings: Settings | None = None) -> list[Candidate]:
    """Candidates for the spans the CRF of ``settings.crf_model`` tags ("": none), of
    the types in ``settings.crf_types`` (default: ``Settings()``, i.e. the environment's).

    A span of a type in ``settings.crf_long`` competes with the rules' spans by
    length (``source="model-long"``; it loses ties) unless it overlaps one of the
    ``rules`` candidates of another type (a place inside it aside: ``_crossed``); any other span is placed only where no
    rule span was kept (``source="model"``, see ``prefer_rules``). Dropped: bare
    table words (开发区, 市委, 有限公司) and gazetteer names that are not a unique
    full name or one in the article's province (the rules decided those).
    Names are resolved as the rules resolve them: the Simplified text, a leading
    市/县/区/省 made the home region's (市商务局 -> 黄石市商务局), a gazetteer name
    given its division code.
    """
    settings = settings or Settings()
    if not settings.crf_model:
        return []
    types, long_types = settings.crf_types, settings.crf_long
    bare = bare_words(res.lex)
    tables = tables_for(res.lex, res.gaz.rules, res.names)
    text = doc.text
    out = []
    for start, end, kind in tag_doc(doc, res, load_tagger(settings.crf_model), settings.crf_min_confidence):
        start = _trimmed(doc, start, end, kind, tables)
        name = text[start:end]
        if (kind not in types or len(name) < 2 or end - start > MAX_SPAN or not _HAN.search(name)
                or name in bare or (name[0] in DEMONSTRATIVES and len(name) <= 3) or name.strip() != name
                or name.endswith(PLURAL_ENDINGS)):
            continue
        code = ""
        if kind == DISTRICT and name in res.names:
            division = _division(doc, res.names[name], name)
            if division is None:
                continue
            code, name = division.code, division.name
        elif kind in (GOVERNMENT_BODY, COMPANY, PROJECT):
            name = resolve_relative(doc, name, allow_level=kind != COMPANY)
        if kind == GOVERNMENT_BODY:
            name, code = _body(doc, res.lex, rules, start, end, name)
        region = code if kind == GOVERNMENT_BODY else ""
        code = "" if kind == GOVERNMENT_BODY else code
        if kind in long_types and _may_compete(rules, start, end, kind):
            out.append(Candidate(start, end, kind, name, rank=Rank.MODEL, code=code, region=region, source="model-long"))
        else:
            out.append(Candidate(start, end, kind, name, code=code, region=region, source="model"))
    return out


CLAUSE_ENDS = re.compile(r"[。！？!?；;，,：:\s]")


def _trimmed(doc: Doc, start: int, end: int, kind: str, tables: "Tables") -> int:
    """Where a tagged span's name starts (``end``: no name). Never across a clause end; not at
    a leading verb or particle (启动河西大道改造工程: boundary words, for events only the
    break words); after a break word inside it (crf_breaks.txt) only when the rest ends
    in a table suffix (…项目, …有限公司)."""
    text = doc.text
    for m in CLAUSE_ENDS.finditer(text, start, end):
        start = m.end()
    lead = tables.breaks if kind == EVENT else tables.leads
    cut = start
    for t in doc.tokens_within(start, end):
        if t.start == cut and t.end < end and t.word in lead:
            start = cut = t.end
        elif t.start > start and t.word in tables.breaks:
            cut = t.end
    if cut == start:
        return start
    return cut if text[cut:end].endswith(tables.endings) else end


def _body(doc: Doc, lex: Lexicon, rules: list[Candidate], start: int, end: int, name: str) -> tuple[str, str]:
    """(name, region code) of a tagged body that is a place the rules found + an organ word:
    named as the rules name it (西塞山区政府 -> 西塞山区人民政府); else as tagged, no region."""
    for c in rules:
        if c.type == DISTRICT and c.start == start and c.end < end and doc.text[c.end:end] in lex.organs:
            return body_name(c.name, doc.text[c.end:end], lex), c.code
    organ = doc.text[start + 1:end]
    if name != doc.text[start:end] and organ in lex.organs and name.endswith(organ):
        # 区政府, made 西塞山区政府 by resolve_relative: the rules' 西塞山区人民政府
        return body_name(name[:-len(organ)], organ, lex), ""
    return name, ""


def _may_compete(rules: list[Candidate], start: int, end: int, kind: str) -> bool:
    """Whether a long model span may compete with the rule spans it overlaps: it crosses
    none (``_crossed``) and extends at most one of its own type (not 湖北省经信厅与工信部)."""
    own = set()
    for c in rules:
        if c.end <= start or end <= c.start:
            continue
        if _crossed(c, start, end, kind):
            return False
        if c.type == kind:
            own.add((c.start, c.end))
    return len(own) <= 1


def _crossed(rule: Candidate, start: int, end: int, kind: str) -> bool:
    """Whether a long model span [start, end) of this type would undo the rule's span: it
    overlaps a span of another type, other than a place inside it (黄石市…集中开工活动)."""
    if rule.end <= start or end <= rule.start or rule.type == kind:
        return False
    return not (rule.type == DISTRICT and start <= rule.start and rule.end <= end)


PLURAL_ENDINGS = ("部门", "企业", "单位")       # 湖北省经信部门, 重点企业: a kind of body, not one
DEMONSTRATIVES = frozenset("该本此各全")      # 该镇, 全市, 本区: no name (全球…中心 is one)


_BARE: dict[int, frozenset[str]] = {}


def bare_words(lex: Lexicon) -> frozenset[str]:
    """Table words that are no name by themselves (开发区, 商务局, 有限公司, 项目, 签约仪式)."""
    hit = _BARE.get(id(lex))
    if hit is None:
        hit = _BARE[id(lex)] = frozenset().union(
            lex.zone_suffixes, lex.organs, lex.generic_organs, lex.generic, lex.company_suffixes,
            lex.project_suffixes, lex.event_suffixes, lex.boundary, (a for pair in lex.zone_abbreviations for a in pair))
    return hit


def _division(doc: Doc, divisions: list, name: str):
    """The division a tagged gazetteer name stands for: a unique full name, or a full name
    in the article's province; None for short names and far-away namesakes."""
    full = [d for d in divisions if d.name == name]
    if len(full) == 1:
        return full[0]
    provinces = {code[:2] for code in doc.context_codes}
    near = [d for d in full if d.code[:2] in provinces]
    return disambiguate(near, doc.context_codes, name=name) if near else None


def model_identity(model: str) -> str:
    """What the extraction cache must know of the model in use: "off", or its file's bytes' hash."""
    if not model:
        return "crf:off"
    import hashlib
    try:
        return "crf:" + hashlib.sha256(Path(model).read_bytes()).hexdigest()[:16]
    except OSError:
        return "crf:missing:" + model


# --- training (scripts/train_crf.py) ---------------------------------------------

TRAINER_PARAMS = {
    "c1": 0.05,                 # L1: drops most features, keeps the model small
    "c2": 0.01,
    "max_iterations": 200,
    "feature.possible_transitions": True,
}


def bio_labels(n: int, mentions: list[tuple[str, str]], text: str) -> list[str]:
    """BIO tags for a text of n characters: every occurrence of each (surface, type),
    longest surfaces first, never overlapping one placed before."""
    tags = ["O"] * n
    used = bytearray(n)
    for surface, kind in sorted(set(mentions), key=lambda m: (-len(m[0]), m[0], m[1])):
        if not surface:
            continue
        pos = text.find(surface)
        while pos >= 0:
            end = pos + len(surface)
            if not any(used[pos:end]):
                used[pos:end] = b"\x01" * len(surface)
                tags[pos] = "B-" + kind
                for j in range(pos + 1, end):
                    tags[j] = "I-" + kind
            pos = text.find(surface, pos + 1)
    return tags


def training_item(doc: Doc, res, mentions: list[tuple[str, str]]) -> tuple[list[tuple[str, ...]], list[str]]:
    """(features, BIO tags) of one annotated article; mentions are (Simplified surface, type)."""
    feats = char_features(doc, tables_for(res.lex, res.gaz.rules, res.names), res.names, res.max_len)
    return feats, bio_labels(len(doc.text), mentions, doc.text)


def train_model(items, path: Path | str) -> None:
    """Train a CRF on (features, tags) items, in the order given, with fixed parameters
    (L-BFGS: the same items give the same model)."""
    import pycrfsuite
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params(TRAINER_PARAMS)
    for feats, tags in items:
        trainer.append(feats, tags)
    trainer.train(str(path))


# --- as an extraction component (kg.extract.components.default_components) ---------

def crf_component(settings: Settings) -> Component:
    """The CRF as a recogniser component, offering ``find_model_spans`` beside the rules'
    candidates (which it reads: its spans never cross a rule span of another type). Its
    version names the model and the settings that shape its spans."""
    version = (f"1:{model_identity(settings.crf_model)}:{','.join(settings.crf_types)}:"
               f"{','.join(settings.crf_long)}:{settings.crf_min_confidence}")

    def crf(work) -> list[Candidate]:
        return find_model_spans(work.doc, work.res, work.candidates, settings=settings)
    return recogniser("crf", reads=("doc", "home", "gazetteer", "lexicon", "candidates"),
                      types=settings.crf_types, version=version, data=(settings.crf_model,))(crf)
