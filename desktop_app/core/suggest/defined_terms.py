"""Defined terms: ``Harbour Bridge Holdings Limited (the "Company")``, ``…有限公司（「本公司」``.

The name before the parenthesis and the short form inside become mentions of one entity, and
every later occurrence of the short form is suggested as a further mention of it. Only the
first term of a parenthesis belongs to the name before it (``(the "Company", together with its
subsidiaries, the "Group")``: the Group is something else). The entity type comes from an
existing annotation of the name, else from the name's form (a company suffix, an honorific, an
agreement word, a known authority); a term whose type cannot be told is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from desktop_app.core.suggest.context import SuggestContext
from desktop_app.core.suggest.model import Suggestion, SuggestionKind
from desktop_app.core.suggest.phrases import any_phrase, first_characters
from desktop_app.core.suggest.scan import Scan

RULE = "defined-term"

_ENGLISH = re.compile(r"\(\s*(?P<the>the\s+)?[\"“](?P<term>[^\"”\n]{1,60})[\"”]")
_CHINESE = re.compile(r"[（(]\s*「(?P<term>[^」\n]{1,30})」")
_ENGLISH_NAME = re.compile(r"((?:[A-Z][\w&'.-]*|of|and|the|de|\(\w+\))(?:[ ,]+|$))+$")
_CJK_NAME = re.compile(r"[\u3400-\u9fff\U00020000-\U0003ffff（）()]{2,30}$")
_LEADING_WORDS = re.compile(r"^(?:and|by|of|the|with|to|from|between|among|on|in)\s+")
_CJK_BREAKS = (
    "」）",
    "」)",
    "及",
    "與",
    "和",
    "之",
    "的",
    "由",
    "向",
    "於",
    "對",
    "為",
    "其",
    "將",
    "已",
    "並",
    "須",
    "而",
    "提請",
    "出售",
    "收購",
    "訂立",
    "簽訂",
    "委任",
    "同意",
    "連同",
    "附屬公司",
    "宣佈",
    "根據",
    "包括",
    "統稱",
)
_HONORIFICS = ("先生", "女士", "小姐", "博士", "醫生", "教授")
_ENGLISH_HONORIFIC = re.compile(r"^(?:Mr|Ms|Mrs|Miss|Dr|Prof|Madam)\.?\s+")
_COMPANY_ENDINGS = (
    "Limited",
    "Ltd",
    "Ltd.",
    "Inc.",
    "Inc",
    "Corporation",
    "plc",
    "PLC",
    "LLC",
    "有限公司",
    "股份有限公司",
    "集團",
)
_AUTHORITY_WORDS = (
    "Stock Exchange",
    "Securities and Futures Commission",
    "SFC",
    "聯交所",
    "聯合交易所",
    "證監會",
    "證券及期貨事務監察委員會",
    "Court",
    "法院",
)
# A defined body of rules ("the Listing Rules", 「上市規則」) is not an entity: references into
# it are (the rule_reference pattern finds them).
# A term that follows an amount or a date names it only when it says so.
_ADOPTED = {
    "DATE": re.compile(r"Period|Date|Year|Day|期|日"),
    "MONEY": re.compile(r"Price|Consideration|Amount|Proceeds|Cap|價|代價|金額|款"),
}
_RULE_BODY_WORDS = ("Rules", "Code", "Ordinance", "規則", "守則", "條例")
_ORGANISATION_WORDS = (
    "Institute",
    "University",
    "Hospital",
    "Association",
    "Foundation",
    "研究院",
    "大學",
    "醫院",
    "協會",
    "基金會",
)
_SECURITY_WORDS = ("Shares", "Bonds", "Notes", "Warrants", "Securities", "股份", "債券", "認股權證")
_AGREEMENT_WORDS = ("Agreement", "MOU", "Memorandum", "Deed", "協議", "備忘錄", "契據", "合同")


@dataclass(frozen=True)
class Definition:
    """One defined term and what it names."""

    type: str
    name: str  # the entity's name: the full name before the parenthesis
    name_start: int
    name_end: int
    term: str  # the short form as later text writes it ("the Company", 「本公司」)
    term_start: int  # the quoted term inside the parenthesis
    term_end: int
    defined_at: int  # where the parenthesis ends: later occurrences are after it


def _any_of(words: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    """Whether a text holds one of ``words`` anywhere (one search, not one per word)."""
    return re.compile("|".join(re.escape(word) for word in words)).search


_HAS_RULE_BODY_WORD = _any_of(_RULE_BODY_WORDS)
_HAS_AUTHORITY_WORD = _any_of(_AUTHORITY_WORDS)
_HAS_AGREEMENT_WORD = _any_of(_AGREEMENT_WORDS)
_HAS_ORGANISATION_WORD = _any_of(_ORGANISATION_WORDS)
_HAS_SECURITY_WORD = _any_of(_SECURITY_WORDS)


def _type_of(name: str, term: str, known: str) -> str:
    if known:
        return known
    if _HAS_RULE_BODY_WORD(term):
        return ""
    if _HAS_AUTHORITY_WORD(name) or _HAS_AUTHORITY_WORD(term):
        return "AUTHORITY"
    if _HAS_AGREEMENT_WORD(term):
        return "AGREEMENT"
    if name.endswith(_COMPANY_ENDINGS):
        return "COMPANY"
    if _HAS_ORGANISATION_WORD(name) or _HAS_ORGANISATION_WORD(term):
        return "ORGANIZATION"
    if _HAS_SECURITY_WORD(term):
        return "SECURITY"
    if name.endswith(_HONORIFICS) or _ENGLISH_HONORIFIC.match(name):
        return "PERSON"
    return ""


_ARTICLE_PHRASE = re.compile(r"\b(?:a|an|the)\s+(?P<phrase>[a-z][\w -]{2,60}?)\s*$")


def _described_thing(text: str, paren: int) -> tuple[int, int] | None:
    """``a memorandum of understanding (the "MOU")``: the phrase after the last article."""
    match = _ARTICLE_PHRASE.search(text, max(0, paren - 70), paren)
    return None if match is None else (match.start("phrase"), match.end("phrase"))


def _english_name(text: str, paren: int) -> tuple[int, int] | None:
    end = paren
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    window_start = max(0, end - 120)
    window = text[window_start:end]
    line_start = window.rfind("\n") + 1
    match = _ENGLISH_NAME.search(window, line_start)
    if match is None:
        return None
    start = window_start + match.start()
    name = text[start:end]
    while (lead := _LEADING_WORDS.match(name)) is not None:
        start += lead.end()
        name = text[start:end]
    name = name.rstrip(" ,")
    if not name or not name[0].isupper():
        return None
    return start, start + len(name)


def _chinese_name(text: str, paren: int) -> tuple[int, int, bool] | None:
    """The name ending at ``paren`` and whether an honorific (先生, 女士…) followed it."""
    window_start = max(0, paren - 30)
    match = _CJK_NAME.search(text, window_start, paren)
    if match is None:
        return None
    start = match.start()
    # The run may hold the end of an earlier definition or the words before the name: cut
    # after the last of them ("…須提請香港聯合交易所有限公司" names the Exchange).
    run = text[start:paren]
    cut = max(
        (run.rfind(word) + len(word) for word in _CJK_BREAKS if word in run),
        default=0,
    )
    start += cut
    end = paren
    honorific = False
    for word in _HONORIFICS:
        if text.endswith(word, start, end) and end - start > len(word) + 1:
            end -= len(word)
            honorific = True
            break
    return (start, end, honorific) if end - start >= 2 else None


def find_definitions(
    context: SuggestContext, found_before: list[Suggestion] | None = None
) -> list[Definition]:
    """Every defined term of the text whose name and type can be told. ``found_before``
    (pattern suggestions) names what a term stands for when it follows one:
    ``the six months ended 30 June 2025 (the "Period")``."""
    text = context.text
    before: dict[int, tuple[int, int]] = {}
    known_types: dict[tuple[int, int], str] = {}
    for suggestion in found_before or []:
        if suggestion.type not in _ADOPTED:
            continue
        paren = suggestion.end
        while paren < len(text) and text[paren] in " \t":
            paren += 1
        before[paren] = (suggestion.start, suggestion.end)
        known_types[(suggestion.start, suggestion.end)] = suggestion.type
    found: list[Definition] = []
    for pattern, chinese in ((_ENGLISH, False), (_CHINESE, True)):
        for match in pattern.finditer(text):
            paren = match.start()
            honorific = False
            if chinese and paren in before:
                name_start, name_end = before[paren]
            elif chinese:
                found_name = _chinese_name(text, paren)
                if found_name is None:
                    continue
                name_start, name_end, honorific = found_name
            else:
                span = before.get(paren) or _english_name(text, paren)
                if span is None:
                    span = _described_thing(text, paren)
                if span is None:
                    # "existing shares of HK$0.10 each (the "Existing Shares")": the term is
                    # all the name there is; only its later uses are suggested.
                    span = (-1, -1)
                name_start, name_end = span
            known = context.type_of_span(name_start, name_end) or known_types.get(
                (name_start, name_end), ""
            )
            term = match.group("term").strip()
            adopted = (name_start, name_end) in known_types
            if adopted and not _ADOPTED[known_types[(name_start, name_end)]].search(term):
                # "June 5, 2025 (the "Repurchase Mandate")": the term is not the date.
                span = _english_name(text, paren) or (-1, -1)
                name_start, name_end = span
                known = context.type_of_span(name_start, name_end)
            name = text[name_start:name_end] if name_start >= 0 else term
            entity_type = "PERSON" if honorific and not known else _type_of(name, term, known)
            if entity_type == "SECURITY" and not known:
                # "ordinary shares … of the Company (the "Shares")": the words before are a
                # description, not a name; the term is what later text uses.
                name_start = name_end = -1
                name = term
            if not entity_type or context.schema.entity_type(entity_type) is None:
                continue
            the = "" if chinese or not match.group("the") else "the "
            found.append(
                Definition(
                    type=entity_type,
                    name=_ENGLISH_HONORIFIC.sub("", name),
                    name_start=name_start,
                    name_end=name_end,
                    term=the + term,
                    term_start=match.start("term"),
                    term_end=match.start("term") + len(term),
                    defined_at=match.end(),
                )
            )
    return found


def _term_key(term: str) -> tuple[str, str]:
    """How a term's uses are found: (kind, bare form)."""
    if term.startswith("the "):
        return "article", term[4:]
    return ("latin" if term[:1].isascii() else "cjk"), term


