"""Snapping a coded selection outward to whole words (pure; no Textual).

A passage selected by keys or by the mouse often ends mid-word ("Kazakhstan thanks
the P"): coding it as it stands would store a fragment. When a selection is coded it
is widened to the words it touches and its edges trimmed of spaces and punctuation,
unless the user's config says ``selection = "exact"``.

Word characters are letters and digits; a hyphen, an apostrophe, a slash or a full
stop joins two of them into one word ("peace-keeping", "Women’s", "S/RES/1325", "1.5"),
so the snap never stops inside such a word.
"""

from __future__ import annotations

JOINERS = frozenset("-'’/._\u00ad")


def _alnum(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isalnum()


def _continues(text: str, i: int) -> bool:
    """``text[i]`` belongs to the word around it (a letter or digit, or a joiner between two)."""
    if _alnum(text, i):
        return True
    return 0 <= i < len(text) and text[i] in JOINERS and _alnum(text, i - 1) and _alnum(text, i + 1)


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` trimmed of spaces and punctuation at its edges, then widened to
    the whole words at both ends. A span with no letter or digit is returned as it is
    (a lone dash or quote can still be coded exactly)."""
    start, end = max(0, start), min(len(text), end)
    lo, hi = start, end
    while lo < hi and not text[lo].isalnum():
        lo += 1
    while hi > lo and not text[hi - 1].isalnum():
        hi -= 1
    if lo >= hi:
        return start, end
    while lo > 0 and _continues(text, lo - 1):
        lo -= 1
    while hi < len(text) and _continues(text, hi):
        hi += 1
    return lo, hi


def coded_span(text: str, start: int, end: int, mode: object) -> tuple[int, int]:
    """The span a selection codes: snapped to words unless ``mode`` is ``"exact"``."""
    return (start, end) if mode == "exact" else snap_to_words(text, start, end)
