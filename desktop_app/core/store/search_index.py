"""An index for one- and two-character searches in Chinese (and other non-ASCII) text.

The full-text index is made of trigrams, so it cannot answer a query shorter than three
characters, and ``董事`` or ``股`` are ordinary searches in Chinese announcements. Without this
index such a query reads every document's text. ``document_grams`` lists, per document, every
non-ASCII letter or digit it contains and every pair of adjacent letters or digits of which at
least one is non-ASCII (title and text); a query of one or two such characters is one lookup
in its primary key. Triggers keep it in step with ``documents`` through the SQL function
``search_grams``, which every connection the store opens registers (``register``).

ASCII-only short queries (``HK``, ``a``) are not indexed: nearly every document holds them,
so the scan stops at the first page of hits anyway, and indexing them would multiply the
table's size.
"""

from __future__ import annotations

import json
import sqlite3

import sqlite_utils

FUNCTION = "search_grams"
_BOUNDARY = "\n"  # between title and text: no pair is made across it


def _indexed_letter(character: str) -> bool:
    return character.isalnum() and not character.isascii()


def grams(text: str) -> set[str]:
    """The characters and adjacent pairs of ``text`` that the index lists."""
    found: set[str] = set()
    previous = ""
    for character in text:
        if character.isalnum():
            if not character.isascii():
                found.add(character)
                if previous:
                    found.add(previous + character)
            elif previous and not previous.isascii():
                found.add(previous + character)
            previous = character
        else:
            previous = ""
    return found


def indexed_query(query: str) -> bool:
    """Whether ``query`` (already stripped) is answered from the index."""
    if len(query) == 1:
        return _indexed_letter(query)
    return (
        len(query) == 2
        and query[0].isalnum()
        and query[1].isalnum()
        and not (query[0].isascii() and query[1].isascii())
    )


def _grams_json(title: str | None, text: str | None) -> str:
    return json.dumps(sorted(grams(f"{title or ''}{_BOUNDARY}{text or ''}")), ensure_ascii=False)


def register(conn: sqlite3.Connection) -> None:
    """Make ``search_grams(title, text)`` (a JSON array) available to the triggers."""
    conn.create_function(FUNCTION, 2, _grams_json, deterministic=True)


_GRAMS_OF = f"json_each({FUNCTION}({{row}}.title, {{row}}.text))"

INSTALL = f"""
CREATE TABLE document_grams (
    gram TEXT NOT NULL,
    document INTEGER NOT NULL,  -- documents.rowid
    PRIMARY KEY (gram, document)
) WITHOUT ROWID;
INSERT INTO document_grams (gram, document)
    SELECT value, documents.rowid FROM documents, {_GRAMS_OF.format(row="documents")};
CREATE TRIGGER document_grams_insert AFTER INSERT ON documents BEGIN
    INSERT OR IGNORE INTO document_grams (gram, document)
        SELECT value, new.rowid FROM {_GRAMS_OF.format(row="new")};
END;
CREATE TRIGGER document_grams_update AFTER UPDATE OF title, text ON documents BEGIN
    DELETE FROM document_grams WHERE document = old.rowid
        AND gram IN (SELECT value FROM {_GRAMS_OF.format(row="old")});
    INSERT OR IGNORE INTO document_grams (gram, document)
        SELECT value, new.rowid FROM {_GRAMS_OF.format(row="new")};
END;
CREATE TRIGGER document_grams_delete AFTER DELETE ON documents BEGIN
    DELETE FROM document_grams WHERE document = old.rowid
        AND gram IN (SELECT value FROM {_GRAMS_OF.format(row="old")});
END;
"""


def install(db: sqlite_utils.Database) -> None:
    """Create the index and fill it from the documents already stored (a migration step)."""
    register(db.conn)
    db.executescript(INSTALL)


SEARCH = (
    "SELECT documents.id FROM document_grams JOIN documents "
    "ON documents.rowid = document_grams.document WHERE document_grams.gram = ? "
    "ORDER BY document_grams.document LIMIT ?"
)
