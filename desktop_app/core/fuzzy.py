"""Fuzzy matching for type-ahead pickers and the command palette.

Characters of the query must appear in order; contiguous runs, word starts and an early first
match score higher. Case-insensitive; works for CJK (each ideograph is a "word start").
"""

from __future__ import annotations


def fuzzy_score(query: str, candidate: str) -> int | None:
    """Higher is better; None when ``candidate`` does not match ``query`` at all."""
    if not query:
        return 0
    needle = query.casefold().replace(" ", "")
    haystack = candidate.casefold()
    if not needle:
        return 0
    substring = haystack.find(needle)
    if substring >= 0:
        at_word = substring == 0 or not haystack[substring - 1].isalnum()
        return 1000 - substring + (200 if at_word else 0) + (300 if haystack == needle else 0)
    score = 0
    position = 0
    previous = -2
    for char in needle:
        found = haystack.find(char, position)
        if found < 0:
            return None
        if found == previous + 1:
            score += 15
        if found == 0 or not haystack[found - 1].isalnum():
            score += 10
        score -= min(found - position, 10)
        previous = found
        position = found + 1
    return score


def fuzzy_filter(query: str, candidates: list[str]) -> list[int]:
    """Indices of matching candidates, best first (stable for equal scores)."""
    scored = [(fuzzy_score(query, text), index) for index, text in enumerate(candidates)]
    matching = [(score, index) for score, index in scored if score is not None]
    matching.sort(key=lambda pair: -pair[0])
    return [index for _, index in matching]
