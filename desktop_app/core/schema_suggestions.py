"""What a schema declares for suggestions: text patterns per entity type and trigger words per
event type.

An entity type lists ``patterns``: each names a built-in recogniser (``money``, ``percent``,
``date``, ``share_quantity``, ``stock_code``, ``rule_reference``) that also fills the type's
typed attributes, or gives a regular expression of its own. An event type lists
``trigger_words`` (English and Chinese) that suggest it. Both are optional: a schema without
them simply gets no pattern or trigger suggestions.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Recogniser = Literal[
    "money", "percent", "date", "duration", "share_quantity", "stock_code", "rule_reference"
]
RECOGNISERS: tuple[str, ...] = (
    "money",
    "percent",
    "date",
    "duration",
    "share_quantity",
    "stock_code",
    "rule_reference",
)


class PatternSpec(BaseModel):
    """One way of finding mentions of an entity type in text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_.-]*$", description="shown as the suggestion's rule")
    recogniser: Recogniser | None = None
    regex: str = ""
    description: str = ""

    @model_validator(mode="after")
    def _one_source(self) -> PatternSpec:
        if (self.recogniser is None) == (not self.regex):
            raise ValueError(f"pattern {self.name!r} needs exactly one of 'recogniser' or 'regex'")
        if self.regex:
            try:
                re.compile(self.regex)
            except re.error as error:
                raise ValueError(f"pattern {self.name!r}: bad regex ({error})") from None
        return self
