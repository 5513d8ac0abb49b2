"""The ``annotator`` command: the window when run alone, and scriptable subcommands.

No Qt is imported unless the window (or the self-test) is asked for, so every subcommand works
on a machine without a display or without Qt at all. Exit codes: 0 success (warnings, if any,
on stderr), 1 the input had problems (invalid bundle, files that failed to import, a refused
replace), 2 the command could not run (unreadable database, a bundle that cannot be written:
disk full, folder gone, permission denied).

Every subcommand that opens the database closes it on every way out, so what it wrote is in
the database file itself when the command returns.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app import APP_NAME, __version__
from desktop_app.cli_interop import (
    BUNDLE,
    add_export_format,
    add_import_annotations,
    run_export_in_format,
    run_import_annotations,
)
from desktop_app.cli_team import add_team_commands, database_location, route_team_url, run_team
from desktop_app.core.errors import BundleInvalid, KnownError
from desktop_app.core.wording import count_of
from desktop_app.suggest_command import add_parser as add_suggest_parser
from desktop_app.suggest_command import print_suggestions

if TYPE_CHECKING:
    from desktop_app.core.app_logging import Logging
    from desktop_app.core.store import Store

EXIT_OK, EXIT_PROBLEMS, EXIT_FAILED = 0, 1, 2
_IMPORT_BATCH = 100  # files committed together by ``annotator import``
_STRICT_HELP = (
    "refuse incomplete data (empty required fields or roles) in every document, not only in "
    "those marked annotated or approved"
)


@contextmanager
def _opened_store(args: argparse.Namespace) -> Iterator[Store]:
    """The session's store, closed however the command ends (success, refusal, exception)."""
    from desktop_app.core.session import open_session

    store = open_session(args.db, args.schema)
    try:
        yield store
    finally:
        store.close()


def _print_warnings(lines: list[str]) -> None:
    for line in lines:
        print(f"warning: {line}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator", description=f"{APP_NAME}: annotate listed-company announcements."
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument(
        "--db",
        type=database_location,
        help="database file (default: in your data folder), or a team database's postgresql:// URL",
    )
    parser.add_argument("--schema", type=Path, help="annotation schema TOML (default: built-in)")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start the window on a temporary database and check it",
    )
    parser.add_argument(
        "--self-test-import",
        type=Path,
        metavar="FILE",
        help="with --self-test: also import FILE in the window, export and validate it",
    )
    commands = parser.add_subparsers(dest="command")
    imp = commands.add_parser("import", help="import announcements (.pdf .html .txt .md, folders)")
    imp.add_argument("paths", nargs="+", type=Path)
    exp = commands.add_parser("export", help="export a validated JSON bundle")
    exp.add_argument("out", type=Path)
    exp.add_argument("--status", help="only documents with this status (e.g. approved)")
    exp.add_argument(
        "--skip-invalid",
        action="store_true",
        help="leave out documents that have problems (listed) instead of refusing to export",
    )
    exp.add_argument(
        "--without-audit", action="store_true", help="leave out each document's audit history"
    )
    exp.add_argument("--strict", action="store_true", help=_STRICT_HELP)
    add_export_format(exp)
    add_import_annotations(commands)
    val = commands.add_parser("validate", help="check a bundle file; exit 1 listing problems")
    val.add_argument("bundle", type=Path)
    val.add_argument("--strict", action="store_true", help=_STRICT_HELP)
    bun = commands.add_parser("import-bundle", help="add a bundle's documents (all or nothing)")
    bun.add_argument("bundle", type=Path)
    bun.add_argument("--on-existing", choices=["fail", "skip", "replace"], default="fail")
    bun.add_argument(
        "--force-replace",
        action="store_true",
        help="let replace discard approved local documents and local work the bundle lacks",
    )
    bun.add_argument("--strict", action="store_true", help=_STRICT_HELP)
    original = commands.add_parser(
        "original", help="write a document's original file (the bytes it was imported from)"
    )
    original.add_argument("document", help="document id (see 'annotator next' or the window)")
    original.add_argument("out", type=Path)
    commands.add_parser("stats", help="count documents and annotations")
    audit = commands.add_parser("audit", help="the audit trail of every change")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    audit_commands.add_parser(
        "verify", help="check the trail's hash chain; exit 1 naming every entry where it breaks"
    )
    log = audit_commands.add_parser("log", help="list audit entries, newest first")
    log.add_argument("--document", help="only the entries of this document (id)")
    log.add_argument("--limit", type=int, help="at most this many entries")
    following = commands.add_parser("next", help="the next document needing your attention")
    following.add_argument("--reviewer", help="whose queue (default: you)")
    schema = commands.add_parser("schema", help="annotation schema tools")
    schema_commands = schema.add_subparsers(dest="schema_command", required=True)
    check = schema_commands.add_parser("check", help="check a schema file")
    check.add_argument("file", type=Path)
    from desktop_app.cli_review import add_review_commands  # imports the models: not at start

    add_review_commands(commands)
    add_team_commands(commands)
    add_suggest_parser(commands)
    return parser


