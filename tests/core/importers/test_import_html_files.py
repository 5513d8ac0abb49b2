"""Importing .html / .htm files: visible text only, nothing run, nothing fetched."""

from __future__ import annotations

import re
import socket
import urllib.request
from pathlib import Path
from typing import NoReturn

import pytest

from desktop_app.core.errors import ImportProblem
from desktop_app.core.importers import import_file

PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Example Holdings &amp; Co — Notice</title>
<style>body { color: red } .secret { display: none }</style>
<script>document.write("INJECTED"); fetch("http://example.invalid/x");</script>
<link rel="stylesheet" href="http://example.invalid/site.css">
</head>
<body>
<noscript>Please enable JavaScript</noscript>
<h1>Example   Holdings
    Limited</h1>
<p>The Board announces that
   the <b>Company</b> has entered into an <i>MOU</i>.<br>Second&nbsp;line &lt;here&gt;</p>
<img src="http://example.invalid/logo.png" alt="LOGO-ALT">
<iframe src="http://example.invalid/frame">frame fallback</iframe>
<div hidden>hidden text <div>nested hidden</div> more hidden</div>
<p style="display:none">styled away</p>
<template><p>template text</p></template>
<table><tr><th>Name</th><th>Shares</th></tr><tr><td>Mr. A</td><td>1,000</td></tr></table>
<ul><li>first item<li>second item</ul>
<script type="module">alert("also never")</script>
<p>Last paragraph.</p>
</body></html>
"""


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any attempt to open a connection fail the test loudly."""

    def refuse(*args: object, **kwargs: object) -> NoReturn:
        raise AssertionError("the importer tried to use the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def test_only_visible_text_is_imported(tmp_path: Path, no_network: None) -> None:
    document = import_file(write(tmp_path, "notice.html", PAGE.encode("utf-8")))
    assert document.text == (
        "Example Holdings Limited\n"
        "The Board announces that the Company has entered into an MOU.\n"
        "Second line <here>\n"
        "Name\tShares\n"
        "Mr. A\t1,000\n"
        "first item\n"
        "second item\n"
        "Last paragraph."
    )


@pytest.mark.parametrize(
    "hidden",
    ["INJECTED", "color: red", "alert", "enable JavaScript", "hidden", "styled away", "template"],
)
def test_script_style_and_hidden_content_never_appear(
    tmp_path: Path, no_network: None, hidden: str
) -> None:
    document = import_file(write(tmp_path, "notice.htm", PAGE.encode("utf-8")))
    assert hidden not in document.text


def test_images_frames_and_links_are_ignored_not_fetched(tmp_path: Path, no_network: None) -> None:
    document = import_file(write(tmp_path, "notice.html", PAGE.encode("utf-8")))
    for remote in ("example.invalid", "LOGO-ALT", "frame fallback"):
        assert remote not in document.text


def test_title_comes_from_the_title_element(tmp_path: Path) -> None:
    document = import_file(write(tmp_path, "notice.html", PAGE.encode("utf-8")))
    assert document.title == "Example Holdings & Co — Notice"
    assert document.source_name == "notice.html"


def test_title_falls_back_to_the_first_h1(tmp_path: Path) -> None:
    html = "<html><body><p>intro</p><h1>Profit &amp; Loss Warning</h1><p>Body.</p></body></html>"
    document = import_file(write(tmp_path, "p.html", html.encode("utf-8")))
    assert document.title == "Profit & Loss Warning"


def test_meta_charset_big5_is_honoured(tmp_path: Path) -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5">'
        "<title>盈利預警</title></head><body><p>本公司\n董事會宣佈，預期錄得虧損。</p></body></html>"
    )
    document = import_file(write(tmp_path, "big5.html", html.encode("big5")))
    assert document.title == "盈利預警"
    # A line break between two Chinese characters in the source is not a space.
    assert document.text == "本公司董事會宣佈，預期錄得虧損。"


def test_bom_decides_over_a_wrong_meta_charset(tmp_path: Path) -> None:
    html = '<meta charset="big5"><p>中文 text é</p>'
    document = import_file(write(tmp_path, "bom.html", b"\xef\xbb\xbf" + html.encode("utf-8")))
    assert document.text == "中文 text é"


