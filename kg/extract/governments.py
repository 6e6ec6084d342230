"""Government bodies: a region followed by an organ (黄石市 + 商务局), national organs.

Relative regions resolve from the article's home place: 市商务局 in a 黄石
article is 黄石市商务局, 区委 in the 西塞山区 report is 中共西塞山区委. Organ
abbreviations expand to their full names (经信局 -> 经济和信息化局) from
``kg/data/organs.tsv``, so every surface form links to one node.
"""
from __future__ import annotations

import re

from kg.extract.doc import Candidate, Doc, Rank
from kg.extract.gazetteer import LEVELS, disambiguate
from kg.extract.lexicon import Lexicon, by_length, pairs, words
from kg.registry import GOVERNMENT_BODY

# boundary words that may sit inside an organ's name (跨区域产业合作办公室)
ORGAN_WORDS = words("organ_name_words.txt")
STANDING = "及其常委会"
# one-character words for the home region of a level (市 -> city: kg/data/relative_regions.tsv)
RELATIVE = pairs("relative_regions.tsv", LEVELS)
RELATIVE_CHAR = re.compile("[" + "".join(map(re.escape, RELATIVE)) + "]")
# and for a town, before an organ only (镇政府): kg/data/relative_towns.txt
BODY_RELATIVE = {**RELATIVE, **{ch: "town" for ch in words("relative_towns.txt")}}
BODY_RELATIVE_CHAR = re.compile("[" + "".join(map(re.escape, BODY_RELATIVE)) + "]")
NOT_ORGAN_START = "".join(words("not_organ_start_chars.txt"))      # 区|域, 省|级: no organ follows
PARTY = "中共"
PARTY_PLACE_MAX = 8      # characters of a place name inside 中共…委
# 市委常委、宣传部部长: a post in the committee, then a department listed after it
PARTY_POST = re.compile("(?:" + "|".join(map(re.escape, sorted(words("party_posts.txt"), key=len, reverse=True)))
                        + ")[、,，]")


_ORGAN_INDEX: dict[int, tuple[dict, dict[str, tuple[str, ...]]]] = {}


def organ_index(lex: Lexicon) -> dict[str, tuple[str, ...]]:
    """The organs' surfaces by their first character, longest first (made once a lexicon)."""
    made = _ORGAN_INDEX.get(id(lex.organs))
    if made is None or made[0] is not lex.organs:
        index: dict[str, list[str]] = {}
        for surface in by_length(lex.organs):
            index.setdefault(surface[0], []).append(surface)
        made = _ORGAN_INDEX[id(lex.organs)] = (lex.organs, {k: tuple(v) for k, v in index.items()})
    return made[1]


def _organ_at(text: str, pos: int, organs: dict[str, tuple[str, ...]]) -> str:
    """The longest organ written at pos (``organ_index``), or ''."""
    for surface in organs.get(text[pos:pos + 1], ()):
        if text.startswith(surface, pos):
            return surface
    return ""


def _relative_region(doc: Doc, ch: str):
    """The home division a one-character region (市, 区 …) stands for."""
    level = BODY_RELATIVE[ch]
    home = doc.home
    if ch == "市" and home is not None and home.level == "county" and home.name.endswith(ch) \
            and _title_is_about(doc, home):
        return home          # 市委 in a 陆丰市 report: the county-level city's own committee
    d = doc.home_chain.get(level)
    if d is None:
        return None
    if (ch in "区县" or level == "town") and not d.name.endswith(ch):
        return None
    return d


def _title_town(doc: Doc, regions: list[Candidate], gaz, ch: str):
    """The one town (ending in ch) the title names, which a report about it calls 镇: the
    home is the county above it (陈贵镇:… in a 大冶 paper)."""
    if gaz is None:
        return None
    towns = {c.code for c in regions if c.start < doc.body_offset and c.code and c.name.endswith(ch)}
    found = [d for d in map(gaz.by_code, towns) if d is not None and d.level == "town"]
    return found[0] if len(found) == 1 else None


