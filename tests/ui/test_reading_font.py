"""Latin punctuation is drawn with the Latin font: the glyph runs Qt lays out for the text
view's font show which font draws each character."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QTextLayout
from PySide6.QtWidgets import QApplication

from desktop_app.ui.text_view import reading_font


def fonts_drawing(text: str) -> list[tuple[str, str]]:
    """(characters, family) for each run of the laid-out text, in order."""
    layout = QTextLayout(text, reading_font())
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(100_000)
    layout.endLayout()
    runs = []
    wanted = (
        QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphIndexes
        | QTextLayout.GlyphRunRetrievalFlag.RetrieveStringIndexes
    )
    for run in layout.glyphRuns(0, len(text), wanted):
        indexes = run.stringIndexes()
        characters = "".join(text[i] for i in sorted(set(indexes)))
        runs.append((characters, run.rawFont().familyName()))
    return runs


def family_of(text: str, character: str) -> str:
    return next(family for chars, family in fonts_drawing(text) if character in chars)


def is_cjk(family: str) -> bool:
    systems = QFontDatabase.writingSystems(family)
    return QFontDatabase.WritingSystem.TraditionalChinese in systems


def test_curly_quotes_in_english_use_the_latin_font(qapp: QApplication) -> None:
    text = "Ascentage Pharma’s “Company” — 5%"
    latin = family_of(text, "A")
    assert not is_cjk(latin)
    for character in "’“”—":
        assert family_of(text, character) == latin, character


def test_chinese_still_falls_back_to_a_cjk_font(qapp: QApplication) -> None:
    if not any(is_cjk(family) for family in QFontDatabase.families()):
        return  # a machine without Chinese fonts draws boxes whatever the order
    text = "本公司（「本公司」）宣佈：Pharma’s"
    assert is_cjk(family_of(text, "本"))
    assert is_cjk(family_of(text, "「"))  # full-width punctuation stays with the CJK font
    assert not is_cjk(family_of(text, "’"))
