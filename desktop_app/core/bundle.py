"""The validated JSON bundle: what downstream systems consume.

Export validates every document and writes nothing it refuses; it reads each document once,
checking it and streaming it into a temporary file that replaces the target only when complete
(``bundle_export``). Import parses the file strictly against the published format, checks the
models and every document against the schema, checks each document's history against the
document, decides what each bundled document may replace, and then writes everything in one
transaction, or nothing (``bundle_format``, ``bundle_read``, ``bundle_history``,
``bundle_import``).

Each document carries its comments and its audit history: the entries of the exporting file's
trail that concern it, after any history it was itself imported with. An import keeps that
history verbatim (``imported_audit``) and records its own inserts in the new file's trail as
``import`` entries; so a re-export lists the original entries followed by the import's.

This module gathers the public names of those parts, so callers need only one import.
"""

from __future__ import annotations

from desktop_app.core.bundle_export import ExportReport, export_bundle, validate_store_documents
from desktop_app.core.bundle_format import (
    BUNDLE_FORMAT,
    BUNDLE_FORMAT_VERSION,
    MAX_BUNDLE_INTEGER,
    Bundle,
    BundleDocument,
    SchemaInfo,
    ToolInfo,
    bundle_json_schema,
)
from desktop_app.core.bundle_import import ExistingPolicy, ImportReport, Replacement, import_bundle
from desktop_app.core.bundle_read import (
    BundleCheck,
    LoadedBundle,
    bundle_problems,
    check_bundle,
    load_bundle,
    read_bundle,
)

__all__ = [
    "BUNDLE_FORMAT",
    "BUNDLE_FORMAT_VERSION",
    "MAX_BUNDLE_INTEGER",
    "Bundle",
    "BundleCheck",
    "BundleDocument",
    "ExistingPolicy",
    "ExportReport",
    "ImportReport",
    "LoadedBundle",
    "Replacement",
    "SchemaInfo",
    "ToolInfo",
    "bundle_json_schema",
    "bundle_problems",
    "check_bundle",
    "export_bundle",
    "import_bundle",
    "load_bundle",
    "read_bundle",
    "validate_store_documents",
]
