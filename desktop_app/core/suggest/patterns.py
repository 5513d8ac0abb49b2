"""The built-in recognisers that schema patterns name: each finds spans of one kind in text and
fills the typed attributes (money value and currency, ISO date, number, rule reference).

A recogniser yields ``(start, end, attributes)``; the engine turns them into suggestions of the
entity type whose schema pattern names it.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from collections.abc import Callable, Iterator
from functools import lru_cache

from desktop_app.core.importers.dates import DATE_PATTERN, parse_date
from desktop_app.core.models import Attributes
from desktop_app.core.suggest.numbers import (
    CHINESE_SCALE,
    NUMBER,
    as_number,
    number_value,
    plain_decimal,
)
from desktop_app.core.suggest.scan import Closing, Scan, first_of

Found = tuple[int, int, Attributes]
Recogniser = Callable[[str], Iterator[Found]]

_CURRENCIES = {
    "HK$": "HKD",
    "HKD": "HKD",
    "港幣": "HKD",
    "港元": "HKD",
    "US$": "USD",
    "USD": "USD",
    "美元": "USD",
    "RMB": "CNY",
    "CNY": "CNY",
    "人民幣": "CNY",
    "元人民幣": "CNY",
    "S$": "SGD",
    "SGD": "SGD",
    "NT$": "TWD",
    "A$": "AUD",
    "C$": "CAD",
    "£": "GBP",
    "GBP": "GBP",
    "€": "EUR",
    "EUR": "EUR",
    "MOP": "MOP",
    "JPY": "JPY",
}
# A number read whole, never retried shorter: each pattern below follows a number with what
# cannot continue one (a space, a sign, a currency or scale word) or with nothing it needs,
# so a shorter reading ("1,00" of "1,000") could never match where the whole one fails.
_NUMBER = rf"(?>{NUMBER})"
_LATIN_CURRENCY = r"HK\$|HKD|US\$|USD|RMB|CNY|S\$|SGD|NT\$|A\$|C\$|£|GBP|€|EUR|MOP|JPY"
# After a currency written first, or with the currency after the number (「60百萬港元」): that
# form opens with a digit, so it is found from its currency.
_MONEY_FIRST = Scan(
    rf"(?<![A-Za-z])(?P<cur>{_LATIN_CURRENCY})\s?(?P<num>{_NUMBER})"
    r"(?:\s?(?P<short>mn|bn|m)\b|\s(?P<scale>thousand|million|billion)\b)?"
    rf"|(?P<ccur>港幣|人民幣|美元)\s?(?P<cnum>{_NUMBER})\s?(?P<cscale>{CHINESE_SCALE}|仙)?\s?元?",
    first=r"HURCSNA£G€EMJ港人美",
)
_MONEY_AFTER = Closing(
    rf"(?P<pnum>{_NUMBER})\s?(?P<pscale>{CHINESE_SCALE})?\s?(?P<pcur>港元|美元|元人民幣|人民幣)",
    closing="港元|美元|元人民幣|人民幣",
    between=lambda char: char.isdecimal() or char.isspace() or char in ",.千萬百十億",
)
_APPROXIMATE_WORDS = (
    "approximately",
    "approx.",
    "about",
    "around",
    "not less than",
    "not more than",
    "up to",
    "over",
    "約",
    "不少於",
    "不多於",
    "最多",
    "逾",
    "超過",
)


_APPROXIMATE_ENDINGS = frozenset(word[-1] for word in _APPROXIMATE_WORDS)


def _approximate(text: str, start: int) -> bool:
    """Whether one of the words of approximation ends (spaces aside) within the 20 characters
    before ``start``: "approximately HK$3 million", 「約港幣300萬元」."""
    before = text[max(0, start - 20) : start].rstrip()
    if not before or before[-1].lower() not in _APPROXIMATE_ENDINGS:
        return False
    return before.lower().endswith(_APPROXIMATE_WORDS)


def _number(
    seen: dict[tuple[str, str], int | float | None], written: str, scale: str
) -> int | float | None:
    """The value of a number as written with its scale, read once per document."""
    key = (written, scale)
    if key not in seen:
        value = number_value(written, scale)
        seen[key] = None if value is None else as_number(value)
    return seen[key]


def money(text: str) -> Iterator[Found]:
    """HK$3.12, US$2 million, RMB38.6 million, 港幣3,200萬元, 人民幣42,000,000元, 60百萬港元."""
    amounts: dict[tuple[str, str, str], str | None] = {}
    for after, (start, end, match) in first_of(text, (_MONEY_FIRST, _MONEY_AFTER)):
        if after:
            written, scale, currency = match.group("pnum", "pscale", "pcur")
        else:
            written = match.group("num") or match.group("cnum")
            scale = match.group("short") or match.group("scale") or match.group("cscale")
            currency = match.group("cur") or match.group("ccur")
        key = (written, scale or "", currency)
        if key not in amounts:  # a document writes the same amounts again and again
            value = number_value(written, scale or "")
            amounts[key] = (
                None
                if value is None
                else f"{_CURRENCIES[currency]} {plain_decimal(value, bool(scale))}"
            )
        amount = amounts[key]
        if amount is not None:
            yield start, end, {"value": amount, "approximate": _approximate(text, start)}


# Found from the sign (or 百分之) and the number before it.
_PERCENT = Closing(
    rf"(?<![\d.,])(?P<num>{_NUMBER})\s?(?:%|％|per cent\b|percent\b)|百分之(?P<cnum>{_NUMBER})",
    closing="%|％|per cent|percent|百分之",
    between=lambda char: char.isdecimal() or char.isspace() or char in ",.",
)


def percent(text: str) -> Iterator[Found]:
    """15%, 4.76 per cent, 百分之三十 is left out (numerals), 百分之35."""
    numbers: dict[tuple[str, str], int | float | None] = {}
    for start, end, match in _PERCENT.finditer(text):
        value = _number(numbers, match.group("num") or match.group("cnum"), "")
        if value is not None:
            yield start, end, {"value": value, "approximate": _approximate(text, start)}


def _period_before(text: str, ended: int, lowest: int) -> int:
    """Where "six months", "financial year" or "period" before "ended" can start: a space, a
    word of at most six letters, another space, and at most nine more ("financial")."""
    start = ended
    for length in (len("months"), len("financial")):
        while start > lowest and text[start - 1].isspace():
            start -= 1
        start -= length
    return start


# "six months ended 30 June 2025" found from "ended"; 「截至2025年6月30日止六個月」 from 截至.
_PERIOD = (
    Closing(
        rf"(?:(?:three|six|nine|twelve|3|6|9|12)\s+months|(?:financial\s+)?year|period)"
        rf"\s+ended\s+(?P<date>{DATE_PATTERN})",
        closing="ended",
        opens=_period_before,
    ),
    Scan(rf"截至(?P<date>{DATE_PATTERN})止(?:三個月|六個月|九個月|十二個月|年度|期間)", first="截"),
)
# A date opens with a digit (also ０), a weekday's or month's capital, or a Chinese numeral.
_DATE = Scan(DATE_PATTERN, first=r"\dMTWFSJAOND零〇○一二三四五六七八九")
# "April 2025" from its capital; 「2025年4月」 from its 年, four digits after where it starts.
_MONTH = (
    Scan(
        r"(?<![\d\w])(?:January|February|March|April|May|June|July|August|September|October|"
        r"November|December)\s+\d{4}(?!\d)",
        first="JFMASOND",
    ),
    Closing(r"(?<![\d年])\d{4}年\d{1,2}月(?!\d|份?\d)(?!\s*\d{1,2}\s*日)", closing="年", reach=4),
)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of ``spans`` (sorted, not overlapping)."""
    index = bisect_right(spans, (start, 1 << 62)) - 1
    if index >= 0 and spans[index][0] < end and start < spans[index][1]:
        return True
    index += 1
    return index < len(spans) and spans[index][0] < end and start < spans[index][1]


