"""Tables in PDFs: each row on one line, cells apart by a tab, every character on its page."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from importer_pdfs import BODY_LEFT, PdfMaker, Run

from desktop_app.core.importers import ImportedDocument, import_file

REALDATA = (Path(__file__).resolve().parents[3] / ".." / "shared" / "realdata").resolve()
FOLDER = REALDATA / "hkex-00328-zh"

# Invented poll results laid out as such tables are: a wrapped resolution in the first
# column, then each count above its percentage, one column per vote; drawn cell by cell,
# as word processors write tables.
FOR_X, AGAINST_X = 380.0, 470.0


def poll_table(top: float) -> list[Run]:
    rows = [
        (  # the first line fills its column up to the votes: it wraps
            "1. 省覽及考慮截至二零二五年三月三十一日止年度之經審核綜合",
            "財務報表。",
            "18,336,970",
            "0",
        ),
        ("2. 重選陳大文先生為執行董事。", None, "12,345,678", "5,991,292"),
    ]
    runs = [Run(FOR_X, top + 20, "贊成"), Run(AGAINST_X, top + 20, "反對")]
    y = top
    for first, wrapped, votes_for, votes_against in rows:
        runs.append(Run(BODY_LEFT, y, first))
        if wrapped:
            runs.append(Run(BODY_LEFT + 24, y - 15, wrapped))
        runs += [
            Run(FOR_X, y, votes_for),
            Run(FOR_X, y - 15, "(100 %)" if votes_against == "0" else "(67.33 %)"),
            Run(AGAINST_X, y, votes_against),
            Run(AGAINST_X, y - 15, "(0 %)" if votes_against == "0" else "(32.67 %)"),
        ]
        y -= 45
    return runs


def test_a_poll_table_reads_one_row_per_line(make_pdf: PdfMaker) -> None:
    body = [Run(BODY_LEFT, 760, "有關普通決議案的投票表決結果載列如下：")]
    after = [Run(BODY_LEFT, 560, "由於上述決議案獲超過50 %之票數贊成，決議案已獲通過。")]
    document = import_file(make_pdf("poll.pdf", [body + poll_table(700) + after]))
    assert document.text.split("\n") == [
        "有關普通決議案的投票表決結果載列如下：",
        "贊成\t反對",
        "1. 省覽及考慮截至二零二五年三月三十一日止年度之經審核綜合財務報表。"
        "\t18,336,970 (100 %)\t0 (0 %)",
        "2. 重選陳大文先生為執行董事。\t12,345,678 (67.33 %)\t5,991,292 (32.67 %)",
        "由於上述決議案獲超過50 %之票數贊成，決議案已獲通過。",
    ]


def test_a_table_split_over_two_pages_keeps_each_row_on_its_page(make_pdf: PdfMaker) -> None:
    document = import_file(make_pdf("two.pdf", [poll_table(600), poll_table(600)]))
    text = document.text
    assert document.pages[0].start == 0 and document.pages[-1].end == len(text)
    for before, after in itertools.pairwise(document.pages):
        assert before.end == after.start
    for span in document.pages:
        page_text = text[span.start : span.end]
        assert page_text.count("18,336,970 (100 %)") == 1
        assert page_text.count("\t") == 5


def test_a_list_of_names_is_not_run_together(make_pdf: PdfMaker) -> None:
    # A committee table: one director per row, further apart than wrapped lines are.
    header = [
        Run(BODY_LEFT + 60, 700, "董事"),
        Run(250, 700, "審核委員會"),
        Run(400, 700, "薪酬委員會"),
    ]
    rows = [
        Run(BODY_LEFT, 680, "陳大文先生"),
        Run(260, 680, "主席"),
        Run(410, 680, "成員"),
        Run(BODY_LEFT, 659, "李小明女士"),
        Run(260, 659, "成員"),
        Run(410, 659, "主席"),
    ]
    document = import_file(make_pdf("committee.pdf", [header + rows]))
    assert document.text.split("\n") == [
        "董事\t審核委員會\t薪酬委員會",
        "陳大文先生\t主席\t成員",
        "李小明女士\t成員\t主席",
    ]


def test_a_table_drawn_column_by_column_is_left_in_drawing_order(make_pdf: PdfMaker) -> None:
    # Putting its rows together would scramble the text against the page, where the page
    # pane finds each character: such a table stays as PDFium reads it.
    labels = [Run(BODY_LEFT, 700 - 15 * i, label) for i, label in enumerate(["營業額", "毛利"])]
    values = [Run(400, 700 - 15 * i, value) for i, value in enumerate(["99,313", "5,121"])]
    document = import_file(make_pdf("columns.pdf", [labels + values]))
    assert document.text.split("\n") == ["營業額", "毛利", "99,313", "5,121"]


@pytest.fixture(scope="module")
def poll_results() -> dict[str, ImportedDocument]:
    if not FOLDER.is_dir():
        pytest.skip(f"real data not present at {FOLDER}")
    # alco19: AGM poll results; alco28: EGM poll results (see index.tsv).
    return {
        name: import_file(FOLDER / f"{name}.pdf")
        for name in ("alco19_2025-08-29", "alco28_2025-09-23", "alco09_2025-07-08")
    }


@pytest.mark.realdata
def test_real_poll_results_read_one_resolution_per_line(
    poll_results: dict[str, ImportedDocument],
) -> None:
    agm = poll_results["alco19_2025-08-29"].text.split("\n")
    resolutions = [line for line in agm if line.endswith("\t18,336,970 (100 % )\t0 (0 % )")]
    assert len(resolutions) == 10  # 1, 2(i)–(v), 3, 4, 5, 6
    assert resolutions[0].startswith("1. 省覽及考慮截至二零二五年三月三十一日止年度之經審核")
    egm = poll_results["alco28_2025-09-23"].text
    assert "1. 批准通告所載股本重組及其項下擬進行之交易。\t21,726,960 (100 % )\t0 (0 % )" in egm


@pytest.mark.realdata
def test_real_share_capital_table_keeps_its_rows(poll_results: dict[str, ImportedDocument]) -> None:
    lines = poll_results["alco09_2025-07-08"].text.split("\n")
    (authorised,) = [line for line in lines if line.startswith("法定股本\t")]
    assert authorised.split("\t") == [
        "法定股本",
        "300,000,000.00港元，分為30,000,000,000股現有股份",
        "300,000,000.00港元，分為3,000,000,000股合併股份",
        "300,000,000.00港元，分為30,000,000,000股經調整股份",
    ]
