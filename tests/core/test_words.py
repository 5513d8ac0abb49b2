"""Word boundaries for the word-select key and selection snapping (no Qt)."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import load_schema
from desktop_app.core.store import open_store
from desktop_app.core.words import WordSegmenter

LISTING_RULE = "根據香港聯合交易所有限公司證券上市規則第13.09條作出"


def word_at(segmenter: WordSegmenter, text: str, needle: str, inside: int = 0) -> str:
    start, end = segmenter.word_span_at(text, text.index(needle) + inside)
    return text[start:end]


def test_a_run_of_ideographs_is_cut_into_words_not_taken_whole() -> None:
    segmenter = WordSegmenter()
    assert word_at(segmenter, LISTING_RULE, "聯合") == "聯合"
    assert word_at(segmenter, LISTING_RULE, "交易所", 1) == "交易所"
    assert word_at(segmenter, LISTING_RULE, "有限公司", 3) == "有限公司"
    assert word_at(segmenter, LISTING_RULE, "規則") == "規則"
    # The words cover the run exactly, whatever the dictionary does.
    run = LISTING_RULE[: LISTING_RULE.index("第")]
    spans = segmenter.words(run)
    assert "".join(run[a:b] for a, b in spans) == run
    assert len(spans) > 5


def test_names_annotated_in_the_corpus_become_words() -> None:
    text = "董事會宣佈，楊大軍先生獲委任為獨立非執行董事。"
    segmenter = WordSegmenter()
    assert word_at(segmenter, text, "軍") != "楊大軍"  # the dictionary alone splits the name
    assert segmenter.add_names(["楊大軍", "Yang Dajun", "楊"]) == 1  # Latin and single chars: no
    assert word_at(segmenter, text, "大") == "楊大軍"
    assert word_at(segmenter, text, "先生") == "先生"


def test_astral_ideographs_and_offsets_are_code_points() -> None:
    text = "董事會宣佈，黃𨭆文先生已獲委任。"
    segmenter = WordSegmenter(["黃𨭆文"])
    start, end = segmenter.word_span_at(text, text.index("𨭆"))
    assert text[start:end] == "黃𨭆文"
    assert (start, end) == (6, 9)


def test_latin_words_and_amounts_keep_the_existing_rules() -> None:
    text = "Mr. Yang Dajun received HK$1,234.5 on 3 March."
    segmenter = WordSegmenter()
    assert word_at(segmenter, text, "Dajun", 2) == "Dajun"
    assert word_at(segmenter, text, "1,234") == "HK$1,234.5"
    start, end = segmenter.word_span_at(text, len(text) - 1)  # on the full stop
    assert text[start:end] == "March"


def test_snapping_widens_both_ends_to_whole_words() -> None:
    text = "Mr. Yang Dajun, aged 56, joins. 楊大軍先生獲委任"
    segmenter = WordSegmenter(["楊大軍"])
    start = text.index("ang")
    snapped = segmenter.snap(text, start, text.index(","))
    assert text[slice(*snapped)] == "Yang Dajun"
    start = text.index("ajun")
    snapped = segmenter.snap(text, start, start + len("ajun, aged 5"))
    assert text[slice(*snapped)] == "Dajun, aged 56"
    start = text.index("大")
    assert text[slice(*segmenter.snap(text, start, start + 2))] == "楊大軍"
    assert text[slice(*segmenter.snap(text, start, start + 3))] == "楊大軍先生"
    # A selection starting on a space keeps its start; an empty one stays empty.
    space = text.index(" Dajun")
    assert segmenter.snap(text, space, space + 3) == (space, space + 6)
    assert segmenter.snap(text, 5, 5) == (5, 5)


def test_the_store_lists_annotated_names_most_annotated_first(tmp_path: Path) -> None:
    store = open_store(tmp_path / "names.db", load_schema(default_schema_path()), "tester")
    try:
        first, _ = store.add_document(text="楊大軍先生與李志強先生。楊大軍先生。", title="One")
        store.create_entity(first, "PERSON", [(0, 3), (12, 15)])
        store.create_entity(first, "PERSON", [(6, 9)])
        names = store.annotated_names()
        assert names[0] == "楊大軍" and set(names) == {"楊大軍", "李志強"}
        segmenter = WordSegmenter(names)
        text = "董事會宣佈李志強先生辭任。"
        start, end = segmenter.word_span_at(text, text.index("志"))
        assert text[start:end] == "李志強"
    finally:
        store.close()


def test_names_learnt_while_working_are_words_and_the_run_is_still_covered() -> None:
    segmenter = WordSegmenter()
    text = "董事會宣佈，楊大軍先生與瑞豐智能訂立協議。"
    word_at(segmenter, text, "董事")  # the dictionary is loaded: later names come on top
    segmenter.add_names(["大軍先", "楊大軍", "瑞豐智能"])
    assert word_at(segmenter, text, "大") == "楊大軍", "the longer name wins where both fit"
    assert word_at(segmenter, text, "豐") == "瑞豐智能"
    run = "楊大軍先生與瑞豐智能訂立協議"
    spans = segmenter.words(run)
    assert spans[0] == (0, 0 + 3) and (6, 10) in spans
    assert [run[a:b] for a, b in spans] and "".join(run[a:b] for a, b in spans) == run
    assert all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))
