"""A document's audit trail in words a reviewer reads: "alice renamed Company «Ascentage
Pharma» → «Ascentage Pharma Group International»", with every changed field in full.

Reads the entries the store's triggers wrote (``AuditStore.audit_entries``) and names what each
entry changed by the schema's labels and by the names the annotations had at the time (an
argument or a mention names its entity, even after the entity was removed). Also writes the
lines as CSV for auditors, one row per changed field.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.review_models import AuditEntry, changed_values
from desktop_app.core.safe_write import write_bytes_atomically
from desktop_app.core.schema import AnnotationSchema

KINDS = ("entity", "mention", "event", "role", "document", "comment")
"""What an entry is about, for filtering: the words the History tab offers."""

_KIND_OF_TABLE = {
    "entities": "entity",
    "mentions": "mention",
    "events": "event",
    "arguments": "role",
    "documents": "document",
    "comments": "comment",
}
_EMPTY = "(empty)"
# Document columns the sentences read; any other that changes is listed by its name.
_DOCUMENT_COLUMNS_READ = frozenset(
    {"metadata", "status", "status_note", "flag", "title", "updated_by", "updated_at", "version"}
)
CSV_COLUMNS = ("entry", "when", "who", "what", "change", "field", "before", "after")

Row = dict[str, object]


@dataclass(frozen=True)
class FieldChange:
    """One field an entry changed, by its label, with both values in full."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryLine:
    seq: int
    at: str
    actor: str
    kind: str  # one of KINDS
    sentence: str  # "alice renamed Company «A» → «B»"
    changes: tuple[FieldChange, ...] = ()
    target_id: str | None = None  # the entity or event to jump to

    @property
    def when(self) -> str:
        return self.at[:19].replace("T", " ")

    @property
    def day(self) -> str:
        return self.at[:10]


@dataclass
class _Names:
    """What each annotation was called, as the trail goes along."""

    entities: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (type, name)
    events: dict[str, str] = field(default_factory=dict)  # id -> type


def _quote(text: object) -> str:
    return f"«{text}»"


