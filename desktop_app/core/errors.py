"""Error kinds: problems the user or the environment caused versus defects in our code.

A ``KnownError`` is shown to the user as a message (status bar, dialog, CLI stderr) and never
as a traceback; anything else is a bug and is reported as one.
"""

from __future__ import annotations


class KnownError(Exception):
    """A problem the user can understand and act on: bad file, locked database, invalid input."""


class StoreError(KnownError):
    """The database could not be opened, read or written."""


class NewerDatabaseError(StoreError):
    """The database was written by a newer version of the application."""


class SchemaError(KnownError):
    """An annotation schema file is malformed or inconsistent."""


class ImportProblem(KnownError):
    """A file could not be imported; the message names the file and the reason."""


class EditRefused(KnownError):
    """An edit was refused: it would break the data (bad span, wrong type, locked document)."""


class BundleInvalid(KnownError):
    """A bundle failed validation; ``problems`` lists every problem found."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


class StaleEdit(EditRefused):
    """Someone (another window, process or reviewer) changed the row since this edit was based
    on it: refused so their work is never overwritten. The message names who and when."""
