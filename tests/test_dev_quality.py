"""Development-set gate: each slice of ../shared/eval/dev built alone and scored.

The four slices (hs 黄石, hb other 湖北 cities, cn other provinces, mx hard forms) are
what users feed the tool; the floors below are today's figures less a small margin,
so a change that loses ground on any slice fails here. The extraction issue's targets
(entity F1 0.88, relation F1 0.75 on every slice) are not reached yet: they stand as
strict expected failures, which start failing the day they are met (then make them
the floors). Skipped without ../shared.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.namecheck import check_graph

# slice -> (entity F1, relation F1, lifecycle F1) floors: the figures measured when this
# gate was set, less 0.01
FLOORS = {
    "hs": (0.82, 0.58, 0.72),
    "hb": (0.86, 0.67, 0.78),
    "cn": (0.82, 0.60, 0.67),
    "mx": (0.87, 0.70, 0.78),
}
TARGET_ENTITY_F1, TARGET_RELATION_F1 = 0.88, 0.75


@pytest.fixture(scope="module")
def slices(shared_dir, repo_dir, tmp_path_factory):
    """slice -> (score.py's JSON result, the built graph) for each dev slice built alone."""
    from kg.pipeline import build
    from kg.settings import Settings

    gold_path = shared_dir / "eval" / "gold" / "dev.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    ontology = sorted(str(p) for p in (repo_dir / "ontology").glob("*.ttl"))
    out = {}
    for name in FLOORS:
        built = build([shared_dir / "eval" / "dev" / f"{name}.txt"], Settings(validate=False))
        ttl = tmp_path_factory.mktemp(f"dev-{name}") / "graph.ttl"
        built.graph.serialize(ttl, format="turtle")
        ids = ",".join(a["id"] for a in gold["articles"] if a["id"].startswith(f"d-{name}"))
        proc = subprocess.run([sys.executable, str(shared_dir / "eval" / "score.py"), "--gold", str(gold_path),
                               "--json", "--articles", ids, str(ttl), *ontology],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        body, _, summary = proc.stdout.rstrip("\n").rpartition("\n")
        print(f"\n{name}: {summary}")
        out[name] = (json.loads(body), built.graph)
    return out


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_slice_keeps_its_floor(slices, name):
    result, _ = slices[name]
    entity, relation, lifecycle = (result[k]["all"]["f1"] for k in ("entities", "relations", "lifecycle"))
    floor = FLOORS[name]
    assert entity >= floor[0], (name, entity)
    assert relation >= floor[1], (name, relation)
    assert lifecycle >= floor[2], (name, lifecycle)


@pytest.mark.parametrize("name", sorted(FLOORS))
@pytest.mark.xfail(strict=True, reason="the extraction issue's targets are not met yet (see FLOORS)")
def test_dev_slice_meets_the_target(slices, name):
    result, _ = slices[name]
    assert result["entities"]["all"]["f1"] >= TARGET_ENTITY_F1
    assert result["relations"]["all"]["f1"] >= TARGET_RELATION_F1


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_slice_has_no_suspicious_labels(slices, name):
    _, graph = slices[name]
    assert check_graph(graph) == []
