"""Importing .txt and .md files: encodings, line endings, empty files, titles."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from desktop_app.core.errors import ImportProblem
from desktop_app.core.importers import import_file
from desktop_app.core.importers.encodings import decode_bytes
from desktop_app.core.text import normalise_imported_text

# Written for these tests (not taken from any real announcement).
TRADITIONAL = (
    "示例控股有限公司（「本公司」）董事會宣佈，本公司已與一家獨立第三方訂立諒解備忘錄，"
    "內容有關可能收購一間從事物流業務之公司。董事會認為，該合作符合本公司及股東之整體利益。"
    "股東及潛在投資者於買賣本公司證券時務請審慎行事。"
)
SIMPLIFIED = (
    "示例控股有限公司（“本公司”）董事会宣布，本公司已与一家独立第三方订立谅解备忘录，"
    "内容有关可能收购一间从事物流业务之公司。董事会认为，该合作符合本公司及股东之整体利益。"
    "股东及潜在投资者于买卖本公司证券时务请审慎行事。"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("utf-8", TRADITIONAL.encode("utf-8")),
        ("utf-8 with BOM", codecs.BOM_UTF8 + TRADITIONAL.encode("utf-8")),
        ("utf-16 LE with BOM", codecs.BOM_UTF16_LE + TRADITIONAL.encode("utf-16-le")),
        ("utf-16 BE with BOM", codecs.BOM_UTF16_BE + TRADITIONAL.encode("utf-16-be")),
        ("utf-32 LE with BOM", codecs.BOM_UTF32_LE + TRADITIONAL.encode("utf-32-le")),
        ("big5", TRADITIONAL.encode("big5")),
        ("big5-hkscs", TRADITIONAL.encode("big5hkscs")),
    ],
)
def test_traditional_chinese_reads_the_same_in_every_encoding(
    tmp_path: Path, label: str, data: bytes
) -> None:
    document = import_file(write(tmp_path, "notice.txt", data))
    assert document.text == TRADITIONAL, label
    assert not document.text.startswith("\ufeff")
    assert document.language == "zh-Hant"


@pytest.mark.parametrize("encoding", ["gb2312", "gbk", "gb18030"])
def test_simplified_chinese_in_gb_encodings(tmp_path: Path, encoding: str) -> None:
    document = import_file(write(tmp_path, "notice.txt", SIMPLIFIED.encode(encoding)))
    assert document.text == SIMPLIFIED
    assert document.language == "zh-Hans"


def test_hong_kong_supplementary_characters_survive_big5_hkscs(tmp_path: Path) -> None:
    # 嘅 and 𠝹 exist only in HKSCS; 𠝹 lies outside the BMP and counts as one code point.
    text = "佢哋話呢間公司嘅業務好好。𠝹字亦要保留。" + TRADITIONAL
    document = import_file(write(tmp_path, "hk.txt", text.encode("big5hkscs")))
    assert document.text == text
    assert document.text.index("字") == document.text.index("𠝹") + 1


def test_gb18030_four_byte_characters(tmp_path: Path) -> None:
    text = SIMPLIFIED + "㐀€"  # both need four-byte or extension sequences in GB18030
    document = import_file(write(tmp_path, "gb.txt", text.encode("gb18030")))
    assert document.text == text


@pytest.mark.parametrize("text", ["董事會會議召開日期", "盈利預警", "股東週年大會通告"])
def test_short_big5_headline_is_not_misread(tmp_path: Path, text: str) -> None:
    # charset-normalizer alone guesses Korean or Japanese for such short Big5 text.
    document = import_file(write(tmp_path, "short.txt", text.encode("big5")))
    assert document.text == text


def test_windows_1252_english(tmp_path: Path) -> None:
    text = "The Board announces the “Placing” at HK$1.20 per share — café résumé naïve.\n"
    document = import_file(write(tmp_path, "en.txt", text.encode("cp1252")))
    assert document.text == text
    assert document.language == "en"


def test_undecidable_bytes_are_refused_rather_than_mojibake(tmp_path: Path) -> None:
    chooser = random.Random(7)
    noise = bytes(chooser.choice(range(0xA1, 0xFF)) for _ in range(400))
    with pytest.raises(ImportProblem) as caught:
        import_file(write(tmp_path, "noise.txt", noise))
    message = str(caught.value)
    assert message.startswith("noise.txt:")
    assert "encoding could not be determined" in message


def test_binary_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportProblem, match=r"data\.txt: .*encoding could not be determined"):
        import_file(write(tmp_path, "data.txt", b"\x00\x01\x02PK\x03\x04" * 20))


def test_broken_utf16_after_bom_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportProblem, match="UTF-16"):
        import_file(write(tmp_path, "odd.txt", codecs.BOM_UTF16_LE + b"A\x00B"))


@pytest.mark.parametrize("data", [b"", codecs.BOM_UTF8])
def test_empty_file_is_a_clear_problem(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ImportProblem, match=r"empty\.txt: .*(empty|no text)"):
        import_file(write(tmp_path, "empty.txt", data))


def test_white_space_only_file_has_no_text(tmp_path: Path) -> None:
    with pytest.raises(ImportProblem, match="contains no text"):
        import_file(write(tmp_path, "blank.md", b" \r\n\t\n  "))


def test_line_endings_are_normalised(tmp_path: Path) -> None:
    raw = "一\r\n二\r三\u2028四\u2029五\x85六\x0c七\nend"
    document = import_file(write(tmp_path, "lines.txt", raw.encode("utf-8")))
    assert document.text == "一\n二\n三\n四\n五\n六\n七\nend"
    assert normalise_imported_text(document.text) == document.text


def test_control_characters_are_dropped_but_tabs_kept(tmp_path: Path) -> None:
    document = import_file(write(tmp_path, "c.txt", b"a\x07b\tc\x1bd\x7f"))
    assert document.text == "ab\tcd"


def test_markdown_keeps_its_source_and_takes_the_first_heading_as_title(tmp_path: Path) -> None:
    source = "Intro line\n\n## Profit Warning ##\n\n*The Board* announces…\n"
    document = import_file(write(tmp_path, "warning.md", source.encode("utf-8")))
    assert document.text == source
    assert document.title == "Profit Warning"
    assert document.source_name == "warning.md"
    assert document.pages == []


def test_title_falls_back_to_the_file_stem(tmp_path: Path) -> None:
    document = import_file(write(tmp_path, "long-one.txt", ("字" * 300).encode("utf-8")))
    assert document.title == "long-one"


def test_decode_bytes_reports_the_encoding_it_used() -> None:
    assert decode_bytes(TRADITIONAL.encode("big5"))[0] == "Big5-HKSCS"
    assert decode_bytes(SIMPLIFIED.encode("gbk"))[0] == "GB18030"
    assert decode_bytes(codecs.BOM_UTF16_BE + b"\x00A")[1] == "A"


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ImportProblem, match=r"missing\.txt: file not found"):
        import_file(tmp_path / "missing.txt")
