"""The Entities tab's tree: entity types, each with its entities, as a lazy item model.

Nothing is built per entity but a sort key; names and mention counts are read from the open
document when the view asks for a visible row, so 25,000 entities with 100,000 mentions cost
one pass when a document opens. Each type shows its first ``FETCH_STEP`` entities and the
view fetches more (``canFetchMore``/``fetchMore``) as it scrolls or the caret moves towards
them, so the view lays out a few hundred rows, not every entity. After an edit only the
changed entities move, appear or disappear (``apply_changes``), with insert/move/remove
notifications so that the view keeps its selection and scroll position.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from desktop_app.core.annotation_rows import EntityRow
from desktop_app.core.document_outline import EntityGroup, SortKey, sort_key
from desktop_app.core.schema import AnnotationSchema

AnyIndex = QModelIndex | QPersistentModelIndex
_GROUP_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_ENTITY_FLAGS = _GROUP_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
ENTITY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TYPE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
_GROUP_ID = 0  # internal id of type rows; entity rows carry 1 + their type's stable number
_ROOT = QModelIndex()  # the invisible root, as a shared default argument
_RESET_ABOVE = 200  # more changed entities than this: rebuild instead of moving rows
FETCH_STEP = 200  # entities of a type the view is given at a time (several screens)


def entity_label(entity: EntityRow) -> str:
    return _label(entity.name, len(entity.mentions))


def _label(name: str, count: int) -> str:
    return f"{name} · {count} mention{'' if count == 1 else 's'}"


@dataclass
class _Group:
    type_id: str
    keys: list[SortKey] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    shown: int = 0  # the first ``shown`` entities are rows the view knows of

    @property
    def complete(self) -> bool:
        return self.shown >= len(self.ids)


class EntityTreeModel(QAbstractItemModel):
    """Two levels: entity types present in the document (with counts), then their entities."""

    def __init__(self, schema: AnnotationSchema, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._schema = schema
        self._entities: Mapping[str, EntityRow] = {}
        # Shown from a kept outline until the rows are read (at the first change or filter):
        self._read_rows: Callable[[], Mapping[str, EntityRow]] | None = None
        self._row_of: Callable[[str], EntityRow | None] = lambda _entity_id: None
        self._rows_read: dict[str, EntityRow] = {}  # rows changed since the outline was shown
        self._outline: dict[str, tuple[str, str | None, int]] = {}  # name, identifier, count
        self._groups: list[_Group] = []
        self._key_of: dict[str, SortKey] = {}
        self._type_of: dict[str, str] = {}
        self._type_numbers = {
            entity_type.id: n for n, entity_type in enumerate(schema.entity_types)
        }
        self._filter = ""

    # --- content --------------------------------------------------------------------------

    def set_entities(self, entities: Mapping[str, EntityRow]) -> None:
        """Show ``entities`` (the open document's live dict, read on demand).

        The previous document's entities are let go here, before the next document's are
        read: kept until after its first paint, they were freed among the new ones' objects
        and the process grew by megabytes at every open."""
        self._entities = entities
        self._read_rows, self._outline = None, {}
        self._rebuild()

    def set_outline(
        self,
        groups: list[EntityGroup],
        read_rows: Callable[[], Mapping[str, EntityRow]],
        row_of: Callable[[str], EntityRow | None],
    ) -> None:
        """Show the entities as kept in a large document's outline (``core.document_outline``:
        the same groups, order and labels a read of every row gives), with nothing read per
        entity. A change reads the rows of the entities it names (``row_of``); ``read_rows``
        gives every row, and is called only by a filter (which reads every mention) or a
        change too large to apply row by row. The tree goes on from there without a reset."""
        if self._filter:  # a filter typed for an earlier document reads the mentions
            self.set_entities(read_rows())
            return
        self.beginResetModel()
        self._rows_read = {}
        self._entities, self._read_rows, self._row_of = self._rows_read, read_rows, row_of
        self._key_of, self._type_of, self._outline = {}, {}, {}
        self._groups = []
        for kept in groups:
            if not kept.keys:
                continue
            group = _Group(kept.type_id, kept.keys, [key[2] for key in kept.keys])
            group.shown = min(len(group.ids), FETCH_STEP)
            self._groups.append(group)
            self._key_of.update(zip(group.ids, group.keys, strict=True))
            self._type_of.update(dict.fromkeys(group.ids, kept.type_id))
            self._outline.update(
                zip(
                    group.ids,
                    zip(kept.names, kept.identifiers, kept.counts, strict=True),
                    strict=True,
                )
            )
        self._groups.sort(key=lambda g: self._type_number(g.type_id))
        self.endResetModel()

    def _rows(self) -> Mapping[str, EntityRow]:
        """The entities' rows, read now if the tree shows an outline."""
        if self._read_rows is not None:
            read, self._read_rows = self._read_rows, None
            self._entities = read()
            self._outline = {}
        return self._entities

    def set_filter(self, text: str) -> None:
        folded = text.strip().casefold()
        if folded != self._filter:
            self._filter = folded
            self._rows()  # a filter reads mentions
            self._rebuild()

    @property
    def filter_text(self) -> str:
        return self._filter

    def matches(self, entity: EntityRow) -> bool:
        wanted = self._filter
        if not wanted:
            return True
        entity_type = self._schema.entity_type(entity.type)
        texts = [entity.name, entity.identifier or "", entity_type.label if entity_type else ""]
        return any(wanted in text.casefold() for text in texts) or any(
            wanted in mention.text.casefold() for mention in entity.mentions
        )

    def _type_number(self, type_id: str) -> int:
        if type_id not in self._type_numbers:  # a type the schema lacks: still shown, last
            self._type_numbers[type_id] = len(self._type_numbers)
        return self._type_numbers[type_id]

    def _rebuild(self) -> None:
        self.beginResetModel()
        groups: dict[str, _Group] = {}
        self._key_of, self._type_of = {}, {}
        for entity in self._rows().values():
            if not self.matches(entity):
                continue
            key = sort_key(entity)
            group = groups.setdefault(entity.type, _Group(entity.type))
            group.keys.append(key)
            self._key_of[entity.id] = key
            self._type_of[entity.id] = entity.type
        for group in groups.values():
            group.keys.sort()
            group.ids = [key[2] for key in group.keys]
            group.shown = min(len(group.ids), FETCH_STEP)
        self._groups = sorted(groups.values(), key=lambda g: self._type_number(g.type_id))
        self.endResetModel()

    def apply_changes(self, entity_ids: Iterable[str]) -> None:
        """Bring the rows of these (changed, added or removed) entities up to date."""
        changed = list(entity_ids)
        if self._read_rows is not None and len(changed) <= _RESET_ABOVE:
            # Shown from an outline: only these rows are read; the others keep its labels.
            for entity_id in changed:
                self._outline.pop(entity_id, None)
                row = self._row_of(entity_id)
                if row is None:
                    self._rows_read.pop(entity_id, None)
                else:
                    self._rows_read[entity_id] = row
        else:
            self._rows()  # the tree goes on from the outline's keys, which are the rows'
        if len(changed) > _RESET_ABOVE:
            self._rebuild()
            return
        for entity_id in changed:
            self._update(entity_id)

    def _update(self, entity_id: str) -> None:
        entity = self._entities.get(entity_id)
        wanted = entity is not None and self.matches(entity)
        old_type = self._type_of.get(entity_id)
        if entity is None or not wanted:
            if old_type is not None:
                self._remove(entity_id)
            return
        if old_type is None:
            self._insert(entity_id, entity.type, sort_key(entity))
        else:
            self._move(entity_id, entity.type, sort_key(entity))

    def _group_row(self, type_id: str) -> int | None:
        return next((n for n, g in enumerate(self._groups) if g.type_id == type_id), None)

    def _group_index(self, row: int) -> QModelIndex:
        return self.createIndex(row, 0, _GROUP_ID)

    def _ensure_group(self, type_id: str) -> int:
        row = self._group_row(type_id)
        if row is not None:
            return row
        numbers = [self._type_number(g.type_id) for g in self._groups]
        row = bisect_left(numbers, self._type_number(type_id))
        self.beginInsertRows(QModelIndex(), row, row)
        self._groups.insert(row, _Group(type_id))
        self.endInsertRows()
        return row

    def _drop_group_if_empty(self, type_id: str) -> None:
        row = self._group_row(type_id)
        if row is not None and not self._groups[row].ids:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._groups[row]
            self.endRemoveRows()
        elif row is not None:
            self._group_changed(row)

    def _group_changed(self, row: int) -> None:
        index = self._group_index(row)
        self.dataChanged.emit(index, index, [])

    def _remove(self, entity_id: str) -> None:
        type_id, key = self._type_of.pop(entity_id), self._key_of.pop(entity_id)
        group_row = self._group_row(type_id)
        assert group_row is not None
        group = self._groups[group_row]
        row = bisect_left(group.keys, key)
        if row < group.shown:
            self.beginRemoveRows(self._group_index(group_row), row, row)
            del group.keys[row], group.ids[row]
            group.shown -= 1
            self.endRemoveRows()
        else:  # a row not fetched yet: nothing the view knows of changes
            del group.keys[row], group.ids[row]
        self._drop_group_if_empty(type_id)

    def _insert(self, entity_id: str, type_id: str, key: SortKey) -> None:
        group_row = self._ensure_group(type_id)
        group = self._groups[group_row]
        row = bisect_left(group.keys, key)
        shown = row < group.shown or group.complete
        if shown:
            self.beginInsertRows(self._group_index(group_row), row, row)
        group.keys.insert(row, key)
        group.ids.insert(row, entity_id)
        self._key_of[entity_id], self._type_of[entity_id] = key, type_id
        if shown:
            group.shown += 1
            self.endInsertRows()
        self._group_changed(group_row)

    def _move(self, entity_id: str, type_id: str, key: SortKey) -> None:
        old_type, old_key = self._type_of[entity_id], self._key_of[entity_id]
        if old_type != type_id:
            self._ensure_group(type_id)
        source_row = self._group_row(old_type)
        target_row = self._group_row(type_id)
        assert source_row is not None and target_row is not None
        source, target = self._groups[source_row], self._groups[target_row]
        row = bisect_left(source.keys, old_key)
        if row >= source.shown:  # not a row of the view yet: no move to tell it about
            self._remove(entity_id)
            self._insert(entity_id, type_id, key)
            return
        position = bisect_left(target.keys, key)
        # Where it lands must be a row of the view too, so that a selected entity stays shown.
        self._fetch_to(target_row, position)
        if source is target:
            if position > row:
                position -= 1  # counted without the moving row itself
            if position == row:  # stays in place: only its text may have changed
                source.keys[row] = key
                self._key_of[entity_id] = key
                index = self.createIndex(row, 0, 1 + self._type_number(type_id))
                self.dataChanged.emit(index, index, [])
                return
            destination = position if position < row else position + 1
        else:
            destination = position
        self.beginMoveRows(
            self._group_index(source_row),
            row,
            row,
            self._group_index(target_row),
            destination,
        )
        del source.keys[row], source.ids[row]
        target.keys.insert(position, key)
        target.ids.insert(position, entity_id)
        if source is not target:
            source.shown -= 1
            target.shown += 1
        self._key_of[entity_id], self._type_of[entity_id] = key, type_id
        self.endMoveRows()
        moved = self.createIndex(position, 0, 1 + self._type_number(type_id))
        self.dataChanged.emit(moved, moved, [])
        if source is not target:
            self._drop_group_if_empty(old_type)
            new_row = self._group_row(type_id)
            if new_row is not None:
                self._group_changed(new_row)

    # --- lookups --------------------------------------------------------------------------

    def index_of(self, entity_id: str) -> QModelIndex:
        """The entity's row, fetching its type's rows up to it if the view lacks them."""
        type_id = self._type_of.get(entity_id)
        group_row = None if type_id is None else self._group_row(type_id)
        if type_id is None or group_row is None:
            return QModelIndex()
        row = bisect_left(self._groups[group_row].keys, self._key_of[entity_id])
        self._fetch_to(group_row, row + 1)
        return self.createIndex(row, 0, 1 + self._type_number(type_id))

    # --- fetching rows on demand -----------------------------------------------------------

    def _fetch_to(self, group_row: int, count: int) -> None:
        """Make the first ``count`` entities of a group rows of the view."""
        group = self._groups[group_row]
        count = min(count, len(group.ids))
        if count > group.shown:
            self.beginInsertRows(self._group_index(group_row), group.shown, count - 1)
            group.shown = count
            self.endInsertRows()

    def canFetchMore(self, parent: AnyIndex) -> bool:  # noqa: N802 (a Qt override)
        group = self._group_at(parent)
        return group is not None and not group.complete

    def fetchMore(self, parent: AnyIndex) -> None:  # noqa: N802 (a Qt override)
        group = self._group_at(parent)
        if group is not None:
            self._fetch_to(parent.row(), group.shown + FETCH_STEP)

    def fetch_all(self, parent: AnyIndex) -> None:
        """Every entity of the group at ``parent`` as rows (End goes to the very last)."""
        group = self._group_at(parent)
        if group is not None:
            self._fetch_to(parent.row(), len(group.ids))

    def _group_at(self, index: AnyIndex) -> _Group | None:
        if not index.isValid() or index.internalId() != _GROUP_ID:
            return None
        return self._groups[index.row()] if index.row() < len(self._groups) else None

    def entity_id_at(self, index: AnyIndex) -> str | None:
        group = self._group_of_child(index)
        if group is None or not 0 <= index.row() < len(group.ids):
            return None
        return group.ids[index.row()]

    def _group_of_child(self, index: AnyIndex) -> _Group | None:
        if not index.isValid() or index.internalId() == _GROUP_ID:
            return None
        number = index.internalId() - 1
        return next((g for g in self._groups if self._type_number(g.type_id) == number), None)

    def entity_count(self) -> int:
        return len(self._type_of)

    # --- QAbstractItemModel ---------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = _ROOT) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self._group_index(row) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != _GROUP_ID or parent.row() >= len(self._groups):
            return QModelIndex()
        group = self._groups[parent.row()]
        if row >= group.shown:
            return QModelIndex()
        return self.createIndex(row, 0, 1 + self._type_number(group.type_id))

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: AnyIndex) -> QModelIndex: ...
    def parent(self, child: AnyIndex | None = None) -> QObject | QModelIndex | None:
        if child is None:
            return super().parent()
        group = self._group_of_child(child)
        if group is None:
            return QModelIndex()
        return self._group_index(self._groups.index(group))

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP_ID and parent.row() < len(self._groups):
            return self._groups[parent.row()].shown
        return 0

    def entities_of_type(self, parent: AnyIndex) -> int:
        """How many entities the group at ``parent`` holds, fetched as rows or not."""
        group = self._group_at(parent)
        return 0 if group is None else len(group.ids)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 1

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _GROUP_ID:
            return _GROUP_FLAGS
        return _ENTITY_FLAGS  # saves the view asking each entity row for children

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP_ID:
            return self._group_data(index.row(), role)
        entity_id = self.entity_id_at(index)
        if entity_id is None:
            return None
        entity = self._entities.get(entity_id)
        if entity is not None:
            name, identifier, count = entity.name, entity.identifier, len(entity.mentions)
        elif entity_id in self._outline:
            name, identifier, count = self._outline[entity_id]
        else:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _label(name, count)
        if role == Qt.ItemDataRole.ToolTipRole:
            extra = f" — {identifier}" if identifier else ""
            return f"{self._type_of.get(entity_id, '')}: {name}{extra}"
        if role == ENTITY_ID_ROLE:
            return entity_id
        if role == TYPE_ID_ROLE:
            return self._type_of.get(entity_id)
        return None

    def _group_data(self, row: int, role: int) -> Any:
        if row >= len(self._groups):
            return None
        group = self._groups[row]
        entity_type = self._schema.entity_type(group.type_id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            label = entity_type.label if entity_type else f"{group.type_id} (not in schema)"
            return f"{label} ({len(group.ids)})"
        if role == Qt.ItemDataRole.DecorationRole and entity_type is not None:
            return QColor(entity_type.colour)
        if role == Qt.ItemDataRole.ToolTipRole and entity_type is not None:
            return entity_type.description or entity_type.label
        if role == TYPE_ID_ROLE:
            return group.type_id
        return None
