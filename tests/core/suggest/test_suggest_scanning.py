"""The fast ways of finding suggestions find exactly what the plain ones would: each scanner
against ``re.finditer`` of its pattern, the trie of phrases against their longest-first
alternation, trigger words in any case, and overlap resolution against ranking all at once."""

from __future__ import annotations

import random
import re
from bisect import bisect_left, insort
from pathlib import Path

import pytest

from desktop_app.core.resources import resource_path
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.suggest import SuggestionKind, people, resolve_overlaps, suggest_document
from desktop_app.core.suggest import patterns as found_by
from desktop_app.core.suggest.model import Suggestion
from desktop_app.core.suggest.phrases import any_phrase, word_head, word_tail
from desktop_app.core.suggest.scan import first_of
from desktop_app.core.text import normalise_imported_text

DENSE = (
    "On Friday, 3rd March 2025 the Company bought 1,000 Shares at HK$12.25 each (about 4.5%"
    " of the issued Shares), 12 per cent more than in April 2025; 123 March 2025; 1,0000港元;"
    " 60百萬港元 and 港幣2,000萬元, RMB3.8 million, 百分之35, 52,000股, 10,000 New Shares,"
    " three (3) years, 6  months, twelve\nmonths, someone years, ten years' time, eleven-year,"
    " six months ended 30 June 2025, financial   year ended 31 December 2024, twelve\nmonths"
    " ended 31 March 2025, period  ended 1 May 2025, 9 months ended 30 September 2025,"
    " 截至2025年6月30日止六個月, 2025年4月, "
    "三年期, (Stock Code: 0328), 股份代號：328, Rule 13.09(2)(a) of the Listing Rules, "
    "上市規則第14.07條, Chapter 14A, Mr. Ho Ka Lok and 執行董事周嘉恒先生 said.\n"
)


def _texts() -> list[str]:
    folder = resource_path("samples")
    texts = [
        normalise_imported_text(path.read_text(encoding="utf-8"))
        for path in sorted(Path(folder).glob("*.txt"))
    ]
    return [*texts, DENSE, DENSE.upper(), "".join(texts)]


def _plain(source: str, text: str) -> list[tuple[int, int]]:
    return [match.span() for match in re.finditer(source, text)]


SCANNERS = {
    "money (currency first)": found_by._MONEY_FIRST,
    "money (currency after)": found_by._MONEY_AFTER,
    "percent": found_by._PERCENT,
    "English period": found_by._PERIOD[0],
    "Chinese period": found_by._PERIOD[1],
    "date": found_by._DATE,
    "English month": found_by._MONTH[0],
    "Chinese month": found_by._MONTH[1],
    "share quantity": found_by._SHARES,
    "stock code": found_by._STOCK_CODE,
    "rule reference": found_by._RULES,
    "English duration": found_by._DURATION[0],
    "Chinese duration": found_by._DURATION[1],
    "English honorific": people._ENGLISH,
    "Chinese honorific": people._CHINESE,
}


@pytest.mark.parametrize("name", SCANNERS)
def test_each_scanner_finds_what_finditer_finds(name: str) -> None:
    scanner = SCANNERS[name]
    for text in _texts():
        spans = [(start, end) for start, end, _ in scanner.finditer(text)]
        assert spans == _plain(scanner.source, text), name


def test_the_sources_of_a_pattern_together_find_what_its_alternation_finds() -> None:
    for sources in (
        (found_by._MONEY_FIRST, found_by._MONEY_AFTER),
        found_by._DURATION,
        found_by._MONTH,
        found_by._PERIOD,
    ):
        # (the sources may name their groups alike: unnamed here)
        alternation = "|".join(
            "(?:" + re.sub(r"\(\?P<\w+>", "(?:", source.source) + ")" for source in sources
        )
        for text in _texts():
            spans = [(start, end) for _, (start, end, _) in first_of(text, sources)]
            assert spans == _plain(alternation, text)


def test_an_amount_with_its_currency_after_is_found_inside_a_longer_number() -> None:
    # 1,0000港元 is not a well-written number; the pattern has always read 0000港元 there.
    assert [text[s:e] for text in ["1,0000港元"] for s, e, _ in found_by.money(text)] == [
        "0000港元"
    ]


