"""A large document's kept outline is used only while it is exact: the same document, with
nothing written to it since, under the same schema and build. Anything else (another writer's
edit, a damaged or foreign file, a folder that cannot be written) means reading and checking
the store, as if nothing had been kept."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop_app.core import cache_files, document_outline
from desktop_app.core.event_listing import event_lists
from desktop_app.core.invisible_chars import invisible_chars
from desktop_app.core.models import Changes
from desktop_app.core.problem_book import ProblemBook
from desktop_app.core.store import Store
from desktop_app.core.working_document import WorkingDocument

BOTH_ENGINES = True  # a team database's audit trail stamps outlines as a file's does

WORDS = "Alpha Holdings bought Beta Ltd; Mr Chan 陳大文 is appointed.\r\n"
LARGE = 12  # entities and events from which these tests' documents keep an outline


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test keeps its outlines in a folder of its own, from a dozen annotations."""
    monkeypatch.setattr(document_outline, "LARGE", LARGE)
    cache_files.keep_in(tmp_path / "cache")
    yield document_outline.cache_folder()
    cache_files.keep_in(None)


def make_document(store: Store, copies: int = 6, title: str = "outline") -> str:
    """``copies`` sentences, each with a company, a person and an acquisition (its trigger a
    verb, its buyer the company); one event has no trigger and one entity no mention."""
    document_id, _ = store.add_document(text=WORDS * copies + title, title=title)
    for copy in range(copies):
        at = copy * len(WORDS)
        company = store.create_entity(document_id, "company", [(at, at + 14)])
        store.create_entity(document_id, "person", [(at + 35, at + 38), (at + 39, at + 42)])
        event = store.create_event(document_id, "acquisition", (at + 15, at + 21))
        store.add_argument(event.id, "buyer", company.id)
    store.create_event(document_id, "acquisition", None)
    store.create_entity(document_id, "company", [], name="No mention Ltd")
    return document_id


def open_and_keep(store: Store, document_id: str) -> tuple[WorkingDocument, ProblemBook]:
    """An open that reads and checks every row, then keeps the outline as the window does."""
    working = WorkingDocument(store, document_id)
    book = ProblemBook()
    book.check_all(working.document, working.entity_rows, working.event_rows, store.schema)
    assert working.may_keep_outline
    keys, labels = event_lists(working.event_rows, store.schema)
    working.keep_outline(keys, labels, book.keys, book.problems)
    return working, book


def test_a_second_open_gives_the_lists_and_problems_a_full_read_gives(store: Store) -> None:
    document_id = make_document(store)
    first, book = open_and_keep(store, document_id)
    again = WorkingDocument(store, document_id)
    outline = again.outline
    assert outline is not None
    assert outline.entity_groups == document_outline.entity_groups(first.entity_rows.values())
    assert (outline.event_keys, outline.event_labels) == event_lists(first.event_rows, store.schema)
    assert "«bought»" in outline.event_labels[0] and "(no trigger)" in outline.event_labels[-1]
    assert outline.problem_count == len(book.problems) > 0
    assert again.problems_at_open() == (book.keys, book.problems)
    assert not again.may_keep_outline  # its lists came from the outline: nothing to keep
    assert again._entity_rows is None  # and no row was read to show them


def test_a_small_document_keeps_nothing(store: Store, cache: Path) -> None:
    document_id = make_document(store, copies=1)  # five annotations
    working = WorkingDocument(store, document_id)
    assert working.entity_rows and working.event_rows  # every row read
    assert not working.may_keep_outline
    working.keep_outline([], [], [], [])
    assert WorkingDocument(store, document_id).outline is None
    assert not cache.exists()


def test_any_write_to_the_document_since_means_no_outline(store: Store) -> None:
    document_id = make_document(store)
    open_and_keep(store, document_id)
    entity = next(iter(WorkingDocument(store, document_id).entity_rows.values()))
    store.update_entity(entity.id, name="Renamed by someone else")  # another writer
    again = WorkingDocument(store, document_id)
    assert again.outline is None and again.problems_at_open() is None
    assert again.entity_rows[entity.id].name == "Renamed by someone else"
    assert again.event_rows
    assert again.may_keep_outline  # what it reads now is kept for the open after


