"""The HKEX headline category an announcement's headline names, as a schema value.

The categories, their HKEX codes and names and the phrases headlines print for them are
data: ``resources/headline_categories.toml`` (from the HKEX headline-category taxonomy).
A headline names a category when one of its phrases or HKEX names occurs in it, white
space and letter case ignored; the longest phrase found wins, and between equally long
ones the one that stands first ("延遲寄發…股本重組…的通函" is a delay in despatch).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from desktop_app.core.resources import resource_path

CATEGORIES_FILE = "headline_categories.toml"
# Variant characters headlines use interchangeably ("股東週年大會" / "股東周年大會").
_VARIANTS = str.maketrans({"週": "周", "（": "(", "）": ")", "’": "'"})


@dataclass(frozen=True)
class HeadlineCategory:
    """One category: the schema's value, the HKEX codes and names, the phrases to look for."""

    value: str
    codes: tuple[int, ...]
    hkex_names: tuple[str, ...]
    phrases: tuple[str, ...]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).lower().translate(_VARIANTS)


@lru_cache(maxsize=1)
def headline_categories() -> tuple[HeadlineCategory, ...]:
    """The categories shipped with the application, in file order."""
    with resource_path(CATEGORIES_FILE).open("rb") as handle:
        data = tomllib.load(handle)
    return tuple(
        HeadlineCategory(
            value=entry["value"],
            codes=tuple(entry.get("codes", ())),
            hkex_names=tuple(entry.get("hkex_names", ())),
            phrases=tuple(entry.get("phrases", ())),
        )
        for entry in data["category"]
    )


@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[str, str], ...]:
    """(squeezed phrase, category value) for every phrase and HKEX name."""
    pairs = {
        (_squeeze(phrase), category.value)
        for category in headline_categories()
        for phrase in (*category.phrases, *category.hkex_names)
    }
    return tuple(sorted(pairs))


def find_headline_category(*candidates: str) -> str | None:
    """The category the first candidate naming one names (a headline, then a title)."""
    for candidate in candidates:
        text = _squeeze(candidate)
        best: tuple[int, int, str] | None = None
        for phrase, value in _phrases():
            position = text.find(phrase)
            if position < 0:
                continue
            score = (len(phrase), -position, value)
            if best is None or score[:2] > best[:2]:
                best = score
        if best is not None:
            return best[2]
    return None
