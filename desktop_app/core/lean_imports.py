"""Libraries imported without machinery the application never uses, which would otherwise cost
a noticeable part of every start.

``imported_without(module, stood_in)`` imports ``module`` with the modules named in
``stood_in`` replaced by stand-ins. The library keeps the stand-ins, whose attributes import
the real module the first time they are called or looked into, so a library that does use one
inside a function still gets the real thing. The stand-ins are taken out of ``sys.modules``
straight after, so any other import of those modules gets the real one.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any


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
            if sys.modules.get(self.__name__) is self:  # still importing the library
                raise AttributeError(name)
            return getattr(importlib.import_module(self.__name__), name)
        return _OnFirstUse(self.__name__, name)


@contextmanager
def _stood_in(names: Iterable[str]) -> Iterator[None]:
    installed = [name for name in names if name not in sys.modules]
    for name in installed:
        sys.modules[name] = _StandIn(name)
    try:
        yield
    finally:
        for name in installed:
            if isinstance(sys.modules.get(name), _StandIn):
                del sys.modules[name]


def imported_without(module: str, stood_in: Iterable[str]) -> ModuleType:
    """``module``, imported now with ``stood_in`` stood in for if it is not imported yet."""
    if module not in sys.modules:
        with _stood_in(stood_in):
            importlib.import_module(module)
    return sys.modules[module]
