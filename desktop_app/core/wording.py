"""Small helpers for the words of messages: counts with the right plural."""

from __future__ import annotations

_IRREGULAR = {"entry": "entries", "reply": "replies", "is": "are", "was": "were"}


def plural(word: str) -> str:
    """The plural of an English noun used in messages ("document" → "documents")."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def count_of(count: int, word: str, plural_word: str = "") -> str:
    """``count`` and the noun in the right number: "1 document", "3 documents", "0 documents"."""
    return f"{count} {word if count == 1 else plural_word or plural(word)}"
