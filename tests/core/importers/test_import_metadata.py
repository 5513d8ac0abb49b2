"""Metadata read from announcement text, dates, and the language guess."""

from __future__ import annotations

import tomllib

import pytest

from desktop_app.core.importers.dates import parse_date
from desktop_app.core.importers.language import detect_language
from desktop_app.core.importers.metadata import extract_metadata

# Invented announcements in the usual Hong Kong layout.
ENGLISH = """\
Hong Kong Exchanges and Clearing Limited and The Stock Exchange of Hong Kong Limited take no \
responsibility for the contents of this announcement.
EXAMPLE HARBOUR HOLDINGS LIMITED*
(Incorporated in Bermuda with limited liability)
(Stock Code: 0918)
DISCLOSEABLE TRANSACTION
ACQUISITION OF A LOGISTICS BUSINESS
This announcement is made by Example Harbour Holdings Limited (the "Company") pursuant to \
Rule 13.09 of the Listing Rules. The target (stock code: 1234) is listed elsewhere.
By order of the Board
Example Harbour Holdings Limited
Chan Tai Man
Chairman
Hong Kong, 19 July 2021
As at the date of this announcement, the Board comprises Mr. Chan Tai Man.
* For identification purposes only
"""

CHINESE = """\
香港交易及結算所有限公司及香港聯合交易所有限公司對本公告的內容概不負責。
示例海港控股有限公司
（於開曼群島註冊成立之有限公司）
（股份代號：918）
有關截至二零二五年三月三十一日止年度的
年報所載資料的補充公告
本公告乃由示例海港控股有限公司（「本公司」）按自願性基準作出。
承董事會命
示例海港控股有限公司
主席
陳大文
香港，二零二五年九月十七日（星期三）
於本公告日期，董事會成員包括陳大文先生。
"""


def test_english_announcement_metadata() -> None:
    assert extract_metadata(ENGLISH) == {
        "stock_code": "0918",
        "issuer": "EXAMPLE HARBOUR HOLDINGS LIMITED",
        "publication_date": "2021-07-19",
        "headline": "DISCLOSEABLE TRANSACTION",
        "headline_category": "discloseable_transaction",
    }


def test_chinese_announcement_metadata() -> None:
    assert extract_metadata(CHINESE) == {
        "stock_code": "918",
        "issuer": "示例海港控股有限公司",
        "publication_date": "2025-09-17",
        "headline": "有關截至二零二五年三月三十一日止年度的年報所載資料的補充公告",
    }


def test_issuer_from_the_signature_block_when_the_header_has_none() -> None:
    text = (
        "（股份代號：328）\n盈利預警\n內容。\n"
        "承董事會命\nSample Tech Limited\n主席\n2025年8月22日\n"
    )
    metadata = extract_metadata(text)
    assert metadata["issuer"] == "Sample Tech Limited"
    assert metadata["publication_date"] == "2025-08-22"
    assert metadata["headline"] == "盈利預警"


def test_form_fields_give_issuer_and_date() -> None:
    text = (
        "月報表\n公司名稱: Sample Tech Limited\n"
        "呈交日期: 2025年10月8日\n證券代號 (如上市) 00918 說明\n"
    )
    assert extract_metadata(text) == {
        "stock_code": "00918",
        "issuer": "Sample Tech Limited",
        "publication_date": "2025-10-08",
    }


def test_exchange_names_are_never_the_issuer() -> None:
    text = "Hong Kong Exchanges and Clearing Limited\n香港聯合交易所有限公司\n(Stock Code: 0918)\n"
    assert "issuer" not in extract_metadata(text)


def test_plain_text_gets_no_invented_metadata() -> None:
    text = "Meeting notes\nWe discussed the 2021 plan on 19 July.\nNext steps: none.\n"
    assert extract_metadata(text) == {}


def test_conflicting_stock_codes_far_from_the_header_are_not_guessed() -> None:
    text = "x" * 5000 + "\n(stock code: 1111)\n(stock code: 2222)\n"
    assert "stock_code" not in extract_metadata(text)


