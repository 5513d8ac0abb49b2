"""A suggestion: a span the engine thinks should be annotated, with the rule that found it.

Suggestions are plain data kept apart from annotations: they are never exported, and become
annotations only when a reviewer accepts them. Offsets count code points, like everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from desktop_app.core.models import Attributes


class SuggestionKind(StrEnum):
    MENTION = "mention"  # a new entity, or another mention of an existing one
    TRIGGER = "trigger"  # an event's trigger words
    ROLE = "role"  # an entity proposed to fill a role of a suggested event (lower confidence)


@dataclass(slots=True)
class Suggestion:
    """``type`` is an entity type (mentions) or an event type (triggers, ``Type.Role`` for
    roles). ``entity`` names what the mention would join: an existing entity's id, or the
    defined term / name (``term:the Company``) of an entity not yet made. ``rule`` says which
    suggester made it, e.g. ``pattern:money``, ``defined-term``, ``propagation``.

    Not changed once made, though not frozen: a 2 MB document makes 100,000 of them, and a
    frozen dataclass takes three times as long to build (each field is set through
    ``object.__setattr__``)."""

    kind: SuggestionKind
    type: str
    start: int
    end: int
    text: str
    rule: str
    entity: str = ""
    attributes: Attributes = field(default_factory=dict)
    confidence: float = 0.9

    @property
    def key(self) -> tuple[str, int, int]:
        """What a decision (accept, reject) is remembered by: type and span."""
        return (self.type, self.start, self.end)

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end