def _title_is_about(doc: Doc, home) -> bool:
    """Whether the title names the county-level city home and not the city above it."""
    title = doc.article.title
    city = doc.home_chain.get("city")
    names_city = city is not None and city.name[:2] in title
    return home.name[:-1] in title and not names_city


def body_name(region_name: str, organ_surface: str, lex: Lexicon) -> str:
    """Full name of region + organ: 黄石市 + 经信局 -> 黄石市经济和信息化局, 区委 -> 中共…区委."""
    canonical, kind = lex.organs[organ_surface]
    if kind == "party" and canonical == "委":
        if len(region_name) == 2 and region_name.endswith("县"):
            return f"中共{region_name}县委"        # a one-character county (随县): 中共随县县委
        return f"中共{region_name}委"
    return region_name + canonical


def find_bodies(doc: Doc, lex: Lexicon, regions: list[Candidate], gaz) -> list[Candidate]:
    """Government bodies anchored on a region mention, a relative region, or national names."""
    text = doc.text
    organs = organ_index(lex)
    out: list[Candidate] = []
    anchors: list[tuple[int, int, str, str]] = []      # start, end, region full name, region code
    for c in regions:
        anchors.append((c.start, c.end, c.name, c.code or "zone:" + c.name))
    taken = {c.start for c in regions}
    anchors.extend(_zone_references(doc, lex, organs, regions))
    anchors.extend(a for a in _party_places(doc, organs, gaz) if a[0] not in taken)
    token_starts = {t.start for t in doc.tokens}
    for m in BODY_RELATIVE_CHAR.finditer(text):
        pos, ch = m.start(), m.group()
        prev = text[pos - 1:pos]
        starts_word = pos in token_starts or not prev or not "\u4e00" <= prev <= "\u9fff" or prev in lex.boundary
        if starts_word and (_organ_at(text, pos + 1, organs) or _generic_ahead(doc, lex, pos + 1)):
            d = _relative_region(doc, ch)
            if d is None and BODY_RELATIVE[ch] == "town":
                d = _title_town(doc, regions, gaz, ch)
            if d is not None:
                anchors.append((pos, pos + 1, d.name, d.code))
    for start, end, region, code in anchors:
        surface = _organ_at(text, end, organs)
        stop = end + len(surface)
        if surface:
            name = body_name(region, surface, lex)
            if name.startswith(PARTY) and name.endswith("委"):
                # 中共X市委 + 宣传部: a department of the committee
                dept = _organ_at(text, stop, organs)
                if dept and lex.organs[dept][1] == "party" and not dept.endswith("委"):
                    name, stop = name + lex.organs[dept][0], stop + len(dept)
            elif name.endswith("政府"):
                # a government's own office: 香港特区政府 + 投资推广署
                sub, sub_stop = _generic_body(doc, lex, start, stop, name)
                if sub:
                    name, stop = sub, sub_stop
        else:
            name, stop = _generic_body(doc, lex, start, end, region)
            if not name:
                continue
        if text[max(0, start - 2):start] == "中共":
            start -= 2
        zone = code.startswith("zone:")
        # a zone's committee is named after the zone, not the city in the zone's name
        out.append(Candidate(start, stop, GOVERNMENT_BODY, name, rank=Rank.FULL if zone else Rank.NAMED,
                             region="" if zone else code, within=code[5:] if zone else ""))
        if name.startswith(PARTY) and name.endswith("委") and stop == end + len(surface):
            dept = _listed_department(text, stop, organs, lex)
            if dept is not None:
                out.append(Candidate(dept[0], dept[1], GOVERNMENT_BODY, name + dept[2], rank=Rank.NAMED,
                                     region="" if zone else code, within=code[5:] if zone else ""))
        if name.endswith("人民代表大会") and text.startswith(STANDING, stop):
            # 市人大及其常委会: the congress and its standing committee
            s2 = stop + len(STANDING) - 3
            out.append(Candidate(s2, stop + len(STANDING), GOVERNMENT_BODY, name + "常务委员会", rank=Rank.NAMED,
                                 region="" if zone else code))
    out.extend(_established(doc, lex, regions, {c.start for c in out}))
    out.extend(_bare_organs(doc, lex, organs, {c.start for c in out}))
    for surface in by_length(lex.national):
        pos = text.find(surface)
        while pos >= 0:
            out.append(Candidate(pos, pos + len(surface), GOVERNMENT_BODY, lex.national[surface], rank=Rank.NAMED))
            pos = text.find(surface, pos + 1)
    return out


