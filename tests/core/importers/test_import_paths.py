"""Importing files and folders: one outcome per file, bad files reported, never raising."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from importer_pdfs import PdfMaker, Run

from desktop_app.core.errors import ImportProblem
from desktop_app.core.importers import (
    SUPPORTED_SUFFIXES,
    files_to_import,
    import_file,
    import_paths,
)


def test_supported_suffixes() -> None:
    assert {".txt", ".md", ".html", ".htm", ".pdf"} == SUPPORTED_SUFFIXES


def test_folder_import_reports_every_file_and_the_bad_one(
    tmp_path: Path, make_pdf: PdfMaker
) -> None:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / ".hidden-dir").mkdir()
    (folder / "b.txt").write_text("第二份公告。", encoding="utf-8")
    (folder / "a.md").write_text("# First\n\nbody", encoding="utf-8")
    (folder / "sub" / "c.HTML").write_bytes(b"<p>third</p>")
    (folder / "sub" / "broken.pdf").write_bytes(b"not a pdf at all")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")  # unsupported: skipped silently
    (folder / ".DS_Store").write_bytes(b"\x00\x01")  # hidden: skipped silently
    (folder / ".hidden-dir" / "x.txt").write_text("hidden", encoding="utf-8")
    make_pdf("d.pdf", [[Run(70, 700, "A generated PDF page.")]]).rename(folder / "sub" / "d.pdf")

    outcomes = list(import_paths([folder]))

    relative = [outcome.path.relative_to(folder).as_posix() for outcome in outcomes]
    assert relative == ["a.md", "b.txt", "sub/broken.pdf", "sub/c.HTML", "sub/d.pdf"]
    by_name = {outcome.path.name: outcome for outcome in outcomes}
    assert by_name["a.md"].document is not None
    assert by_name["a.md"].document.title == "First"
    assert by_name["c.HTML"].document is not None
    assert by_name["d.pdf"].document is not None
    assert by_name["d.pdf"].document.text == "A generated PDF page."
    broken = by_name["broken.pdf"]
    assert broken.document is None
    assert broken.problem == "is not a PDF file (it has no PDF header)"
    assert all(outcome.problem is None for outcome in outcomes if outcome is not broken)


def test_explicit_files_are_reported_even_when_unsupported_or_missing(tmp_path: Path) -> None:
    odd = tmp_path / "report.docx"
    odd.write_bytes(b"PK")
    good = tmp_path / "ok.txt"
    good.write_text("fine", encoding="utf-8")
    outcomes = list(import_paths([odd, tmp_path / "gone.txt", good]))
    assert [outcome.path.name for outcome in outcomes] == ["report.docx", "gone.txt", "ok.txt"]
    assert outcomes[0].problem is not None and "cannot be imported" in outcomes[0].problem
    assert outcomes[1].problem == "file not found"
    assert outcomes[2].document is not None and outcomes[2].document.text == "fine"


def test_the_same_file_named_twice_is_imported_once(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("once", encoding="utf-8")
    assert len(list(import_paths([path, tmp_path, tmp_path / "." / "one.txt"]))) == 1


def test_broken_link_in_a_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "good.txt").write_text("good", encoding="utf-8")
    dangling, good = import_paths([tmp_path])
    assert dangling.document is None
    assert (
        dangling.problem == f"is a broken link ({tmp_path / 'nowhere.txt'} does not exist); skipped"
    )
    assert good.document is not None


def test_a_symlink_loop_is_reported_and_the_good_files_still_import(tmp_path: Path) -> None:
    # Path.resolve() raises RuntimeError on such a link; it must not stop the import.
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("first", encoding="utf-8")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "sub" / "b.txt").write_text("second", encoding="utf-8")
    (folder / "sub" / "up").symlink_to(folder)  # a folder link back up the tree
    outcomes = list(import_paths([folder, folder / "loop.txt"]))
    summary = [
        (outcome.path.relative_to(folder).as_posix(), outcome.problem) for outcome in outcomes
    ]
    loop = "is a symbolic link loop (the link leads back to itself); skipped"
    assert summary == [
        ("a.txt", None),
        ("loop.txt", loop),
        ("sub/b.txt", None),
        ("sub/up", "leads back to a folder above it (a symbolic link loop); skipped"),
        ("loop.txt", loop),  # named explicitly: reported again, not raised
    ]
    assert [outcome.document.text for outcome in outcomes if outcome.document] == [
        "first",
        "second",
    ]


def test_a_linked_folder_is_followed_once(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "c.txt").write_text("shared file", encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one").symlink_to(shared)
    (inbox / "two").symlink_to(shared)
    outcomes = list(import_paths([inbox]))
    assert [
        (outcome.path.relative_to(inbox).as_posix(), outcome.problem) for outcome in outcomes
    ] == [("one/c.txt", None)]


def test_files_walked_up_front_import_the_same(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "gone.md").symlink_to(tmp_path / "missing.md")
    found = files_to_import([tmp_path])
    assert [(item.path.name, item.problem is None) for item in found] == [
        ("a.txt", True),
        ("gone.md", False),
    ]
    assert [outcome.problem is None for outcome in import_paths(found)] == [True, False]


def test_the_cli_imports_the_good_files_next_to_a_loop(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text("本公司董事會宣佈。", encoding="utf-8")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "--db",
            str(tmp_path / "w.db"),
            "import",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr
    assert "symbolic link loop" in result.stderr
    assert "1 added" in result.stdout


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("x", encoding="utf-8")
    (tmp_path / "z.txt").write_text("after", encoding="utf-8")
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    secret_outcome, after = import_paths([tmp_path])
    assert secret_outcome.problem == "permission denied; the file cannot be read"
    assert after.document is not None and after.document.text == "after"


def test_unreadable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text("never seen", encoding="utf-8")
    (tmp_path / "open.txt").write_text("seen", encoding="utf-8")
    original = os.scandir

    def scandir(path: str) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return original(path)

    monkeypatch.setattr(os, "scandir", scandir)
    outcomes = list(import_paths([tmp_path]))
    assert [(outcome.path.name, outcome.problem) for outcome in outcomes] == [
        ("open.txt", None),  # a folder's own files come before its subfolders
        ("locked", "the folder cannot be read (Permission denied)"),
    ]


def test_an_unexpected_error_on_one_file_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a.html").write_text("<p>boom</p>", encoding="utf-8")
    (tmp_path / "b.txt").write_text("fine", encoding="utf-8")

    def explode(self: object, data: str) -> None:
        raise RuntimeError("defect")

    monkeypatch.setattr("desktop_app.core.importers.html_files._VisibleText.feed", explode)
    first, second = import_paths([tmp_path])
    assert first.problem == "could not be imported (RuntimeError: defect)"
    assert second.document is not None
    assert "importing" in caplog.text


def test_import_file_refuses_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "looks.txt"
    folder.mkdir()
    with pytest.raises(ImportProblem, match=r"looks\.txt: is a folder"):
        import_file(folder)


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "LOUD.TXT"
    path.write_text("hello", encoding="utf-8")
    assert import_file(path).text == "hello"
