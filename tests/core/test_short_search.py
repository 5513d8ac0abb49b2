"""One- and two-character searches (Chinese ones from an index of their own) find exactly the
documents whose title or text holds the query, whatever was added, renamed or deleted since."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.store import open_store
from desktop_app.core.store.database import migrate_to
from desktop_app.core.store.search_index import grams, indexed_query

TEXTS = {
    "buyback": ("Share buy-back", "本公司董事會宣佈回購股份。The Board announces."),
    "placing": ("配售新股", "根據一般授權配售新股份 under the general mandate."),
    "english": ("Annual results", "The Company reports revenue of HK$1.2 billion."),
}


def _filled(path: Path, schema: AnnotationSchema) -> tuple[object, dict[str, str]]:
    store = open_store(path, schema, actor="alice")
    ids = {
        key: store.add_document(text=text, title=title)[0] for key, (title, text) in TEXTS.items()
    }
    return store, ids


def test_short_chinese_queries_find_title_and_text(
    tmp_path: Path, schema: AnnotationSchema
) -> None:
    store, ids = _filled(tmp_path / "a.db", schema)
    assert store.search("董事") == [ids["buyback"]]
    assert store.search("股") == [ids["buyback"], ids["placing"]]
    assert store.search("配售") == [ids["placing"]]  # title and text both
    assert store.search("新股") == [ids["placing"]]
    assert store.search("虎") == []
    assert store.search(" 董事 ") == [ids["buyback"]]
    # Not indexed, still answered: ASCII and punctuation by reading the texts.
    assert store.search("HK") == [ids["english"]]
    assert store.search("。T") == [ids["buyback"]]
    assert store.search("股份。") == [ids["buyback"]]  # three characters: the trigram index
    store.close()


def test_the_index_follows_added_renamed_and_deleted_documents(
    tmp_path: Path, schema: AnnotationSchema
) -> None:
    store, ids = _filled(tmp_path / "a.db", schema)
    later, _ = store.add_document(text="股東週年大會通告", title="AGM notice")
    assert store.search("股東") == [later]
    with store.transaction():
        store.db.execute("UPDATE documents SET title = ? WHERE id = ?", ["大會", ids["english"]])
    assert store.search("大會") == [ids["english"], later]
    with store.transaction():
        store.db.execute("UPDATE documents SET title = ? WHERE id = ?", ["Results", ids["english"]])
    assert store.search("大會") == [later]
    store.delete_document(ids["placing"])
    assert store.search("股") == [ids["buyback"], later]
    store.close()


def test_an_older_database_gains_the_index_of_its_documents(
    tmp_path: Path, schema: AnnotationSchema
) -> None:
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrate_to(old, 7)  # the format before the index
    with old.atomic():
        for number, (title, text) in enumerate(TEXTS.values()):
            old.execute(
                "INSERT INTO documents (id, title, content_hash, text) VALUES (?, ?, ?, ?)",
                [f"d{number}", title, f"hash{number}", text],
            )
    old.close()
    store = open_store(path, schema, actor="alice")
    assert store.search("董事") == ["d0"]
    assert store.search("配") == ["d1"]
    assert store.search("股") == ["d0", "d1"]
    store.close()


def test_which_characters_and_pairs_are_indexed() -> None:
    assert grams("A股 董事，HK") == {"股", "A股", "董", "事", "董事"}
    assert indexed_query("股") and indexed_query("董事") and indexed_query("A股")
    assert not indexed_query("HK") and not indexed_query("，") and not indexed_query("股，")
