"""The last line of defence: no drawn segment can carry a control character.

Each widget passes the names, notes and file names it draws through
``corpus.safe_text.display_safe`` itself, so their widths are laid out right. This
filter runs over every line of every widget as Textual hands it to the screen (the app
returns it first from ``get_line_filters``), so a string some code path forgot still
reaches the terminal as a visible picture (``␛``), never as a command: a title change,
a colour, a cleared screen or reversed text.

It costs one regular-expression scan of each new line (Textual caches a filtered line
on its strip, so an unchanged line is never scanned twice); a line that needed a
repair keeps its width, so the screen layout does not move.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from corpus.safe_text import display_safe, has_unsafe


class SafeTextFilter(LineFilter):
    """Replace control, bidi and invisible format characters in drawn segments."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not has_unsafe("".join([segment.text for segment in segments])):
            return segments  # nearly every line: one scan of its text
        width = sum(segment.cell_length for segment in segments)
        safe = [
            segment if segment.control or not has_unsafe(segment.text)
            else Segment(display_safe(segment.text), segment.style, segment.control)
            for segment in segments
        ]
        if sum(segment.cell_length for segment in safe) != width:
            # A picture is one cell where the control it replaces took none.
            last_style = next((s.style for s in reversed(safe) if not s.control), None)
            safe = Segment.adjust_line_length(safe, width, last_style)
            if has_unsafe("".join([segment.text for segment in safe])):
                # Cut after a joiner: drop the joiners (they only shape letters).
                bare = [Segment(s.text.replace("\u200c", "").replace("\u200d", ""), s.style, s.control) for s in safe]
                safe = Segment.adjust_line_length(bare, width, last_style)
        return safe
