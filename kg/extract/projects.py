"""Projects: a name before 项目/工程, or a facility (…基地, …公园, …大道) being built.

Facility names count only in a sentence with an investment or construction
word (kg/data/construction_words.txt). 总投资N亿元的X names X a project too.
"""
from __future__ import annotations

import re
from dataclasses import replace

from kg.extract.doc import IN_NAME, INTRODUCED, Candidate, Doc, Rank
from kg.extract.lexicon import LEGAL_FORMS, PHASE_NUMBER, PROJECT_HEADS, Lexicon, alternation, by_length, words
from kg.extract.pos import load_tags
from kg.extract.text import NAME_CHARS
from kg.registry import COMPANY, PROJECT

# verbs that may sit inside a project's name (绿化景观提升工程, 焦化环保升级综合改造)
INNER_VERBS = words("project_inner_verbs.txt")
# one project of two products or works (抗生素及氨基酸生产项目, 研发总部及生产基地项目)
JOINED = words("project_joiners.txt")
LIST_JOINERS = words("list_joiners.txt")      # 和, 及: between two names
ACTION_NAME = re.compile(r"实施(?P<name>[\u4e00-\u9fffA-Za-z0-9]{2,16}?"
                         f"(?:{alternation('project_upgrade_actions.txt')}))" r"(?=[，,。；、]|$)")
# 第一个签约项目涉及铜精矿供销合作。: a sentence that introduces a project by name
INTRO = re.compile(f"项目(?:{alternation('project_intro_verbs.txt')})" r"(?P<name>[\u4e00-\u9fffA-Za-z0-9]{3,14})(?=[。；])")
# 由X公司开发建设的湾东智谷是…: what a firm builds, named before its predicate, is a project
BUILT_BY = re.compile(r"由[^，,。；;、]{2,40}?" f"(?:{alternation('funding_verbs.txt')})+的"
                      r"(?P<name>[\u4e00-\u9fffA-Za-z0-9·]{2,16}?)(?=是|已|将|于|位于|[，,。；;])")
FACILITY_HEADS = "|".join(re.escape(w) for w in words("park_suffixes.txt") + ("基地", "物流园", "园区"))
# 投资85亿元建设|黄龙湖国际生态城; 将在宁乡高新区布局|…研发制造中心,计划投资50亿元: the object of
# a building verb in a clause that invests, ending the clause
BUILT_OBJECT = re.compile(r"(?:(?:投资|拟投)[约近超逾]?[\d.]+[亿万]元?|将在[\u4e00-\u9fff]{2,12}?|在[\u4e00-\u9fff]{2,12}?)"
                          r"(?:建设|布局|打造|兴建)(?![的了着过])(?P<name>[\u4e00-\u9fffA-Za-z0-9·]{3,20}?"
                          f"(?:{alternation('built_heads.txt')}))" r"(?=[，,。；;])")
# “滨湖壹号”项目, “三馆一中心”等民生工程: a quoted name that 项目/工程 heads, or that a list
# of one typed by its head (等…工程) names; a count (“三个一批”项目) is a campaign, no name
# (a quoted 工程 is often a programme, “菜篮子”工程: only a facility's name counts before it)
QUOTED = re.compile(r"[“\"](?P<name>[\u4e00-\u9fffA-Za-z0-9+·]{2,16})[”\"]"
                    f"(?:(?P<head>{PROJECT_HEADS})|等[\u4e00-\u9fff]{{0,6}}?(?P<kind>{PROJECT_HEADS}))")
BUILT_HEAD_END = re.compile(f"(?:{alternation('built_heads.txt')})$")
# 第六期 is an edition (河南省第六期…活动), not a phase
PHASE_NAME = re.compile(f"(?<!第)[一二三四五六七八九十]期(?!{PROJECT_HEADS})")
# …基地三期、四期项目; …项目(一期): a phase in brackets after the name is the name's too
PHASE = re.compile(f"(?:[东西南北]延|{PHASE_NUMBER}期(?:、{PHASE_NUMBER}期)*(?:{PROJECT_HEADS})?|[(（]{PHASE_NUMBER}期[)）])")
DESCRIPTOR = re.compile(f"(?:{alternation('project_descriptor_tails.txt')})$"
                        r"|^第?[一二两三四五六七八九十百千\d]+多?(?:[个项批类座期宗]|亿|万)"
                        r"|[一二两三四五六七八九十百千\d]+多?[个项批宗]")
