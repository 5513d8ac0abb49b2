"""The window half of bench_suggestions.py (``--keys``): keystrokes with and without
suggestions, and the text pane's repaint with 20,000 suggestions in the document.

Keystrokes are counted from a key script over each annotated sample's reference mentions,
with the window's bindings: without suggestions each mention is found (Ctrl+F, its text,
Return, Escape) and tagged (the type's digit; A, the type's name and Return for a type without
one; M, three letters of the entity's name and Return for a further mention); with them,
``]`` once, then Y for each suggestion that is a reference mention and X for each other, then
the manual steps for the mentions no suggestion offered. (The keys themselves are exercised
with real key events by tests/ui/test_suggestions_window.py; this script counts, it does not
replay.)

Repaint: the median time of ``viewport().repaint()`` on an offscreen window showing a document
with 20,000 suggestions, against the same repaint with none (the floor).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.suggest import SuggestionKind, suggest_document


def _manual_keys(schema: AnnotationSchema, type_id: str, text: str, first: bool) -> int:
    find = 1 + len(text) + 2
    if not first:
        return find + 1 + 3 + 1
    entity_type = schema.entity_type(type_id)
    if entity_type is not None and entity_type.hotkey:
        return find + 1
    return find + 1 + len(entity_type.label if entity_type else type_id) + 1


def keystrokes(schema: AnnotationSchema, samples: list[Any]) -> None:
    print("\nKeystrokes to bring each annotated sample's entity mentions to the reference")
    print(f"{'sample':<38}{'mentions':>9}{'without':>9}{'with':>7}{'ratio':>7}")
    all_without = all_with = 0
    for sample in samples:
        reference = {(t, s, e): key for t, s, e, key in sample.mentions}
        without = 0
        seen: set[str] = set()
        for (type_id, start, end), key in sorted(reference.items(), key=lambda i: i[0][1]):
            without += _manual_keys(schema, type_id, sample.text[start:end], key not in seen)
            seen.add(key)
        suggestions = [
            s for s in suggest_document(sample.text, schema) if s.kind is SuggestionKind.MENTION
        ]
        with_keys = 1  # ] to the first suggestion; Y and X move to the next one
        covered: set[str] = set()
        done: set[tuple[str, int, int]] = set()
        for suggestion in suggestions:
            with_keys += 1  # Y or X
            if suggestion.key in reference:
                done.add(suggestion.key)
                covered.add(reference[suggestion.key])
        for (type_id, start, end), key in sorted(reference.items(), key=lambda i: i[0][1]):
            if (type_id, start, end) in done:
                continue
            with_keys += _manual_keys(schema, type_id, sample.text[start:end], key not in covered)
            covered.add(key)
        all_without += without
        all_with += with_keys
        print(
            f"{sample.file:<38}{len(reference):>9}{without:>9}{with_keys:>7}"
            f"{without / with_keys:>6.1f}×"
        )
    print(
        f"{'all':<38}{'':>9}{all_without:>9}{all_with:>7}{all_without / all_with:>6.1f}× "
        "(target ≥ 4×)"
    )


def repaint(schema: AnnotationSchema, repeat: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from bench_suggestions import large_text
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.store import open_store
    from desktop_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.db", schema, "bench")
        text = large_text(400_000)
        document_id, _ = store.add_document(text=text, title="Dense", source_name="d.txt")
        settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, settings)
        window.suggestions.automatic = False
        window.resize(1400, 900)
        window.show()
        window.open_document(document_id)
        suggestions = suggest_document(text, schema)[:20_000]
        layer = window.suggestions.layer
        view = window.text_view
        app.processEvents()

        def timed_repaints() -> float:
            runs = []
            for _ in range(max(repeat, 1) * 10):
                started = time.perf_counter()
                view.viewport().repaint()
                runs.append(time.perf_counter() - started)
            return statistics.median(runs)

        layer.set_suggestions([])
        floor = timed_repaints()
        layer.set_suggestions(suggestions)
        with_layer = timed_repaints()
        middle = view.verticalScrollBar().maximum() // 2
        view.verticalScrollBar().setValue(middle)
        app.processEvents()
        layer.set_suggestions([])
        floor_middle = timed_repaints()
        layer.set_suggestions(suggestions)
        with_middle = timed_repaints()
        window.close()
        store.close()
    print(
        f"\nRepaint with {len(suggestions):,} suggestions in a {len(text) / 1e3:.0f} K-character "
        f"document: top {with_layer * 1000:.1f} ms vs bare {floor * 1000:.1f} ms "
        f"({with_layer / floor:.2f}×); middle {with_middle * 1000:.1f} ms vs "
        f"{floor_middle * 1000:.1f} ms ({with_middle / floor_middle:.2f}×) (target ≤ 2×)"
    )


def run_window_benchmarks(schema: AnnotationSchema, samples: list[Any], repeat: int) -> None:
    keystrokes(schema, samples)
    repaint(schema, repeat)
