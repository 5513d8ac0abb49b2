"""The log file and the crash reports: what a reviewer can send when something went wrong.

``start_logging()`` runs once at start-up (``annotator`` and the window). It writes

- ``annotator.log`` in the user log folder (platformdirs' ``user_log_dir``), rotated at
  ``LOG_BYTES`` with ``LOG_BACKUPS`` older files kept, so it never grows without bound;
- ``fatal-<time>-<pid>.txt``: a file ``faulthandler`` holds open for the whole run and writes
  every thread's stack into when the process dies of a fatal signal (a crash in Qt or another
  native library, an abort). A run that ends normally deletes its empty file, so one left with
  text in it is the report of a crash: the next start renames it ``crash-<time>-<pid>-fatal.txt``
  and lists it in ``Logging.previous_crashes``, so the window points the user to it once;
- ``crash-<time>-<pid>.txt``: the traceback of an exception nothing caught, written by the
  ``sys.excepthook`` installed here, which then calls the listeners (the window shows a dialog).

None of this touches the database: every edit is committed in its own transaction when it is
made, so a crash loses at most the edit being made and the database file is left as it was.
No Qt here; the dialog lives in ``desktop_app/ui/crash_dialog.py``.
"""

from __future__ import annotations

import atexit
import contextlib
import faulthandler
import logging
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO

import platformdirs

from desktop_app import APP_ID, __version__

LOG_NAME = "annotator.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 5
REPORTS_KEPT = 10  # crash reports; older ones are deleted at start-up
_STALE_SECONDS = 7 * 24 * 3600  # an empty fatal-error file this old belongs to no running copy
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

_log = logging.getLogger(__name__)

CrashListener = Callable[[Path, str], None]


def log_folder() -> Path:
    """Linux ``~/.local/state/<id>/log``, macOS ``~/Library/Logs/<id>``, Windows
    ``%LOCALAPPDATA%\\<id>\\Logs``."""
    return Path(platformdirs.user_log_dir(APP_ID, appauthor=False))


@dataclass
class Logging:
    """What ``start_logging`` set up, for the window and for tests."""

    folder: Path
    log_file: Path
    fatal_report: Path
    previous_crashes: list[Path]
    listeners: list[CrashListener] = field(default_factory=list)
    _fatal_handle: IO[str] | None = None
    _handler: logging.Handler | None = None
    _earlier_hook: Callable[..., object] | None = None
    _faulthandler_was_on: bool = False

    def on_crash(self, listener: CrashListener) -> None:
        """``listener(report, summary)`` runs after an uncaught exception was written down."""
        self.listeners.append(listener)

    def stop(self) -> None:
        """Ends the run normally: the empty fatal-error file goes, the log is flushed."""
        if self._fatal_handle is not None:
            faulthandler.disable()
            if self._faulthandler_was_on and sys.__stderr__ is not None:
                faulthandler.enable(file=sys.__stderr__, all_threads=True)
            self._fatal_handle.close()
            self._fatal_handle = None
            try:
                if self.fatal_report.stat().st_size == 0:
                    self.fatal_report.unlink()
            except OSError:
                pass
        if self._handler is not None:
            logging.getLogger().removeHandler(self._handler)
            self._handler.close()
            self._handler = None
        if self._earlier_hook is not None:
            sys.excepthook = self._earlier_hook
            self._earlier_hook = None