# a stem that gives an amount threshold or an ordinal is a kind or a description (亿元以上|招商项目,
# 首个|外商独资项目); the same words before 的 make the project after them one (迄今最大的|外资制造业项目)
RANK = alternation("project_rank_patterns.txt", patterns=True)
KIND = re.compile(alternation("project_kind_patterns.txt", patterns=True) + "|" + RANK)
SUPERLATIVE_BEFORE = re.compile(f"(?:{RANK})"
                                r"[\u4e00-\u9fff]{0,6}的([\u4e00-\u9fffA-Za-z0-9]{0,24})$")
# a stem that starts inside its company's legal form was cut by the length limit
# (双登|集团股份有限公司10Gwh…项目): the company's name before it belongs to the project's
CUT_IN_COMPANY = re.compile(rf"[\u4e00-\u9fff]{{0,4}}?(?:集团)?(?:{LEGAL_FORMS})|集团")
SECTOR_END = re.compile(f"(?:{alternation('project_sector_endings.txt')})$")
LEFT_TRIM = re.compile(alternation("project_left_trims.txt", patterns=True))
AMPERSANDS = ("&", "＆")
AMOUNT_OF = re.compile(f"(?:{alternation('investment_words.txt')})" r"[约近超逾]?\d+(?:\.\d+)?[亿万]?元的")


def vague(doc: Doc, lex: Lexicon, start: int, end: int) -> bool:
    """A project name needs a word of two or more characters that is not generic and
    names something (水生态治理, 内网升级改造, 拍摄项目, 生产项目 have none)."""
    words = [t.word for t in doc.tokens_within(start, end)]
    tags = load_tags()
    content = [w for w in words if len(w) >= 2 and w not in lex.generic and w not in lex.boundary]
    # an action alone (生产|项目) names nothing; with the products it makes it does
    # (新能源|汽车|零部件|生产|基地)
    return not content or len(words) < 3 and not any(tags.names_something(w) for w in content)


def _home_and_generic(doc: Doc, lex: Lexicon, start: int, pos: int) -> bool:
    """黄石市招商引资|项目: the home place's name and generic words are no name."""
    stem = doc.text[start:pos]
    for d in doc.home_chain.values():
        for form in (d.name, d.name[:-1]):
            if len(form) >= 2 and stem.startswith(form) and len(stem) > len(form):
                return doc.all_generic(start + len(form), pos, lex)
    return False


def _whole_company(doc: Doc, lex: Lexicon, start: int, stem: str) -> int:
    """Where a project name starts when its stem begins inside a company's name or right
    after a bracket: at the company's start (江苏环迅信息|科技有限公司税控…项目 -> 江苏环迅信息科技有限公司税控…项目)."""
    if stem[:1] in ")）":
        # cut right after a bracket by the length limit (舍弗勒(Schaeffler)|太仓…): the bracket
        # and the name it follows belong to the project's name
        opening = max(doc.text.rfind("(", 0, start), doc.text.rfind("（", 0, start))
        if 0 < opening and start - opening <= 24 and not re.search(r"[，,。；;、]", doc.text[opening:start]):
            before = doc.left_edge(opening, lex, max_chars=10)
            return before if before < opening else start
        return start + 1
    if start == 0 or not CUT_IN_COMPANY.match(stem):
        return start
    tok = doc.token_before(start)
    if tok is None or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", tok.word) or tok.word in lex.boundary:
        return start
    return doc.left_edge(start, lex, max_chars=12)


ROAD_WORDS = frozenset(words("road_endings.txt"))


