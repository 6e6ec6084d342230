"""kg explain: an article with its mentions marked and the facts its sentences state."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import UsageError
from kg.explain import explain, find_article


def test_explain_marks_mentions_and_lists_relations(seed_build):
    article = find_article(seed_build.articles, "黄石举办企业家电商直播培训")
    text = explain(seed_build, article.id)
    assert "【市商务局|GovernmentBody→黄石市商务局】" in text
    assert "Home place (for 市/区/县 without a name): 黄石市 420200" in text
    assert "黄石市商务局 —jurisdiction→ 黄石市" in text
    # every relation line is followed by the sentence that states it
    lines = text.splitlines()
    rel = [i for i, line in enumerate(lines) if "—" in line and "→" in line]
    assert rel and all(lines[i + 1].strip().startswith("«") for i in rel)


@pytest.mark.parametrize("selector, message", [
    ("黄石", "articles match"),
    ("没有这篇文章", "no article matches"),
    ("", "choose one with --article"),
])
def test_explain_find_article_errors(seed_build, selector, message):
    with pytest.raises(UsageError, match=message):
        find_article(seed_build.articles, selector)


def test_explain_cli_by_file_and_line(seed_dir):
    result = CliRunner().invoke(main, ["explain", str(seed_dir), "--article", "000_91cd689a35f32709.txt:34"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Article ")
    assert "2021年西塞山区政府工作报告" in result.output.splitlines()[0]
