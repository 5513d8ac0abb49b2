"""Reading values back from the user's settings file, which may be damaged or edited by hand.

QSettings returns whatever the INI file holds: a string where a size was saved, a size of
minus five by a hundred million (which crashes Qt when a window is resized to it), a
``@Variant(...)`` Qt cannot decode (returned as None). Each reader here returns a value of the
kind asked for, within bounds, or the default. A key whose stored value was not used is added
to ``ignored`` (once), so the window can say which settings it ignored instead of crashing.
A key that is simply absent is not a problem and is not recorded.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize

# Qt's largest widget side (QWIDGETSIZE_MAX): a saved size beyond it never came from a window.
LARGEST_WIDGET_SIDE = 16_777_215


def note_ignored(ignored: list[str] | None, key: str) -> None:
    """Record that the stored value of ``key`` was not used (each key once)."""
    if ignored is not None and key not in ignored:
        ignored.append(key)


def ignored_message(ignored: list[str]) -> str:
    """The status-bar line naming every ignored key, or "" when there are none."""
    if not ignored:
        return ""
    if len(ignored) == 1:
        return f"Ignored a bad setting {ignored[0]}; using the default"
    return f"Ignored bad settings {', '.join(ignored)}; using the defaults"


def _stored(settings: QSettings, key: str) -> tuple[bool, object]:
    """Whether ``key`` is in the file, and its value (None for one Qt could not decode)."""
    return settings.contains(key), settings.value(key)


def _within(size: QSize, minimum: QSize, maximum: QSize) -> QSize:
    # The minimum wins over the maximum: a window cannot be made smaller than it anyway.
    return size.boundedTo(maximum).expandedTo(minimum)


def read_size(
    settings: QSettings,
    key: str,
    default: QSize,
    *,
    minimum: QSize,
    maximum: QSize,
    ignored: list[str] | None = None,
) -> QSize:
    """A positive size, clamped to ``minimum``..``maximum`` (the screen's available size).

    A size merely larger than the screen (saved on a bigger monitor) is clamped silently; one
    that is not a size, not positive, or larger than any widget can be is ignored.
    """
    present, value = _stored(settings, key)
    if not present:
        return _within(default, minimum, maximum)
    if (
        isinstance(value, QSize)
        and 0 < value.width() <= LARGEST_WIDGET_SIDE
        and 0 < value.height() <= LARGEST_WIDGET_SIDE
    ):
        return _within(value, minimum, maximum)
    note_ignored(ignored, key)
    return _within(default, minimum, maximum)


def read_int(
    settings: QSettings,
    key: str,
    default: int,
    *,
    minimum: int,
    maximum: int,
    ignored: list[str] | None = None,
) -> int:
    """An integer in ``minimum``..``maximum``; anything else (``abc``, ``-3``, ``1.5``) is ignored.

    An INI file stores numbers as text, so a string of digits is read as its number.
    """
    present, value = _stored(settings, key)
    if not present:
        return default
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            number = None
    if number is not None and minimum <= number <= maximum:
        return number
    note_ignored(ignored, key)
    return default


def read_bytes(
    settings: QSettings, key: str, ignored: list[str] | None = None
) -> QByteArray | None:
    """Saved Qt state (geometry, splitter), or None when absent or not bytes at all.

    Whether Qt accepts the bytes only the restoring call can tell: when ``restoreGeometry`` or
    ``restoreState`` returns False, the caller reports the key with ``note_ignored``.
    """
    present, value = _stored(settings, key)
    if not present:
        return None
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    note_ignored(ignored, key)
    return None


def read_text(
    settings: QSettings, key: str, default: str = "", ignored: list[str] | None = None
) -> str:
    """A string; a list (an unquoted comma), a number type, a rectangle… is ignored.

    Text with U+FFFD was not valid UTF-8 in the file, so it is not what the application wrote.
    """
    present, value = _stored(settings, key)
    if not present:
        return default
    if isinstance(value, str) and "\ufffd" not in value:
        return value
    note_ignored(ignored, key)
    return default


def read_bool(
    settings: QSettings, key: str, default: bool, ignored: list[str] | None = None
) -> bool:
    """A yes/no setting; an INI file stores it as ``true``/``false`` (or 1/0)."""
    present, value = _stored(settings, key)
    if not present:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "1", "false", "0"):
        return value.strip().lower() in ("true", "1")
    if isinstance(value, int):
        return value != 0
    note_ignored(ignored, key)
    return default


def read_choice(
    settings: QSettings,
    key: str,
    choices: tuple[str, ...],
    default: str,
    ignored: list[str] | None = None,
) -> str:
    """One of ``choices`` (a theme name, say); anything else is ignored."""
    value = read_text(settings, key, default, ignored)
    if value in choices:
        return value
    note_ignored(ignored, key)
    return default
