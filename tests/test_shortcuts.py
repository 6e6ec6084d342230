"""Fast forms of patterns and look-ups give what their plain forms give."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.lists import ENUM


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["黄石", "等", "、", "项目", "和", "A1", "·", "（", "）", "，", "企业", "笃"]),
                max_size=30).map("".join))
def test_the_enumeration_pattern_is_the_look_ahead_form(text):
    # lists.ENUM's items are name characters other than 等, written as a class without 等
    item = r"(?:(?!等)[\u4e00-\u9fffA-Za-z0-9·()（）]){2,30}"
    slow = re.compile(rf"{item}(?:、{item})*")
    assert [m.span() for m in ENUM.finditer(text)] == [m.span() for m in slow.finditer(text)]


def test_the_enumeration_pattern_stops_items_at_deng():
    assert [m.group() for m in ENUM.finditer("引进华为、比亚迪等企业")] == ["引进华为、比亚迪", "企业"]
