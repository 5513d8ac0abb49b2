"""Numbers as announcements write them: ``3,980,400``, ``12.3 million``, ``2,000萬``, ``1.2億``.

Values are kept as ``Decimal`` so that ``HK$0.10`` stays ``0.10`` and money is written exactly.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
ENGLISH_SCALE = r"(?:thousand|million|billion|mn|bn|m)\b"
CHINESE_SCALE = r"(?:千萬|百萬|十億|萬|億|千)"

_SCALES = {
    "thousand": Decimal(1_000),
    "million": Decimal(1_000_000),
    "mn": Decimal(1_000_000),
    "m": Decimal(1_000_000),
    "billion": Decimal(1_000_000_000),
    "bn": Decimal(1_000_000_000),
    "千": Decimal(1_000),
    "萬": Decimal(10_000),
    "百萬": Decimal(1_000_000),
    "千萬": Decimal(10_000_000),
    "億": Decimal(100_000_000),
    "十億": Decimal(1_000_000_000),
    "仙": Decimal("0.01"),  # cents: 「每股港幣5仙」 is HKD 0.05
}


def number_value(written: str, scale: str = "") -> Decimal | None:
    """The value of ``written`` (commas allowed) times its scale word, or None."""
    try:
        value = Decimal(written.replace(",", ""))
    except InvalidOperation:
        return None
    factor = _SCALES.get(scale.strip().lower(), Decimal(1)) if scale.strip() else Decimal(1)
    return value * factor


def plain_decimal(value: Decimal, scaled: bool) -> str:
    """``3980400`` not ``3.9804E+6``. A written amount keeps its decimals (``0.10``); a scaled
    one loses the zeros the scaling left (``12.3 million`` is ``12300000``)."""
    text = format(value, "f")
    if scaled and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def as_number(value: Decimal) -> int | float:
    """An int when whole, else a float: what a ``number`` attribute holds."""
    return int(value) if value == value.to_integral_value() else float(value)