def _run_import(args: argparse.Namespace) -> int:
    with _opened_store(args) as store:
        return _import_into(store, args)


def _import_into(store: Store, args: argparse.Namespace) -> int:
    from desktop_app.core.corpus import add_imported_many
    from desktop_app.core.importers import ImportedDocument, import_paths

    added = duplicates = failed = 0
    batch: list[tuple[Path, ImportedDocument]] = []

    def flush() -> None:
        nonlocal added, duplicates
        results = add_imported_many(store, [document for _, document in batch])
        for (path, _), (_, created) in zip(batch, results, strict=True):
            added += created
            duplicates += not created
            print(f"{'added  ' if created else 'already'} {path}")
        batch.clear()

    for outcome in import_paths(args.paths):
        if outcome.document is None:
            failed += 1
            print(f"FAILED  {outcome.path}: {outcome.problem}", file=sys.stderr)
            continue
        batch.append((outcome.path, outcome.document))
        if len(batch) >= _IMPORT_BATCH:
            flush()
    flush()
    print(f"{added} added, {duplicates} already present, {failed} failed")
    return EXIT_PROBLEMS if failed else EXIT_OK


def _run_export(args: argparse.Namespace) -> int:
    from desktop_app.core.bundle_export import export_bundle, with_more

    if args.format != BUNDLE:
        with _opened_store(args) as store:
            return run_export_in_format(store, args)

    with _opened_store(args) as store:
        report = export_bundle(
            store,
            args.out,
            status=args.status,
            skip_invalid=args.skip_invalid,
            include_audit=not args.without_audit,
            strict=args.strict,
        )
    for line in with_more(report.skipped, report.skipped_count):
        print(f"left out: {line}", file=sys.stderr)
    _print_warnings(with_more(report.warning_lines(), report.warning_count))
    left_out = (
        f", {count_of(report.skipped_documents, 'document')} left out"
        if report.skipped_documents
        else ""
    )
    warned = (
        f" ({count_of(report.warning_count, 'warning')} in "
        f"{count_of(report.warned_documents, 'document')}: unfinished documents are incomplete)"
        if report.warning_count
        else ""
    )
    print(
        f"wrote {args.out}: {count_of(report.documents, 'document')}, "
        f"{count_of(report.mentions, 'mention')}, {count_of(report.events, 'event')}"
        + left_out
        + warned
    )
    return EXIT_OK


def _run_validate(args: argparse.Namespace) -> int:
    from desktop_app.core.bundle import load_bundle

    bundle, _, warnings = load_bundle(args.bundle, strict=args.strict)
    _print_warnings(warnings)
    suffix = f", {count_of(len(warnings), 'warning')}" if warnings else ""
    print(f"{args.bundle}: valid ({count_of(len(bundle.documents), 'document')}{suffix})")
    return EXIT_OK


def _run_import_bundle(args: argparse.Namespace) -> int:
    from desktop_app.core.bundle import ExistingPolicy, import_bundle

    with _opened_store(args) as store:
        report = import_bundle(
            store,
            args.bundle,
            ExistingPolicy(args.on_existing),
            force=args.force_replace,
            strict=args.strict,
        )
    _print_warnings(report.warnings)
    for replacement in report.replacements:
        print(f"replaced {replacement.describe()}")
    print(
        f"{len(report.added)} added, {len(report.replaced)} replaced, {len(report.skipped)} skipped"
    )
    return EXIT_OK


def _run_import_annotations(args: argparse.Namespace) -> int:
    with _opened_store(args) as store:
        return run_import_annotations(store, args)


