"""How long the window stalls while the background worker suggests for a large open document.

The suggestions are computed in a worker thread, but a Python thread that holds the interpreter
(one long regular-expression search, one sort of millions of items, a full cycle collection of
the objects it made) stops the window as surely as work on the window's own thread. A 10 ms
timer on the window's thread measures it: each gap between its ticks beyond what it asked for
is time the window could not answer a key or paint. The floor is the same timer with no worker
running, measured in the same run.

    QT_QPA_PLATFORM=offscreen uv run python benchmarks/bench_suggestion_stalls.py --megabytes 10 \
        --mentions 100000 --events 10000
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench_text_view import build_store, settle  # the script's folder is on the path


def tick_gaps(app, until, limit: float) -> tuple[list[float], float]:
    """The gaps (ms) between ticks of a 10 ms timer until ``until()`` or ``limit`` seconds."""
    from PySide6.QtCore import QEventLoop, QTimer

    gaps: list[float] = []
    last = began = time.perf_counter()
    loop = QEventLoop()

    def tick() -> None:
        nonlocal last
        now = time.perf_counter()
        gaps.append((now - last) * 1000)
        last = now
        if until() or now - began > limit:
            loop.quit()

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    loop.exec()
    timer.stop()
    return gaps, time.perf_counter() - began


def summary(gaps: list[float]) -> dict[str, float]:
    ordered = sorted(gaps)
    stalls = [gap for gap in gaps if gap > 100]
    return {
        "max": ordered[-1],
        "p99": ordered[int(len(ordered) * 0.99)],
        "median": ordered[len(ordered) // 2],
        "stalls": len(stalls),
        "stalled_s": sum(stalls) / 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=float, default=10)
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--limit", type=float, default=300, help="seconds to wait at most")
    parser.add_argument("--floor-seconds", type=float, default=5)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from desktop_app.core import cache_files
    from desktop_app.ui.actions.suggestions import AUTOMATIC_KEY
    from desktop_app.ui.app import create_application
    from desktop_app.ui.main_window import MainWindow

    app = create_application()
    folder = Path(tempfile.mkdtemp())
    cache_files.keep_in(folder / "cache")
    store, document_id, text = build_store(
        folder, args.mentions, args.events, int(args.megabytes * 1_000_000)
    )
    print(
        f"document: {len(text.encode('utf-8')) / 1e6:.2f} MB, {args.mentions:,} mentions, "
        f"{args.events:,} events; {os.cpu_count()} cores"
    )
    settings = QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue(AUTOMATIC_KEY, False)
    window = MainWindow(store, settings)
    window.resize(1400, 900)
    window.show()
    window.open_document(document_id)
    settle(app)
    window.open_document(document_id)  # again, from its kept outline: as a reviewer reopens it
    settle(app)
    floor, _ = tick_gaps(app, lambda: False, args.floor_seconds)

    done: list[str] = []
    window.suggestions.computed.connect(done.append)
    began = time.perf_counter()
    window.suggestions.compute()
    gaps, waited = tick_gaps(app, lambda: bool(done), args.limit)
    took = time.perf_counter() - began
    settle(app)
    ours, base = summary(gaps), summary(floor)
    print(
        f"suggesting: {'shown after' if done else 'still running after'} {took:.1f} s; "
        f"{len(window.suggestions.all):,} suggestions offered"
    )
    print(
        f"10 ms timer while the worker ran: longest gap {ours['max']:.0f} ms vs "
        f"{base['max']:.0f} ms idle -> {ours['max'] / base['max']:.1f}x; p99 {ours['p99']:.0f} "
        f"ms vs {base['p99']:.0f} ms -> {ours['p99'] / base['p99']:.1f}x; median "
        f"{ours['median']:.1f} ms vs {base['median']:.1f} ms"
    )
    print(
        f"stalls over 100 ms: {ours['stalls']:.0f}, {ours['stalled_s']:.1f} s of {waited:.1f} s "
        "(target: none)"
    )
    window.close()


if __name__ == "__main__":
    main()
