"""Companies: a name before a legal form (有限公司, 集团 …), or brand + industry with a cue.

省高投集团 / 市交投集团 / 区创发集团 resolve their relative region from the
article's home place. Brand + industry names (宏旺轧辊, 振华化学) count only
with a cue: an enumeration whose head noun is 企业, or beside a known company.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from functools import lru_cache

from kg.extract.doc import IN_NAME, Candidate, Doc, Rank
from kg.extract.governments import RELATIVE, _relative_region
from kg.extract.lexicon import LEGAL_OR_HOLDING_TAIL, PHASE_NUMBER, PHASE_TAIL, Lexicon, alternation, by_length, rows, words
from kg.extract.text import NAME_CHARS, word_frequencies
from kg.namecheck import LED_BY_NUMBER
from kg.registry import COMPANY, DISTRICT, GOVERNMENT_BODY


# boundary words that are common inside company names (华盈投资有限公司, 城市建设发展集团)
NAME_WORDS = words("company_name_words.txt")


def _brand_start(doc: Doc, lex: Lexicon, pos: int) -> int:
    """Start of a two-character brand before an industry word (宏和|电子), or pos if none.

    Taken by characters, not tokens, since jieba splits unknown brands (宏/和).
    """
    start = pos - 2
    if start < 0 or not all(ch.isalnum() for ch in doc.text[start:pos]):
        return pos
    before = doc.token_before(start)
    if before is None or not before.word[-1:].isalnum() or before.word in lex.boundary:
        return start
    return pos


def _in_sorted(xs: list[int], x: int) -> bool:
    """Whether x is in the sorted list xs."""
    i = bisect_left(xs, x)
    return i < len(xs) and xs[i] == x


def _fused_start(doc: Doc, lex: Lexicon, start: int) -> bool:
    """Whether ``start`` falls one character into a two-character word whose first character is
    a one-character boundary word (有|方益铜业: jieba read 有方, a word of its own, across the
    verb and the brand's first character), and the word is no name itself."""
    i = bisect_left(doc._ends, start + 1)
    if i >= len(doc.tokens):
        return False
    tok = doc.tokens[i]
    from kg.extract.pos import load_tags
    return (tok.start == start - 1 and len(tok.word) == 2 and tok.word[0] in lex.boundary
            and not load_tags().is_proper(tok.word))


def fused_brand_start(doc: Doc, lex: Lexicon, start: int, end: int) -> int:
    """Where a name in text[start:end] starts whose trade name is one character before its
    industry word or legal form (瑞|铜业): one character back when jieba fused the brand's
    first character with a one-character boundary word before it (有方|瑞铜业, ``_fused_start``),
    for a trade name has two characters or more; else ``start``."""
    name = doc.text[start:end]
    ending = next((w for w in BRAND_WORDS if name.endswith(w)), "") or next(
        (w for w in by_length(lex.company_suffixes) if name.endswith(w)), "")
    if ending and len(name) - len(ending) == 1 and start >= 1 and _fused_start(doc, lex, start - 1):
        return start - 1
    return start


def _whole_brand(doc: Doc, start: int, pos: int, end: int, lex: Lexicon | None = None) -> bool:
    """Whether brand + industry word (宏和|电子) is a name of its own: it starts and ends where
    jieba's words do (not 高新|区电子 nor 电子|信息; a start inside a word jieba fused with a
    boundary character before it counts, ``_fused_start``), and the brand is not a verb or an
    adjective saying what is done or how (覆盖|机械, 清洁|能源)."""
    from kg.extract.pos import load_tags
    if not ((_in_sorted(doc._starts, start) or (lex is not None and _fused_start(doc, lex, start)))
            and _in_sorted(doc._ends, end)):
        return False
    tags, stem = load_tags(), doc.text[start:pos]
    return stem not in tags.verbs and stem not in tags.adjectives


def _local_place(doc: Doc, word: str, names) -> bool:
    """Whether ``word`` names the article's home place, one of its regions or a place right
    under them (大冶 in a 黄石 article): 大冶|电子 is then the place's industry, not a firm."""
    codes = doc.context_codes
    return bool(names and codes) and any(d.code in codes or d.parent in codes for d in names.get(word, ()))


# words that begin with 市/区/县/省 without naming the home region (市民素质提升工程)
NOT_RELATIVE = frozenset(words("not_relative.txt"))
LEVEL_ADJECTIVE = "".join(words("level_adjective_chars.txt"))     # 市级, 市属, 市直 …


def resolve_relative(doc: Doc, name: str, *, allow_level: bool = False) -> str:
    """省高投集团 -> 湖北省高投集团: a leading 省/市/区/县 becomes the home region
    (with allow_level, 市级X -> 黄石市级X too)."""
    if name[:2] in NOT_RELATIVE:
        return name
    if len(name) > 2 and name[0] in RELATIVE and (name[1] not in LEVEL_ADJECTIVE or allow_level and name[1] == "级"):
        d = _relative_region(doc, name[0])
        if d is not None:
            return d.name + name[1:]
    return name


PERFECTIVE = frozenset(words("perfective_particles.txt"))      # 创办了|X: the clause's verb comes before


REGION_TAILS = words("region_tails.txt")
DATE_LEAD = re.compile(r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?")
HOLDING_TAIL = re.compile(r"(?:集团|控股|股份)+$")


def _no_trade_name(stem: str) -> bool:
    """Whether a name's stem (before its legal form) is only a holding or industry word or
    one character (城控股, 电子): the left edge stopped inside a word jieba split wrongly."""
    core = HOLDING_TAIL.sub("", stem)
    for w in BRAND_WORDS:
        if core.endswith(w):
            core = core[: -len(w)]
            break
    return len(core) < 2 and core != stem       # not 子公司, 组建|集团: no name was begun


def after_fused_preposition(doc: Doc, lex: Lexicon, start: int, end: int) -> int:
    """Where a name in text[start:end] starts when a word there that jieba does not know, of
    three characters or more, begins with a one-character boundary word (由众联, 以极米: jieba's
    HMM fused the preposition with an unknown brand): one character into that word (the
    last such); else ``start``."""
    from kg.extract.pos import load_tags
    tags = load_tags()
    for tok in doc.tokens_within(start, end):
        if len(tok.word) >= 3 and tok.word[0] in lex.boundary and not tags.knows(tok.word):
            start = tok.start + 1
    return start


def _mis_split_start(doc: Doc, lex: Lexicon, tags, start: int, names) -> int:
    """Where a name starts whose trade name jieba cut into the clause's words (湖北省|交|投产|城
    控股集团…, 由欣旺|达|电子股份…): back over at most three words (five characters) to a place
    name, or to a word jieba does not know (a fused brand; its first character left out
    when it is a preposition: 由|欣旺); ``start`` when there is none."""
    cur = start
    for _ in range(3):
        tok = doc.token_before(cur)
        if tok is None or start - tok.start > 8 or not NAME_CHARS.fullmatch(tok.word):
            return start
        if after_fused_preposition(doc, lex, tok.start, tok.end) > tok.start:
            return tok.start + 1        # 由|欣旺: jieba fused the preposition with the brand
        if (names and tok.word in names) or (len(tok.word) >= 2 and not tags.knows(tok.word)):
            return doc.left_edge(tok.end, lex, max_chars=18, allow=NAME_WORDS)
        cur = tok.start
    return start


def _name_start(doc: Doc, lex: Lexicon, start: int, pos: int, names=None) -> int:
    """Where a full name (its legal form at ``pos``) starts, given the left edge ``start``:
    - a preposition jieba fused with an unknown brand is left out (``after_fused_preposition``),
      and a date or a region a firm comes from opens no name (2024年|澜鑫科技有限公司,
      香港地区|…有限公司);
    - a verb the name would start with is the clause's when an adverb stands before it
      (将|承接|五粮液集团), and a count, time or adverb of two characters opens no name
      (全省|首家|人才发展集团);
    - a name whose stem is only a holding or industry word was cut inside a word jieba
      split wrongly (``_mis_split_start``);
    - a verb the edge stopped at is the trade name's when it comes right after a place
      name (黄石市|名扬|纪涵电子有限公司: a place heads a name; no clause puts a verb between a
      place and its object) or right after the perfective 了 (创办了|蒙|特纳利…: the clause's
      verb came before it)."""
    from kg.extract.pos import load_tags
    start = after_fused_preposition(doc, lex, start, pos)      # 另|有澜鑫|投资有限公司
    date = DATE_LEAD.match(doc.text, start, pos)
    if date and pos - date.end() >= 2:
        start = date.end()          # 2024年|澜鑫科技有限公司: the date says when, not who
    tags = load_tags()
    first = doc.token_after(start)
    if first is not None and len(first.word) > 2 and first.word.endswith(REGION_TAILS) and pos - first.end >= 2:
        start, first = first.end, doc.token_after(first.end)      # 台湾地区|友达光电…: where it is from
    if first is not None and first.word in tags.verbs and first.word not in NAME_WORDS and first.end < pos:
        adverb = doc.token_before(start)
        if adverb is not None and (adverb.word in tags.common or adverb.word in tags.function):
            return first.end        # 将|承接|五粮液集团: a verb after an adverb is the clause's
    if (first is not None and len(first.word) >= 2 and first.word in tags.common and first.word not in NAME_WORDS
            and first.word not in tags.proper
            and pos - first.end >= 2 and not _no_trade_name(doc.text[first.end:pos])):
        return first.end        # 全省|首家|人才发展集团: a count, time or adverb opens no name
    if _no_trade_name(doc.text[start:pos]):
        return _mis_split_start(doc, lex, tags, start, names)
    verb = doc.token_before(start)
    if verb is None or verb.word in lex.boundary or not tags.is_verb(verb.word):
        return start
    before = doc.token_before(verb.start)
    if before is None:
        return start
    if before.word in PERFECTIVE:
        return verb.start
    if names and before.word in names:
        return doc.left_edge(verb.start, lex, max_chars=18 - (start - verb.start), allow=NAME_WORDS)
    return start


HYPHENS = "-－‐"
# 克恩-里伯斯(Kern-Liebers)公司: a foreign name's Latin form in brackets right after its Chinese form
LATIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])[(（][A-Za-z][A-Za-z .&'\-]*[)）]")
GLOSS_BEFORE = re.compile(LATIN_GLOSS.pattern + "$")


def without_latin_gloss(name: str) -> str:
    """A name without the Latin form glossing its Chinese one (舍弗勒(Schaeffler)集团 -> 舍弗勒集团);
    a name that is Latin in brackets alone keeps it."""
    bare = LATIN_GLOSS.sub("", name)
    return bare if len(bare) >= 2 else name


def _hyphen_joined(doc: Doc, start: int, stop: int, names) -> int:
    """Where a name in text[start:stop] starts that holds a transliteration's hyphen (克恩-里伯斯):
    at the one word before the hyphen (德国|克恩-里伯斯: the country says where the firm is
    from), unless that word is a place (中国-东盟…); a name never starts with a hyphen."""
    text = doc.text
    hy = max(text.rfind(h, start, stop) for h in HYPHENS)
    if hy < 0 or not (hy == start or re.match(r"[\u4e00-\u9fff]", text[hy - 1:hy])) \
            or not re.match(r"[\u4e00-\u9fff]", text[hy + 1:hy + 2]):
        return start
    tok = doc.token_before(hy)
    if tok is not None and tok.end == hy and re.fullmatch(r"[\u4e00-\u9fff]{1,4}", tok.word) \
            and not (names and tok.word in names) and tok.start >= start - 4:
        return tok.start
    return hy + 1 if hy == start else start     # 中国-东盟…: a place joined by the hyphen stays


def _registered(doc: Doc, start: int, suffix: str) -> bool:
    """Whether generic words before a registered legal form (有限公司 and longer) are a name:
    they are when the first is a proper name (中国|民生|投资|股份有限公司), not a description
    (城市|建设|投资公司)."""
    from kg.extract.pos import load_tags
    first = doc.token_after(start)
    return len(suffix) >= 4 and first is not None and first.word in load_tags().proper


def find_companies(doc: Doc, lex: Lexicon, names=None) -> tuple[list[Candidate], list[Candidate]]:
    """(confident, weak) company candidates: legal/group suffix; brand + industry word.
    ``names`` are the gazetteer's place names (a verb after one may be a trade name's)."""
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
            if kind == "industry":
                start = _brand_start(doc, lex, pos)
            else:
                gloss = GLOSS_BEFORE.search(text, max(0, pos - 40), pos)
                at = gloss.start() if gloss else pos     # a Latin gloss does not count to the name's length
                start = _name_start(doc, lex, doc.left_edge(at, lex, max_chars=18, allow=NAME_WORDS), pos, names)
                start = _hyphen_joined(doc, start, at, names)
            stem = text[start:pos]
            ok = (len(stem) >= 2 and stem not in lex.generic and not stem.isdigit()
                  and not (len(stem) >= 4 and doc.all_generic(start, pos, lex) and not _registered(doc, start, suffix)))
            if ok and kind == "industry":
                # a brand is two characters, not a common word, and the name is not part
                # of a longer one (华中科技大学)
                ok = (len(stem) == 2 and stem.isalnum() and not doc.all_generic(start, end, lex)
                      and stem not in lex.boundary and not INSTITUTION.match(text, end)
                      and _whole_brand(doc, start, pos, end, lex) and not _local_place(doc, stem, names))
            if ok:
                name = resolve_relative(doc, without_latin_gloss(text[start:end]))
                cand = Candidate(start, end, COMPANY, name, rank=Rank.FULL if kind != "industry" else Rank.GUESS)
                (weak if kind == "industry" else strong).append(cand)
                taken_ends.add(end)
            pos = text.find(suffix, pos + 1)
    return strong, weak


INSTITUTION = re.compile(alternation("institution_words.txt"))
PARTNER = re.compile(r"与(?P<name>[\u4e00-\u9fffA-Za-z0-9·]{2,16}?)" f"(?:{alternation('partner_verbs.txt')})")
SUPPORT = re.compile(f"(?:{alternation('support_verbs.txt')})" r"(?P<items>[\u4e00-\u9fffA-Za-z0-9·、]{2,40}?)"
                     f"(?={alternation('support_ends.txt')})")
COMPANY_WORDS = words("company_sentence_words.txt")


def confirm_weak(doc: Doc, weak: list[Candidate]) -> list[Candidate]:
    """Brand + industry names (三丰智能) in a sentence about 企业 or 公司 are companies."""
    out = []
    for c in weak:
        s = doc.sentence_at(c.start)
        if any(w in doc.text[s.start:s.end] for w in COMPANY_WORDS):
            out.append(Candidate(c.start, c.end, c.type, c.name, rank=Rank.NAMED))
    return out


def find_partners(doc: Doc, lex: Lexicon, strong: list[Candidate], others: list[Candidate]) -> list[Candidate]:
    # a company, a government or a place signs with the partner (猇亭区与宁德时代签约)
    """Names a company signs with (X公司与乐GOO国际跨境签订 …) and names a report supports
    (支持浚山光电、名扬纪涵实施 …) are companies, unless already something else."""
    text = doc.text
    taken = [(c.start, c.end) for c in others]

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    out = []
    ends = {c.end for c in strong} | {c.end for c in others if c.type in (DISTRICT, GOVERNMENT_BODY)}
    for m in PARTNER.finditer(text):
        if m.start() in ends:
            s, e = m.span("name")
            if free(s, e) and m.group("name") not in lex.generic and not any(
                    t.word in lex.boundary for t in doc.tokens_within(s, e)):     # not 与|实验区签下战略|合作
                out.append(Candidate(s, e, COMPANY, resolve_relative(doc, m.group("name")), rank=Rank.NAMED))
    for m in SUPPORT.finditer(text):
        pos = m.start("items")
        for item in m.group("items").split("、"):
            s, e = pos, pos + len(item)
            pos = e + 1
            words = [t.word for t in doc.tokens_within(s, e)]
            if (2 <= len(item) <= 6 and free(s, e) and len(words) <= 2
                    and not any(w in lex.boundary or w in lex.generic for w in words)
                    and not any(w in item for w in COMPANY_WORDS)):
                out.append(Candidate(s, e, COMPANY, item, rank=Rank.NAMED))
    return out


BRAND_MAX_FREQ = 200        # jieba's count for a word: brands are rare words (劲牌, 传化), 建材 is not


def brands_in_projects(doc: Doc, lex: Lexicon, projects: list[Candidate], names: dict) -> list[Candidate]:
    """The brand heading a commercial facility's name (劲牌|健康白酒基地): a Company."""
    freq = word_frequencies()
    out = []
    for p in projects:
        name = PHASE_TAIL.sub("", p.name)
        if not any(name.endswith(h) for h in lex.brand_heads):
            continue
        first = doc.token_after(p.start)
        if first is None or not 2 <= len(first.word) <= 3 or first.end >= p.end - 2:
            continue
        w = first.word
        if (freq.get(w, 0) > BRAND_MAX_FREQ or w in names or w in lex.generic or w in lex.boundary
                or not w.isalnum() or w.isdigit()):
            continue
        out.append(Candidate(first.start, first.end, COMPANY, w, rank=Rank.GUESS, role=IN_NAME))
    return out


BRAND_WORDS = by_length(words("brand_industry_words.txt"))       # 技术, 高科, 生物 …: a two-character brand's industry
MAX_BRAND = 6
PROPER_BRAND_FREQ = 100     # a proper name this rare may be a brand (比亚迪 4, 奇瑞 51), 磷酸 (200) is not
RARE_SECOND = 30
NUMERALS = frozenset("一二三四五六七八九十百千万亿两几")            # a known word this rare may be a brand's second half (中盛|宏业)
PUBLIC_WORKS = re.compile(alternation("public_works_words.txt"))
FEATURE_END = frozenset(words("place_feature_endings.txt"))
PHASE_OR_PART = re.compile(r"(?:[(（][^()（）]*[)）]|" + PHASE_NUMBER + r"+期|[、和及])+$")


def _brand_token(tags, freq: dict, word: str, brand: str) -> bool:
    """Whether a token of a project's name can be (part of) the brand ``brand`` heading it:
    a word jieba does not know (道氏, 海创), a rare name or transliteration (比亚迪, 特斯拉), a character
    jieba could not join to its neighbour (泓|冠), or a rare word completing a two-character
    brand to four (中盛|宏业)."""
    if not word.isalnum() or word[0].isdigit() or word.isascii():
        return False
    f = freq.get(word, 0)
    if len(word) == 1:
        return word not in tags.verbs and word not in tags.function
    if f == 0:      # not a clause jieba joined (美企在华) nor a count (过十)
        return not any(ch in tags.function or ch in NUMERALS for ch in word)
    if word in tags.common or word in tags.verbs or word in tags.function:
        return False
    if word in tags.persons:
        return f <= PROPER_BRAND_FREQ       # transliterations and names: 特斯拉, 巴斯夫, 比亚迪
    if word in tags.proper:
        return False        # other proper words are places, products, abbreviations (锂电池, 光伏, 上下游)
    return len(brand) == 2 and len(word) == 2 and f <= RARE_SECOND


def _describes(lex: Lexicon, rest: str) -> bool:
    """Whether what follows a brand in a project's name says what is built (…动力电池项目),
    not only that it is a project (…项目, …二期项目, …基地) or how much (10亿元项目)."""
    if not rest or rest[0].isdigit():
        return False
    core = PHASE_OR_PART.sub("", rest)
    changed = True
    while changed:
        changed = False
        for suffix in sorted(lex.project_suffixes, key=len, reverse=True):
            if core.endswith(suffix):
                core = PHASE_OR_PART.sub("", core[: -len(suffix)])
                changed = True
                break
    return len(core) >= 2


def _province(c: Candidate) -> bool:
    """Whether a division candidate is a province (code ..0000)."""
    return len(c.code) == 6 and c.code.endswith("0000")


def _listed_word(tags, freq: dict, word: str) -> bool:
    """Whether a dictionary word heading an item of a list whose other items are headed by firms
    may be a brand too (信义, 会通): two or three characters, rare (``BRAND_MAX_FREQ``), and no
    verb, adjective, function word, count, time, adverb or proper name (a place, an abbreviation)."""
    return (2 <= len(word) <= 3 and word.isalnum() and not word.isascii() and 0 < freq.get(word, 0) <= BRAND_MAX_FREQ
            and word not in tags.verbs and word not in tags.adjectives and word not in tags.function
            and word not in tags.common and word not in tags.proper)


def _project_brand(doc: Doc, lex: Lexicon, p: Candidate, place_at: dict, names: dict, tags, freq: dict,
                   listed: bool = False) -> tuple[Candidate, bool] | None:
    """The brand heading project ``p``'s name and whether it stands on its own (it has its
    industry word: 康源半导体|项目), or None (see ``brand_heads_of_projects``). ``listed``: p is
    an item of a list headed by firms, where a rare dictionary word may head it (``_listed_word``)."""
    text = doc.text
    start, lead = p.start, None
    while start in place_at and place_at[start].end < p.end:
        lead = place_at[start]      # 永安|金牛水泥…: the place says where, not who
        start = lead.end
    end, chars, cut = start, True, False      # chars: the brand so far is characters jieba left single
    toks = doc.tokens_within(start, p.end)
    for i, tok in enumerate(toks):
        w = tok.word
        if tok.start != end or (i and tok.start in place_at) or end - start + len(w) > MAX_BRAND:
            break
        if w in lex.generic or w in lex.boundary or w in names or not (
                _brand_token(tags, freq, w, text[start:end]) or (listed and not i and _listed_word(tags, freq, w))):
            break
        if i and chars and len(w) > 1 and freq.get(w, 0):
            break           # 碳|一|锂电池: the first dictionary word after single characters describes
        after = toks[i + 1].word if i + 1 < len(toks) else ""
        if after and len(w) == 1 and freq.get(w + after, 0):
            break           # 大|健康: a character that begins the next word, not the brand's last
        if len(w) > 2 and not freq.get(w, 0) and after and (
                freq.get(w[-1] + after, 0) or any(text.startswith(b, tok.end - 1) for b in BRAND_WORDS)):
            end, cut = tok.end - 1, True    # 集泰新|材料: jieba joined the brand to the next word's first character
            break
        end = tok.end
        chars = chars and len(w) == 1
    industry = 0
    if end - start == 2 and not cut:        # not 集泰|新材|料: the industry word would end inside a word
        industry = next((len(b) for b in BRAND_WORDS if text.startswith(b, end)), 0)
        end += industry
    elif not cut:       # 莱宝|高科: the brand's second word was its industry word
        industry = next((len(b) for b in BRAND_WORDS if text.endswith(b, start, end) and end - start - len(b) >= 2), 0)
    brand = text[start:end]
    if not 2 <= len(brand) <= MAX_BRAND or end >= p.end or brand in names or brand in lex.generic \
            or brand[-1] in FEATURE_END:
        return None
    if not industry and not _describes(lex, text[end:p.end]):
        return None
    if lead is not None and _province(lead):
        start, brand = lead.start, text[lead.start:end]     # 湖北航特: a province's name stays
    return Candidate(start, end, COMPANY, brand, rank=Rank.GUESS, role=IN_NAME), bool(industry)


LIST_GAP = re.compile(r"(?:[、和及]|以及)")        # what joins two items of one list of projects


def _project_runs(text: str, projects: list[Candidate]) -> list[list[Candidate]]:
    """Projects named one after another with only a list mark between them (A、B和C等项目):
    the runs of two or more."""
    runs, run = [], []
    for p in sorted(projects, key=lambda p: p.start):
        if run and not (p.start > run[-1].end and LIST_GAP.fullmatch(text, run[-1].end, p.start)):
            runs.append(run)
            run = []
        run.append(p)
    runs.append(run)
    return [r for r in runs if len(r) >= 2]


def _public_works(doc: Doc, p: Candidate) -> bool:
    """Whether a project's name names public works (…路改造, …大桥, …公园): a public-works word in it
    (kg/data/public_works_words.txt); a one-character one (路, 桥) only as a word of its own or
    ending a word jieba does not know (磁湖路), not inside a dictionary word (集成电路, 思路)."""
    from kg.extract.pos import load_tags
    tags = None
    for m in PUBLIC_WORKS.finditer(doc.text, p.start, p.end):
        if len(m.group()) > 1:
            return True
        tok = next((t for t in doc.tokens_within(max(p.start, m.start() - 8), m.end()) if t.start <= m.start() < t.end), None)
        tags = tags or load_tags()
        if tok is None or len(tok.word) == 1 or not tags.knows(tok.word):
            return True
    return False


def brand_heads_of_projects(doc: Doc, lex: Lexicon, projects: list[Candidate], places: list[Candidate],
                            names: dict, firms: frozenset[int] = frozenset()) -> list[Candidate]:
    """The brand heading a project's name (道氏技术|年产10万吨…项目, 比亚迪|新能源…中心,
    舍弗勒|太仓…基地, after a place: 永安|金牛水泥…项目): a Company named inside it.

    The brand is the run of name-like tokens (``_brand_token``) at the start of the name,
    after any place, ending before a place, a number, a common word or a boundary word;
    two characters take their industry word (道氏技术, 科宏生物). It is two to six
    characters, not a place, and the rest of the name says what is built (``_describes``),
    unless the brand has its industry word (康源半导体|项目). A brand without an industry
    word counts only when the article writes it again (two projects of 舍弗勒, or the brand
    alone elsewhere): one unknown word heading one name is too often a description.
    ``firms`` are where companies already recognised start (a project they head is headed).
    """
    from kg.extract.pos import load_tags
    tags, freq, text = load_tags(), word_frequencies(), doc.text
    place_at = {c.start: c for c in places}
    out, once, headed = [], [], set()
    for p in projects:
        if _public_works(doc, p):
            continue
        found = _project_brand(doc, lex, p, place_at, names, tags, freq)
        if found is None:
            continue
        c, industry = found
        if text.count(text[c.start:c.end]) < 2 and not industry:
            once.append((p, c))     # a bare brand must recur (two projects of 舍弗勒, 信义六期 and 信义江北…)
        else:
            out.append(c)
            headed.add(id(p))
    sure = headed | {id(p) for p in projects if p.start in firms}
    # …or head an item of a numbered list whose items share that shape (1.A年产…项目; 2.B…基地项目):
    # a list of signed projects names each by its firm, and two such items make the shape the list's
    headed |= {id(p) for p, _ in once}
    listed = sorted((p for p in projects if list_item(text, p.start)), key=lambda p: p.start)
    runs, run = [], []
    for p in listed:        # a run of list items, each a few clauses after the one before
        if run and (p.start - run[-1].end > 60 or "\n\n" in text[run[-1].end:p.start]):
            runs.append(run)
            run = []
        run.append(p)
    runs.append(run)
    taken = set()
    for run in runs:
        if sum(id(p) in headed for p in run) >= 2:
            ids = {id(p) for p in run}
            out += [c for p, c in once if id(p) in ids]
            taken |= ids
    # …or head an item of a list joined by 、 (A…、B…、C…等项目) where two other items are headed
    # by firms the text recognises surely: such a list names each project by its firm
    for run in _project_runs(text, projects):
        if sum(id(p) in sure for p in run) < 2:
            continue
        for p in run:
            if id(p) in sure or id(p) in taken or _public_works(doc, p):
                continue
            found = _project_brand(doc, lex, p, place_at, names, tags, freq, listed=True)
            if found is not None:
                out.append(replace(found[0], rank=Rank.NAMED))
    return sorted(out, key=lambda c: c.start)


# a numbered item's mark (1. / 2、/ ③ / (4)) after a clause's end or the start of a line
NUMBERED_MARK = re.compile(r"(?:^|[\n\s；;。，,:：])\s*(?:\d{1,2}[.．、]|[①-⑳]|[(（]\d{1,2}[)）])\s*$")


def list_item(text: str, start: int) -> bool:
    """Whether a name starts an item of a numbered list (1.A…项目,落户…; 2.B…)."""
    return NUMBERED_MARK.search(text, max(0, start - 8), start) is not None


BRANCH = re.compile(r"[\u4e00-\u9fff]{0,6}?" f"(?:{alternation('branch_words.txt')})")
COMMON_FREQ = 500
BRAND_TAILS_IN_NAMES = by_length(words("short_name_tails.txt"))       # a well-known name jieba counts more often is also a common word (大众, 长城)


@lru_cache(maxsize=1)
def _well_known() -> tuple[dict[str, str], "re.Pattern"]:
    """Every name of kg/data/known_companies.tsv -> the name its mention takes, and a pattern
    matching any of them (longest first)."""
    out: dict[str, str] = {}
    for row in rows("known_companies.tsv"):
        name = row[0]
        for alias in [name, *(a.strip() for a in (row[1].split(",") if len(row) > 1 else ()))]:
            if alias:
                out.setdefault(alias, name)
    return out, re.compile("|".join(map(re.escape, by_length(out))))


def well_known(doc: Doc, lex: Lexicon, names: dict, places: list[Candidate] = ()) -> list[Candidate]:
    """Well-known enterprises by their usual short names (比亚迪, 宁德时代, 巴斯夫 …:
    kg/data/known_companies.tsv), as whole words, named as written (an English name takes
    the Chinese one), so that linking joins a short name to the full one an article gives.

    A name that is also a common word or a place (大众, 长安) counts only followed by a
    company word (大众汽车) or in a sentence about 企业 or 公司; none is read inside a
    university's name. Two names written together are one joint venture (上汽|大众); a
    branch goes with its place (工行襄阳分行); a name takes a province or city written
    right before it (湖北|中信: a local firm of that name)."""
    from kg.extract.pos import load_tags
    canonical, pattern = _well_known()
    tags, freq, text = load_tags(), word_frequencies(), doc.text
    starts, ends = set(doc._starts), set(doc._ends)
    place_end = {c.end: c for c in places if c.code}
    found = []
    for m in pattern.finditer(text):
        s, e, alias = m.start(), m.end(), m.group()
        if alias.isascii():
            if (s and text[s - 1].isascii() and text[s - 1].isalnum()) or (e < len(text) and text[e].isascii()
                                                                              and text[e].isalnum()):
                continue
        elif s not in starts or e not in ends:
            continue
        if INSTITUTION.match(text, e):
            continue
        common = freq.get(alias, 0) > COMMON_FREQ or alias in names or alias in tags.common or alias in tags.verbs
        found.append((s, e, canonical[alias] if alias.isascii() else alias, common))
    out = []
    i = 0
    while i < len(found):
        s, e, name, common = found[i]
        i += 1
        while i < len(found) and found[i][0] == e and not name.isascii():
            e, common = found[i][1], False      # 上汽|大众: a joint venture of two
            name = text[s:e]
            i += 1
        branch = BRANCH.match(text, e)
        if branch and not name.isascii():
            e, name, common = branch.end(), text[s:branch.end()], False      # 工行|襄阳|分行
        if common and not text.startswith(tuple(lex.company_suffixes) + BRAND_WORDS, e):
            sent = doc.sentence_at(s)
            if not any(w in text[sent.start:sent.end] for w in COMPANY_WORDS):
                continue
        if s in place_end and place_end[s].code.endswith("00"):
            s = place_end[s].start
            name = text[s:e]        # 湖北|中信
        out.append(Candidate(s, e, COMPANY, name, rank=Rank.NAMED))
    return out


BRACKETED = re.compile(r"[(（][\u4e00-\u9fff]{1,6}[)）]")      # 孚能科技(赣州)…: where the firm is registered


def without_bracket(stem: str) -> str:
    """A trade name without the place in brackets inside it (中科(广东)炼化 -> 中科炼化,
    孚能科技(赣州) -> 孚能科技): the usual short form of such a name."""
    return BRACKETED.sub("", stem)


def short_forms(name: str, names: dict) -> list[str]:
    """The shorter names an article may use for a company it named in full, longest first:
    the name less its legal form, less the places it starts with, and less a trailing
    industry word (湖北宏旺新能源科技股份有限公司 -> 宏旺新能源科技, 宏旺新能源, 宏旺).
    Each is two characters or more, and is no place name."""
    stem = LEGAL_OR_HOLDING_TAIL.sub("", name)
    if stem == name:
        return []
    stem = without_bracket(stem)
    changed = True
    while changed:
        changed = False
        for k in range(min(len(stem) - 2, 8), 1, -1):
            if stem[:k] in names:
                stem, changed = stem[k:], True
                break
    out = [stem]
    while True:
        cut = next((b for b in BRAND_TAILS_IN_NAMES + BRAND_WORDS if out[-1].endswith(b) and len(out[-1]) - len(b) >= 2), "")
        if not cut:
            break
        out.append(out[-1][: -len(cut)])
    return [f for f in dict.fromkeys(out) if len(f) >= 2 and f not in names and f != name]


def short_mentions(doc: Doc, lex: Lexicon, full: list[Candidate], names: dict) -> list[Candidate]:
    """A company an article named in full (…新能源科技股份有限公司) and then by a short form
    (``short_forms``: …新能源, …) is mentioned by that short form, written as a whole word
    elsewhere in the article; a short form that is a common word (时代, 中心) is left out."""
    freq, text = word_frequencies(), doc.text
    starts, ends = set(doc._starts), set(doc._ends)
    taken = bytearray(len(text) + 1)        # 1 where a full name stands
    for c in full:
        taken[c.start:c.end] = b"\1" * (c.end - c.start)
    out = []
    searched = set()        # each form once: many full names may share it (linear on any text)
    for c in full:
        if LED_BY_NUMBER.match(c.name):
            continue            # 2024年公司 is a year and "the company", no name to shorten
        for form in short_forms(c.name, names):
            if form in searched or freq.get(form, 0) > COMMON_FREQ or form in lex.generic or form in lex.boundary:
                continue
            searched.add(form)
            pos = text.find(form)
            while pos >= 0:
                end = pos + len(form)
                if pos in starts and (end in ends or text.startswith(BRAND_WORDS, end)) and not taken[pos]:
                    out.append(Candidate(pos, end, COMPANY, form, rank=Rank.NAMED))
                pos = text.find(form, pos + 1)
    return out


def brands_again(doc: Doc, lex: Lexicon, named: list[Candidate], chosen: list[Candidate]) -> list[Candidate]:
    """A firm recognised by a brand heading a project's name (三宁化工|酰胺项目), with its industry
    word or legal form, is mentioned by that brand where the article writes it again as a
    whole word outside any name, ending a phrase: before punctuation, a function word or a verb
    (三宁化工|在建成…, A、三宁化工、B), not heading a name of something else (X|永晟制剂工厂)."""
    from kg.extract.pos import load_tags
    tags, text = load_tags(), doc.text
    starts, ends = set(doc._starts), set(doc._ends)
    taken = bytearray(len(text) + 1)
    for c in chosen:
        taken[c.start:c.end] = b"\1" * (c.end - c.start)
    out, searched = [], set()
    for c in named:
        name = text[c.start:c.end]
        if c.role != IN_NAME or name in searched or len(name) < 3 or not (
                name.endswith(BRAND_WORDS) or LEGAL_OR_HOLDING_TAIL.search(name)):
            continue
        searched.add(name)
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            after = doc.token_after(end)
            ends_phrase = after is None or not after.word[:1].isalnum() or after.word in lex.boundary \
                or tags.is_function(after.word) or after.word in tags.function or tags.is_verb(after.word)
            if pos in starts and end in ends and not any(taken[pos:end]) and ends_phrase:
                out.append(Candidate(pos, end, COMPANY, c.name, rank=Rank.NAMED))
            pos = text.find(name, pos + 1)
    return out