def test_undeclared_legacy_encoding_is_detected(tmp_path: Path) -> None:
    html = "<p>本公司董事會宣佈，本公司將於下月舉行股東週年大會，以審議年度業績及派發末期股息。</p>"
    document = import_file(write(tmp_path, "legacy.html", html.encode("big5")))
    assert document.text.startswith("本公司董事會宣佈")


def test_pre_keeps_its_white_space(tmp_path: Path) -> None:
    html = "<p>a   b</p><pre>  x    y\n   z</pre>"
    document = import_file(write(tmp_path, "pre.html", html.encode("utf-8")))
    assert document.text == "a b\n  x    y\n   z"


def test_missing_closing_head_does_not_swallow_the_body(tmp_path: Path) -> None:
    html = "<html><head><title>T</title><body><p>Visible body</p>"
    document = import_file(write(tmp_path, "nohead.html", html.encode("utf-8")))
    assert document.text == "Visible body"


def test_crlf_in_markup_and_windows_line_breaks_are_normalised(tmp_path: Path) -> None:
    html = "<p>one\r\ntwo</p>\r\n<pre>x\r\ny</pre>"
    document = import_file(write(tmp_path, "crlf.html", html.encode("utf-8")))
    assert "\r" not in document.text
    assert document.text == "one two\nx\ny"


def test_page_without_visible_text_is_a_problem(tmp_path: Path) -> None:
    html = "<html><head><title>Only a title</title><script>x()</script></head><body></body></html>"
    with pytest.raises(ImportProblem, match=r"empty\.html: .*no visible text"):
        import_file(write(tmp_path, "empty.html", html.encode("utf-8")))


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        ('<span style="visibility:hidden">SECRET TERMS</span>', "visibility: hidden"),
        ('<span style="font-size: 0px">SECRET TERMS</span>', "font size 0"),
        ('<span style="font-size:0">SECRET TERMS</span>', "font size 0"),
        ('<span style="color:#FFFFFF">SECRET TERMS</span>', "equal to its background"),
        ('<span style="color: rgb(255, 255, 255)">SECRET TERMS</span>', "equal to its background"),
        (
            '<div style="background-color:#003366"><b style="color:#036">SECRET TERMS</b></div>',
            "equal to its background",
        ),
        ('<font color="white">SECRET TERMS</font>', "equal to its background"),
        ('<span style="color:rgba(0,0,0,0)">SECRET TERMS</span>', "transparent"),
        ('<p style="display: none">SECRET TERMS</p>', "display: none"),
    ],
)
def test_text_a_reader_cannot_see_is_left_out_and_reported(
    tmp_path: Path, markup: str, reason: str
) -> None:
    html = f"<p>The consideration is HK$10 million.</p><p>Before {markup} after.</p>"
    document = import_file(write(tmp_path, "hidden.html", html.encode("utf-8")))
    assert "SECRET" not in document.text
    assert document.text.startswith("The consideration is HK$10 million.\nBefore")
    (note,) = document.report
    assert note.kind == "invisible"
    assert "SECRET TERMS" in note.detail and reason in note.detail


@pytest.mark.parametrize(
    "markup",
    [
        '<span style="color:#fff; background:#000">white on black</span>',
        '<div style="background:#fff"><span style="color:#333">dark on white</span></div>',
        '<span style="font-size:0.8em">small but visible</span>',
        '<td bgcolor="#ffffff"><font color="navy">navy on white</font></td>',
    ],
)
def test_coloured_but_readable_text_is_kept(tmp_path: Path, markup: str) -> None:
    document = import_file(write(tmp_path, "shown.html", f"<p>{markup}</p>".encode()))
    assert document.text == re.sub(r"<[^>]+>", "", markup)
    assert document.report == ()


def test_an_inherited_colour_ends_with_its_element(tmp_path: Path) -> None:
    html = '<div style="background:#fff"><p style="color:#eee">pale</p></div><p>normal</p>'
    document = import_file(write(tmp_path, "scope.html", html.encode()))
    assert document.text == "pale\nnormal"
