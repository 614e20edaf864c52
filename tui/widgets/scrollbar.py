"""One scrollbar cell, drawn by a widget that scrolls itself (reader, lists).

Such widgets draw their own last column instead of using Textual's scrollbar widget,
which is a separate widget to lay out and repaint on every scroll.
"""

from __future__ import annotations

from rich.style import Style


def scrollbar_cell(y: int, height: int, rows: int, top: int, base: Style, thumb: Style, track: Style) -> tuple[str, Style]:
    """The character and style of line ``y`` of a ``height``-line bar over ``rows`` rows shown from ``top``."""
    if rows <= height:
        return " ", base
    size = max(1, height * height // rows)
    start = (height - size) * top // max(1, rows - height)
    if start <= y < start + size:
        return "┃", base + thumb
    return "│", base + track
