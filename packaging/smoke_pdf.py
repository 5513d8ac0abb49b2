"""The PDF the frozen smoke test imports: a real announcement when one is at hand, else one made.

    python packaging/smoke_pdf.py OUT_FOLDER    # prints the path of the PDF to import

Takes the first PDF in ``../shared/realdata`` (next to the repository, as CI lays it out) or
``$ANNOTATOR_REALDATA``; without one it writes a small announcement PDF (Helvetica, two
paragraphs) into OUT_FOLDER, so the frozen app's PDF import is exercised on every machine.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_LINES = (
    "HARBOUR STAR HOLDINGS LIMITED",
    "ANNOUNCEMENT: VOLUNTARY ANNOUNCEMENT ON SHARE REPURCHASE",
    "The board of directors announces that on 3 March 2025 the Company repurchased",
    "120,000 shares on the Stock Exchange for a total of HK$1,500,000.",
    "By order of the Board, Chan Tai Man, Chairman. Hong Kong, 3 March 2025.",
)


def real_pdf() -> Path | None:
    folders = [Path(os.environ["ANNOTATOR_REALDATA"])] if "ANNOTATOR_REALDATA" in os.environ else []
    folders += [REPO.parent / "shared" / "realdata", Path("/work/shared/realdata")]
    for folder in folders:
        if folder.is_dir():
            found = sorted(folder.rglob("*.pdf"))
            if found:
                return found[0]
    return None


def fixture_pdf(path: Path) -> Path:
    """A one-page PDF with a standard font, its cross-reference table computed byte by byte."""
    escaped = [
        line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in _LINES
    ]
    text = "BT /F1 12 Tf 72 770 Td " + " 0 -18 Td ".join(f"({line}) Tj" for line in escaped)
    content = f"{text} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: smoke_pdf.py OUT_FOLDER", file=sys.stderr)
        return 2
    found = real_pdf()
    if found is None:
        folder = Path(argv[0])
        folder.mkdir(parents=True, exist_ok=True)
        found = fixture_pdf(folder / "smoke-announcement.pdf")
    print(found.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
