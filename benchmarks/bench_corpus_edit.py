"""Editing on a real-sized corpus: a tag key in the window with 1,000 / 10,000 (/ 100,000 with
``--huge``) documents in the database, each a ≈4 KB announcement with six mentions and an event.

Per corpus size it prints the median of: tag key → saved → repainted → idle, and Alt+Down (next
document) → idle, each next to its floor measured in the same run — one committed bare
``sqlite3`` UPDATE plus a repaint of a bare ``QPlainTextEdit`` holding the same text (tag), and a
bare ``QPlainTextEdit.setPlainText`` of the next text plus a repaint (Alt+Down).

Then the documents list: reload + first paint, one keystroke in the filter box (typing
"buy-back 1" and clearing it again), and a change of the status or category filter, each to
idle. Their floor is a minimal ``QAbstractTableModel`` over the same first screen of rows (held
in a list) reset and repainted in a bare ``QTableView``, plus one plain ``sqlite3``
``SELECT COUNT(*) FROM documents`` on the same file.

    uv run python benchmarks/bench_corpus_edit.py                 # 1k and 10k
    uv run python benchmarks/bench_corpus_edit.py --sizes 1000    # quick look
    uv run python benchmarks/bench_corpus_edit.py --huge          # adds 100k

Corpora are generated once and kept (``corpus_cache.py``, ``--cache``); the first 100k build
takes about eight minutes, later runs reuse it. A run's tags are removed again when the next
run opens the corpus, so every run measures the same document as generated.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_cache import DEFAULT_CACHE, announcement, cached_corpus, open_corpus


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def measure(size: int, folder: Path, cache: Path, samples: int) -> dict[str, float]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from desktop_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    database = cached_corpus(size, cache)
    store = open_corpus(database)
    settings = QSettings(str(folder / f"settings{size}.ini"), QSettings.Format.IniFormat)
    settings.setValue("reviewer/name", "bench")
    window = MainWindow(store, settings)
    window.show()
    app.processEvents()
    ids = window.documents.visible_ids()
    window.open_document(ids[len(ids) // 2])
    app.processEvents()
    view = window.text_view
    working = window.working
    assert working is not None
    text = working.text
    rng = random.Random(5)

    def idle() -> None:
        app.processEvents()

    tagged_type = window.context.schema.entity_type_for_hotkey("1")
    assert tagged_type is not None

    def untagged_start() -> int:
        """A place whose three characters are not yet a mention of the type: there the key
        saves at once (elsewhere it asks whether to add to the entity that reads the same,
        as it would after this run's own tags of the same three characters)."""
        while True:
            start = rng.randrange(0, len(text) - 10)
            covered = text[start : start + 3]
            if (
                covered.strip()
                and store.entity_reading(working.id, tagged_type.id, covered) is None
            ):
                return start

    tag = []
    for _ in range(samples):
        start = untagged_start()
        view.select_span(start, start + 3)
        idle()
        before = len(window.working.entity_rows)
        began = time.perf_counter()
        window.registry.run("entity.tag_1")
        view.viewport().repaint()
        idle()
        tag.append(time.perf_counter() - began)
        assert len(window.working.entity_rows) == before + 1, "the tag key did not save"

    step = []
    for _ in range(samples):
        began = time.perf_counter()
        window.registry.run("document.next")
        view.viewport().repaint()
        idle()
        step.append(time.perf_counter() - began)

    floor_view = QPlainTextEdit()
    floor_view.resize(view.size())
    floor_view.show()
    floor_db = sqlite3.connect(folder / f"floor{size}.db", isolation_level=None)
    floor_db.execute("PRAGMA journal_mode=WAL")
    floor_db.execute("PRAGMA synchronous=FULL")
    floor_db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    floor_db.execute("INSERT INTO t VALUES (1, '')")
    floor_view.setPlainText(text)
    floor_tag, floor_step = [], []
    for number in range(samples):
        began = time.perf_counter()
        floor_db.execute("BEGIN IMMEDIATE")
        floor_db.execute("UPDATE t SET v = ? WHERE id = 1", [str(number)])
        floor_db.execute("COMMIT")
        floor_view.viewport().repaint()
        idle()
        floor_tag.append(time.perf_counter() - began)
    for number in range(samples):
        next_text, _ = announcement(number + 7)
        began = time.perf_counter()
        floor_view.setPlainText(next_text)
        floor_view.viewport().repaint()
        idle()
        floor_step.append(time.perf_counter() - began)
    listing = measure_list(app, window, database, samples)
    window.context.poll_timer.stop()
    window.close()
    floor_view.close()
    store.close()
    floor_db.close()
    return {
        **listing,
        "tag": median_ms(tag),
        "tag_floor": median_ms(floor_tag),
        "next": median_ms(step),
        "next_floor": median_ms(floor_step),
    }


def measure_list(app: Any, window: Any, database: Path, samples: int) -> dict[str, float]:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    pane = window.documents
    table = pane.table

    def settle() -> None:
        table.viewport().repaint()
        app.processEvents()

    def timed(action: Any) -> float:
        began = time.perf_counter()
        action()
        settle()
        return time.perf_counter() - began

    first_paint = [timed(pane.reload) for _ in range(max(samples // 3, 3))]
    typing = "buy-back 1"
    keystroke = []
    for _ in range(max(samples // 10, 2)):
        for length in [*range(1, len(typing) + 1), *range(len(typing) - 1, -1, -1)]:
            keystroke.append(timed(lambda n=length: pane.filter_box.setText(typing[:n])))
    change = []
    for _ in range(max(samples // 10, 2)):
        for combo in (pane.status_filter, pane.category_filter):
            for index in [*range(1, min(combo.count(), 4)), 0]:
                change.append(timed(lambda c=combo, i=index: c.setCurrentIndex(i)))

    model = pane.model
    rows = [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(min(model.rowCount(), 64))
    ]

    class Bare(QAbstractTableModel):
        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return len(rows)

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return len(rows[0]) if rows else 0

        def data(self, index: Any, role: int = 0) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                return rows[index.row()][index.column()]
            return None

    bare = Bare()
    view = QTableView()
    view.setModel(bare)
    view.resize(table.size())
    view.show()
    plain = sqlite3.connect(database)
    floor = []
    for _ in range(samples):
        began = time.perf_counter()
        plain.execute("SELECT COUNT(*) FROM documents").fetchone()
        bare.beginResetModel()
        bare.endResetModel()
        view.viewport().repaint()
        app.processEvents()
        floor.append(time.perf_counter() - began)
    plain.close()
    view.close()
    return {
        "list": median_ms(first_paint),
        "keystroke": median_ms(keystroke),
        "change": median_ms(change),
        "list_floor": median_ms(floor),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--huge", action="store_true", help="also 100,000 documents")
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, help="where generated corpora are kept"
    )
    args = parser.parse_args()
    sizes = args.sizes + ([100_000] if args.huge else [])
    folder = Path(tempfile.mkdtemp(prefix="bench-corpus-edit-"))
    print(f"{os.cpu_count()} cores, {args.samples} samples, medians")
    print(
        f"{'documents':>10} {'tag→idle':>10} {'floor':>8} {'ratio':>7} "
        f"{'Alt+Down':>10} {'floor':>8} {'ratio':>7}"
    )
    results = []
    for size in sizes:
        built = time.perf_counter()
        figures = measure(size, folder, args.cache, args.samples)
        results.append((size, figures))
        print(
            f"{size:>10} {figures['tag']:>8.1f}ms {figures['tag_floor']:>6.1f}ms "
            f"{figures['tag'] / figures['tag_floor']:>6.1f}× "
            f"{figures['next']:>8.1f}ms {figures['next_floor']:>6.1f}ms "
            f"{figures['next'] / figures['next_floor']:>6.1f}×"
            f"   (corpus built and measured in {time.perf_counter() - built:.0f} s)"
        )
    print()
    print(
        f"{'documents':>10} {'list paint':>11} {'keystroke':>11} {'filter chg':>11} "
        f"{'floor':>8}   ratios (target: each ≤ 50 ms at 100k, flat from 1k)"
    )
    for size, figures in results:
        floor = figures["list_floor"]
        print(
            f"{size:>10} {figures['list']:>9.1f}ms {figures['keystroke']:>9.1f}ms "
            f"{figures['change']:>9.1f}ms {floor:>6.1f}ms   "
            f"{figures['list'] / floor:.1f}× {figures['keystroke'] / floor:.1f}× "
            f"{figures['change'] / floor:.1f}×"
        )


if __name__ == "__main__":
    main()
