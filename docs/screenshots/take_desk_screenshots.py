"""Screenshots of the reviewer's desk at one window size: comments entered on several lines
and read in full, History in words, a reason refused when empty and then shown on the Document
tab and in the list tooltip, an invalid date explained, labels instead of slugs, and the
schema's Chinese labels.

Run under an X server (Xvfb) with ImageMagick's ``import`` on the path, once per size::

    Xvfb :13 -screen 0 1600x1000x24 &
    DISPLAY=:13 uv run python docs/screenshots/take_desk_screenshots.py 1600 1000
    DISPLAY=:13 uv run python docs/screenshots/take_desk_screenshots.py 1024 700

The corpus is two bundled English samples, two bundled Chinese ones and two real HKEX PDFs
(``../shared/realdata``, when present). Every step drives the real window with key and mouse
events; the screen region of the window is written to ``docs/screenshots/desk-*.png``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import load_schema
from desktop_app.core.store import open_store
from desktop_app.ui.app import create_application
from desktop_app.ui.main_window import MainWindow

W, H = int(sys.argv[1]), int(sys.argv[2])
OUT = Path(__file__).resolve().parent
SIZE = f"{W}x{H}"
Key, Mod = Qt.Key, Qt.KeyboardModifier

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "realdata" / "hkex-00328-zh"
db = Path(tempfile.mkdtemp()) / "desk.db"
sources = [
    ROOT / "resources" / "samples" / name
    for name in ("01_buyback_en.txt", "02_directors_zh.txt", "05_connected_transaction_en.txt")
]
sources += [ROOT / "resources" / "samples" / "06_placing_zh.txt"]
sources += [REAL / "alco01_2025-03-31.pdf", REAL / "alco03_2025-06-12.pdf"]
subprocess.run(
    [sys.executable, "-m", "desktop_app", "--db", str(db), "import", *map(str, sources)],
    check=True,
    capture_output=True,
)
app = create_application()
store = open_store(db, load_schema(default_schema_path()), "alice")
settings = QSettings(str(db.with_suffix(".ini")), QSettings.Format.IniFormat)
settings.clear()
window = MainWindow(store, settings, None)
window.move(0, 0)
window.resize(W, H)
window.show()
window.activateWindow()


def wait(ms: int = 400) -> None:
    QTest.qWait(ms)


def shot(name: str) -> None:
    wait(500)
    target = OUT / f"desk-{name}-{SIZE}.png"
    subprocess.run(["import", "-window", "root", "-crop", f"{W}x{H}+0+0", str(target)], check=True)
    print("wrote", target)


def focused():
    return QApplication.focusWidget()


def by_title(start: str) -> str:
    return next(i.id for i in store.document_infos() if i.title.startswith(start))


english = by_title("VOLUNTARY ANNOUNCEMENT REPURCHASE")
chinese = by_title("更改香港股份過戶登記處")

# --- English: tag, rename, comment on several lines, history ---------------------------------
window.open_document(english)
wait()
text = window.working.text
start = text.index("Harbour") if "Harbour" in text else text.index("Limited") - 20
end = text.index("Limited", start) + len("Limited")
window.text_view.select_span(start, end)
window.text_view.setFocus()
QTest.keyClick(window.text_view, Key.Key_1)
wait()
(entity_id,) = window.working.entities
window.forms.show_entity(entity_id)
wait()
name = window.forms.entities_tab.form.name_edit
name.setFocus()
name.selectAll()
QTest.keyClicks(name, window.working.entities[entity_id].name + " (incorporated in Bermuda)")
QTest.keyClick(name, Key.Key_Return)
wait()
window.text_view.move_caret(start + 2)
window.text_view.setFocus()
QTest.keyClick(window.text_view, Key.Key_M, Mod.ControlModifier | Mod.ShiftModifier)
wait(700)
prompt = QApplication.activeModalWidget()
assert prompt is not None
QTest.keyClicks(focused(), "Is this the issuer's full registered name?")
QTest.keyClick(focused(), Key.Key_Return)
QTest.keyClicks(focused(), "The Chinese version adds 'Group'; please check the heading on page 1.")
shot("comment-entry-en")
QTest.keyClick(focused(), Key.Key_Return, Mod.ControlModifier)
wait(700)
window.text_view.setFocus()
QTest.keyClick(window.text_view, Key.Key_C, Mod.ControlModifier | Mod.ShiftModifier)
shot("comments-en")
window.text_view.setFocus()
QTest.keyClick(window.text_view, Key.Key_H, Mod.ControlModifier)
shot("history-en")

# --- Chinese: returned without a reason is refused; the reason on the Document tab -----------
store.set_document_field(chinese, "stock_code", "0328")
store.set_document_field(chinese, "publication_date", "2025-06-12")
store.set_status(chinese, "annotated")
window.documents.reload()
table = window.documents.table
row = window.documents.visible_ids().index(chinese)
rect = table.visualRect(window.documents.model.index(row, 0))
QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
wait()
store.actor = "bob"
window.text_view.setFocus()
QTest.keyClick(window.text_view, Key.Key_R, Mod.ControlModifier | Mod.ShiftModifier)
wait(700)
QTest.keyClick(focused(), Key.Key_Return)  # empty: refused, the prompt stays and says why
shot("reason-required-zh")
focused().insert("過戶登記處地址未標註")  # typed through an input method in real use
QTest.keyClicks(focused(), " / the registrar's address is not tagged")
QTest.keyClick(focused(), Key.Key_Return)
wait(700)
window.forms.setCurrentWidget(window.forms.document_tab)
shot("document-reason-zh")
rect = table.visualRect(window.documents.model.index(row, 0))
QToolTip.showText(
    table.viewport().mapToGlobal(rect.center()),
    str(
        window.documents.model.data(
            window.documents.model.index(row, 0), Qt.ItemDataRole.ToolTipRole
        )
    ),
    table.viewport(),
)
shot("list-tooltip-zh")
QToolTip.hideText()

# --- Labels and a date that is not one --------------------------------------------------------
date_editor = window.forms.document_tab.fields.editors["publication_date"]
window.forms.document_tab.focus_field("publication_date")
date_editor.field.selectAll()
QTest.keyClicks(date_editor.field, "2025-06-31")
QTest.keyClick(date_editor.field, Key.Key_Return)
shot("invalid-date-zh")
category = window.forms.document_tab.fields.editors["headline_category"]
window.forms.document_tab.focus_field("headline_category")
QTest.keyClick(category.choice, Key.Key_Down, Mod.AltModifier)
shot("labels-dropdown-zh")
QTest.keyClick(QApplication.focusWidget(), Key.Key_Escape)
date_editor.field.selectAll()
QTest.keyClicks(date_editor.field, "2025-06-12")
QTest.keyClick(date_editor.field, Key.Key_Return)

# --- The schema's Chinese labels, chosen from the palette -------------------------------------
window.text_view.setFocus()
QTest.keyClick(window.text_view, Key.Key_K, Mod.ControlModifier)
wait(700)
QTest.keyClicks(focused(), "Labels in Chinese")
QTest.keyClick(focused(), Key.Key_Return)
wait(700)
window.forms.setCurrentWidget(window.forms.document_tab)
window.forms.document_tab.scroll_area.verticalScrollBar().setValue(0)
shot("labels-chinese-zh")
window.forms.setCurrentWidget(window.forms.history_tab)
shot("history-chinese-labels-zh")
window.context.set_label_language("en")
window.documents.set_label_language("en")
window.close()
store.close()