def _run_original(args: argparse.Namespace) -> int:
    from desktop_app.core.safe_write import write_bytes_atomically

    with _opened_store(args) as store:
        data = store.original(args.document)
        info = store.document_info(args.document)
    if data is None:
        print(
            f"annotator: {info.title}: no original file is kept for this document (added "
            "by hand or imported before originals were kept)",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    write_bytes_atomically(args.out, data)
    print(f"wrote {args.out}: {len(data)} bytes, the original of {info.source_name or info.title}")
    return EXIT_OK


def _run_stats(args: argparse.Namespace) -> int:
    with _opened_store(args) as store:
        print(json.dumps({"database": store.location, **store.stats()}, indent=2))
    return EXIT_OK


def _run_audit(args: argparse.Namespace) -> int:
    with _opened_store(args) as store:
        return _audit_of(store, args)


def _audit_of(store: Store, args: argparse.Namespace) -> int:
    from desktop_app.core.review_models import changed_values

    if args.audit_command == "verify":
        breaks = store.verify_audit()
        if breaks:
            print(f"audit trail broken: {count_of(len(breaks), 'break')}")
            for line in breaks:
                print(f"  - {line}")
            return EXIT_PROBLEMS
        head = store.audit_head()
        print(f"audit trail intact: {head.seq if head else 0} entries")
        if head is not None:
            print(f"latest entry {head.seq} at {head.at}, hash {head.hash}")
        return EXIT_OK
    for entry in store.audit_entries(args.document, args.limit):
        changes = "; ".join(
            f"{name}: {_short(old)} → {_short(new)}"
            for name, (old, new) in changed_values(entry).items()
        )
        where = f" document {entry.document_id}" if entry.document_id and not args.document else ""
        print(
            f"{entry.seq:>6}  {entry.at}  {entry.actor}  {entry.action} {entry.table_name} "
            f"{entry.row_id}{where}" + (f"  {changes}" if changes else "")
        )
    return EXIT_OK


def _short(value: object, width: int = 60) -> str:
    text = "∅" if value is None else repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _run_next(args: argparse.Namespace) -> int:
    with _opened_store(args) as store:
        reviewer = args.reviewer or store.actor
        document_id = store.next_for(reviewer)
        if document_id is None:
            print(f"nothing needs {reviewer}'s attention")
            return EXIT_OK
        info = store.document_info(document_id)
    print(f"{document_id}\t{info.status.value}\t{info.title}")
    return EXIT_OK


def _run_schema_check(args: argparse.Namespace) -> int:
    from desktop_app.core.schema import load_schema

    schema = load_schema(args.file)
    print(
        f"{args.file}: valid schema {schema.name} {schema.version} — "
        f"{len(schema.entity_types)} entity types, {len(schema.event_types)} event types"
    )
    return EXIT_OK


def _run_suggest(args: argparse.Namespace) -> int:
    with _opened_store(args) as store:
        return print_suggestions(store, args)


def _run_window(args: argparse.Namespace, wants_log: bool) -> int:
    try:
        from desktop_app.ui.app import run_window
    except ImportError as error:
        print(f"annotator: the window cannot start: {error}", file=sys.stderr)
        return EXIT_FAILED
    # The log is started once the window's outline is on screen (about 25 ms of imports).
    start = _start_logging if wants_log else None
    return run_window(database=args.db, schema_path=args.schema, start_logging=start)


def _start_logging() -> Logging | None:
    """The log file and crash reports of this run (``core/app_logging.py``)."""
    from desktop_app.core.app_logging import start_logging

    try:
        return start_logging()
    except OSError as error:  # a read-only or full home folder must not stop the program
        print(f"annotator: warning: no log file: {error}", file=sys.stderr)
        return None


def _run_review(args: argparse.Namespace) -> int:
    from desktop_app.cli_review import run_review

    return run_review(args)


def _run_self_test(args: argparse.Namespace) -> int:
    try:
        from desktop_app.ui.self_test import run_self_test
    except ImportError as error:
        print(f"self-test: cannot start the window: {error}", file=sys.stderr)
        return EXIT_FAILED
    return run_self_test(import_file=args.self_test_import)


_COMMANDS = {
    "import": _run_import,
    "export": _run_export,
    "validate": _run_validate,
    "import-bundle": _run_import_bundle,
    "import-annotations": _run_import_annotations,
    "original": _run_original,
    "stats": _run_stats,
    "audit": _run_audit,
    "next": _run_next,
    "schema": _run_schema_check,
    "review": _run_review,
    "team": run_team,
    "suggest": _run_suggest,
}


def _plain_window_start(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The arguments of a plain start of the window (at most ``--db FILE`` and ``--schema
    FILE``), read without building the subcommands' parsers: some of those import the store
    and its models, and the window shows its outline before that. None for anything else
    (a subcommand, ``--self-test``, ``--help``, a mistake), which the full parser then
    handles."""
    quick = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    quick.add_argument("--db", type=database_location)
    quick.add_argument("--schema", type=Path)
    try:
        args, rest = quick.parse_known_args(list(sys.argv[1:] if argv is None else argv))
    except argparse.ArgumentError:
        return None
    if rest:
        return None
    args.command, args.self_test, args.self_test_import = None, False, None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _plain_window_start(argv) or _parser().parse_args(argv)
    # Only a real run logs (argv from the command line); calls from scripts and tests do not.
    # The self-test writes nothing outside its temporary folder, so it has no log either.
    wants_log = argv is None and not args.self_test
    if wants_log and args.command is not None:  # the window starts its own, after its outline
        _start_logging()  # kept running by its exit hook
    try:
        if (routed := route_team_url(args)) is not None:
            return routed
        if args.self_test:
            return _run_self_test(args)
        if args.command is None:
            return _run_window(args, wants_log)
        return _COMMANDS[args.command](args)
    except BundleInvalid as error:
        print(f"annotator: {error}", file=sys.stderr)
        for line in error.problems:
            print(f"  - {line}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KnownError as error:
        print(f"annotator: {error}", file=sys.stderr)
        return EXIT_FAILED
