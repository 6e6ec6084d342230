"""Companies: a name before a legal form (有限公司, 集团 …), or brand + industry with a cue.

省高投集团 / 市交投集团 / 区创发集团 resolve their relative region from the
article's home place. Brand + industry names (宏旺轧辊, 振华化学) count only
with a cue: an enumeration whose head noun is 企业, or beside a known company.
"""
from __future__ import annotations

from kg.extract.doc import Candidate, Doc
from kg.extract.governments import RELATIVE, _relative_region
from kg.extract.lexicon import Lexicon, by_length


def resolve_relative(doc: Doc, name: str) -> str:
    """省高投集团 -> 湖北省高投集团: a leading 省/市/区/县 becomes the home region."""
    if len(name) > 2 and name[0] in RELATIVE and name[1] not in "级属直内外":
        d = _relative_region(doc, name[0])
        if d is not None:
            return d.name + name[1:]
    return name


def find_companies(doc: Doc, lex: Lexicon) -> tuple[list[Candidate], list[Candidate]]:
    """(confident, weak) company candidates: legal/group suffix; brand + industry word."""
    text = doc.text
    strong: list[Candidate] = []
    weak: list[Candidate] = []
    suffixes = by_length(lex.company_suffixes)
    taken_ends: set[int] = set()
    for suffix in suffixes:
        kind = lex.company_suffixes[suffix]
        pos = text.find(suffix)
        while pos >= 0:
            end = pos + len(suffix)
            if end in taken_ends:
                pos = text.find(suffix, pos + 1)
                continue
            start = doc.left_edge(pos, lex, max_chars=18 if kind != "industry" else 4)
            stem = text[start:pos]
            ok = len(stem) >= 2 and stem not in lex.generic and not stem.isdigit()
            if ok and kind == "industry":
                ok = 2 <= len(stem) <= 4 and stem.isalnum()
            if ok:
                name = resolve_relative(doc, text[start:end])
                cand = Candidate(start, end, "Company", name, rank=2 if kind != "industry" else 0)
                (weak if kind == "industry" else strong).append(cand)
                taken_ends.add(end)
            pos = text.find(suffix, pos + 1)
    return strong, weak
