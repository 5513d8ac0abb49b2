"""The issuer's names at the top of a notice: the lines just above its place of incorporation
("(Incorporated in Bermuda with limited liability)", 「（於開曼群島註冊成立之有限公司）」) or its
stock code line ("(Stock Code: 2981)", 「（股份代號：1872）」).

Each name line (the English name, often in capitals, and the Chinese name) becomes a mention
of one COMPANY: the one a defined term or an annotation already gives either line, else one
named after the line written in mixed case.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from desktop_app.core.suggest.context import SuggestContext
from desktop_app.core.suggest.model import Suggestion, SuggestionKind

RULE = "heading:issuer"
_ANCHOR = re.compile(
    r"^[ \t]*[(（][ \t]*(?:Incorporated in\b[^\n]{0,80}?limited liability|於[^\n]{1,30}?註冊成立之"
    r"(?:股份)?有限公司|Stock Code|股份代號)[^\n]{0,40}$",
    re.MULTILINE | re.IGNORECASE,
)
_NAME_LINE = re.compile(
    r"^[A-Z0-9][\w&'.,()（） -]{2,118}?(?:Limited|LIMITED|Ltd\.?|LTD\.?|Inc\.?|INC\.?|Corporation|"
    r"CORPORATION|plc|PLC)\*?$|^[\u3400-\u9fff\U00020000-\U0003ffff（）()]{2,40}(?:有限公司|集團)\*?$"
)
_MAX_NAME_LINES = 3
_SEARCH_SPAN = 4000  # a heading is near the top of the notice


def _name_lines(text: str, anchor: int) -> list[tuple[int, int]]:
    """The name lines just above the line starting at ``anchor``, top first."""
    found: list[tuple[int, int]] = []
    end = anchor - 1
    while end > 0 and len(found) < _MAX_NAME_LINES:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if not line or _NAME_LINE.match(line) is None:
            break
        left = start + text[start:end].index(line)
        right = left + len(line.rstrip("*"))
        found.append((left, right))
        end = start - 1
    return found[::-1]


def suggest_heading(
    context: SuggestContext, found_before: list[Suggestion] | None = None
) -> Iterator[Suggestion]:
    """The issuer's name lines of the first heading; ``found_before`` (defined-term
    suggestions) tells which entity they name."""
    if context.schema.entity_type("COMPANY") is None:
        return
    text = context.text
    anchor = _ANCHOR.search(text, 0, min(len(text), _SEARCH_SPAN))
    if anchor is None:
        return
    spans = _name_lines(text, anchor.start())
    if not spans:
        return
    lines = [text[start:end] for start, end in spans]
    wanted = {line.upper() for line in lines}
    target = ""
    for start, end in spans:
        target = target or context.entity_at(start, end)
    for entity in context.entities:
        if target:
            break
        names = {entity.name, *(m.text for m in entity.mentions)}
        if entity.type == "COMPANY" and any(name.upper() in wanted for name in names):
            target = entity.id
    for suggestion in found_before or []:
        if target:
            break
        if suggestion.type == "COMPANY" and suggestion.text.upper() in wanted:
            target = suggestion.entity
    if not target:
        named = next((line for line in lines if not line.isupper()), lines[0])
        target = "name:" + named
    for (start, end), line in zip(spans, lines, strict=True):
        yield Suggestion(
            kind=SuggestionKind.MENTION,
            type="COMPANY",
            start=start,
            end=end,
            text=line,
            rule=RULE,
            entity=target,
            confidence=0.9,
        )
