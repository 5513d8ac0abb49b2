"""A computation asked to stop stops at the next suggester and gives nothing: the window asks
its worker to as it ends, so quitting never waits for a whole long document."""

from __future__ import annotations

import pytest

from desktop_app.core.suggest import engine, suggest_document

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