def date(text: str) -> Iterator[Found]:
    """Every date form the importer's date parser knows, and periods ending on one
    ("six months ended 30 June 2025", 「截至2025年6月30日止六個月」)."""
    periods: list[tuple[int, int]] = []
    for _, (start, end, match) in first_of(text, _PERIOD):
        iso = parse_date(match.group("date"))
        if iso is not None:
            periods.append((start, end))
            yield start, end, {"value": iso, "kind": "period"}
    taken = list(periods)
    parsed: dict[str, str | None] = {}  # a document writes the same dates again and again
    for start, end, _ in _DATE.finditer(text):
        if _inside(periods, start, start + 1):
            continue
        written = text[start:end]
        iso = (
            parsed[written]
            if written in parsed
            else parsed.setdefault(written, parse_date(written))
        )
        if iso is not None:
            insort(taken, (start, end))
            yield start, end, {"value": iso, "kind": "day"}
    for _, (start, end, _) in first_of(text, _MONTH):
        # "April 2025", 「2025年4月」: a date given to the month (no day, so no ISO value).
        if not _inside(taken, start, end):
            yield start, end, {"kind": "month"}


_EN_COUNT = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"


def _count_before(text: str, unit: int, lowest: int) -> int:
    """Where the count before a unit can start: "three (3) years", "6  months" — a space, the
    figure in brackets if there is one, another space, and at most six characters."""
    end = unit
    while end > lowest and text[end - 1].isspace():
        end -= 1
    if end > lowest and text[end - 1] == ")":
        bracket = end - 1
        while bracket > lowest and text[bracket - 1].isdecimal():
            bracket -= 1
        if bracket > lowest and text[bracket - 1] == "(":
            end = bracket - 1
            while end > lowest and text[end - 1].isspace():
                end -= 1
    return end - len("twelve")


