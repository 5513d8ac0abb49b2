"""Whatever a file holds, an importer either reads it or refuses it with ``BundleInvalid``
naming the problem — never another exception (which the window would show as a crash)."""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.errors import BundleInvalid
from desktop_app.core.interop.registry import importer_named

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["text", "labels", "relation", "choices", "a😀", "ORG", "m1", ""]),
)
_JSON = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "text",
                    "label",
                    "labels",
                    "data",
                    "annotations",
                    "predictions",
                    "result",
                    "value",
                    "start",
                    "end",
                    "id",
                    "from_name",
                    "type",
                    "entities",
                    "relations",
                    "from_id",
                    "to_id",
                    "start_offset",
                    "end_offset",
                    "choices",
                ]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=25,
)
_FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _reads_or_refuses(name: str, path: Path) -> None:
    with contextlib.suppress(BundleInvalid):
        importer_named(name).read(path)


@_FUZZ
@given(value=_JSON)
def test_label_studio_reads_or_refuses_any_json(value: object) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tasks.json"
        path.write_text(json.dumps(value), encoding="utf-8")
        _reads_or_refuses("label-studio", path)
        path.write_text(json.dumps([{"data": {"text": "a😀b"}, "annotations": [value]}]))
        _reads_or_refuses("label-studio", path)
        result = [{"result": [value]}]
        path.write_text(json.dumps([{"data": {"text": "a😀b"}, "annotations": result}]))
        _reads_or_refuses("label-studio", path)


@_FUZZ
@given(values=st.lists(_JSON, max_size=3))
def test_doccano_reads_or_refuses_any_json_lines(values: list[object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "labels.jsonl"
        path.write_text("".join(json.dumps(v) + "\n" for v in values), encoding="utf-8")
        _reads_or_refuses("doccano", path)
        wrapped = [{"text": "a😀b", "label": v} for v in values]
        path.write_text("".join(json.dumps(v) + "\n" for v in wrapped), encoding="utf-8")
        _reads_or_refuses("doccano", path)


_ANN_PIECES = st.sampled_from(
    [
        "T1",
        "T2",
        "E1",
        "R1",
        "A1",
        "M1",
        "#1",
        "N1",
        "*",
        "\t",
        " ",
        ":",
        ";",
        "0",
        "3",
        "9",
        "company",
        "Arg1",
        "AnnotatorNotes",
        "a😀",
        "x = 1",
        "entity name = 5",
        "no trigger",
    ]
)


@_FUZZ
@given(lines=st.lists(st.lists(_ANN_PIECES, max_size=8).map("".join), max_size=6))
def test_brat_reads_or_refuses_any_lines(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "doc.txt").write_text("a😀b c\r\nd", encoding="utf-8")
        (root / "doc.ann").write_text("\n".join(lines), encoding="utf-8")
        _reads_or_refuses("brat", root)
