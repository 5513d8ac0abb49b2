"""Opening the working set for a run: the database, its schema and who is editing.

Shared by the CLI and the window so both open files, pick the schema and name the reviewer
in the same way.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import platformdirs

from desktop_app import APP_ID
from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import AnnotationSchema, load_schema
from desktop_app.core.store import Store, open_store
from desktop_app.core.team.location import is_team_url

REVIEWER_KEY = "reviewer"


def default_database_path() -> Path:
    """The user's database: kept in the per-user data folder, outside the install folder."""
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False)) / "annotations.db"


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USERNAME", "reviewer")


def open_session(
    database: Path | str | None = None,
    schema_path: Path | None = None,
    *,
    password: str | None = None,
) -> Store:
    """The store at ``database``: a file path (default: the user's database) or a team
    database's ``postgresql://`` URL, where the actor is the login itself."""
    schema: AnnotationSchema = load_schema(schema_path or default_schema_path())
    if isinstance(database, str) and is_team_url(database):
        from desktop_app.core.team.team_store import open_team_store

        return open_team_store(database, schema, password=password)
    path = Path(database) if database is not None else default_database_path()
    if database is None:
        path.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(path, schema, actor=os_user())
    store.actor = store.meta(REVIEWER_KEY) or store.actor
    return store
