"""The schema-pattern recognisers: each typed value a reviewer would otherwise type by hand."""

from __future__ import annotations

import pytest

from desktop_app.core.suggest import SuggestionKind, suggest_document
from desktop_app.core.suggest.patterns import money, percent, rule_reference, share_quantity


def _found(recogniser, text):
    return [(text[start:end], attributes) for start, end, attributes in recogniser(text)]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("at HK$3.12 per Share", "HK$3.12", "HKD 3.12"),
        ("approximately HK$3,980,400.", "HK$3,980,400", "HKD 3980400"),
        ("a loss of HK$12.3 million", "HK$12.3 million", "HKD 12300000"),
        ("RMB38.6 million in cash", "RMB38.6 million", "CNY 38600000"),
        ("US$2 billion facility", "US$2 billion", "USD 2000000000"),
        ("董事袍金港幣240,000元", "港幣240,000元", "HKD 240000"),
        ("約港幣2,000萬元", "港幣2,000萬元", "HKD 20000000"),
        ("代價為人民幣42,000,000元", "人民幣42,000,000元", "CNY 42000000"),
        ("約60百萬港元", "60百萬港元", "HKD 60000000"),
        ("par value HK$0.10 each", "HK$0.10", "HKD 0.10"),
    ],
)
def test_money_in_every_written_form_gets_its_value_and_currency(text, span, value):
    assert [(found, attributes["value"]) for found, attributes in _found(money, text)] == [
        (span, value)
    ]


def test_money_says_when_it_is_approximate():
    [(_, approximate)] = _found(money, "approximately HK$38 million")
    [(_, exact)] = _found(money, "HK$38 million")
    assert approximate["approximate"] is True and exact["approximate"] is False


def test_percentages_and_share_quantities():
    assert _found(percent, "representing approximately 1.40% of") == [
        ("1.40%", {"value": 1.4, "approximate": True})
    ]
    assert [span for span, _ in _found(share_quantity, "a total of 1,240,000 ordinary shares")] == [
        "1,240,000"
    ]
    assert [span for span, _ in _found(share_quantity, "board lots of 10,000 New Shares")] == [
        "10,000"
    ]
    assert [span for span, _ in _found(share_quantity, "配售80,000,000股股份")] == ["80,000,000"]
    # A price per share and a ratio's "(10)" are not share quantities.
    assert _found(share_quantity, "HK$0.10 each and every ten (10) Existing Shares") == []


@pytest.mark.parametrize(
    ("text", "span", "reference"),
    [
        ("under Rule 10.06 of the Listing Rules.", "Rule 10.06 of the Listing Rules", "LR 10.06"),
        ("pursuant to Rule 13.09(2)(a) of the Rules", "Rule 13.09(2)(a)", "LR 13.09(2)(a)"),
        ("under Chapter 14A", "Chapter 14A", "LR Ch. 14A"),
        (
            "Part XIVA of the Securities and Futures Ordinance (Chapter 571 of the Laws of HK)",
            "Part XIVA of the Securities and Futures Ordinance",
            "SFO Part XIVA",
        ),
        ("根據上市規則第13.51(2)條", "上市規則第13.51(2)條", "LR 13.51(2)"),
        ("上市規則第十四章", "上市規則第十四章", "LR Ch. 14"),
    ],
)
def test_rule_references_are_found_and_normalised(text, span, reference):
    assert [
        (found, attributes["reference"]) for found, attributes in _found(rule_reference, text)
    ] == [(span, reference)]


def test_dates_in_every_form_and_periods(hk_schema):
    text = (
        "On Tuesday, 28 October 2025 and June 5, 2025, 2025年9月1日 and 二零二五年九月一日, "
        "for the six months ended 30 June 2025."
    )
    dates = [
        (s.text, s.attributes["value"], s.attributes["kind"])
        for s in suggest_document(text, hk_schema)
        if s.type == "DATE"
    ]
    assert dates == [
        ("Tuesday, 28 October 2025", "2025-10-28", "day"),
        ("June 5, 2025", "2025-06-05", "day"),
        ("2025年9月1日", "2025-09-01", "day"),
        ("二零二五年九月一日", "2025-09-01", "day"),
        ("six months ended 30 June 2025", "2025-06-30", "period"),
    ]


def test_stock_codes_become_security_suggestions(hk_schema):
    [english] = [s for s in suggest_document("(Stock Code: 328)", hk_schema)]
    [chinese] = [s for s in suggest_document("（股份代號：2981）", hk_schema)]
    assert (english.type, english.text, english.attributes["stock_code"]) == (
        "SECURITY",
        "328",
        "0328",
    )
    assert chinese.attributes["stock_code"] == "2981"
    assert english.kind is SuggestionKind.MENTION and english.rule == "pattern:stock-code"


def test_terms_months_sections_and_cents(hk_schema):
    text = (
        "a term of three years, within six months, 三年期內, 十個營業日內, not 二零二五年; in "
        "April 2025 under Section 46(2) of the Companies Act 1981 of Bermuda; 每股港幣5仙."
    )
    found = [(s.type, s.text) for s in suggest_document(text, hk_schema)]
    assert found == [
        ("DATE", "three years"),
        ("DATE", "six months"),
        ("DATE", "三年期"),
        ("DATE", "十個營業日"),
        ("DATE", "April 2025"),
        ("RULE", "Section 46(2) of the Companies Act 1981 of Bermuda"),
        ("MONEY", "港幣5仙"),
    ]
    cents = next(s for s in suggest_document("港幣5仙", hk_schema))
    assert cents.attributes["value"] == "HKD 0.05"


def test_people_by_honorific_and_the_signer_of_the_closing_block(hk_schema):
    text = (
        "By order of the Board\nHarbour Bridge Holdings Limited\nHo Ka Lok\nChairman\n\n"
        "the Board comprises Mr. Ho Ka Lok and Professor Kwan Tin Yau; 執行董事周嘉恒先生及"
        "陳永康教授。"
    )
    people = [(s.text, s.rule) for s in suggest_document(text, hk_schema) if s.type == "PERSON"]
    assert people == [
        ("Ho Ka Lok", "person:signer"),
        ("Ho Ka Lok", "person:honorific"),
        ("Kwan Tin Yau", "person:honorific"),
        ("周嘉恒", "person:honorific"),
        ("陳永康", "person:honorific"),
    ]
