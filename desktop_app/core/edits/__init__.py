"""Every user edit as a plain object with its exact inverse, and the undo history over them.

No Qt here: the window's undo and redo, scripts and tests all run the same edits through
``EditHistory``.
"""

from __future__ import annotations

from desktop_app.core.edits.annotation_edits import (
    AddArgument,
    AddMention,
    CreateEntity,
    CreateEvent,
    DeleteEntity,
    DeleteEvent,
    FillRoleWithNewEntity,
    RemoveArgument,
    RemoveMention,
    UpdateEntity,
    UpdateEvent,
)
from desktop_app.core.edits.history import Edit, EditHistory, Versions
from desktop_app.core.edits.review_edits import (
    AddComment,
    Reopen,
    ResolveComment,
    SetDocumentField,
    SetFlag,
    SetStatus,
)

__all__ = [
    "AddArgument",
    "AddComment",
    "AddMention",
    "CreateEntity",
    "CreateEvent",
    "DeleteEntity",
    "DeleteEvent",
    "Edit",
    "EditHistory",
    "FillRoleWithNewEntity",
    "RemoveArgument",
    "RemoveMention",
    "Reopen",
    "ResolveComment",
    "SetDocumentField",
    "SetFlag",
    "SetStatus",
    "UpdateEntity",
    "UpdateEvent",
    "Versions",
]
