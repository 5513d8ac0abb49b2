"""Label Studio tasks out and in: UTF-16 offsets, lossless round trips, predictions, and
offsets counted in code points by mistake refused."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from kept import content

from desktop_app.core.errors import BundleInvalid
from desktop_app.core.interop import export_annotations, import_annotations
from desktop_app.core.store import Store


def js_slice(text: str, start: int, end: int) -> str:
    """``text.slice(start, end)`` as JavaScript computes it, over UTF-16 code units."""
    units = text.encode("utf-16-le")
    return units[2 * start : 2 * end].decode("utf-16-le")


def test_round_trip_is_identical_lossless_and_in_utf16_units(
    filled: Store, fresh_store: Store, tmp_path: Path, corpus: SimpleNamespace
) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    report = export_annotations(filled, first, "label-studio")
    assert report.documents == 2 and report.lost == []
    tasks = json.loads(first.read_text(encoding="utf-8"))
    regions = [r for r in tasks[0]["annotations"][0]["result"] if r["type"] == "labels"]
    for region in regions:
        value = region["value"]
        assert js_slice(corpus.TRICKY_TEXT, value["start"], value["end"]) == value["text"]
    zoe = next(r["value"] for r in regions if r["value"]["text"] == "🇭🇰 Zoë")
    code_points = corpus.span_of(corpus.TRICKY_TEXT, "🇭🇰 Zoë")
    # Three astral characters before it (😀 𥚃 𠀋) and two in it (the flag's halves).
    assert (zoe["start"], zoe["end"]) == (code_points[0] + 3, code_points[1] + 5)

    import_annotations(fresh_store, first, "label-studio")
    export_annotations(fresh_store, second, "label-studio")
    assert second.read_bytes() == first.read_bytes()
    for document_id, original in zip(
        filled.document_ids(), [corpus.TRICKY_TEXT, corpus.PLAIN_TEXT], strict=True
    ):
        after = fresh_store.annotated(document_id)
        corpus.covered_texts_hold(after, original)
        assert content(after) == content(filled.annotated(document_id))
        assert after.document.title == filled.annotated(document_id).document.title


def _task(text: str, results: list[Any], key: str = "annotations") -> dict[str, Any]:
    return {"id": 41, "data": {"text": text}, key: [{"result": results}]}


def _label(region_id: str, text: str, needle: str, label: str) -> dict[str, Any]:
    start = len(text[: text.index(needle)].encode("utf-16-le")) // 2
    end = start + len(needle.encode("utf-16-le")) // 2
    return {
        "id": region_id,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": needle, "labels": [label]},
    }


TEXT = "😀 𥚃 Beta Ltd appoints Chan Tai Man."


def test_a_foreign_project_with_a_prediction_is_mapped(fresh_store: Store, tmp_path: Path) -> None:
    results = [
        _label("a1", TEXT, "𥚃 Beta Ltd", "ORG"),
        _label("b2", TEXT, "Chan Tai Man", "PER"),
        {"from_id": "a1", "to_id": "b2", "type": "relation", "labels": ["appoints"]},
        {
            "id": "b2",
            "from_name": "role",
            "to_name": "text",
            "type": "choices",
            "value": {"start": 0, "end": 1, "choices": ["director"]},
        },
    ]
    source = tmp_path / "project.json"
    source.write_text(json.dumps([_task(TEXT, results, "predictions")]), encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[entity_types]\nORG = "company"\nPER = "person"\n'
        '[event_types]\nappoints = "acquisition"\n'
        '[roles]\n"appoints.from" = "buyer"\n"appoints.to" = "adviser"\n'
        '[attributes]\n"PER.role" = "position"\n',
        encoding="utf-8",
    )
    report = import_annotations(fresh_store, source, "label-studio", mapping)
    assert "task 41: no annotation, its prediction was taken" in report.warnings
    annotated = fresh_store.annotated(fresh_store.document_ids()[0])
    assert annotated.document.title == "project 41"
    names = {e.id: (e.type, e.name, e.attributes) for e in annotated.entities}
    assert sorted(names.values(), key=str) == [
        ("company", "𥚃 Beta Ltd", {}),
        ("person", "Chan Tai Man", {"position": "director"}),
    ]
    (event,) = annotated.events
    assert [(a.role, names[a.entity_id][1]) for a in event.arguments] == [
        ("buyer", "𥚃 Beta Ltd"),
        ("adviser", "Chan Tai Man"),
    ]


def test_offsets_counted_in_code_points_are_refused(fresh_store: Store, tmp_path: Path) -> None:
    start = TEXT.index("Chan Tai Man")  # code points: short by the two astral characters
    region = _label("x", TEXT, "Chan Tai Man", "person")
    region["value"].update(start=start, end=start + 12)
    inside = _label("y", TEXT, "😀", "company")
    inside["value"].update(end=1, text="😀")  # half an emoji
    source = tmp_path / "shifted.json"
    source.write_text(json.dumps([_task(TEXT, [region, inside])]), encoding="utf-8")
    with pytest.raises(BundleInvalid) as refused:
        import_annotations(fresh_store, source, "label-studio")
    assert refused.value.problems == [
        "task 41, result 0: quotes 'Chan Tai Man', but the text there is 's Chan Tai M' "
        "(offsets shifted?)",
        "task 41, result 1: position 1 falls inside the character '😀' (between the two "
        "halves of its UTF-16 form)",
    ]
    assert fresh_store.document_ids() == []


def test_predictions_export_pre_annotates_and_reads_back(
    filled: Store, fresh_store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "predictions.json"
    export_annotations(filled, out, "label-studio-predictions")
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert all("annotations" not in task for task in tasks)
    assert tasks[0]["predictions"][0]["model_version"] == "announcement-annotator"
    report = import_annotations(fresh_store, out, "label-studio")
    assert len(report.added) == 2
    assert len(report.warnings) >= 2  # each task says its prediction was taken
    document_id = filled.document_ids()[0]
    assert content(fresh_store.annotated(document_id)) == content(filled.annotated(document_id))


def test_a_labeling_config_for_the_project_is_written_beside_the_tasks(
    filled: Store, tmp_path: Path
) -> None:
    import xml.etree.ElementTree as ElementTree

    export_annotations(filled, tmp_path / "tasks.json", "label-studio")
    view = ElementTree.parse(tmp_path / "tasks.label_config.xml").getroot()
    labels = {tag.get("name"): [label.get("value") for label in tag] for tag in view.iter("Labels")}
    assert labels == {
        "label": ["company", "person", "money"],
        "event": ["acquisition", "appointment"],
    }
    relations = {relation.get("value") for relation in view.iter("Relation")}
    assert {"Same", "buyer", "adviser", "appointee"} <= relations
    choices = {tag.get("name"): [c.get("value") for c in tag] for tag in view.iter("Choices")}
    assert choices["position"] == ["director", "officer", "shareholder"]
    assert choices["approximate"] == ["true", "false"]
    texts = {tag.get("name") for tag in view.iter("TextArea")}
    assert {"millions", "value", "entity_name", "completion"} <= texts
    # Every per-region result of the tasks uses a tag the config declares, with its kind.
    tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    for item in tasks[0]["annotations"][0]["result"]:
        if item["type"] == "choices":
            assert item["from_name"] in choices
        elif item["type"] == "textarea":
            assert item["from_name"] in texts
