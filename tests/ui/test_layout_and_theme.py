"""Any window size and light or dark: the panes stack below 1200 px so the text keeps a
usable line and every forms tab stays on the bar; View → Theme switches and is remembered,
with input borders that stand out from the window in both."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QToolButton
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]


@pytest.fixture(autouse=True)
def back_to_system_theme(qapp: QApplication) -> Iterator[None]:
    yield
    for window in qapp.topLevelWidgets():
        if isinstance(window, MainWindow):
            window.theme.apply("system")
            return


def all_tabs_on_the_bar(window: MainWindow) -> bool:
    bar = window.forms.tabBar()
    arrows = [button for button in bar.findChildren(QToolButton) if button.isVisible()]
    last = bar.tabRect(bar.count() - 1)
    return not arrows and last.right() <= bar.width() and last.left() >= 0


def characters_a_line(window: MainWindow, sample: str) -> float:
    width = QFontMetricsF(window.text_view.font()).horizontalAdvance(sample) / len(sample)
    return window.text_view.viewport().width() / width


@pytest.mark.parametrize(("width", "height", "stacked"), [(1024, 700, True), (1600, 1000, False)])
def test_panes_fit_the_window(
    store: Store,
    document_id: str,
    make_window: MakeWindow,
    qtbot: QtBot,
    width: int,
    height: int,
    stacked: bool,
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width)
    assert window.responsive.narrow is stacked
    assert (window.work_splitter.orientation() == Qt.Orientation.Vertical) is stacked
    qtbot.waitUntil(lambda: all_tabs_on_the_bar(window))
    assert characters_a_line(window, "董事會宣佈委任獨立非執行董事") >= 35
    if stacked:  # the text, not the forms, gets most of the height
        text, forms = window.work_splitter.sizes()
        assert text > forms
    else:  # side by side the forms are never narrower than their tab bar
        assert window.forms.width() >= window.forms.tabBar().sizeHint().width()


def test_a_window_too_narrow_for_three_readable_columns_stacks(
    store: Store, document_id: str, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    needed = window.responsive.side_by_side_width()
    window.resize(needed + 20, 900)
    qtbot.waitUntil(lambda: not window.responsive.narrow)
    window.resize(needed - 20, 900)
    qtbot.waitUntil(lambda: window.responsive.narrow)
    assert characters_a_line(window, "董事會宣佈委任獨立非執行董事") >= 30


def test_a_remembered_stacked_layout_still_gives_the_text_the_height(
    store: Store, qtbot: QtBot, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "stacked.ini"), QSettings.Format.IniFormat)
    first = MainWindow(store, settings)
    qtbot.addWidget(first)
    first.resize(1024, 700)
    first.show()
    qtbot.waitUntil(lambda: first.responsive.narrow)
    first.close()
    second = MainWindow(store, settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.responsive.narrow
    assert 0 < second.forms.minimumHeight() < second.forms.minimumSizeHint().height()
    text, forms = second.work_splitter.sizes()
    assert text > forms


def test_crossing_the_threshold_restacks_the_panes(
    store: Store, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(store)
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: not window.responsive.narrow)
    window.resize(1100, 800)
    qtbot.waitUntil(lambda: window.responsive.narrow)
    assert window.work_splitter.sizes()[0] > window.work_splitter.sizes()[1]  # text on top


def contrast(first: QColor, second: QColor) -> float:
    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.redF())
            + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF())
        )

    bright, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (bright + 0.05) / (dark + 0.05)


def border_contrast(window: MainWindow) -> float:
    field = window.find_bar.field
    image = field.grab().toImage()
    background = QApplication.palette().color(QPalette.ColorRole.Window)
    middle = image.height() // 2
    return max(contrast(image.pixelColor(x, middle), background) for x in range(3))


def test_view_theme_switches_light_and_dark_and_is_remembered(
    store: Store,
    document_id: str,
    make_window: MakeWindow,
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    window = make_window(store)
    window.open_document(document_id)
    window.find_bar.open()
    window.text_view.setFocus()  # an unfocused field: its plain border, not the focus frame
    qtbot.waitUntil(lambda: not window.find_bar.field.hasFocus())
    theme_menu = window.menuBar().findChild(QMenu, "theme_menu")
    assert theme_menu is not None
    titles = [action.text() for action in theme_menu.actions()]
    assert titles == ["Theme: System", "Theme: Light", "Theme: Dark"]
    theme_menu.actions()[2].trigger()
    window_colour = QApplication.palette().color(QPalette.ColorRole.Window)
    assert window_colour.lightness() < 80
    assert theme_menu.actions()[2].isChecked() and not theme_menu.actions()[0].isChecked()
    qtbot.waitUntil(lambda: border_contrast(window) >= 2.0)
    theme_menu.actions()[1].trigger()
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 180
    qtbot.waitUntil(lambda: border_contrast(window) >= 2.0)
    theme_menu.actions()[2].trigger()
    window.settings.sync()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert settings.value("view/theme") == "dark"
    window.close()
    QApplication.setPalette(QPalette())  # as a fresh start would have it
    again = MainWindow(store, settings)
    qtbot.addWidget(again)
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    assert again.registry.action("view.theme_dark").isChecked()
