"""The annotation window: documents | text | forms, with menus and keys from the command registry.

The window wires the panes to the editor context and keeps the view consistent with what the
store holds: every edit comes back as ``Changes`` and each pane refreshes just that.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.core.errors import KnownError
from desktop_app.core.invisible_chars import invisible_warning
from desktop_app.core.keymap import load_keymap
from desktop_app.core.models import Changes, DocumentStatus
from desktop_app.core.resources import resource_path
from desktop_app.core.span_index import IndexedSpan
from desktop_app.core.store import Store
from desktop_app.core.store.annotations import page_at
from desktop_app.core.validation import split_problems, validate_document
from desktop_app.core.working_document import WorkingDocument
from desktop_app.ui import theme, word_selection
from desktop_app.ui.actions import logs as log_commands
from desktop_app.ui.actions import register_all
from desktop_app.ui.actions import team as team_commands
from desktop_app.ui.combo_keys import ComboKeys
from desktop_app.ui.commands import CommandRegistry
from desktop_app.ui.comment_marks import CommentMarkClicks
from desktop_app.ui.documents_pane import DocumentsPane
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.find_bar import FindBar
from desktop_app.ui.forms import FormsPane
from desktop_app.ui.identity import Reviewer, stored_reviewer
from desktop_app.ui.live_feed import TeamWatch, watch_team
from desktop_app.ui.page_pane import PagePane
from desktop_app.ui.responsive_layout import ResponsiveLayout
from desktop_app.ui.settings_values import (
    ignored_message,
    note_ignored,
    read_bytes,
    read_int,
    read_size,
)
from desktop_app.ui.text_context_menu import TextContextMenu
from desktop_app.ui.text_view import (
    DEFAULT_POINT_SIZE,
    LARGEST_POINT_SIZE,
    SMALLEST_POINT_SIZE,
    AnnotatedTextView,
)

if TYPE_CHECKING:
    from desktop_app.ui.actions.annotate import Annotator
    from desktop_app.ui.actions.suggestions import SuggestionController
    from desktop_app.ui.import_dialog import ImportSession

MENU_ORDER = ("File", "Edit", "Annotate", "Go", "Review", "View", "Help")


class MainWindow(QMainWindow):
    annotator: Annotator
    suggestions: SuggestionController
    import_session: ImportSession | None = None

    def __init__(self, store: Store, settings: QSettings, user_keymap: Path | None = None) -> None:
        super().__init__()
        # A team database is named in the title: which one this window edits is never a guess.
        self.setWindowTitle(
            APP_NAME if store.team_url is None else f"{APP_NAME} — {store.team_url}"
        )
        self.setObjectName("main_window")
        self.setAcceptDrops(True)
        self.settings = settings
        # Settings keys whose stored values were unusable, reported once the window is up.
        self.ignored_settings: list[str] = []
        # On a team database the login is who edits: no name from the settings applies.
        team = store.team_url is not None
        self.reviewer = None if team else stored_reviewer(settings, self.ignored_settings)
        if self.reviewer is not None:
            store.actor = self.reviewer.name
        self.context = EditorContext(store, self)
        self.documents = DocumentsPane(store)
        self.text_view = AnnotatedTextView()
        self.find_bar = FindBar(self.text_view)
        self.forms = FormsPane(self.context)
        self.context.selection_provider = self.text_view.selected_span
        schema = store.schema
        self.text_view.set_colours(
            {t.id: t.colour for t in schema.entity_types},
            {t.id: t.colour for t in schema.event_types},
        )
        self.text_view.set_describer(self._describe_span)
        self.page_pane = PagePane()
        self.page_pane.set_colours(
            {t.id: t.colour for t in schema.entity_types},
            {t.id: t.colour for t in schema.event_types},
        )
        self.page_pane.follow(self.text_view)
        self.page_pane.hide()

        text_pane = QWidget()
        text_layout = QVBoxLayout(text_pane)
        text_layout.setContentsMargins(0, 0, 0, 0)
        self.title_label = QLabel()
        self.title_label.setObjectName("document_title")
        self.title_label.setWordWrap(True)
        text_layout.addWidget(self.title_label)
        text_layout.addWidget(self.text_view, 1)
        text_layout.addWidget(self.find_bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.documents)
        # The page pane sits beside the text in a splitter of its own, so the main splitter's
        # saved layout stays valid whether it is shown or not.
        self.reading_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.reading_splitter.setObjectName("reading_splitter")
        self.reading_splitter.addWidget(text_pane)
        self.reading_splitter.addWidget(self.page_pane)
        # Text and forms side by side, or the forms under the text in a narrow window.
        self.work_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.work_splitter.setObjectName("work_splitter")
        self.work_splitter.setChildrenCollapsible(False)
        self.work_splitter.addWidget(self.reading_splitter)
        self.work_splitter.addWidget(self.forms)
        self.work_splitter.setStretchFactor(0, 5)
        self.work_splitter.setStretchFactor(1, 3)
        self.splitter.addWidget(self.work_splitter)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 8)
        self.setCentralWidget(self.splitter)
        self.responsive = ResponsiveLayout(self)

        self.caret_label = QLabel()
        self.saved_label = QLabel()
        self.reviewer_label = QLabel(self.reviewer.label if self.reviewer else store.actor)
        self.reviewer_label.setToolTip(
            f"Logged in to {store.team_url}: edits are recorded under this login"
            if team
            else "Who edits are recorded under"
        )
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setFormat("%v of %m approved")
        self.progress.setAccessibleName("Approved documents in the corpus")
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.reviewer_label)
        self.statusBar().addPermanentWidget(self.caret_label)
        self.statusBar().addPermanentWidget(self.saved_label)

        self.registry = CommandRegistry(self)
        self.registry.message.connect(self.show_message)
        register_all(self)
        log_commands.register(self)  # Help → Show logs
        team_commands.register(self)  # File → Connect to team database…
        self.words = word_selection.register(self)
        self.theme = theme.register(self)
        self.text_menu = TextContextMenu(self)
        self.combo_keys = ComboKeys(self.theme.app, self)
        self.user_keymap = user_keymap
        self.keymap_problems: list[str] = []
        self.apply_keymap(user_keymap)
        self._build_menus()
        team_commands.install_menu(self)
        word_selection.make_toggle_checkable(self, self.words)
        self.suggestions.make_toggles_checkable()
        self.theme.install_menu()

        self.context.message.connect(self.show_message)
        self.context.changed.connect(self._on_changed)
        self.context.outside_changed.connect(self._on_outside_changed)
        self.context.saved.connect(lambda: self.saved_label.setText("Saved"))
        self.documents.document_activated.connect(self.open_document)
        self.documents.reloaded.connect(self._update_progress)
        self.comment_marks = CommentMarkClicks(self)
        self.context.labels_changed.connect(self._relabel_title)
        self.forms.jump_requested.connect(self.jump_to)
        self.forms.problems_tab.count_changed.connect(self._problem_count_changed)
        self.forms.comments_tab.count_changed.connect(self._comments_changed)
        self._progress_status: DocumentStatus | None = None
        self._update_progress()
        self.text_view.caret_moved.connect(self._show_caret)
        self.text_view.hovered.connect(self._show_hover)
        self.text_view.invisibles_found.connect(self._warn_of_invisibles)
        self._restore_layout()
        # A team database: other members' commits at once, and who has what open.
        self.team_watch: TeamWatch | None = watch_team(self)
        # Later, so that open_window's own checks (the last document) join the same message.
        QTimer.singleShot(0, self, self._report_start_problems)

    def set_reviewer(self, reviewer: Reviewer) -> None:
        """Edits from now on are recorded under ``reviewer``."""
        self.reviewer = reviewer
        self.context.store.actor = reviewer.name
        self.reviewer_label.setText(reviewer.label)
        self.show_message(f"Reviewing as {reviewer.label}")

    def apply_keymap(self, user_keymap: Path | None) -> None:
        """(Re)bind every command's keys from the defaults plus the user's file."""
        keymap = load_keymap(resource_path("keymap.toml"), user_keymap, self.registry.ids())
        self.registry.build_actions(self, self.text_view, keymap)
        self.keymap_problems = keymap.problems

    # --- layout ------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        menus: dict[str, QMenu] = {}
        for name in MENU_ORDER:
            menus[name] = self.menuBar().addMenu(f"&{name}")
        toolbar = QToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        self.addToolBar(toolbar)
        for command in self.registry:
            action = self.registry.action(command.id)
            if command.menu:
                if command.menu not in menus:
                    menus[command.menu] = self.menuBar().addMenu(command.menu)
                menus[command.menu].addAction(action)
            if command.toolbar:
                toolbar.addAction(action)

    def _restore_layout(self) -> None:
        # The settings file may be damaged or hand-edited: every value is checked before use,
        # since a bad one (a size of -5 by 99999999) can crash Qt rather than just look wrong.
        ignored = self.ignored_settings
        geometry = read_bytes(self.settings, "window/geometry", ignored)
        if geometry is not None and not self.restoreGeometry(geometry):
            note_ignored(ignored, "window/geometry")
            geometry = None
        if geometry is None:
            # Without a usable geometry the saved size alone is still worth keeping.
            size = read_size(
                self.settings,
                "window/size",
                QSize(1400, 860),
                minimum=self.minimumSizeHint().expandedTo(self.minimumSize()),
                maximum=self.screen().availableGeometry().size(),
                ignored=ignored,
            )
            self.resize(size)
        state = read_bytes(self.settings, "window/splitter", ignored)
        if state is not None and not self.splitter.restoreState(state):
            note_ignored(ignored, "window/splitter")
            state = None
        if state is None:
            self.splitter.setSizes([320, 1120])
        work = read_bytes(self.settings, "window/work_splitter", ignored)
        if work is not None and not self.work_splitter.restoreState(work):
            note_ignored(ignored, "window/work_splitter")
            work = None
        if work is None:
            self.work_splitter.setSizes([600, 520])
        # Restored again once shown: the panes' minimum sizes change when they are styled,
        # and the splitters squeeze what they restored before that.
        self._saved_splitters = [
            (splitter, saved)
            for splitter, saved in ((self.splitter, state), (self.work_splitter, work))
            if saved is not None
        ]
        self.responsive.fit(force=work is None)
        font = self.text_view.font()
        point_size = read_int(
            self.settings,
            "text/point_size",
            DEFAULT_POINT_SIZE,
            minimum=SMALLEST_POINT_SIZE,
            maximum=LARGEST_POINT_SIZE,
            ignored=ignored,
        )
        font.setPointSizeF(point_size)
        self.text_view.setFont(font)

    def reapply_saved_splitters(self) -> None:
        """On first show: the saved splitter positions once more (see _restore_layout)."""
        saved, self._saved_splitters = self._saved_splitters, []
        for splitter, state in saved:
            splitter.restoreState(state)
        if saved:
            self.responsive.fit()  # a layout saved on the other side of the threshold

    def _report_start_problems(self) -> None:
        """Key map problems and ignored settings, in one status-bar message."""
        problems = [*self.keymap_problems, ignored_message(self.ignored_settings)]
        text = "; ".join(problem for problem in problems if problem)
        if text:
            self.show_message(text)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/size", self.size())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/work_splitter", self.work_splitter.saveState())
        self.settings.setValue("text/point_size", round(self.text_view.font().pointSizeF()))
        if self.context.working is not None:
            self.settings.setValue("session/document", self.context.working.id)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.page_pane.shutdown()
        # Its worker reads the database, which the window's owner closes next (the team
        # window's as it is destroyed, the self-test's and run_window's after it closes).
        self.suggestions.shutdown()
        super().closeEvent(event)

    # --- documents ---------------------------------------------------------------------------

    @property
    def working(self) -> WorkingDocument | None:
        return self.context.working

    def open_document(self, document_id: str) -> None:
        self.context.open_document(document_id)
        working = self.context.working
        assert working is not None
        # Reading changes nothing: the first edit moves a new document to in progress.
        self._progress_status = working.document.status
        self.text_view.set_document(working.display, working.spans, working.kept_invisibles)
        store = self.context.store
        self.page_pane.set_document(
            document_id,
            working.document.text,
            working.document.pages,
            lambda: store.original(document_id),
        )
        self.page_pane.set_spans(working.spans)
        self._show_title(working)
        if self.text_view.invisibles:
            self.show_message(invisible_warning(self.text_view.invisibles))
        if not self.documents.select_document(document_id):
            self.show_message(f"{working.document.title}: open, but hidden by the list's filters")
        self._show_caret(0)

    def _warn_of_invisibles(self) -> None:
        """Invisible characters were found past the first screens of the open document."""
        if self.context.working is not None:
            self._show_title(self.context.working)
            self.show_message(invisible_warning(self.text_view.invisibles))

    def _relabel_title(self) -> None:
        if self.context.working is not None:
            self._show_title(self.context.working)

    def _show_title(self, working: WorkingDocument) -> None:
        document = working.document
        code = document.metadata.get("stock_code", "")
        parts = [f"<b>{document.title}</b>"]
        if code:
            parts.append(f"Stock code {code}")
        language = self.context.label_language
        parts.append(self.context.schema.status_label(document.status.value, language))
        if document.flag:
            parts.append(f"⚑ {document.flag}")
        warning = invisible_warning(self.text_view.invisibles)
        if warning:
            parts.append(f'<span style="color:#d0021b">{warning}</span>')
        self.title_label.setText(" · ".join(parts))

    def _on_changed(self, changes: Changes) -> None:
        working = self.context.working
        if working is None:
            return
        self.text_view.set_spans(working.spans)
        self.page_pane.set_spans(working.spans)
        if (
            working.id in changes.documents
            or changes.entities
            or changes.events
            or changes.removed_entities
            or changes.removed_events
        ):
            self.documents.model.refresh_document(working.id)
            self._show_title(working)
        if working.id in changes.documents and working.document.status != self._progress_status:
            self._update_progress()  # only a status step moves the approved count

    def _on_outside_changed(self, changes: Changes) -> None:
        """Another window or process saved something: bring the documents list up to date."""
        model = self.documents.model
        if not all(model.has_document(document_id) for document_id in changes.documents):
            self.documents.reload()  # documents added (or replaced) elsewhere
        else:
            try:
                for document_id in changes.documents:
                    model.refresh_document(document_id)
            except KnownError:  # one was removed elsewhere
                self.documents.reload()
        if self.context.working is not None:
            self.documents.select_document(self.context.working.id)
        self._update_progress()
        if changes.documents and not self.statusBar().currentMessage():
            # Never over a message the reviewer has yet to read (say, why an edit was refused).
            self.show_message(
                f"Updated {len(changes.documents)} document(s) changed in another window or program"
            )

    def _update_progress(self) -> None:
        working = self.context.working
        self._progress_status = working.document.status if working is not None else None
        by_status = self.context.store.status_counts()
        self.progress.setMaximum(max(sum(by_status.values()), 1))
        self.progress.setValue(by_status.get(DocumentStatus.APPROVED.value, 0))

    def _comments_changed(self, _count: int) -> None:
        self.text_view.set_marked(self.forms.comments_tab.commented_targets())

    def _problem_count_changed(self, count: int) -> None:
        if self.context.working is not None:
            self.documents.model.set_problem_count(self.context.working.id, count)

    def open_first_problem(self) -> None:
        """Open the first document with a problem that stops its export (else the first with
        any problem), on its Problems tab."""
        store = self.context.store
        first_with_any: str | None = None
        target: str | None = None
        for document_id in self.documents.visible_ids():
            annotated = store.annotated(document_id)
            problems = validate_document(annotated, store.schema)
            if not problems:
                continue
            refusals, _ = split_problems(problems, annotated.document.status)
            if refusals:
                target = document_id
                break
            first_with_any = first_with_any or document_id
        target = target or first_with_any
        if target is None:
            self.show_message("no document has problems")
            return
        self.open_document(target)
        self.forms.focus_problems()

    def jump_to(self, start: int, end: int) -> None:
        self.text_view.select_span(start, end)
        self.text_view.setFocus()

    # --- status bar --------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _describe_span(self, span: IndexedSpan) -> str:
        working = self.context.working
        return working.describe(span) if working else span.type_id

    def _show_caret(self, offset: int) -> None:
        working = self.context.working
        if working is None:
            self.caret_label.setText("")
            return
        parts = []
        if working.document.pages:
            parts.append(f"page {page_at(working.document.pages, offset)}")
        names = [working.describe(span) for span in working.spans.at(offset)]
        cursor = self.text_view.textCursor()
        parts.append(f"line {cursor.blockNumber() + 1}, column {cursor.positionInBlock() + 1}")
        self.caret_label.setText(" · ".join(names[:3] + parts))

    def _show_hover(self, offset: int) -> None:
        working = self.context.working
        if working is None:
            return
        names = [working.describe(span) for span in working.spans.at(offset)]
        if names:
            self.statusBar().showMessage(" · ".join(names), 3000)

    # --- drag and drop -----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.start_import(paths)

    def start_import(self, paths: list[Path]) -> None:
        from desktop_app.ui.import_dialog import run_import

        self.suggestions.watch_import(run_import(self, paths))
