"""The window half of bench_suggestions.py (``--keys``): keystrokes with and without
suggestions, and the text pane's repaint with 20,000 suggestions in the document.

Keystrokes. Without suggestions, each reference mention of each annotated sample is found
(Ctrl+F, its text, Return, Escape) and tagged (the type's digit; A, the type's name and
Return for a type without one; M, three letters of the entity's name and Return for a further
mention): "counted" is that sum, "by hand" the same session replayed in the window with
suggestions off (a find lands on the first match, so it may take another Return). With
suggestions, the whole session is replayed in an offscreen window on a database holding only
that sample (so no corpus gazetteer), as key events to the focused widget, with the window's
own recomputation after each edit. The suggestions are walked from ``]``: ``Shift+Y`` when
every suggestion it would accept is a reference mention, ``Y`` when the selected one is,
``Y`` on a reference trigger whose proposed fillers it would make are all reference mentions,
``Shift+X`` when no suggestion of its type and text is wanted, else ``X``; ``]`` (or ``[``)
when nothing is selected. Then each reference mention still missing is tagged by hand with
the same steps as without (Return again in the find bar until it is that occurrence; in the
entity picker no letters when it preselects the right entity, else three and more while
another entity is first), and what tagging it offers is
walked again. The counts are the keys pressed; the breakdown says where they went
(``BENCH_KEYS_DEBUG=1`` also lists each mention tagged by hand), and that every reference
mention was reached and nothing else accepted.

Repaint: the median time of ``viewport().repaint()`` on an offscreen window showing a document
with 20,000 suggestions, against the same repaint with none (the floor).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.suggest import Suggestion, SuggestionKind, suggest_document


def _manual_keys(schema: AnnotationSchema, type_id: str, text: str, first: bool) -> int:
    find = 1 + len(text) + 2
    if not first:
        return find + 1 + 3 + 1
    entity_type = schema.entity_type(type_id)
    if entity_type is not None and entity_type.hotkey:
        return find + 1
    return find + 1 + len(entity_type.label if entity_type else type_id) + 1


def _without(schema: AnnotationSchema, sample: Any) -> int:
    reference = {(t, s, e): key for t, s, e, key in sample.mentions}
    keys = 0
    seen: set[str] = set()
    for (type_id, start, end), key in sorted(reference.items(), key=lambda i: i[0][1]):
        keys += _manual_keys(schema, type_id, sample.text[start:end], key not in seen)
        seen.add(key)
    return keys


def _wait(app: Any, done: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not settle")
        app.processEvents()
        time.sleep(0.002)


def _replayed(
    schema: AnnotationSchema, sample: Any, folder: Path, spent: Counter[str], suggestions: bool
) -> int:
    """Replay the session (with suggestions, or every mention by hand); returns the keys."""
    from PySide6.QtCore import QEvent, QSettings, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.store import open_store
    from desktop_app.ui.actions.suggestions import alike
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.picker import Picker

    app = QApplication.instance() or QApplication([])
    reference = {(t, s, e): key for t, s, e, key in sample.mentions}
    triggers = set(sample.triggers)
    store = open_store(folder / f"{sample.file}-{suggestions}.db", schema, "bench")
    document_id, _ = store.add_document(text=sample.text, title=sample.file, source_name="s.txt")
    settings = QSettings(str(folder / f"{sample.file}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, settings)
    controller = window.suggestions
    controller.automatic = suggestions
    controller.recompute_timer.setInterval(0)  # the same recomputation, without the pause
    window.show()
    window.activateWindow()
    _wait(app, window.isActiveWindow)
    window.open_document(document_id)
    view = window.text_view
    view.setFocus()

    def settled() -> bool:
        return not controller.recompute_timer.isActive() and controller.running == 0

    _wait(app, lambda: settled() and (len(controller.layer) > 0 or not suggestions))

    def press(
        key: Qt.Key, what: str, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        spent[what] += 1
        QTest.keyClick(app.focusWidget() or view, key, modifier)
        app.processEvents()
        _wait(app, settled)

    def choose(current: Suggestion) -> tuple[Qt.Key, Qt.KeyboardModifier, str]:
        shift = Qt.KeyboardModifier.ShiftModifier
        none = Qt.KeyboardModifier.NoModifier
        if current.kind is SuggestionKind.TRIGGER:
            roles = controller.open.roles_of(current)
            made = [controller.open.mention_at(r.start, r.end) for r in roles]
            if current.key in triggers and all(m.key in reference for m in made if m):
                return Qt.Key.Key_Y, none, "Y trigger with its fillers"
        wanted = triggers if current.kind is SuggestionKind.TRIGGER else reference
        if current.key not in wanted:
            same = [
                s
                for s in controller.layer.suggestions
                if (s.kind, s.type, s.text) == (current.kind, current.type, current.text)
            ]
            if len(same) > 1 and not any(s.key in wanted for s in same):
                return Qt.Key.Key_X, shift, "Shift+X"
            return Qt.Key.Key_X, none, f"X {current.rule}"
        if current.kind is SuggestionKind.TRIGGER:
            return Qt.Key.Key_X, none, "X trigger (its fillers are not all reference mentions)"
        group = [s for s in controller.layer.suggestions if alike(current, s)]
        if len(group) > 1 and all(s.key in reference for s in group):
            return Qt.Key.Key_Y, shift, "Shift+Y"
        return Qt.Key.Key_Y, none, "Y"

    def walk() -> None:
        """Decide every suggestion offered, from the selected one on."""
        if not suggestions:
            return
        for _ in range(2000):
            current = controller.layer.current
            if current is None or current not in controller.layer.suggestions:
                if not len(controller.layer):
                    return
                # The outlines show where the rest are: a ] (or a [ when they are above).
                for key in (Qt.Key.Key_BracketRight, Qt.Key.Key_BracketLeft):
                    QTest.keyClick(view, key)
                    _wait(app, settled)
                    if controller.layer.current is not None:
                        spent["] or ["] += 1
                        break
                else:
                    return
                continue
            key, modifier, what = choose(current)
            press(key, what, modifier)

    def annotated() -> dict[tuple[str, int, int], Any]:
        return {
            (entity.type, mention.start, mention.end): entity
            for entity in store.entities(document_id)
            for mention in entity.mentions
        }

    def type_in(widget: Any, character: str) -> None:
        """One typed character (QTest's own typing knows only ASCII)."""
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            app.sendEvent(
                widget,
                QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character),
            )
        app.processEvents()

    def picker() -> Any:
        _wait(app, lambda: isinstance(app.activeModalWidget(), Picker))
        return app.activeModalWidget()

    def tag_by_hand(type_id: str, start: int, end: int, key: str) -> None:
        """Find the text (Return again until it is this occurrence), then tag it: its type's
        digit (A and the type's label for one without), or M and the entity's name for a
        further mention (three letters, more while another entity is first)."""
        text = sample.text[start:end]
        owner = next((e for span, e in annotated().items() if reference.get(span) == key), None)
        what = "manual further mention" if owner is not None else "manual first mention"
        press(Qt.Key.Key_F, what, Qt.KeyboardModifier.ControlModifier)
        for character in text:
            spent[what] += 1
            type_in(window.find_bar.field, character)
        press(Qt.Key.Key_Return, what)
        for _ in range(50):
            if view.selected_span() == (start, end):
                break
            press(Qt.Key.Key_Return, what)
        press(Qt.Key.Key_Escape, what)
        entity_type = schema.entity_type(type_id)
        if owner is not None:
            press(Qt.Key.Key_M, what)
            chooser = picker()
            for index, character in enumerate(owner.name):
                first = chooser.list.currentItem().text().startswith(owner.name)
                if first and (index >= 3 or index == 0):  # Return takes a right preselection
                    break
                spent[what] += 1
                type_in(chooser.query, character)
            press(Qt.Key.Key_Return, what)
        elif entity_type is not None and entity_type.hotkey:
            press(getattr(Qt.Key, f"Key_{entity_type.hotkey}"), what)
        else:
            press(Qt.Key.Key_A, what)
            chooser = picker()
            label = entity_type.label if entity_type else type_id
            for character in label:
                spent[what] += 1
                type_in(chooser.query, character)
            press(Qt.Key.Key_Return, what)
        if isinstance(app.activeModalWidget(), Picker):  # "already tagged — add to it?"
            press(Qt.Key.Key_Return, what)
        _wait(app, lambda: not isinstance(app.activeModalWidget(), Picker))
        _wait(app, settled)

    pressed_before = sum(spent.values())
    walk()
    for (type_id, start, end), key in sorted(reference.items(), key=lambda i: i[0][1]):
        if (type_id, start, end) in annotated():
            continue
        if os.environ.get("BENCH_KEYS_DEBUG"):
            print("   by hand", type_id, repr(sample.text[start:end]))
        tag_by_hand(type_id, start, end, key)
        walk()  # what tagging it offered (its other occurrences)
    keys = sum(spent.values()) - pressed_before
    final = annotated()
    spent["(not reached: reference mentions still missing)"] += sum(
        1 for span in reference if span not in final
    )
    spent["(wrong: accepted, not in the reference)"] += sum(
        1 for span in final if span not in reference
    )
    window.close()
    store.close()
    return keys


