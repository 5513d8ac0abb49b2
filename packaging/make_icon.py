"""Draws the application icon and writes it as PNG (1024 px), Windows .ico and macOS .icns.

Run ``uv run python packaging/make_icon.py`` after changing the drawing and commit the three
files in ``resources/icons/``; builds use the committed files and never run this script.
``--verify`` (run by packaging/ci_checks.sh) checks the committed files' structure. The
drawing uses shapes only (no text), so the result does not depend on the fonts installed.

The .ico holds 16-128 px as 32-bit BMP images (read by every Windows tool, including NSIS)
and 256 px as PNG; the .icns holds PNG images for every size macOS asks for.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

ICONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
MASTER_SIZE = 1024
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_PNG_FROM = 256  # sizes from here up are stored as PNG inside the .ico
ICNS_TYPES = (  # OSType, pixel size
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)
# Highlight colours echo the window's entity tints: a page of text with tagged spans.
SPAN_COLOURS = ("#f4b400", "#0f9d58", "#db4437", "#4285f4")


def draw_master(size: int = MASTER_SIZE) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    unit = size / 1024
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)

    # Rounded square with the margin macOS icons keep around their body.
    body = QRectF(100 * unit, 100 * unit, 824 * unit, 824 * unit)
    gradient = QLinearGradient(body.topLeft(), body.bottomRight())
    gradient.setColorAt(0.0, QColor("#2c5aa0"))
    gradient.setColorAt(1.0, QColor("#17305c"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(gradient)
    painter.drawRoundedRect(body, 185 * unit, 185 * unit)

    # A sheet of paper with a folded corner.
    left, top, right, bottom, fold = 250 * unit, 190 * unit, 774 * unit, 834 * unit, 130 * unit
    sheet = QPainterPath()
    sheet.moveTo(left, top)
    sheet.lineTo(right - fold, top)
    sheet.lineTo(right, top + fold)
    sheet.lineTo(right, bottom)
    sheet.lineTo(left, bottom)
    sheet.closeSubpath()
    painter.setBrush(QColor("#fbfbf8"))
    painter.drawPath(sheet)
    corner = QPainterPath()
    corner.moveTo(right - fold, top)
    corner.lineTo(right - fold, top + fold)
    corner.lineTo(right, top + fold)
    corner.closeSubpath()
    painter.setBrush(QColor("#c9d3e3"))
    painter.drawPath(corner)

    # Lines of text, some of them highlighted as annotated spans.
    line_height = 34 * unit
    grey = QColor("#8a94a6")
    rows = (  # (start, end, highlighted span or None) in units of the text width
        (0.00, 0.62, None),
        (0.00, 1.00, (0.18, 0.55, 0)),
        (0.00, 0.88, None),
        (0.00, 1.00, (0.00, 0.40, 1)),
        (0.00, 0.95, (0.55, 0.95, 2)),
        (0.00, 0.70, (0.08, 0.48, 3)),
    )
    text_left, text_width = left + 60 * unit, (right - left) - 120 * unit
    y = top + 170 * unit
    for start, end, span in rows:
        if span is not None:
            span_start, span_end, colour = span
            tint = QColor(SPAN_COLOURS[colour])
            tint.setAlpha(110)
            painter.setBrush(tint)
            painter.drawRoundedRect(
                QRectF(
                    text_left + span_start * text_width - 10 * unit,
                    y - 14 * unit,
                    (span_end - span_start) * text_width + 20 * unit,
                    line_height + 28 * unit,
                ),
                12 * unit,
                12 * unit,
            )
            underline = QPen(QColor(SPAN_COLOURS[colour]), 12 * unit)
            underline.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(underline)
            baseline = y + line_height + 22 * unit
            painter.drawLine(
                QPointF(text_left + span_start * text_width, baseline),
                QPointF(text_left + span_end * text_width, baseline),
            )
            painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(grey)
        painter.drawRoundedRect(
            QRectF(text_left + start * text_width, y, (end - start) * text_width, line_height),
            line_height / 2,
            line_height / 2,
        )
        y += 80 * unit
    painter.end()
    return image


def scaled(image: QImage, size: int) -> QImage:
    if image.width() == size:
        return image
    return image.scaled(
        size,
        size,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode PNG")
    buffer.close()
    return bytes(data.data())


def bmp_icon_bytes(image: QImage) -> bytes:
    """An ICO image entry: BITMAPINFOHEADER, bottom-up BGRA pixels, then a 1-bit AND mask."""
    size = image.width()
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in reversed(range(size)):
        row = bytearray()
        for x in range(size):
            pixel = argb.pixel(x, y)
            row += struct.pack("<I", pixel)  # 0xAARRGGBB stored little-endian is B, G, R, A
        rows.append(bytes(row))
    mask_row = ((size + 31) // 32) * 4  # each row padded to 32 bits; all zero: alpha decides
    return header + b"".join(rows) + bytes(mask_row * size)


def ico_bytes(master: QImage) -> bytes:
    images = []
    for size in ICO_SIZES:
        image = scaled(master, size)
        images.append((size, png_bytes(image) if size >= ICO_PNG_FROM else bmp_icon_bytes(image)))
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for size, data in images:
        side = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        out += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(data for _, data in images)


def icns_bytes(master: QImage) -> bytes:
    body = b""
    for os_type, size in ICNS_TYPES:
        data = png_bytes(scaled(master, size))
        body += os_type + struct.pack(">I", len(data) + 8) + data
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def verify() -> list[str]:
    """Checks the committed files' structure: every size present, in the expected encoding."""
    problems = []
    png = (ICONS_DIR / "app.png").read_bytes()
    if png[:8] != b"\x89PNG\r\n\x1a\n" or struct.unpack(">II", png[16:24]) != (1024, 1024):
        problems.append("app.png is not a 1024 x 1024 PNG")
    ico = (ICONS_DIR / "app.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    sizes = []
    for index in range(count if (reserved, kind) == (0, 1) else 0):
        side, _, _, _, _, _, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * index : 22 + 16 * index]
        )
        sizes.append(side or 256)
        is_png = ico[offset : offset + 8] == png[:8]
        if is_png != ((side or 256) >= ICO_PNG_FROM) or offset + length > len(ico):
            problems.append(f"app.ico: the {side or 256} px image is damaged or wrongly encoded")
    if sorted(sizes) != sorted(ICO_SIZES):
        problems.append(f"app.ico holds sizes {sizes}, expected {list(ICO_SIZES)}")
    icns = (ICONS_DIR / "app.icns").read_bytes()
    types, position = [], 8
    if icns[:4] != b"icns" or struct.unpack(">I", icns[4:8])[0] != len(icns):
        problems.append("app.icns has a bad header")
    while position + 8 <= len(icns):
        os_type, length = (
            icns[position : position + 4],
            struct.unpack(">I", icns[position + 4 : position + 8])[0],
        )
        types.append(os_type)
        position += max(length, 8)
    if types != [os_type for os_type, _ in ICNS_TYPES]:
        problems.append(f"app.icns holds {types}")
    return problems


def main() -> int:
    if sys.argv[1:] == ["--verify"]:
        problems = verify()
        for problem in problems:
            print(f"icon check FAILED: {problem}")
        if not problems:
            print(f"icons ok: {', '.join(sorted(p.name for p in ICONS_DIR.iterdir()))}")
        return 1 if problems else 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    master = draw_master()
    ICONS_DIR.mkdir(parents=True, exist_ok=True)
    (ICONS_DIR / "app.png").write_bytes(png_bytes(master))
    (ICONS_DIR / "app.ico").write_bytes(ico_bytes(master))
    (ICONS_DIR / "app.icns").write_bytes(icns_bytes(master))
    for name in ("app.png", "app.ico", "app.icns"):
        print(f"wrote {ICONS_DIR / name} ({(ICONS_DIR / name).stat().st_size} bytes)")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
