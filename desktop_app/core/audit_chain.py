"""The hash chain of the audit trail: how one entry's hash is computed from its contents.

Kept apart from the store so that bundle import (and anyone else) can check entries without a
database. The serialisation is specified exactly in ``entry_hash`` so that a third party can
re-implement it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

GENESIS_HASH = "0" * 64
"""The ``prev_hash`` of the first entry of a chain."""

HASH_FORMAT = "announcement-annotator/audit/1"
"""First element of every hashed message: names (and versions) this serialisation."""

RowValues = Mapping[str, str | int | None]


def canonical_entry(
    prev_hash: str,
    seq: int,
    at: str,
    actor: str,
    document_id: str | None,
    action: str,
    table_name: str,
    row_id: str,
    before: RowValues | None,
    after: RowValues | None,
) -> bytes:
    """The exact bytes that ``entry_hash`` hashes (see there)."""
    message = [
        HASH_FORMAT,
        prev_hash,
        seq,
        at,
        actor,
        document_id,
        action,
        table_name,
        row_id,
        None if before is None else dict(before),
        None if after is None else dict(after),
    ]
    return json.dumps(message, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode(
        "ascii"
    )


def entry_hash(
    prev_hash: str,
    seq: int,
    at: str,
    actor: str,
    document_id: str | None,
    action: str,
    table_name: str,
    row_id: str,
    before: RowValues | None,
    after: RowValues | None,
) -> str:
    """SHA-256 (lowercase hex) of one audit entry, chained to the previous entry's hash.

    The hashed message is this JSON array, in this order::

        ["announcement-annotator/audit/1", prev_hash, seq, at, actor, document_id,
         action, table_name, row_id, before, after]

    * ``prev_hash``: the previous entry's ``hash``; 64 ``"0"`` for the first entry.
    * ``seq``: the entry's number (1, 2, 3 …) as a JSON integer.
    * ``at``, ``actor``, ``action`` (``insert``/``update``/``delete``/``import``),
      ``table_name``, ``row_id``: JSON strings; ``document_id``: a string or ``null``.
    * ``before``/``after``: the row's column values as a JSON object (or ``null`` when there
      is no row: ``before`` of an insert, ``after`` of a delete). Values are strings, integers
      or ``null`` — never floats or booleans. Columns that hold JSON (``metadata``,
      ``attributes``, ``pages``) are strings here, not nested objects.

    The array is written as canonical JSON, exactly what Python's
    ``json.dumps(message, sort_keys=True, separators=(",", ":"), ensure_ascii=True)`` gives:
    no whitespace at all; object keys in ascending code-point order (column names are ASCII);
    integers in plain decimal; in strings, characters U+0020–U+007E are written as themselves
    except ``"`` → ``\\"`` and ``\\`` → ``\\\\``; U+0008, U+0009, U+000A, U+000C, U+000D are
    written ``\\b \\t \\n \\f \\r``; every other character is written ``\\uXXXX`` with four
    lowercase hex digits (characters above U+FFFF as their UTF-16 surrogate pair, two escapes).
    The result is pure ASCII; its bytes are hashed with SHA-256 and the digest written as 64
    lowercase hex digits.
    """
    message = canonical_entry(
        prev_hash, seq, at, actor, document_id, action, table_name, row_id, before, after
    )
    return hashlib.sha256(message).hexdigest()
