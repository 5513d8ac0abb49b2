"""Regression guard for the PySide6 pin.

PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` on every call of a Qt method that
returns nothing, and the interpreter aborts (``none_dealloc``) after a few thousand calls. The
pinned version must not leak: 20,000 such calls leave ``None``'s reference count where it was.
"""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget


def test_void_qt_calls_do_not_leak_none(qapp: QApplication) -> None:
    holder = QObject()
    widget = QWidget()
    before = sys.getrefcount(None)
    for index in range(20_000):
        holder.setObjectName("a" if index % 2 else "b")
        widget.setEnabled(index % 2 == 0)
    drift = abs(sys.getrefcount(None) - before)
    assert drift < 100, f"None's refcount drifted by {drift} over 20,000 void Qt calls"
    widget.deleteLater()


def test_known_broken_combination_is_not_installed() -> None:
    broken = PySide6.__version__ == "6.12.0" and sys.version_info[:2] == (3, 11)
    assert not broken, "PySide6 6.12.0 aborts Python 3.11; keep the pin at 6.11.3"
