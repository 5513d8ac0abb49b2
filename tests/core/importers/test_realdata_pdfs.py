"""The 31 real HKEX announcements in ../shared/realdata import cleanly (skipped when absent)."""

from __future__ import annotations

import csv
import itertools
import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest

from desktop_app.core.importers import ImportedDocument, import_file
from desktop_app.core.importers.headline_categories import headline_categories
from desktop_app.core.text import normalise_imported_text

REALDATA = (Path(__file__).resolve().parents[3] / ".." / "shared" / "realdata").resolve()
FOLDER = REALDATA / "hkex-00328-zh"

pytestmark = pytest.mark.realdata

SPACED_CJK = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff]")
FOOTER_LINE = re.compile(r"^\s*[-–—]\s*\d+\s*[-–—]\s*$|^第\s*\d+\s*頁", re.MULTILINE)


def _index() -> dict[str, dict[str, str]]:
    with (FOLDER / "index.tsv").open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


@pytest.fixture(scope="module")
def documents() -> dict[str, ImportedDocument]:
    if not FOLDER.is_dir():
        pytest.skip(f"real data not present at {FOLDER}")
    return {path.stem: import_file(path) for path in sorted(FOLDER.glob("*.pdf"))}


def test_all_31_files_import(documents: dict[str, ImportedDocument]) -> None:
    assert len(documents) == 31
    for name, document in documents.items():
        assert len(document.text) > 200, name
        assert document.title, name
        assert document.language == "zh-Hant", name
        assert normalise_imported_text(document.text) == document.text, name


def test_no_spaces_left_between_chinese_characters(documents: dict[str, ImportedDocument]) -> None:
    leftovers = {
        name: SPACED_CJK.findall(document.text)[:3]
        for name, document in documents.items()
        if SPACED_CJK.search(document.text)
    }
    assert leftovers == {}


def test_no_page_footers_or_template_junk(documents: dict[str, ImportedDocument]) -> None:
    for name, document in documents.items():
        assert not FOOTER_LINE.search(document.text), name
        assert "B_table indent" not in document.text, name
        assert "N_table indent" not in document.text, name
        assert "FF301" not in document.text, name


def test_pages_cover_the_text_and_match_the_index(documents: dict[str, ImportedDocument]) -> None:
    index = _index()
    for name, document in documents.items():
        pages = document.pages
        assert len(pages) == int(index[name]["pages"]), name
        assert [span.page for span in pages] == list(range(1, len(pages) + 1)), name
        assert pages[0].start == 0, name
        assert pages[-1].end == len(document.text), name
        for before, after in itertools.pairwise(pages):
            assert before.end == after.start, name


def test_stock_code_is_found_in_most_files(documents: dict[str, ImportedDocument]) -> None:
    codes = [document.metadata.get("stock_code") for document in documents.values()]
    assert all(code in (None, "328", "0328", "00328") for code in codes)
    assert sum(code is not None for code in codes) >= 28


def test_publication_dates_are_close_to_the_index(documents: dict[str, ImportedDocument]) -> None:
    index = _index()
    found = 0
    for name, document in documents.items():
        date = document.metadata.get("publication_date")
        if date is None:
            continue
        found += 1
        # The date printed in the announcement may be the day before HKEX published it.
        assert date[:7] == index[name]["date"][:7], name
    assert found >= 28


def test_headlines_match_the_exchange_titles(documents: dict[str, ImportedDocument]) -> None:
    def squeeze(text: str) -> str:
        return re.sub(r"\s+", "", text)

    index = _index()
    matching = sum(
        squeeze(document.metadata.get("headline", "")) == squeeze(index[name]["title_zh"])
        for name, document in documents.items()
    )
    assert matching >= 25


def _visible_chars(text: str) -> Counter[str]:
    return Counter(char for char in text if not char.isspace())


def test_every_character_of_a_plain_dump_is_kept_or_reported(
    documents: dict[str, ImportedDocument],
) -> None:
    """Compared with PDFium's plain text (white space ignored), whatever the importer left
    out is quoted in the import report: nothing goes missing silently."""
    unexplained: dict[str, str] = {}
    reported = 0
    for name, document in documents.items():
        pdf = pdfium.PdfDocument(str(FOLDER / f"{name}.pdf"))
        try:
            dump = "".join(page.get_textpage().get_text_range() for page in pdf)
        finally:
            pdf.close()
        missing = _visible_chars(dump) - _visible_chars(document.text)
        quoted = _visible_chars("".join(note.detail for note in document.report))
        if leftover := missing - quoted:
            unexplained[name] = "".join(sorted(leftover.elements()))[:80]
        reported += sum(missing.values())
        assert all(note.page is not None for note in document.report), name
    assert unexplained == {}
    assert reported > 0  # the comparison is not vacuous: furniture was left out and reported


def test_headline_categories_agree_with_the_exchange(
    documents: dict[str, ImportedDocument],
) -> None:
    """The category read from each headline is one HKEX filed the announcement under, or a
    clarification whose headline says so ("澄清公告")."""
    names = {category.value: category.hkex_names for category in headline_categories()}
    index = _index()
    detected = 0
    for name, document in documents.items():
        category = document.metadata.get("headline_category")
        if category is None:
            continue
        detected += 1
        filed_under = index[name]["hkex_category_path"]
        agrees = any(hkex.replace("/", "_") in filed_under for hkex in names[category])
        assert agrees or (category == "clarification" and "澄清" in document.title), name
    assert detected >= 27
