"""Walking the files and folders a reviewer chose to import: the one walker the CLI and the
window share (through ``import_paths``), so both import and report exactly the same paths.

Folders are walked recursively in sorted order, a folder's own files before its
subfolders; hidden entries and files with unsupported suffixes inside folders are skipped
(files named explicitly never are). Links to folders are followed, but never twice round a
loop. Whatever cannot be walked — an unreadable folder, a broken link, a link that leads
back to itself or to a folder above it — comes out as a ``Found`` with its ``problem``,
never as an exception, so the good files around it still import.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Found:
    """A path to import, or (with ``problem``) one that could not even be looked at."""

    path: Path
    problem: str | None = None


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _link_problem(path: Path) -> str | None:
    """What is wrong with ``path`` if it is a link that does not lead to anything."""
    try:
        os.stat(path)
    except OSError as error:
        if not os.path.islink(path):
            return None  # not a link: reading the file will say what is wrong
        if error.errno == errno.ELOOP:
            return "is a symbolic link loop (the link leads back to itself); skipped"
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            try:
                target = os.readlink(path)
            except OSError:
                target = "its target"
            return f"is a broken link ({target} does not exist); skipped"
        return f"cannot be followed ({_reason(error)}); skipped"
    return None


def _folder_key(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


class _Walker:
    """One walk over the chosen paths, remembering the folders already walked."""

    def __init__(self, suffixes: Collection[str]) -> None:
        self.suffixes = {suffix.lower() for suffix in suffixes}
        self.walked: set[tuple[int, int]] = set()

    def wanted(self, name: str) -> bool:
        suffix = Path(name).suffix.lower()
        return suffix in self.suffixes

    def folder(self, folder: Path, above: tuple[tuple[int, int], ...]) -> Iterator[Found]:
        key = _folder_key(folder)
        if key is not None and key in above:
            yield Found(folder, "leads back to a folder above it (a symbolic link loop); skipped")
            return
        if key is not None and key in self.walked:
            return  # the same folder reached again by another link: already imported
        if key is not None:
            self.walked.add(key)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            yield Found(folder, f"the folder cannot be read ({_reason(error)})")
            return
        subfolders: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            if entry.is_symlink() and (problem := _link_problem(path)):
                # Only links that could have been something to import are worth a line.
                if self.wanted(entry.name) or not Path(entry.name).suffix:
                    yield Found(path, problem)
            elif _is_dir(entry):
                subfolders.append(path)
            elif self.wanted(entry.name):
                yield Found(path)
        inside = (*above, key) if key is not None else above
        for subfolder in subfolders:
            yield from self.folder(subfolder, inside)


def walk_paths(paths: Iterable[Path], suffixes: Collection[str]) -> Iterator[Found]:
    """Every file to import under ``paths`` (files as given, folders walked), and every
    path that could not be walked with the reason; never raises for a bad path."""
    walker = _Walker(suffixes)
    for path in paths:
        if problem := _link_problem(path):
            yield Found(path, problem)
        elif path.is_dir():
            yield from walker.folder(path, ())
        else:
            yield Found(path)  # named explicitly: imported or reported, never skipped


def identity(path: Path) -> object:
    """What makes two paths one file (device and inode where it can be read), so a file
    named twice, or reached through a link, is imported once. Never raises."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return os.path.abspath(path)
    return status.st_dev, status.st_ino
