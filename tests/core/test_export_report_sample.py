"""An export of many documents reports counts of everything and only the first warnings and
problems word for word ("… and N more"), so its report does not grow with the corpus; the
command line says how many documents were warned about or left out, and why."""

from __future__ import annotations

import json

import pytest

from desktop_app.cli import main
from desktop_app.core.bundle_export import LISTED_REFUSALS, SAMPLED, ExportRefused, export_bundle
from desktop_app.core.models import DocumentStatus

DOCUMENTS = SAMPLED + 5


@pytest.fixture
def unfinished(store, helpers) -> list[str]:
    """More documents in progress than a report samples, each with an acquisition missing
    its buyer and its consideration (two warnings each)."""
    ids = []
    for number in range(DOCUMENTS):
        text = f"{helpers.SAMPLE_TEXT}\nNotice {number}.\n"
        document_id = helpers.add_document(store, text=text, title=f"Notice {number}")
        store.set_status(document_id, DocumentStatus.IN_PROGRESS)
        store.create_event(document_id, "acquisition")
        ids.append(document_id)
    return ids


def _refuse(store, helpers, document_id: str, entities: int = 1) -> None:
    text = store.text_of(document_id)
    for _ in range(entities):
        store.create_entity(
            document_id,
            "person",
            [helpers.span_of(text, "Chan Tai Man")],
            attributes={"position": "chairman"},  # not one of the enum's values: refused
        )


def test_the_report_counts_every_warning_and_keeps_the_first(tmp_path, store, unfinished):
    path = tmp_path / "out.json"
    report = export_bundle(store, path)
    assert report.documents == DOCUMENTS
    assert (report.warning_count, report.warned_documents) == (2 * DOCUMENTS, DOCUMENTS)
    lines = report.warning_lines()
    assert len(lines) == SAMPLED
    assert lines[:2] == [
        "Notice 0: event acquisition: required role buyer is empty",
        "Notice 0: event acquisition: required role consideration is empty",
    ]
    assert len(report.titles) == SAMPLED // 2  # only the documents the sample names
    assert len(json.loads(path.read_text("utf-8"))["documents"]) == DOCUMENTS


@pytest.mark.file_only  # the command line on a database path
def test_the_command_line_shows_the_first_warnings_and_how_many_more(
    tmp_path, store, unfinished, schema_path, capsys
):
    out = tmp_path / "out.json"
    assert main(["--db", str(store.path), "--schema", str(schema_path), "export", str(out)]) == 0
    captured = capsys.readouterr()
    warnings = [line for line in captured.err.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == SAMPLED + 1
    assert warnings[-1] == f"warning: … and {2 * DOCUMENTS - SAMPLED} more"
    assert f"{2 * DOCUMENTS} warnings in {DOCUMENTS} documents" in captured.out


@pytest.mark.file_only  # the command line on a database path
def test_documents_left_out_are_counted_and_the_first_problems_shown(
    tmp_path, store, helpers, unfinished, schema_path, capsys
):
    for document_id in unfinished:
        _refuse(store, helpers, document_id)
    report = export_bundle(store, tmp_path / "skipping.json", skip_invalid=True)
    assert (report.documents, report.skipped_documents) == (0, DOCUMENTS)
    assert report.skipped_count == DOCUMENTS and len(report.skipped) == SAMPLED
    assert report.skipped[0].startswith("Notice 0: person ")
    assert report.warning_count == 0  # documents left out bring no warnings

    out = tmp_path / "cli.json"
    argv = ["--db", str(store.path), "--schema", str(schema_path), "export", str(out)]
    assert main([*argv, "--skip-invalid"]) == 0
    captured = capsys.readouterr()
    left_out = [line for line in captured.err.splitlines() if line.startswith("left out: ")]
    assert len(left_out) == SAMPLED + 1
    assert left_out[-1] == f"left out: … and {DOCUMENTS - SAMPLED} more"
    assert f"0 documents, 0 mentions, 0 events, {DOCUMENTS} documents left out" in captured.out


def test_a_refusal_counts_every_problem_and_lists_the_first(tmp_path, store, helpers):
    document_id = helpers.add_document(store, title="Crowded")
    _refuse(store, helpers, document_id, entities=LISTED_REFUSALS + 3)
    path = tmp_path / "out.json"
    with pytest.raises(ExportRefused) as refused:
        export_bundle(store, path)
    assert str(refused.value).endswith(f"not written, {LISTED_REFUSALS + 3} problems found")
    assert refused.value.count == LISTED_REFUSALS + 3
    assert len(refused.value.listed) == LISTED_REFUSALS
    assert refused.value.problems[-1] == "… and 3 more"
    assert all(line.startswith("Crowded: person ") for line in refused.value.listed)
    assert not path.exists()
