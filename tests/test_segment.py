"""Tests for ``kg.extract.text.segment``: jieba's segmentation (``jieba.lcut``, HMM on),
reimplemented for speed, gives jieba's words for any text."""
from __future__ import annotations

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.text import (RE_HAN, RE_SKIP, Token, prepare_jieba, segment, simplified, token_lengths, tokenize,
                             tokens_from_lengths)

SENTENCES = [
    "5月7日，黄石经济技术开发区举行重点项目集中签约仪式，共签约项目12个，总投资86.5亿元。",
    "湖北楚峰新材料有限公司投资的高端铜箔项目开工，预计2025年底投产。",
    "據悉，該項目由華新水泥股份有限公司投資建設，總投資約3億元。",          # Traditional
    "蓝鲸智控与云图数创签约 A股上市公司 ABC-123 投资 50% 的5G+工业互联网项目\r\n第二行\t制表",
    "汪小菲和欧阳娜娜在武汉光谷见面，冷链物流园、新能源电池基地同步推进。",
    "   ",
    "",
    "12.5%，3.6亿元；No.1 项目：a_b&c#d",
]


def test_segment_patterns_are_jiebas():
    assert RE_HAN.pattern == jieba.re_han_default.pattern and RE_HAN.flags == jieba.re_han_default.flags
    assert RE_SKIP.pattern == jieba.re_skip_default.pattern


@pytest.mark.parametrize("text", SENTENCES)
def test_segment_gives_jiebas_words(text):
    prepare_jieba()
    assert segment(text) == jieba.lcut(text)
    assert segment(simplified(text)) == jieba.lcut(simplified(text))


# characters of every class jieba treats apart: dictionary words, rare characters (the HMM),
# Latin letters and digits, its symbols, spaces and line breaks, punctuation
ALPHABET = "黄石市经济技术开发区项目投资签约公司有限湖北省新材料基地汪菲娜罡嬴彧犇龘" \
           "abcXYZ0123456789+#&._%-  \t\r\n，。、；！？（）()【】"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_segment_gives_jiebas_words_on_any_text(text):
    prepare_jieba()
    assert segment(text) == jieba.lcut(text)


def test_segment_sees_a_word_added_to_jiebas_dictionary():
    jb = prepare_jieba()
    text = "青禾智造在黄石建设工厂"
    word = "禾智造在黄"
    assert word not in segment(text) and segment(text) == jieba.lcut(text)
    dt = jb.dt
    # jieba's dictionary as it was, restored after: other tests segment with it
    saved = {w: dt.FREQ[w] for w in (word[:k] for k in range(1, len(word) + 1)) if w in dt.FREQ}
    total, forced = dt.total, set(jb.finalseg.Force_Split_Words)
    try:
        jb.add_word(word, freq=10_000_000)
        assert word in segment(text) and segment(text) == jieba.lcut(text)
        jb.del_word(word)           # a word of frequency 0: cut apart again
        assert word not in segment(text) and segment(text) == jieba.lcut(text)
    finally:
        for k in range(1, len(word) + 1):
            dt.FREQ.pop(word[:k], None)
        dt.FREQ.update(saved)
        dt.total = total
        jb.finalseg.Force_Split_Words.clear()
        jb.finalseg.Force_Split_Words.update(forced)
    assert segment(text) == jieba.lcut(text)


def test_tokenize_spans_tile_the_text():
    text = SENTENCES[0]
    tokens = tokenize(text)
    assert "".join(t.word for t in tokens) == text
    assert all(text[t.start:t.end] == t.word for t in tokens)
    assert [t.word for t in tokens] == jieba.lcut(text)
    assert all(type(t) is Token for t in tokens)
    again = tokens_from_lengths(text, token_lengths(tokens))
    assert again == tokens and all(type(t) is Token for t in again)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["黄石市", "招商引资", "項目", "簽約", "开发區", "abc", "，", "\n", "臺灣", "发展"]),
                max_size=12).map("".join))
def test_simplified_is_the_character_by_character_translation(text):
    # the shortcut (a text of characters known to stay) gives what translating the text gives
    from kg.extract.text import _RECENT, _T2S_TABLE
    _RECENT.clear()
    out = simplified(text)
    assert out == text.translate(_T2S_TABLE) and len(out) == len(text)


def test_simplified_keeps_a_simplified_text_and_converts_a_traditional_one():
    assert simplified("黄石市招商引资项目签约") == "黄石市招商引资项目签约"
    assert simplified("黃石市招商引資項目簽約") == "黄石市招商引资项目签约"
    assert simplified("黄石市招商引资项目签约") == "黄石市招商引资项目签约"     # after learning those characters


def test_tag_sets_read_from_the_cache_are_those_read_from_the_dictionary(tmp_path, monkeypatch):
    from kg.extract import pos
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    data = "丰田 10 nt\n此后 20 c\n走进 30 v\n黄石 40 ns\n桌子 50 n\n".encode()
    first = pos._tag_sets(data)             # read, and kept in the cache folder
    assert list(tmp_path.glob("kg/tags-*.pickle"))
    again = pos._tag_sets(data)             # loaded from there
    assert again == first == pos.read_tag_sets(data)
    assert first == {b"nt": ["丰田"], b"c": ["此后"], b"v": ["走进"], b"ns": ["黄石"]}
    other = pos._tag_sets(data + "东风 60 nt\n".encode())     # another dictionary: not the kept one
    assert other[b"nt"] == ["丰田", "东风"]


def test_segment_from_remembered_look_ups_and_after_forgetting_them(monkeypatch):
    # each fragment's look-up is remembered (a word, a prefix only, or neither); a second
    # segmentation from them, and one after they were forgotten at the bound, are jieba's
    from kg.extract import text as T
    for sentence in SENTENCES:
        first = segment(sentence)
        assert segment(sentence) == first == jieba.lcut(sentence)
    kept = len(T._SEGMENTER.logp)
    monkeypatch.setattr(T, "FRAGMENTS_KEPT", 10)
    for sentence in SENTENCES:
        assert segment(sentence) == jieba.lcut(sentence)
    assert len(T._SEGMENTER.logp) < kept        # forgotten at the bound, then filled again
