"""HTML files (.html, .htm): the visible text only, parsed with the standard library.

Script, style, noscript, template, embedded objects and the head (apart from the title)
are dropped; so is text a reader cannot see (``hidden``, ``display: none``,
``visibility: hidden``, zero font size, white on white: see ``html_visibility``), which is
also listed in the import report. Block elements end lines,
``<br>`` is a line break, table cells are separated by tabs, entities are decoded and white
space is collapsed as a browser would. Nothing is executed and nothing is fetched: images,
frames and links are never followed.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

from desktop_app.core.importers.base import (
    ImportedDocument,
    ImportNote,
    clean_title,
    problem,
    read_bytes,
)
from desktop_app.core.importers.controls import control_notes
from desktop_app.core.importers.encodings import TEXT_ENCODINGS, Decoded, codec_name
from desktop_app.core.importers.html_visibility import Paint, element_paint
from desktop_app.core.importers.language import detect_language, is_cjk
from desktop_app.core.importers.metadata import extract_metadata, with_title_category
from desktop_app.core.importers.text_files import decode_file_text
from desktop_app.core.text import normalise_imported_text


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


_SKIPPED = _tags("script style noscript template iframe object svg canvas head")
_BLOCKS = _tags(
    """address article aside blockquote body caption dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p pre
    section summary table tbody tfoot thead tr ul"""
)
_CELLS = _tags("td th")
_VOID = _tags("area base br col embed hr img input link meta source track wbr")
# Elements HTML closes by itself when the next one of the same kind (or its parent) begins:
# a hidden <li> without </li> must not hide the items and paragraphs after it.
_SELF_CLOSING = _tags("p li dt dd tr td th option")
_CONTAINERS = _tags("ul ol dl table select")  # within them, a new <li>/<tr> … really nests
_WHITE_SPACE = re.compile(r"[ \t\n\r\f]+")
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.I)
# A browser treats these declared charsets as the superset it actually decodes with.
_CHARSET_SUPERSETS = {
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
}


class _VisibleText(HTMLParser):
    """Collects the lines of visible text, the <title> and the first <h1>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.title: list[str] = []
        self.heading: list[str] = []
        self._skip: tuple[str, int] | None = None  # element being dropped, nesting level
        self._in_title = False
        self._heading_state = "before"  # "before", "inside", "done"
        self._pre = 0
        self.hidden_notes: list[ImportNote] = []
        self._hidden_reason: str | None = None  # why the element being dropped is unseen
        self._hidden_text: list[str] = []
        self._paints: list[tuple[str, Paint]] = []  # open elements and what they inherit
        self._skip_depth = 0  # open elements outside the one being dropped
        self._skip_containers = 0  # lists and tables opened inside it

    def _end_line(self, *, forced: bool = False) -> None:
        line = "".join(self.current).replace("\u00a0", " ")
        if not self._pre:
            line = re.sub(" {2,}", " ", line).strip(" \t")
        if line or forced:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if self._skip is not None and self._skip[0] == "head" and tag in _BLOCKS:
            self._skip = None  # <body> (or body content) without a closing </head>
        if self._skip is not None:
            name, level = self._skip
            if tag in _CONTAINERS:
                self._skip_containers += 1
            if not (tag == name and tag in _SELF_CLOSING and not self._skip_containers):
                if tag == name:
                    self._skip = (tag, level + 1)
                return
            self._end_skip()  # the next <li>/<p> closes the hidden one: handle it as usual
        if tag in _SKIPPED and tag not in _VOID:
            self._skip = (tag, 1)
            self._hidden_reason = None
            return
        inherited = self._paints[-1][1] if self._paints else Paint()
        paint, reason = element_paint({name: value or "" for name, value in attrs}, inherited)
        if reason is not None and tag not in _VOID:
            self._skip = (tag, 1)
            self._skip_depth, self._skip_containers = len(self._paints), 0
            self._hidden_reason, self._hidden_text = reason, []
            return
        if tag not in _VOID:
            self._paints.append((tag, paint))
        if tag == "br":
            self._end_line(forced=True)
        elif tag in _BLOCKS:
            self._end_line()
        if tag == "pre":
            self._pre += 1
        if tag == "h1" and self._heading_state == "before":
            self._heading_state = "inside"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._skip is not None:
            name, level = self._skip
            if tag in _CONTAINERS and tag != name:
                self._skip_containers = max(0, self._skip_containers - 1)
            if tag == name:
                self._skip = (name, level - 1) if level > 1 else None
                if self._skip is None:
                    self._note_hidden()
                return
            outside = [open_name for open_name, _ in self._paints[: self._skip_depth]]
            if self._hidden_reason is None or tag not in outside:
                return
            self._end_skip()  # the parent closed, and with it the hidden element
        open_tags = [name for name, _ in self._paints]
        if tag in open_tags:  # close it and whatever was left open inside it
            del self._paints[len(open_tags) - 1 - open_tags[::-1].index(tag) :]
        if tag in _CELLS:
            self.current.append("\t")
        elif tag in _BLOCKS:
            self._end_line()
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
        if tag == "h1" and self._heading_state == "inside":
            self._heading_state = "done"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        if self._skip is not None:
            if self._hidden_reason is not None:
                self._hidden_text.append(data)
            return
        if self._pre:
            pre_lines = data.split("\n")
            for index, piece in enumerate(pre_lines):
                if index:
                    self._end_line(forced=True)
                self.current.append(piece)
            return
        # A line break between two CJK characters disappears, as in browsers.
        text = re.sub(r"(?<=\S)[ \t\r\f]*\n\s*(?=\S)", _cjk_break, data)
        text = _WHITE_SPACE.sub(" ", text)
        self.current.append(text)
        if self._heading_state == "inside":
            self.heading.append(text)

    def _end_skip(self) -> None:
        self._skip = None
        self._note_hidden()

    def _note_hidden(self) -> None:
        text = " ".join("".join(self._hidden_text).split())
        if self._hidden_reason is not None and text:
            detail = f"left out “{text}” (hidden: {self._hidden_reason})"
            self.hidden_notes.append(ImportNote("invisible", detail))
        self._hidden_reason, self._hidden_text = None, []

    def close(self) -> None:
        super().close()
        if self._skip is not None:
            self._note_hidden()  # a hidden element left open at the end of the file
        self._end_line()


