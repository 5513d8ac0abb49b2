"""Importers: files (.txt, .md, .html, .htm, .pdf) turned into normalised documents.

``import_file`` imports one file or raises ``ImportProblem``; ``import_paths`` walks files
and folders and reports one ``ImportOutcome`` per file without ever raising for a bad file.
Plain Python: never imports Qt.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.errors import ImportProblem
from desktop_app.core.importers.base import ImportedDocument, ImportNote, problem
from desktop_app.core.importers.html_files import import_html_file
from desktop_app.core.importers.pdf_files import import_pdf_file
from desktop_app.core.importers.text_files import import_text_file

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ImportNote",
    "ImportOutcome",
    "ImportedDocument",
    "import_file",
    "import_paths",
]

_IMPORTERS: dict[str, Callable[[Path], ImportedDocument]] = {
    ".txt": import_text_file,
    ".md": import_text_file,
    ".html": import_html_file,
    ".htm": import_html_file,
    ".pdf": import_pdf_file,
}
SUPPORTED_SUFFIXES = set(_IMPORTERS)
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportOutcome:
    """What importing one file gave: a document, or the problem that stopped it.

    ``problem`` is the reason alone ("is password-protected; …"): the file is ``path``, so
    callers show ``f"{outcome.path.name}: {outcome.problem}"`` without naming it twice.
    """

    path: Path
    document: ImportedDocument | None
    problem: str | None


def import_file(path: Path) -> ImportedDocument:
    """Import one file, chosen by its suffix (case-insensitive); raises ``ImportProblem``."""
    importer = _IMPORTERS.get(path.suffix.lower())
    if importer is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        kind = f"'{path.suffix}'" if path.suffix else "without a suffix"
        raise problem(path, f"files {kind} cannot be imported (supported: {supported})")
    return importer(path)


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _files_in(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """Supported, non-hidden files under ``folder``, recursively, in sorted order, each with
    ``None``; a folder that cannot be listed comes with the reason instead."""
    errors: list[OSError] = []

    def unreadable() -> Iterator[tuple[Path, str | None]]:
        while errors:
            error = errors.pop(0)
            reason = error.strerror or str(error)
            yield Path(error.filename or folder), f"the folder cannot be read ({reason})"

    for root, folders, files in os.walk(folder, onerror=errors.append):
        yield from unreadable()
        folders[:] = sorted(name for name in folders if not _is_hidden(name))
        for name in sorted(files):
            if not _is_hidden(name) and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                yield Path(root) / name, None
    yield from unreadable()


def _candidates(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    for path in paths:
        if path.is_dir():
            yield from _files_in(path)
        else:
            yield path, None  # named explicitly: imported or reported, never skipped silently


def _reason(path: Path, message: str) -> str:
    prefix = f"{path.name}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def import_paths(paths: Iterable[Path]) -> Iterator[ImportOutcome]:
    """One outcome per file for the given files and folders (walked recursively, sorted,
    hidden entries and unsupported suffixes in folders skipped silently, folders that
    cannot be listed reported as an outcome of their own). A file named twice is
    imported once. Never raises for a single bad file: even an unexpected error is logged
    with its traceback and reported as that file's problem."""
    seen: set[Path] = set()
    for path, unreadable in _candidates(paths):
        if unreadable is not None:
            yield ImportOutcome(path, None, unreadable)
            continue
        try:
            key = path.resolve()
        except OSError:
            key = path.absolute()
        if key in seen:
            continue
        seen.add(key)
        try:
            document = import_file(path)
        except ImportProblem as error:
            yield ImportOutcome(path, None, _reason(path, str(error)))
        except Exception as error:  # a defect met on one file must not stop the others
            _log.exception("importing %s failed unexpectedly", path)
            reason = f"{type(error).__name__}: {error}"
            yield ImportOutcome(path, None, f"could not be imported ({reason})")
        else:
            yield ImportOutcome(path, document, None)
