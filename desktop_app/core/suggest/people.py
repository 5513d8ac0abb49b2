"""People named with an honorific ("Mr. Ho Ka Lok", 「周嘉恒先生」) and the signer of the closing
block ("By order of the Board / <issuer> / Ho Ka Lok / Chairman", 「承董事會命 … 主席 / 周嘉恒」).

The suggested span is the name without the honorific, as the schema asks; every suggestion of
one name joins one entity (``name:…``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from desktop_app.core.suggest.context import SuggestContext
from desktop_app.core.suggest.model import Suggestion, SuggestionKind
from desktop_app.core.suggest.scan import Closing, Scan

RULE = "person"
_ENGLISH = Scan(
    r"\b(?:Mr|Ms|Mrs|Miss|Dr|Prof|Professor|Madam)\.?\s+"
    r"(?P<name>[A-Z][a-z]+(?:[- ][A-Z][a-z]+){1,3})(?![A-Za-z])",
    first="MDP",
)
_CJK = "\u3400-\u9fff\U00020000-\U0003ffff"
# Found from the honorific: the two or three characters before it are the name.
_CHINESE = Closing(
    rf"(?P<name>[{_CJK}]{{2,3}})(?:先生|女士|博士|小姐|教授)", "先生|女士|博士|小姐|教授", reach=3
)
# Words that end a run before a name: 「執行董事周嘉恒先生」 names 周嘉恒.
_TITLES = ("董事", "主席", "會員", "總裁", "秘書", "成員")
_CLOSING = re.compile(r"(?:By order of the Board|承董事會命)[ \t]*\n")
_TITLE_LINE = re.compile(
    r"^(?:Chairman|Chairwoman|Chairperson|Executive Director|Director|Company Secretary|"
    r"Chief Executive Officer|主席|執行董事|董事|公司秘書|行政總裁)",
    re.IGNORECASE,
)
_NAME_LINE = re.compile(rf"^(?:[A-Z][a-z]+(?:[- ][A-Z][a-z]+){{1,4}}|[{_CJK}]{{2,4}})$")
_COMPANY_LINE = re.compile(r"(?:Limited|Ltd\.?|Inc\.?|Corporation|有限公司|集團)$")


def _suggestion(context: SuggestContext, start: int, end: int, rule: str) -> Suggestion:
    name = context.text[start:end]
    return Suggestion(
        kind=SuggestionKind.MENTION,
        type="PERSON",
        start=start,
        end=end,
        text=name,
        rule=rule,
        entity="name:" + name,
        confidence=0.8,
    )


def suggest_people(context: SuggestContext) -> Iterator[Suggestion]:
    if context.schema.entity_type("PERSON") is None:
        return
    text = context.text
    for _, _, match in _ENGLISH.finditer(text):
        yield _suggestion(context, match.start("name"), match.end("name"), f"{RULE}:honorific")
    for _, _, match in _CHINESE.finditer(text):
        start, end = match.start("name"), match.end("name")
        run = text[start:end]
        for title in _TITLES:
            cut = run.rfind(title)
            if cut >= 0:
                start += cut + len(title)
                run = text[start:end]
        if end - start >= 2:
            yield _suggestion(context, start, end, f"{RULE}:honorific")
    for match in _CLOSING.finditer(text):
        position = match.end()
        for _ in range(4):  # the issuer's name, the signer and the title, in either order
            line_end = text.find("\n", position)
            line_end = len(text) if line_end < 0 else line_end
            line = text[position:line_end].strip()
            if line and not _COMPANY_LINE.search(line) and not _TITLE_LINE.match(line):
                if _NAME_LINE.match(line):
                    start = text.index(line, position)
                    yield _suggestion(context, start, start + len(line), f"{RULE}:signer")
                break
            position = line_end + 1
