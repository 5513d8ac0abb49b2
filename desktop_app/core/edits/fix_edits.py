"""Fix in place, as undoable edits: merge two entities, move a mention to another entity,
resize a mention, split mentions off into a new entity.

Each states the versions of the rows it is based on (both entities for a merge or a move) and
its revert puts back exactly what was there, so steps above it on the stack stay valid.
"""

from __future__ import annotations

from desktop_app.core.edits.annotation_edits import AddMention, CreateEntity
from desktop_app.core.edits.history import Edit, Versions
from desktop_app.core.models import Changes
from desktop_app.core.store import Store
from desktop_app.core.store.fix_edits import MentionMove, MergeRecord


def _versions(based_on: Versions, *ids: str) -> dict[str, int]:
    return {row_id: based_on[row_id] for row_id in ids if row_id in based_on}


class MergeEntities(Edit):
    """``merged`` joins ``kept``: its mentions and role fillings move, it goes."""

    def __init__(self, kept: str, merged: str, label: str) -> None:
        super().__init__(f"Merge into {label}")
        self.kept, self.merged = kept, merged
        self._record: MergeRecord | None = None

    def apply(self, store: Store, based_on: Versions) -> Changes:
        self._record, changes = store.merge_entities(
            self.kept, self.merged, expected=_versions(based_on, self.kept, self.merged)
        )
        return changes

    def revert(self, store: Store, based_on: Versions) -> Changes:
        assert self._record is not None
        return store.unmerge_entities(self._record, expected=_versions(based_on, self.kept))


class MoveMention(Edit):
    def __init__(self, mention_id: str, target: str, label: str) -> None:
        super().__init__(f"Move mention to {label}")
        self.mention_id, self.target = mention_id, target
        self._move: MentionMove | None = None

    def apply(self, store: Store, based_on: Versions) -> Changes:
        source = self._move.source if self._move else store.entity_of_mention(self.mention_id)
        self._move, changes = store.move_mention(
            self.mention_id, self.target, expected=_versions(based_on, source, self.target)
        )
        return changes

    def revert(self, store: Store, based_on: Versions) -> Changes:
        assert self._move is not None
        move = self._move
        return store.unmove_mention(move, expected=_versions(based_on, move.source, move.target))


class ResizeMention(Edit):
    """A mention's span widened or narrowed (from the keyboard: Alt+Shift+arrows)."""

    def __init__(self, mention_id: str, entity_id: str, start: int, end: int) -> None:
        super().__init__("Resize mention")
        self.mention_id, self.entity_id = mention_id, entity_id
        self.new = (start, end)
        self.old: tuple[int, int] | None = None

    def apply(self, store: Store, based_on: Versions) -> Changes:
        old, changes = store.resize_mention(
            self.mention_id, *self.new, expected=based_on.get(self.entity_id)
        )
        self.old = (old.start, old.end)
        return changes

    def revert(self, store: Store, based_on: Versions) -> Changes:
        assert self.old is not None
        _, changes = store.resize_mention(
            self.mention_id, *self.old, expected=based_on.get(self.entity_id)
        )
        return changes


class SplitEntity(Edit):
    """Some mentions of an entity made a new entity of the same type (named after the first,
    with the same attributes): one step."""

    def __init__(
        self, document_id: str, entity_id: str, mention_ids: list[str], type_id: str, name: str
    ) -> None:
        super().__init__(f"Split '{name}' off")
        self.create = CreateEntity(document_id, type_id, [], name=name)
        self.entity_id, self.mention_ids = entity_id, mention_ids
        self.moves: list[MoveMention] = []

    @property
    def new_entity_id(self) -> str:
        return self.create.entity_id

    def apply(self, store: Store, based_on: Versions) -> Changes:
        if not self.moves:
            self.create.attributes = dict(store.entity(self.entity_id).attributes) or None
        changes = self.create.apply(store, based_on)
        if not self.moves:
            self.moves = [MoveMention(m, self.create.entity_id, "") for m in self.mention_ids]
        for move in self.moves:
            changes = changes.merge(move.apply(store, {**based_on, **changes.versions}))
        return changes

    def revert(self, store: Store, based_on: Versions) -> Changes:
        changes = Changes()
        for move in reversed(self.moves):
            changes = changes.merge(move.revert(store, {**based_on, **changes.versions}))
        return changes.merge(self.create.revert(store, {**based_on, **changes.versions}))


class TagAllOccurrences(Edit):
    """Every given span made a mention of one entity — an existing one, or a new one of
    ``type_id`` — in one step."""

    def __init__(
        self,
        document_id: str,
        spans: list[tuple[int, int]],
        *,
        entity_id: str = "",
        type_id: str = "",
        label: str = "",
    ) -> None:
        super().__init__(f"Tag {len(spans)} occurrences of {label}")
        self.document_id, self.spans = document_id, spans
        self.entity_id, self.type_id = entity_id, type_id
        self.steps: list[Edit] = []

    def apply(self, store: Store, based_on: Versions) -> Changes:
        if not self.steps:
            spans = list(self.spans)
            if not self.entity_id:
                create = CreateEntity(self.document_id, self.type_id, [spans.pop(0)])
                self.steps.append(create)
                changes = create.apply(store, based_on)
                self.entity_id = create.entity_id
            else:
                changes = Changes()
            for start, end in spans:
                add = AddMention(self.entity_id, start, end, "")
                changes = changes.merge(add.apply(store, {**based_on, **changes.versions}))
                self.steps.append(add)
            return changes
        changes = Changes()
        for step in self.steps:
            changes = changes.merge(step.apply(store, {**based_on, **changes.versions}))
        return changes

    def revert(self, store: Store, based_on: Versions) -> Changes:
        changes = Changes()
        for step in reversed(self.steps):
            changes = changes.merge(step.revert(store, {**based_on, **changes.versions}))
        return changes
