"""The PDF line rules on their own: space repair, page furniture, joining and page spans."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.importers.pdf_furniture import drop_furniture
from desktop_app.core.importers.pdf_layout import (
    Glyph,
    Line,
    PageBox,
    make_line,
    repair_spaces,
    split_lines,
)
from desktop_app.core.importers.pdf_text import assemble
from desktop_app.core.text import normalise_imported_text

A4 = PageBox(0, 0, 595, 842)


def glyphs(text: str, x: float = 70, pitch: float = 13, y: float = 700) -> list[Glyph]:
    """Glyphs 10 units wide every ``pitch`` units; spaces sit in the gaps."""
    out: list[Glyph] = []
    for char in text:
        if char == " ":
            out.append(Glyph(" "))
            continue
        out.append(Glyph(char, x, y - 2, x + 10, y + 11))
        x += pitch
    return out


def text_of(line_glyphs: list[Glyph]) -> str:
    return "".join(glyph.char for glyph in line_glyphs)


def test_narrow_gaps_between_cjk_characters_lose_their_space() -> None:
    assert text_of(repair_spaces(glyphs("盈 利 預 警"))) == "盈利預警"


def test_wide_gaps_are_table_columns_and_keep_their_space() -> None:
    assert text_of(repair_spaces(glyphs("主 席", pitch=60))) == "主 席"


def test_spaces_next_to_latin_or_doubled_are_kept() -> None:
    assert text_of(repair_spaces(glyphs("於 2025 年"))) == "於 2025 年"
    assert text_of(repair_spaces(glyphs("Limited （"))) == "Limited （"
    assert text_of(repair_spaces(glyphs("本  公"))) == "本  公"


def test_without_geometry_the_plain_text_rule_applies() -> None:
    bare = [Glyph(char) for char in "本 公 司 與 Sample Co"]
    assert text_of(repair_spaces(bare)) == "本公司與 Sample Co"


def line_at(text: str, y: float, x: float = 70) -> Line:
    return make_line(glyphs(text, x=x, pitch=10, y=y))


def test_page_numbers_only_go_when_in_the_page_margin() -> None:
    page = [line_at("– 3 –", 30, 290), line_at("12", 400), line_at("正文。", 700)]
    (kept,), notes = drop_furniture([page], [A4])
    assert [line.text for line in kept] == ["12", "正文。"]
    assert [(note.kind, note.page) for note in notes] == [("furniture", 1)]
    assert "– 3 –" in notes[0].detail


def test_lines_repeated_in_the_margins_of_most_pages_go() -> None:
    pages = [
        [line_at("FF301", 800), line_at(f"第 {n} 頁 共 4 頁", 780), line_at(f"內容{n}。", 600)]
        for n in range(1, 5)
    ]
    cleaned, notes = drop_furniture(pages, [A4] * 4)
    assert len(notes) == 8
    assert [[line.text for line in lines] for lines in cleaned] == [
        ["內容1。"],
        ["內容2。"],
        ["內容3。"],
        ["內容4。"],
    ]


def test_repeated_body_lines_outside_the_margins_stay() -> None:
    pages = [[line_at("不適用", 600)] for _ in range(3)]
    assert drop_furniture(pages, [A4] * 3) == (pages, [])


def test_a_repeated_line_whose_other_numbers_change_is_content() -> None:
    # The first line of each page is a resolution's result: alike in words, not furniture.
    votes = ["12,345,678 (45.10%)", "9,876,543 (54.90%)", "1,234 (0.01%)"]
    pages = [
        [line_at(f"Resolution {n + 1}: FOR {votes[n]}", 800), line_at(f"正文{n}。", 600)]
        for n in range(3)
    ]
    cleaned, notes = drop_furniture(pages, [A4] * 3)
    assert cleaned == pages
    assert notes == []


def test_a_repeated_line_inside_the_body_is_not_furniture() -> None:
    # The same words in the top band, but under a line of body text: the body has begun.
    pages = [
        [line_at(f"{word}公司公告。", 800), line_at("重要提示", 780), line_at("正文。", 500)]
        for word in "甲乙丙"
    ]
    cleaned, notes = drop_furniture(pages, [A4] * 3)
    assert cleaned == pages and notes == []


line_texts = st.text(
    alphabet=st.sampled_from([*"本公司。，abc .:-", "\u2028", "\x02", "\x07", "\r"]),
    max_size=12,
)


def page_lines(texts: list[str]) -> list[Line]:
    """The lines PDF extraction would give for ``texts``, one under the other."""
    page: list[Glyph] = []
    for index, text in enumerate(texts):
        page += [*glyphs(text, pitch=10, y=700 - 15 * index), Glyph("\r"), Glyph("\n")]
    return [make_line(line) for line in split_lines(page, A4)]


@given(st.lists(st.lists(line_texts, max_size=5), min_size=1, max_size=5))
def test_page_spans_always_cover_the_text_contiguously(pages_text: list[list[str]]) -> None:
    pages = [page_lines(texts) for texts in pages_text]
    text, spans = assemble(pages, [A4] * len(pages))
    assert normalise_imported_text(text) == text
    assert [span.page for span in spans] == list(range(1, len(pages) + 1))
    assert spans[0].start == 0
    assert spans[-1].end == len(text)
    for before, after in itertools.pairwise(spans):
        assert before.start <= before.end == after.start
    for span, lines in zip(spans, pages, strict=True):
        for line in lines:
            assert line.text in text[span.start : span.end]