# "three years" found from its unit (no count word holds "year" or "month"); 「三年」 from its
# numeral.
_DURATION = (
    Closing(
        rf"(?<![\w-]){_EN_COUNT}(?:\s+\(\d{{1,2}}\))?\s+(?:years?|months?)(?!\s+ended)(?![\w-])",
        closing="year|month",
        opens=_count_before,
    ),
    Scan(
        r"(?<![\d零〇一二三四五六七八九十年月])[一二三四五六七八九十]{1,2}"
        r"(?:年期|個月|年|個營業日|個工作日)"
        r"(?![\d零〇一二三四五六七八九十月度])",
        first="一二三四五六七八九十",
    ),
)


def duration(text: str) -> Iterator[Found]:
    """A term or period given as a length: "three years", "six (6) months", 「三年」, 「三年期」."""
    for _, (start, end, _) in first_of(text, _DURATION):
        yield start, end, {"kind": "period"}


# Up to two words before "shares", each read whole (a shorter reading is followed by a letter
# or a space, where the next word or "shares" cannot start).
_SHARE_UNIT = r"(?:(?!of\b|the\b|per\b|each\b|and\b|or\b)[A-Za-z]++\s++){0,2}[Ss]hares?\b"
_SHARES = Scan(
    rf"(?<![\d.,$(（])(?P<num>{_NUMBER})"
    rf"(?:(?:\s(?P<scale>million|billion))?(?=\s+{_SHARE_UNIT})|\s?(?P<cscale>萬|億|百萬)?(?=\s?股))",
    first=r"\d",
)


def share_quantity(text: str) -> Iterator[Found]:
    """A number followed by its unit: "1,240,000 ordinary shares", "10,000 New Shares",
    「52,000股」. The span is the number (with its scale word); the unit decides the type."""
    numbers: dict[tuple[str, str], int | float | None] = {}
    for start, end, match in _SHARES.finditer(text):
        scale = match.group("scale") or match.group("cscale") or ""
        value = _number(numbers, match.group("num"), scale)
        if value is not None:
            yield start, end, {"value": value, "approximate": _approximate(text, start)}


_STOCK_CODE = Scan(r"(?:[Ss]tock [Cc]odes?|股份代號)\s*[:：]\s*(?P<code>\d{1,5})\b", first="Ss股")


def stock_code(text: str) -> Iterator[Found]:
    """The code in "(Stock Code: 2981)" / 「股份代號：328」, normalised to four digits."""
    for _, _, match in _STOCK_CODE.finditer(text):
        code = match.group("code").lstrip("0").rjust(4, "0")
        yield match.start("code"), match.end("code"), {"stock_code": code, "kind": "ordinary_share"}


