"""Light and dark: View → Theme offers system, light and dark, saved in the settings.

"system" keeps the platform's palette (and follows it when the desktop switches); "light" and
"dark" use the Fusion style with a palette of our own, so they look the same everywhere. In
all three, text fields (line edits and text boxes) get a border drawn in a colour between
the text and the window colour: dark palettes draw those borders nearly in the window
colour, so the fields vanish.

A start applies the saved theme in two steps (``apply_theme``): the style and palette before
the window's outline is first painted, so it has the right colours from its first frame, and
the colour scheme and the fields' borders once the window's widgets exist (``ThemeChooser``).
Each setter re-polishes every widget there is, so a part already in place is not set again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu

from desktop_app.ui.settings_values import read_choice

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings, Qt

    from desktop_app.ui.main_window import MainWindow

THEME_SETTING = "view/theme"
THEMES = ("system", "light", "dark")
_TITLES = {"system": "System", "light": "Light", "dark": "Dark"}

_LIGHT = {
    QPalette.ColorRole.Window: "#efefef",
    QPalette.ColorRole.WindowText: "#1d1d1f",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f5f5f5",
    QPalette.ColorRole.Text: "#1d1d1f",
    QPalette.ColorRole.Button: "#e8e8e8",
    QPalette.ColorRole.ButtonText: "#1d1d1f",
    QPalette.ColorRole.ToolTipBase: "#ffffdc",
    QPalette.ColorRole.ToolTipText: "#1d1d1f",
    QPalette.ColorRole.PlaceholderText: "#767676",
    QPalette.ColorRole.Highlight: "#2f65ca",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#1a5fb4",
    QPalette.ColorRole.Light: "#ffffff",
    QPalette.ColorRole.Midlight: "#e3e3e3",
    QPalette.ColorRole.Mid: "#a0a0a0",
    QPalette.ColorRole.Dark: "#8a8a8a",
    QPalette.ColorRole.Shadow: "#474747",
}
_DARK = {
    QPalette.ColorRole.Window: "#2b2d30",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#26282b",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#3c3f41",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.ToolTipBase: "#3c3f41",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    QPalette.ColorRole.Highlight: "#3d6fd6",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.Light: "#505357",
    QPalette.ColorRole.Midlight: "#3f4245",
    QPalette.ColorRole.Mid: "#5f6368",
    QPalette.ColorRole.Dark: "#1a1b1d",
    QPalette.ColorRole.Shadow: "#000000",
}
_DISABLED_TEXT = {"light": "#8c8c8c", "dark": "#7a7a7a"}
# Application properties: the style this module set (a style sheet hides the style's name),
# the style the application had before any theme, and the colour scheme asked of the platform.
_STYLE = "theme_style"
_SYSTEM_STYLE = "system_style_name"
_SCHEME = "theme_scheme"


def saved_theme(settings: QSettings, ignored: list[str] | None = None) -> str:
    """The theme chosen in View → Theme ("system" if none, or if the stored one is unknown)."""
    return read_choice(settings, THEME_SETTING, THEMES, "system", ignored)


def _style_name(app: QApplication) -> str:
    """The application's style, as this module last set or first saw it: once the fields'
    style sheet is set, ``app.style()`` is the sheet's and has no name."""
    name = app.property(_STYLE)
    if not name:
        name = app.style().name().lower()
        app.setProperty(_STYLE, name)
    return str(name)


def system_style(app: QApplication) -> str:
    """What "system" goes back to: the style the application had before any theme."""
    name = app.property(_SYSTEM_STYLE)
    if not name:
        name = _style_name(app)
        app.setProperty(_SYSTEM_STYLE, name)
    return str(name)


def _set_colour_scheme(app: QApplication, name: str) -> None:
    if (app.property(_SCHEME) or "system") == name:
        return
    from PySide6.QtCore import Qt  # its namespace takes ~15 ms to load: not before first pixels

    schemes = {
        "system": Qt.ColorScheme.Unknown,
        "light": Qt.ColorScheme.Light,
        "dark": Qt.ColorScheme.Dark,
    }
    QGuiApplication.styleHints().setColorScheme(schemes[name])
    app.setProperty(_SCHEME, name)


