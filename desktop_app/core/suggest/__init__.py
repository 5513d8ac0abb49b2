"""Suggestions: spans the reviewer is offered to accept or reject, from small named
suggesters (schema patterns, defined terms, propagation, the corpus gazetteer, event triggers
with role fillers, an optional external recommender). Plain Python, no Qt; never annotations
until accepted."""

from __future__ import annotations

from desktop_app.core.suggest.engine import resolve_overlaps, suggest_document
from desktop_app.core.suggest.gazetteer import Gazetteer, build_gazetteer
from desktop_app.core.suggest.model import Suggestion, SuggestionKind

__all__ = [
    "Gazetteer",
    "Suggestion",
    "SuggestionKind",
    "build_gazetteer",
    "resolve_overlaps",
    "suggest_document",
]
