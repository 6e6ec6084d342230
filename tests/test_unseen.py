"""Articles in styles the seed does not have (other cities, Traditional characters):
a guard that recognition works by structure, not by the seed's names.

The articles in tests/data/unseen/ were written for these tests; each row names a
fact the graph must contain (subject label, predicate, object label or value).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import build
from kg.records import Value
from kg.settings import Settings

UNSEEN = Path(__file__).parent / "data" / "unseen"


@pytest.fixture(scope="module")
def unseen():
    result = build([UNSEEN], Settings(validate=True))
    labels = {e.key: e.label for e in result.linked.entities}
    facts = set()
    for r in result.linked.relations:
        obj = r.obj.value if isinstance(r.obj, Value) else labels[r.obj]
        facts.add((labels[r.subject], r.predicate, obj))
    return result, facts


@pytest.mark.parametrize("fact", [
    ("新能源汽车零部件产业园项目", "investor", "比亚迪汽车工业有限公司"),
    ("新能源汽车零部件产业园项目", "investmentAmount", "3000000000"),
    ("新能源汽车零部件产业园项目", "locatedIn", "深圳工业园"),
    ("深圳工业园", "partOf", "襄阳高新技术产业开发区"),
    ("精密锻件智能制造项目", "locatedIn", "襄州区"),
    ("2024襄阳市招商引资项目集中签约仪式", "startDate", "2024-06-18"),
    ("2024襄阳市招商引资项目集中签约仪式", "organizer", "襄阳市投资促进局"),
    ("襄阳市商务局", "jurisdiction", "襄阳市"),
    ("邦普一体化新能源产业园项目", "investor", "广东邦普循环科技有限公司"),
    ("邦普一体化新能源产业园项目", "locatedIn", "白洋工业园"),
    ("猇亭区经济和信息化局", "jurisdiction", "猇亭区"),
    ("第五届中国(孝感)孝文化旅游节", "locatedIn", "孝南区"),
    ("第五届中国(孝感)孝文化旅游节", "startDate", "2022-10-08"),
    ("第五届中国(孝感)孝文化旅游节", "organizer", "孝感市文化和旅游局"),
    ("董永公园改造提升项目", "investmentAmount", "1500000000"),
    ("华强方特文化科技主题园项目", "investor", "深圳华强集团有限公司"),
    ("十堰经济技术开发区管委会", "jurisdiction", "十堰经济技术开发区"),
    ("湖北利川天然气综合利用项目", "investor", "湖北能源集团股份有限公司"),
    ("智能制造基地项目", "investmentAmount", "300000000"),
    ("第二届中国(荆州)国际机械博览会", "startDate", "2023-11"),
    ("浠水100MW渔光互补光伏发电项目", "investor", "华润电力(湖北)有限公司"),
    ("浠水县招商服务中心", "jurisdiction", "浠水县"),
    ("第十一届中国(随州)专用汽车博览会", "organizer", "湖北省经济和信息化厅"),
    ("动力电池生产基地项目", "investor", "比亚迪股份有限公司"),
    ("动力电池生产基地项目", "locatedIn", "荆州经济技术开发区"),
], ids=lambda f: f"{f[0][:8]}-{f[1]}")
def test_unseen_fact(unseen, fact):
    _, facts = unseen
    assert fact in facts, sorted(f for f in facts if f[0] == fact[0])


@pytest.mark.parametrize("label, alias", [
    ("襄阳高新技术产业开发区", "襄阳高新区"),
    ("荆州经济技术开发区", "荆州开发区"),
    ("鄂州市葛店经济技术开发区", "葛店经开区"),
    ("宁德时代新能源科技股份有限公司", "宁德时代"),
    ("比亚迪股份有限公司", "比亞迪"),
])
def test_unseen_linking(unseen, label, alias):
    result, _ = unseen
    entity = next(e for e in result.linked.entities if e.label == label)
    assert alias in entity.aliases


def test_unseen_traditional_labels_are_simplified(unseen):
    result, _ = unseen
    labels = {e.label for e in result.linked.entities}
    assert "荆州市商务局" in labels and "荊州市商務局" not in labels
    assert all("項目" not in label and "開發區" not in label for label in labels)
