"""Writing an export complete or not at all: one file through a temporary file, a folder
through a temporary folder renamed into place only when every file in it is written.

A folder that already exists at the target is replaced only when it holds nothing but files
an export of the same format writes (its suffixes, no subfolders): an export never deletes a
folder of other files because it was named by mistake.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from desktop_app.core.errors import KnownError
from desktop_app.core.safe_write import (
    TEMPORARY_SUFFIX,
    give_usual_mode,
    sync_folder,
    write_bytes_atomically,
    write_failure,
)

write_file = write_bytes_atomically


def _read_umask() -> int:
    # Read once, at import, before any worker thread could create files under the wrong mask.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FOLDER_MODE = 0o777 & ~_read_umask()


class FolderWriter:
    """Files written into the temporary folder of a folder export."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names: set[str] = set()

    def write(self, name: str, data: bytes) -> None:
        if name in self.names or "/" in name or "\\" in name or name.startswith("."):
            raise KnownError(f"{name}: not a usable file name in an export (or written twice)")
        self.names.add(name)
        path = self.folder / name
        with open(path, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        give_usual_mode(str(path))


def _refuse_foreign_folder(target: Path, suffixes: tuple[str, ...]) -> None:
    if not target.is_dir():
        raise KnownError(f"{target}: not written, a file is there and this format writes a folder")
    others = [
        entry.name
        for entry in target.iterdir()
        if entry.is_dir() or not entry.name.endswith(suffixes)
    ]
    if others:
        shown = ", ".join(sorted(others)[:5]) + (" …" if len(others) > 5 else "")
        raise KnownError(
            f"{target}: not written, the folder holds files this export does not write "
            f"({shown}); choose an empty or new folder"
        )


@contextlib.contextmanager
def folder_replaced_when_complete(
    target: Path, suffixes: tuple[str, ...]
) -> Iterator[FolderWriter]:
    """Yield a writer into a temporary folder beside ``target``; when the block ends without
    an error, put it in ``target``'s place (an earlier export there is removed)."""
    target = target.resolve()
    if target.exists():
        _refuse_foreign_folder(target, suffixes)
    try:
        temporary = Path(
            tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMPORARY_SUFFIX)
        )
    except OSError as error:
        raise write_failure(target, error) from None
    try:
        yield FolderWriter(temporary)
        if os.name == "posix":
            os.chmod(temporary, _FOLDER_MODE)  # mkdtemp makes it its owner's only
        sync_folder(temporary)
        if target.exists():
            previous = target.with_name(f".{target.name}.previous{TEMPORARY_SUFFIX}")
            shutil.rmtree(previous, ignore_errors=True)
            os.replace(target, previous)
            try:
                os.replace(temporary, target)
            except OSError:
                os.replace(previous, target)
                raise
            shutil.rmtree(previous, ignore_errors=True)
        else:
            os.replace(temporary, target)
    except BaseException as error:
        shutil.rmtree(temporary, ignore_errors=True)
        if isinstance(error, OSError):
            raise write_failure(target, error) from None
        raise
    sync_folder(target.parent)
