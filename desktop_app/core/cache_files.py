"""Files the application keeps in the user's cache folder, which only ever save time: the
parsed schema (``parsed_toml``) and large documents' outlines (``document_outline``).

Each kind has its own subfolder. ``keep_in`` points every kind at another folder, for a run
that must leave nothing behind (the self-test). Files are written whole or not at all.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from desktop_app import APP_ID

_kept_in: Path | None = None  # set by ``keep_in``


def keep_in(folder: Path | None) -> None:
    """Keep cache files under ``folder`` from now on (None: the user's cache folder again)."""
    global _kept_in
    _kept_in = folder


def cache_folder(kind: str) -> Path:
    if _kept_in is not None:
        return _kept_in / kind
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_ID, appauthor=False)) / kind


def write_whole(entry: Path, data: bytes) -> None:
    """Write ``data`` to ``entry`` through a temporary file and a rename, so that a reader
    (or a second window writing the same entry) never sees half a file. Raises ``OSError``."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, entry)
    finally:
        Path(temporary).unlink(missing_ok=True)