def test_the_trie_of_phrases_matches_what_their_longest_first_alternation_matches() -> None:
    generator = random.Random(12)
    alphabet = "ab c.-公司本Ab1"
    for _ in range(1500):
        phrases = {
            "".join(generator.choice(alphabet) for _ in range(generator.randint(1, 5)))
            for _ in range(generator.randint(1, 8))
        }
        text = "".join(generator.choice(alphabet) for _ in range(120))
        for whole_words in (False, True):
            naive = "|".join(
                word_head(p) + re.escape(p) + word_tail(p) if whole_words else re.escape(p)
                for p in sorted(phrases, key=len, reverse=True)
            )
            assert _plain(any_phrase(phrases, whole_words), text) == _plain(naive, text)


def _triggers(text: str, schema: AnnotationSchema) -> list[tuple[str, str]]:
    return [
        (s.type, s.text) for s in suggest_document(text, schema) if s.kind is SuggestionKind.TRIGGER
    ]


def test_trigger_words_are_found_in_any_case_and_only_as_whole_words(
    hk_schema: AnnotationSchema,
) -> None:
    text = (
        "RESIGNED. Mr. Ho Resigned as director; the Company has Bought   Back 1,000 Shares"
        " (repurchased); unresigned and resignedly are not triggers; 周先生已辭任。"
    )
    assert _triggers(text, hk_schema) == [
        ("OfficerChange", "RESIGNED"),
        ("OfficerChange", "Resigned"),
        ("ShareRepurchase", "Bought   Back"),
        ("ShareRepurchase", "repurchased"),
        ("OfficerChange", "已辭任"),
    ]


def test_a_text_whose_letters_change_length_in_lower_case_finds_the_same_triggers(
    hk_schema: AnnotationSchema,
) -> None:
    # İ lowers to two characters and ſ matches s when case is ignored: both searched the
    # slow way, with the same result as a plain text.
    plain = _triggers("Mr. Ho resigned; the Company bought back shares.", hk_schema)
    assert _triggers("İ Mr. Ho resigned; the Company bought back shares.", hk_schema) == plain
    assert _triggers("ſ Mr. Ho resigned; the Company bought back shares.", hk_schema) == plain
    assert _triggers("Mr. Ho reſigned.", hk_schema) == [("OfficerChange", "reſigned")]


def _rank(suggestion: Suggestion) -> tuple[int, int, float]:
    names = bool(suggestion.entity) and not suggestion.entity.startswith(("name:", "value:"))
    return (suggestion.end - suggestion.start, int(names), suggestion.confidence)


def _ranked_all_at_once(suggestions: list[Suggestion]) -> list[Suggestion]:
    starts: list[int] = []
    ends: list[int] = []
    kept = []
    for suggestion in sorted(suggestions, key=_rank, reverse=True):
        index = bisect_left(starts, suggestion.start)
        if index < len(starts) and starts[index] < suggestion.end:
            continue
        if index > 0 and ends[index - 1] > suggestion.start:
            continue
        insort(starts, suggestion.start)
        ends.insert(bisect_left(starts, suggestion.start), suggestion.end)
        kept.append(suggestion)
    return sorted(kept, key=lambda item: (item.start, item.end))


def test_overlaps_resolved_per_cluster_keep_what_ranking_all_at_once_keeps() -> None:
    generator = random.Random(7)
    for _ in range(300):
        suggestions = []
        for number in range(generator.randint(1, 40)):
            start = generator.randint(0, 60)
            suggestions.append(
                Suggestion(
                    SuggestionKind.MENTION,
                    generator.choice(["MONEY", "DATE"]),
                    start,
                    start + generator.randint(1, 8),
                    f"s{number}",
                    "pattern:test",
                    generator.choice(["", "name:x", "entity-1"]),
                    {},
                    generator.choice([0.9, 0.95]),
                )
            )
        assert resolve_overlaps(suggestions) == _ranked_all_at_once(suggestions)
