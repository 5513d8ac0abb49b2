"""The log file, its rotation and the crash reports a reviewer can send (no Qt)."""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core import app_logging
from desktop_app.core.app_logging import Logging, start_logging

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples"


@pytest.fixture
def logs(tmp_path: Path) -> Iterator[Logging]:
    setup = start_logging(tmp_path / "logs")
    yield setup
    setup.stop()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _annotator(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )


def test_the_log_file_records_what_happened(logs: Logging) -> None:
    logging.getLogger("desktop_app.test").warning("the import of %s failed", "a.pdf")

    text = logs.log_file.read_text(encoding="utf-8")
    assert "announcement-annotator" in text and "started" in text
    assert "WARNING desktop_app.test: the import of a.pdf failed" in text


def test_the_log_rotates_and_keeps_a_bounded_number_of_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_logging, "LOG_BYTES", 4_000)
    setup = start_logging(tmp_path)
    try:
        for number in range(400):
            logging.getLogger("desktop_app.test").info("line %d %s", number, "x" * 80)
    finally:
        setup.stop()

    logs = sorted(path.name for path in tmp_path.glob("annotator.log*"))
    assert logs == ["annotator.log"] + [f"annotator.log.{n}" for n in range(1, 6)]
    assert all((tmp_path / name).stat().st_size <= 4_000 for name in logs)
    assert "line 399" in (tmp_path / "annotator.log").read_text(encoding="utf-8")


def test_a_normal_run_leaves_no_crash_report(tmp_path: Path) -> None:
    setup = start_logging(tmp_path)
    assert setup.fatal_report.exists()  # held open while the program runs
    setup.stop()

    assert not list(tmp_path.glob("fatal-*")) and not list(tmp_path.glob("crash-*"))
    assert start_logging(tmp_path).previous_crashes == []


def test_an_uncaught_exception_is_written_down_and_reported(logs: Logging) -> None:
    seen: list[tuple[Path, str]] = []
    logs.on_crash(lambda report, summary: seen.append((report, summary)))
    try:
        raise ValueError("a span ends before it starts")
    except ValueError:
        sys.excepthook(*sys.exc_info())  # what Python (or Qt's event loop) calls

    [(report, summary)] = seen
    assert summary == "ValueError: a span ends before it starts"
    assert report.parent == logs.folder and report.name.startswith("crash-")
    assert "Traceback" in report.read_text(encoding="utf-8")
    assert "a span ends before it starts" in logs.log_file.read_text(encoding="utf-8")


def test_stopping_restores_the_previous_exception_hook(tmp_path: Path) -> None:
    before = sys.excepthook
    setup = start_logging(tmp_path)
    assert sys.excepthook is not before
    setup.stop()
    assert sys.excepthook is before


def test_a_fatal_crash_leaves_a_dump_and_the_database_untouched(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "PYTHONFAULTHANDLER": ""}
    database = tmp_path / "annotations.db"
    imported = _annotator("--db", str(database), "import", str(SAMPLE), env=env)
    assert imported.returncode == 0, imported.stderr
    log_folder = tmp_path / "state" / "announcement-annotator" / "log"
    assert "started" in (log_folder / "annotator.log").read_text(encoding="utf-8")
    before = _digest(database)

    # A run that opens the database, then dies of a segmentation fault (as a bug in a native
    # library would), with the log folder the real command uses.
    crash = (
        "import faulthandler\n"
        "from pathlib import Path\n"
        "from desktop_app.core.app_logging import start_logging\n"
        "from desktop_app.core.session import open_session\n"
        f"start_logging(Path({str(log_folder)!r}))\n"
        f"store = open_session(Path({str(database)!r}))\n"
        "print(store.stats()['documents'], flush=True)\n"
        "faulthandler._sigsegv()\n"
    )
    crashed = subprocess.run(
        [sys.executable, "-c", crash], capture_output=True, text=True, env=env, cwd=REPO
    )

    assert crashed.returncode != 0
    [dump] = log_folder.glob("fatal-*.txt")
    assert "Fatal Python error: Segmentation fault" in dump.read_text(encoding="utf-8")
    assert _digest(database) == before

    # The next start (any command) claims the dump once, under a name that says it was a crash.
    again = _annotator("--db", str(database), "audit", "verify", env=env)
    assert again.returncode == 0 and "audit trail intact" in again.stdout
    [report] = log_folder.glob("crash-*-fatal.txt")
    assert "Segmentation fault" in report.read_text(encoding="utf-8")
    log_text = (log_folder / "annotator.log").read_text(encoding="utf-8")
    assert f"the previous run crashed; its report: {report}" in log_text
    setup = start_logging(log_folder)
    setup.stop()
    assert setup.previous_crashes == []


def test_old_crash_reports_are_pruned(tmp_path: Path) -> None:
    for number in range(app_logging.REPORTS_KEPT + 5):
        report = tmp_path / f"crash-2026010{number % 10}-00000{number}-{number}.txt"
        report.write_text("Traceback\n", encoding="utf-8")
        os.utime(report, (1_700_000_000 + number, 1_700_000_000 + number))

    start_logging(tmp_path).stop()

    kept = app_logging.crash_reports(tmp_path)
    assert len(kept) == app_logging.REPORTS_KEPT
    assert kept[-1].name.endswith(f"-{app_logging.REPORTS_KEPT + 4}.txt")
