"""Quality gate: a fresh build of seeds/ scored against the shared gold annotation.

Runs ../shared/eval/score.py (as the README does) on graph.ttl + ontology/*.ttl.
Skipped when ../shared is not checked out beside the repository. The summary
line is printed; see it with ``pytest -s tests/test_quality.py`` or on failure.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.export.turtle import write_graph

MIN_ENTITY_F1 = 0.75
MIN_RELATION_F1 = 0.50


@pytest.fixture(scope="module")
def scored(seed_build, shared_dir, repo_dir, tmp_path_factory):
    """score.py's JSON result and its one-line summary for the seed build."""
    ttl = tmp_path_factory.mktemp("quality") / "graph.ttl"
    write_graph(seed_build.graph, ttl)
    ontology = sorted(str(p) for p in (repo_dir / "ontology").glob("*.ttl"))
    gold = shared_dir / "eval" / "gold" / "seed.json"
    proc = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score.py"), "--gold", str(gold), "--json", str(ttl), *ontology],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    body, _, summary = proc.stdout.rstrip("\n").rpartition("\n")
    print(f"\nscore.py: {summary}")
    return json.loads(body), summary


def worst(result: dict, kind: str) -> str:
    rows = sorted((v["f1"], k) for k, v in result[kind].items() if k != "all" and v.get("gold"))
    return ", ".join(f"{k} {f:.3f}" for f, k in rows[:3])


def test_quality_entity_f1(scored):
    result, summary = scored
    f1 = result["entities"]["all"]["f1"]
    assert f1 >= MIN_ENTITY_F1, (f"entity F1 {f1:.3f} < {MIN_ENTITY_F1}; weakest types: {worst(result, 'entities')}\n"
                                 f"{summary}\nmissed: {json.dumps(result['missed'], ensure_ascii=False)[:1500]}")


def test_quality_relation_f1(scored):
    result, summary = scored
    f1 = result["relations"]["all"]["f1"]
    assert f1 >= MIN_RELATION_F1, (f"relation F1 {f1:.3f} < {MIN_RELATION_F1}; "
                                   f"weakest relations: {worst(result, 'relations')}\n{summary}")