def head_led_start(doc: Doc, lex: Lexicon, start: int, pos: int, *, max_chars: int = 22) -> int:
    """Where a name starts whose left edge landed on its own head word (…建设汉魏|大道排涝渠,
    贯穿|路地面段工程, 沿江|高铁宜荆段): no road's name starts with 大道, 路 or 高铁, so the word
    before the head is the name's (a verb or a time word that names the road: 贯穿路, 汉魏大道),
    and the name goes on left from it; start when the head is not at start or nothing fits."""
    tok = doc.token_after(start)
    if start == 0 or tok is None or tok.word not in ROAD_WORDS:
        return start
    prev = doc.token_before(start)
    if prev is None or len(prev.word) < 2 or NAME_CHARS.fullmatch(prev.word) is None \
            or load_tags().is_function(prev.word) or prev.word in lex.generic:
        return start
    return doc.left_edge(prev.start, lex, max_chars=max(0, max_chars - (pos - prev.start)))


def _numbered_road(stem: str, suffix: str) -> bool:
    """A road or bridge named by a date or a number in words (八一|大桥, 二七|路): a name, though
    a numeral alone names nothing before 项目."""
    return ROAD_END.search(suffix) is not None and re.fullmatch("[一二三四五六七八九十]{2,4}", stem) is not None


def _after_fused_joiner(doc: Doc, start: int, pos: int) -> int:
    """Where a facility's name starts when jieba fused the joining word of two names into a
    word it does not know (…科技城和汉孝|临空产业园 -> 城和汉孝): after the joining word;
    start when there is none. (A facility is one thing: …及… joins two names.)"""
    tags = load_tags()
    for tok in reversed(doc.tokens_within(start, pos)):
        w = tok.word
        if len(w) >= 3 and not tags.knows(w):
            cut = max(w.rfind(j) for j in LIST_JOINERS if len(j) == 1)
            if 0 < cut < len(w) - 1:
                return tok.start + cut + 1
    return start


def _trimmed(doc: Doc, start: int, pos: int) -> int:
    """Where a stem starts once the words leading to the name are left out (园区东至|滨湖大道,
    厂房一旁|恒远…项目): after the last such word that starts a token (not 江西有色)."""
    starts = {t.start for t in doc.tokens_within(start, pos)}
    for m in reversed(list(LEFT_TRIM.finditer(doc.text, start, pos))):
        if m.start() in starts and pos - m.end() >= 2:
            return m.end()
    return start


def described(doc: Doc, lex: Lexicon, start: int, stem: str) -> bool:
    """A kind or a description, not a name: the stem gives an amount threshold or an
    ordinal (亿元以上招商, 首个外商独资), or the clause before it ends in one with 的
    (上海迄今最大的|外资制造业项目, 首个落地的大型…和|储能电池制造项目)."""
    if KIND.search(stem):
        return True
    tags = load_tags()
    if len(stem) == 2 and (stem[0] in tags.function or stem[0] in tags.verbs) \
            and (stem[1] in tags.common or stem[1] in lex.generic):
        return True         # 以大|项目, 抓大|项目, 按下|项目: a verb or a preposition and a modifier
    toks = doc.tokens_within(start, start + len(stem))
    named = any(tags.is_proper(t.word) and not t.word[0].isdigit() for t in toks)
    # a place written in full before a sector names no project either (平湖市高质量制造业|项目: the
    # place's projects of that kind), while a firm's name does (方益铜业|项目)
    placed = toks[1:] if toks and toks[0].start == start and toks[0].word[-1:] in "省市县区" \
        and toks[0].word in tags.proper else toks
    if SECTOR_END.search(stem) and not any(tags.is_proper(t.word) and not t.word[0].isdigit() for t in placed):
        return True         # 先进制造业|项目, 功能性|项目: a sector or an attribute without a name
    if toks and toks[0].start == start and not named and len(toks[0].word) == 1 and (
            toks[0].word in tags.verbs or toks[0].word in tags.adjectives):
        # 打好四季度|项目, 新赛道|项目: what is done or what kind, without a name (a word of two
        # characters may be a brand: 远航|智能装备产业园项目)
        return True
    s = doc.sentence_at(start)
    clause = doc.text[s.start:start]
    cut = max(clause.rfind("，"), clause.rfind(","), clause.rfind("；"), clause.rfind(":"), clause.rfind("："))
    m = SUPERLATIVE_BEFORE.search(clause[cut + 1:])
    if m is None or clause[cut + 1:][m.end() - len(m.group(1)):].startswith("是"):
        return False        # 最大的是|滨江新城…: the superlative is the subject, the name its predicate
    # a proper name in the stem makes it a name however it is praised (投资额最大的|巴东…电站项目)
    return not any(t.word in tags.proper for t in doc.tokens_within(start, start + len(stem)))


