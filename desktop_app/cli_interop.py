"""The command line's interchange with other tools: ``annotator export OUT --format FORMAT``
and ``annotator import-annotations PATH --format FORMAT [--mapping FILE]``.

``cli`` owns the parser and opens the database; this module adds the options and runs the
commands on the store it is given. Exit codes are ``cli``'s: a refused import raises
``BundleInvalid`` (1), a file that cannot be written a ``KnownError`` (2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.store import Store

BUNDLE = "bundle"
_BUNDLE_ONLY = ("skip_invalid", "without_audit", "strict")


def add_export_format(export: argparse.ArgumentParser) -> None:
    from desktop_app.core.interop import export_names

    export.add_argument(
        "--format",
        choices=[BUNDLE, *export_names()],
        default=BUNDLE,
        help="what to write: the validated JSON bundle (default), or another tool's format "
        "(brat and xmi write a folder, the others one file)",
    )


def add_import_annotations(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from desktop_app.core.interop import import_names

    command = commands.add_parser(
        "import-annotations",
        help="add documents annotated in another tool (all or nothing)",
    )
    command.add_argument("path", type=Path, help="the file, or the folder for brat and xmi")
    command.add_argument("--format", required=True, choices=import_names())
    command.add_argument(
        "--mapping",
        type=Path,
        help="TOML or JSON file mapping the tool's type, role and attribute names to the schema's",
    )
    command.add_argument("--on-existing", choices=["fail", "skip", "replace"], default="fail")
    command.add_argument(
        "--force-replace",
        action="store_true",
        help="let replace discard approved local documents and local work the file lacks",
    )
    command.add_argument(
        "--strict", action="store_true", help="refuse incomplete data in every document"
    )


def run_export_in_format(store: Store, args: argparse.Namespace) -> int:
    from desktop_app.core.errors import KnownError
    from desktop_app.core.interop import export_annotations

    given = [f"--{name.replace('_', '-')}" for name in _BUNDLE_ONLY if getattr(args, name)]
    if given:
        raise KnownError(f"{', '.join(given)}: only for the bundle, not --format {args.format}")
    report = export_annotations(store, args.out, args.format, status=args.status)
    for line in report.lost:
        print(f"left out: {line}", file=sys.stderr)
    print(report.summary())
    return 0


def run_import_annotations(store: Store, args: argparse.Namespace) -> int:
    from desktop_app.core.bundle import ExistingPolicy
    from desktop_app.core.interop import import_annotations

    report = import_annotations(
        store,
        args.path,
        args.format,
        args.mapping,
        ExistingPolicy(args.on_existing),
        force=args.force_replace,
        strict=args.strict,
    )
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    for replacement in report.replacements:
        print(f"replaced {replacement.describe()}")
    print(
        f"{len(report.added)} added, {len(report.replaced)} replaced, {len(report.skipped)} skipped"
    )
    return 0
