"""Suggestions in the database: what the engine last proposed for each document and what the
reviewer decided, both kept apart from annotations (never exported, not audited), and the
look-ups an accepted suggestion needs (which entity it joins, the corpus gazetteer).

A decision is remembered by the suggestion's type and span: a rejected suggestion is never
offered again for that document, however often suggestions are recomputed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from desktop_app.core.models import Entity
from desktop_app.core.store.annotation_reads import AnnotationReads
from desktop_app.core.suggest import Suggestion, SuggestionKind
from desktop_app.core.suggest.gazetteer import Gazetteer, build_gazetteer

if TYPE_CHECKING:
    from desktop_app.core.suggest.context import SuggestContext

ACCEPTED, REJECTED = "accepted", "rejected"


def _row_of(document_id: str, suggestion: Suggestion) -> tuple[object, ...]:
    return (
        document_id,
        suggestion.kind.value,
        suggestion.type,
        suggestion.start,
        suggestion.end,
        suggestion.text,
        suggestion.rule,
        suggestion.entity,
        json.dumps(suggestion.attributes, ensure_ascii=False),
        suggestion.confidence,
    )


class SuggestionStore(AnnotationReads):
    """Stored suggestions, decisions about them, and what accepting one needs to know."""

    # --- computing -------------------------------------------------------------------------

    def gazetteer(self, excluding: str | None = None) -> Gazetteer:
        """Names of the entities annotated in every document but ``excluding``."""
        mentions: dict[str, list[str]] = defaultdict(list)
        for entity_id, text in self.db.execute(
            "SELECT entity_id, text FROM mentions WHERE document_id IS NOT ?", [excluding]
        ):
            mentions[entity_id].append(text)
        rows = [
            (
                type_id,
                name,
                identifier,
                json.loads(attributes).get("alt_name"),
                mentions.get(entity_id, []),
            )
            for entity_id, type_id, name, identifier, attributes in self.db.execute(
                "SELECT id, type, name, identifier, attributes FROM entities "
                "WHERE document_id IS NOT ?",
                [excluding],
            )
        ]
        return build_gazetteer(rows)

    def compute_suggestions(
        self,
        document_id: str,
        gazetteer: Gazetteer | None = None,
        extra: Callable[[SuggestContext], Iterable[Suggestion]] | None = None,
    ) -> list[Suggestion]:
        """What the engine proposes for the document now (reads only; stores nothing).
        ``extra`` adds another source, such as an external recommender."""
        from desktop_app.core.suggest.engine import suggest_document  # the suggesters: on use

        annotated = self.annotated(document_id)
        return suggest_document(
            annotated.document.text,
            self.schema,
            annotated.entities,
            annotated.events,
            gazetteer=gazetteer if gazetteer is not None else self.gazetteer(document_id),
            decided=self.decided(document_id),
            extra=extra,
        )

    # --- stored suggestions ----------------------------------------------------------------

    def save_suggestions(self, document_id: str, suggestions: Iterable[Suggestion]) -> int:
        """Replace the document's stored suggestions; returns how many were stored."""
        rows = [_row_of(document_id, suggestion) for suggestion in suggestions]
        with self.transaction():
            self.db.execute("DELETE FROM suggestions WHERE document_id = ?", [document_id])
            self.db.conn.executemany(
                'INSERT INTO suggestions (document_id, kind, type, start, "end", text, rule, '
                "entity, attributes, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        return len(rows)

    def update_suggestions(
        self, document_id: str, removed: Iterable[Suggestion], added: Iterable[Suggestion]
    ) -> None:
        """Change the stored suggestions by what a new computation dropped and added (after
        an edit, a few rows), instead of rewriting every row of a large document."""
        with self.transaction():
            for suggestion in removed:
                self.db.execute(
                    "DELETE FROM suggestions WHERE document_id = ? AND kind = ? AND type = ? "
                    'AND start = ? AND "end" = ? AND rule = ? AND entity = ? AND attributes = ?',
                    [
                        document_id,
                        suggestion.kind.value,
                        suggestion.type,
                        suggestion.start,
                        suggestion.end,
                        suggestion.rule,
                        suggestion.entity,
                        json.dumps(suggestion.attributes, ensure_ascii=False),
                    ],
                )
            for suggestion in added:
                self.db.execute(
                    'INSERT INTO suggestions (document_id, kind, type, start, "end", text, '
                    "rule, entity, attributes, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    list(_row_of(document_id, suggestion)),
                )

    def stored_suggestions(self, document_id: str) -> list[Suggestion]:
        """The stored suggestions still open: none decided since, none over an annotation."""
        rows = self.db.execute(
            'SELECT kind, type, start, "end", text, rule, entity, attributes, confidence '
            'FROM suggestions WHERE document_id = ? ORDER BY start, "end"',
            [document_id],
        ).fetchall()
        if not rows:
            return []  # and no need to read every annotated span
        decided = self.decided(document_id)
        annotated = self._annotated_spans(document_id)
        found = []
        for (
            kind,
            type_id,
            start,
            end,
            text,
            rule,
            entity,
            attributes,
            confidence,
        ) in rows:
            if (type_id, start, end) in decided:
                continue
            if kind != SuggestionKind.ROLE.value and (start, end) in annotated:
                continue
            found.append(
                Suggestion(
                    kind=SuggestionKind(kind),
                    type=type_id,
                    start=start,
                    end=end,
                    text=text,
                    rule=rule,
                    entity=entity,
                    attributes=json.loads(attributes),
                    confidence=confidence,
                )
            )
        return found

    def _annotated_spans(self, document_id: str) -> set[tuple[int, int]]:
        spans = {
            (int(start), int(end))
            for start, end in self.db.execute(
                'SELECT start, "end" FROM mentions WHERE document_id = ?', [document_id]
            )
        }
        spans |= {
            (int(start), int(end))
            for start, end in self.db.execute(
                "SELECT trigger_start, trigger_end FROM events "
                "WHERE document_id = ? AND trigger_start IS NOT NULL",
                [document_id],
            )
        }
        return spans

    # --- decisions -------------------------------------------------------------------------

    def decided(self, document_id: str) -> set[tuple[str, int, int]]:
        """``(type, start, end)`` of every suggestion accepted or rejected in the document."""
        return {
            (type_id, int(start), int(end))
            for type_id, start, end in self.db.execute(
                'SELECT type, start, "end" FROM suggestion_decisions WHERE document_id = ?',
                [document_id],
            )
        }

    def decision(self, document_id: str, suggestion: Suggestion) -> str | None:
        row = self._one(
            "SELECT decision FROM suggestion_decisions WHERE document_id = ? AND type = ? "
            'AND start = ? AND "end" = ?',
            [document_id, suggestion.type, suggestion.start, suggestion.end],
        )
        return None if row is None else str(row["decision"])

    def record_decision(self, document_id: str, suggestion: Suggestion, decision: str) -> None:
        """Remember an accept or a reject (inside the caller's transaction, if any)."""
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO suggestion_decisions (document_id, type, start, "
                '"end", decision, rule, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                [
                    document_id,
                    suggestion.type,
                    suggestion.start,
                    suggestion.end,
                    decision,
                    suggestion.rule,
                    self.actor,
                    self.clock(),
                ],
            )

    def forget_decision(self, document_id: str, suggestion: Suggestion) -> None:
        """Undo a decision: the suggestion is open again."""
        with self.transaction():
            self.db.execute(
                "DELETE FROM suggestion_decisions WHERE document_id = ? AND type = ? "
                'AND start = ? AND "end" = ?',
                [document_id, suggestion.type, suggestion.start, suggestion.end],
            )

    def mark_event_suggested(self, event_id: str, rule: str) -> None:
        """Record on an event made from an accepted trigger the rule that suggested it."""
        with self.transaction():
            self.db.execute("UPDATE events SET suggested_by = ? WHERE id = ?", [rule, event_id])

    def mark_mentions_suggested(self, mention_ids: Iterable[str], rule: str) -> None:
        """Record on mentions made from an accepted suggestion the rule that suggested it (a
        redo puts mentions back from their removal, which does not carry the rule)."""
        with self.transaction():
            for mention_id in mention_ids:
                self.db.execute(
                    "UPDATE mentions SET suggested_by = ? WHERE id = ?", [rule, mention_id]
                )

    # --- what an accepted mention joins ----------------------------------------------------

    def suggestion_target(self, document_id: str, suggestion: Suggestion) -> Entity | None:
        """The existing entity an accepted mention suggestion joins, or None for a new one:
        the entity it names; else one of its type with the name or value it points to; else
        one of its type that already has a mention with the same text."""
        entities = [e for e in self.entities(document_id) if e.type == suggestion.type]
        hint = suggestion.entity
        named = next((e for e in entities if e.id == hint), None)
        if named is not None:
            return named
        if hint.startswith("name:"):
            name = hint[5:]
            for entity in entities:
                if entity.name == name or any(m.text == name for m in entity.mentions):
                    return entity
        if hint.startswith("value:"):
            value = hint[6:]
            for entity in entities:
                if str(entity.attributes.get("value", "")) == value:
                    return entity
        return next(
            (e for e in entities if any(m.text == suggestion.text for m in e.mentions)), None
        )
