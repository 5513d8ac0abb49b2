"""The bundle's file format: its models, its published JSON Schema, and parsing a file strictly.

Parsing holds a file to exactly what ``resources/bundle.schema.json`` promises: JSON numbers
where numbers are due (``"370"`` is not an offset), no coercion of any kind (pydantic's strict
mode), and every number within ``±MAX_BUNDLE_INTEGER`` — the range in which every JSON
reader (JavaScript's included) holds integers exactly. Each malformed value is reported with its
place in the file, as ``documents.0.entities.2.mentions.0.start: Input should be a valid integer``.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import Field, ValidationError

from desktop_app.core.errors import BundleInvalid
from desktop_app.core.models import AnnotatedDocument, Plain
from desktop_app.core.review_models import AuditEntry, Comment

BUNDLE_FORMAT = "announcement-annotations"
BUNDLE_FORMAT_VERSION = "1.1"
MAX_BUNDLE_INTEGER = 2**53 - 1
"""The largest number a bundle may hold (offsets, page numbers, seq, attribute values)."""

_MAX_LISTED = 200  # validation errors listed; a file wrong everywhere would list thousands


class ToolInfo(Plain):
    name: str
    version: str


class SchemaInfo(Plain):
    name: str
    version: str
    content_hash: str
    definition: dict[str, Any] = Field(description="The full annotation schema (TOML as JSON).")


class BundleDocument(AnnotatedDocument):
    """A document as exported: its annotations plus its review record."""

    comments: list[Comment] = Field(default_factory=list)
    audit: list[AuditEntry] = Field(
        default_factory=list,
        description="Its audit history, oldest first; each entry's hash can be checked.",
    )


class Bundle(Plain):
    """One export: the schema it was made under and every document with its annotations."""

    format: Literal["announcement-annotations"]
    format_version: str = Field(pattern=r"^1\.\d+$")
    tool: ToolInfo
    exported_at: str
    offset_unit: Literal["codepoint"] = Field(
        description="Offsets count Unicode code points of the document text; end is exclusive."
    )
    annotation_schema: SchemaInfo
    documents: list[BundleDocument]


def _bound_numbers(node: Any) -> None:
    """Give every number of the schema the bounds that parsing enforces."""
    if isinstance(node, dict):
        if node.get("type") in ("integer", "number"):
            node.setdefault("minimum", -MAX_BUNDLE_INTEGER)
            node.setdefault("maximum", MAX_BUNDLE_INTEGER)
        for child in node.values():
            _bound_numbers(child)
    elif isinstance(node, list):
        for child in node:
            _bound_numbers(child)


def bundle_json_schema() -> dict[str, Any]:
    """The JSON Schema published as ``resources/bundle.schema.json``."""
    schema = Bundle.model_json_schema()
    _bound_numbers(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "urn:announcement-annotator:bundle:1"
    schema["$comment"] = (
        f"Every number lies within ±{MAX_BUNDLE_INTEGER} (2**53 - 1), where JSON readers hold "
        "integers exactly; integers are written without a fraction or exponent (370, not "
        "370.0). Values are never coerced: a string is not accepted where a number, a boolean "
        "or null is due, nor a number where a string is due."
    )
    return schema


class _OutOfRange:
    """Stands in for a number too large for a bundle while the file is parsed, so that its
    place in the file can be named afterwards."""

    __slots__ = ("literal",)

    def __init__(self, literal: str) -> None:
        self.literal = literal

    def describe(self) -> str:
        digits = len(self.literal.lstrip("-"))
        shown = self.literal if digits <= 24 else f"a number of {digits} digits"
        return f"{shown} is out of range (a bundle's numbers lie within ±{MAX_BUNDLE_INTEGER})"


class _NotJson(ValueError):
    pass


_INTEGER_DIGITS = len(str(MAX_BUNDLE_INTEGER))


def _parse_int(literal: str) -> int | _OutOfRange:
    # Python refuses to convert integers of more than 4,300 digits (a ValueError from deep
    # inside json.loads); long literals are set aside before any conversion is attempted.
    if len(literal.lstrip("-")) > _INTEGER_DIGITS:
        return _OutOfRange(literal)
    value = int(literal)
    return value if -MAX_BUNDLE_INTEGER <= value <= MAX_BUNDLE_INTEGER else _OutOfRange(literal)


def _parse_float(literal: str) -> float | _OutOfRange:
    value = float(literal)  # inf for literals too large for a float, caught by the bound
    return value if abs(value) <= MAX_BUNDLE_INTEGER else _OutOfRange(literal)


def _parse_constant(name: str) -> None:
    raise _NotJson(f"{name} is not a JSON value (JSON has no NaN or Infinity)")


def _location(path: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in path) or "(the whole file)"


def _out_of_range_lines(data: Any) -> list[str]:
    """Every number set aside while parsing, with its place. Iterative: ``data`` may be nested
    almost as deep as the interpreter's recursion limit."""
    lines = []
    pending: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while pending:
        path, node = pending.pop()
        if isinstance(node, _OutOfRange):
            lines.append(f"{_location(path)}: {node.describe()}")
        elif isinstance(node, dict):
            pending.extend(((*path, key), child) for key, child in reversed(node.items()))
        elif isinstance(node, list):
            pending.extend(
                ((*path, index), child) for index, child in reversed(list(enumerate(node)))
            )
    return lines


def _refuse(where: str, message: str) -> BundleInvalid:
    return BundleInvalid(f"{where}: {message}", [message])


def parse_bundle(raw: bytes, where: str) -> Bundle:
    """The ``Bundle`` in a file's bytes, checked against the format (not yet against its
    schema: see ``bundle_read``). ``where`` names the file in messages."""
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
        )
        if "\\u" in text:  # only \u escapes can smuggle in lone surrogates, which no file holds
            json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
    except UnicodeDecodeError:
        raise BundleInvalid(f"{where}: not a bundle (not UTF-8 text)", []) from None
    except UnicodeEncodeError:
        raise _refuse(where, "a \\u escape encodes half a character (a lone surrogate)") from None
    except json.JSONDecodeError as error:
        message = f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        raise _refuse(where, message) from None
    except _NotJson as error:
        raise _refuse(where, f"not valid JSON: {error}") from None
    except RecursionError:
        raise _refuse(where, "not a bundle (nested too deeply)") from None
    if not isinstance(data, dict) or data.get("format") != BUNDLE_FORMAT:
        raise _refuse(where, f"not an {BUNDLE_FORMAT} bundle (missing or wrong 'format')")
    out_of_range = _out_of_range_lines(data)
    if out_of_range:
        count = len(out_of_range)
        raise BundleInvalid(f"{where}: {count} number(s) out of range", out_of_range)
    del data  # only the checks above need the parsed tree; the models are built from the text
    try:
        # From the text in JSON mode: strict JSON validation still accepts enum values given
        # as their strings, which strict validation of Python objects would not.
        return Bundle.model_validate_json(text, strict=True)
    except ValidationError as error:
        lines = _validation_lines(error)
        raise BundleInvalid(
            f"{where}: {error.error_count()} problem(s) in the bundle", lines
        ) from None
    except (ValueError, TypeError, RecursionError) as error:
        raise _refuse(where, f"unreadable bundle ({error})") from None


def _validation_lines(error: ValidationError) -> list[str]:
    items = error.errors(include_url=False)
    lines = [f"{_location(tuple(item['loc']))}: {item['msg']}" for item in items[:_MAX_LISTED]]
    if len(items) > _MAX_LISTED:
        lines.append(f"… and {len(items) - _MAX_LISTED} more")
    return lines
