"""Names from the rest of the corpus only add suggestions: when they cannot be read (a lost
connection, a locked file), the document's own suggestions are still made, and the names are
read again the next time."""

from __future__ import annotations

from desktop_app.core.errors import StoreError
from desktop_app.core.suggest import Gazetteer
from desktop_app.ui.actions.suggestion_worker import CorpusNames


def test_unreadable_corpus_names_give_an_empty_gazetteer_and_are_tried_again() -> None:
    attempts: list[int] = []
    good = Gazetteer()

    def read() -> Gazetteer:
        attempts.append(1)
        if len(attempts) == 1:
            raise StoreError("the connection to the team database was lost")
        return good

    names = CorpusNames(read)
    first = names.get()
    assert first is not good and not first.names
    assert names.get() is good
    assert names.get() is good and len(attempts) == 2
