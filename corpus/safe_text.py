"""Make any string safe to draw in a terminal: names, notes, metadata, file names.

Corpus text is cleaned once, when it is normalised (``corpus.cleaning``). Everything
else that is drawn (code names and descriptions, notes, coder names, file names,
metadata values) can come from a file someone else made, so it goes through
``display_safe`` at the point where it becomes a drawn string: an escape sequence or a
control character then reaches the screen as a visible, inert picture, never as a
command to the terminal (invariant 4).

The stored value is left exactly as it was: this is a view, not a repair.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .cleaning import ESCAPE_SEQUENCE

# Bidirectional controls reorder what follows them on screen (U+202E makes "txt.exe"
# read "exe.txt"): embeddings, overrides, isolates and the implicit marks.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_KEEP_FORMAT = frozenset("\u200c\u200d")  # zero-width (non-)joiners shape Arabic and Indic scripts

# Every character ``_picture`` changes: the controls (Cc), the line and paragraph
# separators, the invisible format characters (Cf, bar the joiners) and lone
# surrogates. Listed by hand because deriving it from ``unicodedata`` at import takes a
# third of a second; a test checks it against the running Python's Unicode tables.
# Text without any of them (nearly all text, in any script) is returned as it is, so
# checking every drawn segment costs one regular-expression scan.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
    # A joiner only shapes two letters of a script that needs it: anywhere else it joins
    # nothing, and Rich then counts the next character as zero cells wide.
    "|[\u200c\u200d](?=[\x00-\x7f\u200c\u200d]|$)|(?:^|(?<=[\x00-\x7f\u200c\u200d]))[\u200c\u200d]"
)
_JOINERS = "\u200c\u200d"


def _joins_letters(text: str, i: int) -> bool:
    """Whether the joiner at ``text[i]`` stands between two non-ASCII letters or marks."""
    if i == 0 or i + 1 >= len(text):
        return False
    before, after = text[i - 1], text[i + 1]
    return all(ord(c) > 0x7F and unicodedata.category(c)[0] in "LM" for c in (before, after))


@lru_cache(maxsize=4096)
def _picture(ch: str, keep_newlines: bool) -> str:
    if ch == "\n":
        return "\n" if keep_newlines else " "
    if ch == "\t":
        return " "
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␀ … ␛ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    if ch in BIDI_CONTROLS:
        return ""
    category = unicodedata.category(ch)
    if category == "Cc":  # C1 controls (0x80-0x9f), e.g. the one-byte CSI 0x9b
        return "\ufffd"
    if category in ("Zl", "Zp"):
        return "\n" if keep_newlines else " "
    if category == "Cf":  # joiners reach here only where they join nothing (see _UNSAFE)
        return ""
    if category == "Cs":
        return "\ufffd"  # a lone surrogate (from a file name that was not UTF-8)
    return ch


def display_safe(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` as a string that draws exactly as it reads.

    Control characters become visible pictures (ESC is drawn as ``␛``), bidi and other
    invisible format characters are dropped, and newlines become spaces unless
    ``keep_newlines`` (for notes shown on several lines). Plain text passes unchanged.
    """
    s = text if isinstance(text, str) else str(text)
    if _UNSAFE.search(s):
        s = _UNSAFE.sub(lambda m: _picture(m.group(), keep_newlines), s)
    if "\u200c" in s or "\u200d" in s:  # rare: keep only the joiners that join letters
        s = "".join(ch for i, ch in enumerate(s) if ch not in _JOINERS or _joins_letters(s, i))
    return s


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds anything ``display_safe`` would change (one fast scan)."""
    if _UNSAFE.search(text) is not None:
        return True
    return ("\u200c" in text or "\u200d" in text) and display_safe(text) != text


# Whole escape sequences as a terminal sends them inside a paste are removed with their
# payload (the pattern corpus text is cleaned with), not just their ESC.
_TYPED_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]")


def typed_text(text: str) -> str:
    """What the user typed or pasted into a note or a name, as it is kept: escape
    sequences (with their payload) and control and bidi characters removed, newlines
    and tabs kept. A paste from a terminal or a web page can carry them; they mean
    nothing in a note and would only show as pictures."""
    if "\x1b" in text or "\x9b" in text:
        text = ESCAPE_SEQUENCE.sub("", text)
    return _TYPED_UNSAFE.sub("", text)
