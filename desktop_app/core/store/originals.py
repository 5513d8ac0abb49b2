"""Source files kept content-addressed: stored once per content, named by their SHA-256."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

import sqlite_utils


def original_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def keep_original(db: sqlite_utils.Database, data: bytes) -> str:
    """Store ``data`` once (inside the caller's transaction); returns its hash."""
    digest = original_hash(data)
    db.execute(
        "INSERT INTO originals (hash, size, data) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING",
        [digest, len(data), data],
    )
    return digest


def report_json(notes: Sequence[Mapping[str, Any]]) -> str:
    return json.dumps([dict(note) for note in notes], ensure_ascii=False)