ACTIONS = alternation("production_actions.txt")
ACTION_LIST_ITEM = re.compile(f"(?:{ACTIONS})(?:[、与和及]|以及)$")
CAPACITY = f"(?:{alternation('capacity_prefixes.txt')})"
# 年产20万辆纯电动汽车、 / 年产800万平方米FCCL(挠性覆铜板)、: a capacity item before the next one
CAPACITY_ITEM = re.compile(CAPACITY + r"[\d.]+[万亿千百]?[\u4e00-\u9fffA-Za-z]{1,16}(?:[(（][^()（）、，,]{1,12}[)）])?、$")


def _listed_start(doc: Doc, lex: Lexicon, start: int, pos: int) -> int:
    """Where a name starts whose stem was cut at a list inside it: a list of what the plant
    does (…铝箱体|研发、生产、销售项目, …设备|研发与生产基地项目, …部件等|研发、生产项目), or of
    capacities (年产20万辆纯电动汽车、|20亿AH…生产项目, …(挠性覆铜板)、|年产6万吨铜箔…项目); start when there is none."""
    text = doc.text
    m = CAPACITY_ITEM.search(text, max(0, start - 36), start)
    if m and re.match(f"(?:{CAPACITY})?" r"[\d.]+[万亿千百]?", text[start:pos]):
        return doc.left_edge(m.start(), lex, max_chars=20)      # the firm before 年产 belongs to it
    if not re.match(ACTIONS, text[start:pos]):
        return start
    moved = start
    while (m := ACTION_LIST_ITEM.search(text, max(0, moved - 5), moved)) is not None:
        moved = m.start()
    if moved == start:
        return start
    before = doc.left_edge(moved, lex, max_chars=20, allow=INNER_VERBS + JOINED)
    if before == moved and text[moved - 1:moved] == "等":
        before = doc.left_edge(moved - 1, lex, max_chars=20, allow=INNER_VERBS + JOINED)   # 汽车部件等|研发
        if before == moved - 1:
            return start
    elif before == moved:
        return start
    while text[before] in "与和及" and before < moved:
        before += 1         # 项目与|鑫氟隆…: a joining word between two names is neither's
    return before


OBJECT_OF = re.compile(f"(?:{alternation('project_object_verbs.txt')})")
# a zone (…区) before 项目 means its projects; a park (…工业园项目) is a project itself
ZONE_END = re.compile("(?:" + "|".join(re.escape(w) for w in words("zone_suffixes.txt") if w.endswith("区")) + "|核心区)$")


# 在X码头举行: a facility where an event is held is its venue, not a project being built
VENUE = re.compile(f"(?:{alternation('venue_verbs.txt')})")


def _object_or_zone(doc: Doc, lex: Lexicon, start: int, pos: int) -> bool:
    """A stem that is a verb's object phrase (宣布|项目, 引进外资|项目: only generic words after
    the verb) or a zone's name (高新区|项目建设, 核心区|项目: the zone's projects), not a name."""
    stem = doc.text[start:pos]
    zone = ZONE_END.search(stem)
    if zone and (zone.start() == 0 or doc.all_generic(start, start + zone.start(), lex)):
        return True         # not 黄石棋盘洲综合保税区|项目: building a named zone is a project
    for m in OBJECT_OF.finditer(stem):
        rest = stem[m.end():]
        if not rest or rest in lex.generic or doc.all_generic(start + m.end(), pos, lex):
            return True
    return False


