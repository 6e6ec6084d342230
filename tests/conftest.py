"""Shared fixtures: the seed corpus, the shared eval files, one seed build per session,
and ``make_article`` to turn a sentence into an Article."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.parse import parse_text
from kg.records import Article

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    """The seed corpus folder (seeds/)."""
    return SEEDS


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """Small fixed article files (tests/data/)."""
    return REPO / "tests" / "data"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared eval files (../shared), or skip when they are not checked out beside the repo."""
    if not (SHARED / "eval" / "score.py").is_file():
        pytest.skip(f"shared eval files not found at {SHARED}")
    return SHARED


@pytest.fixture
def tmp_out(tmp_path) -> Path:
    """An empty output folder for one test."""
    out = tmp_path / "out"
    out.mkdir()
    return out


def _validate_available() -> bool:
    try:
        from kg.validate import validate_graph  # noqa: F401
        from kg.vocab import ONTOLOGY_FILE, SHAPES_FILE
    except ImportError:
        return False
    return ONTOLOGY_FILE.is_file() and SHAPES_FILE.is_file()


@pytest.fixture(scope="session")
def seed_build():
    """kg.pipeline.build on seeds/, once per session (SHACL-validated when kg.validate works)."""
    from kg.pipeline import build
    from kg.settings import Settings

    return build([SEEDS], Settings(validate=_validate_available()))


def article_block(text: str, *, tag: str = "黄石招商", title: str = "测试", date: str = "2024-05-01") -> str:
    """One article in the seed file format."""
    return f"-\n【{tag}】{title}\n{text}\n{date}\n"


def _make_article(text: str, tag: str = "黄石招商", title: str = "测试", date: str = "2024-05-01") -> Article:
    parsed = parse_text(article_block(text, tag=tag, title=title, date=date), "test.txt")
    assert len(parsed.articles) == 1, parsed
    return parsed.articles[0]


@pytest.fixture(scope="session")
def ontology():
    """ontology/kg.ttl, parsed once."""
    from rdflib import Graph
    from kg.vocab import ONTOLOGY_FILE
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="session")
def shapes():
    """ontology/shapes.ttl, parsed once."""
    from rdflib import Graph
    from kg.vocab import SHAPES_FILE
    return Graph().parse(SHAPES_FILE, format="turtle")


@pytest.fixture(scope="session")
def make_article():
    """make_article(text, tag="黄石招商", title="测试", date="2024-05-01") -> Article."""
    return _make_article
