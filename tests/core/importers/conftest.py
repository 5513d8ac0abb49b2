"""Fixtures for the importer tests (the PDF builder itself is in ``importer_pdfs``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from importer_pdfs import PdfMaker, Run, build_pdf


@pytest.fixture
def make_pdf(tmp_path: Path) -> PdfMaker:
    """Write a generated PDF into ``tmp_path``: ``make_pdf(name, pages, **build_options)``."""

    def make(name: str, pages: list[list[Run]], **options: object) -> Path:
        path = tmp_path / name
        path.write_bytes(build_pdf(pages, **options))  # type: ignore[arg-type]
        return path

    return make
