"""Remove what must never reach the reader: ANSI escapes and control characters.

Invariant 4 of the design: corpus text is data. Escape sequences are removed here (so a
hostile file cannot move the terminal cursor); markup-like text such as ``[bold]`` is
left exactly as written and the UI renders it as plain text.
"""

from __future__ import annotations

import re
import unicodedata

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \\), and two-character ESC sequences.
ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
_LINE_SEPARATORS = {"\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\x0b": "\n", "\x0c": "\n"}
_KEEP_FORMAT = {"\u200c", "\u200d"}  # zero-width (non-)joiners shape Arabic and Indic scripts


class _Translation(dict[int, str | None]):
    """A ``str.translate`` table filled on first sight of each character.

    Building it for all of Unicode up front costs most of a second at start-up; a
    corpus uses a few hundred distinct characters.
    """

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        if ch in _LINE_SEPARATORS:
            value: str | None = _LINE_SEPARATORS[ch]
        elif ch == "\t":
            value = " "
        else:
            category = unicodedata.category(ch)
            if category == "Zs" and ch != " ":
                value = " "  # no-break and other spaces: searchable as plain spaces
            elif category in ("Cc", "Cs") and ch != "\n":
                value = None
            elif category == "Cf" and ch not in _KEEP_FORMAT:
                value = None  # bidi overrides, soft hyphens, stray BOMs
            else:
                value = ch
        self[code] = value
        return value


_TABLE = _Translation()


# Everything outside printable ASCII and newline may need translating; most text has
# only a few such characters (curly quotes, accents), so each is looked up once.
_SUSPECT = re.compile(r"[^\x20-\x7e\n]")


def _translate(text: str) -> str:
    for ch in set(_SUSPECT.findall(text)):
        value = _TABLE[ord(ch)]
        if value != ch:
            # Few distinct characters change; replace() beats translate() with a dict.
            text = text.replace(ch, value or "")
    return text


def clean_text(text: str) -> str:
    """NFC-normalise, strip escape sequences and control/format characters.

    Newlines survive; tabs and exotic spaces become plain spaces. The result contains
    no character of Unicode category Cc other than ``\\n``.
    """
    if "\x1b" in text or "\x9b" in text:
        text = ESCAPE_SEQUENCE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _translate(text)
    # NFC again: removing a control character can bring a base letter and a combining
    # mark together, and the result must be a fixed point for determinism.
    return unicodedata.normalize("NFC", text)

