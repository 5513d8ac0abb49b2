"""Fixtures for the suggestion tests: the shipped schema (its patterns and trigger words are
what is tested) and a store under it on a temporary file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import AnnotationSchema, load_schema
from desktop_app.core.store import Store, open_store


@pytest.fixture(scope="session")
def hk_schema() -> AnnotationSchema:
    return load_schema(default_schema_path())


@pytest.fixture
def hk_store(
    tmp_path: Path, hk_schema: AnnotationSchema, engine: str, request: pytest.FixtureRequest
) -> Iterator[Store]:
    """A store under the shipped schema: a file, or (``BOTH_ENGINES`` modules) a team
    database as ``alice``."""
    if engine == "sqlite":
        store = open_store(tmp_path / "work.db", hk_schema, actor="alice")
    else:
        database = request.getfixturevalue("team_copies")()
        store = request.getfixturevalue("member_store")(database, "alice", hk_schema)
    yield store
    store.close()
