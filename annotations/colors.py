"""Choosing a new code's colour: the palette colour most unlike those already in use.

Taking "the next free palette colour" gives two codes the same colour as soon as a
colour was set by hand or the palette ran out (issue 10). Instead, every palette
colour is scored by its distance to the nearest colour in use, and the farthest wins
(ties go to palette order, so an empty codebook starts with the first colour). Once
every palette colour has one like it in use, colours of a finer hue wheel are scored
the same way, so the 14th code does not repeat the first.
Distance is the "redmean" weighted RGB distance: a cheap, well-known approximation of
perceived difference, good enough to tell red from orange from blue.
"""

from __future__ import annotations

import colorsys
import math
from collections.abc import Iterable
from functools import lru_cache

from .model import PALETTE

# A palette colour closer than this to one in use is a repeat to the eye.
DISTINCT = 12.0


@lru_cache(maxsize=1)
def _wheel() -> tuple[str, ...]:
    """Colours beyond the palette: 48 hues at three saturation/lightness levels, all
    readable as a code's mark on a dark or light background."""
    out = []
    for s, v in ((0.65, 0.85), (0.45, 0.95), (0.8, 0.65)):
        for i in range(48):
            r, g, b = colorsys.hsv_to_rgb(i / 48, s, v)
            out.append(f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}")
    return tuple(dict.fromkeys(out))


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def color_distance(a: str, b: str) -> float:
    """How different two ``#rrggbb`` colours look (0 = the same)."""
    (r1, g1, b1), (r2, g2, b2) = _rgb(a), _rgb(b)
    mean_red = (r1 + r2) / 2
    dr, dg, db = r1 - r2, g1 - g2, b1 - b2
    return math.sqrt((2 + mean_red / 256) * dr * dr + 4 * dg * dg + (2 + (255 - mean_red) / 256) * db * db)


def pick_color(used: Iterable[str], palette: tuple[str, ...] = PALETTE) -> str:
    """The palette colour farthest from every colour in ``used`` (``#rrggbb`` strings)."""
    in_use = [c.lower() for c in used if isinstance(c, str) and len(c) == 7 and c.startswith("#")]
    if not in_use:
        return palette[0]

    def nearest(candidate: str) -> float:
        return min(color_distance(candidate, c) for c in in_use)

    best = max(palette, key=nearest)  # max keeps the first of equals: palette order
    if nearest(best) >= DISTINCT:
        return best
    # The palette is used up: the colour of the wheel farthest from every one in use
    # (distinct to the eye for a few dozen codes, never the same as one in use).
    wheel = [c for c in _wheel() if c not in in_use]
    if wheel:
        return max(wheel, key=nearest)
    return min(palette, key=lambda c: in_use.count(c))
