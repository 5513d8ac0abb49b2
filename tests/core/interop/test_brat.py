"""brat standoff out and in: files that follow brat's rules, offset-exact lossless round trips,
foreign folders mapped, shifted offsets refused, folders replaced only when safe."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from brat_rules import broken_rules
from kept import content

from desktop_app.core.errors import BundleInvalid, KnownError
from desktop_app.core.interop import export_annotations, import_annotations
from desktop_app.core.store import Store


def test_round_trip_is_identical_lossless_and_follows_brats_rules(
    filled: Store, fresh_store: Store, tmp_path: Path, corpus: SimpleNamespace
) -> None:
    first, second = tmp_path / "brat-a", tmp_path / "brat-b"
    report = export_annotations(filled, first, "brat")
    assert report.documents == 2 and report.lost == []
    ids = filled.document_ids()
    assert sorted(p.name for p in first.iterdir()) == sorted(
        ["annotation.conf", "visual.conf", *(f"{i}.txt" for i in ids), *(f"{i}.ann" for i in ids)]
    )
    for document_id in ids:
        assert broken_rules(first / "annotation.conf", first / f"{document_id}.ann") == []
    # The .txt is the text byte for byte: \r\n and U+2028 untouched.
    assert (first / f"{ids[0]}.txt").read_bytes() == corpus.TRICKY_TEXT.encode("utf-8")

    import_annotations(fresh_store, first, "brat")
    export_annotations(fresh_store, second, "brat")
    assert corpus.tree_bytes(second) == corpus.tree_bytes(first)
    for document_id in ids:
        before, after = filled.annotated(document_id), fresh_store.annotated(document_id)
        corpus.covered_texts_hold(
            after, corpus.TRICKY_TEXT if document_id == ids[0] else corpus.PLAIN_TEXT
        )
        assert content(after) == content(before)
    triggerless = [e for e in fresh_store.annotated(ids[0]).events if e.type == "appointment"]
    assert [e.trigger for e in triggerless] == [None]


def test_the_ann_file_reads_as_brat_writes_it(
    filled: Store, tmp_path: Path, corpus: SimpleNamespace
) -> None:
    out = tmp_path / "brat"
    export_annotations(filled, out, "brat")
    lines = (out / f"{filled.document_ids()[0]}.ann").read_text(encoding="utf-8").split("\n")
    text = corpus.TRICKY_TEXT
    odd = corpus.span_of(text, "Ltd\r\nfor")
    assert "T1\tcompany 0 24\tAlpha 😀 Holdings Limited" in lines
    assert f"T4\tcompany {odd[0]} {odd[1]}\tLtd  for" in lines  # the line break shown flat
    assert "*\tSame T1 T2" in lines  # Alpha's two mentions are one entity
    # The buyer names the entity's second mention; repeated roles are numbered.
    assert "E1\tacquisition:T11 buyer:T2 target:T3 consideration:T5 adviser:T6 adviser2:T8" in lines
    assert "#4\tAnnotatorNotes T5\tmillions = 1234.5" in lines
    assert "A1\tapproximate T5 false" in lines
    assert "A2\tposition T7 director" in lines
    assert "#8\tAnnotatorNotes E2\tno trigger" in lines
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert (
        "acquisition\tbuyer:company, target?:company, consideration+:money, "
        "adviser*:company|person" in conf
    )


def _write(folder: Path, name: str, text: str, ann: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_bytes(text.encode("utf-8"))
    (folder / f"{name}.ann").write_text(ann, encoding="utf-8")


FOREIGN_TEXT = "𥚃 Beta Ltd hired Chan Tai Man,\r\nthe 主席 of Beta.\n"


def test_a_foreign_folder_is_mapped_with_relations_fragments_and_notes(
    fresh_store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "foreign"
    _write(
        folder,
        "doc-1",
        FOREIGN_TEXT,
        "T1\tOrganization 0 10\t𥚃 Beta Ltd\n"
        "T2\tPerson 17 29\tChan Tai Man\n"
        "T3\tOrganization 42 46\tBeta\n"
        "T4\tPerson 32 35;36 38\tthe 主席\n"
        "*\tCoref T1 T3\n"
        "R1\tEmploys Arg1:T1 Arg2:T2\n"
        "M1\tPosition T2 director\n"
        "N1\tReference T2 Wikidata:Q1\tChan\n"
        "#1\tAnnotatorNotes T1\tcheck the name\n",
    )
    mapping = tmp_path / "map.json"
    names = (
        '{"entity_types": {"Organization": "company", "Person": "person"},'
        ' "event_types": {"Employs": "acquisition"}, "attributes": {"Position": "position"},'
        ' "roles": {"Employs.Arg2": "adviser"ARG1}}'
    )
    mapping.write_text(names.replace("ARG1", ""), encoding="utf-8")
    with pytest.raises(BundleInvalid) as refused:
        import_annotations(fresh_store, folder, "brat")
    assert "entity type Organization" in refused.value.problems
    with pytest.raises(BundleInvalid) as refused:
        import_annotations(fresh_store, folder, "brat", mapping)
    assert refused.value.problems == ["role Employs.Arg1"]
    # A company as consideration: the schema refuses it, and nothing is imported.
    mapping.write_text(names.replace("ARG1", ', "Arg1": "consideration"'), encoding="utf-8")
    with pytest.raises(BundleInvalid, match="1 problem"):
        import_annotations(fresh_store, folder, "brat", mapping)
    assert fresh_store.document_ids() == []

    mapping.write_text(names.replace("ARG1", ', "Arg1": "buyer"'), encoding="utf-8")
    report = import_annotations(fresh_store, folder, "brat", mapping)
    assert report.warnings[0] == "1 free-text note(s) left out (no place for them here)"
    (document_id,) = fresh_store.document_ids()
    annotated = fresh_store.annotated(document_id)
    assert annotated.document.title == "doc-1"
    by_type = {(e.type, tuple(m.text for m in e.mentions)) for e in annotated.entities}
    assert ("company", ("𥚃 Beta Ltd", "Beta")) in by_type  # one entity: the * group
    assert ("person", ("the", "主席")) in by_type  # a fragment per mention
    chan = next(e for e in annotated.entities if e.name == "Chan Tai Man")
    assert chan.attributes == {"position": "director"} and chan.identifier == "Wikidata:Q1"
    (employs,) = annotated.events
    names_of = {e.id: e.name for e in annotated.entities}
    assert employs.trigger is None
    assert [(a.role, names_of[a.entity_id]) for a in employs.arguments] == [
        ("buyer", "𥚃 Beta Ltd"),
        ("adviser", "Chan Tai Man"),
    ]


def test_shifted_offsets_are_refused_naming_the_annotation(
    fresh_store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "shifted"
    # Offsets counted in UTF-16 units (𥚃 as two): every span after it is off by one.
    _write(
        folder,
        "doc",
        FOREIGN_TEXT,
        "T1\tcompany 0 11\t𥚃 Beta Ltd\nT2\tperson 18 30\tChan Tai Man\n",
    )
    with pytest.raises(BundleInvalid) as refused:
        import_annotations(fresh_store, folder, "brat")
    assert refused.value.problems[0].startswith("doc.ann, line 1: T1: the text at 0 11 is")
    assert len(refused.value.problems) == 2
    assert fresh_store.document_ids() == []


def test_a_folder_is_replaced_only_when_it_holds_an_earlier_export(
    filled: Store, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    export_annotations(filled, out, "brat")
    (out / "stale.ann").write_text("", encoding="utf-8")
    export_annotations(filled, out, "brat")  # an earlier export's files: replaced
    assert not (out / "stale.ann").exists()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(KnownError, match=r"holds files this export does not write \(thesis.docx\)"):
        export_annotations(filled, out, "brat")
    assert (out / "thesis.docx").read_bytes() == b"precious"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_a_failure_midway_leaves_the_previous_export_as_it_was(
    filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus: SimpleNamespace
) -> None:
    from desktop_app.core.interop import brat

    out = tmp_path / "out"
    export_annotations(filled, out, "brat")
    before = corpus.tree_bytes(out)
    filled.create_entity(filled.document_ids()[1], "company", [(0, 5)])
    written = brat.ann_of
    calls: list[str] = []

    def fail_on_the_second(*args: object) -> tuple[str, list[str]]:
        calls.append("ann")
        if len(calls) == 2:
            raise KnownError("the disk is full")
        return written(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(brat, "ann_of", fail_on_the_second)
    with pytest.raises(KnownError, match="the disk is full"):
        export_annotations(filled, out, "brat")
    assert corpus.tree_bytes(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
