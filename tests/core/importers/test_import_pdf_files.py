"""Importing PDFs generated in the tests: text repair, page furniture, pages, bad files."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from importer_pdfs import BODY_LEFT, PdfMaker, Run, build_pdf, justified, run_width

from desktop_app.core.errors import ImportProblem
from desktop_app.core.importers import import_file
from desktop_app.core.text import normalise_imported_text

# Invented text, shaped like a Traditional Chinese announcement.
# Full lines of 35 characters, spread over the measure, with no final stop.
PARA_1 = "本公司董事會謹此知會本公司股東及潛在投資者，根據董事會目前可取得的資"
PARA_2 = "料及對本集團截至本財政年度之未經審核綜合管理賬目作出之初步審閱及評"
PARA_3 = "估，預期本集團將錄得虧損。"  # short, ends the paragraph
HEADING = "盈利預警"


def raw_text(path: Path) -> str:
    """What PDFium extracts, before any repair."""
    document = pdfium.PdfDocument(str(path))
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def paragraph_page(y: float = 700) -> list[Run]:
    return [
        Run(275, y + 40, HEADING, 12),
        justified(PARA_1, y),
        justified(PARA_2, y - 15),
        Run(BODY_LEFT, y - 30, PARA_3),
    ]


def test_spaces_from_justified_chinese_lines_are_removed(make_pdf: PdfMaker) -> None:
    path = make_pdf("warning.pdf", [paragraph_page()])
    assert "本 公 司 董 事 會" in raw_text(path)  # the problem is real in the extraction
    document = import_file(path)
    assert document.text == HEADING + "\n" + PARA_1 + PARA_2 + PARA_3
    assert document.language == "zh-Hant"


def test_genuine_spaces_are_kept(make_pdf: PdfMaker) -> None:
    y = 700.0
    first = Run(BODY_LEFT, y, "本公告乃由", gap=300)
    name = Run(BODY_LEFT + run_width(first), y, "Alco Holdings Limited")
    rest = Run(name.x + run_width(name), y, "（「本公司」）作出。")
    table = [Run(BODY_LEFT, 600, "董事"), Run(200, 600, "審核委員會"), Run(350, 600, "主席")]
    document = import_file(make_pdf("mixed.pdf", [[first, name, rest, *table]]))
    # Words far apart on one baseline are table cells: kept apart, by a tab.
    assert (
        document.text
        == "本公告乃由Alco Holdings Limited（「本公司」）作出。\n董事\t審核委員會\t主席"
    )


def test_page_numbers_and_template_junk_are_dropped(make_pdf: PdfMaker) -> None:
    footers = ["– 1 –", "- 2 -", "第3頁"]
    pages = [
        [
            Run(606, 800, "B_table indent_4.5 mm", 7),  # off the right edge of the page
            Run(290, 27, footer, 9),
            Run(BODY_LEFT, 700, f"第{number}段內容。"),
        ]
        for number, footer in enumerate(footers, start=1)
    ]
    document = import_file(make_pdf("furniture.pdf", pages))
    assert document.text == "第1段內容。\n第2段內容。\n第3段內容。"


def test_headers_repeated_on_every_page_are_dropped(make_pdf: PdfMaker) -> None:
    pages = [
        [
            Run(BODY_LEFT, 800, "FF301"),
            Run(BODY_LEFT, 785, f"第 {number} 頁 共 3 頁 v 1.1.1"),
            Run(BODY_LEFT, 700, f"Section {number} of the monthly return."),
        ]
        for number in (1, 2, 3)
    ]
    document = import_file(make_pdf("return.pdf", pages))
    assert document.text == (
        "Section 1 of the monthly return.\nSection 2 of the monthly return.\n"
        "Section 3 of the monthly return."
    )


def test_latin_lines_wrapped_mid_sentence_are_joined(make_pdf: PdfMaker) -> None:
    lines = [
        "PROFIT WARNING",
        "The Board wishes to inform shareholders that the Group is expected to",
        "record a loss for the year. This is a well-",
        "known risk.",
        "Shareholders should exercise caution.",
    ]
    runs = [Run(BODY_LEFT, 700 - 15 * i, text) for i, text in enumerate(lines)]
    document = import_file(make_pdf("english.pdf", [runs]))
    assert document.text == (
        "PROFIT WARNING\n"
        "The Board wishes to inform shareholders that the Group is expected to record a loss "
        "for the year. This is a well-known risk.\n"
        "Shareholders should exercise caution."
    )
    assert document.language == "en"


def test_list_items_and_timetable_rows_stay_on_their_own_lines(make_pdf: PdfMaker) -> None:
    item_1 = "（一）股份合併，據此，每十股已發行股份將合併為一股合併股份，並予以註銷；及"
    item_2 = "（二）股本削減。"
    row_1 = "股東特別大會日期 . . . . . . . . . . . . . . . . . . 九月二十三日（星期二）"
    row_2 = "上午十一時正"
    runs = [justified(item_1, 700), Run(BODY_LEFT, 685, item_2)]
    runs += [justified(row_1, 650), Run(BODY_LEFT, 635, row_2)]
    document = import_file(make_pdf("items.pdf", [runs]))
    assert document.text.split("\n") == [item_1, item_2, row_1, row_2]


def test_right_aligned_signature_block_is_not_joined(make_pdf: PdfMaker) -> None:
    signature = ["承董事會命", "Sample Tech Limited", "主席"]
    right = BODY_LEFT + 455
    runs = [justified(PARA_1, 700), Run(BODY_LEFT, 685, PARA_3)]
    runs += [
        Run(right - run_width(Run(0, 0, text)), 600 - 15 * i, text)
        for i, text in enumerate(signature)
    ]
    document = import_file(make_pdf("signature.pdf", [runs]))
    assert document.text.endswith("\n承董事會命\nSample Tech Limited\n主席")


def test_pages_cover_the_text_and_a_sentence_may_cross_a_page(make_pdf: PdfMaker) -> None:
    pages = [
        [justified(PARA_1, 100)],  # ends mid-sentence at the foot of page 1
        [],  # a blank page
        [Run(BODY_LEFT, 780, PARA_3), Run(BODY_LEFT, 765, "第二段。")],
    ]
    document = import_file(make_pdf("pages.pdf", pages))
    text = document.text
    assert text == PARA_1 + PARA_3 + "\n第二段。"
    assert [span.page for span in document.pages] == [1, 2, 3]
    assert document.pages[0].start == 0
    assert document.pages[-1].end == len(text)
    for before, after in itertools.pairwise(document.pages):
        assert before.end == after.start
    page_of = {span.page: text[span.start : span.end] for span in document.pages}
    assert page_of == {1: PARA_1, 2: "", 3: PARA_3 + "\n第二段。"}


def test_characters_outside_the_bmp_count_as_one(make_pdf: PdfMaker) -> None:
    # HKSCS names use supplementary ideographs; PDFium returns them as surrogate pairs.
    document = import_file(make_pdf("astral.pdf", [[Run(BODY_LEFT, 700, "陳𠝹明先生（主席）。")]]))
    assert document.text == "陳𠝹明先生（主席）。"
    assert document.pages[0].end == 10


def test_text_is_already_normalised(make_pdf: PdfMaker) -> None:
    document = import_file(make_pdf("n.pdf", [paragraph_page(), paragraph_page()]))
    assert normalise_imported_text(document.text) == document.text
    assert "\r" not in document.text


def test_metadata_and_title_from_the_announcement(make_pdf: PdfMaker) -> None:
    runs = [
        Run(250, 780, "（股份代號：918）"),
        Run(270, 760, HEADING, 12),
        Run(BODY_LEFT, 700, "本公告乃由示例控股有限公司（「本公司」）作出。"),
        Run(400, 650, "承董事會命"),
        Run(400, 635, "示例控股有限公司"),
        Run(BODY_LEFT, 600, "香港，2025年9月17日"),
    ]
    document = import_file(make_pdf("notice.pdf", [runs]))
    assert document.metadata == {
        "stock_code": "918",
        "issuer": "示例控股有限公司",
        "publication_date": "2025-09-17",
        "headline": HEADING,
        "headline_category": "profit_warning",
    }
    assert document.title == HEADING
    assert document.source_name == "notice.pdf"


def test_declared_pdf_title_is_used_unless_it_is_junk(make_pdf: PdfMaker) -> None:
    body = [Run(BODY_LEFT, 700, "x" * 80)]
    assert import_file(make_pdf("a.pdf", [body], title="Annual Results 2025")).title == (
        "Annual Results 2025"
    )
    assert import_file(make_pdf("b.pdf", [body], title="C254873A_Alco 1..3")).title == "b"


def test_password_protected_pdf_is_refused(make_pdf: PdfMaker) -> None:
    path = make_pdf("locked.pdf", [paragraph_page()], user_password="secret")
    with pytest.raises(ImportProblem, match=r"locked\.pdf: is password-protected"):
        import_file(path)


def test_encrypted_pdf_without_a_user_password_imports(make_pdf: PdfMaker) -> None:
    path = make_pdf("owner-only.pdf", [paragraph_page()], user_password="")
    assert import_file(path).text.startswith(HEADING + "\n" + PARA_1)


def test_scanned_pdf_needs_ocr(make_pdf: PdfMaker) -> None:
    image = b"q 200 0 0 200 100 500 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q\n"
    path = make_pdf("scan.pdf", [[]], page_extras=[image])
    with pytest.raises(ImportProblem, match=r"scan\.pdf: has no text layer.*OCR"):
        import_file(path)


def test_random_bytes_with_a_pdf_suffix(tmp_path: Path) -> None:
    path = tmp_path / "random.pdf"
    path.write_bytes(random.Random(3).randbytes(4096))
    with pytest.raises(ImportProblem, match=r"random\.pdf: is not a PDF file"):
        import_file(path)


def test_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.7\n" + random.Random(4).randbytes(4096))
    with pytest.raises(ImportProblem, match=r"damaged\.pdf: is damaged or not a valid PDF"):
        import_file(path)


def test_pdf_missing_its_cross_reference_table_is_repaired(tmp_path: Path) -> None:
    data = build_pdf([paragraph_page()])
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: data.rindex(b"xref")])
    assert import_file(path).text.startswith(HEADING)


def test_empty_pdf_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(ImportProblem, match=r"empty\.pdf: the file is empty"):
        import_file(path)
