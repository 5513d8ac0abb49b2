"""The database's locks survive the window's file dialogs, so a second process on the same file
never thinks it is alone and never deletes the write-ahead log this window still uses.

A real second process imports an announcement and closes the file while the window's import
dialog lists the folder that holds the database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QFileSystemModel

from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import load_schema
from desktop_app.core.store import open_store
from desktop_app.ui import file_dialogs

_OTHER_PROCESS = """
import sys
from pathlib import Path
from desktop_app.core.corpus import add_imported_many
from desktop_app.core.importers import import_file
from desktop_app.core.session import open_session

store = open_session(Path(sys.argv[1]))
results = add_imported_many(store, [import_file(Path(sys.argv[2]))])
print(f"{sum(created for _, created in results)} added")
store.close()  # the last close deletes the log when it believes no one else has the file
"""


def _locked_inodes() -> set[int] | None:
    """Inodes this process holds POSIX locks on (Linux's /proc/locks), None elsewhere."""
    locks = Path("/proc/locks")
    if not locks.exists():
        return None
    mine = str(os.getpid())
    inodes = set()
    for line in locks.read_text().splitlines():
        fields = line.split()
        if "POSIX" in fields and mine in fields:
            inodes.add(int(fields[fields.index(mine) + 1].rsplit(":", 1)[1]))
    return inodes


def _listing_dialog(qtbot, folder: Path, expected: set[str]) -> QFileDialog:
    """The window's own open dialog, showing ``folder``, once it has named every file's type
    (the step at which Qt's default icon provider reads files' first bytes)."""
    dialog = file_dialogs._dialog(None, "Import", "", QFileDialog.FileMode.ExistingFiles)
    qtbot.addWidget(dialog)
    dialog.setFilter(dialog.filter())  # list every file, the database included
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    with qtbot.waitSignal(model.directoryLoaded, timeout=10_000):
        dialog.setDirectory(str(folder))
        dialog.show()
    root = model.index(str(folder))

    def every_file_typed() -> bool:
        rows = [model.index(row, 0, root) for row in range(model.rowCount(root))]
        listed = expected <= {model.fileName(index) for index in rows}
        return listed and all(model.type(index) for index in rows)

    qtbot.waitUntil(every_file_typed, timeout=10_000)
    return dialog


def test_a_second_process_importing_while_the_dialog_lists_the_folder_loses_nothing(
    qtbot, tmp_path: Path
) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    database = folder / "annotations.db"
    schema = load_schema(default_schema_path())
    store = open_store(database, schema, actor="alice")
    try:
        store.add_document(text="The window's first announcement.", title="one")
        # The log and shared-memory files matter most: their locks say who has the file.
        names = {database.name, f"{database.name}-wal", f"{database.name}-shm"}
        held = _locked_inodes()
        dialog = _listing_dialog(qtbot, folder, names)
        if held is not None:  # the very locks SQLite took are still this process's
            assert database.stat().st_ino in held
            assert _locked_inodes() == held
        announcement = folder / "second.txt"
        announcement.write_text("An announcement imported from the command line.\n")
        imported = subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop_app",
                "--db",
                str(database),
                "import",
                str(announcement),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        dialog.close()
        assert imported.returncode == 0, imported.stderr
        assert "1 added" in imported.stdout
        # Our locks held, so the other process could not take the file for itself on closing:
        # the log this store writes to is still there.
        assert (folder / "annotations.db-wal").exists()
        store.add_document(text="The window's third announcement.", title="three")
        assert store.stats()["documents"] == 3
    finally:
        store.close()
    reopened = open_store(database, schema, actor="carol")
    try:
        titles = sorted(info.title for info in reopened.document_infos())
        assert titles == ["An announcement imported from the command line.", "one", "three"]
        assert reopened.verify_audit() == []
    finally:
        reopened.close()
    # Closed last, the store folded its log into the one file: a copy of it alone is complete.
    assert (
        not (folder / "annotations.db-wal").exists()
        or not (folder / "annotations.db-wal").stat().st_size
    )


def test_the_dialogs_name_files_without_reading_them(qtbot, tmp_path: Path) -> None:
    database = tmp_path / "notes.db"
    database.write_bytes(b"SQLite format 3\x00")
    mystery = tmp_path / "no_suffix"
    mystery.write_bytes(b"%PDF-1.7\n")
    dialog = _listing_dialog(qtbot, tmp_path, {database.name, mystery.name})
    try:
        model = dialog.findChild(QFileSystemModel)
        assert model is not None
        # A content sniffer would call these an SQLite database and a PDF document.
        assert model.type(model.index(str(database))) == "DB file"
        assert model.type(model.index(str(mystery))) == "File"
    finally:
        dialog.close()
