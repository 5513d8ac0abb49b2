"""The issuer's name lines at the top of a notice are suggested as one company."""

from __future__ import annotations

from desktop_app.core.suggest import SuggestionKind, suggest_document

_ENGLISH_NOTICE = (
    "HARBOUR BRIDGE HOLDINGS LIMITED\n"
    "港橋控股有限公司\n"
    "(Incorporated in Bermuda with limited liability)\n"
    "(Stock Code: 2981)\n\n"
    'This announcement is made by Harbour Bridge Holdings Limited (the "Company").\n'
)
_CHINESE_NOTICE = (
    "Ruifeng Intelligent Technology Group Limited\n"
    "瑞豐智能科技集團有限公司\n"
    "（於開曼群島註冊成立之有限公司）\n"
    "（股份代號：1872）\n\n"
    "瑞豐智能科技集團有限公司（「本公司」）董事會宣佈。\n"
)


def _companies(text, hk_schema):
    return {
        s.text: s.entity
        for s in suggest_document(text, hk_schema)
        if s.kind is SuggestionKind.MENTION and s.type == "COMPANY"
    }


def test_both_name_lines_above_the_incorporation_line_join_the_defined_issuer(hk_schema):
    companies = _companies(_ENGLISH_NOTICE, hk_schema)
    assert companies["港橋控股有限公司"] == "name:Harbour Bridge Holdings Limited"
    assert companies["HARBOUR BRIDGE HOLDINGS LIMITED"] == companies["港橋控股有限公司"]


def test_the_english_line_of_a_chinese_notice_joins_the_chinese_defined_issuer(hk_schema):
    companies = _companies(_CHINESE_NOTICE, hk_schema)
    english = companies["Ruifeng Intelligent Technology Group Limited"]
    assert english == "name:瑞豐智能科技集團有限公司"


def test_a_name_line_without_an_incorporation_or_stock_code_line_is_not_a_heading(hk_schema):
    text = "Ruifeng Intelligent Technology Group Limited\n\nThe board announces a change.\n"
    assert "Ruifeng Intelligent Technology Group Limited" not in _companies(text, hk_schema)


def test_a_title_line_above_the_incorporation_line_is_not_suggested(hk_schema):
    text = "VOLUNTARY ANNOUNCEMENT\n(Incorporated in Bermuda with limited liability)\n"
    assert _companies(text, hk_schema) == {}


def test_a_product_code_is_suggested_and_its_tagged_name_propagates_into_chinese_text(hk_schema):
    from desktop_app.core.models import Entity, Mention

    text = "the development of LMX-207, the candidate.\n共同進行LMX-207之臨床前開發。"
    products = [s for s in suggest_document(text, hk_schema) if s.type == "PRODUCT"]
    assert [s.text for s in products] == ["LMX-207", "LMX-207"]
    start = text.index("LMX-207")
    tagged = Entity(
        id="e1",
        type="PRODUCT",
        name="LMX-207",
        mentions=[Mention(id="m1", start=start, end=start + 7, text="LMX-207")],
    )
    later = [s for s in suggest_document(text, hk_schema, [tagged]) if s.type == "PRODUCT"]
    assert [(s.start, s.entity) for s in later] == [(text.rindex("LMX-207"), "e1")]


def test_chinese_position_titles_and_hong_kong_districts_are_suggested(hk_schema):
    text = (
        "黃先生已獲委任為獨立非執行董事、審核委員會主席。研究院將於香港沙田提供設施。\n"
        "The Institute will provide facilities in Sha Tin, Hong Kong. The Shatin Institute.\n"
    )
    found = {(s.type, s.text) for s in suggest_document(text, hk_schema)}
    assert {
        ("POSITION", "獨立非執行董事"),
        ("POSITION", "審核委員會主席"),
        ("LOCATION", "香港沙田"),
        ("LOCATION", "Sha Tin, Hong Kong"),
    } <= found
    assert not any(type_id == "LOCATION" and "Shatin" in t for type_id, t in found)


def test_a_security_term_with_no_name_before_it_is_suggested_where_it_is_defined(hk_schema):
    text = (
        'every ten (10) existing shares of par value HK$0.10 each (the "Existing Shares") will '
        'be consolidated, and the Company (the "Company") said 2,000 Existing Shares.'
    )
    quoted = [s for s in suggest_document(text, hk_schema) if s.rule == "defined-term:quoted"]
    start = text.index("Existing Shares")
    assert [(s.type, s.start, s.entity) for s in quoted] == [
        ("SECURITY", start, "name:Existing Shares")
    ]
