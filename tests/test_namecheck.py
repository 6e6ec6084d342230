"""kg.namecheck: labels that are fragments or descriptions, and `kg check-names`."""
from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.extract import load_resources
from kg.extract.pos import load_tags
from kg.extract.text import prepare_jieba
from kg.namecheck import check_graph, suspicious
from kg.vocab import KG


def reasons(label: str, type_: str = "Company") -> tuple[str, ...]:
    res = load_resources()
    return suspicious(label, type_, words=prepare_jieba().lcut(label), lex=res.lex, tags=load_tags(),
                      places=res.names)


@pytest.mark.parametrize("label", ["浙江德昱汽车零部件有限公司", "华为", "黄石市商务局", "40万吨阴极铜项目", "无为市",
                                   "海昌(中国)有限公司", "台阳数控精密机械制造（二期）项目",
                                   "丰台区科技园一号", "三大队"])
def test_names_pass(label):
    assert reasons(label) == ()


@pytest.mark.parametrize("label, reason", [
    ("投资30亿元", "led by a date, count or amount"),
    ("2021年公司", "led by a date, count or amount"),
    ("6个智能", "led by a date, count or amount"),
    ("股份有限公司", "a bare legal form"),
    ("重点项目", "only generic words"),
    ("其中华新水泥", "starts with the function word 其中"),
    ("签约。华新水泥", "sentence punctuation"),
    ("、签约活动", "sentence punctuation"),
    ("统战部长)宣布项目", "an unbalanced bracket"),
    ("(远东控股", "an unbalanced bracket"),
    ("光电材料产业基地两个", "ends with a count"),
    ("新能源一体化基地三大", "ends with a count"),
])
def test_fragments_are_flagged(label, reason):
    assert any(r.startswith(reason) for r in reasons(label)), reasons(label)


def test_event_titles_keep_their_commas():
    assert reasons("央地融合,筑梦未来——黄石新港首批项目开工活动", "Event") == ()
    assert reasons("央地融合,筑梦未来", "Company") != ()


def _graph(labels):
    g = Graph()
    for i, (cls, label) in enumerate(labels):
        node = URIRef(f"https://w3id.org/zskg/id/x{i}")
        g.add((node, RDF.type, KG[cls]))
        g.add((node, RDFS.label, Literal(label)))
    return g


def test_check_graph_lists_only_the_suspects():
    g = _graph([("Company", "华新水泥"), ("Project", "2024年项目"), ("Project", "重点项目")])
    assert [(s.type, s.label) for s in check_graph(g)] == [("Project", "2024年项目"), ("Project", "重点项目")]


def test_seed_output_has_no_suspicious_labels(repo_dir):
    proc = subprocess.run([sys.executable, "-m", "kg", "check-names", str(repo_dir / "output" / "graph.ttl")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no suspicious labels" in proc.stdout


def test_check_names_exits_3_and_lists_them(tmp_path):
    path = tmp_path / "g.ttl"
    _graph([("Company", "2021年公司")]).serialize(path, format="turtle")
    proc = subprocess.run([sys.executable, "-m", "kg", "check-names", str(path)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 3
    assert "2021年公司" in proc.stdout and "1 suspicious label" in proc.stderr
