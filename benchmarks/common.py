"""Shared helpers for the benchmark scripts: synthetic announcements, timing, child processes.

Nothing here is imported by the application or the tests. The generator is deterministic for a
given seed, so every run (and every machine) measures the same texts.
"""

from __future__ import annotations

import json
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# --- synthetic announcements -----------------------------------------------------------------

_EN_WORDS = (
    "Golden Harbour",
    "Pacific Dragon",
    "Evergreen Summit",
    "Jade Phoenix",
    "Silver Bay",
    "Great Wall Orient",
    "Victoria Peak",
    "Lotus Pearl",
    "Kowloon Bay",
    "Eastern Crown",
    "Bright Future",
    "Sun Hing",
    "Wing Lee",
    "Tai Fook",
    "Harmony Bridge",
    "Prosper Tide",
)
_EN_KINDS = ("Holdings", "Group", "International", "Technology", "Pharmaceutical", "Properties")
_ZH_SYLLABLES = "金港華盛恒信德泰興利達豐匯寶龍鳳翔安榮昌偉業中國東亞新海天明"
# Supplementary-plane characters that really occur in Hong Kong names (HKSCS) and one emoji:
# each takes one code point but two UTF-16 units, which is what trips offset handling.
_ASTRAL = ("𨋢", "𡃁", "𠮷", "𥚃", "𧨾", "𠝹", "📈")
_SURNAMES = (
    ("Chan", "陳"),
    ("Wong", "黃"),
    ("Lee", "李"),
    ("Cheung", "張"),
    ("Lau", "劉"),
    ("Ho", "何"),
    ("Ng", "吳"),
    ("Leung", "梁"),
    ("Tsang", "曾"),
    ("Yip", "葉"),
)
_GIVEN = (
    ("Tai Man", "大文"),
    ("Siu Ming", "小明"),
    ("Ka Wai", "家偉"),
    ("Wing Sze", "詠詩"),
    ("Chi Keung", "志強"),
    ("Mei Ling", "美玲"),
    ("Kwok Wah", "國華"),
    ("Hoi Yan", "凱欣"),
)
_POSITIONS = (
    ("executive Director", "執行董事"),
    ("independent non-executive Director", "獨立非執行董事"),
    ("Chairman", "主席"),
    ("company secretary", "公司秘書"),
    ("chief executive officer", "行政總裁"),
)
_AGREEMENTS = (
    ("strategic cooperation agreement", "戰略合作協議"),
    ("memorandum of understanding", "諒解備忘錄"),
    ("supply contract", "供應合同"),
    ("licence agreement", "許可協議"),
    ("sale and purchase agreement", "買賣協議"),
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ZH_DIGITS = "零一二三四五六七八九"
_DISCLAIMER = (
    "Hong Kong Exchanges and Clearing Limited and The Stock Exchange of Hong Kong Limited take "
    "no responsibility for the contents of this announcement, make no representation as to its "
    "accuracy or completeness and expressly disclaim any liability whatsoever for any loss "
    "howsoever arising from or in reliance upon the whole or any part of the contents of this "
    "announcement.\n香港交易及結算所有限公司及香港聯合交易所有限公司對本公告之內容概不負責，"
    "對其準確性或完整性亦不發表任何聲明，並明確表示概不就因本公告全部或任何部份內容而產生或因"
    "倚賴該等內容而引致之任何損失承擔任何責任。\n\n"
)


@dataclass
class SyntheticSpan:
    start: int  # code points, end exclusive, like every offset in the application
    end: int
    kind: str  # company, person, money, date, position, agreement or trigger


@dataclass
class SyntheticAnnouncement:
    index: int
    title: str
    text: str
    language: str
    metadata: dict[str, Any]
    spans: list[SyntheticSpan] = field(default_factory=list)
    pages: list[Any] = field(default_factory=list)  # no page map, like a .txt or .html file

    @property
    def source_name(self) -> str:
        return f"announcement-{self.index}.txt"


class _Writer:
    """Appends text while remembering where the marked pieces landed (in code points)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.size = 0  # UTF-8 bytes
        self.spans: list[SyntheticSpan] = []

    def add(self, *pieces: str | tuple[str, str]) -> None:
        for piece in pieces:
            kind, text = piece if isinstance(piece, tuple) else ("", piece)
            if kind:
                self.spans.append(SyntheticSpan(self.length, self.length + len(text), kind))
            self.parts.append(text)
            self.length += len(text)
            self.size += len(text.encode("utf-8"))


class _Vocabulary:
    """Names for one announcement, drawn from ``rng``; astral characters appear now and then."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def company(self) -> tuple[str, str]:
        rng = self.rng
        english = f"{rng.choice(_EN_WORDS)} {rng.choice(_EN_KINDS)} Limited"
        chinese = "".join(rng.choice(_ZH_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.1:
            chinese += rng.choice(_ASTRAL[:-1])
        return english, chinese + "有限公司"

    def person(self) -> tuple[str, str]:
        rng = self.rng
        (surname, surname_zh), (given, given_zh) = rng.choice(_SURNAMES), rng.choice(_GIVEN)
        if rng.random() < 0.15:
            given_zh = given_zh[0] + rng.choice(_ASTRAL[:-1])
        return f"{surname} {given}", surname_zh + given_zh

    def date(self) -> tuple[str, str]:
        rng = self.rng
        year, month, day = rng.randint(2018, 2025), rng.randint(1, 12), rng.randint(1, 28)
        zh_year = "".join(_ZH_DIGITS[int(d)] for d in str(year))
        return f"{day} {_MONTHS[month - 1]} {year}", f"{zh_year}年{month}月{day}日"

    def money(self) -> tuple[str, str]:
        amount = self.rng.randint(100, 9_999_999) * 1000
        return f"HK${amount:,}", f"{amount:,}港元"


def _paragraph(writer: _Writer, words: _Vocabulary, issuer: tuple[str, str]) -> None:
    rng = words.rng
    choice = rng.randrange(6)
    if choice == 0:
        counterparty = words.company()
        agreement = rng.choice(_AGREEMENTS)
        writer.add(
            "The Board announces that on ",
            ("date", words.date()[0]),
            ", ",
            ("company", issuer[0]),
            " ",
            ("trigger", "entered into"),
            " a ",
            ("agreement", agreement[0]),
            " with ",
            ("company", counterparty[0]),
            " in relation to the development of its business in the Greater Bay Area.\n",
        )
        writer.add(
            "董事會宣佈，於",
            ("date", words.date()[1]),
            "，",
            ("company", issuer[1]),
            "與",
            ("company", counterparty[1]),
            ("trigger", "訂立"),
            ("agreement", agreement[1]),
            "，內容有關於大灣區發展其業務。\n",
        )
    elif choice == 1:
        money = words.money()
        writer.add(
            "The consideration of ",
            ("money", money[0]),
            " shall be satisfied in cash by ",
            ("company", issuer[0]),
            " upon completion, which is expected to take place on ",
            ("date", words.date()[0]),
            ".\n代價為",
            ("money", money[1]),
            "，將於完成時以現金支付。\n",
        )
    elif choice == 2:
        person, position = words.person(), rng.choice(_POSITIONS)
        writer.add(
            ("person", person[0]),
            " has been appointed as ",
            ("position", position[0]),
            " with effect from ",
            ("date", words.date()[0]),
            ". ",
            ("person", person[1]),
            "已獲委任為",
            ("position", position[1]),
            "，自",
            ("date", words.date()[1]),
            "起生效。\n",
        )
    elif choice == 3:
        first, second = words.person(), words.person()
        writer.add(
            "As at the date of this announcement, the Board comprises ",
            ("person", first[0]),
            " and ",
            ("person", second[0]),
            " as executive Directors; 於本公告日期，董事會包括執行董事",
            ("person", first[1]),
            "及",
            ("person", second[1]),
            "。\n",
        )
    elif choice == 4:
        writer.add(
            "Shareholders and potential investors of ",
            ("company", issuer[0]),
            " are advised to exercise caution when dealing in the shares of the Company. "
            "股東及潛在投資者於買賣本公司股份時務請審慎行事。\n",
        )
    else:
        writer.add(
            "The Directors believe that the terms are fair and reasonable and in the "
            "interests of the Shareholders as a whole 📈. 董事認為條款屬公平合理，並符合"
            "股東整體利益。The revenue for the period amounted to ",
            ("money", words.money()[0]),
            ", an increase of ",
            f"{rng.randint(1, 90)}.5%",
            " over the corresponding period.\n",
        )


def synthetic_announcement(index: int, rng: random.Random) -> SyntheticAnnouncement:
    """One bilingual announcement of 2–6 KB (UTF-8) with its marked names, dates and amounts."""
    words = _Vocabulary(rng)
    issuer = words.company()
    stock_code = f"{rng.randint(1, 9999):04d}"
    published = f"{rng.randint(2018, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    title = f"{issuer[0]} — announcement {index}"
    writer = _Writer()
    writer.add(
        _DISCLAIMER,
        ("company", issuer[0]),
        "\n",
        ("company", issuer[1]),
        "\n",
        f"(Incorporated in Bermuda with limited liability)\n(Stock Code: {stock_code})\n"
        f"Announcement No. {index}\n\n",
    )
    target = rng.randint(2048, 6144)
    while writer.size < target:
        _paragraph(writer, words, issuer)
    metadata = {
        "stock_code": stock_code,
        "publication_date": published,
        "language": "mixed",
        "issuer": issuer[0],
        "headline_category": "business_update",
    }
    return SyntheticAnnouncement(
        index, title, "".join(writer.parts), "mixed", metadata, writer.spans
    )


def synthetic_announcements(count: int, seed: int) -> list[SyntheticAnnouncement]:
    rng = random.Random(seed)
    return [synthetic_announcement(index, rng) for index in range(count)]


# --- timing, memory and reporting ----------------------------------------------------------


def timed(function: Callable[[], Any]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def median(values: list[float]) -> float:
    return statistics.median(values)


def _status_mb(field_name: str) -> float | None:
    """A ``/proc/self/status`` memory figure in MB (Linux only)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return None


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far.

    On Linux ``VmHWM`` is used: ``getrusage``'s ``ru_maxrss`` survives ``exec``, so a child
    started from a big parent would report the parent's size (macOS reports bytes, not KiB).
    """
    high_water = _status_mb("VmHWM")
    if high_water is not None:
        return high_water
    import resource  # not on Windows, where VmHWM is missing too: that is a limitation

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def current_rss_mb() -> float:
    resident = _status_mb("VmRSS")
    return peak_rss_mb() if resident is None else resident


def run_child(script: Path, arguments: list[str]) -> dict[str, Any]:
    """Run ``script --child ...`` in a fresh interpreter; it prints one JSON line at the end."""
    result = subprocess.run(
        [sys.executable, str(script), *arguments], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"child {arguments} failed:\n{result.stdout}\n{result.stderr}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def machine_description() -> str:
    return (
        f"{os.cpu_count()} cores, {platform.machine()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def iterate_in_chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
