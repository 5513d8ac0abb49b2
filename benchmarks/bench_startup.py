"""Cold start of the window, each figure beside a floor measured in the same run (medians).

    uv run python benchmarks/bench_startup.py                      # samples, 1k and 10k
    uv run python benchmarks/bench_startup.py --sizes 0 1000 100000 --repeat 5
    uv run python benchmarks/bench_startup.py --platform xcb       # on a real display

Every run is a fresh interpreter started the way a user starts the program
(``desktop_app.cli.main()`` with ``annotator --db FILE`` as its command line, so it starts its
log file too, in the run's temporary folders); the clock starts just before the process is
spawned, so interpreter start-up and every import count. Two
moments are timed:

* **first pixels**: the first paint event of any top-level window (watched on the windows
  only, see ``_PROBE``), against a process that shows a bare ``QMainWindow`` (target <= 1.5x);
* **usable**: the window is shown with the last (or first) document open and every event the
  start-up posted has been handled (the moment a zero-time timer set as the event loop starts
  fires; closing the window afterwards, which saves its layout, is not counted), against a
  process that builds the same pane layout with empty widgets (documents table with its
  filter row, text view, tabs, menus, tool bar and status bar; target <= 3x).

Both are measured on the bundled samples (size 0) and on generated corpora of N documents
(``corpus_cache.py``; built once and kept in ``--cache``), to show start-up does not grow with
the corpus. The output ends with ``python -X importtime``'s biggest self times, grouped by
top-level package, for one start on the sample database.

Every child finds its modules already compiled, as an installed program does (pip compiles
them at install time, and Python caches them on the first start): the bytecode goes to a cache
folder of the run, warmed by one untimed start of each kind. ``--compile-each-start`` measures
the worst case instead, every module (the standard library's too) compiled from source on
every start, as where ``PYTHONDONTWRITEBYTECODE`` is set and nothing was compiled beforehand;
``__pycache__`` folders left beside the sources are ignored in both.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus_cache import DEFAULT_CACHE, cached_corpus  # noqa: E402

# Records the first paint of any window and, once the event loop has handled what start-up
# posted and every window still shown has been painted, the "usable" moment; then quits.
# Shared by the three kinds of child. The paint is watched on each top-level window and on its
# native window (``QWindow``, which gets the paint event that draws every widget) from its
# show(): the first paint of a window is theirs, before any child's. An application-wide Python
# event filter would turn every event of every widget into a Python object, which costs a
# window of twenty widgets about 25 ms before its first paint (each kind of event met for the
# first time) that no real start pays. On a real display (``--platform xcb``) a window is
# painted only once the server has mapped it, which may be after the loop's first turn.
_PROBE = """
import json, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
marks = {}
_unpainted = {}  # a shown window, and its native window, -> that window, until it is painted
_waiting = []
def _all_painted():
    return not any(window.isVisible() for window in _unpainted.values())
class _FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            marks.setdefault("first_pixels", time.time())
            window = _unpainted.get(watched)
            for key in [key for key, value in _unpainted.items() if value is window]:
                del _unpainted[key]
            if _waiting and _all_painted():
                _waiting.clear()
                QTimer.singleShot(0, _usable)
        return False
_probe = _FirstPaint()
_original_show = QWidget.show
def _show(self):
    if self.isWindow():
        self.installEventFilter(_probe)
        self.winId()  # the native window now (show would make it), to watch it too
        handle = self.windowHandle()
        handle.installEventFilter(_probe)
        _unpainted[self] = _unpainted[handle] = self
    _original_show(self)
QWidget.show = _show
_original_exec = QApplication.exec
def _usable():
    if not _all_painted():
        _waiting.append(True)  # the last paint sets this off again
        return
    marks["usable"] = time.time()
    QApplication.quit()
def _exec(*_):
    QTimer.singleShot(0, _usable)
    _original_exec()
    return 0
QApplication.exec = _exec
def _report():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            marks["peak_kb"] = int(line.split()[1])
    print(json.dumps(marks))
"""

_BARE = (
    _PROBE
    + """
from PySide6.QtWidgets import QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1400, 860)
window.show()
app.exec()
_report()
"""
)

_LAYOUT = (
    _PROBE
    + """
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QMainWindow,
    QPlainTextEdit, QSplitter, QTableView, QTabWidget, QToolBar, QTreeView, QVBoxLayout, QWidget)
from PySide6.QtGui import QStandardItemModel
app = QApplication(sys.argv[:1])
app.setStyle("Fusion")
window = QMainWindow()
for title in ("File", "Edit", "Annotate", "Go", "Review", "View", "Help"):
    menu = window.menuBar().addMenu(title)
    for number in range(8):
        menu.addAction(f"{title} {number}")
toolbar = QToolBar()
for number in range(8):
    toolbar.addAction(f"Tool {number}")
window.addToolBar(toolbar)
documents = QWidget()
column = QVBoxLayout(documents)
row = QHBoxLayout()
row.addWidget(QLineEdit())
row.addWidget(QComboBox())
row.addWidget(QComboBox())
column.addLayout(row)
table = QTableView()
table.setModel(QStandardItemModel(0, 6))
column.addWidget(table)
text = QWidget()
text_column = QVBoxLayout(text)
text_column.addWidget(QLabel("title"))
text_column.addWidget(QPlainTextEdit(), 1)
forms = QTabWidget()
for title in ("Entities", "Events", "Document", "Problems", "Comments", "History"):
    tab = QWidget()
    QVBoxLayout(tab).addWidget(QTreeView())
    forms.addTab(tab, title)
