"""Display labels declared in the schema file: every type, role, attribute and value of the
default schema reads as words in English and Traditional Chinese, never as an id or slug."""

from __future__ import annotations

import pytest

from desktop_app.core.errors import SchemaError
from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import AnnotationSchema, load_schema, schema_from_data
from desktop_app.core.wording import count_of


@pytest.fixture(scope="module")
def schema() -> AnnotationSchema:
    return load_schema(default_schema_path())


def _every_label(schema: AnnotationSchema, language: str) -> dict[str, str]:
    found: dict[str, str] = {}
    owners = [("document", schema.document_fields)]
    owners += [(e.id, e.attributes) for e in schema.entity_types]
    owners += [(e.id, e.attributes) for e in schema.event_types]
    for kind in [*schema.entity_types, *schema.event_types]:
        found[kind.id] = schema.label(kind.id, language)
    for event in schema.event_types:
        for role in event.roles:
            found[f"{event.id}.{role.name}"] = schema.role_label(event.id, role.name, language)
    for owner, specs in owners:
        for spec in specs:
            found[f"{owner}.{spec.name}"] = schema.attribute_label(owner, spec.name, language)
            for value in spec.values:
                found[f"{owner}.{spec.name}.{value}"] = schema.value_label(
                    owner, spec.name, value, language
                )
    return found


def test_every_part_has_a_chinese_label(schema: AnnotationSchema) -> None:
    english = _every_label(schema, "en")
    chinese = _every_label(schema, "zh-Hant")
    untranslated = [key for key, text in chinese.items() if text == english[key]]
    assert untranslated == []
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in chinese.values())


def test_no_english_label_is_a_slug(schema: AnnotationSchema) -> None:
    labels = _every_label(schema, "en")
    assert [key for key, text in labels.items() if "_" in text] == []


def test_the_labels_reviewers_asked_for(schema: AnnotationSchema) -> None:
    value = schema.value_label
    assert value("BusinessAgreement", "kind", "r_and_d") == "R&D"
    assert value("document", "headline_category", "notice_of_agm") == "Notice of AGM"
    independent = value("PERSON", "director_category", "independent_non_executive")
    assert independent == "independent non-executive"
    assert value("PERSON", "director_category", "independent_non_executive", "zh-Hant") == (
        "獨立非執行"
    )
    assert schema.label("COMPANY") == "Company"
    assert schema.label("COMPANY", "zh-Hant") == "公司"
    assert schema.status_label("in_progress") == "In progress"
    assert schema.status_label("returned", "zh-Hant") == "已退回"
    assert schema.attribute_label("document", "publication_date") == "Publication date"


def test_board_composition_holds_each_director_by_category(schema: AnnotationSchema) -> None:
    board = schema.event_type("BoardComposition")
    assert board is not None
    roles = {role.name: role for role in board.roles}
    assert roles["Company"].cardinality.required
    assert roles["AsAt"].entity_types == ("DATE",)
    categories = ("ExecutiveDirector", "NonExecutiveDirector", "IndependentNonExecutiveDirector")
    for category in categories:
        assert roles[category].entity_types == ("PERSON",)
        assert roles[category].cardinality.multiple
    assert roles["Position"].entity_types == ("POSITION",)


def test_a_required_field_is_named_by_its_label(schema: AnnotationSchema) -> None:
    spec = next(f for f in schema.document_fields if f.name == "publication_date")
    assert spec.problem_with("") == "required field “Publication date” is empty"
    assert "publication_date" not in (spec.problem_with("2025-02-30") or "")


def _minimal(labels: dict[str, dict[str, str]]) -> dict[str, object]:
    return {
        "schema": {"name": "t", "version": "1"},
        "entity_types": [{"id": "ORG", "label": "Org", "colour": "#123456"}],
        "labels": labels,
    }


def test_a_label_for_nothing_is_refused_with_its_key() -> None:
    with pytest.raises(SchemaError, match=r"'ORG\.size' names nothing"):
        schema_from_data(_minimal({"en": {"ORG.size": "Size"}}), "test.toml")
    with pytest.raises(SchemaError, match=r"labels\.fr: unknown language"):
        schema_from_data(_minimal({"fr": {"ORG": "Organisation"}}), "test.toml")


def test_a_label_missing_in_chinese_falls_back_to_english() -> None:
    schema = schema_from_data(_minimal({"en": {"ORG": "Organisation"}}), "test.toml")
    assert schema.label("ORG", "zh-Hant") == "Organisation"
    assert schema.label("UNKNOWN") == "UNKNOWN"


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 documents"), (1, "1 document"), (2, "2 documents")]
)
def test_counts_take_the_right_plural(count: int, expected: str) -> None:
    assert count_of(count, "document") == expected
    assert count_of(1, "entry") == "1 entry" and count_of(3, "entry") == "3 entries"
