"""TOML files parsed once: the parse kept as JSON in the user's cache folder, named by a hash of
the file's bytes.

The bundled schema is about 80 KB of TOML, which Python's parser reads in about 12 ms on every
start; the same data read back as JSON takes under half a millisecond. The cache is keyed by
content, so an edited file is simply a new entry and never read stale. The cache only ever
saves time: a cache entry that cannot be read, is damaged or does not hold a table is parsed
again from the TOML (and rewritten); a folder that cannot be written is left alone. Data JSON
cannot hold as it is (TOML dates and times) is not cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any

from desktop_app.core import cache_files


def keep_in(folder: Path | None) -> None:
    """Keep parses under ``folder`` from now on (None: the user's cache folder again)."""
    cache_files.keep_in(folder)


def cache_folder() -> Path:
    return cache_files.cache_folder("parsed-toml")


def loads(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``, from the cache when this text was parsed before. Raises
    ``tomllib.TOMLDecodeError`` as the parser does."""
    entry = cache_folder() / f"{hashlib.sha256(text.encode('utf-8')).hexdigest()[:40]}.json"
    try:
        cached = json.loads(entry.read_bytes())
    except (OSError, ValueError):
        cached = None
    if isinstance(cached, dict):
        return cached
    data = tomllib.loads(text)
    _keep(entry, data)
    return data


def _keep(entry: Path, data: dict[str, Any]) -> None:
    try:
        encoded = json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError):  # a date or time, or a float JSON cannot spell
        return
    with contextlib.suppress(OSError):  # a folder that cannot be written is left alone
        cache_files.write_whole(entry, encoded)  # even with two starts at once
