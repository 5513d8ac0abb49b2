"""Editors for typed attribute values: text, number, money, date, enum and boolean.

``editor_for(spec)`` returns the ``AttributeEditor`` for one ``AttributeSpec`` (see
``attribute_form`` for a labelled set of them). Editors only say what the user committed; the
form that owns them turns that into an undoable edit. Values follow
``AttributeSpec.problem_with``: money is ``"HKD 1500000.00"``, dates are ``YYYY-MM-DD``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.models import AttributeValue
from desktop_app.core.schema import AttributeKind, AttributeSpec

CURRENCIES: dict[str, str] = {
    "HKD": "HKD",
    "CNY": "CNY (RMB)",
    "USD": "USD",
    "EUR": "EUR",
    "GBP": "GBP",
    "JPY": "JPY",
    "SGD": "SGD",
    "AUD": "AUD",
    "CAD": "CAD",
    "CHF": "CHF",
    "TWD": "TWD",
    "MOP": "MOP",
}
REQUIRED_COLOUR = "#c62828"
_INVALID_STYLE = "QLineEdit { border: 1px solid #c62828; background: #fdecea; }"
_DECIMAL_INPUT = QRegularExpression(r"-?[0-9,]*\.?[0-9]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONEY = re.compile(r"(?P<currency>[A-Z]{3}) (?P<amount>\S+)")


def _same(first: AttributeValue, second: AttributeValue) -> bool:
    """Equal values of the same type (``1 == True == 1.0`` must not count as unchanged)."""
    return type(first) is type(second) and first == second


def _plain_decimal(text: str) -> Decimal | None:
    try:
        number = Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class AttributeEditor(QWidget):
    """One attribute's editor. ``committed`` carries the new value when the user commits it."""

    committed = Signal(object)

    def __init__(self, spec: AttributeSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._committed: AttributeValue = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._row)
        self.message = QLabel(self)
        self.message.setObjectName("field_problem")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {REQUIRED_COLOUR};")
        self.message.hide()
        column.addWidget(self.message)
        if spec.description:
            self.setToolTip(spec.description)

    @property
    def accessible_title(self) -> str:
        return f"{self.spec.title} (required)" if self.spec.required else self.spec.title

    def value(self) -> AttributeValue:
        """The value currently shown; invalid input counts as the last committed value."""
        raise NotImplementedError

    @property
    def committed_value(self) -> AttributeValue:
        """The value last committed or set: what the store is believed to hold."""
        return self._committed

    def set_value(self, value: AttributeValue) -> None:
        """Show ``value`` without committing it."""
        self._committed = value
        self._show(value)

    def refresh_value(self, value: AttributeValue) -> None:
        """Like ``set_value``, but leaves an unchanged value alone so that a refresh never
        resets the caret or selection of a field being edited."""
        if not _same(value, self._committed):
            self.set_value(value)

    def _show(self, value: AttributeValue) -> None:
        raise NotImplementedError

    def focus_widgets(self) -> list[QWidget]:
        """The controls in Tab order, for the owning form's focus chain."""
        raise NotImplementedError

    def _commit(self, value: AttributeValue) -> None:
        if _same(value, self._committed):
            return
        self._committed = value
        self.committed.emit(value)

    def _mark_invalid(self, field: QLineEdit, reason: str | None) -> None:
        """Red border and, under the field, the reason in words (not colour alone)."""
        field.setProperty("invalid", reason is not None)
        field.setStyleSheet(_INVALID_STYLE if reason else "")
        field.setToolTip(reason or self.spec.description)
        field.setAccessibleDescription(reason or "")
        self.message.setText(reason or "")
        self.message.setVisible(reason is not None)

    def is_acceptable(self) -> bool:
        return True


