"""Importers: files (.txt, .md, .html, .htm, .pdf) turned into normalised documents.

``import_file`` imports one file or raises ``ImportProblem``; ``import_paths`` walks files
and folders and reports one ``ImportOutcome`` per file without ever raising for a bad file.
Plain Python: never imports Qt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from desktop_app.core.errors import ImportProblem
from desktop_app.core.importers.base import ImportedDocument, ImportNote, problem
from desktop_app.core.importers.walk import Found, identity, walk_paths

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Found",
    "ImportNote",
    "ImportOutcome",
    "ImportedDocument",
    "files_to_import",
    "import_file",
    "import_paths",
]

# Module and function of each suffix's importer, imported on the first file of that kind: the
# PDF and HTML importers pull in PDFium and charset detection, which a start of the window
# (the suggestion patterns read ``importers.dates``) must not wait for.
_IMPORTERS: dict[str, tuple[str, str]] = {
    ".txt": ("text_files", "import_text_file"),
    ".md": ("text_files", "import_text_file"),
    ".html": ("html_files", "import_html_file"),
    ".htm": ("html_files", "import_html_file"),
    ".pdf": ("pdf_files", "import_pdf_file"),
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
    found = _IMPORTERS.get(path.suffix.lower())
    if found is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        kind = f"'{path.suffix}'" if path.suffix else "without a suffix"
        raise problem(path, f"files {kind} cannot be imported (supported: {supported})")
    module, function = found
    importer: Callable[[Path], ImportedDocument] = getattr(
        import_module(f"{__name__}.{module}"), function
    )
    return importer(path)


def _reason(path: Path, message: str) -> str:
    prefix = f"{path.name}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def import_paths(paths: Iterable[Path | Found]) -> Iterator[ImportOutcome]:
    """One outcome per file for the given files and folders (walked by ``walk_paths``:
    recursively, sorted, hidden entries and unsupported suffixes in folders skipped, links
    followed but loops, broken links and unreadable folders reported as outcomes of their
    own). Items already walked (``Found``, e.g. to count them for a progress bar first) are
    taken as they are. A file named twice is imported once. Never raises for a bad path:
    even an unexpected error is logged with its traceback and reported as that file's
    problem."""
    seen: set[object] = set()
    for item in _found(paths):
        path = item.path
        if item.problem is not None:
            yield ImportOutcome(path, None, item.problem)
            continue
        key = identity(path)
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


def _found(paths: Iterable[Path | Found]) -> Iterator[Found]:
    for item in paths:
        if isinstance(item, Found):
            yield item
        else:
            yield from walk_paths([item], SUPPORTED_SUFFIXES)


def files_to_import(paths: Iterable[Path]) -> list[Found]:
    """The walk ``import_paths`` would do, done up front (for a progress bar's length);
    pass the result to ``import_paths``."""
    return list(walk_paths(paths, SUPPORTED_SUFFIXES))
