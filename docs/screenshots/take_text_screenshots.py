"""Screenshots of the text pane at two window sizes, light and dark, English and Chinese.

Run under an X server (Xvfb) with ImageMagick's ``import`` on the path::

    Xvfb :14 -screen 0 1600x1000x24 &
    DISPLAY=:14 uv run python docs/screenshots/take_text_screenshots.py [REAL.pdf]

Each shot drives the real window with real key and mouse events (W on a Chinese word, a
drag over "ang Dajun", find as you type, a right click) and grabs the screen region of the
window into ``docs/screenshots/text-*.png``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from desktop_app.core.corpus import add_imported
from desktop_app.core.importers import import_file
from desktop_app.core.resources import default_schema_path, resource_path
from desktop_app.core.schema import load_schema
from desktop_app.core.store import Store, open_store
from desktop_app.ui.main_window import MainWindow

HERE = Path(__file__).parent
_shots: list[str] = []
MIXED = (
    "Ascentage Pharma Group International (the “Company”, together with its subsidiaries, "
    "the “Group”) announces that the Company’s board of directors (the “Board”) has "
    "appointed Mr. Yang Dajun (楊大軍先生) as an independent non-executive Director. "
    "The Board’s nomination committee considered Mr. Yang’s 30 years’ experience.\n\n"
    "亞盛醫藥集團（「本公司」）董事會（「董事會」）宣佈，楊大軍先生獲委任為獨立非執行董事，"
    "自2025年9月1日起生效。“Company” 與「本公司」並排顯示。\n"
)


def settle(milliseconds: int = 250) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def grab(widget: QWidget, name: str) -> Path:
    settle()
    target = HERE / f"text-{name}.png"
    frame = widget.frameGeometry()
    geometry = f"{frame.width()}x{frame.height()}+{frame.x()}+{frame.y()}"
    subprocess.run(
        ["import", "-window", "root", "-crop", geometry, "+repage", str(target)], check=True
    )
    print(target)
    return target


def point_at(window: MainWindow, offset: int) -> QPoint:
    view = window.text_view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.display_text.to_display(offset))
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def make_store(folder: Path, pdf: Path | None) -> tuple[Store, dict[str, str]]:
    store = open_store(folder / "shots.db", load_schema(default_schema_path()), "Alice")
    ids: dict[str, str] = {}
    samples = resource_path("samples")
    for key, name in (("zh", "02_directors_zh.txt"), ("en", "01_buyback_en.txt")):
        ids[key], _ = add_imported(store, import_file(samples / name))
    ids["mixed"], _ = store.add_document(text=MIXED, title="Appointment of director (mixed)")
    earlier, _ = store.add_document(text="楊大軍先生辭任。", title="Earlier notice")
    store.create_entity(earlier, "PERSON", [(0, 3)])
    if pdf is not None:
        ids["pdf"], _ = add_imported(store, import_file(pdf))
    return store, ids


def window_for(store: Store, folder: Path, theme: str, size: tuple[int, int]) -> MainWindow:
    # A settings file of its own for each shot: every shot shows the default layout.
    _shots.append(theme)
    path = folder / f"{theme}-{size[0]}-{len(_shots)}.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    settings.setValue("view/theme", theme)
    window = MainWindow(store, settings)
    window.move(0, 0)
    window.resize(*size)
    window.show()
    window.activateWindow()
    settle(400)
    return window


def shoot(
    store: Store,
    folder: Path,
    name: str,
    document_id: str,
    theme: str,
    size: tuple[int, int],
    act: Callable[[MainWindow], QWidget | None] | None = None,
) -> None:
    window = window_for(store, folder, theme, size)
    window.open_document(document_id)
    window.text_view.setFocus()
    settle()
    extra = act(window) if act else None
    grab(window, f"{name}-{size[0]}x{size[1]}-{theme}")
    if extra is not None:
        extra.close()
    window.close()
    settle(100)


def select_word_with_w(word: str) -> Callable[[MainWindow], None]:
    def act(window: MainWindow) -> None:
        assert window.working is not None
        window.text_view.move_caret(window.working.text.index(word) + 1)
        QTest.keyClick(window.text_view, Qt.Key.Key_W)

    return act


def drag_ang_dajun(window: MainWindow) -> None:
    assert window.working is not None
    text = window.working.text
    viewport = window.text_view.viewport()
    start = point_at(window, text.index("ang Dajun"))
    end = point_at(window, text.index("Dajun") + 5)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def find_as_typed(window: MainWindow) -> None:
    QTest.keyClick(window.text_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    settle()
    typed = QInputMethodEvent()
    typed.setCommitString("董事會")
    QApplication.sendEvent(window.find_bar.field, typed)


def context_menu(word: str) -> Callable[[MainWindow], QWidget]:
    def act(window: MainWindow) -> QWidget:
        assert window.working is not None
        point = point_at(window, window.working.text.index(word) + 1)
        # A real right click from the X server (the menu comes from its context-menu event).
        where = window.text_view.viewport().mapToGlobal(point)
        subprocess.run(
            ["xdotool", "mousemove", str(where.x()), str(where.y()), "click", "3"], check=True
        )
        settle(600)
        menu = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMenu) and w.objectName() == "text_context_menu" and w.isVisible()
        )
        return menu

    return act


def grab_with_menu(store: Store, folder: Path, document_id: str, theme: str) -> None:
    window = window_for(store, folder, theme, (1024, 700))
    window.open_document(document_id)
    window.text_view.setFocus()
    settle()
    menu = context_menu("交易所")(window)
    settle()
    target = HERE / f"text-context-menu-1024x700-{theme}.png"
    subprocess.run(
        ["import", "-window", "root", "-crop", "1024x700+0+0", "+repage", str(target)], check=True
    )
    print(target)
    menu.close()
    window.close()


def keymap_dialog(store: Store, folder: Path, theme: str) -> None:
    from desktop_app.ui.keymap_settings import KeymapSettings

    window = window_for(store, folder, theme, (1024, 700))
    dialog = KeymapSettings(window, folder / "keymap.toml")
    dialog.move(40, 20)
    dialog.show()
    settle(400)
    grab(dialog, f"keymap-dialog-{theme}")
    dialog.close()
    window.close()


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    pdf = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        store, ids = make_store(folder, pdf)
        small, large = (1024, 700), (1600, 1000)
        for theme in ("light", "dark"):
            shoot(store, folder, "zh-word", ids["zh"], theme, small, select_word_with_w("交易所"))
            shoot(store, folder, "zh-word", ids["zh"], theme, large, select_word_with_w("委任"))
            if theme == "light":  # just above 1200 px: too narrow for three readable columns
                shoot(
                    store,
                    folder,
                    "zh-word",
                    ids["zh"],
                    theme,
                    (1280, 800),
                    select_word_with_w("委任"),
                )
            shoot(store, folder, "mixed-drag", ids["mixed"], theme, small, drag_ang_dajun)
            shoot(store, folder, "mixed-drag", ids["mixed"], theme, large, drag_ang_dajun)
            shoot(store, folder, "en", ids["en"], theme, large)
            shoot(store, folder, "zh-find", ids["zh"], theme, small, find_as_typed)
            if "pdf" in ids:
                shoot(store, folder, "pdf-zh", ids["pdf"], theme, small)
                shoot(store, folder, "pdf-zh", ids["pdf"], theme, large)
            grab_with_menu(store, folder, ids["zh"], theme)
            keymap_dialog(store, folder, theme)
        store.close()
    del app


if __name__ == "__main__":
    main()