def test_an_undone_write_is_still_a_write(store: Store) -> None:
    """Removing what was added brings back the same rows and counts, not the same stamp."""
    document_id = make_document(store)
    open_and_keep(store, document_id)
    added = store.create_entity(document_id, "company", [(0, 5)])
    store.delete_entity(added.id)
    assert WorkingDocument(store, document_id).outline is None


def test_a_document_edited_after_its_rows_were_read_keeps_nothing(store: Store) -> None:
    document_id = make_document(store)
    working = WorkingDocument(store, document_id)
    assert working.entity_rows and working.event_rows  # every row read
    entity = next(iter(working.entity_rows))
    store.update_entity(entity, name="Changed while open")
    working.refresh(Changes(entities={entity}))
    assert not working.may_keep_outline
    working.keep_outline([], [], [], [])
    assert WorkingDocument(store, document_id).outline is None


def test_another_build_or_schema_does_not_reuse_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    document_id = make_document(store)
    open_and_keep(store, document_id)
    assert WorkingDocument(store, document_id).outline is not None
    with monkeypatch.context() as patch:  # code that checks or lists differently
        patch.setattr(document_outline, "_code", ["0123456789abcdef"])
        assert WorkingDocument(store, document_id).outline is None
    with monkeypatch.context() as patch:  # a format this build does not write
        patch.setattr(document_outline, "FORMAT", document_outline.FORMAT + 1)
        assert WorkingDocument(store, document_id).outline is None
    with monkeypatch.context() as patch:  # another schema
        patch.setattr(document_outline, "_schema_digest", lambda schema: "another")
        assert WorkingDocument(store, document_id).outline is None
    assert WorkingDocument(store, document_id).outline is not None


def test_the_code_digest_is_made_from_the_code_and_not_from_this_run() -> None:
    def one(x: int) -> int:
        return x + 1

    def other(x: int) -> int:
        return x + 2

    def digest(function: Callable[[int], int]) -> str:
        made = hashlib.sha256()
        document_outline._feed(made, function.__code__)
        return made.hexdigest()

    assert digest(one) != digest(other)
    assert digest(one) == digest(one)
    assert len(document_outline.code_digest()) == 16


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: b"\xff\xfe" + data,  # not UTF-8
        lambda data: b"[]",  # not an object
        lambda data: data.replace(b'"names":[', b'"names":["one too many",', 1),
        lambda data: data.replace(b'"labels":[', b'"labels":[1,', 1),
        lambda data: data.replace(b'"problem_count":', b'"problem_count":"x', 1),
        lambda data: data.replace(b'"invisibles":[', b'"invisibles":[1.5,', 1),
    ],
)
def test_a_damaged_outline_is_read_as_none(store: Store, cache: Path, damage: object) -> None:
    document_id = make_document(store)
    open_and_keep(store, document_id)
    (entry,) = [p for p in cache.glob("*.json") if not p.name.endswith(".problems.json")]
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    again = WorkingDocument(store, document_id)
    assert again.outline is None and again.problems_at_open() is None
    assert len(again.entity_rows) == 13  # the store, read instead


def test_damaged_problems_mean_a_check_but_the_lists_still_serve(store: Store, cache: Path) -> None:
    document_id = make_document(store)
    open_and_keep(store, document_id)
    (problems,) = cache.glob("*.problems.json")
    problems.write_bytes(problems.read_bytes().replace(b'"kinds":[', b'"kinds":["nonsense",', 1))
    again = WorkingDocument(store, document_id)
    assert again.outline is not None
    assert again.problems_at_open() is None
    problems.unlink()
    assert WorkingDocument(store, document_id).problems_at_open() is None


