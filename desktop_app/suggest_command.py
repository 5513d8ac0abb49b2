"""``annotator suggest``: print the suggestions the engine would make, one JSON object per line,
changing nothing.

Each line: ``document``, ``kind``, ``type``, ``start``, ``end``, ``text``, ``entity`` (the
entity id or the name / value it would join), ``rule``, ``confidence`` and, for mentions with
typed values, ``attributes``. Without document ids it covers every document.
``--recommender URL`` adds the spans an external recommender proposes (protocol in the README).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.store import Store
    from desktop_app.core.suggest import Suggestion
    from desktop_app.core.suggest.context import SuggestContext

EXIT_OK = 0
_SHARED_GAZETTEER_FROM = 50  # documents: above this, one corpus-wide gazetteer serves them all


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    suggest = commands.add_parser(
        "suggest", help="print the suggestions for documents (one JSON object a line)"
    )
    suggest.add_argument("documents", nargs="*", metavar="DOCUMENT_ID")
    suggest.add_argument(
        "--json", action="store_true", help="one JSON object per line (the only format)"
    )
    suggest.add_argument("--recommender", metavar="URL", help="also ask this recommender")


def _recommender(
    url: str | None, store: Store, document_id: str
) -> Callable[[SuggestContext], Iterable[Suggestion]] | None:
    if not url:
        return None
    from desktop_app.core.suggest.recommender import ask_recommender

    def ask(context: SuggestContext) -> Iterable[Suggestion]:
        return ask_recommender(url, document_id, context.text, store.schema).suggestions

    return ask


def print_suggestions(store: Store, args: argparse.Namespace) -> int:
    document_ids = list(args.documents) or store.document_ids()
    for document_id in document_ids:
        store.document_info(document_id)  # an unknown id is refused before anything is printed
    shared = store.gazetteer(None) if len(document_ids) >= _SHARED_GAZETTEER_FROM else None
    for document_id in document_ids:
        suggestions = store.compute_suggestions(
            document_id,
            gazetteer=shared or store.gazetteer(document_id),
            extra=_recommender(args.recommender, store, document_id),
        )
        for suggestion in suggestions:
            line: dict[str, object] = {
                "document": document_id,
                "kind": suggestion.kind.value,
                "type": suggestion.type,
                "start": suggestion.start,
                "end": suggestion.end,
                "text": suggestion.text,
                "entity": suggestion.entity,
                "rule": suggestion.rule,
                "confidence": suggestion.confidence,
            }
            if suggestion.attributes and suggestion.kind.value == "mention":
                line["attributes"] = suggestion.attributes
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    return EXIT_OK
