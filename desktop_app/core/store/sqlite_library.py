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

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

_STOOD_IN = ("click", "dateutil.parser", "sqlite_utils.hookspecs", "sqlite_utils.plugins")


class _OnFirstUse:
    """An attribute of a stood-in module: imports the real module when called or looked into."""

    def __init__(self, module: str, attribute: str) -> None:
        self._module = module
        self._attribute = attribute

    def _target(self) -> Any:
        return getattr(importlib.import_module(self._module), self._attribute)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target(), name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._target()(*args, **kwargs)


class _StandIn(ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            if sys.modules.get(self.__name__) is self:  # still importing sqlite-utils
                raise AttributeError(name)
            return getattr(importlib.import_module(self.__name__), name)
        return _OnFirstUse(self.__name__, name)


@contextmanager
def _stood_in() -> Iterator[None]:
    installed = [name for name in _STOOD_IN if name not in sys.modules]
    for name in installed:
        sys.modules[name] = _StandIn(name)
    try:
        yield
    finally:
        for name in installed:
            if isinstance(sys.modules.get(name), _StandIn):
                del sys.modules[name]


def import_lean() -> ModuleType:
    """``sqlite_utils``, imported now without click, pluggy and dateutil if it is not yet."""
    if "sqlite_utils" not in sys.modules:
        with _stood_in():
            importlib.import_module("sqlite_utils")
    return sys.modules["sqlite_utils"]


import_lean()
