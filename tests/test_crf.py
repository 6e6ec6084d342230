"""Tests for kg.extract.crf: the CRF recogniser beside the rules, its switch and its training."""
from __future__ import annotations

import pytest

from kg.extract import extract_article, load_resources, resolve
from kg.extract.crf import (DEFAULT_MODEL, bio_labels, char_classes, find_model_spans, load_tagger,
                            spans_of, train_model, training_item)
from kg.extract.doc import Candidate, Doc
from kg.settings import Settings

ON = Settings(crf_model=str(DEFAULT_MODEL), crf_min_confidence=0.0)     # every span the model tags


def test_crf_model_ships_in_the_package():
    assert DEFAULT_MODEL.is_file() and DEFAULT_MODEL.stat().st_size <= 2_000_000
    labels = set(load_tagger(str(DEFAULT_MODEL)).labels())
    assert {"O", "B-Company", "I-Company", "B-District", "B-GovernmentBody", "B-Project", "B-Event"} <= labels


@pytest.mark.parametrize("sentence, expected", [
    # invented names, in no gold file
    ("近日，湖北鑫瑞达精密机械有限公司与县政府签订投资协议。", ("Company", "湖北鑫瑞达精密机械有限公司")),
    ("近日，武汉蓝鲸智控科技股份有限公司投资建设新工厂。", ("Company", "武汉蓝鲸智控科技股份有限公司")),
])
def test_crf_tags_typed_spans(make_article, sentence, expected):
    doc = Doc.of(make_article(sentence))
    found = {(c.type, c.name) for c in find_model_spans(doc, load_resources(), settings=ON)}
    assert expected in found
    assert all(c.source in ("model", "model-long") for c in find_model_spans(doc, load_resources(), settings=ON))


def test_crf_switched_off(make_article, monkeypatch):
    doc = Doc.of(make_article("近日，湖北鑫瑞达精密机械有限公司与县政府签订投资协议。"))
    monkeypatch.delenv("KG_CRF", raising=False)
    monkeypatch.delenv("KG_CRF_MODEL", raising=False)
    assert Settings().crf_model == ""           # off unless asked for (the speed budget)
    assert find_model_spans(doc, load_resources(), settings=Settings(crf_model="")) == []
    monkeypatch.setenv("KG_CRF", "0")
    assert Settings().crf_model == ""
    assert find_model_spans(doc, load_resources()) == []
    monkeypatch.setenv("KG_CRF", "1")
    monkeypatch.setenv("KG_CRF_MODEL", "/elsewhere/my.model")
    assert Settings().crf_model == "/elsewhere/my.model"
    monkeypatch.setenv("KG_CRF_TYPES", "District,Company")
    assert Settings().crf_types == ("Company", "District")


def test_crf_cache_version_follows_the_model(monkeypatch):
    from kg.cache import code_version
    monkeypatch.setenv("KG_CRF", "1")
    with_model = code_version()
    monkeypatch.setenv("KG_CRF", "0")
    assert code_version() != with_model
    monkeypatch.delenv("KG_CRF")          # the default: rules alone
    assert code_version() != with_model
    monkeypatch.setenv("KG_CRF", "1")
    assert code_version() == with_model


def test_crf_rules_win_every_overlap():
    rule = Candidate(2, 6, "District", "黄石市")
    longer = Candidate(0, 12, "Company", "黄石市某某有限公司", source="model")
    apart = Candidate(20, 24, "Company", "某某公司", source="model")
    assert resolve([longer, rule, apart]) == [rule, apart]


def test_crf_long_spans_compete_by_length_and_lose_ties():
    rule = Candidate(4, 10, "Event", "开工活动")
    longer = Candidate(0, 10, "Event", "黄石市二季度集中开工活动", rank=-1, source="model-long")
    same = Candidate(4, 10, "Event", "开工活动", rank=-1, source="model-long")
    assert resolve([rule, longer]) == [longer]
    assert resolve([same, rule]) == [rule]


