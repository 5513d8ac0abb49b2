"""Document metadata read from an announcement's text, only where it can be read reliably.

Keys (each present only when found): ``stock_code`` (digits as written, e.g. "0328"),
``issuer`` (the company's name as written), ``publication_date`` (ISO), ``headline`` (the
headline line or category under the issuer block, as written) and ``headline_category``
(the schema's value for the HKEX category the headline names, see
``headline_categories``).
"""

from __future__ import annotations

import itertools
import re

from desktop_app.core.importers.dates import DATE_PATTERN, parse_date
from desktop_app.core.importers.headline_categories import find_headline_category
from desktop_app.core.importers.language import is_cjk

_HEADER_LINES = 40  # the issuer block and headline sit within the first lines
_HEADER_CHARS = 3000

_CODE_LABEL = r"(?:stock\s+codes?|(?:股份|證券|证券)代[號号碼码])"
_STOCK_CODE = re.compile(
    _CODE_LABEL + r"\s*(?:\((?:if listed|如上市)\)|（如上市）)?\s*[:：]?\s*(\d{1,5})(?![\d,.])",
    re.IGNORECASE,
)
# The stock code standing alone in the issuer block, e.g. "(Stock Code: 0328)", "（股份代號：328）".
_CODE_LINE = re.compile(r"[（(]?\s*" + _CODE_LABEL + r"\s*[:：]?\s*\d{1,5}\s*[）)]?", re.I)
_ENGLISH_COMPANY = re.compile(
    r"(?:[A-Z0-9(][\w&.,'’()\-]*\s+){1,10}?"
    r"(?:Limited|LIMITED|Ltd\.?|LTD\.?|Corporation|CORPORATION|Inc\.|INC\.|plc|PLC|N\.V\.|S\.A\.)"
    r"(?:\s*\*)?"
)
_CHINESE_COMPANY = re.compile(
    r"[^\s（(「『\"]\S{1,38}?(?:有限公司|股份公司|有限责任公司)(?:\s*\*)?"
)
_NOT_ISSUERS = re.compile(
    r"Exchanges and Clearing|Stock Exchange|香港交易及結算所|香港交易及结算所|聯合交易所|联合交易所"
)
_BY_ORDER = re.compile(
    r"(?:by order of the board|for and on behalf of(?: the board(?: of directors)?)?|"
    r"承董事[會局]命|承董事[会局]命|代表董事[會会局])\s*(?:of)?\s*$",
    re.IGNORECASE,
)
_ISSUER_FIELD = re.compile(
    r"^(?:公司名稱|公司名称|Name of (?:Issuer|Company))\s*[:：]\s*(.+?)\s*$", re.I
)
_WEEKDAY = r"(?:\s*[（(](?:星期|禮拜|礼拜)?[一二三四五六日天][）)]|\s*\([A-Z][a-z]+day\))?"
# A place: capitalised words, with "of", "the", "and" and apostrophes inside ("People's
# Republic of China"); up to three of them, comma-separated ("Suzhou, People's Republic of
# China"), or a Chinese place name.
_PLACE_WORD = r"[A-Z][A-Za-z.'’\-]*"
_PLACE_NAME = rf"(?:the\s+)?{_PLACE_WORD}(?:\s+(?:(?:of|the|and|de)\s+)?{_PLACE_WORD}){{0,4}}"
_PLACE = rf"(?:{_PLACE_NAME}(?:\s*,\s*{_PLACE_NAME}){{0,2}}|[\u4e00-\u9fff]{{2,8}})"
_PLACE_DATE = re.compile(rf"^{_PLACE}\s*[,，、]\s*({DATE_PATTERN}){_WEEKDAY}\s*[。.]?$")
_DATE_LINE = re.compile(rf"^(?:Dated:?\s*)?({DATE_PATTERN}){_WEEKDAY}\s*[。.]?$")
_CLOSING_LINES = 6  # how far below "By order of the Board" the date may stand
_DATE_FIELD = re.compile(
    rf"^(?:呈交日期|提交日期|Date [Ss]ubmitted|Date of (?:this )?announcement)\s*[:：]\s*"
    rf"({DATE_PATTERN})\s*$"
)
_ENUMERATOR = re.compile(
    r"^(?:\(?\d{1,2}\)|\(?[ivx]{1,4}\)|\(?[a-h]\)|[（(][一二三四五六七八九十]+[）)])"
)
# A heading line does not end like a sentence or a label ("；" may end one: "(1) …；及").
_NOT_HEADING_END = "。.，,：:！!？?"
_CONTINUES = "、，,的之及與与和或(；;"
# Lines that start the body: they define "the Company" or say who makes the announcement.
_BODY_MARKERS = re.compile(
    r"「本公司」|「本集團」|「本集团」|[(（]the\s+[\"“]Company[\"”]"
    r"|本公告乃|This announcement is made",
    re.IGNORECASE,
)
_HEADER_JUNK = re.compile(r"^[（(].*[）)]$|網址|网址|website|https?://|www\.", re.IGNORECASE)
_MAX_BLOCK = 6  # heading lines looked at
_WRAPPED_SHARE = 0.8  # a heading line this long (relative to the longest) wrapped onto the next
_WRAPPED_MIN = 16
# A heading line opening with these words needs what follows: "截至…止年度" + "業績公告".
_OPENERS = ("截至", "有關", "關於", "有关", "关于", "For the year", "In relation to")
_CONTINUES_NEXT = "之的及與与和或）)"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n")]


