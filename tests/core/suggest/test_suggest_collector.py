"""Suggesting pauses Python's cycle collector only when it runs on the main thread: the
collector is the whole process's, and the window suggests on a background thread while the
reviewer keeps working (and while the window's own start-up pause comes and goes)."""

from __future__ import annotations

import gc
import threading

import pytest

from desktop_app.core.suggest import engine, suggest_document

TEXT = "Harbour Bridge Holdings Limited repurchased 1,240,000 Shares on 16 September 2025."


@pytest.fixture
def collector_seen(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the collector was on while the patterns ran, once per suggest."""
    seen: list[bool] = []
    original = engine.suggest_patterns

    def watched(context):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return original(context)

    monkeypatch.setattr(engine, "suggest_patterns", watched)
    return seen


def test_on_the_main_thread_the_collector_waits_and_comes_back(hk_schema, collector_seen):
    assert gc.isenabled()
    found = suggest_document(TEXT, hk_schema)
    assert found  # the amount and the date at least
    assert collector_seen == [False]
    assert gc.isenabled()


def test_a_background_suggest_leaves_the_collector_alone(hk_schema, collector_seen):
    results: list[int] = []
    worker = threading.Thread(target=lambda: results.append(len(suggest_document(TEXT, hk_schema))))
    worker.start()
    worker.join()
    assert results and results[0] > 0
    assert collector_seen == [True]  # never switched off for the rest of the process
    assert gc.isenabled()
