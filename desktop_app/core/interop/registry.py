"""The interchange formats by name: which can be written, which read, and how.

Names are those of ``annotator export --format`` and ``annotator import-annotations
--format``; the window's menus list the same entries. Registering a name twice is an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.errors import KnownError
from desktop_app.core.interop.base import Exporter, Importer


@dataclass(frozen=True)
class Format:
    name: str
    title: str
    folder: bool
    """Written as (and read from) a folder with a file per document, else one file."""
    suffix: str
    exporter: Exporter | None
    importer: Importer | None
    needs: str = ""
    """What must be installed for the exporter to run ('' when nothing)."""


class FormatRegistry:
    def __init__(self) -> None:
        self._formats: dict[str, Format] = {}

    def register(self, entry: Format) -> None:
        if entry.name in self._formats:
            raise ValueError(f"format {entry.name!r} is registered twice")
        self._formats[entry.name] = entry

    def all(self) -> list[Format]:
        return list(self._formats.values())

    def named(self, name: str) -> Format:
        entry = self._formats.get(name)
        if entry is None:
            known = ", ".join(self._formats)
            raise KnownError(f"unknown format {name!r}; the formats are {known}")
        return entry


def _registry() -> FormatRegistry:
    from desktop_app.core.interop import brat, doccano, label_studio, spacy_export, xmi

    registry = FormatRegistry()
    for entry in (
        brat.FORMAT,
        xmi.FORMAT,
        label_studio.FORMAT,
        label_studio.PREDICTIONS_FORMAT,
    ):
        registry.register(entry)
    registry.register(doccano.FORMAT)
    registry.register(spacy_export.FORMAT)
    registry.register(spacy_export.JSONL_FORMAT)
    return registry


def formats() -> list[Format]:
    """Every format, in the order menus show them."""
    return _registry().all()


def exporter_named(name: str) -> Exporter:
    exporter = _registry().named(name).exporter
    if exporter is None:
        raise KnownError(f"the {name} format can be imported but not exported")
    return exporter


def importer_named(name: str) -> Importer:
    importer = _registry().named(name).importer
    if importer is None:
        raise KnownError(f"the {name} format can be exported but not imported")
    return importer


def export_names() -> list[str]:
    return [entry.name for entry in formats() if entry.exporter is not None]


def import_names() -> list[str]:
    return [entry.name for entry in formats() if entry.importer is not None]
