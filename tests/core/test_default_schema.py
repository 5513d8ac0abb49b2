"""The bundled default schema (resources/schemas/hk_announcements.toml); broken copies' errors."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest

from desktop_app.core.errors import SchemaError
from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import (
    AnnotationSchema,
    AttributeKind,
    Cardinality,
    Role,
    load_schema,
)

DOMAIN_ENTITY_TYPES = {
    "COMPANY",
    "PERSON",
    "ORGANIZATION",
    "AUTHORITY",
    "POSITION",
    "SECURITY",
    "SHARE_QUANTITY",
    "MONEY",
    "PERCENT",
    "DATE",
    "LOCATION",
    "AGREEMENT",
    "PRODUCT",
    "RULE",
}
DOMAIN_EVENT_TYPES = {
    "ShareRepurchase",
    "ShareholdingChange",
    "ShareEncumbrance",
    "SecuritiesIssuance",
    "AcquisitionDisposal",
    "ConnectedTransaction",
    "OfficerChange",
    "FinancialResult",
    "Dividend",
    "BusinessAgreement",
    "ClinicalRegulatoryMilestone",
    "ShareholderMeeting",
    "CapitalReorganisation",
    "TradingStatus",
    "LegalRegulatoryAction",
}
EXPECTED_HOTKEYS = {
    "1": "COMPANY",
    "2": "PERSON",
    "3": "MONEY",
    "4": "DATE",
    "5": "SHARE_QUANTITY",
    "6": "PERCENT",
    "7": "POSITION",
    "8": "SECURITY",
    "9": "AGREEMENT",
}


@pytest.fixture(scope="module")
def schema() -> AnnotationSchema:
    return load_schema(default_schema_path())


@pytest.fixture(scope="module")
def schema_text() -> str:
    return default_schema_path().read_text(encoding="utf-8")


# ── the default schema ──────────────────────────────────────────────────────────────────────


def test_default_schema_loads_with_name_and_version(schema: AnnotationSchema) -> None:
    assert schema.name == "hk-announcements"
    assert schema.version == "1.0"
    assert schema.schema_info.title
    assert schema.schema_info.description
    assert schema.content_hash.startswith("sha256:")


def test_default_schema_path_is_the_resources_file() -> None:
    path = default_schema_path()
    assert path.name == "hk_announcements.toml"
    assert path.parent.name == "schemas"
    assert path.is_file()


def test_has_the_domain_entity_types(schema: AnnotationSchema) -> None:
    ids = {entity.id for entity in schema.entity_types}
    assert ids >= DOMAIN_ENTITY_TYPES
    # RATIO is the one addition: consolidation ratios and rights-issue bases.
    assert ids - DOMAIN_ENTITY_TYPES == {"RATIO"}


def test_has_the_domain_event_types(schema: AnnotationSchema) -> None:
    ids = {event.id for event in schema.event_types}
    assert ids >= DOMAIN_EVENT_TYPES
    assert ids - DOMAIN_EVENT_TYPES == {
        "BoardMeeting",
        "ServiceProviderChange",
        "IssuedShareCapital",
        "DisclosureUpdate",
        "BoardComposition",
    }


def test_hotkeys_are_unique_digits_one_to_nine(schema: AnnotationSchema) -> None:
    hotkeys = [entity.hotkey for entity in schema.entity_types if entity.hotkey]
    assert len(hotkeys) == len(set(hotkeys))
    assert sorted(hotkeys) == [str(digit) for digit in range(1, 10)]
    for key, type_id in EXPECTED_HOTKEYS.items():
        found = schema.entity_type_for_hotkey(key)
        assert found is not None
        assert found.id == type_id


def test_every_role_names_existing_entity_types(schema: AnnotationSchema) -> None:
    known = {entity.id for entity in schema.entity_types}
    for event in schema.event_types:
        assert event.roles, f"{event.id} has no roles"
        for role in event.roles:
            assert role.entity_types, f"{event.id}.{role.name} allows no entity type"
            assert set(role.entity_types) <= known, f"{event.id}.{role.name}"
            assert len(role.entity_types) == len(set(role.entity_types))


def test_every_event_has_a_required_role(schema: AnnotationSchema) -> None:
    """Each event is anchored on at least one required role, so an empty event is invalid."""
    for event in schema.event_types:
        required = [role for role in event.roles if role.cardinality.required]
        assert required, f"{event.id} has no required role"


def test_key_cardinalities(schema: AnnotationSchema) -> None:
    def role(event_id: str, name: str) -> Role:
        event = schema.event_type(event_id)
        assert event is not None
        found = event.role(name)
        assert found is not None, f"{event_id}.{name}"
        return found

    repurchaser = role("ShareRepurchase", "Repurchaser")
    assert repurchaser.cardinality is Cardinality.ONE
    assert repurchaser.entity_types == ("COMPANY",)
    assert role("OfficerChange", "Person").cardinality is Cardinality.ONE
    assert role("OfficerChange", "Position").cardinality is Cardinality.ONE_OR_MORE
    assert role("AcquisitionDisposal", "Target").cardinality is Cardinality.ONE_OR_MORE
    assert role("FinancialResult", "Period").cardinality is Cardinality.ONE_OR_MORE
    assert role("CapitalReorganisation", "Ratio").entity_types == ("RATIO",)
    assert role("SecuritiesIssuance", "Basis").entity_types == ("RATIO",)


@pytest.mark.parametrize(
    ("event_id", "name", "values"),
    [
        ("ShareholdingChange", "direction", {"increase", "decrease"}),
        ("ShareEncumbrance", "kind", {"pledge", "release", "freeze"}),
        (
            "SecuritiesIssuance",
            "kind",
            {"placing", "subscription", "rights_issue", "open_offer", "convertible", "ipo"},
        ),
        (
            "OfficerChange",
            "kind",
            {"appointment", "resignation", "re_designation", "retirement", "removal"},
        ),
        ("FinancialResult", "kind", {"actual", "expected", "profit_warning", "profit_alert"}),
    ],
)
def test_event_kind_attributes(
    schema: AnnotationSchema, event_id: str, name: str, values: set[str]
) -> None:
    event = schema.event_type(event_id)
    assert event is not None
    spec = next(attribute for attribute in event.attributes if attribute.name == name)
    assert spec.kind is AttributeKind.ENUM
    assert spec.required
    assert values <= set(spec.values)


def test_typed_entity_attributes(schema: AnnotationSchema) -> None:
    def kind_of(type_id: str, name: str) -> AttributeKind:
        entity = schema.entity_type(type_id)
        assert entity is not None
        return next(a.kind for a in entity.attributes if a.name == name)

    assert kind_of("MONEY", "value") is AttributeKind.MONEY
    assert kind_of("DATE", "value") is AttributeKind.DATE
    assert kind_of("PERCENT", "value") is AttributeKind.NUMBER
    assert kind_of("SHARE_QUANTITY", "value") is AttributeKind.NUMBER
    assert kind_of("COMPANY", "role") is AttributeKind.ENUM
    company = schema.entity_type("COMPANY")
    assert company is not None
    role = next(a for a in company.attributes if a.name == "role")
    assert {"issuer", "subsidiary", "counterparty", "investor", "agent", "other"} <= set(
        role.values
    )


def test_document_fields(schema: AnnotationSchema) -> None:
    fields = {field.name: field for field in schema.document_fields}
    assert set(fields) == {
        "headline_category",
        "language",
        "stock_code",
        "issuer",
        "headline",
        "publication_date",
        "inside_information",
        "needs_second_review",
    }
    assert fields["headline_category"].kind is AttributeKind.ENUM
    assert len(fields["headline_category"].values) >= 30
    assert fields["language"].values == ("en", "zh-Hant", "zh-Hans", "mixed")
    assert fields["stock_code"].kind is AttributeKind.TEXT and fields["stock_code"].required
    assert fields["issuer"].kind is AttributeKind.TEXT
    assert fields["publication_date"].kind is AttributeKind.DATE
    assert fields["publication_date"].required
    assert fields["inside_information"].kind is AttributeKind.BOOLEAN
    assert fields["needs_second_review"].kind is AttributeKind.BOOLEAN
    # The HKEX codes are kept in the description.
    for code in ("16200", "12350", "13500", "18120", "19750"):
        assert code in fields["headline_category"].description


def test_everything_has_a_label_and_description(schema: AnnotationSchema) -> None:
    missing: list[str] = []
    for entity in schema.entity_types:
        if not (entity.label and entity.description):
            missing.append(entity.id)
        missing += [
            f"{entity.id}.{a.name}" for a in entity.attributes if not (a.label and a.description)
        ]
    for event in schema.event_types:
        if not (event.label and event.description):
            missing.append(event.id)
        missing += [f"{event.id}.{r.name}" for r in event.roles if not (r.label and r.description)]
        missing += [
            f"{event.id}.{a.name}" for a in event.attributes if not (a.label and a.description)
        ]
    missing += [f.name for f in schema.document_fields if not (f.label and f.description)]
    assert missing == []


def test_no_duplicate_attribute_names_or_enum_values(schema: AnnotationSchema) -> None:
    """schema.py does not check these itself, so the default schema is checked here."""
    owners = [(e.id, e.attributes) for e in schema.entity_types]
    owners += [(e.id, e.attributes) for e in schema.event_types]
    owners.append(("document_fields", schema.document_fields))
    for owner, attributes in owners:
        names = [a.name for a in attributes]
        assert len(names) == len(set(names)), owner
        for attribute in attributes:
            assert len(attribute.values) == len(set(attribute.values)), (owner, attribute.name)
    for event in schema.event_types:
        role_names = {role.name for role in event.roles}
        assert not role_names & {a.name for a in event.attributes}, event.id


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of a ``#RRGGBB`` colour."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_entity_colours_are_distinct_and_mid_lightness(schema: AnnotationSchema) -> None:
    """Readable as translucent highlights on light and dark themes, and told apart at a glance."""
    colours = {entity.id: entity.colour.upper() for entity in schema.entity_types}
    assert len(set(colours.values())) == len(colours)
    for type_id, colour in colours.items():
        lightness = _lab(colour)[0]
        assert 45 <= lightness <= 85, f"{type_id} {colour} L*={lightness:.0f}"
    for (a, ca), (b, cb) in itertools.combinations(colours.items(), 2):
        distance = math.dist(_lab(ca), _lab(cb))
        assert distance >= 20, f"{a} {ca} and {b} {cb} are too alike (ΔE {distance:.1f})"


def test_event_colours_are_unique(schema: AnnotationSchema) -> None:
    colours = [event.colour.upper() for event in schema.event_types]
    assert len(colours) == len(set(colours))


# ── broken copies ───────────────────────────────────────────────────────────────────────────


def _broken_copy(tmp_path: Path, text: str, old: str, new: str) -> Path:
    assert text.count(old) == 1, f"test set-up: {old!r} must occur exactly once"
    path = tmp_path / "broken_schema.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_unknown_entity_type_in_role_is_named(tmp_path: Path, schema_text: str) -> None:
    path = _broken_copy(
        tmp_path,
        schema_text,
        'entity_types = ["COMPANY"]\ncardinality = "one"\n'
        'description = "The company buying back its shares (normally the issuer)."',
        'entity_types = ["COMPNAY"]\ncardinality = "one"\n'
        'description = "The company buying back its shares (normally the issuer)."',
    )
    with pytest.raises(SchemaError) as caught:
        load_schema(path)
    message = str(caught.value)
    assert str(path) in message
    assert "ShareRepurchase" in message
    assert "Repurchaser" in message
    assert "COMPNAY" in message


def test_bad_colour_is_named(tmp_path: Path, schema_text: str) -> None:
    path = _broken_copy(tmp_path, schema_text, 'colour = "#3B82F6"', 'colour = "blue"')
    with pytest.raises(SchemaError) as caught:
        load_schema(path)
    message = str(caught.value)
    assert str(path) in message
    # The location names the entity type by its id, and the key.
    assert "entity_types[COMPANY].colour" in message


def test_duplicate_hotkey_is_named(tmp_path: Path, schema_text: str) -> None:
    path = _broken_copy(
        tmp_path,
        schema_text,
        'colour = "#F97316"\nhotkey = "2"',
        'colour = "#F97316"\nhotkey = "1"',
    )
    with pytest.raises(SchemaError) as caught:
        load_schema(path)
    message = str(caught.value)
    assert str(path) in message
    assert "hotkey 1 is given to both COMPANY and PERSON" in message


def test_toml_syntax_error_names_the_line(tmp_path: Path, schema_text: str) -> None:
    old = 'id = "MONEY"'
    line_number = schema_text.splitlines().index(old) + 1
    path = _broken_copy(tmp_path, schema_text, old, 'id = "MONEY')
    with pytest.raises(SchemaError) as caught:
        load_schema(path)
    message = str(caught.value)
    assert str(path) in message
    assert "not valid TOML" in message
    assert f"line {line_number}" in message


def test_missing_and_non_utf8_files_are_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(SchemaError, match=r"nowhere\.toml"):
        load_schema(missing)
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('[schema]\nname = "caf\u00e9"\n'.encode("latin-1"))
    with pytest.raises(SchemaError, match=r"latin1\.toml.*not UTF-8"):
        load_schema(latin1)