_USE_PATTERNS = {
    # "the Company", "The Company"; bare where the text has no article ("2,000 Existing Shares")
    "article": (r"(?:\b[Tt]he )?(?<![\w\"“])(?P<bare>", r")(?![\w\"”])", "Tt"),
    "latin": (r"(?<![\w\"“])(?P<bare>", r")(?![\w\"”])", ""),
    "cjk": (r"(?<!「)(?P<bare>", r")(?!」)", ""),
}


def _term_uses(text: str, definitions: list[Definition]) -> Iterator[tuple[Definition, int, int]]:
    """Each later use of every term, found in one pass per kind of term (not one per term:
    a long document has hundreds), each credited to the latest definition before it."""
    grouped: dict[str, dict[str, list[Definition]]] = {}
    for definition in definitions:
        kind, bare = _term_key(definition.term)
        grouped.setdefault(kind, {}).setdefault(bare, []).append(definition)
    for kind, by_bare in grouped.items():
        head, tail, article = _USE_PATTERNS[kind]
        first = re.escape(article) + first_characters(by_bare)
        for start, end, match in Scan(head + any_phrase(by_bare) + tail, first).finditer(text):
            candidates = by_bare[match.group("bare")]
            earlier = [d for d in candidates if d.defined_at <= start]
            if earlier:
                yield earlier[-1], start, end