def _plain(value: object) -> str:
    if value is None or value == "" or value == {}:
        return _EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _json_dict(value: object) -> dict[str, object]:
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.startswith("{"):
        try:
            loaded = json.loads(value)
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {}
    return {}


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class HistoryWriter:
    """Turns entries into lines; give them oldest first so names are known when used."""

    def __init__(self, schema: AnnotationSchema, language: str = "en") -> None:
        self.schema, self.language = schema, language
        self.names = _Names()

    # --- naming ------------------------------------------------------------------------------

    def _entity_name(self, entity_id: object) -> str:
        type_id, name = self.names.entities.get(str(entity_id), ("", "?"))
        label = self.schema.label(type_id, self.language) if type_id else "entity"
        return f"{label} {_quote(name)}"

    def _event_name(self, event_id: object) -> str:
        type_id = self.names.events.get(str(event_id), "")
        return self.schema.label(type_id, self.language) if type_id else "an event"

    def _value(self, owner: str, name: str, value: object) -> str:
        if isinstance(value, str) and value:
            return self.schema.value_label(owner, name, value, self.language)
        return _plain(value)

    def _attribute_changes(self, owner: str, before: object, after: object) -> list[FieldChange]:
        old, new = _json_dict(before), _json_dict(after)
        return [
            FieldChange(
                self.schema.attribute_label(owner, name, self.language),
                self._value(owner, name, old.get(name)),
                self._value(owner, name, new.get(name)),
            )
            for name in dict.fromkeys([*old, *new])
            if old.get(name) != new.get(name)
        ]

    # --- lines -------------------------------------------------------------------------------

    def lines(self, entries: Iterable[AuditEntry]) -> list[HistoryLine]:
        """One line per entry that changed something a reviewer sees (updates that only
        restamp who and when are left out), in the order given."""
        found = []
        for entry in entries:
            line = self.line(entry)
            if line is not None:
                found.append(line)
        return found

    def line(self, entry: AuditEntry) -> HistoryLine | None:
        kind = _KIND_OF_TABLE.get(entry.table_name, entry.table_name)
        before: Row = dict(entry.before or {})
        after: Row = dict(entry.after or {})
        if entry.action == "update" and not changed_values(entry):
            return None
        action = "delete" if entry.action == "delete" else entry.action
        if kind == "entity":
            sentence, changes, target = self._describe_entity(action, before, after)
        elif kind == "mention":
            sentence, changes, target = self._describe_mention(action, before, after)
        elif kind == "event":
            sentence, changes, target = self._describe_event(action, before, after)
        elif kind == "role":
            sentence, changes, target = self._describe_argument(action, before, after)
        elif kind == "document":
            sentence, changes, target = self._describe_document(action, before, after)
        elif kind == "comment":
            sentence, changes, target = self._describe_comment(action, before, after)
        else:
            sentence, changes, target = f"changed {entry.table_name}", [], None
        if not sentence:
            return None
        return HistoryLine(
            seq=entry.seq,
            at=entry.at,
            actor=entry.actor,
            kind=kind,
            sentence=f"{entry.actor} {sentence}",
            changes=tuple(changes),
            target_id=target,
        )

    def _describe_entity(self, action: str, before: Row, after: Row) -> _Described:
        row = after or before
        entity_id = str(row.get("id", ""))
        type_id, name = str(row.get("type", "")), str(row.get("name", ""))
        label = self.schema.label(type_id, self.language)
        if action == "delete":
            return f"removed {label} {_quote(name)}", [], None
        self.names.entities[entity_id] = (type_id, name)
        if action != "update":
            changes = self._attribute_changes(type_id, {}, after.get("attributes"))
            return f"added {label} {_quote(name)}", changes, entity_id
        old_type, old_name = str(before.get("type", "")), str(before.get("name", ""))
        changes = []
        parts = []
        if old_name != name:
            parts.append(f"renamed {label} {_quote(old_name)} → {_quote(name)}")
            changes.append(FieldChange("Name", old_name, name))
        if old_type != type_id:
            old_label = self.schema.label(old_type, self.language)
            parts.append(f"changed the type of {_quote(name)}: {old_label} → {label}")
            changes.append(FieldChange("Type", old_label, label))
        if before.get("identifier") != after.get("identifier"):
            changes.append(
                FieldChange(
                    "Identifier", _plain(before.get("identifier")), _plain(after.get("identifier"))
                )
            )
        attributes = self._attribute_changes(
            type_id, before.get("attributes"), after.get("attributes")
        )
        changes += attributes
        if attributes:
            fields = ", ".join(change.field for change in attributes)
            parts.append(f"set {fields} of {label} {_quote(name)}")
        if not parts:
            parts.append(f"changed {label} {_quote(name)}")
        return "; ".join(parts), changes, entity_id

    def _describe_mention(self, action: str, before: Row, after: Row) -> _Described:
        row = after or before
        entity_id = str(row.get("entity_id", ""))
        text = _quote(row.get("text", ""))
        of = self._entity_name(entity_id)
        if action == "delete":
            return f"removed the mention {text} of {of}", [], entity_id
        if action == "update":
            changes = [
                FieldChange(name, _plain(before.get(name)), _plain(after.get(name)))
                for name in ("start", "end", "text", "page")
                if before.get(name) != after.get(name)
            ]
            return f"moved a mention of {of}", changes, entity_id
        return f"marked {text} as a mention of {of}", [], entity_id

    def _describe_event(self, action: str, before: Row, after: Row) -> _Described:
        row = after or before
        event_id, type_id = str(row.get("id", "")), str(row.get("type", ""))
        label = self.schema.label(type_id, self.language)
        trigger = row.get("trigger_text")
        said = f" (trigger {_quote(trigger)})" if trigger else ""
        if action == "delete":
            return f"removed the event {label}{said}", [], None
        self.names.events[event_id] = type_id
        if action != "update":
            changes = self._attribute_changes(type_id, {}, after.get("attributes"))
            return f"added the event {label}{said}", changes, event_id
        changes = self._attribute_changes(
            type_id, before.get("attributes"), after.get("attributes")
        )
        if before.get("type") != after.get("type"):
            old = self.schema.label(str(before.get("type", "")), self.language)
            changes.insert(0, FieldChange("Type", old, label))
        if before.get("trigger_text") != after.get("trigger_text"):
            changes.append(
                FieldChange(
                    "Trigger", _plain(before.get("trigger_text")), _plain(after.get("trigger_text"))
                )
            )
        fields = ", ".join(change.field for change in changes) or "the details"
        return f"set {fields} of the event {label}", changes, event_id

    def _describe_argument(self, action: str, before: Row, after: Row) -> _Described:
        row = after or before
        event_id, role = str(row.get("event_id", "")), str(row.get("role", ""))
        event_type = self.names.events.get(event_id, "")
        role_label = self.schema.role_label(event_type, role, self.language)
        event = self._event_name(event_id)
        entity = self._entity_name(row.get("entity_id"))
        if action == "delete":
            return f"took {entity} out of {role_label} of {event}", [], event_id
        if action == "update":
            old_entity = self._entity_name(before.get("entity_id"))
            change = FieldChange(role_label, old_entity, entity)
            return f"changed {role_label} of {event}", [change], event_id
        return f"put {entity} in {role_label} of {event}", [], event_id

    def _describe_document(self, action: str, before: Row, after: Row) -> _Described:
        if action != "update":
            title = _quote(after.get("title", ""))
            verb = "imported" if action == "import" else "added"
            return f"{verb} the document {title}", [], None
        changes = self._attribute_changes("document", before.get("metadata"), after.get("metadata"))
        parts = []
        if changes:
            parts.append("set " + ", ".join(change.field for change in changes))
        old_status, status = str(before.get("status", "")), str(after.get("status", ""))
        note = str(after.get("status_note") or "")
        if old_status != status:
            old_label = self.schema.status_label(old_status, self.language)
            new_label = self.schema.status_label(status, self.language)
            changes.append(FieldChange("Status", old_label, new_label))
            if status == "returned":
                parts.append(f"returned the document: {_quote(note)}")
            elif old_status == "approved" and status == "in_progress" and note:
                parts.append(f"reopened the document: {_quote(note)}")
            else:
                parts.append(f"marked the document {new_label}")
        if note and before.get("status_note") != note:
            changes.append(FieldChange("Reason", _plain(before.get("status_note")), note))
        if before.get("flag") != after.get("flag"):
            flag = str(after.get("flag") or "")
            parts.append(f"flagged the document: {_quote(flag)}" if flag else "cleared the flag")
            changes.append(FieldChange("Flag", _plain(before.get("flag")), _plain(flag)))
        if before.get("title") != after.get("title"):
            changes.append(
                FieldChange("Title", _plain(before.get("title")), _plain(after.get("title")))
            )
            parts.append("renamed the document")
        for name in after:
            if name not in _DOCUMENT_COLUMNS_READ and before.get(name) != after.get(name):
                words = name.replace("_", " ")
                old, new = _plain(before.get(name)), _plain(after.get(name))
                changes.append(FieldChange(words.capitalize(), old, new))
                parts.append(f"changed the document's {words}")
        # "" when only the spelling of stored values changed (say, JSON spacing): no line.
        return "; ".join(parts), changes, None

    def _describe_comment(self, action: str, before: Row, after: Row) -> _Described:
        row = after or before
        body = str(row.get("body", ""))
        target = row.get("target_id")
        on = f" on {self._entity_or_event(str(target))}" if target else ""
        about = str(target) if target else None  # a comment jumps to what it is about
        reply = "replied" if row.get("parent_id") else "commented"
        if action == "delete":
            return f"removed a comment{on}: {_quote(_short(body))}", [], about
        if action != "update":
            return (
                f"{reply}{on}: {_quote(_short(body))}",
                [FieldChange("Comment", _EMPTY, body)],
                about,
            )
        changes = []
        parts = []
        if before.get("body") != after.get("body"):
            changes.append(FieldChange("Comment", _plain(before.get("body")), body))
            parts.append(f"edited a comment{on}")
        if before.get("resolved") != after.get("resolved"):
            parts.append(("resolved" if after.get("resolved") else "reopened") + f" a comment{on}")
        return "; ".join(parts) or f"changed a comment{on}", changes, about

    def _entity_or_event(self, target_id: str) -> str:
        if target_id in self.names.events:
            return f"the event {self._event_name(target_id)}"
        return self._entity_name(target_id)