def _heads_named_before(doc: Doc, cands: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """产业园一期工程 right after a sentence naming 黄石临空跨境电商产业园: a name that is only a
    facility's head and a phase is that facility's phase (黄石临空跨境电商产业园一期工程); the
    facility is the last one with that head named in the sentence before or this one."""
    text = doc.text
    facilities = sorted((c for c in cands if c.name == text[c.start:c.end]), key=lambda c: c.start)
    out = []
    for c in cands:
        m = re.match(f"(?P<head>{FACILITY_HEADS})(?P<rest>{PHASE_NUMBER}期(?:{PROJECT_HEADS})?)$", c.name)
        if m is None or c.name != text[c.start:c.end]:
            out.append(c)
            continue
        s = doc.sentence_at(c.start)
        prev_start = doc.sentence_at(s.start - 1).start if s.start > 0 else s.start
        before = [f for f in facilities if prev_start <= f.start and f.end <= c.start and f.name.endswith(m.group("head"))
                  and len(f.name) > len(m.group("head"))]
        if before:
            c = replace(c, name=before[-1].name + m.group("rest"))
        out.append(c)
    return out


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
            if end not in taken_ends and text[pos - 1:pos] != "等":
                joined = JOINED if kind == "strong" else ()     # 黄颡口及富池砂石集并中心 is two
                start = doc.left_edge(pos, lex, max_chars=22, allow=INNER_VERBS + joined, stop_at=("项目",) if joined else ())
                if text[start:start + 1] in JOINED:     # never start with the joining word
                    start += 1
                start = head_led_start(doc, lex, start, pos)
                if not joined:
                    start = _after_fused_joiner(doc, start, pos)
                if suffix.endswith("桥") and text[start - 1:start] == "跨" and doc.token_after(start - 1) is not None \
                        and start < pos:
                    start -= 1      # 跨|襄阳北编组站大桥: a bridge is named for what it crosses
                start = _whole_company(doc, lex, start, text[start:pos])
                start = _trimmed(doc, start, pos)
                start = _listed_start(doc, lex, start, pos)
                dash = text.rfind("——", start, pos)
                if dash >= 0:
                    start = dash + 2        # 重点项目——X项目: a dash (not 7—10期's) sets the name off
                if text[start - 1:start] in AMPERSANDS and start >= 3:
                    # A&B项目 is one name: the part before the & belongs to it
                    before = doc.left_edge(start - 1, lex, max_chars=16)
                    if start - 1 - before >= 2:
                        start = before
                stem = text[start:pos]
                quoted = start > 0 and text[start - 1] in "“”\""
                after_list = text[start - 1:start] == "等"      # A、B等|整车项目: the kind of the items
                ok = (len(stem) >= 2 and stem not in lex.generic and not quoted and not after_list
                      and not DESCRIPTOR.search(stem)
                      and not re.match(r"[一二三四五六七八九十百千双\d]+[大名个项批类十百千]", stem)
                      and (not vague(doc, lex, start, pos) or _numbered_road(stem, suffix))
                      and not _home_and_generic(doc, lex, start, pos)
                      and not described(doc, lex, start, stem)
                      and not (kind == "strong" and _object_or_zone(doc, lex, start, pos)))
                if ok and kind == "facility":
                    ok = _has_context(doc, pos, lex) and not (text[start - 1:start] == "在" and VENUE.match(text, end))
                if ok:
                    out.append(Candidate(start, end, PROJECT, text[start:end], rank=Rank.NAMED))
                    taken_ends.add(end)
            pos = text.find(suffix, pos + 1)
    out = _heads_named_before(doc, out, lex)
    for m in BUILT_BY.finditer(text):
        s0, e0 = m.span("name")
        if not vague(doc, lex, s0, e0) and not re.search(PROJECT_HEADS, m.group("name")) \
                and not lex.project_suffixes.get(text[e0:e0 + 2]) \
                and any(load_tags().is_proper(t.word) for t in doc.tokens_within(s0, e0)):
            out.append(Candidate(s0, e0, PROJECT, m.group("name"), rank=Rank.TYPED))
    for m in BUILT_OBJECT.finditer(text):
        s0, e0 = m.span("name")
        if not vague(doc, lex, s0, e0) and any(load_tags().is_proper(t.word) for t in doc.tokens_within(s0, e0)) \
                and not doc.all_generic(s0, e0, lex) and not described(doc, lex, s0, m.group("name")):
            out.append(Candidate(s0, e0, PROJECT, m.group("name"), rank=Rank.GUESS))
    for m in QUOTED.finditer(text):
        s0, e0 = m.span("name")
        if DESCRIPTOR.search(m.group("name")) or KIND.search(m.group("name")) or vague(doc, lex, s0, e0) \
                or doc.all_generic(s0, e0, lex):
            continue
        if (m.group("head") or m.group("kind")) == "工程" and not BUILT_HEAD_END.search(m.group("name")):
            continue
        if m.group("head"):
            out.append(Candidate(s0 - 1, m.end(), PROJECT, text[s0 - 1:m.end()], rank=Rank.NAMED))
        else:
            out.append(Candidate(s0, e0, PROJECT, m.group("name"), rank=Rank.GUESS))
    for m in INTRO.finditer(text):
        s0, e0 = m.span("name")
        if not vague(doc, lex, s0, e0):
            out.append(Candidate(s0, e0, PROJECT, m.group("name"), rank=Rank.GUESS, role=INTRODUCED))
    for m in ACTION_NAME.finditer(text):
        s0, e0 = m.span("name")
        if not vague(doc, lex, s0, e0):
            out.append(Candidate(s0, e0, PROJECT, m.group("name"), rank=Rank.GUESS))
    for m in PHASE_NAME.finditer(text):
        start = doc.left_edge(m.start(), lex, max_chars=14, allow=INNER_VERBS)
        if m.start() - start >= 3 and _has_context(doc, m.start(), lex) and not doc.all_generic(start, m.start(), lex) \
                and any(load_tags().names_something(t.word) for t in doc.tokens_within(start, m.start())):
            # not 由两期扩展至|十期: counts, verbs and function words name nothing
            out.append(Candidate(start, m.end(), PROJECT, text[start:m.end()], rank=Rank.GUESS))
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
        bare = STRONG_TAIL.sub("", text[start:end])
        if 3 <= end - start <= 20 and text[start:end] not in lex.generic and not doc.all_generic(start, end, lex) \
                and not re.fullmatch(f"{PHASE_NUMBER}期", bare):       # 投资10亿元的|二期工程: whose?
            out.append(Candidate(start, end, PROJECT, text[start:end], rank=Rank.GUESS))
    return out


ACTION_END = re.compile(f"(?:{alternation('project_actions.txt', patterns=True)})$")
ACTION_IN = re.compile(alternation("project_shared_actions.txt", patterns=True))
COUNT = re.compile(r"[两二三四五六七八九十\d]+[座个条所家项]")
STRONG_TAIL = re.compile(f"(?:{PROJECT_HEADS})$")
ROAD_END = re.compile(f"(?:{alternation('road_endings.txt')})$")


def _head_after(short: str, full: str, res_names) -> int:
    """Where the shared head starts in full, judged by the shape of short; 0 when unsure.

    315 / 203省道改造项目 -> 3; 黄颡口 / 富池砂石集并中心 -> 2 (both places);
    西塞中学 / 湖滨路小学提档升级项目 -> 5 (both end in 学); 黄石十中 / 龚家巷小学改扩建项目
    -> 5 (at the action word); 棋盘洲 / 武穴两座长江大桥 -> 2 (at the count word).
    """
    m = COUNT.search(full)
    if m and m.start() >= 2:
        return m.start()
    if len(short) >= 3 and short[:-1] == full[:len(short) - 1] and short[-1] != full[len(short) - 1]:
        return len(short)       # a numbered series: 甲子一 / 甲子二海上风电项目 -> 3
    if short.isdigit():
        d = re.match(r"\d+", full)
        return d.end() if d else 0
    if short in res_names:
        for k in range(min(len(full) - 2, 6), 1, -1):
            if full[:k] in res_names:
                return k
    for k in range(2, len(full) - 1):
        if full[k - 1] == short[-1]:
            return k
    m = ACTION_IN.search(full, 2)
    return m.start() if m else 0


KIND_AFTER_LIST = re.compile(r"等(?:[\d一二两三四五六七八九十]+[个项])?(?P<kind>[\u4e00-\u9fff]{2,6}?)"
                             f"(?P<head>{PROJECT_HEADS})")
FIELDS = words("field_words.txt")


def kinds_after_lists(doc: Doc, enums, cands: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """A、B、C等整车项目: each short item is a project of that kind, named item + kind + head
    (A整车项目); a kind that is generic (重点, 产业) or a field (领域) names no project."""
    text = doc.text
    typed = {(c.start, c.end) for c in cands if c.type != PROJECT}
    tags = load_tags()
    out = []
    for enum in enums:
        m = KIND_AFTER_LIST.match(text, enum.items[-1][1])
        if m is None:
            continue
        kind = m.group("kind")
        words_ = [t.word for t in doc.tokens_within(m.start("kind"), m.end("kind"))]
        if kind in lex.generic or any(w in lex.generic or w in lex.boundary or tags.is_verb(w) for w in words_) \
                or kind.endswith(FIELDS) or any(f in kind for f in FIELDS):
            continue
        for s, e in enum.items:
            item = text[s:e]
            if (s, e) in typed or not 2 <= len(item) <= 6 or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", item) \
                    or item in lex.generic:
                continue
            out.append(Candidate(s, e, PROJECT, item + kind + m.group("head"), rank=Rank.COMPLETED))
    return out


def distribute(doc: Doc, enums, cands: list[Candidate], res_names, doc_lex: Lexicon) -> list[Candidate]:
    """A、B和C+head: each short item takes the last item's head (315、203省道改造项目).

    Returns projects for the short items, and the last item without a count word
    (武穴两座长江大桥 -> 武穴长江大桥). An item that ends with its own action
    (黄石十六中改扩建) takes only the last item's 项目/工程.
    """
    text = doc.text
    exact = {(c.start, c.end): c for c in cands if c.type == PROJECT}
    out = []
    for enum in enums:
        last = enum.items[-1]
        p = exact.get(last)
        if p is None:
            continue
        full = text[last[0]:last[1]]
        tail = STRONG_TAIL.search(full)
        for s, e in enum.items[:-1]:
            if (s, e) in exact and exact[(s, e)].rank != Rank.TYPED:
                continue
            short = text[s:e]
            if ACTION_END.search(short) and len(short) <= 12:
                if tail and not vague(doc, doc_lex, s, e):
                    out.append(Candidate(s, e, PROJECT, short + tail.group(), rank=Rank.COMPLETED))
                continue
            if len(short) > 6:
                continue
            k = _head_after(short, full, res_names)
            # nothing shared but the ending: 己内酰胺、乙二醇项目 -> 己内酰胺项目
            # (items set apart by 、, not 牯牛洲片区和|有轨电车配地项目: a place and a project)
            head = full[k:] if k else (tail.group() if tail and text[e:e + 1] == "、" and exact.get((s, e)) is not None
                                       else "")
            if ROAD_END.search(short) and ROAD_END.search(head):
                continue        # 当枝松高速、襄宜高速宜昌段: a road is whole, the other's section is not its head
            count = COUNT.match(head)
            if count:
                head = head[count.end():]
                out.append(Candidate(p.start, p.end, PROJECT, full[:k] + head, rank=Rank.COMPLETED))
            if len(head) >= 2:
                out.append(Candidate(s, e, PROJECT, short + head, rank=Rank.COMPLETED))
    return out + kinds_after_lists(doc, enums, cands, doc_lex)


def owners_in_names(doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
    """A project written right after its company's name takes the name whole, the way
    the text gives it (冠捷公司|汽摩配件项目 -> 冠捷公司汽摩配件项目); the company stays
    a mention inside it, and so its investor (kg.extract.facts)."""
    by_end = {c.end: c for c in chosen if c.type == COMPANY}
    out = []
    for c in chosen:
        owner = by_end.get(c.start) if c.type == PROJECT else None
        if owner is not None and c.name == doc.text[c.start:c.end] \
                and doc.sentence_at(owner.start).start == doc.sentence_at(c.start).start:
            c = replace(c, start=owner.start, name=doc.text[owner.start:c.end])
        out.append(c)
    owned = {c.start for c in out if c.type == PROJECT}
    return [replace(c, role=IN_NAME) if c.type == COMPANY and c.start in owned else c for c in out]
