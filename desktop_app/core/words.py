"""Words in announcement text, for the word-select key and for snapping a selection to words.

Latin text has spaces, so a word is a run of word characters (``core.text.word_span_at``).
Chinese has none: a run of ideographs up to punctuation is usually several words
("根據香港聯合交易所有限公司證券上市規則第"), so Han runs are cut by a dictionary segmenter
(jieba's algorithm with OpenCC's Traditional/Simplified tables, from ``opencc-jieba-pyo3``),
taught the names reviewers have already annotated so that a person or company named in the
corpus is one word ("楊大軍", "瑞豐智能科技集團有限公司").

Positions are stored offsets (code points of the stored text); widget positions are converted
by ``core.display_text`` only. The segmenter's dictionaries load on first use (about a third of
a second), not at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from desktop_app.core.text import snap_span, word_span_at

if TYPE_CHECKING:
    from opencc_jieba_pyo3 import OpenCC

# A run longer than this (a PDF without punctuation) is cut only around the caret.
_WINDOW = 120
# Names shorter than two ideographs are not words of their own; longer than this are sentences.
_SHORTEST_NAME = 2
_LONGEST_NAME = 24
# High enough that an annotated name wins over the dictionary's split of it.
_NAME_FREQUENCY = 2_000_000


def is_han(char: str) -> bool:
    """Whether ``char`` is a Chinese ideograph (the basic block, extensions, compatibility)."""
    code = ord(char)
    return (
        0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
        or char == "〇"
    )


def _is_name(text: str) -> bool:
    return _SHORTEST_NAME <= len(text) <= _LONGEST_NAME and all(is_han(char) for char in text)


class WordSegmenter:
    """Finds the word around an offset; Chinese by dictionary plus the corpus's names."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._engine: OpenCC | None = None
        self._names: set[str] = set()
        self._pending: list[str] = []
        # Names learnt after the dictionary loaded: teaching the engine costs 50–200 ms a
        # time whatever the number (a pause after each tag), so these are found in a run by
        # a pattern of their own and only the text between them is cut by the dictionary.
        self._late: set[str] = set()
        self._late_pattern: re.Pattern[str] | None = None
        self.add_names(names)

    @property
    def names(self) -> frozenset[str]:
        """The annotated names taught to the segmenter so far."""
        return frozenset(self._names)

    def add_names(self, names: Iterable[str]) -> int:
        """Teach names (mention texts, entity names); returns how many were new.

        Only all-ideograph names of two or more characters matter to the segmenter: Latin
        names are split at spaces anyway.
        """
        fresh = [name for name in {n.strip() for n in names} if _is_name(name)]
        fresh = [name for name in fresh if name not in self._names]
        self._names.update(fresh)
        if self._engine is None:
            self._pending.extend(fresh)
        elif fresh:
            self._late.update(fresh)
            self._late_pattern = None
        return len(fresh)

    def _teach_pending(self, engine: OpenCC) -> None:
        if self._pending:
            engine.load_user_dict_entries(
                [{"word": name, "freq": _NAME_FREQUENCY} for name in self._pending]
            )
            self._pending = []

    def _engine_ready(self) -> OpenCC:
        if self._engine is None:
            from opencc_jieba_pyo3 import OpenCC

            self._engine = OpenCC("t2s")
        self._teach_pending(self._engine)
        return self._engine

    def _late_names(self) -> re.Pattern[str] | None:
        if self._late and self._late_pattern is None:
            longest_first = sorted(self._late, key=lambda name: (-len(name), name))
            self._late_pattern = re.compile("|".join(map(re.escape, longest_first)))
        return self._late_pattern

    def words(self, run: str) -> list[tuple[int, int]]:
        """``[start, end)`` of each word of ``run``, in order, covering it exactly."""
        if not run:
            return []
        engine = self._engine_ready()
        late = self._late_names()
        spans: list[tuple[int, int]] = []
        position = 0
        for name in late.finditer(run) if late is not None else ():
            spans += self._cut(engine, run, position, name.start())
            spans.append(name.span())
            position = name.end()
        spans += self._cut(engine, run, position, len(run))
        if not spans or spans[-1][1] != len(run):  # never seen; a word per char is correct
            return [(index, index + 1) for index in range(len(run))]
        return spans

    @staticmethod
    def _cut(engine: OpenCC, run: str, start: int, end: int) -> list[tuple[int, int]]:
        """The dictionary's words of ``run[start:end]``, as offsets into ``run``."""
        spans: list[tuple[int, int]] = []
        position = start
        for piece in engine.jieba_cut(run[start:end], True) if end > start else ():
            spans.append((position, position + len(piece)))
            position += len(piece)
        if position != end:  # never seen; a word per character is still correct
            return [(index, index + 1) for index in range(start, end)]
        return spans

    def word_span_at(self, text: str, offset: int) -> tuple[int, int]:
        """The word around stored ``offset``; an empty span on white space or punctuation."""
        if not text:
            return 0, 0
        offset = max(0, min(offset, len(text)))
        probe = offset if offset < len(text) and not text[offset].isspace() else offset - 1
        if probe < 0 or not is_han(text[probe]):
            return word_span_at(text, offset)
        start = probe
        while start > max(probe - _WINDOW, 0) and is_han(text[start - 1]):
            start -= 1
        end = probe + 1
        while end < min(probe + _WINDOW, len(text)) and is_han(text[end]):
            end += 1
        for first, last in self.words(text[start:end]):
            if first <= probe - start < last:
                return snap_span(text, start + first, start + last)
        return snap_span(text, probe, probe + 1)

    def snap(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Widen ``[start, end)`` to whole words at both ends ("ang Dajun" → "Yang Dajun").

        An end that falls on white space or punctuation stays where it is, so a selection
        of a word and the comma after it keeps the comma.
        """
        if end <= start:
            return start, end
        head = self.word_span_at(text, start)
        first = head[0] if head[0] <= start < head[1] else start
        tail = self.word_span_at(text, end - 1)
        last = tail[1] if tail[0] <= end - 1 < tail[1] else end
        return snap_span(text, min(first, start), max(last, end))
