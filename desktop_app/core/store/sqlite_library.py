"""sqlite-utils imported without its command line and plugin machinery.

Importing sqlite-utils imports click (its command line), pluggy (its plugin hooks) and
dateutil's parser (a CSV type-guessing recipe): about 170 ms of every start, none of it used by
the store, which opens its connections with ``execute_plugins=False``. Importing this module
imports sqlite-utils with those four modules stood in for: sqlite-utils keeps the stand-ins,
whose attributes import the real module the first time they are called or looked into (it
only uses click and the parser inside functions). The stand-ins are taken out of
``sys.modules`` straight after, so any other ``import click`` gets the real one.
"""

from __future__ import annotations

from types import ModuleType

from desktop_app.core.lean_imports import imported_without

_STOOD_IN = ("click", "dateutil.parser", "sqlite_utils.hookspecs", "sqlite_utils.plugins")


def import_lean() -> ModuleType:
    """``sqlite_utils``, imported now without click, pluggy and dateutil if it is not yet."""
    return imported_without("sqlite_utils", _STOOD_IN)


import_lean()
