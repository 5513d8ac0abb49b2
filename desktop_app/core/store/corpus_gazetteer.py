"""The corpus gazetteer read on a connection of its own, so a worker thread can gather it while
the window goes on: at 100,000 documents it is hundreds of thousands of names, which must never
be read on the thread that paints.

The connection is SQLite's own (read-only, same URI as the store's), so SQLite's per-process
bookkeeping of the file's locks stays in charge; nothing else opens the file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.core.store.database import _describe, database_uri
from desktop_app.core.suggest.gazetteer import NAMING_TYPES, Gazetteer, build_corpus_gazetteer

_TYPES = ", ".join(f"'{t}'" for t in sorted(NAMING_TYPES))


def read_corpus_gazetteer(path: Path) -> Gazetteer:
    """Every naming entity's names and mention texts in the database at ``path``, with the
    document each came from (``Gazetteer.only_in`` leaves out what only the open one has)."""
    uri = database_uri(path, create=False).replace("mode=rw", "mode=ro")
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            entities = connection.execute(
                "SELECT type, name, identifier, json_extract(attributes, '$.alt_name'), "
                f"document_id FROM entities WHERE type IN ({_TYPES})"
            ).fetchall()
            mentions = connection.execute(
                "SELECT e.type, e.name, e.identifier, m.text, m.document_id FROM mentions m"
                f" JOIN entities e ON e.id = m.entity_id WHERE e.type IN ({_TYPES})"
            ).fetchall()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise _describe(error, path) from None
    return build_corpus_gazetteer(entities, mentions)
