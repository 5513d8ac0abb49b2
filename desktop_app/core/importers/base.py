"""What every importer returns, and small helpers they share.

An importer turns one file into an ``ImportedDocument``: the final, normalised text that the
store keeps (offsets into it count code points, see ``desktop_app.core.text``), a title, a
best-effort language, the metadata we could read reliably and, for paged sources, which page
every character came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.errors import ImportProblem
from desktop_app.core.models import PageSpan

MAX_TITLE_LENGTH = 200


@dataclass(frozen=True)
class ImportNote:
    """One thing the importer did to the source that a reviewer must be able to see: text it
    left out (page furniture, invisible text), bytes it could not decode, controls it kept.

    ``kind`` is a short stable word (``furniture``, ``invisible``, ``replaced_bytes``,
    ``bidi_controls`` …); ``detail`` says what in words, quoting the text concerned; ``page``
    (1-based) and ``offset`` (into the stored text, code points) say where, when known.
    """

    kind: str
    detail: str
    page: int | None = None
    offset: int | None = None


@dataclass(frozen=True)
class ImportedDocument:
    """One imported file, ready to be stored.

    ``text`` is final (already passed through ``normalise_imported_text``); ``pages`` is empty
    for sources without pages, otherwise contiguous spans covering ``text`` with 1-based page
    numbers (a page without text gets an empty span, so every page is listed).
    """

    text: str
    title: str
    source_name: str
    language: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    pages: list[PageSpan] = field(default_factory=list)
    # What was removed, replaced or flagged on the way in, kept with the document.
    report: tuple[ImportNote, ...] = ()
    # The file's exact bytes, kept (content-addressed) so the source can be saved back.
    original: bytes | None = None


def problem(path: Path, message: str) -> ImportProblem:
    """An ``ImportProblem`` whose message starts with the file's name."""
    return ImportProblem(f"{path.name}: {message}")


def read_bytes(path: Path) -> bytes:
    """The file's content, or an ``ImportProblem`` saying why it cannot be read."""
    if path.is_dir():
        raise problem(path, "is a folder, not a file")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise problem(path, "file not found") from None
    except PermissionError:
        raise problem(path, "permission denied; the file cannot be read") from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise problem(path, f"cannot be read ({reason})") from None


def clean_title(candidate: str, fallback: str) -> str:
    """``candidate`` on one line with collapsed white space, or ``fallback`` when it is empty."""
    title = " ".join(candidate.split())
    if len(title) > MAX_TITLE_LENGTH:
        title = title[: MAX_TITLE_LENGTH - 1].rstrip() + "…"
    return title or fallback
