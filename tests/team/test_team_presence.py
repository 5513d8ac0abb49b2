"""Who has a document open: announced by each session, gone when the session is."""

from __future__ import annotations

import time
from collections.abc import Callable

import psycopg

from desktop_app.core.team.presence import show_open_document, who_has_open

Login = Callable[[str, str], psycopg.Connection]


def _eventually(check: Callable[[], bool], seconds: float = 3.0) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_members_see_who_has_which_document_open(login: Login) -> None:
    ann, bob, cid = login("ann", "annotator"), login("bob", "reviewer"), login("cid", "annotator")
    assert who_has_open(bob) == {}
    assert show_open_document(ann, "d1")
    assert show_open_document(cid, "d1")
    assert show_open_document(bob, "d2")
    assert who_has_open(bob) == {"d1": {ann.info.user, cid.info.user}}  # not itself
    assert who_has_open(ann) == {"d1": {cid.info.user}, "d2": {bob.info.user}}

    show_open_document(cid, None)
    assert who_has_open(bob) == {"d1": {ann.info.user}}
    ann.close()  # a window that closes or loses its connection drops out by itself
    assert _eventually(lambda: who_has_open(bob) == {})


def test_an_id_too_long_to_carry_is_not_claimed(login: Login) -> None:
    ann, bob = login("ann", "annotator"), login("bob", "reviewer")
    assert show_open_document(ann, "d1")
    assert not show_open_document(ann, "x" * 60)
    assert who_has_open(bob) == {}
