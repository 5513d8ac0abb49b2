"""The corpus as gazetteer: entities annotated in other documents (issuers, directors,
authorities, by name, name in the other language and identifier) are suggested in new ones.

Only naming types are gathered (not amounts or dates, which patterns find), and only full
names: short forms such as "the Company" or 「本公司」 mean another entity in each document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from desktop_app.core.suggest.context import SuggestContext
from desktop_app.core.suggest.model import Suggestion, SuggestionKind
from desktop_app.core.suggest.phrases import any_phrase, first_characters
from desktop_app.core.suggest.scan import Scan

RULE = "gazetteer"
NAMING_TYPES = frozenset({"COMPANY", "PERSON", "AUTHORITY", "ORGANIZATION"})
_GENERIC = re.compile(r"^(?:the|The)\s|^本|^該")


@dataclass(frozen=True)
class KnownName:
    type: str
    name: str  # the entity's name, which a new entity made from this suggestion takes
    identifier: str | None = None


@dataclass
class Gazetteer:
    """Names from other documents, by the phrase that finds them."""

    names: dict[str, KnownName] = field(default_factory=dict)
    _pattern: Scan | None = None
    # A phrase found in a single document, by that document: a corpus-wide gazetteer is read
    # once and then serves every document, leaving out phrases only the open one has.
    _single_source: dict[str, str | None] = field(default_factory=dict)

    def add(self, phrase: str, known: KnownName, document_id: str | None = None) -> None:
        phrase = phrase.strip()
        too_short = len(phrase) < (3 if not phrase[:1].isascii() else 5)
        if too_short or _GENERIC.match(phrase):
            return
        if phrase in self.names:
            if self._single_source.get(phrase) != document_id:
                self._single_source[phrase] = None  # seen in two documents
            return
        self.names[phrase] = known
        self._single_source[phrase] = document_id
        self._pattern = None

    def only_in(self, phrase: str, document_id: str) -> bool:
        """Whether ``phrase`` was gathered from ``document_id`` and no other document."""
        return self._single_source.get(phrase) == document_id

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        """The spans of every known name in ``text`` (the longest where names overlap)."""
        if not self.names:
            return
        if self._pattern is None:
            self._pattern = Scan(
                any_phrase(self.names, whole_words=True), first_characters(self.names)
            )
        for start, end, _ in self._pattern.finditer(text):
            yield start, end


def build_gazetteer(
    rows: Iterable[tuple[str, str, str | None, str | None, list[str]]],
) -> Gazetteer:
    """From ``(type, name, identifier, alt_name, mention texts)`` of other documents' entities."""
    gazetteer = Gazetteer()
    for type_id, name, identifier, alt_name, mentions in rows:
        if type_id not in NAMING_TYPES:
            continue
        known = KnownName(type=type_id, name=name, identifier=identifier)
        for phrase in [name, alt_name or "", *mentions]:
            if phrase:
                gazetteer.add(phrase, known)
    return gazetteer


def build_corpus_gazetteer(
    rows: Iterable[tuple[str, str, str | None, str | None, str]],
    mentions: Iterable[tuple[str, str, str | None, str, str]],
) -> Gazetteer:
    """From every document's ``(type, name, identifier, alt_name, document)`` and mention
    ``(type, name, identifier, text, document)``: one gazetteer for the whole corpus."""
    gazetteer = Gazetteer()
    for type_id, name, identifier, alt_name, document_id in rows:
        if type_id in NAMING_TYPES:
            known = KnownName(type=type_id, name=name, identifier=identifier)
            for phrase in (name, alt_name or ""):
                if phrase:
                    gazetteer.add(phrase, known, document_id)
    for type_id, name, identifier, text, document_id in mentions:
        if type_id in NAMING_TYPES and text:
            gazetteer.add(text, KnownName(type_id, name, identifier), document_id)
    return gazetteer


def suggest_from_gazetteer(context: SuggestContext, gazetteer: Gazetteer) -> Iterator[Suggestion]:
    for start, end in gazetteer.finditer(context.text):
        phrase = context.text[start:end]
        known = gazetteer.names[phrase]
        if context.schema.entity_type(known.type) is None:
            continue
        yield Suggestion(
            kind=SuggestionKind.MENTION,
            type=known.type,
            start=start,
            end=end,
            text=phrase,
            rule=RULE,
            entity="name:" + known.name,
            confidence=0.75,
        )
