"""spaCy training data out: a ``DocBin`` (``.spacy``, needs the optional ``spacy`` extra) or
JSON Lines of ``{"text", "spans": [{"start", "end", "label"}]}`` (no spaCy needed).

Offsets count code points (Python string positions), as spaCy's ``char_span`` does. In a
DocBin every span must start and end on a token boundary of spaCy's tokenizer for the
document's language (``zh`` splits Chinese into characters; other languages use their own
rules, ``xx`` when unknown); a span that does not is reported with the nearest token-aligned
stretch, never silently dropped or moved. All aligned spans go to ``doc.spans["sc"]``; those
that do not overlap another also to ``doc.ents`` (overlaps are reported). Each doc carries
the document id and title in ``user_data``.

Kept: texts, spans and their types. Lost: grouping, names, identifiers, attributes, events,
review status, comments, history.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from desktop_app.core.errors import KnownError
from desktop_app.core.interop.base import ExportReport
from desktop_app.core.interop.jsonio import dumps
from desktop_app.core.interop.ordering import labelled_spans
from desktop_app.core.interop.output import write_file
from desktop_app.core.interop.registry import Format
from desktop_app.core.models import AnnotatedDocument
from desktop_app.core.schema import AnnotationSchema

SPAN_KEY = "sc"


def spacy_available() -> bool:
    try:
        import spacy  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return False
    return True


def _lost_events(annotated: AnnotatedDocument) -> int:
    return len(annotated.events)


class SpacyJsonlExporter:
    name = "spacy-jsonl"
    title = "spaCy training JSONL"
    folder = False
    suffix = ".jsonl"

    def export(
        self, documents: Iterable[AnnotatedDocument], schema: AnnotationSchema, out: Path
    ) -> ExportReport:
        report = ExportReport(path=out)
        lines = []
        events = 0
        for annotated in documents:
            document = annotated.document
            spans = [
                {"start": m.start, "end": m.end, "label": entity.type}
                for entity, m in labelled_spans(annotated)
            ]
            record = {
                "text": document.text,
                "spans": spans,
                "meta": {"document_id": document.id, "title": document.title},
            }
            lines.append(dumps(record) + "\n")
            report.documents += 1
            report.spans += len(spans)
            events += _lost_events(annotated)
        if events:
            report.lost.append(f"{events} event(s): spaCy span data has no events")
        write_file(out, "".join(lines).encode("utf-8"))
        return report


def _language(code: str) -> str:
    base = code.lower().split("-")[0].split("_")[0]
    return base if base in ("zh", "en", "ja", "ko", "de", "fr", "es", "pt", "it") else "xx"


class SpacyDocBinExporter:
    name = "spacy"
    title = "spaCy DocBin (.spacy)"
    folder = False
    suffix = ".spacy"

    def export(
        self, documents: Iterable[AnnotatedDocument], schema: AnnotationSchema, out: Path
    ) -> ExportReport:
        try:
            import spacy
            from spacy.tokens import DocBin  # type: ignore[import-not-found]
            from spacy.util import filter_spans  # type: ignore[import-not-found]
        except ImportError:
            raise KnownError(
                "the spacy format needs spaCy, which is not installed (install the optional "
                "'spacy' extra); spacy-jsonl writes the same spans without it"
            ) from None
        report = ExportReport(path=out)
        pipelines: dict[str, Any] = {}
        doc_bin = DocBin(store_user_data=True)
        events = 0
        for annotated in documents:
            document = annotated.document
            language = _language(document.language)
            if language not in pipelines:
                pipelines[language] = spacy.blank(language)
            doc = pipelines[language].make_doc(document.text)
            spans = []
            for entity, mention in labelled_spans(annotated):
                span = doc.char_span(
                    mention.start, mention.end, label=entity.type, alignment_mode="strict"
                )
                if span is None:
                    nearest = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                    shown = (
                        f"; the nearest token boundaries give {nearest.text!r}" if nearest else ""
                    )
                    report.lost.append(
                        f"{document.title}: {entity.type} {mention.text!r} at "
                        f"[{mention.start}, {mention.end}) does not align with spaCy's tokens"
                        + shown
                    )
                    continue
                spans.append(span)
            doc.spans[SPAN_KEY] = spans
            entities = filter_spans(spans)
            doc.ents = entities
            if len(entities) < len(spans):
                report.lost.append(
                    f"{document.title}: {len(spans) - len(entities)} overlapping span(s) are in "
                    f"doc.spans['{SPAN_KEY}'] only, not in doc.ents"
                )
            doc.user_data["document_id"] = document.id
            doc.user_data["title"] = document.title
            doc_bin.add(doc)
            report.documents += 1
            report.spans += len(spans)
            events += _lost_events(annotated)
        if events:
            report.lost.append(f"{events} event(s): spaCy span data has no events")
        write_file(out, doc_bin.to_bytes())
        return report


FORMAT = Format(
    name="spacy",
    title="spaCy DocBin (.spacy)",
    folder=False,
    suffix=".spacy",
    exporter=SpacyDocBinExporter(),
    importer=None,
    needs="spacy",
)
JSONL_FORMAT = Format(
    name="spacy-jsonl",
    title="spaCy training JSONL",
    folder=False,
    suffix=".jsonl",
    exporter=SpacyJsonlExporter(),
    importer=None,
)
