"""Fixing annotations in place: merge two entities, move a mention to another entity, resize a
mention's span, and the pieces a split is made of. Each runs in one write transaction, checks
the versions it is based on, and returns a record that its inverse puts back exactly (same
ids, same positions), which is what undo needs.
"""

from __future__ import annotations

from pydantic import Field

from desktop_app.core.errors import EditRefused
from desktop_app.core.models import Changes, Entity, Plain, Span
from desktop_app.core.store.edit_support import ArgumentPlace
from desktop_app.core.store.entity_edits import EntityEdits
from desktop_app.core.store.rows import argument_of


class MergeRecord(Plain):
    """What merging ``merged`` into ``kept`` changed."""

    document_id: str
    kept: str
    merged: Entity  # as it was, with its mentions in order
    positions: dict[str, int]  # mention id -> its position in the merged entity
    moved_arguments: list[str] = Field(default_factory=list)
    dropped_arguments: list[ArgumentPlace] = Field(default_factory=list)  # would repeat a role
    rowid: int | None = None
    version: int = 1


class MentionMove(Plain):
    mention_id: str
    source: str
    target: str
    position: int  # in the source entity
    unpinned_arguments: list[str] = Field(default_factory=list)  # pointed at this mention


class FixEdits(EntityEdits):
    """Merge, move and resize, with their exact inverses."""

    def entity_of_mention(self, mention_id: str) -> str:
        row = self._one("SELECT entity_id FROM mentions WHERE id = ?", [mention_id])
        if row is None:
            raise EditRefused("that mention no longer exists")
        return str(row["entity_id"])

    def _events_of(self, argument_ids: list[str]) -> set[str]:
        if not argument_ids:
            return set()
        marks = ", ".join("?" for _ in argument_ids)
        return {
            str(row[0])
            for row in self.db.execute(
                f"SELECT event_id FROM arguments WHERE id IN ({marks})", argument_ids
            )
        }

    def merge_entities(
        self, kept: str, merged: str, *, expected: dict[str, int] | None = None
    ) -> tuple[MergeRecord, Changes]:
        """Every mention and role filling of ``merged`` goes to ``kept``; ``merged`` goes.
        A role ``kept`` already fills in the same event is not filled twice."""
        expected = expected or {}
        if kept == merged:
            raise EditRefused("an entity cannot be merged with itself")
        with self.transaction():
            keep = self.entity(kept)
            gone = self.entity(merged)
            document_id = self.document_of_entity(kept)
            if self.document_of_entity(merged) != document_id:
                raise EditRefused("only entities of the same document can be merged")
            self._require_editable(document_id)
            self.check_version("entities", kept, expected.get(kept), f"entity {keep.name}")
            self.check_version("entities", merged, expected.get(merged), f"entity {gone.name}")
            if keep.type != gone.type:
                raise EditRefused(
                    f"{keep.name} is a {keep.type} and {gone.name} a {gone.type}: change one's "
                    "type first"
                )
            positions = {
                str(row[0]): int(row[1])
                for row in self.db.execute(
                    "SELECT id, position FROM mentions WHERE entity_id = ?", [merged]
                )
            }
            base_row = self._one(
                "SELECT COALESCE(MAX(position), -1) + 1 AS next FROM mentions WHERE entity_id = ?",
                [kept],
            )
            base = int(base_row["next"]) if base_row else 0
            filled = {
                (str(row[0]), str(row[1]))
                for row in self.db.execute(
                    "SELECT event_id, role FROM arguments WHERE entity_id = ?", [kept]
                )
            }
            moved, dropped = [], []
            for row in self.db.query("SELECT * FROM arguments WHERE entity_id = ?", [merged]):
                if (row["event_id"], row["role"]) in filled:
                    dropped.append(
                        ArgumentPlace(
                            event_id=row["event_id"],
                            position=row["position"],
                            argument=argument_of(row),
                        )
                    )
                else:
                    moved.append(str(row["id"]))
            record = MergeRecord(
                document_id=document_id,
                kept=kept,
                merged=gone,
                positions=positions,
                moved_arguments=moved,
                dropped_arguments=dropped,
                rowid=self._rowid("entities", merged),
                version=self.version_of("entities", merged) or 1,
            )
            events = self._events_of(moved) | {place.event_id for place in dropped}
            for place in dropped:
                self.db.execute("DELETE FROM arguments WHERE id = ?", [place.argument.id])
            self.db.execute(
                "UPDATE mentions SET entity_id = ?, position = position + ? WHERE entity_id = ?",
                [kept, base, merged],
            )
            self.db.execute(
                "UPDATE arguments SET entity_id = ?, version = version + 1 WHERE entity_id = ?",
                [kept, merged],
            )
            self.db.execute("DELETE FROM entities WHERE id = ?", [merged])
            versions = {kept: self._write("entities", kept)}
            for event_id in events:
                versions[event_id] = self._write("events", event_id, restamp=False)
        changes = Changes(
            documents={document_id},
            entities={kept},
            removed_entities={merged},
            events=events,
            versions=versions,
        )
        return record, changes

    def unmerge_entities(
        self, record: MergeRecord, *, expected: dict[str, int] | None = None
    ) -> Changes:
        """Put a merged entity back as it was, with its mentions and role fillings."""
        expected = expected or {}
        gone = record.merged
        with self.transaction():
            self._require_editable(record.document_id)
            keep = self.entity(record.kept)
            self.check_version(
                "entities", record.kept, expected.get(record.kept), f"entity {keep.name}"
            )
            self._refuse_existing("entities", gone.id, f"entity {gone.name}")
            mention_ids = [mention.id for mention in gone.mentions]
            present = {m.id for m in keep.mentions}
            if not set(mention_ids) <= present:
                raise EditRefused(f"a mention that was {gone.name}'s is no longer there")
            self._insert_entity(
                record.document_id,
                gone.model_copy(update={"mentions": []}),
                record.rowid,
                record.version + 1,
            )
            for mention_id in mention_ids:
                self.db.execute(
                    "UPDATE mentions SET entity_id = ?, position = ? WHERE id = ?",
                    [gone.id, record.positions[mention_id], mention_id],
                )
            for argument_id in record.moved_arguments:
                self.db.execute(
                    "UPDATE arguments SET entity_id = ?, version = version + 1 WHERE id = ?",
                    [gone.id, argument_id],
                )
            for place in record.dropped_arguments:
                self._insert_argument(place.event_id, place.argument, place.position)
            events = self._events_of(record.moved_arguments) | {
                place.event_id for place in record.dropped_arguments
            }
            versions = {
                record.kept: self._write("entities", record.kept),
                gone.id: record.version + 1,
            }
            for event_id in events:
                versions[event_id] = self._write("events", event_id, restamp=False)
        return Changes(
            documents={record.document_id},
            entities={record.kept, gone.id},
            events=events,
            versions=versions,
        )

    def move_mention(
        self,
        mention_id: str,
        target: str,
        *,
        expected: dict[str, int] | None = None,
        position: int | None = None,
    ) -> tuple[MentionMove, Changes]:
        """Make a mention one of ``target``'s (the end of its list, or ``position``). Role
        fillings that named this very mention keep their entity and forget the mention."""
        expected = expected or {}
        with self.transaction():
            row = self._one(
                "SELECT entity_id, document_id, position FROM mentions WHERE id = ?", [mention_id]
            )
            if row is None:
                raise EditRefused("that mention no longer exists")
            source = str(row["entity_id"])
            if source == target:
                raise EditRefused("the mention already belongs to that entity")
            document_id = str(row["document_id"])
            self._require_editable(document_id)
            if self.document_of_entity(target) != document_id:
                raise EditRefused("a mention can only move to an entity of the same document")
            for entity_id in (source, target):
                self.check_version("entities", entity_id, expected.get(entity_id), "the entity")
            if position is None:
                next_row = self._one(
                    "SELECT COALESCE(MAX(position), -1) + 1 AS next FROM mentions "
                    "WHERE entity_id = ?",
                    [target],
                )
                position = int(next_row["next"]) if next_row else 0
            unpinned = [
                str(r[0])
                for r in self.db.execute(
                    "SELECT id FROM arguments WHERE mention_id = ?", [mention_id]
                )
            ]
            self.db.execute(
                "UPDATE arguments SET mention_id = NULL, version = version + 1 "
                "WHERE mention_id = ?",
                [mention_id],
            )
            self.db.execute(
                "UPDATE mentions SET entity_id = ?, position = ? WHERE id = ?",
                [target, position, mention_id],
            )
            versions = {
                source: self._write("entities", source),
                target: self._write("entities", target),
            }
        move = MentionMove(
            mention_id=mention_id,
            source=source,
            target=target,
            position=int(row["position"]),
            unpinned_arguments=unpinned,
        )
        return move, Changes(documents={document_id}, entities={source, target}, versions=versions)

    def unmove_mention(
        self, move: MentionMove, *, expected: dict[str, int] | None = None
    ) -> Changes:
        with self.transaction():
            _, changes = self.move_mention(
                move.mention_id, move.source, expected=expected, position=move.position
            )
            for argument_id in move.unpinned_arguments:
                self.db.execute(
                    "UPDATE arguments SET mention_id = ?, version = version + 1 "
                    "WHERE id = ? AND mention_id IS NULL",
                    [move.mention_id, argument_id],
                )
        return changes

    def resize_mention(
        self, mention_id: str, start: int, end: int, *, expected: int | None = None
    ) -> tuple[Span, Changes]:
        """Give a mention a new span (checked: whole characters, in the text, not blank);
        returns the old span. ``expected`` is its entity's version."""
        with self.transaction():
            row = self._one("SELECT * FROM mentions WHERE id = ?", [mention_id])
            if row is None:
                raise EditRefused("that mention no longer exists")
            document_id = str(row["document_id"])
            self._require_editable(document_id)
            entity_id = str(row["entity_id"])
            self.check_version("entities", entity_id, expected, "the entity")
            span = self.make_span(document_id, start, end)
            old = Span(start=row["start"], end=row["end"], text=row["text"], page=row["page"])
            self.db.execute(
                'UPDATE mentions SET start = ?, "end" = ?, text = ?, page = ?, updated_by = ?, '
                "updated_at = ? WHERE id = ?",
                [span.start, span.end, span.text, span.page, self.actor, self.clock(), mention_id],
            )
            version = self._write("entities", entity_id)
        return old, Changes(
            documents={document_id}, entities={entity_id}, versions={entity_id: version}
        )
