"""Language data lives in kg/data: every file there is read by code and says what it is;
the patterns several modules share are defined once (kg/extract/lexicon.py)."""
from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

import pytest

from kg.extract import lexicon
from kg.extract.lexicon import (DATA, LEGAL_FORM_ONLY, LEGAL_OR_HOLDING_TAIL, LEGAL_TAIL, PHASE_TAIL,
                                alternation, pairs, words)

PACKAGE = Path(lexicon.__file__).resolve().parent.parent
# files in a format of another tool, which has no comments: jieba's user dictionary,
# the CRF model (binary, described in kg/extract/crf.py) and the gazetteer that
# scripts/make_gazetteer.py writes (its first line names the columns)
NO_HEADER = {"jieba_user.txt", "crf.model", "divisions.tsv"}
DATA_FILES = sorted(p.name for p in DATA.iterdir() if p.is_file())


@lru_cache(maxsize=1)
def _string_constants() -> frozenset[str]:
    """Every string literal in kg/**/*.py that is not a docstring."""
    out: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree)
                      if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
        out |= {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                and isinstance(node.value, str) and id(node) not in docstrings}
    return frozenset(out)


def test_data_folder_holds_the_lists():
    assert len(DATA_FILES) > 40
    assert {"legal_forms.txt", "currencies.tsv", "relative_regions.tsv"} <= set(DATA_FILES)


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_data_file_is_read_by_code(name):
    # named in code, not only in a comment or docstring
    constants = _string_constants()
    assert any(name in c for c in constants), f"kg/data/{name} is read by no module of kg/"


@pytest.mark.parametrize("name", [n for n in DATA_FILES if n not in NO_HEADER])
def test_every_data_file_says_what_it_is(name):
    text = (DATA / name).read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    assert header, f"kg/data/{name} starts with no '#' comment saying what it is and how it is used"
    assert len(" ".join(header)) >= 40
    body = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert body, f"kg/data/{name} has no entries"


def test_word_lists_keep_the_file_order_for_alternations():
    units = words("capacity_units.txt")
    assert units[0] == "吨" and "GWh" in units
    assert alternation("capacity_units.txt").split("|") == list(units)
    # an entry that is an expression is kept as one when asked (东延, 西延 …)
    actions = re.compile(alternation("project_actions.txt", patterns=True))
    assert actions.fullmatch("东延") and actions.fullmatch("改扩建")
    assert pairs("currencies.tsv")["美元"] == "USD"


def test_alternation_escapes_words():
    # a word with a regex metacharacter matches only itself
    assert all(re.fullmatch(re.escape(w), w) for w in words("capacity_units.txt"))
    assert re.compile(alternation("legal_forms.txt")).fullmatch("有限公司")


@pytest.mark.parametrize("name, stripped", [
    ("华新水泥股份有限公司", "华新水泥"),
    ("黄石城发集团", "黄石城发"),
    ("大冶有色集团有限公司", "大冶有色"),
    ("宁德时代", "宁德时代"),
])
def test_legal_tail(name, stripped):
    assert LEGAL_TAIL.sub("", name) == stripped


def test_legal_or_holding_tail_also_drops_a_holding_word():
    assert LEGAL_OR_HOLDING_TAIL.sub("", "华新控股") == "华新"
    assert LEGAL_TAIL.sub("", "华新控股") == "华新控股"
    assert LEGAL_FORM_ONLY.match("集团股份有限公司") and not LEGAL_FORM_ONLY.match("华新集团")


def test_phase_tail():
    assert PHASE_TAIL.sub("", "传化公路港一期") == "传化公路港"
    assert PHASE_TAIL.sub("", "园博大道2期") == "园博大道"
    assert not PHASE_TAIL.search("一期工程项目")


def test_shared_patterns_are_written_once():
    """The legal forms, the phase number and the project heads are spelt only in kg/data
    and kg/extract/lexicon.py; every other module imports them."""
    spelt = {"股份有限公司|有限责任公司": "the legal forms (LEGAL_FORMS)",
             "[一二三四五六七八九十\\d]": "the phase number (PHASE_NUMBER, PHASE_TAIL)",
             "项目|工程": "the project heads (PROJECT_HEADS)", "工程|项目": "the project heads (PROJECT_HEADS)"}
    for path in PACKAGE.rglob("*.py"):
        if path.name == "lexicon.py":
            continue
        text = path.read_text(encoding="utf-8")
        for literal, what in spelt.items():
            assert literal not in text, f"{path.relative_to(PACKAGE)} spells {what}: import it from kg.extract.lexicon"


def test_project_heads_are_the_strong_suffixes():
    from kg.extract.lexicon import PROJECT_HEADS, load_lexicon
    strong = [s for s, kind in load_lexicon().project_suffixes.items() if kind == "strong"]
    assert PROJECT_HEADS.split("|") == strong == ["项目", "工程"]


def test_a_malformed_table_line_names_file_and_line(tmp_path, monkeypatch):
    from kg.errors import InputError
    (tmp_path / "t.tsv").write_text("# what it is\n元\tCNY\n美元 USD\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "DATA", tmp_path)
    with pytest.raises(InputError, match=r"t\.tsv:3: expected a word, a tab"):
        pairs("t.tsv")
    (tmp_path / "t.tsv").write_text("区\tcounty\n市\ttown-ish\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"t\.tsv:2: .*one of city, county"):
        pairs("t.tsv", ("city", "county"))


def test_relative_regions_are_levels():
    from kg.extract.gazetteer import LEVELS
    from kg.extract.governments import RELATIVE, RELATIVE_CHAR
    assert RELATIVE["市"] == "city" and set(RELATIVE.values()) <= set(LEVELS)
    assert RELATIVE_CHAR.pattern == "[省市州区县]"
