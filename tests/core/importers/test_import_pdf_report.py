"""What the PDF importer leaves out is decided by geometry and content, and always reported."""

from __future__ import annotations

from importer_pdfs import BODY_LEFT, PdfMaker, Run

from desktop_app.core.importers import import_file

# Invented poll results; each page opens (in the top margin band) with a resolution's result.
RESULTS = [
    "Resolution 1: FOR 30,111,222 votes (99.20%) AGAINST 242,000 votes (0.80%)",
    "Resolution 2: FOR 12,345,678 votes (45.10%) AGAINST 15,028,450 votes (54.90%)",
    "Resolution 3: FOR 27,003,001 votes (88.00%) AGAINST 3,682,000 votes (12.00%)",
]


def poll_pages() -> list[list[Run]]:
    pages = []
    for number, result in enumerate(RESULTS, start=1):
        pages.append(
            [
                Run(BODY_LEFT, 800, "EXAMPLE HOLDINGS LIMITED – POLL RESULTS"),  # running header
                Run(BODY_LEFT, 760, result),
                Run(BODY_LEFT, 500, f"The resolution numbered {number} is set out above."),
                Run(290, 30, f"– {number} –"),  # page number
            ]
        )
    return pages


def test_poll_results_in_the_top_margin_are_kept(make_pdf: PdfMaker) -> None:
    path = make_pdf("poll.pdf", poll_pages())
    document = import_file(path)
    for result in RESULTS:
        assert result in document.text  # resolution 2 failed: its result must be there
    assert "POLL RESULTS" not in document.text
    assert "– 2 –" not in document.text
    for span, result in zip(document.pages, RESULTS, strict=True):
        assert result in document.text[span.start : span.end]


def test_removed_furniture_is_listed_with_its_page(make_pdf: PdfMaker) -> None:
    document = import_file(make_pdf("poll.pdf", poll_pages()))
    furniture = [(note.page, note.detail) for note in document.report if note.kind == "furniture"]
    assert len(furniture) == 6
    assert [page for page, _ in furniture] == [1, 1, 2, 2, 3, 3]
    assert all(
        "EXAMPLE HOLDINGS LIMITED – POLL RESULTS" in detail or f"– {page} –" in detail
        for page, detail in furniture
    )
    assert not any("Resolution" in detail for _, detail in furniture)
    assert furniture[0][1].endswith("(running header or footer)")
    assert furniture[1][1] == "left out “– 1 –” (page number)"


def test_the_original_bytes_are_kept(make_pdf: PdfMaker) -> None:
    path = make_pdf("poll.pdf", poll_pages())
    assert import_file(path).original == path.read_bytes()


def test_off_page_template_junk_is_reported(make_pdf: PdfMaker) -> None:
    pages = [[Run(606, 800, "B_table indent_4.5 mm", 7), Run(BODY_LEFT, 700, "正文內容。")]]
    document = import_file(make_pdf("junk.pdf", pages))
    assert document.text == "正文內容。"
    (note,) = document.report
    assert (note.kind, note.page) == ("off_page", 1)
    assert "B_table indent_4.5 mm" in note.detail


def test_invisible_text_is_left_out_and_reported(make_pdf: PdfMaker) -> None:
    # Render mode 3 draws nothing: OCR layers and hidden keywords use it.
    secret = "".join(f"<{ord(char):04X}>" for char in "SECRET")
    hidden = f"q BT 3 Tr /F1 10 Tf 1 0 0 1 70 650 Tm [{secret}] TJ ET Q\n".encode()
    pages = [[Run(BODY_LEFT, 700, "Visible body text.")]]
    path = make_pdf("hidden.pdf", pages, page_extras=[hidden], extra_chars="SECRET")
    document = import_file(path)
    assert document.text == "Visible body text."
    (note,) = document.report
    assert (note.kind, note.page) == ("invisible", 1)
    assert "SECRET" in note.detail


def test_text_outside_its_clipping_path_is_left_out_and_reported(make_pdf: PdfMaker) -> None:
    # Drawn inside a 100-unit square clip at the foot of the page, but placed far above it.
    secret = "".join(f"<{ord(char):04X}>" for char in "SECRET")
    clipped = f"q 50 50 100 100 re W n BT /F1 10 Tf 1 0 0 1 300 650 Tm [{secret}] TJ ET Q\n"
    inside = "".join(f"<{ord(char):04X}>" for char in "SEEN")
    shown = f"q 50 50 100 100 re W n BT /F1 10 Tf 1 0 0 1 60 100 Tm [{inside}] TJ ET Q\n"
    pages = [[Run(BODY_LEFT, 700, "Visible body text.")]]
    extras = [(clipped + shown).encode()]
    document = import_file(make_pdf("clip.pdf", pages, page_extras=extras, extra_chars="SECRTN"))
    assert "SECRET" not in document.text
    assert document.text.split("\n") == ["SEEN", "Visible body text."]
    (note,) = document.report
    assert (note.kind, note.page) == ("invisible", 1)
    assert "SECRET" in note.detail and "clipping path" in note.detail


def test_bidi_controls_in_a_pdf_are_kept_and_flagged(make_pdf: PdfMaker) -> None:
    text = "Consideration: \u202e0001 DKH\u202c payable."
    document = import_file(make_pdf("bidi.pdf", [[Run(BODY_LEFT, 700, text)]]))
    assert document.text == text
    (note,) = document.report
    assert (note.kind, note.offset) == ("bidi_controls", 15)