def _listed_department(text: str, pos: int, organs, lex: Lexicon) -> tuple[int, int, str] | None:
    """A department of the committee whose name ends at pos, listed in a person's title after
    a post in it (市委常委、宣传部部长 -> 宣传部): start, end and canonical name, or None."""
    m = PARTY_POST.match(text, pos)
    if m is None:
        return None
    dept = _organ_at(text, m.end(), organs)
    if not dept or lex.organs[dept][1] != "party" or dept.endswith("委"):
        return None
    return m.end(), m.end() + len(dept), lex.organs[dept][0]


ESTABLISH = frozenset(words("establish_verbs.txt"))
CLAUSE_END = re.compile(r"[,，。；;！？!?：:\n]")


def _established(doc: Doc, lex: Lexicon, regions: list[Candidate], taken: set[int]) -> list[Candidate]:
    """An office that the clause's subject sets up (开发区专门设立新能源汽车产业办): a name ending
    in a generic organ word right after an establishing verb, of the zone or division that
    opens the clause (a bare zone word names the zone of that kind the article named last)."""
    text = doc.text
    out = []
    for tok in doc.tokens:
        if tok.word not in ESTABLISH or tok.end in taken:
            continue
        lo = max((m.end() for m in CLAUSE_END.finditer(text, 0, tok.start)), default=0)
        first = doc.token_index_ending_at_or_after(lo + 1)
        if first >= len(doc.tokens) or doc.tokens[first].start != lo:
            continue
        subject = next((c for c in regions if c.start == lo), None)
        if subject is None and doc.tokens[first].word in lex.zone_suffixes:
            kind = _zone_ending(doc.tokens[first].word, lex)
            same = [c for c in regions if not c.code and c.end <= lo and _zone_ending(c.name, lex) == kind]
            subject = same[-1] if same else None
        if subject is None:
            continue
        name, stop = _generic_body(doc, lex, tok.start, tok.end, subject.name)
        if name:
            zone = not subject.code
            out.append(Candidate(tok.end, stop, GOVERNMENT_BODY, name, rank=Rank.NAMED,
                                 region="" if zone else subject.code, within=subject.name if zone else ""))
    return out


def _zone_ending(name: str, lex: Lexicon) -> str:
    """A zone name's ending in its short form (…高新技术产业开发区 -> 高新区), or ''."""
    for suffix in lex.zone_suffixes:
        if name.endswith(suffix):
            short = dict(lex.zone_abbreviations).get(suffix, suffix)
            return dict(lex.zone_abbreviations).get(short, short)
    return ""


def _zone_references(doc: Doc, lex: Lexicon, organs, regions: list[Candidate]) -> list[tuple[int, int, str, str]]:
    """A bare zone word before an organ (开发区招商局, 示范区党工委) names the zone of that
    kind that the article named last before it (or first, when none is before it)."""
    # only zones named in words (a zone whose left edge took in a date, 2023年12月份暨…, is no anchor)
    zones = sorted((c for c in regions if not c.code and all("\u4e00" <= ch <= "\u9fff" for ch in c.name)),
                   key=lambda c: c.start)
    if not zones:
        return []
    covered = [(c.start, c.end) for c in regions]
    out = []
    zone_words = frozenset(lex.zone_suffixes)      # (a set: looked up for every token)
    for tok in doc.tokens:
        if tok.word not in zone_words or any(s <= tok.start < e for s, e in covered):
            continue
        prev = doc.token_before(tok.start)
        if prev is not None and prev.word not in lex.boundary and prev.word[-1:].isalnum():
            continue                     # the end of a longer name, not a reference
        if not _organ_at(doc.text, tok.end, organs):
            continue
        kind = _zone_ending(tok.word, lex)
        same = [c for c in zones if _zone_ending(c.name, lex) == kind]
        before = [c for c in same if c.end <= tok.start]
        zone = before[-1] if before else (same[0] if same else None)
        if zone is not None:
            out.append((tok.start, tok.end, zone.name, "zone:" + zone.name))
    return out


