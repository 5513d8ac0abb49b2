"""Dates as announcements write them, turned into ISO ``YYYY-MM-DD``.

Handles "19 July 2021", "July 19, 2021", "2025年9月17日" (with or without spaces) and the
Chinese-numeral form "二零二五年六月二十七日" / "二〇二五年…", each optionally after a
weekday ("Friday, 19 July 2021"). Impossible dates give ``None``.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_CN_DIGITS = "零〇○０一二三四五六七八九"
_CN_VALUES = {"零": 0, "〇": 0, "○": 0, "０": 0} | {
    char: value for value, char in enumerate("一二三四五六七八九", start=1)
}

# "Friday, " / "Fri. " before an English date; the date itself decides, not the weekday.
WEEKDAY_PREFIX = r"(?:(?:Mon|Tue|Tues|Wed|Wednes|Thu|Thur|Thurs|Fri|Sat|Satur|Sun)(?:day)?\.?,?\s+)"

DATE_PATTERN = (
    rf"(?:{WEEKDAY_PREFIX}?\d{{1,2}}{_ORDINAL}\s+{_MONTH_NAME}\.?,?\s+\d{{4}}"
    rf"|{WEEKDAY_PREFIX}?{_MONTH_NAME}\.?\s+\d{{1,2}}{_ORDINAL},?\s+\d{{4}}"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    rf"|[{_CN_DIGITS}]{{4}}\s*年\s*[十{_CN_DIGITS}]{{1,3}}\s*月\s*[十{_CN_DIGITS}]{{1,4}}\s*日)"
)

_DAY_MONTH_YEAR = re.compile(rf"(\d{{1,2}}){_ORDINAL}\s+({_MONTH_NAME})\.?,?\s+(\d{{4}})", re.I)
_MONTH_DAY_YEAR = re.compile(rf"({_MONTH_NAME})\.?\s+(\d{{1,2}}){_ORDINAL},?\s+(\d{{4}})", re.I)
_ARABIC_CJK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_NUMERAL_CJK = re.compile(
    rf"([{_CN_DIGITS}]{{4}})\s*年\s*([十{_CN_DIGITS}]{{1,3}})\s*月\s*([十{_CN_DIGITS}]{{1,4}})\s*日"
)


def _chinese_number(numeral: str) -> int | None:
    """Value of 一 … 三十一 (with 十) or of digit-by-digit numerals such as 二零二五."""
    if "十" not in numeral:
        digits = [_CN_VALUES.get(char) for char in numeral]
        if any(digit is None for digit in digits):
            return None
        return int("".join(str(digit) for digit in digits))
    tens, _, units = numeral.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return None
    tens_value = _CN_VALUES.get(tens, -1) if tens else 1
    units_value = _CN_VALUES.get(units, -1) if units else 0
    if tens_value < 1 or units_value < 0:
        return None
    return tens_value * 10 + units_value


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is None or month is None or day is None or not 1900 <= year <= 2200:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(written: str) -> str | None:
    """The ISO date of a date written in one of the supported ways, else ``None``."""
    written = re.sub(rf"^{WEEKDAY_PREFIX}", "", written.strip(), flags=re.IGNORECASE)
    if match := _DAY_MONTH_YEAR.fullmatch(written):
        day, month, year = match.groups()
        return _iso(int(year), _MONTHS.get(month.lower().rstrip(".")), int(day))
    if match := _MONTH_DAY_YEAR.fullmatch(written):
        month, day, year = match.groups()
        return _iso(int(year), _MONTHS.get(month.lower().rstrip(".")), int(day))
    if match := _ARABIC_CJK.fullmatch(written):
        year, month, day = match.groups()
        return _iso(int(year), int(month), int(day))
    if match := _NUMERAL_CJK.fullmatch(written):
        year, month, day = (_chinese_number(part) for part in match.groups())
        return _iso(year, month, day)
    return None
