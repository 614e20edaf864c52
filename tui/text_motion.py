"""Where the reader's cursor goes for each movement key (pure; no Textual).

Offsets are into the reading text; vertical moves go through the layout's rows and
keep a goal column, as editors do.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from .text_layout import Layout

# Words that end in a full stop without ending the sentence, as UN records use them.
ABBREVIATIONS = frozenset(
    "mr mrs ms messrs mme dr prof no nos art arts para paras p pp vol rev corr add st gen "
    "col lt sr jr hon amb e.g i.e etc vs cf al approx fig".split()
)
# A sentence ends at . ! or ? (closing quotes and brackets may follow) and spaces, before
# what can start one; or at a paragraph break.
_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]*[^\s\"'“‘(\[a-z])|\n\s*")


def _ends_sentence(text: str, stop: int) -> bool:
    """The full stop at ``text[stop]`` ends a sentence (not "Mr.", "No.", "U.N.")."""
    if text[stop] != ".":
        return True
    begin = stop
    while begin > 0 and not text[begin - 1].isspace():  # the word the stop ends (short)
        begin -= 1
    token = text[begin:stop].lstrip("\"'“‘([").casefold()
    if token in ABBREVIATIONS:
        return False
    last = token.rsplit(".", 1)[-1]
    return not (len(last) == 1 and last.isalpha())  # an initial: "U.N.", "J."


@lru_cache(maxsize=8)
def sentence_starts(text: str) -> tuple[int, ...]:
    """Offsets where sentences begin: 0 and after each sentence end (pure, ordered;
    cached, so each ( or ) on a long statement is a bisection)."""
    starts = [0]
    for m in _END.finditer(text):
        if m.group(0)[0] == "\n" or _ends_sentence(text, m.start()):
            if m.end() < len(text) and m.end() > starts[-1]:
                starts.append(m.end())
    return tuple(starts)


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
    if direction == "sentence":
        starts = sentence_starts(text)
        i = bisect_right(starts, cursor)
        return starts[i] if i < len(starts) else cursor
    if direction == "sentence_back":
        starts = sentence_starts(text)
        i = bisect_left(starts, cursor) - 1
        return starts[i] if i >= 0 else 0
    if direction == "start":
        return 0
    if direction == "end":
        return len(text) - 1
    return cursor
