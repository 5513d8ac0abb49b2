"""Strict JSON reading and safe JSON writing for the JSON-based formats.

Reading refuses what is not JSON (NaN, a lone surrogate, bytes that are not UTF-8) with the
file and line. Writing keeps text readable (no ``\\u`` escapes for ordinary characters) but
escapes U+2028, U+2029 and U+0085, which JSON allows raw yet which split a line for readers
that use ``str.splitlines`` — a JSON Lines record must never break in two.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop_app.core.errors import BundleInvalid

_LINE_SPLITTERS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def dumps(value: Any, indent: int | None = None) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)
    return text.translate(_LINE_SPLITTERS)


def _text_of(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise BundleInvalid(f"{path}: cannot read ({error.strerror})", []) from None
    except UnicodeDecodeError as error:
        raise BundleInvalid(f"{path}: not UTF-8 text (byte {error.start})", []) from None


def _loads(text: str) -> Any:
    value = json.loads(text, parse_constant=_no_constant)
    if "\\u" in text:  # only escapes can carry a lone surrogate
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    return value


def read_json(path: Path) -> Any:
    text = _text_of(path)
    try:
        return _loads(text)
    except json.JSONDecodeError as error:
        message = f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        raise BundleInvalid(f"{path}: {message}", [message]) from None
    except (ValueError, UnicodeEncodeError, RecursionError) as error:
        raise BundleInvalid(f"{path}: not valid JSON ({error})", []) from None


def read_json_lines(path: Path) -> list[tuple[int, Any]]:
    """``(line number, value)`` for every non-blank line; every bad line is listed."""
    records: list[tuple[int, Any]] = []
    problems: list[str] = []
    for number, line in enumerate(_text_of(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            records.append((number, _loads(line)))
        except json.JSONDecodeError as error:
            problems.append(f"line {number}: not valid JSON at column {error.colno}: {error.msg}")
        except (ValueError, UnicodeEncodeError, RecursionError) as error:
            problems.append(f"line {number}: not valid JSON ({error})")
    if problems:
        raise BundleInvalid(f"{path}: {len(problems)} line(s) are not JSON", problems)
    return records
