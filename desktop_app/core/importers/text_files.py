"""Plain-text and Markdown files (.txt, .md).

The text is kept as written (Markdown is not rendered); only the encoding is resolved (see
``encodings``) and line breaks, the BOM and stray control characters are normalised.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop_app.core.importers.base import ImportedDocument, clean_title, problem, read_bytes
from desktop_app.core.importers.encodings import EncodingUnknown, decode_bytes
from desktop_app.core.importers.language import detect_language
from desktop_app.core.importers.metadata import extract_metadata
from desktop_app.core.text import normalise_imported_text

_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_MAX_LINE_TITLE = 120


def decode_file_text(path: Path, data: bytes) -> str:
    """The normalised text of ``data``; an ``ImportProblem`` when it is empty or its encoding
    cannot be determined."""
    if not data:
        raise problem(path, "the file is empty")
    try:
        _, raw = decode_bytes(data)
    except EncodingUnknown as error:
        raise problem(path, f"the text encoding could not be determined ({error})") from None
    text = normalise_imported_text(raw)
    if not text.strip():
        raise problem(path, "the file contains no text")
    return text


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
    text = decode_file_text(path, read_bytes(path))
    metadata = extract_metadata(text)
    return ImportedDocument(
        text=text,
        title=_title(text, path, metadata.get("headline")),
        source_name=path.name,
        language=detect_language(text),
        metadata=metadata,
    )
