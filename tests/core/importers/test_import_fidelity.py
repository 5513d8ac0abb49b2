"""Text files and HTML stay what the issuer wrote: strict decoding, bad bytes and invisible
controls reported, never a silent change of code page or of what the screen shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.errors import ImportProblem
from desktop_app.core.importers import import_file
from desktop_app.core.importers.controls import control_positions

LINE = "Price HK$1.20 – Café Résumé Holdings Limited\r\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_one_stray_byte_in_utf8_is_replaced_and_reported(tmp_path: Path) -> None:
    data = LINE.encode("utf-8") + b"The Board \x92s decision.\r\n" + LINE.encode("utf-8")
    path = write(tmp_path, "stray.txt", data)
    document = import_file(path)
    assert document.text == (
        "Price HK$1.20 – Café Résumé Holdings Limited\n"
        "The Board \ufffds decision.\n"
        "Price HK$1.20 – Café Résumé Holdings Limited\n"
    )  # not mac_roman: the dash and the accents are intact
    (note,) = document.report
    assert note.kind == "replaced_bytes"
    byte_offset = data.index(b"\x92")
    assert f"byte offset {byte_offset}" in note.detail and "92" in note.detail
    assert note.offset is not None and document.text[note.offset] == "\ufffd"
    assert document.original == data


def test_several_flaws_are_each_reported(tmp_path: Path) -> None:
    data = "董事會公告：".encode() + b"\xff" + "本公司".encode() + b"\xc3" + "。完".encode()
    document = import_file(write(tmp_path, "flaws.txt", data))
    assert document.text == "董事會公告：\ufffd本公司\ufffd。完"
    offsets = [note.offset for note in document.report if note.kind == "replaced_bytes"]
    assert offsets == [6, 10]


def test_real_legacy_files_are_still_read_as_such(tmp_path: Path) -> None:
    # Windows-1252 English has no well-formed UTF-8 at all: it is not "UTF-8 with flaws".
    text = "The “Placing” at HK$1.20 — café.\n"
    document = import_file(write(tmp_path, "en.txt", text.encode("cp1252")))
    assert document.text == text
    assert document.report == ()


@pytest.mark.parametrize(
    ("charset", "body"),
    [
        ("utf-7", b"<p>Visible +AGgAaQBkAGQAZQBu- text</p>"),
        ("unicode_escape", b"<p>Consideration HK$\\u0031\\u0030 million</p>"),
        ("cp037", b"<p>Some text</p>"),
        ("punycode", b"<p>Some text</p>"),
        ("rot13", b"<p>Some text</p>"),
        ("x-no-such-charset", b"<p>Some text</p>"),
    ],
)
def test_meta_charsets_that_are_not_text_encodings_are_refused(
    tmp_path: Path, charset: str, body: bytes
) -> None:
    data = b'<html><head><meta charset="' + charset.encode() + b'"></head><body>' + body
    with pytest.raises(ImportProblem) as caught:
        import_file(write(tmp_path, "odd.html", data))
    message = str(caught.value)
    assert message.startswith("odd.html: declares charset “" + charset + "”")


@pytest.mark.parametrize(
    ("charset", "text"),
    [
        ("Shift_JIS", "株式会社の発表"),
        ("EUC-KR", "회사 발표"),
        ("big5-hkscs", "本公司董事會宣佈"),
        ("GB2312", "本公司董事会宣布"),
        ("windows-1252", "Café — “quoted”"),
        ("ISO-8859-1", "Café"),
    ],
)
def test_real_text_encodings_declared_in_meta_are_honoured(
    tmp_path: Path, charset: str, text: str
) -> None:
    html = f'<meta charset="{charset}"><p>{text}</p>'
    encoding = {"big5-hkscs": "big5hkscs", "windows-1252": "cp1252"}.get(charset, charset)
    document = import_file(write(tmp_path, "ok.html", html.encode(encoding)))
    assert document.text == text


def test_html_declared_utf8_with_a_stray_byte_is_reported(tmp_path: Path) -> None:
    data = '<meta charset="utf-8"><p>Café – HK$1.20</p><p>Bad '.encode() + b"\xa0byte</p>"
    document = import_file(write(tmp_path, "stray.html", data))
    assert document.text == "Café – HK$1.20\nBad \ufffdbyte"
    (note,) = document.report
    assert note.kind == "replaced_bytes"
    bad = data.index(b"\xa0")
    assert f"byte offset {bad}" in note.detail
    assert note.offset == document.text.index("\ufffd")


def test_bidi_controls_are_kept_and_flagged(tmp_path: Path) -> None:
    text = "Consideration: \u202e0001 DKH\u202c payable on completion.\n"
    document = import_file(write(tmp_path, "bidi.txt", text.encode("utf-8")))
    assert document.text == text  # fidelity: the stored text is what the file holds
    (note,) = document.report
    assert note.kind == "bidi_controls"
    assert note.offset == 15
    assert "U+202E RIGHT-TO-LEFT OVERRIDE at 15" in note.detail
    assert "U+202C POP DIRECTIONAL FORMATTING at 24" in note.detail


def test_zero_width_and_inner_bom_are_flagged_as_invisible(tmp_path: Path) -> None:
    html = "<p>Share\u200bholder \ufeffnotice</p>"
    document = import_file(write(tmp_path, "zw.html", html.encode("utf-8")))
    assert document.text == "Share\u200bholder \ufeffnotice"
    (note,) = document.report
    assert note.kind == "invisible_controls"
    assert "U+200B ZERO WIDTH SPACE at 5" in note.detail
    assert "U+FEFF ZERO WIDTH NO-BREAK SPACE at 13" in note.detail


def test_control_positions_for_the_text_pane() -> None:
    assert control_positions("a\u202eb\u200bc\U000e0041d") == [
        (1, "\u202e"),
        (3, "\u200b"),
        (5, "\U000e0041"),
    ]
    assert control_positions("本公司 plain text") == []


def test_clean_text_files_have_an_empty_report_and_keep_their_bytes(tmp_path: Path) -> None:
    data = "本公司董事會宣佈。\n".encode("big5")
    document = import_file(write(tmp_path, "clean.txt", data))
    assert document.report == ()
    assert document.original == data


def test_utf8_with_too_many_flaws_is_refused_naming_the_offsets(tmp_path: Path) -> None:
    chunk = "董事會公告：本公司業務如常。".encode()
    data = b"".join(chunk + b"\xff" for _ in range(20))
    with pytest.raises(ImportProblem) as caught:
        import_file(write(tmp_path, "damaged.txt", data))
    message = str(caught.value)
    assert message.startswith("damaged.txt: ")
    assert "UTF-8 but has more than 16 invalid byte sequences" in message
    assert f"byte offsets {len(chunk)}, {2 * len(chunk) + 1}" in message
