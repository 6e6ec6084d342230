"""Enumerations (kg.extract.lists): where a list's items begin and end. Each row is a sentence
written for the test, with invented names."""
from __future__ import annotations

import pytest

from kg.extract import extract_article, load_resources
from kg.extract.doc import Doc
from kg.extract.lists import find_enumerations


@pytest.fixture(scope="module")
def res():
    return load_resources()


def items(make_article, res, sentence):
    doc = Doc.of(make_article(sentence))
    return [[doc.text[s:e] for s, e in en.items] for en in find_enumerations(doc, res.lex)]


def test_lists_a_joining_word_fused_with_the_next_brand_splits(make_article, res):
    """jieba joins 及 to the unknown brand after it (…产业园|及伟骏|精机): two items, not one."""
    found = items(make_article, res, "代表们参观了滨江物流中心、滨湖经济开发区智能装备产业园及伟骏精机等项目。")
    assert ["滨江物流中心", "滨湖经济开发区智能装备产业园", "伟骏精机"] in found, found


def test_lists_a_standalone_joining_word_still_splits(make_article, res):
    found = items(make_article, res, "代表们参观了滨江物流中心、滨湖智能装备产业园和滨湖电子信息产业园等项目。")
    assert any("滨湖电子信息产业园" in f for f in found), found


def test_lists_a_numbered_first_item_has_no_dot(make_article, res):
    """10.|A…、B…: the first item never starts with the number's dot."""
    ex = extract_article(make_article("10.骁澜年产800万平方米隔膜材料、年产6万吨铜箔项目,落户滨江区。"), res)
    assert not any(m.name.startswith(".") for m in ex.mentions), ex.mentions


def test_lists_a_count_of_projects_heads_a_list_without_deng(make_article, res):
    """A、B两个在谈项目: the count and the project word end the list (no 等), and a decimal
    point inside an item (第8.6代) does not cut it."""
    found = items(make_article, res, "骁澜科技年产5万吨隔膜材料、伟骏光电第8.6代显示面板两个在谈项目,拟投资额分别为10亿元、20亿元。")
    assert ["骁澜科技年产5万吨隔膜材料", "伟骏光电第8.6代显示面板"] in found, found