def find_stock_code(text: str) -> str | None:
    """The issuer's stock code: the first one in the header, or the only one in the text."""
    matches = list(_STOCK_CODE.finditer(text))
    if not matches:
        return None
    first = matches[0]
    if first.start() < _HEADER_CHARS or len({int(match.group(1)) for match in matches}) == 1:
        return first.group(1)
    return None


def _company_name(line: str) -> str | None:
    for pattern in (_ENGLISH_COMPANY, _CHINESE_COMPANY):
        if pattern.fullmatch(line) and not _NOT_ISSUERS.search(line):
            return line.rstrip("* ").strip()
    return None


def _header_end(lines: list[str]) -> int:
    """Index of the first body line (the one defining "the Company"), bounded."""
    for index, line in enumerate(lines[:_HEADER_LINES]):
        if _BODY_MARKERS.search(line):
            return index
    return min(len(lines), _HEADER_LINES)


def find_issuer(text: str) -> str | None:
    """A company name on its own line in the header, after "By order of the Board", or in a
    "Company name:" field of a form."""
    lines = _lines(text)
    for line in lines[: _header_end(lines)]:
        if name := _company_name(line):
            return name
    for index, line in enumerate(lines[:-1]):
        if _BY_ORDER.search(line) and (name := _company_name(lines[index + 1])):
            return name
    for line in lines[:_HEADER_LINES]:
        if (match := _ISSUER_FIELD.match(line)) and _company_name(match.group(1)):
            return match.group(1).rstrip("* ").strip()
    return None


def find_publication_date(text: str) -> str | None:
    """The date of the closing "Hong Kong, 19 July 2021" / "香港，2025年9月17日" line (the
    last one in the text), a date standing alone on a line of the closing block, or a form's
    "Date submitted" field."""
    found: str | None = None
    closing = -_CLOSING_LINES - 1
    for index, line in enumerate(_lines(text)):
        if _BY_ORDER.search(line):
            closing = index
        match = _PLACE_DATE.match(line) or _DATE_FIELD.match(line)
        if not match and index - closing <= _CLOSING_LINES:
            match = _DATE_LINE.match(line)
        if match and (iso := parse_date(match.group(1))):
            found = iso
    return found


def _is_heading_line(line: str) -> bool:
    if not line or line[-1] in _NOT_HEADING_END or _BODY_MARKERS.search(line):
        return False
    cjk_heavy = sum(1 for char in line if is_cjk(char)) * 2 > len(line)
    return len(line) <= (60 if cjk_heavy else 120)


def find_headline(text: str) -> str | None:
    """The headline: the first short line after the issuer block (the stock code line and
    the incorporation note, website and company names around it), with the lines it wraps
    onto. Without a stock code line there is no issuer block to anchor on: ``None``."""
    lines = _lines(text)[:_HEADER_LINES]
    code_lines = [i for i, line in enumerate(lines) if _CODE_LINE.fullmatch(line)]
    if not code_lines:
        return None
    index = code_lines[0] + 1
    while index < len(lines) and (
        not lines[index]
        or _HEADER_JUNK.search(lines[index])
        or _STOCK_CODE.search(lines[index])
        or _company_name(lines[index])
    ):
        index += 1
    block: list[str] = []
    while index < len(lines) and _is_heading_line(lines[index]) and len(block) < _MAX_BLOCK:
        block.append(lines[index])
        index += 1
    if not block:
        return None
    # The headline is the first heading and the lines it wraps onto; a later short line
    # that does not continue it is a second heading (a sub-title or the first section).
    longest = max(len(line) for line in block)
    joined = block[0]
    for previous, line in itertools.pairwise(block):
        wrapped = len(previous) >= max(_WRAPPED_MIN, _WRAPPED_SHARE * longest)
        unfinished = previous[-1] in _CONTINUES or previous.startswith(_OPENERS)
        if not (wrapped or unfinished or line[0] in _CONTINUES_NEXT):
            break
        glue = (
            " " if _ENUMERATOR.match(line) or not (is_cjk(previous[-1]) or is_cjk(line[0])) else ""
        )
        joined += glue + line
    return joined


def extract_metadata(text: str) -> dict[str, str]:
    """Every metadata key that could be read reliably from ``text``."""
    headline = find_headline(text)
    found = {
        "stock_code": find_stock_code(text),
        "issuer": find_issuer(text),
        "publication_date": find_publication_date(text),
        "headline": headline,
        "headline_category": find_headline_category(headline) if headline else None,
    }
    return {key: value for key, value in found.items() if value}


def with_title_category(metadata: dict[str, str], title: str) -> dict[str, str]:
    """``metadata`` with the headline category the title names, when the headline named
    none (or none was found)."""
    if "headline_category" in metadata or not (category := find_headline_category(title)):
        return metadata
    return {**metadata, "headline_category": category}