class _RotatingLog(logging.FileHandler):
    """The log file, renamed ``.1`` (the older ones moved on to ``.2`` … ``.<backups>``, the
    oldest dropped) when the next line would take it to ``max_bytes``: what the standard
    ``logging.handlers.RotatingFileHandler`` does, without importing that module (and pickle,
    queue and the socket handlers with it: about 15 ms of a window's start). It keeps writing
    when it cannot rotate: on Windows a second running copy holds the file open, and renaming
    it fails until that copy ends."""

    def __init__(self, path: Path, *, max_bytes: int, backups: int) -> None:
        super().__init__(path, mode="a", encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.shouldRollover(record):
                self.doRollover()
            super().emit(record)
        except Exception:  # logging's way: a line that cannot be written must not stop the caller
            self.handleError(record)

    def shouldRollover(self, record: logging.LogRecord) -> bool:  # noqa: N802 (logging's name)
        base = self.baseFilename
        if os.path.exists(base) and not os.path.isfile(base):
            return False  # never a device or a pipe
        if self.stream is None or self.stream.closed:
            self.stream = self._open()
        if self.max_bytes <= 0:
            return False
        line = f"{self.format(record)}\n"
        self.stream.seek(0, 2)
        return self.stream.tell() + len(line) >= self.max_bytes

    def doRollover(self) -> None:  # noqa: N802 (logging's name)
        with contextlib.suppress(OSError):  # kept open or locked elsewhere: write on
            self._move_files()
        if self.stream is None or self.stream.closed:
            self.stream = self._open()

    def _move_files(self) -> None:
        if self.stream is not None:
            self.stream.close()
        if self.backups <= 0:
            return
        base = self.baseFilename
        for number in range(self.backups - 1, 0, -1):
            older, newer = f"{base}.{number}", f"{base}.{number + 1}"
            if os.path.exists(older):
                if os.path.exists(newer):
                    os.remove(newer)
                os.rename(older, newer)
        first = f"{base}.1"
        if os.path.exists(first):
            os.remove(first)
        if os.path.exists(base):
            os.rename(base, first)


def _stamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


def crash_reports(folder: Path) -> list[Path]:
    """The crash reports kept in ``folder``, oldest first."""
    return sorted(folder.glob("crash-*.txt"), key=lambda path: path.stat().st_mtime)


def _claim_fatal_reports(folder: Path) -> list[Path]:
    """Renames the fatal-error files that crashed runs left with text in them; returns them."""
    claimed = []
    for path in sorted(folder.glob("fatal-*.txt")):
        try:
            info = path.stat()
            if info.st_size == 0:
                if time.time() - info.st_mtime > _STALE_SECONDS:
                    path.unlink()  # a run that was killed outright: nothing to report
                continue
            report = path.with_name(f"crash-{path.stem.removeprefix('fatal-')}-fatal.txt")
            path.rename(report)  # fails (and is skipped) while another copy holds the file
        except OSError:
            continue
        claimed.append(report)
    return claimed


def _prune(folder: Path) -> None:
    for path in crash_reports(folder)[:-REPORTS_KEPT]:
        path.unlink(missing_ok=True)


def write_crash_report(
    folder: Path,
    kind: type[BaseException],
    error: BaseException,
    trace: TracebackType | None,
) -> Path:
    """Writes an uncaught exception's traceback to a new report file and returns its path."""
    report = folder / f"crash-{_stamp()}-{os.getpid()}.txt"
    text = "".join(traceback.format_exception(kind, error, trace))
    report.write_text(
        f"{APP_ID} {__version__} on {platform.platform()}, Python {platform.python_version()}\n"
        f"{time.strftime('%Y-%m-%d %H:%M:%S %z')}\n\n{text}",
        encoding="utf-8",
    )
    return report


def start_logging(folder: Path | None = None, *, level: int = logging.INFO) -> Logging:
    """Starts the rotating log, the fatal-error dump and the uncaught-exception hook."""
    folder = folder or log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    claimed = _claim_fatal_reports(folder)
    _prune(folder)
    previous = [path for path in claimed if path.exists()]

    log_file = folder / LOG_NAME
    handler = _RotatingLog(log_file, max_bytes=LOG_BYTES, backups=LOG_BACKUPS)
    handler.setFormatter(logging.Formatter(_FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)

    fatal_report = folder / f"fatal-{_stamp()}-{os.getpid()}.txt"
    fatal_handle = fatal_report.open("w", encoding="utf-8")
    was_on = faulthandler.is_enabled()  # PYTHONFAULTHANDLER, or a test runner's
    faulthandler.enable(file=fatal_handle, all_threads=True)

    setup = Logging(folder, log_file, fatal_report, previous, [], fatal_handle, handler)
    setup._earlier_hook = sys.excepthook
    setup._faulthandler_was_on = was_on
    atexit.register(setup.stop)
    _install_excepthook(setup)
    frozen = " (frozen)" if getattr(sys, "frozen", False) else ""
    _log.info(
        "%s %s%s started: Python %s on %s, pid %d",
        APP_ID,
        __version__,
        frozen,
        platform.python_version(),
        platform.platform(),
        os.getpid(),
    )
    for path in previous:
        _log.warning("the previous run crashed; its report: %s", path)
    return setup


def _install_excepthook(setup: Logging) -> None:
    earlier = sys.excepthook  # Python's own: prints the traceback to stderr

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            earlier(kind, error, trace)
            return
        _log.critical("uncaught exception", exc_info=(kind, error, trace))
        try:
            report = write_crash_report(setup.folder, kind, error, trace)
        except OSError:
            earlier(kind, error, trace)
            return
        summary = "".join(traceback.format_exception_only(kind, error)).strip()
        for listener in list(setup.listeners):
            listener(report, summary)
        if not setup.listeners:
            earlier(kind, error, trace)

    sys.excepthook = hook