@pytest.mark.parametrize("sentence, absent", [
    # a leading verb and a copula are no part of a name
    ("今年将启动河西大道绿化改造工程。", "启动河西大道绿化改造工程"),
    ("其中最大的是光电显示面板二期项目。", "是光电显示面板二期项目"),
])
def test_crf_spans_do_not_start_at_verbs(make_article, sentence, absent):
    doc = Doc.of(make_article(sentence))
    loose = Settings(crf_model=str(DEFAULT_MODEL), crf_min_confidence=0.0)
    assert absent not in {c.name for c in find_model_spans(doc, load_resources(), settings=loose)}


def test_crf_confidence_only_removes_spans(make_article):
    doc = Doc.of(make_article("近日，蓝鲸智控与县政府签订投资协议，双方将在智能装备领域开展合作。"))
    spans = {(c.start, c.end) for c in find_model_spans(doc, load_resources(), settings=Settings(
        crf_model=str(DEFAULT_MODEL), crf_min_confidence=0.0))}
    sure = {(c.start, c.end) for c in find_model_spans(doc, load_resources(), settings=Settings(
        crf_model=str(DEFAULT_MODEL), crf_min_confidence=0.99))}
    assert sure <= spans


def test_crf_model_mentions_reach_the_extraction(make_article, monkeypatch):
    text = "近日，蓝鲸智控与县政府签订投资协议，双方将在智能装备领域开展合作。"
    monkeypatch.setenv("KG_CRF", "0")
    rules = {(m.type, m.name) for m in extract_article(make_article(text)).mentions}
    monkeypatch.setenv("KG_CRF", "1")
    both = {(m.type, m.name) for m in extract_article(make_article(text)).mentions}
    assert rules <= both


@pytest.mark.parametrize("tags, spans", [
    (["O", "B-Company", "I-Company", "O"], [(1, 3, "Company")]),
    (["B-District", "B-District", "I-District"], [(0, 1, "District"), (1, 3, "District")]),
    (["I-Project", "I-Project", "B-Event"], [(0, 2, "Project"), (2, 3, "Event")]),
    (["B-Company", "I-District"], [(0, 1, "Company"), (1, 2, "District")]),
    (["O", "O"], []),
])
def test_crf_spans_of_bio(tags, spans):
    assert spans_of(tags) == spans


def test_crf_bio_labels_longest_first_without_overlap():
    text = "黄石市人民政府与黄石签约"
    tags = bio_labels(len(text), [("黄石", "District"), ("黄石市人民政府", "GovernmentBody")], text)
    assert spans_of(tags) == [(0, 7, "GovernmentBody"), (8, 10, "District")]


def test_crf_char_classes():
    assert char_classes("华为Mate60，") == "hhllllddp"


def test_crf_training_is_deterministic(make_article, tmp_path):
    res = load_resources()
    rows = [("黄石市政府与湖北楚峰新材料有限公司签约。", [("湖北楚峰新材料有限公司", "Company"), ("黄石市政府", "GovernmentBody")]),
            ("大冶市经济开发区举行项目集中开工仪式。", [("大冶市经济开发区", "District"), ("项目集中开工仪式", "Event")])]
    items = [training_item(Doc.of(make_article(s)), res, m) for s, m in rows]
    a, b = tmp_path / "a.model", tmp_path / "b.model"
    train_model(items, a)
    train_model(items, b)
    assert a.read_bytes() == b.read_bytes()


def test_crf_training_data_finds_every_gold_article(shared_dir, repo_dir):
    """scripts/train_crf.py matches each gold article to a parsed one and tags its mentions."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("train_crf", repo_dir / "scripts" / "train_crf.py")
    train_crf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train_crf)
    gold = shared_dir / "eval" / "gold"
    items = train_crf.gold_items(gold / "seed.json", [train_crf.SEED_CORPUS], load_resources())
    import json
    assert [i for i, _, _ in items] == sorted(a["id"] for a in json.loads((gold / "seed.json").read_text())["articles"])
    for _, feats, tags in items:
        assert len(feats) == len(tags) and any(t.startswith("B-") for t in tags)
    assert {t[2:] for _, _, tags in items for t in tags if t != "O"} == {
        "Company", "District", "GovernmentBody", "Project", "Event"}
