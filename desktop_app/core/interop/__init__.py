"""Interchange with other annotation tools: brat, INCEpTION (UIMA CAS XMI), Label Studio,
doccano and spaCy, each in a module of its own behind one interface (``base``), found by
name in ``registry``.

Export writes every file through a temporary file (a folder through a temporary folder) and
puts it in place only when complete. Import reads a file strictly, maps the foreign names to
the schema (``mapping``), checks every document as a bundle's are checked and adds them
through the bundle import's rules: all of them or none (``intake``).

Offsets: brat, doccano and spaCy count code points, as we do; Label Studio counts UTF-16 code
units, converted in ``offsets``; XMI's UTF-16 offsets are converted by ``dkpro-cassis``.
"""

from __future__ import annotations

from desktop_app.core.interop.base import ExportReport, ForeignCorpus
from desktop_app.core.interop.intake import import_annotations
from desktop_app.core.interop.mapping import TypeMapping, load_mapping
from desktop_app.core.interop.registry import Format, export_names, formats, import_names
from desktop_app.core.interop.runner import export_annotations

__all__ = [
    "ExportReport",
    "ForeignCorpus",
    "Format",
    "TypeMapping",
    "export_annotations",
    "export_names",
    "formats",
    "import_annotations",
    "import_names",
    "load_mapping",
]