def _name_uses(text: str, definitions: list[Definition]) -> Iterator[tuple[Definition, int, int]]:
    """Each name where it is defined and wherever else it appears, also in capitals (the
    heading's "HARBOUR BRIDGE HOLDINGS LIMITED"), in one pass for all names."""
    by_form: dict[str, Definition] = {}
    for definition in definitions:
        if definition.name_start < 0:
            continue
        yield definition, definition.name_start, definition.name_end
        name = text[definition.name_start : definition.name_end]
        if name == definition.term:
            continue  # 「訂立買賣協議（「買賣協議」）」: its uses are the term's
        for form in (name, name.upper()):
            if len(form) >= 4:
                by_form.setdefault(form, definition)
    if not by_form:
        return
    starts = {d.name_start for d in definitions}
    names = Scan(any_phrase(by_form, whole_words=True), first_characters(by_form))
    for start, end, _ in names.finditer(text):
        if start not in starts:
            yield by_form[text[start:end]], start, end


def suggest_defined_terms(
    context: SuggestContext, found_before: list[Suggestion] | None = None
) -> Iterator[Suggestion]:
    """The name, the term where it is defined, and every later use of the term."""
    text = context.text
    targets = {(item.start, item.end): item.entity for item in found_before or []}
    definitions = find_definitions(context, found_before)
    target_of: dict[int, str] = {}
    for definition in definitions:
        span = (definition.name_start, definition.name_end)
        target_of[id(definition)] = (
            context.entity_at(*span) or targets.get(span) or ("name:" + definition.name)
        )
    uses: list[tuple[Definition, int, int, str]] = [
        (d, start, end, f"{RULE}:name") for d, start, end in _name_uses(text, definitions)
    ]
    for definition in definitions:
        if not definition.term[:1].isascii():
            # 「本公司」 is itself a use of the term; an English quoted "Company" is not.
            uses.append((definition, definition.term_start, definition.term_end, f"{RULE}:term"))
        elif definition.name_start < 0:
            # ordinary shares … (the "Shares"): with no name before it, the quoted term is
            # where the entity is first named.
            uses.append((definition, definition.term_start, definition.term_end, f"{RULE}:quoted"))
    uses += [(d, start, end, RULE) for d, start, end in _term_uses(text, definitions)]
    for definition, start, end, rule in uses:
        yield Suggestion(
            kind=SuggestionKind.MENTION,
            type=definition.type,
            start=start,
            end=end,
            text=text[start:end],
            rule=rule,
            entity=target_of[id(definition)],
            confidence=0.9,
        )