def apply_theme(app: QApplication, name: str, *, first_frame: bool = False) -> None:
    """Theme ``name``'s style, palette, colour scheme and text-field borders, each only if the
    application does not have it yet. ``first_frame``: the style and palette alone, which is
    what the first frame needs and costs next to nothing; the rest later."""
    wanted = system_style(app) if name == "system" else "fusion"
    if _style_name(app) != wanted.lower():
        app.setStyle(wanted)
        app.setProperty(_STYLE, wanted.lower())
    if name == "system":
        # An empty palette resolves to the platform's own (light or dark as the desktop is,
        # and following it); the style's standard palette would be light on every platform.
        if app.palette().resolveMask() != 0:
            app.setPalette(QPalette())
    else:
        palette = theme_palette(name)
        if app.palette() != palette:
            app.setPalette(palette)
    if first_frame:
        return
    _set_colour_scheme(app, name)
    sheet = input_style_sheet(app.palette())
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)


def theme_palette(name: str) -> QPalette:
    """The palette of the "light" or "dark" theme."""
    palette = QPalette()
    for role, colour in (_DARK if name == "dark" else _LIGHT).items():
        palette.setColor(role, QColor(colour))
    disabled = QColor(_DISABLED_TEXT["dark" if name == "dark" else "light"])
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def _mix(first: QColor, second: QColor, share: float) -> QColor:
    """``share`` of ``first`` and the rest of ``second``."""
    return QColor(
        round(first.red() * share + second.red() * (1 - share)),
        round(first.green() * share + second.green() * (1 - share)),
        round(first.blue() * share + second.blue() * (1 - share)),
    )


def input_style_sheet(palette: QPalette) -> str:
    """Borders for input fields that stand out from the window in any palette."""
    text = palette.color(QPalette.ColorRole.Text)
    window = palette.color(QPalette.ColorRole.Window)
    border = _mix(text, window, 0.45).name()
    focus = palette.color(QPalette.ColorRole.Highlight).name()
    # Text fields only: a drop-down styled this way loses its arrow, and the style draws
    # drop-downs as buttons that stand out from the window anyway.
    fields = "QLineEdit, QPlainTextEdit, QTextEdit"
    focused = "QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus"
    return (
        f"{fields} {{ border: 1px solid {border}; border-radius: 3px; padding: 2px; }}\n"
        f"QComboBox QLineEdit {{ border: none; padding: 0; }}\n"
        f"{focused} {{ border: 1px solid {focus}; }}\n"
    )


class ThemeChooser:
    """Applies the saved theme to the application and offers the choice in the View menu."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        app = QApplication.instance()
        assert isinstance(app, QApplication), "a window needs a QApplication"
        self.app = app
        system_style(app)
        self.name = saved_theme(window.settings, window.ignored_settings)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_changed)
        self.apply(self.name)

    def apply(self, name: str) -> None:
        self.name = name
        apply_theme(self.app, name)

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.name == "system":
            self.apply("system")

    def choose(self, name: str) -> None:
        self.apply(name)
        self.window.settings.setValue(THEME_SETTING, name)
        self._check(name)
        self.window.show_message(f"Theme: {_TITLES[name].lower()}")

    def _check(self, name: str) -> None:
        for theme in THEMES:
            action = self.window.registry.action(f"view.theme_{theme}")
            action.setChecked(theme == name)

    def install_menu(self) -> QMenu:
        """View → Theme: the three choices as radio items (after the actions exist)."""
        view_menu = next(
            action.menu()
            for action in self.window.menuBar().actions()
            if action.text().replace("&", "") == "View"
        )
        assert isinstance(view_menu, QMenu)
        submenu = QMenu("&Theme", view_menu)
        submenu.setObjectName("theme_menu")
        group = QActionGroup(submenu)
        group.setExclusive(True)
        for theme in THEMES:
            action: QAction = self.window.registry.action(f"view.theme_{theme}")
            action.setCheckable(True)
            group.addAction(action)
            submenu.addAction(action)
        view_menu.addSeparator()
        view_menu.addMenu(submenu)
        self._check(self.name)
        return submenu


def _chooser_of(chooser: ThemeChooser, name: str) -> Callable[[], None]:
    return lambda: chooser.choose(name)


def register(window: MainWindow) -> ThemeChooser:
    """Apply the saved theme now and register the three View → Theme commands."""
    from desktop_app.ui.commands import Command

    chooser = ThemeChooser(window)
    for theme in THEMES:
        window.registry.register(
            Command(
                f"view.theme_{theme}",
                f"Theme: {_TITLES[theme]}",
                _chooser_of(chooser, theme),
                description="Follow the system" if theme == "system" else f"Use the {theme} theme",
            )
        )
    return chooser
