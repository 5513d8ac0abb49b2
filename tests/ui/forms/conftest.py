"""Fixtures for the forms pane: the sample document with a few entities and one event,
written straight to the store (set-up is not what these tests check), and a shown pane."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.store import Store
from desktop_app.ui.editor_context import EditorContext
from desktop_app.ui.forms import FormsPane


def span_of(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


@pytest.fixture
def annotated(store: Store, document_id: str, context: EditorContext) -> SimpleNamespace:
    """Ids of: company (2 mentions), money, shares, date, person, and a ShareRepurchase event
    whose Repurchaser is the company; the context is reopened on the annotated document."""
    text = store.text_of(document_id)
    company = store.create_entity(
        document_id,
        "COMPANY",
        [span_of(text, "Harbour Star Holdings Limited"), span_of(text, "Company")],
    )
    money = store.create_entity(document_id, "MONEY", [span_of(text, "HK$1,500,000")])
    shares = store.create_entity(document_id, "SHARE_QUANTITY", [span_of(text, "120,000 shares")])
    day = store.create_entity(document_id, "DATE", [span_of(text, "3 March 2025")])
    person = store.create_entity(document_id, "PERSON", [span_of(text, "Chan Tai Man")])
    event = store.create_event(document_id, "ShareRepurchase", trigger=span_of(text, "repurchased"))
    store.add_argument(event.id, "Repurchaser", company.id)
    context.open_document(document_id)
    return SimpleNamespace(
        text=text,
        company=company.id,
        money=money.id,
        shares=shares.id,
        date=day.id,
        person=person.id,
        event=event.id,
        trigger=span_of(text, "repurchased"),
    )


@pytest.fixture
def pane(qtbot: QtBot, context: EditorContext, annotated: SimpleNamespace) -> FormsPane:
    forms = FormsPane(context)
    qtbot.addWidget(forms)
    forms.resize(520, 900)
    forms.show()
    qtbot.waitExposed(forms)
    forms.activateWindow()
    qtbot.waitUntil(lambda: forms.filled)
    return forms
