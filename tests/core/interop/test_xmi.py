"""INCEpTION / UIMA CAS XMI out and in through dkpro-cassis: the files open with cassis with
every covered text right, the raw offsets are UTF-16 units, round trips are lossless, and
another tool's CAS (DKPro named entities, tokens, a relation layer) is mapped."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path
from types import SimpleNamespace

import pytest
from kept import content

cassis = pytest.importorskip("cassis")

from desktop_app.core.errors import BundleInvalid  # noqa: E402
from desktop_app.core.interop import export_annotations, import_annotations  # noqa: E402
from desktop_app.core.interop.offsets import Utf16Offsets  # noqa: E402
from desktop_app.core.store import Store  # noqa: E402


def test_the_xmi_opens_with_cassis_and_every_covered_text_matches(
    filled: Store, tmp_path: Path, corpus: SimpleNamespace
) -> None:
    out = tmp_path / "xmi"
    report = export_annotations(filled, out, "xmi")
    assert report.documents == 2 and report.lost == []
    tricky = filled.annotated(filled.document_ids()[0])
    with open(out / "TypeSystem.xml", "rb") as handle:
        system = cassis.load_typesystem(handle)
    with open(out / f"{tricky.document.id}.xmi", "rb") as handle:
        cas = cassis.load_cas_from_xmi(handle, typesystem=system)
    assert cas.sofa_string == corpus.TRICKY_TEXT
    mentions = sorted(
        (a.begin, a.end, a.get_covered_text())
        for layer in ("company", "person", "money")
        for a in cas.select(f"webanno.custom.{layer}")
    )
    assert mentions == sorted((m.start, m.end, m.text) for e in tricky.entities for m in e.mentions)
    (deal,) = cas.select("webanno.custom.acquisition")
    assert deal.get_covered_text() == "acquire"
    assert [(link.role, link.target.get_covered_text()) for link in deal.arguments.elements] == [
        ("buyer", "Company"),
        ("target", "𥚃 Beta Ltd"),
        ("consideration", "HK$1,234.5 million"),
        ("adviser", "Cafe\u0301 Ltd"),
        ("adviser", "陳大文"),
    ]
    (meta,) = cas.select("de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData")
    assert meta.documentTitle == "Tricky 😀 title"


def test_the_files_offsets_are_utf16_units(
    filled: Store, tmp_path: Path, corpus: SimpleNamespace
) -> None:
    out = tmp_path / "xmi"
    export_annotations(filled, out, "xmi")
    tricky = filled.annotated(filled.document_ids()[0])
    root = ElementTree.parse(out / f"{tricky.document.id}.xmi").getroot()
    custom = "{http:///webanno/custom.ecore}"
    raw = sorted(
        (int(node.get("begin", "")), int(node.get("end", "")))
        for node in root
        if node.tag in (f"{custom}company", f"{custom}person", f"{custom}money")
    )
    units = Utf16Offsets(corpus.TRICKY_TEXT)
    expected = sorted(
        (units.to_utf16(m.start), units.to_utf16(m.end))
        for e in tricky.entities
        for m in e.mentions
    )
    assert raw == expected
    assert raw != sorted((m.start, m.end) for e in tricky.entities for m in e.mentions)


def test_round_trip_is_identical_and_lossless(
    filled: Store, fresh_store: Store, tmp_path: Path, corpus: SimpleNamespace
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    export_annotations(filled, first, "xmi")
    import_annotations(fresh_store, first, "xmi")
    export_annotations(fresh_store, second, "xmi")
    assert corpus.tree_bytes(second) == corpus.tree_bytes(first)
    for document_id, original in zip(
        filled.document_ids(), [corpus.TRICKY_TEXT, corpus.PLAIN_TEXT], strict=True
    ):
        after = fresh_store.annotated(document_id)
        corpus.covered_texts_hold(after, original)
        assert content(after) == content(filled.annotated(document_id))
        assert after.document.title == filled.annotated(document_id).document.title


def _foreign_cas(folder: Path, text: str) -> None:
    system = cassis.TypeSystem()
    named = system.create_type(
        "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity", "uima.tcas.Annotation"
    )
    system.create_feature(named, "value", "uima.cas.String")
    system.create_feature(named, "identifier", "uima.cas.String")
    token = system.create_type(
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token", "uima.tcas.Annotation"
    )
    relation = system.create_type("webanno.custom.Advises", "uima.tcas.Annotation")
    system.create_feature(relation, "Governor", "uima.tcas.Annotation")
    system.create_feature(relation, "Dependent", "uima.tcas.Annotation")
    cas = cassis.Cas(typesystem=system)
    cas.sofa_string = text
    beta = text.index("𥚃 Beta Ltd")
    chan = text.index("Chan")
    company = named(begin=beta, end=beta + 10, value="ORG", identifier="lei:123")
    person = named(begin=chan, end=chan + 4, value="PER")
    cas.add_all([company, person, token(begin=0, end=1)])
    cas.add(relation(begin=chan, end=chan + 4, Governor=company, Dependent=person))
    folder.mkdir()
    (folder / "TypeSystem.xml").write_text(system.to_xml(), encoding="utf-8")
    (folder / "doc.xmi").write_text(cas.to_xmi(), encoding="utf-8")


def test_another_tools_cas_is_mapped_and_its_tokens_left_out(
    fresh_store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "inception"
    _foreign_cas(folder, "😀 𥚃 Beta Ltd advises Chan.\r\n")
    with pytest.raises(BundleInvalid) as refused:
        import_annotations(fresh_store, folder, "xmi")
    assert refused.value.problems == [
        "entity type ORG",
        "entity type PER",
        "event type Advises",
        "role Advises.Dependent",
        "role Advises.Governor",
    ]
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[entity_types]\nORG = "company"\nPER = "person"\n[event_types]\nAdvises = "acquisition"\n'
        '[roles]\nGovernor = "buyer"\nDependent = "adviser"\n',
        encoding="utf-8",
    )
    report = import_annotations(fresh_store, folder, "xmi", mapping)
    assert report.warnings[0] == (
        "left out annotations of other kinds: "
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
    )
    annotated = fresh_store.annotated(fresh_store.document_ids()[0])
    assert annotated.document.title == "doc"
    entities = {e.id: e for e in annotated.entities}
    assert sorted((e.type, e.name, e.identifier) for e in entities.values()) == [
        ("company", "𥚃 Beta Ltd", "lei:123"),
        ("person", "Chan", None),
    ]
    (event,) = annotated.events
    assert [(a.role, entities[a.entity_id].name) for a in event.arguments] == [
        ("buyer", "𥚃 Beta Ltd"),
        ("adviser", "Chan"),
    ]


def test_an_inception_zip_is_read_as_it_comes(
    fresh_store: Store, tmp_path: Path, corpus: SimpleNamespace
) -> None:
    import zipfile

    folder = tmp_path / "inception"
    _foreign_cas(folder, "😀 𥚃 Beta Ltd advises Chan.\r\n")
    archive = tmp_path / "doc.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.write(folder / "TypeSystem.xml", "TypeSystem.xml")
        packed.write(folder / "doc.xmi", "annotator/doc.xmi")
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[entity_types]\nORG = "company"\nPER = "person"\n[event_types]\nAdvises = "acquisition"\n'
        '[roles]\nGovernor = "buyer"\nDependent = "adviser"\n',
        encoding="utf-8",
    )
    import_annotations(fresh_store, archive, "xmi", mapping)
    annotated = fresh_store.annotated(fresh_store.document_ids()[0])
    assert annotated.document.text == "😀 𥚃 Beta Ltd advises Chan.\r\n"
    assert sorted(m.text for e in annotated.entities for m in e.mentions) == ["Chan", "𥚃 Beta Ltd"]
    (tmp_path / "broken.zip").write_bytes(b"PK not really")
    with pytest.raises(BundleInvalid, match="not a readable zip file"):
        import_annotations(fresh_store, tmp_path / "broken.zip", "xmi")
