"""An external recommender: a team's own model server, asked over HTTP with JSON.

The protocol (also in the README): ``POST`` to the configured URL a JSON object
``{"protocol": 1, "document": ID, "text": TEXT, "types": [ENTITY TYPE IDS]}``; the server
answers ``{"spans": [{"start": S, "end": E, "type": T, "attributes": {...}?,
"confidence": C?}]}`` with offsets in code points of ``text``. Spans outside the text, of an
unknown type, or whose end is not after their start are dropped and counted; an unreachable
server or a malformed answer is a ``KnownError`` naming the URL and the problem.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from desktop_app.core.errors import KnownError
from desktop_app.core.schema import AnnotationSchema
from desktop_app.core.suggest.model import Suggestion, SuggestionKind

PROTOCOL = 1
RULE = "recommender"


@dataclass(frozen=True)
class RecommenderAnswer:
    suggestions: list[Suggestion]
    dropped: int


def _span(item: Any, text: str, schema: AnnotationSchema, name: str) -> Suggestion | None:
    if not isinstance(item, dict):
        return None
    start, end, type_id = item.get("start"), item.get("end"), item.get("type")
    # ``type(...) is int``: JSON true is not an offset.
    if type(start) is not int or type(end) is not int or not isinstance(type_id, str):
        return None
    if not 0 <= start < end <= len(text) or schema.entity_type(type_id) is None:
        return None
    attributes = item.get("attributes")
    confidence = item.get("confidence", 0.5)
    return Suggestion(
        kind=SuggestionKind.MENTION,
        type=str(type_id),
        start=int(start),
        end=int(end),
        text=text[int(start) : int(end)],
        rule=f"{RULE}:{name}",
        attributes=dict(attributes) if isinstance(attributes, dict) else {},
        confidence=float(confidence) if isinstance(confidence, int | float) else 0.5,
    )


def ask_recommender(
    url: str, document_id: str, text: str, schema: AnnotationSchema, timeout: float = 10.0
) -> RecommenderAnswer:
    """The spans the server at ``url`` proposes for ``text``."""
    body = json.dumps(
        {
            "protocol": PROTOCOL,
            "document": document_id,
            "text": text,
            "types": [entity.id for entity in schema.entity_types],
        },
        ensure_ascii=False,
    ).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise KnownError(f"recommender {url}: cannot be reached ({error})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise KnownError(f"recommender {url}: the answer is not JSON ({error})") from None
    spans = payload.get("spans") if isinstance(payload, dict) else None
    if not isinstance(spans, list):
        raise KnownError(f"recommender {url}: the answer has no 'spans' list")
    name = urllib.parse.urlparse(url).netloc or url
    found = [_span(item, text, schema, name) for item in spans]
    kept = [suggestion for suggestion in found if suggestion is not None]
    return RecommenderAnswer(suggestions=kept, dropped=len(found) - len(kept))