splitter = QSplitter(Qt.Orientation.Horizontal)
for pane in (documents, text, forms):
    splitter.addWidget(pane)
splitter.setSizes([320, 600, 520])
window.setCentralWidget(splitter)
for label in ("approved", "reviewer", "caret", "saved"):
    window.statusBar().addPermanentWidget(QLabel(label))
window.resize(1400, 860)
window.show()
app.exec()
_report()
"""
)

_OURS = (
    _PROBE
    + """
from desktop_app.cli import main
sys.argv = ["annotator", "--db", sys.argv[1]]
main()
_report()
"""
)

# Run once per database before timing: writes the reviewer into the settings (so no first-use
# dialog) and lets the store migrate the file, neither of which a normal start does.
_PREPARE = """
import sys
from PySide6.QtCore import QSettings
from desktop_app.ui.app import create_application
from desktop_app.ui.identity import Reviewer, save_reviewer
from desktop_app.core.session import open_session
from desktop_app.core.samples import seed_if_new
create_application()
save_reviewer(QSettings(), Reviewer("Bench Reviewer", "BR"))
store = open_session(__import__("pathlib").Path(sys.argv[1]))
seed_if_new(store)
store.close()
"""


def _environment(
    config: Path, platform: str, bytecode: Path, compile_each_start: bool = False
) -> dict[str, str]:
    """The children's environment. Python keeps (or, for ``compile_each_start``, only looks
    for) compiled modules in ``bytecode``, never in the ``__pycache__`` folders beside the
    sources, whatever earlier runs left there."""
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        XDG_CONFIG_HOME=str(config),
        XDG_DATA_HOME=str(config),
        XDG_STATE_HOME=str(config),  # the log files
        XDG_CACHE_HOME=str(config),  # the parsed schema, kept by the untimed first start
        QT_QPA_PLATFORM=platform,
        PYTHONPYCACHEPREFIX=str(bytecode),
    )
    if compile_each_start:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _child(script: str, arguments: list[str], env: dict[str, str]) -> dict[str, float]:
    began = time.time()
    done = subprocess.run(
        [sys.executable, "-c", script, *arguments],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    marks = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "first_pixels": (marks["first_pixels"] - began) * 1000,
        "usable": (marks["usable"] - began) * 1000,
        "peak_mb": marks.get("peak_kb", 0) / 1024,
    }


def _median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def import_offenders(database: Path, env: dict[str, str], count: int) -> list[tuple[str, float]]:
    """Self import time per top-level package over one start, biggest first, in ms."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", _OURS, str(database)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    totals: dict[str, float] = defaultdict(float)
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _, self_us, _, name = (part.strip() for part in line.replace(":", "|", 1).split("|"))
        totals[name.split(".")[0]] += int(self_us) / 1000
    return sorted(totals.items(), key=lambda item: -item[1])[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[0, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--platform", default="offscreen")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--offenders", type=int, default=15)
    parser.add_argument(
        "--compile-each-start",
        action="store_true",
        help="no bytecode cache: every start compiles every module it imports from source",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    env = _environment(work / "config", args.platform, work / "bytecode", args.compile_each_start)
    databases: dict[int, Path] = {}
    for size in args.sizes:
        databases[size] = work / "samples.db" if size == 0 else cached_corpus(size, args.cache)
        subprocess.run(
            [sys.executable, "-c", _PREPARE, str(databases[size])],
            env=env,
            check=True,
            capture_output=True,
        )
    if not args.compile_each_start:  # untimed: fills the bytecode cache for every kind of child
        _child(_BARE, [], env)
        _child(_LAYOUT, [], env)
        _child(_OURS, [str(databases[args.sizes[0]])], env)
    modules = "compiled on every start" if args.compile_each_start else "bytecode cached"
    print(
        f"{os.cpu_count()} cores, platform {args.platform}, {modules}, "
        f"{args.repeat} runs each, medians"
    )
    bare: list[dict[str, float]] = []
    layout: list[dict[str, float]] = []
    ours: dict[int, list[dict[str, float]]] = {size: [] for size in args.sizes}
    for _ in range(args.repeat):  # interleaved, so a noisy moment touches every kind alike
        bare.append(_child(_BARE, [], env))
        layout.append(_child(_LAYOUT, [], env))
        for size, database in databases.items():
            ours[size].append(_child(_OURS, [str(database)], env))
    floor_bare, floor_layout = _median_of(bare), _median_of(layout)
    print(
        f"bare QMainWindow: first pixels {floor_bare['first_pixels']:.0f} ms, "
        f"{floor_bare['peak_mb']:.0f} MB"
    )
    print(
        f"same pane layout, empty widgets: usable {floor_layout['usable']:.0f} ms, "
        f"{floor_layout['peak_mb']:.0f} MB"
    )
    print(
        f"{'documents':>10} {'first pixels':>13} {'ratio':>7} {'usable':>9} {'ratio':>7} "
        f"{'peak':>7}   (targets: first pixels <= 1.5x bare, usable <= 3x layout)"
    )
    for size, runs in ours.items():
        figures = _median_of(runs)
        print(
            f"{size or 'samples':>10} {figures['first_pixels']:>11.0f}ms "
            f"{figures['first_pixels'] / floor_bare['first_pixels']:>6.2f}x "
            f"{figures['usable']:>7.0f}ms {figures['usable'] / floor_layout['usable']:>6.2f}x "
            f"{figures['peak_mb']:>5.0f}MB"
        )
    print()
    print("python -X importtime, self time by top-level package (one start, samples):")
    first = databases[args.sizes[0]]
    for name, milliseconds in import_offenders(first, env, args.offenders):
        print(f"  {milliseconds:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
