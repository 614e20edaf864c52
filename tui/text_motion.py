"""Where the reader's cursor goes for each movement key (pure; no Textual).

Offsets are into the reading text; vertical moves go through the layout's rows and
keep a goal column, as editors do.
"""

from __future__ import annotations

from .text_layout import Layout


def target(text: str, layout: Layout, cursor: int, direction: str, page: int, goal_column: int) -> int:
    """The offset ``direction`` moves the cursor to (unclamped; the reader clamps)."""
    if direction == "left":
        return cursor - 1
    if direction == "right":
        return cursor + 1
    if direction in ("up", "down", "page_up", "page_down"):
        step = {"up": -1, "down": 1, "page_up": -page, "page_down": page}[direction]
        row = layout.row_of(cursor) + step
        while 0 < row < len(layout) - 1 and layout.rows[row].gap:
            row += 1 if step > 0 else -1
        return layout.offset_at(row, goal_column)
    if direction == "word":
        i = cursor
        while i < len(text) and not text[i].isspace():
            i += 1
        while i < len(text) and text[i].isspace():
            i += 1
        return i
    if direction == "word_end":
        i = cursor + 1
        while i < len(text) and text[i].isspace():
            i += 1
        while i + 1 < len(text) and not text[i + 1].isspace():
            i += 1
        return i
    if direction == "back":
        i = cursor - 1
        while i > 0 and text[i].isspace():
            i -= 1
        while i > 0 and not text[i - 1].isspace():
            i -= 1
        return i
    if direction == "paragraph":
        found = text.find("\n\n", cursor)
        return found + 2 if found != -1 else len(text) - 1
    if direction == "paragraph_back":
        found = text.rfind("\n\n", 0, max(0, cursor - 2))
        return found + 2 if found != -1 else 0
    if direction == "start":
        return 0
    if direction == "end":
        return len(text) - 1
    return cursor