def test_a_folder_that_cannot_be_written_is_left_alone(store: Store, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    cache_files.keep_in(blocked)
    document_id = make_document(store)
    open_and_keep(store, document_id)  # no error
    again = WorkingDocument(store, document_id)
    assert again.outline is None
    assert len(again.entity_rows) == 13


def test_only_the_most_recent_outlines_are_kept(
    store: Store, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(document_outline, "KEPT", 2)
    documents = [make_document(store, title=f"outline {n}") for n in range(3)]
    for document_id in documents:
        open_and_keep(store, document_id)
    assert len(list(cache.glob("*.json"))) == 4  # two files for each of the last two
    assert WorkingDocument(store, documents[0]).outline is None
    assert WorkingDocument(store, documents[2]).outline is not None


def test_single_rows_match_the_full_read_and_stay_in_their_document(store: Store) -> None:
    document_id = make_document(store)
    other_id = make_document(store, copies=1)
    full = WorkingDocument(store, document_id)
    alone = WorkingDocument(store, document_id)
    for entity_id, entity in full.entity_rows.items():
        assert alone.entity_row(entity_id) == entity
    for event_id, event in full.event_rows.items():
        assert alone.event_row(event_id) == event
    assert alone._entity_rows is None and alone._event_rows is None
    foreign = next(iter(WorkingDocument(store, other_id).entity_rows))
    assert alone.entity_row(foreign) is None
    assert alone.entity_row("no-such-entity") is None and alone.event_row("no-such") is None
    assert foreign not in alone.entity_lookup
    buyer = next(
        a.entity_id for v in full.event_rows.values() for a in v.arguments if a.role == "buyer"
    )
    pointing = {
        v.id for v in full.event_rows.values() if any(a.entity_id == buyer for a in v.arguments)
    }
    assert alone.events_pointing_to({buyer}) == pointing and len(pointing) == 1


def test_a_single_row_read_follows_an_edit(store: Store) -> None:
    document_id = make_document(store)
    working = WorkingDocument(store, document_id)
    entity_id = next(iter(WorkingDocument(store, document_id).entity_rows))
    assert working.entity_row(entity_id) is not None
    store.update_entity(entity_id, name="Renamed")
    working.refresh(Changes(entities={entity_id}))
    row = working.entity_row(entity_id)
    assert row is not None and row.name == "Renamed"
    store.delete_entity(entity_id)
    working.refresh(Changes(removed_entities={entity_id}))
    assert working.entity_row(entity_id) is None


def test_a_write_that_lands_while_the_rows_are_read_leaves_an_outline_never_used(
    store: Store,
) -> None:
    """The stamp is read before the first rows: the outline made from rows read after a
    write is stamped older than what it holds, so no open ever matches it."""
    document_id = make_document(store)
    working = WorkingDocument(store, document_id)
    entity_id = next(iter(working.entity_rows))  # the stamp is read here
    store.update_entity(entity_id, name="Written between the two reads")
    book = ProblemBook()
    book.check_all(working.document, working.entity_rows, working.event_rows, store.schema)
    keys, labels = event_lists(working.event_rows, store.schema)
    working.keep_outline(keys, labels, book.keys, book.problems)
    assert WorkingDocument(store, document_id).outline is None


def test_rows_made_from_models_read_after_the_stamp_are_kept_too(store: Store) -> None:
    """A document short enough to read whole reads its models first; the rows made from
    them are as fresh as rows read alone."""
    document_id = make_document(store)
    working = WorkingDocument(store, document_id)
    assert working.entities and working.events  # models first, as a short document does
    assert working.entity_rows and working.event_rows
    assert working.may_keep_outline


def test_the_text_s_invisible_characters_are_kept_for_this_text_only(store: Store) -> None:
    """Where the bidi controls and zero-width characters are is kept, so a large text is not
    searched again; a stored text of another content hash is not the one that was searched."""
    document_id = make_document(store, title="\u202e0001 DKH\u202c pay\u200bable")
    open_and_keep(store, document_id)
    again = WorkingDocument(store, document_id)
    kept = again.kept_invisibles()
    assert kept == invisible_chars(again.text) and len(kept) == 3
    other = WorkingDocument(store, document_id)
    other.document = other.document.model_copy(update={"content_hash": "another text"})
    assert other.outline is None and other.kept_invisibles() is None


@pytest.mark.parametrize("offsets", [[0], [-1], [10**9], "descending"])
def test_kept_offsets_that_hold_no_invisible_character_mean_a_search(
    store: Store, cache: Path, offsets: object
) -> None:
    document_id = make_document(store, title="\u202e0001 DKH\u202c pay\u200bable")
    open_and_keep(store, document_id)
    (entry,) = [p for p in cache.glob("*.json") if not p.name.endswith(".problems.json")]
    found = [char.offset for char in invisible_chars(WorkingDocument(store, document_id).text)]
    if offsets == "descending":
        offsets = found[::-1]
    data = entry.read_bytes()
    kept = f'"invisibles":{found}'.replace(" ", "").encode()
    assert kept in data
    entry.write_bytes(data.replace(kept, f'"invisibles":{offsets}'.replace(" ", "").encode()))
    again = WorkingDocument(store, document_id)
    assert again.outline is not None  # the lists still serve
    assert again.kept_invisibles() is None  # the text is searched instead
