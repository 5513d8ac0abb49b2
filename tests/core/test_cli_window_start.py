"""A plain ``annotator [--db FILE] [--schema FILE]`` starts the window without building the
subcommands' parsers (they import the store); everything else still goes through them."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from desktop_app import cli


def test_a_plain_start_goes_straight_to_the_window(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started: list[argparse.Namespace] = []
    monkeypatch.setattr(cli, "_run_window", lambda args, logs: started.append(args) or 0)

    def no_full_parser() -> argparse.ArgumentParser:
        raise AssertionError("the full parser was built for a plain start")

    monkeypatch.setattr(cli, "_parser", no_full_parser)
    assert cli.main(["--db", str(tmp_path / "a.db"), "--schema", str(tmp_path / "s.toml")]) == 0
    assert cli.main([]) == 0
    assert started[0].db == tmp_path / "a.db" and started[0].schema == tmp_path / "s.toml"
    assert started[1].db is None and started[1].command is None


@pytest.mark.parametrize(
    "argv",
    [["--db", "x.db", "stats"], ["--self-test"], ["--sch", "s.toml"], ["--db"], ["--version"]],
)
def test_anything_else_is_left_to_the_full_parser(argv: list[str]) -> None:
    assert cli._plain_window_start(argv) is None
