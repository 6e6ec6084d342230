"""kg.runner: any function over items, in order, in worker processes or here; forked
functions; and the generic extraction cache and the tokens a Doc is given."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time

import pytest

import kg.extract.text as text_module
from kg.cache import FILENAME, ExtractionCache, entry_key
from kg.extract.doc import Doc
from kg.records import Article
from kg.runner import Warmup, Workers, forked, timed

LOADED: list[str] = []


def square(n: int) -> int:
    return n * n


def scaled(factor: int, n: int) -> int:
    return factor * n


def remember_load() -> None:
    LOADED.append("load")


@pytest.mark.parametrize("count", [1, 2])
def test_runner_maps_any_function_in_order(count):
    items = list(range(100))
    steps = []
    with Workers(count, len(items)) as workers:
        assert workers.map(square, items, steps.append) == [n * n for n in items]
        assert workers.map(scaled, items, shared=3, size=7) == [3 * n for n in items]
        assert workers.size == (2 if count == 2 else 0)
    assert sum(steps) == len(items)


def test_runner_loads_the_warmup_before_it_forks():
    LOADED.clear()
    with Workers(2, 100, Warmup(load=remember_load)) as workers:
        assert workers.map(square, [1, 2, 3]) == [1, 4, 9]      # too few to fork: nothing loaded
        assert LOADED == []
        workers.map(square, list(range(100)))
        assert LOADED == ["load"] and workers.size == 2


def test_runner_maps_nothing_without_forking():
    with Workers(3, 1000) as workers:
        assert workers.map(square, []) == [] and workers.size == 0


def test_runner_forked_gives_the_result_or_the_error():
    with forked(lambda: square(12)) as wait:
        assert wait() == 144
    with forked(lambda: 1 / 0) as wait:
        with pytest.raises(ZeroDivisionError):
            wait()


ORPHAN = """
import os, sys, time
from kg.runner import Forked
process = Forked(lambda: (time.sleep(0.5), b"x" * 4_000_000))    # more than a pipe holds
print(process._process.pid, flush=True)
os._exit(0)              # the parent goes without reading (killed, Ctrl-C, an error)
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="reads /proc")
def test_runner_forked_process_ends_when_its_parent_has_gone(tmp_path):
    """A forked process whose parent is gone does not wait forever to send its result."""
    with open(tmp_path / "pid", "w") as out:         # a file, not a pipe the orphan would hold open
        subprocess.run([sys.executable, "-c", ORPHAN], stdout=out, check=True, timeout=60)
    pid = int((tmp_path / "pid").read_text())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":      # ended, not yet reaped
                    return
        except FileNotFoundError:
            return
        time.sleep(0.1)
    os.kill(pid, 9)
    pytest.fail(f"the forked process {pid} was still waiting a minute after its parent ended")


def test_runner_timed_adds_up():
    timings: dict[str, float] = {}
    for _ in range(2):
        with timed(timings, "stage"):
            pass
    assert list(timings) == ["stage"] and timings["stage"] >= 0


def test_cache_entry_keys_depend_on_the_inputs():
    assert entry_key("a1") == entry_key("a1", "") == "a1"
    one, two = entry_key("a1", "黄石\tCompany"), entry_key("a1", "大冶\tCompany")
    assert one != two and one.startswith("a1:") and entry_key("a2", "黄石\tCompany") != one
    assert entry_key("a1", "黄石\tCompany") == one


def test_cache_drops_the_tables_of_an_older_layout(tmp_path):
    db = sqlite3.connect(tmp_path / FILENAME)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB)")
    db.execute("CREATE TABLE first (key TEXT PRIMARY KEY, value BLOB)")
    db.execute("INSERT INTO meta VALUES ('version', 'old')")
    db.commit()
    db.close()
    with ExtractionCache(tmp_path, identity="new") as cache:
        assert cache.get(["k"]) == {}
        cache.put({"k": 1})
        cache.put_meta("names", ("v", ("x",)))
    tables = {name for name, in sqlite3.connect(tmp_path / FILENAME).execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "first" not in tables
    with ExtractionCache(tmp_path, identity="new") as cache:
        assert cache.get(["k"]) == {"k": 1} and cache.get_meta("names") == ("v", ("x",))


def test_doc_reads_the_tokens_it_is_given(monkeypatch):
    article = Article(id="a.txt:1", source="黄石招商", published="2024-05-10", title="签约",
                      text="黄石市商务局与楚峰新材料签约。")
    whole = Doc.of(article)
    calls = []
    real = text_module.segment         # jieba's segmentation, as tokenize runs it
    monkeypatch.setattr(text_module, "segment", lambda s: calls.append(s) or real(s))
    given = Doc.of(article, whole.tokens)
    assert calls == [] and given.tokens == whole.tokens
    assert Doc.of(article).tokens == whole.tokens and len(calls) == 1
