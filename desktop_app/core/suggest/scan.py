"""Searching a long text for a pattern at the speed of the regular-expression engine's scan.

Python's engine skips ahead at C speed only to where a pattern's first character can be, and
only when the pattern opens with a plain character or character class. The recognisers open
with a look-behind or an alternation (``(?<![\\d.,])``, ``HK\\$|US\\$|…``), so the engine tries
the whole pattern at each of the two million positions of a 2 MB document. ``Scan`` gives the
engine what it needs: the class of characters every match starts with, then the pattern itself
as a look-ahead from that character, so the matches (and their groups) are those of
``finditer`` — tests compare the two over the sample corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from typing import Protocol

_WHOLE = "whole_match"
Found = tuple[int, int, re.Match[str]]  # start, end and the match with its groups


class Scan:
    """``pattern.finditer`` found faster, given ``first``: a character class (without the
    brackets) holding the first character of every match of ``pattern``, which never matches
    the empty string. Yields ``(start, end, match)``; the named groups are the pattern's.

    Where a match's first characters are common letters but it starts only after some
    characters ("three years" after a space, never inside a word), ``after`` is the class of
    those instead: the engine skips to them, and tries the pattern just after each (and at the
    start of the text)."""

    def __init__(self, pattern: str, first: str = "", flags: int = 0, after: str = "") -> None:
        assert bool(first) != bool(after), "a Scan skips to the first characters or to those before"
        self.source = pattern
        if after:
            self._scout = rf"[{after}](?=(?P<{_WHOLE}>{pattern}))"
        else:
            self._scout = rf"[{first}](?<=(?=(?P<{_WHOLE}>{pattern}))(?s:.))"
        self._flags = flags
        self._after = bool(after)

    # Compiled when first used, not when the application starts.
    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.source, self._flags)

    @cached_property
    def _search(self) -> Callable[[str, int], re.Match[str] | None]:
        return re.compile(self._scout, self._flags).search

    def search(self, text: str, pos: int) -> Found | None:
        if self._after:
            if pos == 0 and (match := self.pattern.match(text)) is not None:
                return match.start(), match.end(), match
            pos = max(pos - 1, 0)  # the character before a match at pos is at pos - 1
        match = self._search(text, pos)
        return None if match is None else (*match.span(_WHOLE), match)

    def finditer(self, text: str) -> Iterator[Found]:
        if self._after:
            yield from _each(self, text)
            return
        search = self._search
        pos = 0
        while (match := search(text, pos)) is not None:
            start, end = match.span(_WHOLE)
            yield start, end, match
            pos = end if end > start else start + 1


class Closing:
    """``pattern.finditer`` found from the words a match closes with, for a pattern that opens
    with something as common as a digit (``60百萬港元``): ``closing`` finds those words, and
    every match is the closing words (or opens with them) after a run of characters for which
    ``between`` holds (digits, spaces, scale words), so only that run is tried. ``reach``
    bounds the run when a match's length is known; ``opens`` replaces both when what comes
    before the closing words has a shape of its own: given the text, where the words start
    and the lowest start allowed, it says where a match closing with them can start at the
    earliest. The closing words must never occur in what comes before them in a match."""

    def __init__(
        self,
        pattern: str,
        closing: str,
        between: Callable[[str], bool] = lambda _: True,
        reach: int | None = None,
        opens: Callable[[str, int, int], int] | None = None,
    ) -> None:
        self.source = pattern
        self._closing_words = closing
        self._between = between
        self._reach = reach  # at most this many characters before the closing words, if known
        self._opens = opens

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.source)

    @cached_property
    def _closing(self) -> Callable[[str, int], re.Match[str] | None]:
        return re.compile(self._closing_words).search

    def search(self, text: str, pos: int) -> Found | None:
        at = pos
        while (closing := self._closing(text, at)) is not None:
            words = closing.start()
            if self._opens is not None:
                start = max(pos, self._opens(text, words, pos))
            else:
                start = words
                lowest = pos if self._reach is None else max(pos, words - self._reach)
                while start > lowest and self._between(text[start - 1]):
                    start -= 1
            for candidate in range(start, words + 1):
                match = self.pattern.match(text, candidate)
                if match is not None:
                    return match.start(), match.end(), match
            at = words + 1
        return None

    def finditer(self, text: str) -> Iterator[Found]:
        return _each(self, text)


class _Source(Protocol):
    def search(self, text: str, pos: int) -> Found | None: ...


def _each(source: _Source, text: str) -> Iterator[Found]:
    pos = 0
    while (found := source.search(text, pos)) is not None:
        yield found
        start, end, _ = found
        pos = end if end > start else start + 1


def first_of(text: str, sources: Sequence[_Source]) -> Iterator[tuple[int, Found]]:
    """What ``finditer`` of the alternation of the sources' patterns gives (at one position
    the earlier source wins), each with the index of the source that found it."""
    ahead = [source.search(text, 0) for source in sources]
    while True:
        best = -1
        for index, found in enumerate(ahead):
            if found is not None and (best < 0 or found[0] < ahead[best][0]):  # type: ignore[index]
                best = index
        if best < 0:
            return
        found = ahead[best]
        assert found is not None
        yield best, found
        start, end, _ = found
        pos = end if end > start else start + 1
        for index, other in enumerate(ahead):
            if other is not None and other[0] < pos:
                ahead[index] = sources[index].search(text, pos)
