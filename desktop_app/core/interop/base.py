"""What every interchange format provides: an exporter and an importer, and what they report.

An exporter writes annotated documents to one file or to one folder; an importer reads such a
file or folder into annotated documents whose types, roles and attribute names are still the
foreign ones (``mapping`` turns them into ours). Both are plain functions over models: the
store is only touched by ``intake`` (import) and ``runner`` (export).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from desktop_app.core.models import AnnotatedDocument
from desktop_app.core.schema import AnnotationSchema


@dataclass
class ExportReport:
    """What an export wrote and what the format could not carry."""

    path: Path
    documents: int = 0
    spans: int = 0
    events: int = 0
    lost: list[str] = field(default_factory=list)
    """Data left out because the format has no place for it, one line per case."""

    def summary(self) -> str:
        return (
            f"wrote {self.path}: {self.documents} documents, {self.spans} spans, "
            f"{self.events} events" + (f" ({len(self.lost)} left out)" if self.lost else "")
        )


@dataclass
class ForeignCorpus:
    """Documents read from a foreign file, with the foreign type names still in place."""

    documents: list[AnnotatedDocument]
    notes: list[str] = field(default_factory=list)
    """What was read with a caveat (predictions taken, notes left out): shown as warnings."""


class Exporter(Protocol):
    """Writes documents in one format; ``folder`` formats write a folder, others one file."""

    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def folder(self) -> bool: ...
    @property
    def suffix(self) -> str:
        """The file name suffix of a single-file export ('.jsonl'); '' for folders."""

    def export(
        self, documents: Iterable[AnnotatedDocument], schema: AnnotationSchema, out: Path
    ) -> ExportReport: ...


class Importer(Protocol):
    """Reads one format strictly: any malformed part raises ``BundleInvalid`` listing all."""

    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def folder(self) -> bool: ...

    def read(self, path: Path) -> ForeignCorpus: ...