def _party_places(doc: Doc, organs: dict[str, tuple[str, ...]], gaz) -> list[tuple[int, int, str, str]]:
    """Places written inside a party committee's name (中共安徽省委), where the tokenizer
    keeps the whole name one word so the place recogniser does not see it: after 中共,
    the longest gazetteer name that an organ follows."""
    text = doc.text
    out = []
    pos = text.find(PARTY)
    while pos >= 0:
        start = pos + len(PARTY)
        for end in range(min(len(text), start + PARTY_PLACE_MAX), start + 1, -1):
            if not _organ_at(text, end, organs):
                continue
            found = [d for d in gaz.lookup(text[start:end])] if gaz is not None else []
            d = disambiguate(found, doc.context_codes, name=text[start:end]) if found else None
            if d is not None:
                out.append((start, end, d.name, d.code))
                break
        pos = text.find(PARTY, start)
    return out


def _bare_organs(doc: Doc, lex: Lexicon, organs: tuple[str, ...], taken: set[int]) -> list[Candidate]:
    """An office named without its region (组建招商办), or the consultative conference (政协),
    is the home region's."""
    home = doc.home
    if home is None:
        return []
    out = []
    for tok in doc.tokens:
        surface = tok.word
        kind = lex.organs.get(surface, ("", ""))[1]
        # an office (招商办), or the consultative conference (请政协各位委员): one body a region
        if not (kind == "gov" and len(surface) >= 3 and "政府" not in surface or kind == "cppcc"):
            continue
        prev = doc.token_before(tok.start)
        # after a function word (请政协各位委员), not a longer name's end (全国政协, 省政协)
        one_char = kind == "cppcc" and prev is not None and len(prev.word) == 1 and prev.word not in BODY_RELATIVE
        if tok.start in taken or (prev is not None and prev.word not in lex.boundary and prev.word[-1:].isalnum()
                                  and not one_char):
            continue
        out.append(Candidate(tok.start, tok.end, GOVERNMENT_BODY, home.name + lex.organs[surface][0], rank=Rank.NAMED, region=home.code))
    return out


def _generic_ahead(doc: Doc, lex: Lexicon, pos: int) -> bool:
    """Whether a generic organ name starts at pos (县|招商服务中心), after a one-character
    token (not 区|域, 省|级)."""
    before = doc.token_before(pos)
    if before is None or len(before.word) != 1 or doc.text[pos:pos + 1] in NOT_ORGAN_START:
        return False
    name, _ = _generic_body(doc, lex, pos - 1, pos, "")
    return bool(name)


def _generic_body(doc: Doc, lex: Lexicon, start: int, end: int, region: str) -> tuple[str, int]:
    """Region + a short name + a generic organ ending (办公室, 局 …), or ('', 0)."""
    text = doc.text
    i = doc.token_index_ending_at_or_after(end + 1)
    stop = end
    while i < len(doc.tokens) and doc.tokens[i].end - end <= 12:
        tok = doc.tokens[i]
        if tok.start < end:
            i += 1
            continue
        if (tok.word in lex.boundary and tok.word not in ORGAN_WORDS and tok.word not in lex.generic_organs) \
                or not tok.word.strip() \
                or not all("\u4e00" <= ch <= "\u9fff" for ch in tok.word):
            break
        stop = tok.end
        # the ending is a word of its own (办公室, 局), not the end of one (布局)
        if tok.word in lex.generic_organs and stop - end > len(tok.word) + 1:
            return region + text[end:stop], stop
        i += 1
    return "", 0
