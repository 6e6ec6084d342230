"""Projects: a name before 项目/工程, or a facility (…基地, …公园, …大道) being built.

Facility names count only in a sentence with an investment or construction
word (kg/data/construction_words.txt). 总投资N亿元的X names X a project too.
"""
from __future__ import annotations

import re

from kg.extract.doc import Candidate, Doc
from kg.extract.lexicon import Lexicon, by_length

PHASE = re.compile(r"(?:[东西南北]延|[一二三四五六七八九十\d]期)(?:工程|项目)?")
DESCRIPTOR = re.compile(r"(?:类|相关|性|方面|以上|以下|领域)$|^[一二三四五六七八九十百千\d]")
AMOUNT_OF = re.compile(r"(?:总投资|投资|投入)[约近超逾]?\d+(?:\.\d+)?[亿万]?元的")


def _has_context(doc: Doc, pos: int, lex: Lexicon) -> bool:
    s = doc.sentence_at(pos)
    sentence = doc.text[s.start:s.end]
    return any(w in sentence for w in lex.construction)


def find_projects(doc: Doc, lex: Lexicon) -> list[Candidate]:
    """Project candidates by suffix, with their left boundary from jieba tokens."""
    text = doc.text
    out: list[Candidate] = []
    taken_ends: set[int] = set()
    for suffix in by_length(lex.project_suffixes):
        kind = lex.project_suffixes[suffix]
        pos = text.find(suffix)
        while pos >= 0:
            end = pos + len(suffix)
            # 二期/一期 after the suffix belong to the name (传化公路港一期)
            phase = PHASE.match(text, end)
            if phase:
                end = phase.end()
            if end not in taken_ends:
                start = doc.left_edge(pos, lex, max_chars=22)
                stem = text[start:pos]
                quoted = text[start - 1:start] in "“”\""
                ok = (len(stem) >= 2 and stem not in lex.generic and not quoted and not DESCRIPTOR.search(stem)
                      and not re.match(r"[一二三四五六七八九十百千双\d]+[大名个项批类十百千]", stem)
                      and not doc.all_generic(start, pos, lex))
                if ok and kind == "facility":
                    ok = _has_context(doc, pos, lex)
                if ok:
                    out.append(Candidate(start, end, "Project", text[start:end], rank=1))
                    taken_ends.add(end)
            pos = text.find(suffix, pos + 1)
    for m in AMOUNT_OF.finditer(text):
        start = m.end()
        i = doc.token_index_ending_at_or_after(start + 1)
        end = start
        while i < len(doc.tokens):
            tok = doc.tokens[i]
            if tok.word in lex.boundary or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", tok.word):
                break
            end = tok.end
            i += 1
        # a name that reaches a project suffix ends there (黄石二中滨江校区进展 -> …校区)
        for suffix in by_length(lex.project_suffixes):
            cut = text.find(suffix, start, end)
            if cut >= 0:
                end = cut + len(suffix)
                break
        if 3 <= end - start <= 20 and text[start:end] not in lex.generic:
            out.append(Candidate(start, end, "Project", text[start:end], rank=0))
    return out
