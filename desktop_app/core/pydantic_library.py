"""pydantic imported without its plugin search.

Before it builds its first model, pydantic looks for plugins: the entry points of every
installed distribution, read through ``importlib.metadata``, which it imports for that alone
(about 20 ms of every start, the search included). The application's models must validate the
same whatever else happens to be installed beside it, so plugins are off
(``PYDANTIC_DISABLE_PLUGINS``, pydantic's own switch, set in ``desktop_app/__init__.py`` unless
the environment sets it), and with them off pydantic never calls into ``importlib.metadata``:
``import_lean`` imports pydantic with it stood in for (``lean_imports``), so it loads only if
someone does use it.
"""

from __future__ import annotations

from desktop_app.core.lean_imports import imported_without

# Where pydantic 2 imports ``importlib.metadata`` (from its first model build, not its import).
_PLUGIN_LOADER = "pydantic.plugin._loader"


def import_lean() -> None:
    """pydantic's plugin loader, imported now without ``importlib.metadata`` if it is not yet.
    A pydantic that keeps its loader elsewhere is simply imported as usual, later."""
    try:
        imported_without(_PLUGIN_LOADER, ("importlib.metadata",))
    except ModuleNotFoundError as error:
        if error.name != _PLUGIN_LOADER:
            raise
