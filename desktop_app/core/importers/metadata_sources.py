"""Where each value read from an announcement's text came from, as import report notes.

A reviewer checking a prefilled field (say, a publication date of 2021-07-19) must see the
line it was read from ("Suzhou, People's Republic of China, July 19, 2021") and be able to jump
there; each note carries the line's offset in the stored text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from desktop_app.core.importers.base import ImportNote
from desktop_app.core.importers.dates import DATE_PATTERN, parse_date
from desktop_app.core.importers.headline_categories import find_headline_category
from desktop_app.core.importers.metadata import find_stock_code

_DATES = re.compile(DATE_PATTERN, re.IGNORECASE)
_QUOTED = 120  # characters of the source line quoted in a note


def _lines(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _first_nonblank(line: str) -> int:
    return len(line) - len(line.lstrip())


def _locate(
    name: str, value: str, text: str, metadata: Mapping[str, str]
) -> tuple[int, str] | None:
    """``(offset, line)`` of the line ``value`` of field ``name`` was read from, if found."""
    lines = list(_lines(text))
    if name == "stock_code":
        return next(((o, line) for o, line in lines if find_stock_code(line) == value), None)
    if name == "publication_date":
        # The closing line is the last one naming that date.
        found = [
            (o, line)
            for o, line in lines
            if any(parse_date(match.group(0)) == value for match in _DATES.finditer(line))
        ]
        return found[-1] if found else None
    if name == "headline_category":
        # From the headline only if the headline names it; otherwise it came from the title.
        headline = metadata.get("headline")
        if not headline or find_headline_category(headline) != value:
            return None
        return _locate("headline", headline, text, metadata)
    probe = value[:40]
    return next(((o, line) for o, line in lines if probe and probe in line), None)


def metadata_sources(text: str, metadata: Mapping[str, str], title: str = "") -> list[ImportNote]:
    """One ``metadata`` note per field read, naming the line it came from."""
    notes = []
    for name, value in metadata.items():
        where = _locate(name, value, text, metadata)
        if where is None:
            source = "the title" if name == "headline_category" and title else "the text"
            notes.append(ImportNote("metadata", f"{name} = {value!r}, read from {source}"))
            continue
        offset, line = where
        quoted = " ".join(line.split())
        if len(quoted) > _QUOTED:
            quoted = quoted[: _QUOTED - 1] + "…"
        notes.append(
            ImportNote(
                "metadata",
                f"{name} = {value!r}, read from “{quoted}”",
                offset=offset + _first_nonblank(line),
            )
        )
    return notes
