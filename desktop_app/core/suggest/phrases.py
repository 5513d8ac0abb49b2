"""Many phrases in one regular expression, written as a trie.

``"|".join(sorted(phrases, key=len, reverse=True))`` tries every phrase in turn at every
position of the text: with the hundreds of defined terms and the thousands of corpus names of a
long document, that is most of the time spent suggesting. The same phrases written as a trie
(``Golden Harbour (?:Holdings|Group)``) try one branch per character instead, and match the
same: the phrases that match at one position are all prefixes of the text there, so the longest
first and the deepest branch first are the same order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # the key that marks a node where a phrase ends


def _is_latin_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def word_head(phrase: str) -> str:
    """What must hold before ``phrase``: no word character when it starts with a Latin one."""
    return r"(?<![\w])" if _is_latin_word_char(phrase[:1]) else ""


def word_tail(phrase: str) -> str:
    """What must hold after ``phrase``: no word character when it ends with a Latin one."""
    return r"(?![\w])" if _is_latin_word_char(phrase[-1:]) else ""


def any_phrase(phrases: Iterable[str], whole_words: bool = False, spaces: bool = False) -> str:
    """A pattern that matches what the longest-first alternation of ``phrases`` matches. With
    ``whole_words``, a phrase is matched as a whole word where it begins or ends with a Latin
    letter or digit (each phrase as ``word_head(p) + re.escape(p) + word_tail(p)``). With
    ``spaces``, a space in a phrase stands for any run of white space (then the pattern only
    tells where some phrase matches, no longer which)."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for phrase in phrases:
        if not phrase:
            continue
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[_END] = {}
    branches = []
    for char in sorted(root):
        head = word_head(char) if whole_words else ""
        branches.append(head + _branch(char, root[char], whole_words, spaces))
    return _either(branches) if branches else "(?!)"


def first_characters(phrases: Iterable[str]) -> str:
    """The characters the phrases start with, escaped for a character class (see ``Scan``)."""
    return re.escape("".join(sorted({phrase[0] for phrase in phrases if phrase})))


def _branch(path: str, node: dict[str, dict], whole_words: bool, spaces: bool) -> str:  # type: ignore[type-arg]
    """The pattern for the phrases that continue with ``path`` into ``node``."""
    while len(node) == 1 and _END not in node:  # a run of single children is one literal
        ((char, node),) = node.items()
        path += char
    alternatives = [
        _branch(char, child, whole_words, spaces) for char, child in sorted(node.items()) if char
    ]
    if _END in node:  # ending here is tried last: a longer phrase is preferred
        alternatives.append(word_tail(path) if whole_words else "")
    literal = re.escape(path).replace(r"\ ", r"\s+") if spaces else re.escape(path)
    return literal + (_either(alternatives) if alternatives != [""] else "")


def _either(alternatives: list[str]) -> str:
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
