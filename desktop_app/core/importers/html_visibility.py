"""Whether an HTML element's text can be seen, from its attributes and inline styles alone.

No style sheets are applied (nothing is fetched, and a ``<style>`` block is not a
reliable guide to what was published), but inline styles and the old presentational
attributes are: ``hidden``, ``display:none``, ``visibility:hidden``, ``font-size:0``,
``opacity:0``, a transparent text colour, or a text colour equal to the background it
sits on (the nearest ``background``/``bgcolor`` above it, else the browser's white) — the
white-on-white text a reader never sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Colour = tuple[int, int, int, float]

WHITE: Colour = (255, 255, 255, 1.0)
_NAMED: dict[str, Colour] = {
    "white": WHITE,
    "black": (0, 0, 0, 1.0),
    "red": (255, 0, 0, 1.0),
    "green": (0, 128, 0, 1.0),
    "blue": (0, 0, 255, 1.0),
    "yellow": (255, 255, 0, 1.0),
    "gray": (128, 128, 128, 1.0),
    "grey": (128, 128, 128, 1.0),
    "silver": (192, 192, 192, 1.0),
    "transparent": (0, 0, 0, 0.0),
}
_DECLARATION = re.compile(r"([a-z-]+)\s*:\s*([^;]+)", re.IGNORECASE)
_HEX = re.compile(r"#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})", re.IGNORECASE)
_RGB = re.compile(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+%?)\s*)?\)")
_ZERO = re.compile(r"0*\.?0*(?:px|pt|em|rem|%|ex|ch|vw|vh)?")


def parse_colour(value: str) -> Colour | None:
    """A CSS colour (named, #rgb, #rrggbb, rgb(), rgba()) as RGBA, or ``None``."""
    value = value.strip().lower().removesuffix("!important").strip()
    if value in _NAMED:
        return _NAMED[value]
    if match := _HEX.fullmatch(value):
        digits = match.group(1)
        if len(digits) in (3, 4):
            digits = "".join(char * 2 for char in digits)
        red, green, blue = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
        alpha = int(digits[6:8], 16) / 255 if len(digits) == 8 else 1.0
        return red, green, blue, alpha
    if match := _RGB.fullmatch(value):
        red, green, blue = (min(255, round(float(part))) for part in match.groups()[:3])
        alpha_text = match.group(4)
        if alpha_text is None:
            alpha = 1.0
        elif alpha_text.endswith("%"):
            alpha = float(alpha_text[:-1]) / 100
        else:
            alpha = float(alpha_text)
        return red, green, blue, alpha
    return None


def _declarations(style: str) -> dict[str, str]:
    return {name.lower(): value.strip() for name, value in _DECLARATION.findall(style)}


def _background(value: str) -> Colour | None:
    """The colour in a ``background`` shorthand ("#fff url(x.png) no-repeat")."""
    for token in re.split(r"\s+(?![^(]*\))", value.strip()):
        if (colour := parse_colour(token)) is not None:
            return colour
    return None


@dataclass(frozen=True)
class Paint:
    """The text colour and background an element's content inherits."""

    colour: Colour | None = None  # None: the browser's default (black)
    background: Colour = WHITE


def element_paint(attrs: dict[str, str], inherited: Paint) -> tuple[Paint, str | None]:
    """The paint inside an element and, when its text cannot be seen, why."""
    style = _declarations(attrs.get("style", ""))
    if "hidden" in attrs:
        return inherited, "marked hidden"
    if style.get("display", "").lower().startswith("none"):
        return inherited, "display: none"
    if style.get("visibility", "").lower().startswith(("hidden", "collapse")):
        return inherited, "visibility: hidden"
    if "font-size" in style and _ZERO.fullmatch(style["font-size"].split("!")[0].strip()):
        return inherited, "font size 0"
    if style.get("opacity", "").strip() in ("0", "0.0", "0%"):
        return inherited, "opacity 0"
    colour = inherited.colour
    for value in (attrs.get("color"), style.get("color")):
        if value and (parsed := parse_colour(value)) is not None:
            colour = parsed
    background = inherited.background
    for value in (attrs.get("bgcolor"), style.get("background"), style.get("background-color")):
        if value and (parsed := _background(value)) is not None and parsed[3] > 0:
            background = parsed
    paint = Paint(colour, background)
    if colour is not None and colour[3] == 0:
        return paint, "transparent text colour"
    if colour is not None and colour[:3] == background[:3]:
        return paint, "text colour equal to its background"
    return paint, None
