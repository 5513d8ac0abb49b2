"""Defined terms, propagation, the corpus gazetteer, event triggers and how they combine."""

from __future__ import annotations

from desktop_app.core.models import Entity, Mention
from desktop_app.core.suggest import SuggestionKind, build_gazetteer, suggest_document

ENGLISH = (
    'This announcement is made by Harbour Bridge Holdings Limited (the "Company", together '
    'with its subsidiaries, the "Group"). The Company repurchased 1,240,000 Shares on '
    "16 September 2025. The board of the Company thanks the Group."
)
CHINESE = (
    "瑞豐智能科技集團有限公司（「本公司」）宣佈，李志強先生（「李先生」）已辭任。"
    "李先生確認，本公司…"
)


def _mentions(suggestions, rule_prefix=""):
    return [
        (s.type, s.text, s.entity)
        for s in suggestions
        if s.kind is SuggestionKind.MENTION and s.rule.startswith(rule_prefix)
    ]


def test_an_english_defined_term_names_the_entity_before_it(hk_schema):
    found = _mentions(suggest_document(ENGLISH, hk_schema), "defined-term")
    company = "name:Harbour Bridge Holdings Limited"
    assert found == [
        ("COMPANY", "Harbour Bridge Holdings Limited", company),
        ("COMPANY", "The Company", company),
        ("COMPANY", "the Company", company),
    ]
    # The Group (second term of the parenthesis) is not the Company.
    assert not any(text.endswith("Group") for _, text, _ in found)


def test_chinese_defined_terms_for_a_company_and_a_person(hk_schema):
    found = _mentions(suggest_document(CHINESE, hk_schema), "defined-term")
    assert ("COMPANY", "瑞豐智能科技集團有限公司", "name:瑞豐智能科技集團有限公司") in found
    assert found.count(("COMPANY", "本公司", "name:瑞豐智能科技集團有限公司")) == 2
    assert ("PERSON", "李志強", "name:李志強") in found  # the honorific is not part of the name
    assert found.count(("PERSON", "李先生", "name:李志強")) == 2


def test_a_tagged_entity_is_propagated_to_its_other_occurrences(hk_schema):
    text = "Mr. Ho Ka Lok is the Chairman. Ho Ka Lok signed. 何家樂 agreed."
    person = Entity(
        id="p1",
        type="PERSON",
        name="Ho Ka Lok",
        attributes={"alt_name": "何家樂"},
        mentions=[Mention(id="m1", start=4, end=13, text="Ho Ka Lok")],
    )
    found = _mentions(suggest_document(text, hk_schema, [person]), "propagation")
    assert found == [("PERSON", "Ho Ka Lok", "p1"), ("PERSON", "何家樂", "p1")]


def test_the_corpus_gazetteer_suggests_names_annotated_elsewhere(hk_schema):
    gazetteer = build_gazetteer(
        [
            ("PERSON", "Ho Ka Lok", None, None, ["Ho Ka Lok"]),
            (
                "COMPANY",
                "Harbour Bridge Holdings Limited",
                "2981",
                "港橋控股有限公司",
                ["the Company"],
            ),
            ("MONEY", "HK$3.12", None, None, ["HK$3.12"]),  # amounts are the patterns' job
        ]
    )
    text = "港橋控股有限公司 announces that Ho Ka Lok and the Company paid HK$3.12."
    found = _mentions(suggest_document(text, hk_schema, gazetteer=gazetteer), "gazetteer")
    assert found == [
        ("COMPANY", "港橋控股有限公司", "name:Harbour Bridge Holdings Limited"),
        ("PERSON", "Ho Ka Lok", "name:Ho Ka Lok"),
    ]


def test_triggers_come_with_lower_confidence_role_fillers_from_the_sentence(hk_schema):
    suggestions = suggest_document(ENGLISH, hk_schema)
    [trigger] = [s for s in suggestions if s.kind is SuggestionKind.TRIGGER]
    assert (trigger.type, trigger.text) == ("ShareRepurchase", "repurchased")
    roles = {s.type: s.text for s in suggestions if s.kind is SuggestionKind.ROLE}
    assert roles["ShareRepurchase.Repurchaser"] == "The Company"
    assert roles["ShareRepurchase.Shares"] == "1,240,000"
    assert roles["ShareRepurchase.Date"] == "16 September 2025"
    assert all(
        s.confidence < trigger.confidence for s in suggestions if s.kind is SuggestionKind.ROLE
    )


def test_chinese_triggers_prefer_the_longest_word(hk_schema):
    triggers = [
        s.text for s in suggest_document(CHINESE, hk_schema) if s.kind is SuggestionKind.TRIGGER
    ]
    assert triggers == ["已辭任"]


def test_nothing_already_annotated_or_decided_is_offered(hk_schema):
    text = "paid HK$3.12 and HK$3.26 and HK$3.40"
    money = Entity(
        id="e1",
        type="MONEY",
        name="HK$3.12",
        mentions=[Mention(id="m1", start=5, end=12, text="HK$3.12")],
    )
    found = suggest_document(text, hk_schema, [money], decided={("MONEY", 17, 24)})
    assert [s.text for s in found] == ["HK$3.40"]


def test_amounts_of_one_value_join_one_entity(hk_schema):
    text = "HK$20 million (港幣2,000萬元)"
    money = Entity(
        id="e1",
        type="MONEY",
        name="HK$20 million",
        attributes={"value": "HKD 20000000"},
        mentions=[Mention(id="m1", start=0, end=13, text="HK$20 million")],
    )
    [chinese] = suggest_document(text, hk_schema, [money])
    assert (chinese.text, chinese.entity) == ("港幣2,000萬元", "e1")


def test_overlapping_suggestions_keep_the_longer_span(hk_schema):
    text = "for the six months ended 30 June 2025 only"
    [period] = suggest_document(text, hk_schema)
    assert period.text == "six months ended 30 June 2025"
