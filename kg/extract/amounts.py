"""Money amounts: 5亿元 -> 500000000 CNY, 4亿美元 -> USD, 1048万元 -> 10480000."""
from __future__ import annotations

import re
from decimal import Decimal

from kg.extract.lexicon import pairs
from kg.records import Value
from kg import registry

CURRENCY = pairs("currencies.tsv")               # word -> ISO 4217 code, in the order AMOUNT tries them
UNITS = {unit: int(n) for unit, n in pairs("amount_units.tsv").items()}   # longest first
UNIT = {"": 1, **UNITS}
CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
AMOUNT = re.compile(r"(?P<num>\d+(?:\.\d+)?|[一二两三四五六七八九十]{1,3})(?:多|余)?"
                    f"(?P<unit>{'|'.join(map(re.escape, UNITS))})?(?P<cur>{'|'.join(map(re.escape, CURRENCY))})")


def _cn_number(s: str) -> Decimal | None:
    if s == "十":
        return Decimal(10)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return Decimal(CN_DIGITS.get(tens, 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0))
    if len(s) == 1 and s in CN_DIGITS:
        return Decimal(CN_DIGITS[s])
    return None


def parse_amount(m: re.Match) -> Value | None:
    """A matched amount as a Value in the currency's unit (no scientific notation)."""
    num = m.group("num")
    n = Decimal(num) if num[0].isdigit() else _cn_number(num)
    if n is None:
        return None
    total = n * UNIT[m.group("unit") or ""]
    text = format(total.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Value(text, registry.AMOUNT, CURRENCY[m.group("cur")])
