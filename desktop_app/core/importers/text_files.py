"""Plain-text and Markdown files (.txt, .md).

The text is kept as written (Markdown is not rendered); only the encoding is resolved (see
``encodings``) and line breaks, the BOM and stray control characters are normalised.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop_app.core.importers.base import (
    ImportedDocument,
    ImportNote,
    clean_title,
    problem,
    read_bytes,
)
from desktop_app.core.importers.controls import control_notes
from desktop_app.core.importers.encodings import Decoded, EncodingUnknown, decode_text
from desktop_app.core.importers.language import detect_language
from desktop_app.core.importers.metadata import extract_metadata, with_title_category
from desktop_app.core.text import normalise_imported_text

_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_MAX_LINE_TITLE = 120


def replacement_notes(decoded: Decoded, text_offsets: list[int | None]) -> list[ImportNote]:
    """One ``replaced_bytes`` note per undecodable byte sequence, naming its byte offset
    (and, where known, the offset of its U+FFFD in the stored text)."""
    return [
        ImportNote(
            "replaced_bytes",
            f"byte{'s' if len(item.data) > 1 else ''} {item.data.hex(' ').upper()} at byte "
            f"offset {item.byte_offset} {'are' if len(item.data) > 1 else 'is'} not valid "
            f"{decoded.encoding}; replaced by U+FFFD",
            offset=offset,
        )
        for item, offset in zip(decoded.replaced, text_offsets, strict=True)
    ]


def decode_file_text(path: Path, data: bytes) -> tuple[str, list[ImportNote]]:
    """The normalised text of ``data`` and notes on bytes replaced while decoding it; an
    ``ImportProblem`` when it is empty or its encoding cannot be determined."""
    if not data:
        raise problem(path, "the file is empty")
    try:
        decoded = decode_text(data)
    except EncodingUnknown as error:
        raise problem(path, f"the text encoding could not be determined ({error})") from None
    text = normalise_imported_text(decoded.text)
    if not text.strip():
        raise problem(path, "the file contains no text")
    # Normalising only shortens line breaks and drops controls, so the prefix maps offsets.
    offsets: list[int | None] = [
        len(normalise_imported_text(decoded.text[: item.text_offset])) for item in decoded.replaced
    ]
    return text, replacement_notes(decoded, offsets)


def _title(text: str, path: Path, headline: str | None) -> str:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if path.suffix.lower() == ".md":
        for line in lines:
            if match := _MARKDOWN_HEADING.match(line):
                return clean_title(match.group(1), path.stem)
    if headline:
        return clean_title(headline, path.stem)
    if lines and len(lines[0]) <= _MAX_LINE_TITLE:
        return clean_title(lines[0].lstrip("#").strip(), path.stem)
    return path.stem


def import_text_file(path: Path) -> ImportedDocument:
    """Import a .txt or .md file; raises ``ImportProblem``."""
    data = read_bytes(path)
    text, notes = decode_file_text(path, data)
    metadata = extract_metadata(text)
    title = _title(text, path, metadata.get("headline"))
    return ImportedDocument(
        text=text,
        title=title,
        source_name=path.name,
        language=detect_language(text),
        metadata=with_title_category(metadata, title),
        report=(*notes, *control_notes(text)),
        original=data,
    )
