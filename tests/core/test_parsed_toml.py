"""The schema's parse is kept between starts, and the cache can only ever save time: an edited
file, a damaged or unreadable entry, or a folder that cannot be written still give exactly
what the TOML says."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core import parsed_toml
from desktop_app.core.errors import SchemaError
from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import load_schema

TEXT = 'name = "董事會"\n[[types]]\nid = "COMPANY"\nweight = 1.5\nflags = [true, false]\n'


@pytest.fixture(autouse=True)
def cache(tmp_path: Path) -> Iterator[Path]:
    """Each test keeps its parses in a folder of its own."""
    parsed_toml.keep_in(tmp_path / "cache")
    yield parsed_toml.cache_folder()
    parsed_toml.keep_in(None)


def _no_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_: str) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(parsed_toml.tomllib, "loads", refuse)


def test_a_second_read_comes_from_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = parsed_toml.loads(TEXT)
    assert first == tomllib.loads(TEXT)
    _no_parser(monkeypatch)
    assert parsed_toml.loads(TEXT) == first
    assert [entry.suffix for entry in cache.iterdir()] == [".json"]  # no part file left


def test_the_bundled_schema_loads_the_same_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_schema(default_schema_path())
    _no_parser(monkeypatch)
    again = load_schema(default_schema_path())
    assert again == first
    assert again.entity_type("COMPANY") == first.entity_type("COMPANY")


def test_an_edited_file_is_parsed_again() -> None:
    parsed_toml.loads(TEXT)
    edited = TEXT.replace("1.5", "2.5")
    assert parsed_toml.loads(edited)["types"][0]["weight"] == 2.5


@pytest.mark.parametrize("damage", [b"", b"{", b"[1, 2]", b"\xff\xfe"])
def test_a_damaged_entry_is_parsed_again_and_mended(
    cache: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    expected = tomllib.loads(TEXT)
    parsed_toml.loads(TEXT)
    (entry,) = cache.iterdir()
    entry.write_bytes(damage)
    assert parsed_toml.loads(TEXT) == expected
    _no_parser(monkeypatch)
    assert parsed_toml.loads(TEXT) == expected  # rewritten whole


def test_a_folder_that_cannot_be_written_still_parses(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    parsed_toml.keep_in(blocked / "cache")
    assert parsed_toml.loads(TEXT) == tomllib.loads(TEXT)


def test_dates_are_parsed_every_time_not_cached(cache: Path) -> None:
    dated = "since = 2025-03-01\n"
    assert str(parsed_toml.loads(dated)["since"]) == "2025-03-01"
    assert list(cache.glob("*")) == []  # nothing kept (the folder not even made)


def test_invalid_toml_is_still_named_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "a"\nname = "b"\n', encoding="utf-8")
    with pytest.raises(SchemaError, match=r"broken\.toml: not valid TOML: .*line 2"):
        load_schema(broken)


def test_a_run_that_must_leave_nothing_behind_keeps_parses_in_its_own_folder(
    tmp_path: Path,
) -> None:
    own = tmp_path / "own"
    parsed_toml.keep_in(own)
    try:
        parsed_toml.loads(TEXT)
    finally:
        parsed_toml.keep_in(None)
    assert [entry.suffix for entry in own.rglob("*") if entry.is_file()] == [".json"]
    assert parsed_toml.cache_folder() != own
