"""``annotator --self-test --self-test-import FILE``: the frozen smoke test's PDF import path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "packaging"))

import smoke_pdf  # noqa: E402  (packaging/ is not a package on purpose)


def _self_test(path: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "--self-test", "--self-test-import", str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )


def test_a_pdf_is_imported_in_the_window_exported_and_validated(tmp_path: Path) -> None:
    pdf = smoke_pdf.fixture_pdf(tmp_path / "announcement.pdf")

    result = _self_test(pdf, tmp_path / "home")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "self-test passed"


def test_a_file_that_cannot_be_imported_fails_the_self_test(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a PDF\n")

    result = _self_test(broken, tmp_path / "home")

    assert result.returncode == 3
    assert f"importing {broken} failed" in result.stderr
