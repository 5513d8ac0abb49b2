"""The lazy entity tree model: large documents, and rows that move instead of rebuilding."""

from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.models import Entity, Mention
from desktop_app.core.store import Store
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.forms import FormsPane
from desktop_app.ui.forms.entity_tree_model import ENTITY_ID_ROLE, EntityTreeModel

TYPES = ["COMPANY", "PERSON", "MONEY", "DATE", "PERCENT"]


def many_entities(count: int, mentions_each: int) -> tuple[str, list[Entity]]:
    """``count`` entities over a text of numbered words, each mentioned ``mentions_each`` times."""
    words = [f"w{n:06d}" for n in range(count * mentions_each)]
    text = " ".join(words)
    entities = []
    for number in range(count):
        mentions = []
        for k in range(mentions_each):
            index = number * mentions_each + k
            start = index * 8
            mentions.append(Mention(id=f"m{index}", start=start, end=start + 7, text=words[index]))
        entities.append(
            Entity(
                id=f"e{number:05d}",
                type=TYPES[number % len(TYPES)],
                name=f"Entity {number:05d}",
                mentions=mentions,
            )
        )
    return text, entities


def test_model_of_5000_entities_counts_right_and_filters(
    qtbot: QtBot, store: Store, context: EditorContext
) -> None:
    text, entities = many_entities(5000, 4)
    document_id, _ = store.add_document(text=text, title="Large")
    with store.transaction():
        store.insert_annotations(document_id, entities, [])
    context.open_document(document_id)
    pane = FormsPane(context)
    qtbot.addWidget(pane)
    pane.show()
    assert pane.entities_tab.model.rowCount() == 0  # the text paints first, lists fill next
    qtbot.waitUntil(lambda: pane.entities_tab.model.rowCount() > 0)

    model = pane.entities_tab.model
    assert model.rowCount() == len(TYPES)
    groups = [model.index(row, 0) for row in range(len(TYPES))]
    assert [model.entities_of_type(group) for group in groups] == [1000] * 5
    # Lazy: each type gives the view a few screens of rows, more as it scrolls.
    assert all(0 < model.rowCount(group) < 1000 for group in groups)
    assert model.data(model.index(0, 0)) == "Company (1000)"
    assert model.entity_count() == 5000
    # Lazy: the pane holds a fixed set of widgets and no item per entity or mention.
    assert len(pane.findChildren(QWidget)) < 400
    assert pane.entities_tab.form.mention_list.count() == 0

    pane.entities_tab.filter_edit.setText("Entity 04999")
    assert model.entity_count() == 1
    pane.entities_tab.filter_edit.setText("w019999")  # matches the text of a mention
    assert model.entity_count() == 1
    pane.entities_tab.filter_edit.clear()
    assert model.entity_count() == 5000


def test_changed_entities_move_between_groups_keeping_persistent_indexes(store: Store) -> None:
    _text, entities = many_entities(10, 1)
    by_id = {entity.id: entity for entity in entities}
    model = EntityTreeModel(store.schema)
    model.set_entities(by_id)
    assert model.rowCount() == len(TYPES)
    tracked = QPersistentModelIndex(model.index_of("e00000"))
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))

    by_id["e00000"] = by_id["e00000"].model_copy(update={"type": "LOCATION"})
    model.apply_changes({"e00000"})
    assert model.data(model.index(0, 0)) == "Company (1)"
    location = model.index(model.rowCount() - 1, 0)
    assert model.data(location) == "Location (1)"  # a new group, in schema order
    assert tracked.isValid() and tracked.data(ENTITY_ID_ROLE) == "e00000"
    assert tracked.parent() == location

    del by_id["e00005"], by_id["e00000"]
    model.apply_changes({"e00005", "e00000"})
    assert model.data(model.index(0, 0)) == "Person (2)"  # the company group went empty
    assert model.entity_count() == 8
    assert not resets  # rows were moved and removed, never rebuilt


def test_renaming_reorders_within_its_group(store: Store) -> None:
    entities = {
        name: Entity(id=name, type="PERSON", name=name, mentions=[]) for name in ("b", "c", "d")
    }
    model = EntityTreeModel(store.schema)
    model.set_entities(entities)
    group = model.index(0, 0)
    tracked = QPersistentModelIndex(model.index_of("d"))
    entities["d"] = entities["d"].model_copy(update={"name": "a"})
    model.apply_changes({"d"})
    assert [model.index(n, 0, group).data(ENTITY_ID_ROLE) for n in range(3)] == ["d", "b", "c"]
    assert tracked.row() == 0
    assert model.data(model.index(0, 0, group)) == "a · 0 mentions"