_CN_NUMERALS = {c: v for v, c in enumerate("零一二三四五六七八九")}
_RULE_NUMBER = r"\d+[A-Z]{0,2}(?:\.\d+[A-Z]{0,2})*(?:\([0-9a-z]{1,4}\))*"
_RULES = Scan(
    rf"(?P<rule>Rules?\s+{_RULE_NUMBER})(?P<lr>\s+of\s+the\s+(?:GEM\s+)?Listing\s+Rules)?"
    rf"|(?P<chapter>Chapters?\s+\d+[A-Z]?)(?!\s+of\s+the\s+Laws)(?!\d)"
    r"(?:\s+of\s+the\s+(?:GEM\s+)?Listing\s+Rules)?"
    r"|Part\s+(?P<part>[IVXL]+[A-Z]?)\s+of\s+the\s+(?P<ord>Securities\s+and\s+Futures\s+Ordinance"
    r"|SFO|Companies\s+Ordinance)"
    rf"|(?:(?:GEM)?上市規則|(?<=上市規則」）))第(?P<cnrule>[\d.A-Z()（）]+)條"
    r"|(?P<section>[Ss]ections?\s+\d+[A-Z]?(?:\(\w{1,4}\))*)\s+of\s+the\s+"
    r"(?P<act>(?:[A-Z][\w]*\s+){1,5}(?:Act|Ordinance)(?:\s+\d{4})?(?:\s+of\s+[A-Z]\w+)?)"
    r"|(?:GEM)?上市規則第(?P<cnchapter>[\d十零一二三四五六七八九A-Z]+)章"
    r"|證券及期貨條例第(?P<cnpart>[IVXL]+[A-Z]?)部",
    first="RCPG上第Ss證",
)


def _chapter_number(written: str) -> str:
    """十四 → 14, 十四A → 14A; digits unchanged."""
    suffix = written.lstrip("十零一二三四五六七八九")
    numeral = written[: len(written) - len(suffix)]
    if not numeral:
        return written
    tens, has_ten, units = numeral.partition("十")
    value = (_CN_NUMERALS.get(tens, 1) if has_ten else 0) * 10 + (
        _CN_NUMERALS.get(units, 0) if units else 0
    )
    if not has_ten:
        value = _CN_NUMERALS.get(numeral, 0)
    return f"{value}{suffix}"


def rule_reference(text: str) -> Iterator[Found]:
    """Rule 13.09(2)(a) [of the Listing Rules], Chapter 14A, Part XIVA of the SFO,
    上市規則第13.51(2)條, 上市規則第十四章, 證券及期貨條例第XIVA部."""
    for start, end, match in _RULES.finditer(text):
        groups = match.groupdict()
        if groups["rule"]:
            number = groups["rule"].split(None, 1)[1]
            source, reference = "listing_rules", f"LR {number}"
        elif groups["chapter"]:
            source, reference = "listing_rules", f"LR Ch. {groups['chapter'].split(None, 1)[1]}"
        elif groups["part"]:
            companies = "Companies" in groups["ord"]
            source = "companies_ordinance" if companies else "sfo"
            reference = f"{'CO' if companies else 'SFO'} Part {groups['part']}"
        elif groups["section"]:
            act = groups["act"]
            source = "companies_ordinance" if "Companies Ordinance" in act else "other"
            reference = f"{act} s. {groups['section'].split(None, 1)[1]}"
        elif groups["cnrule"]:
            number = groups["cnrule"].replace("（", "(").replace("）", ")")
            source, reference = "listing_rules", f"LR {number}"
        elif groups["cnchapter"]:
            source, reference = "listing_rules", f"LR Ch. {_chapter_number(groups['cnchapter'])}"
        else:
            source, reference = "sfo", f"SFO Part {groups['cnpart']}"
        yield start, end, {"source": source, "reference": reference}


RECOGNISERS: dict[str, Recogniser] = {
    "money": money,
    "percent": percent,
    "date": date,
    "duration": duration,
    "share_quantity": share_quantity,
    "stock_code": stock_code,
    "rule_reference": rule_reference,
}


@lru_cache(maxsize=64)
def regex_recogniser(expression: str) -> Recogniser:
    """A schema's own regular expression; a group named ``span`` narrows the span."""
    compiled = re.compile(expression)

    def find(text: str) -> Iterator[Found]:
        for match in compiled.finditer(text):
            group = "span" if "span" in compiled.groupindex else 0
            if match.start(group) < match.end(group):
                yield match.start(group), match.end(group), {}

    return find