_Described = tuple[str, list[FieldChange], str | None]


def document_history(
    entries_oldest_first: Iterable[AuditEntry], schema: AnnotationSchema, language: str = "en"
) -> list[HistoryLine]:
    """The lines of a document's trail, newest first (as the History tab shows them)."""
    return HistoryWriter(schema, language).lines(entries_oldest_first)[::-1]


def filter_lines(
    lines: Iterable[HistoryLine], who: str = "", what: str = "", since: str = "", until: str = ""
) -> list[HistoryLine]:
    """The lines by ``who`` about ``what`` (one of ``KINDS``) on days from ``since`` to
    ``until`` (ISO dates, inclusive); an empty criterion keeps every line."""
    return [
        line
        for line in lines
        if (not who or line.actor == who)
        and (not what or line.kind == what)
        and (not since or line.day >= since)
        and (not until or line.day <= until)
    ]


def history_csv(lines: Iterable[HistoryLine]) -> str:
    """The lines as CSV, one row per changed field (a line without fields is one row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for line in lines:
        head = [line.seq, line.at, line.actor, line.kind, line.sentence]
        if not line.changes:
            writer.writerow([*head, "", "", ""])
        for change in line.changes:
            writer.writerow([*head, change.field, change.before, change.after])
    return out.getvalue()


def write_history_csv(path: Path, lines: Iterable[HistoryLine]) -> int:
    """Write the CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese);
    returns the number of lines written; ``KnownError`` naming the file when it cannot be."""
    kept = list(lines)
    write_bytes_atomically(path, history_csv(kept).encode("utf-8-sig"))
    return len(kept)
