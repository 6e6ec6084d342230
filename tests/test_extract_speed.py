"""The look-ups extraction remembers (to spend less CPU) give what working them out again gives."""
from __future__ import annotations

from kg.extract import load_resources
from kg.extract.components import _suspicious, _words_of
from kg.extract.districts import _full_codes
from kg.extract.doc import Candidate, Doc
from kg.extract.gazetteer import Division
from kg.extract.lexicon import by_length
from kg.extract.lifecycle import dates_in
from kg.extract.pos import load_tags
from kg.namecheck import suspicious
from kg.registry import PROJECT


def test_by_length_sorts_longest_first_and_follows_a_changed_table():
    table = {"园": 1, "产业园": 1, "基地": 1}
    assert by_length(table) == ("产业园", "基地", "园")
    assert by_length(table) == by_length(["园", "基地", "产业园", "园"])     # the same set: the same order
    table["工业园区"] = 1
    assert by_length(table) == ("工业园区", "产业园", "基地", "园")


def test_full_codes_are_the_divisions_a_name_is_the_full_name_of_per_name_index():
    town = Division("420222101000", "城关镇", "town", "420222")
    county = Division("420222", "阳新县", "county", "420200")
    names = {"阳新": [county], "阳新县": [county], "城关镇": [town]}
    assert _full_codes(names, "阳新县") == ("420222",)
    assert _full_codes(names, "阳新") == ()         # a short name only
    other = {"阳新": [Division("999999", "阳新", "county", "990000")]}
    assert _full_codes(other, "阳新") == ("999999",)    # another index is looked up anew


def test_names_only_remembers_what_suspicious_says(make_article):
    res, tags = load_resources(), load_tags()
    doc = Doc.of(make_article("其中新能源电池生产基地项目开工，星河产业园项目签约。"))
    for name in ("其中新能源电池生产基地项目", "星河产业园项目"):
        start = doc.text.index(name)
        c = Candidate(start, start + len(name), PROJECT, name)
        said = bool(suspicious(name, PROJECT, words=_words_of(doc, c.start, c.end), lex=res.lex, tags=tags,
                               places=res.names))
        assert _suspicious(doc, res, c, tags) == said == _suspicious(doc, res, c, tags)


def test_dates_in_answers_again_by_its_skipped_spans(make_article):
    doc = Doc.of(make_article("5月8日，2024年黄石投资洽谈会开幕，A项目于6月1日开工。"))
    event = doc.text.index("2024年黄石投资洽谈会")
    spans = [(event, event + len("2024年黄石投资洽谈会"))]
    whole = dates_in(doc, [])
    skipped = dates_in(doc, spans)
    assert dates_in(doc, []) == whole and dates_in(doc, spans) == skipped
    assert len(skipped) < len(whole)        # 2024 inside the event's name is no date when skipped
    again = dates_in(doc, [])
    again.clear()                           # an answer is the caller's own list
    assert dates_in(doc, []) == whole