def _cjk_break(match: re.Match[str]) -> str:
    text = match.string
    before, after = text[match.start() - 1], text[match.end()]
    return "" if is_cjk(before) and is_cjk(after) else " "


def _declared_text(path: Path, data: bytes) -> Decoded | None:
    """``data`` decoded with the charset its <meta> declares, when that works; ``None``
    without a declaration (or when the bytes do not fit it: then detection decides). A
    declaration of anything but a real text encoding is an ``ImportProblem``."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None  # the BOM wins over <meta>
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    label = match.group(1).decode("ascii", errors="replace")
    name = codec_name(label)
    if name not in TEXT_ENCODINGS:
        known = "an unknown charset" if name is None else "not a text encoding we accept"
        raise problem(
            path,
            f"declares charset “{label}”, {known}; save it as UTF-8 (or Big5, GB18030, "
            "Windows-1252 …) and import it again",
        )
    if name.startswith(("utf-16", "utf-32")):
        name = "utf-8"  # as in browsers: a <meta> readable as ASCII cannot be UTF-16
    name = _CHARSET_SUPERSETS.get(name, name)
    try:
        return Decoded(label, data.decode(name))
    except UnicodeDecodeError:
        return None


def import_html_file(path: Path) -> ImportedDocument:
    """Import an .html or .htm file; raises ``ImportProblem``."""
    data = read_bytes(path)
    declared = _declared_text(path, data)
    notes: list[ImportNote] = []
    if declared is not None:
        markup = normalise_imported_text(declared.text)
    else:
        markup, notes = decode_file_text(path, data)
    parser = _VisibleText()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError) as error:  # html.parser's rare hard failures
        raise problem(path, f"the HTML could not be parsed ({error})") from None
    text = normalise_imported_text("\n".join(parser.lines)).strip("\n")
    if not text.strip():
        raise problem(path, "the page has no visible text")
    metadata = extract_metadata(text)
    title = (
        "".join(parser.title).strip()
        or "".join(parser.heading).strip()
        or metadata.get("headline", "")
    )
    title = clean_title(title, path.stem)
    return ImportedDocument(
        text=text,
        title=title,
        source_name=path.name,
        language=detect_language(text),
        metadata=with_title_category(metadata, title),
        report=(*_locate_replacements(notes, text), *parser.hidden_notes, *control_notes(text)),
        original=data,
    )


def _locate_replacements(notes: list[ImportNote], text: str) -> list[ImportNote]:
    """Replacement notes with the offset of their U+FFFD in the text, when each one can be
    matched to exactly one (an offset in the markup means nothing to a reviewer)."""
    found = [offset for offset, char in enumerate(text) if char == "\ufffd"]
    if len(found) != len(notes):
        return notes
    return [replace(note, offset=offset) for note, offset in zip(notes, found, strict=True)]
