"""File → Connect to team database…: saved connection profiles and the password prompt.

A profile (name, host, port, database, user, sslmode) is kept in the user's settings; the
password never is. It is asked in the dialog and, when the reviewer ticks the box, kept in the
operating system's keyring (``keyring``, service ``annotator-team``, key ``user@host/db``).
Where no keyring is available (a headless machine) the dialog says so and the password is
simply not saved — there is no fallback to the settings or a file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from urllib.parse import quote

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import KnownError
from desktop_app.core.store import Store

PROFILES_KEY = "team/profiles"
LAST_PROFILE_KEY = "team/last_profile"
KEYRING_SERVICE = "annotator-team"
SSL_MODES = ("prefer", "require", "verify-ca", "verify-full", "allow", "disable")
NO_KEYRING = (
    "No system keyring is available here: the password is not saved and will be asked "
    "again next time."
)


@dataclass(frozen=True)
class TeamProfile:
    name: str
    host: str
    port: int
    database: str
    user: str
    sslmode: str = "prefer"

    @property
    def key(self) -> str:
        """The keyring entry's name: ``user@host/database``."""
        return f"{self.user}@{self.host}/{self.database}"

    def url(self) -> str:
        """The libpq URL (no password); a host starting with ``/`` is a socket folder."""
        host = quote(self.host, safe="")
        return (
            f"postgresql://{quote(self.user, safe='')}@/{quote(self.database, safe='')}"
            f"?host={host}&port={self.port}&sslmode={self.sslmode}"
        )


def load_profiles(settings: QSettings) -> list[TeamProfile]:
    """The saved profiles; entries that are not usable (a hand-edited file) are skipped."""
    raw = settings.value(PROFILES_KEY, "")
    try:
        entries = json.loads(raw) if isinstance(raw, str) and raw else []
    except ValueError:
        return []
    profiles = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            profile = TeamProfile(
                name=str(entry["name"]),
                host=str(entry["host"]),
                port=int(entry["port"]),
                database=str(entry["database"]),
                user=str(entry["user"]),
                sslmode=str(entry.get("sslmode", "prefer")),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        if profile.sslmode in SSL_MODES and 0 < profile.port < 65536:
            profiles.append(profile)
    return profiles


def save_profile(settings: QSettings, profile: TeamProfile) -> None:
    """Add ``profile`` (replacing one of the same name) and remember it as the last used."""
    kept = [p for p in load_profiles(settings) if p.name != profile.name]
    settings.setValue(PROFILES_KEY, json.dumps([asdict(p) for p in [*kept, profile]]))
    settings.setValue(LAST_PROFILE_KEY, profile.name)
    settings.sync()


# --- the keyring --------------------------------------------------------------------------


def keyring_available() -> bool:
    """Whether the OS offers a keyring to keep passwords in."""
    import keyring
    from keyring.backends import fail

    return not isinstance(keyring.get_keyring(), fail.Keyring)


def stored_password(profile: TeamProfile) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, profile.key)
    except (KeyringError, OSError):
        return None


def remember_password(profile: TeamProfile, password: str) -> str | None:
    """Keep the password in the keyring; the reason when it could not be (else None)."""
    import keyring
    from keyring.errors import KeyringError

    if not keyring_available():
        return NO_KEYRING
    try:
        keyring.set_password(KEYRING_SERVICE, profile.key, password)
    except (KeyringError, OSError) as error:
        return f"The password was not saved in the keyring: {error}"
    return None


# --- the dialog ---------------------------------------------------------------------------

Connector = Callable[[str, str | None], Store]  # (url, password) -> an open store


class TeamConnectDialog(QDialog):
    """Pick or type a profile, give the password, Connect. A refused connection is shown in
    the dialog and changes nothing; a successful one leaves the open store in ``store``."""

    def __init__(
        self, settings: QSettings, connect: Connector, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("team_connect_dialog")
        self.setWindowTitle("Connect to team database")
        self.settings = settings
        self._connect = connect
        self.store: Store | None = None
        self.notice = ""  # what to tell the reviewer after connecting (the keyring)
        self.profiles = load_profiles(settings)

        self.profile = QComboBox()
        self.profile.setAccessibleName("Saved profile")
        self.profile.addItem("New profile", None)
        for saved in self.profiles:
            self.profile.addItem(saved.name, saved.name)
        self.name = QLineEdit(placeholderText="e.g. Compliance team")
        self.host = QLineEdit(placeholderText="db.example.com, or a socket folder")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit(placeholderText="annotations")
        self.user = QLineEdit(placeholderText="your login")
        self.sslmode = QComboBox()
        for mode in SSL_MODES:
            self.sslmode.addItem(mode, mode)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("Keep the password in the system keyring")
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        if not keyring_available():
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.keyring_note.setText(NO_KEYRING)
        else:
            self.remember.setChecked(True)
            self.keyring_note.hide()
        self.error = QLabel()
        self.error.setObjectName("team_connect_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #d0021b")
        self.error.hide()

        form = QFormLayout()
        for label, field, accessible in (
            ("&Profile", self.profile, None),
            ("&Name", self.name, "Profile name"),
            ("&Host", self.host, "Server host"),
            ("P&ort", self.port, "Server port"),
            ("&Database", self.database, "Database name"),
            ("&User", self.user, "Login"),
            ("&TLS", self.sslmode, "TLS mode (sslmode)"),
            ("Pass&word", self.password, "Password"),
        ):
            if accessible:
                field.setAccessibleName(accessible)
            form.addRow(label, field)
        form.addRow("", self.remember)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText("&Connect")
        self.buttons.accepted.connect(self.try_connect)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

        self.profile.currentIndexChanged.connect(self._show_profile)
        for field in (self.name, self.host, self.database, self.user):
            field.textChanged.connect(self._enable)
        last = settings.value(LAST_PROFILE_KEY, "")
        self.profile.setCurrentIndex(max(self.profile.findData(last), 0))
        self._show_profile()

    def typed_profile(self) -> TeamProfile:
        return TeamProfile(
            name=self.name.text().strip() or f"{self.user.text().strip()}@{self.host.text()}",
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            sslmode=str(self.sslmode.currentData()),
        )

    def _show_profile(self) -> None:
        chosen = self.profile.currentData()
        saved = next((p for p in self.profiles if p.name == chosen), None)
        if saved is not None:
            self.name.setText(saved.name)
            self.host.setText(saved.host)
            self.port.setValue(saved.port)
            self.database.setText(saved.database)
            self.user.setText(saved.user)
            self.sslmode.setCurrentIndex(max(self.sslmode.findData(saved.sslmode), 0))
            self.password.setText(stored_password(saved) or "")
        self._enable()
        (self.password if saved is not None else self.name).setFocus()

    def _enable(self) -> None:
        self.connect_button.setEnabled(
            all(f.text().strip() for f in (self.host, self.database, self.user))
        )

    def try_connect(self) -> None:
        """Connect; on success save the profile (and the password where asked), else say why."""
        profile = self.typed_profile()
        password = self.password.text() or None
        try:
            store = self._connect(profile.url(), password)
        except KnownError as error:
            said = str(error)
            if "password authentication failed" in said or "no password supplied" in said:
                said = f"the server refused the login {profile.user!r}: wrong password? ({said})"
            self.error.setText(f"Not connected: {said}")
            self.error.show()
            self.password.setFocus()
            self.password.selectAll()
            return
        self.store = store
        save_profile(self.settings, profile)
        if password and self.remember.isChecked():
            self.notice = remember_password(profile, password) or ""
        elif password and not keyring_available():
            self.notice = NO_KEYRING
        self.accept()
