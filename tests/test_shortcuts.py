"""Fast forms of patterns and look-ups give what their plain forms give."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.lists import ENUM


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["黄石", "等", "、", "项目", "和", "A1", "·", "（", "）", "，", "企业", "笃", "8", ".", "8.6代"]),
                max_size=30).map("".join))
def test_the_enumeration_pattern_is_the_look_ahead_form(text):
    # lists.ENUM's items are name characters other than 等, written as a class without 等
    item = r"(?:(?!等)(?:[\u4e00-\u9fffA-Za-z0-9·()（）]|(?<=\d)\.(?=\d))){2,30}"
    slow = re.compile(rf"{item}(?:、{item})*")
    assert [m.span() for m in ENUM.finditer(text)] == [m.span() for m in slow.finditer(text)]


def test_the_enumeration_pattern_stops_items_at_deng():
    assert [m.group() for m in ENUM.finditer("引进华为、比亚迪等企业")] == ["引进华为、比亚迪", "企业"]


def test_the_home_votes_remembered_picks_are_those_worked_out_anew(make_article):
    # _divisions_in remembers, per name, region and towns, whether a name counts and which
    # division it names: the same divisions as working each out again
    from kg.extract import load_resources
    from kg.extract.doc import Doc
    from kg.extract.home import _PICKED, _divisions_in, _pick
    res = load_resources()
    doc = Doc.of(make_article("大冶市与阳新县签约，黄石港区和下陆区参加，长沙、平湖也来了。", title="黄石大冶签约"), tokens=[])
    for region in ((), ("42",), ("33",)):
        for towns in (True, False):
            _PICKED.clear()
            first = _divisions_in(doc.text, res, region, towns=towns)
            assert _PICKED
            assert _divisions_in(doc.text, res, region, towns=towns) == first      # from what was kept
            for (_, name, r, t), kept in _PICKED.items():
                assert kept == _pick(res.names, name, r, t)
