"""File dialogs that never open the database file behind SQLite's back.

SQLite's locks on POSIX systems (Linux, macOS) belong to the process: when any code in it opens
and then closes the database file, every lock the process holds on it is silently dropped.
Qt's file dialog does exactly that while it lists a folder: to pick an icon and a type name it
asks the MIME database, which reads the first bytes of files whose name says too little. With
the database's folder on screen, another process on the same file would then think it is
alone, and on closing delete the write-ahead log this window still writes to.

So on POSIX systems the dialogs here are Qt's own (not the platform's, whose previews and
icon handlers we cannot control) with an icon provider that goes by name and kind only, never
by content. Windows locks belong to the file handle, so its native dialog is safe there.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

_NATIVE_IS_SAFE = sys.platform == "win32"


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from a file's kind and suffix, never from its content."""

    def icon(self, which: object) -> QIcon:
        if isinstance(which, QFileInfo):
            kind = (
                QAbstractFileIconProvider.IconType.Folder
                if which.isDir()
                else QAbstractFileIconProvider.IconType.File
            )
            return super().icon(kind)
        assert isinstance(which, QAbstractFileIconProvider.IconType)
        return super().icon(which)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


def _dialog(
    parent: QWidget | None, title: str, name_filter: str, mode: QFileDialog.FileMode
) -> QFileDialog:
    dialog = QFileDialog(parent, title)
    dialog.setFileMode(mode)
    if name_filter:
        dialog.setNameFilter(name_filter)
    if not _NATIVE_IS_SAFE:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setIconProvider(NameOnlyIconProvider(dialog))  # type: ignore[call-arg]
    return dialog


def open_file_names(parent: QWidget | None, title: str, name_filter: str) -> list[str]:
    """Existing files the user picked (empty when cancelled)."""
    dialog = _dialog(parent, title, name_filter, QFileDialog.FileMode.ExistingFiles)
    return dialog.selectedFiles() if dialog.exec() else []


def existing_directory(parent: QWidget | None, title: str) -> str:
    """A folder the user picked ("" when cancelled)."""
    dialog = _dialog(parent, title, "", QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    chosen = dialog.selectedFiles() if dialog.exec() else []
    return chosen[0] if chosen else ""


def save_file_name(parent: QWidget | None, title: str, suggested: str, name_filter: str) -> str:
    """Where to write ("" when cancelled)."""
    dialog = _dialog(parent, title, name_filter, QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if suggested:
        dialog.selectFile(suggested)
    chosen = dialog.selectedFiles() if dialog.exec() else []
    return chosen[0] if chosen else ""