class TextEditor(AttributeEditor):
    def __init__(self, spec: AttributeSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.field = QLineEdit(self)
        self.field.setAccessibleName(self.accessible_title)
        self.field.editingFinished.connect(lambda: self._commit(self.value()))
        self._row.addWidget(self.field)
        self.setFocusProxy(self.field)

    def value(self) -> AttributeValue:
        return self.field.text().strip() or None

    def _show(self, value: AttributeValue) -> None:
        self.field.setText("" if value is None else str(value))

    def focus_widgets(self) -> list[QWidget]:
        return [self.field]


class NumberEditor(AttributeEditor):
    """Plain numbers; thousands separators may be typed and are dropped."""

    def __init__(self, spec: AttributeSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.field = QLineEdit(self)
        self.field.setValidator(QRegularExpressionValidator(_DECIMAL_INPUT, self.field))
        self.field.setAccessibleName(self.accessible_title)
        self.field.editingFinished.connect(self._on_editing_finished)
        self._row.addWidget(self.field)
        self.setFocusProxy(self.field)

    def _parsed(self) -> tuple[bool, AttributeValue]:
        text = self.field.text().replace(",", "").strip()
        if not text:
            return True, None
        if re.fullmatch(r"-?\d+", text):
            return True, int(text)
        number = _plain_decimal(text)
        return (False, None) if number is None else (True, float(number))

    def _on_editing_finished(self) -> None:
        ok, value = self._parsed()
        self._mark_invalid(self.field, None if ok else f"{self.field.text()!r} is not a number")
        if ok:
            self._commit(value)

    def value(self) -> AttributeValue:
        ok, value = self._parsed()
        return value if ok else self._committed

    def is_acceptable(self) -> bool:
        return self._parsed()[0]

    def _show(self, value: AttributeValue) -> None:
        if isinstance(value, float):
            text = format(Decimal(repr(value)), "f")
        else:
            text = "" if value is None else str(value)
        self.field.setText(text)
        self._mark_invalid(self.field, None)

    def focus_widgets(self) -> list[QWidget]:
        return [self.field]


class MoneyEditor(AttributeEditor):
    """A currency and an amount; the value is ``"HKD 1500000.00"`` (at least two decimals)."""

    def __init__(self, spec: AttributeSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.currency = QComboBox(self)
        for code, label in CURRENCIES.items():
            self.currency.addItem(label, code)
        self.currency.setAccessibleName(f"{self.accessible_title}: currency")
        self.amount = QLineEdit(self)
        self.amount.setValidator(QRegularExpressionValidator(_DECIMAL_INPUT, self.amount))
        self.amount.setPlaceholderText("amount, e.g. 1,500,000")
        self.amount.setAccessibleName(f"{self.accessible_title}: amount")
        self.currency.activated.connect(self._on_edited)
        self.amount.editingFinished.connect(self._on_edited)
        self._row.addWidget(self.currency)
        self._row.addWidget(self.amount, 1)
        self.setFocusProxy(self.amount)

    def _parsed(self) -> tuple[bool, AttributeValue]:
        text = self.amount.text().strip()
        if not text:
            return True, None
        number = _plain_decimal(text)
        if number is None:
            return False, None
        exponent = number.as_tuple().exponent  # an int: the number is finite
        if isinstance(exponent, int) and exponent > -2:
            number = number.quantize(Decimal("0.01"))
        return True, f"{self.currency.currentData()} {format(number, 'f')}"

    def _on_edited(self) -> None:
        ok, value = self._parsed()
        self._mark_invalid(self.amount, None if ok else f"{self.amount.text()!r} is not an amount")
        if ok:
            self._commit(value)
            if value is not None:
                self.amount.setText(str(value).split(" ", 1)[1])

    def value(self) -> AttributeValue:
        ok, value = self._parsed()
        return value if ok else self._committed

    def is_acceptable(self) -> bool:
        return self._parsed()[0]

    def _show(self, value: AttributeValue) -> None:
        match = _MONEY.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            self.currency.setCurrentIndex(0)
            self.amount.setText("" if value is None else str(value))
            reason = None if value is None else f"{value!r} is not money as 'HKD 1234.50'"
            self._mark_invalid(self.amount, reason)
            return
        code = match["currency"]
        if self.currency.findData(code) < 0:
            self.currency.addItem(code, code)
        self.currency.setCurrentIndex(self.currency.findData(code))
        self.amount.setText(match["amount"])
        self._mark_invalid(self.amount, None)

    def focus_widgets(self) -> list[QWidget]:
        return [self.currency, self.amount]


class DateEditor(AttributeEditor):
    """ISO dates only; anything else turns the field red with a tooltip and is not committed."""

    def __init__(self, spec: AttributeSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("YYYY-MM-DD")
        self.field.setAccessibleName(self.accessible_title)
        self.field.editingFinished.connect(self._on_editing_finished)
        self._row.addWidget(self.field)
        self.setFocusProxy(self.field)

    def _parsed(self) -> tuple[bool, AttributeValue]:
        text = self.field.text().strip()
        if not text:
            return True, None
        if not _ISO_DATE.fullmatch(text):
            return False, None
        try:
            return True, date.fromisoformat(text).isoformat()
        except ValueError:
            return False, None

    def _on_editing_finished(self) -> None:
        ok, value = self._parsed()
        reason = None if ok else _date_problem(self.field.text().strip())
        self._mark_invalid(self.field, reason)
        if ok:
            self._commit(value)

    def value(self) -> AttributeValue:
        ok, value = self._parsed()
        return value if ok else self._committed

    def is_acceptable(self) -> bool:
        return self._parsed()[0]

    def _show(self, value: AttributeValue) -> None:
        self.field.setText("" if value is None else str(value))
        self._mark_invalid(self.field, None)

    def focus_widgets(self) -> list[QWidget]:
        return [self.field]


class EnumEditor(AttributeEditor):
    """A fixed choice; the empty first item clears the value."""

    def __init__(self, spec: AttributeSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.choice = QComboBox(self)
        self.choice.addItem("", None)
        for name in spec.values:
            self.choice.addItem(name.replace("_", " "), name)
        self.choice.setAccessibleName(self.accessible_title)
        self.choice.activated.connect(lambda _index: self._commit(self.value()))
        self._row.addWidget(self.choice)
        self.setFocusProxy(self.choice)

    def set_value_labels(self, label_of: Callable[[str], str]) -> None:
        """Show each value by its label from the schema ("independent non-executive")."""
        for index in range(self.choice.count()):
            value = self.choice.itemData(index)
            if isinstance(value, str) and value in self.spec.values:
                self.choice.setItemText(index, label_of(value))

    def value(self) -> AttributeValue:
        data = self.choice.currentData()
        return data if isinstance(data, str) else None

    def _show(self, value: AttributeValue) -> None:
        if value is None or value == "":
            self.choice.setCurrentIndex(0)
            return
        index = self.choice.findData(value)
        if index < 0:  # keep data the schema no longer allows visible, so it can be fixed
            self.choice.addItem(f"{value} (not in schema)", value)
            index = self.choice.count() - 1
        self.choice.setCurrentIndex(index)

    def focus_widgets(self) -> list[QWidget]:
        return [self.choice]


class BooleanEditor(AttributeEditor):
    """Yes/no. An unrecorded value shows as partly checked, distinct from an explicit "no"."""

    def __init__(self, spec: AttributeSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.check = QCheckBox(self)
        self.check.setAccessibleName(self.accessible_title)
        self.check.clicked.connect(self._on_clicked)
        self._row.addWidget(self.check)
        self._row.addStretch(1)
        self.setFocusProxy(self.check)
        self._show(None)

    def _on_clicked(self) -> None:
        self.check.setTristate(False)
        self.check.setToolTip(self.spec.description)
        self._commit(self.check.isChecked())

    def value(self) -> AttributeValue:
        if self.check.checkState() is Qt.CheckState.PartiallyChecked:
            return None
        return self.check.isChecked()

    def _show(self, value: AttributeValue) -> None:
        unset = not isinstance(value, bool)
        self.check.setTristate(unset)
        if unset:
            self.check.setCheckState(Qt.CheckState.PartiallyChecked)
            self.check.setToolTip("Not recorded yet")
        else:
            self.check.setChecked(bool(value))
            self.check.setToolTip(self.spec.description)

    def focus_widgets(self) -> list[QWidget]:
        return [self.check]


_EDITORS: dict[AttributeKind, type[AttributeEditor]] = {
    AttributeKind.TEXT: TextEditor,
    AttributeKind.NUMBER: NumberEditor,
    AttributeKind.MONEY: MoneyEditor,
    AttributeKind.DATE: DateEditor,
    AttributeKind.ENUM: EnumEditor,
    AttributeKind.BOOLEAN: BooleanEditor,
}


def editor_for(spec: AttributeSpec, parent: QWidget | None = None) -> AttributeEditor:
    """The editor for one attribute of the schema."""
    return _EDITORS[spec.kind](spec, parent)


def _date_problem(text: str) -> str:
    """Why ``text`` is not a date, in words: the format, or the day that does not exist."""
    if not _ISO_DATE.fullmatch(text):
        return f"“{text}” is not a date: write it as YYYY-MM-DD, e.g. 2025-03-31"
    return f"“{text}” is not a day on the calendar (YYYY-MM-DD): check the month and the day"