def test_the_last_closing_date_wins() -> None:
    text = "Hong Kong, 1 June 2021\nbody\nHong Kong, July 19, 2021\n"
    assert extract_metadata(text)["publication_date"] == "2021-07-19"


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("19 July 2021", "2021-07-19"),
        ("July 19, 2021", "2021-07-19"),
        ("1st Sept 2024", "2024-09-01"),
        ("2025年9月17日", "2025-09-17"),
        ("2025 年 3 月 31 日", "2025-03-31"),
        ("二零二五年六月二十七日", "2025-06-27"),
        ("二〇二五年十月八日", "2025-10-08"),
        ("二零二五年十二月三十一日", "2025-12-31"),
        ("二零二五年二月三十日", None),
        ("31 September 2024", None),
        ("soon", None),
    ],
)
def test_dates_as_announcements_write_them(written: str, iso: str | None) -> None:
    assert parse_date(written) == iso


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("本公司董事會宣佈，於二零二五年六月二十日起生效。", "zh-Hant"),
        ("本公司董事会宣布，于二零二五年六月二十日起生效。", "zh-Hans"),
        ("The Board announces the appointment of a director.", "en"),
        ("本公告乃由Alco Holdings Limited（「本公司」）作出。董事會宣佈委任。", "zh-Hant"),
        ("Results announcement 業績公告 for the year ended 31 March 2025 年度業績", "mixed"),
        ("12345 !!!", ""),
    ],
)
def test_language_guess(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("closing", "iso"),
    [
        ("Suzhou, People's Republic of China, July 19, 2021", "2021-07-19"),
        ("Suzhou, People’s Republic of China, 19 July 2021", "2021-07-19"),
        ("Hong Kong, Friday, 19 July 2021", "2021-07-19"),
        ("Hong Kong, Friday, July 19, 2021", "2021-07-19"),
        ("Beijing, the PRC, 2 August 2025", "2025-08-02"),
        ("Hong Kong Special Administrative Region, 19 July 2021 (Monday)", "2021-07-19"),
        ("Friday, 19 July 2021", "2021-07-19"),
    ],
)
def test_place_and_date_closing_lines(closing: str, iso: str) -> None:
    text = ENGLISH.replace("Hong Kong, 19 July 2021", closing)
    assert extract_metadata(text)["publication_date"] == iso


def test_weekday_before_a_date_is_understood() -> None:
    assert parse_date("Friday, 19 July 2021") == "2021-07-19"
    assert parse_date("Fri. July 19, 2021") == "2021-07-19"
    assert parse_date("Friday, 31 February 2021") is None


@pytest.mark.parametrize(
    ("headline", "category"),
    [
        ("PROFIT WARNING", "profit_warning"),
        ("VOLUNTARY ANNOUNCEMENT", "business_update"),
        ("POLL RESULTS OF THE ANNUAL GENERAL MEETING HELD ON 29 AUGUST 2025", "agm_results"),
        ("盈利預警", "profit_warning"),
        ("股東周年大會通告", "notice_of_agm"),
        ("股東週年大會通告", "notice_of_agm"),
        ("二零二五年八月二十九日舉行之股東週年大會投票表決結果", "agm_results"),
        ("延遲寄發有關建議股本重組的通函", "delay_in_despatch"),
        ("(1)建議股本重組；及(2)建議供股", "capital_reorganisation"),
        ("短暫停牌", "trading_halt"),
        ("委任核數師", "change_of_auditors"),
    ],
)
def test_headline_category_from_the_headline(headline: str, category: str) -> None:
    text = ENGLISH.replace(
        "DISCLOSEABLE TRANSACTION\nACQUISITION OF A LOGISTICS BUSINESS", headline
    )
    metadata = extract_metadata(text)
    assert metadata["headline"] == headline
    assert metadata["headline_category"] == category


def test_no_category_without_a_headline_naming_one() -> None:
    text = ENGLISH.replace(
        "DISCLOSEABLE TRANSACTION\nACQUISITION OF A LOGISTICS BUSINESS",
        "UPDATE ON THE ANNUAL REPORT",
    )
    assert "headline_category" not in extract_metadata(text)


def test_every_category_is_a_value_of_the_default_schema() -> None:
    from desktop_app.core.importers.headline_categories import headline_categories
    from desktop_app.core.resources import default_schema_path

    schema = tomllib.loads(default_schema_path().read_text(encoding="utf-8"))
    (field,) = [f for f in schema["document_fields"] if f["name"] == "headline_category"]
    values = [category.value for category in headline_categories()]
    assert len(values) == len(set(values))
    assert set(values) <= set(field["values"])
