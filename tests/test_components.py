"""Tests for the extraction components (kg.extract.component, kg.extract.components):
a recogniser added from outside kg/ reaches the graph, the order is checked, the
overlap policy is named and replaceable, the CRF plugs in as one component, and
the extractor's identity follows its components and their data."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal

import kg.extract
from kg.errors import UsageError
from kg.extract import (Candidate, Component, Doc, Extractor, Rank, component, extract_article, extractor,
                        load_resources, overlaps, prefer_rules, recogniser, register, resolve, unregister)
from kg.extract.crf import DEFAULT_MODEL
from kg.pipeline import build
from kg.validate import check
from kg.settings import Settings
from kg.vocab import KG

# --- a recogniser defined here, outside kg/ ------------------------------------

# brand names the rules do not know (a plug-in might read them from a company register)
BRANDS = ["蓝鲸智控", "云图数创", "汇能光谷", "芯联星河", "驰远恒泰", "博润安澜", "鼎盛华彩", "天成嘉禾",
          "锦程瑞丰", "启明致远", "卓越宏图", "众诚新材", "青禾智造", "远帆科创", "澄明光电", "朗越精工",
          "北辰云链", "禾丰优品", "峰岚动力", "星澜微电", "松岩新能", "翰墨数智", "碧溪环能", "越峰智联"]
BRAND = re.compile("|".join(BRANDS))
PIDS: list[Path] = []           # where the recogniser notes the processes it ran in (set by a test)


@recogniser("test-brands", reads=("doc",), types=("Company",))
def brands(work) -> list[Candidate]:
    """The brands of BRANDS, as companies."""
    if PIDS:
        with open(PIDS[0], "a", encoding="ascii") as f:
            f.write(f"{os.getpid()}\n")
    return [Candidate(m.start(), m.end(), "Company", m.group(), rank=Rank.NAMED)
            for m in BRAND.finditer(work.doc.text)]


@pytest.fixture
def registered_brands():
    """The test-brands recogniser registered for one test."""
    register(brands)
    try:
        yield brands
    finally:
        unregister(brands.name)
        PIDS.clear()


SENTENCE = "近日，{brand}与黄石经济技术开发区签订投资协议，{brand}将在开发区建设{n}号智能装备生产基地，总投资{n}亿元。"


def corpus(folder: Path) -> Path:
    """A file of 24 articles, each naming its own brand (enough for two workers)."""
    blocks = [f"-\n【黄石招商】{b}落户黄石\n{SENTENCE.format(brand=b, n=i + 1)}\n2024-05-{i + 1:02d}\n"
              for i, b in enumerate(BRANDS)]
    path = folder / "brands.txt"
    path.write_text("".join(blocks), encoding="utf-8")
    return path


def test_components_rules_alone_miss_the_brands(make_article):
    text = SENTENCE.format(brand=BRANDS[0], n=1)
    assert BRANDS[0] not in {m.name for m in extract_article(make_article(text)).mentions}


def test_components_registered_recogniser_reaches_the_graph(registered_brands, tmp_path):
    PIDS.append(tmp_path / "pids")
    result = build([corpus(tmp_path)], Settings(workers=2, keep_reposts=True, validate=True))
    check(result, engine="pyshacl")             # the reference SHACL engine agrees with the build's own
    g = result.graph
    companies = {str(g.value(s, RDFS.label)) for s in g.subjects(RDF.type, KG.Company)}
    assert set(BRANDS) <= companies
    for name in BRANDS:
        node = next(g.subjects(RDFS.label, Literal(name, lang="zh")))
        assert (node, RDF.type, KG.Company) in g
        assert g.value(node, KG.mentionedIn) is not None
    # the build's worker processes, forked after the registration, ran the recogniser
    ran_in = set(PIDS[0].read_text(encoding="ascii").split())
    assert ran_in and str(os.getpid()) not in ran_in


def test_components_registered_spans_meet_the_others_in_overlaps(registered_brands, make_article):
    ex = extract_article(make_article("近日，蓝鲸智控有限公司与云图数创签约。"))
    found = {(m.type, m.text) for m in ex.mentions}
    assert ("Company", "云图数创") in found                      # typed by the added recogniser
    assert ("Company", "蓝鲸智控有限公司") in found              # the longer rule span wins the overlap
    assert ("Company", "蓝鲸智控") not in found


def test_components_registered_recogniser_goes_after_the_recognisers(registered_brands):
    names = extractor().names
    assert names.index("test-brands") == names.index("enumerations") - 1
    assert "test-brands" not in {c.name for c in kg.extract.default_components()}


def test_components_unregistered_recogniser_is_gone(registered_brands):
    unregister("test-brands")
    assert "test-brands" not in extractor().names


# --- the built-in list -----------------------------------------------------------

def test_components_builtin_order():
    names = extractor(Settings(crf_model="")).names
    assert names[0] == "home"
    assert names.index("divisions") < names.index("zones") < names.index("bodies") < names.index("overlaps")
    assert names[-3:] == ("mentions", "facts", "milestones")


def test_components_crf_is_one_component_only_when_on():
    off = extractor(Settings(crf_model=""))
    on = extractor(Settings(crf_model=str(DEFAULT_MODEL)))
    assert "crf" not in off.names
    assert on.names == off.names[:off.names.index("known-names")] + ("crf",) + off.names[off.names.index("known-names"):]
    crf = on.components[on.index("crf")]
    assert "candidates" in crf.reads and crf.assigns == ("crf", "candidates")


def test_components_recognisers_declare_their_types(seed_build):
    made = extractor(Settings(crf_model=str(DEFAULT_MODEL)))
    for c in made.components:
        assert c.assigns, c.name
        if "candidates" in c.assigns:       # a recogniser says which types it offers
            assert c.types, c.name
    assert {m.type for ex in seed_build.extractions for m in ex.mentions} <= set(extractor().types)


def test_components_order_is_checked():
    bodies = extractor().components[extractor().index("bodies")]
    with pytest.raises(UsageError, match="reads home, divisions, zones, which no component before it assigns"):
        Extractor([bodies])
    with pytest.raises(UsageError, match="two extraction components are named"):
        Extractor([brands, brands])


def test_components_a_name_must_be_plain():
    with pytest.raises(UsageError, match="component name"):
        Component("two words", lambda work: None)


# --- overlap resolution ------------------------------------------------------------

@pytest.mark.parametrize("cands, kept", [
    # longer first
    ([Candidate(0, 2, "District", "黄石", rank=Rank.FULL), Candidate(0, 9, "District", "黄石经济技术开发区")], [1]),
    # the same span: the higher rank
    ([Candidate(0, 4, "Company", "劲牌公司", rank=Rank.NAMED), Candidate(0, 4, "Project", "劲牌公司", rank=Rank.FULL)], [1]),
    # a list item completed with its head replaces the bare item of the same span
    ([Candidate(0, 3, "Project", "315", rank=Rank.TYPED), Candidate(0, 3, "Project", "315省道改造项目", rank=Rank.COMPLETED)],
     [1]),
    # a CRF span of a competing type loses a tie to any rule span
    ([Candidate(0, 4, "Event", "开工活动", rank=Rank.MODEL, source="model-long"), Candidate(0, 4, "Event", "开工活动")], [1]),
    # the same length and rank: the leftmost
    ([Candidate(2, 5, "Company", "乙公司"), Candidate(0, 3, "Company", "甲公司")], [1]),
])
def test_components_resolve_preferences(cands, kept):
    assert resolve(cands) == sorted((cands[i] for i in kept), key=lambda c: c.start)


def shortest_first(c: Candidate) -> tuple:
    """A policy unlike ``prefer_rules``: the shorter span first."""
    return (c.end - c.start, c.start, c.type, c.name)


def test_components_overlap_policy_is_replaceable(make_article):
    article = make_article("黄石经济技术开发区管委会召开会议。")
    rules = extractor()
    shortest = rules.replaced("overlaps", overlaps(key=shortest_first))
    res = load_resources()
    longest = {c.name for c in rules(Doc.of(article), res).chosen}
    short = {c.name for c in shortest(Doc.of(article), res).chosen}
    assert "黄石经济技术开发区管委会" in longest and "黄石经济技术开发区管委会" not in short
    assert "黄石市" in short
    assert rules.identity != shortest.identity
    assert prefer_rules.__doc__ and "longer" in prefer_rules.__doc__


# --- identity ------------------------------------------------------------------------

def test_components_identity_names_components_and_data(tmp_path):
    base = extractor(Settings(crf_model=""))
    assert all(f"|{name}@" in base.identity for name in base.names)
    assert extractor(Settings(crf_model=str(DEFAULT_MODEL))).identity != base.identity
    words = tmp_path / "words.txt"
    words.write_text("蓝鲸智控\n", encoding="utf-8")

    @component("reads-a-file", assigns=("nothing",), data=(str(words),))
    def reads_a_file(work):
        """Reads words.txt (in a real component)."""

    with_file = base.inserted(reads_a_file, before="enumerations")
    first = with_file.identity
    assert first != base.identity
    words.write_text("蓝鲸智控\n云图数创\n", encoding="utf-8")
    assert base.inserted(reads_a_file, before="enumerations").identity != first


def test_components_identity_changes_with_registration(registered_brands):
    registered = extractor().identity
    unregister("test-brands")
    assert "test-brands@1" in registered and extractor().identity != registered


# --- entry points ----------------------------------------------------------------------

def test_components_entry_point_is_installed(tmp_path, monkeypatch, make_article):
    (tmp_path / "kg_test_plugin.py").write_text(
        "from kg.extract import Candidate, Rank, recogniser\n"
        "@recogniser('plugin-brands', types=('Company',))\n"
        "def BRANDS(work):\n"
        "    at = work.doc.text.find('蓝鲸智控')\n"
        "    return [Candidate(at, at + 4, 'Company', '蓝鲸智控', rank=Rank.NAMED)] if at >= 0 else []\n",
        encoding="utf-8")
    info = tmp_path / "kg_test_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kg-test-plugin\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[kg.recognisers]\nbrands = kg_test_plugin:BRANDS\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    kg.extract.refresh()
    try:
        assert "plugin-brands" in extractor().names
        ex = extract_article(make_article(SENTENCE.format(brand="蓝鲸智控", n=1)))
        assert ("Company", "蓝鲸智控") in {(m.type, m.name) for m in ex.mentions}
    finally:
        monkeypatch.undo()
        sys.modules.pop("kg_test_plugin", None)
        kg.extract.refresh()
    assert "plugin-brands" not in extractor().names


def test_components_broken_entry_point_is_one_clear_error(tmp_path, monkeypatch):
    info = tmp_path / "kg_broken-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kg-broken\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[kg.recognisers]\nbroken = kg_no_such_module:X\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    kg.extract.refresh()
    try:
        with pytest.raises(UsageError, match="entry point broken = kg_no_such_module:X does not load"):
            extractor()
    finally:
        monkeypatch.undo()
        kg.extract.refresh()


# --- the extractor's word lists ------------------------------------------------------------

def test_components_tag_noise_removes_longer_words_first():
    from kg.extract.lexicon import tag_noise
    noise = tag_noise()
    for i, word in enumerate(noise):
        assert not any(word in later for later in noise[i + 1:]), word


@pytest.mark.parametrize("item, is_count", [("三大产业", True), ("十个项目", True), ("3批", True), ("大冶有色", False)])
def test_components_count_items(item, is_count):
    from kg.extract.lexicon import count_item
    assert bool(count_item().match(item)) is is_count


# --- the second pass resumes where the corpus names are first read -----------------

def test_resume_at_is_the_first_component_reading_known():
    ex = extractor()
    assert ex.resume_at == ex.index("known-names")
    assert all("known" not in c.reads for c in ex.components[:ex.resume_at])


def test_defer_at_follows_the_last_component_assigning_mentions():
    ex = extractor()
    assert ex.defer_at == ex.index("mentions") + 1 and ex.can_defer
    assert all("mentions" not in c.assigns for c in ex.components[ex.defer_at:])


def test_a_partial_first_pass_has_the_mentions_and_resuming_it_gives_the_whole_result(make_article):
    # pass 1 of a build without a cache stops before the facts; pass 2 (with names or without)
    # resumes from what it kept
    article = make_article("6月3日，襄阳高新区举行重大项目集中签约仪式，总投资20亿元。星河智联科技有限公司将建设新能源电池"
                           "生产基地项目，于2023年5月开工。")
    res = load_resources()
    whole = extract_article(article, res)
    assert whole.facts
    kept: list = []
    part = extract_article(article, res, keep=kept, partial=True)
    assert part.mentions == whole.mentions and part.facts == ()
    assert extract_article(article, res, {}, resume=kept[0]) == whole


def test_a_partial_first_pass_resumed_after_its_mentions_gives_the_whole_result(make_article):
    # with no corpus names, pass 2 takes the second state a partial pass 1 kept and runs only
    # the components after the mentions; with names, it resumes from the first state
    article = make_article("6月3日，襄阳高新区举行重大项目集中签约仪式，总投资20亿元。星河智联将建设新能源电池生产基地，"
                           "项目由星河智联负责运营。")
    res = load_resources()
    kept: list = []
    extract_article(article, res, keep=kept, partial=True)
    early, late = kept
    assert isinstance(late, bytes)
    ran = []
    counting = component("test-counting", reads=("doc",))(lambda w: ran.append(1))
    register(counting, after="overlaps")
    try:
        assert extract_article(article, res, {}, resume=early, resume_late=late) == extract_article(article, res)
        assert ran == [1]           # the whole extraction ran it; the late resume did not
        known = {"星河智联": "Company"}
        assert extract_article(article, res, known, resume=early, resume_late=late) == \
            extract_article(article, res, known)
    finally:
        unregister(counting.name)


def test_extract_corpus_without_a_cache_gives_what_extract_article_gives(make_article):
    from kg.corpus import extract_corpus
    articles = [make_article("星河智联科技有限公司在襄阳投资建设新能源电池生产基地项目，于2023年5月开工。"),
                make_article("星河智联将在襄阳高新区建设研发中心项目，总投资5亿元。"),
                make_article("襄阳高新区举行重大项目集中签约仪式。")]
    got = extract_corpus(articles, load_resources())
    assert got == [extract_article(a, load_resources()) for a in articles]
    assert all(ex.facts for ex in got[:2])


def test_a_resumed_extraction_equals_a_full_one_and_skips_the_components_before_known(make_article):
    # the article names the firm only by its short name, known from another article of the corpus
    article = make_article("6月3日，襄阳高新区举行重大项目集中签约仪式，总投资20亿元。星河智联将建设新能源电池生产基地，"
                           "项目由星河智联负责运营。")
    res = load_resources()
    known = {"星河智联": "Company"}
    kept: list = []
    first = extract_article(article, res, keep=kept)
    assert first == extract_article(article, res)       # keeping costs nothing in the result
    state, = kept
    assert isinstance(state, bytes)
    ran = []
    counting = component("test-counting", reads=("doc",))(lambda w: ran.append(1))
    register(counting, before="known-names")
    try:
        resumed = extract_article(article, res, known, resume=state)
        assert ran == []            # nothing before known-names ran again
        full = extract_article(article, res, known)
        assert ran == [1]
    finally:
        unregister(counting.name)
    assert resumed == full
    assert resumed != first         # the corpus name was found (星河智联 as a mention of its own)