def keystrokes(schema: AnnotationSchema, samples: list[Any]) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print("\nKeystrokes to bring each annotated sample's entity mentions to the reference")
    print(f"{'sample':<38}{'mentions':>9}{'counted':>9}{'by hand':>9}{'with':>7}{'ratio':>7}")
    totals = [0, 0, 0]
    spent: Counter[str] = Counter()
    by_hand: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as folder:
        for sample in samples:
            counted = _without(schema, sample)
            without = _replayed(schema, sample, Path(folder), by_hand, suggestions=False)
            with_keys = _replayed(schema, sample, Path(folder), spent, suggestions=True)
            for index, value in enumerate((counted, without, with_keys)):
                totals[index] += value
            print(
                f"{sample.file:<38}{len(sample.mentions):>9}{counted:>9}{without:>9}"
                f"{with_keys:>7}{without / with_keys:>6.1f}×"
            )
    counted, without, with_keys = totals
    print(
        f"{'all':<38}{'':>9}{counted:>9}{without:>9}{with_keys:>7}{without / with_keys:>6.1f}× "
        f"(target ≥ 4×; against the counted floor {counted / with_keys:.1f}×)"
    )
    print("\nWhere the keys went with suggestions (all samples):")
    for what, count in spent.most_common():
        print(f"  {count:>5}  {what}")
    print("Without suggestions, replayed: " + ", ".join(f"{c} {w}" for w, c in by_hand.items()))


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
