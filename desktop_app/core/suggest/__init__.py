"""Suggestions: spans the reviewer is offered to accept or reject, from small named
suggesters (schema patterns, defined terms, propagation, the corpus gazetteer, event triggers
with role fillers, an optional external recommender). Plain Python, no Qt; never annotations
until accepted.

``Suggestion`` and ``SuggestionKind`` are light and imported at once; the suggesters
(``suggest_document``, ``resolve_overlaps``) and the gazetteer load the first time they are
asked for: the window shows stored suggestions long before it computes any, and the suggesters
(their patterns compiled as they load) were a noticeable part of every start."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from desktop_app.core.suggest.model import Suggestion, SuggestionKind

if TYPE_CHECKING:
    from desktop_app.core.suggest.engine import resolve_overlaps, suggest_document
    from desktop_app.core.suggest.gazetteer import Gazetteer, build_gazetteer

__all__ = [
    "Gazetteer",
    "Suggestion",
    "SuggestionKind",
    "build_gazetteer",
    "resolve_overlaps",
    "suggest_document",
]

_LOADED_ON_USE = {
    "resolve_overlaps": "engine",
    "suggest_document": "engine",
    "Gazetteer": "gazetteer",
    "build_gazetteer": "gazetteer",
}


def __getattr__(name: str) -> Any:
    module = _LOADED_ON_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
