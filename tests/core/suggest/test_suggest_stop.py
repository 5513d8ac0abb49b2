"""A computation asked to stop stops at the next suggester and gives nothing: the window asks
its worker to as it ends, so quitting never waits for a whole long document."""

from __future__ import annotations

import pytest

from desktop_app.core.models import Entity, Mention
from desktop_app.core.suggest import engine, suggest_document
from desktop_app.core.suggest.context import SuggestContext
from desktop_app.core.suggest.propagation import suggest_propagation

TEXT = "Harbour Bridge Holdings Limited repurchased 1,240,000 Shares on 16 September 2025.\n"


def test_a_stop_before_the_later_suggesters_skips_them_and_gives_nothing(
    hk_schema, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[str] = []
    for name in ("suggest_people", "suggest_propagation", "suggest_triggers"):
        original = getattr(engine, name)

        def watched(*args, _name=name, _original=original, **kwargs):  # type: ignore[no-untyped-def]
            ran.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(engine, name, watched)
    assert suggest_document(TEXT, hk_schema)  # something to find when not stopped
    ran.clear()
    assert suggest_document(TEXT, hk_schema, stop=lambda: True) == []
    assert ran == []


def test_a_stop_that_never_comes_changes_nothing(hk_schema) -> None:
    assert suggest_document(TEXT, hk_schema, stop=lambda: False) == suggest_document(
        TEXT, hk_schema
    )


def test_propagation_stops_between_forms_when_asked(hk_schema) -> None:
    """Each form scans the whole text: on a document of thousands of entities propagation
    alone runs for minutes, so it asks between forms rather than only when it ends."""
    names = [f"Company {chr(65 + index)}{chr(65 + index)} Limited" for index in range(20)]
    text = " ".join(names) + ". " + " ".join(names) + "."
    entities = [
        Entity(
            id=f"e{index}",
            type="COMPANY",
            name=name,
            mentions=[
                Mention(
                    id=f"m{index}",
                    start=text.index(name),
                    end=text.index(name) + len(name),
                    text=name,
                )
            ],
        )
        for index, name in enumerate(names)
    ]
    everything = list(suggest_propagation(SuggestContext(text, hk_schema, entities)))
    assert {s.entity for s in everything} == {e.id for e in entities}
    asked: list[int] = []

    def stop_after_three() -> bool:
        asked.append(1)
        return len(asked) > 3

    stopped = list(
        suggest_propagation(SuggestContext(text, hk_schema, entities, stop=stop_after_three))
    )
    assert {s.entity for s in stopped} == {"e0", "e1", "e2"}
    assert len(asked) == 4  # nothing asked, and nothing scanned, after the stop
