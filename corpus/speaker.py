"""Parse the speaker line that opens a UN statement.

``Mr. Zhang Jun (China) (spoke in Chinese): text...`` -> speaker ``Mr. Zhang Jun``,
affiliation ``China``, spoke_in ``Chinese``. The line is recognised only when the name
part looks like a name (an honorific or "The" followed by capitalised words, or
capitalised words followed by an affiliation in brackets), so prose that merely holds a
colon (``Today, we face a simple choice: act now``) is never taken for a speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HONORIFICS = (
    "Mr Mrs Ms Miss Mx Dr Sir Dame Lord Lady Baroness Baron Sheikh Sheikha Shaikh Prince "
    "Princess King Queen Emir Amir Sultan Archbishop Cardinal Bishop Monsignor Msgr Father "
    "Reverend Rev Sister Imam Rabbi Judge Gen Lieutenant Lt Colonel Col Admiral "
    "Ambassador Professor Prof Mme Mlle Senator Countess Duke Duchess Datuk Dato Shri "
    "Haji Mullah Marshal Brigadier Captain"
).split()

# Titles that also start ordinary sentences ("General Assembly: ...", "President of...")
# are left out on purpose: such speakers still parse when an affiliation follows.
# Lower-case words allowed inside a name: particles of many naming traditions.
PARTICLES = set(
    "de da das do dos du des del della di van von der den ter ten la le al el bin bint ibn "
    "y e of and af zu op ould ben abu abd".split()
)

_NAME_WORD = r"[^\W\d_][\w'’.\-]*"
_AFFILIATION = r"\(((?:[^()\n]|\([^()\n]*\))+)\)"
_LINE = re.compile(
    rf"^(?P<name>[^():\n]{{2,90}}?)"
    rf"(?:\s*{_AFFILIATION})?"
    rf"(?:\s*\((?P<note>(?:spoke|speaking|interpretation|interpreted)\b[^()\n]*)\))?"
    rf"\s*:(?:[ \t]+|\n|$)"
)
_LANGUAGE = re.compile(r"^(?:spoke|speaking)\s+in\s+|^interpretation\s+from\s+|^interpreted\s+from\s+", re.I)


@dataclass(frozen=True)
class SpeakerLine:
    """What the speaker line says, and where the statement's own words begin."""

    speaker: str
    affiliation: str | None
    spoke_in: str | None
    end: int  # offset in the text just after the colon and following blanks


def _is_name(name: str, has_affiliation: bool) -> bool:
    words = name.split()
    if not words or len(words) > 12:
        return False
    if any(not re.fullmatch(_NAME_WORD, w) for w in words):
        return False
    first = words[0].rstrip(".")
    rest = words[1:]

    def capitalised(w: str) -> bool:
        return w[0].isupper() or w.lower() in PARTICLES or w[0] in "'’"

    if first == "The":
        # "The President", "The Acting President", "The Secretary-General"
        return bool(rest) and all(capitalised(w) for w in rest) and rest[-1][0].isupper()
    if first in HONORIFICS or first == "H.E":
        return bool(rest) and all(capitalised(w) for w in rest) and rest[-1][0].isupper()
    # No honorific: accept only capitalised names followed by an affiliation in brackets.
    return has_affiliation and words[0][0].isupper() and all(capitalised(w) for w in words) and words[-1][0].isupper()


def parse_speaker_line(text: str) -> SpeakerLine | None:
    """Return the speaker line at the very start of ``text``, or ``None``."""
    match = _LINE.match(text)
    if not match:
        return None
    name = " ".join(match.group("name").split())
    affiliation = match.group(2)
    note = match.group("note")
    if affiliation and note is None and _LANGUAGE.match(affiliation):
        # "Mr. X (spoke in French):" has a language note but no affiliation.
        affiliation, note = None, affiliation
    if not _is_name(name, affiliation is not None):
        return None
    spoke_in = _LANGUAGE.sub("", note).strip() if note else None
    end = match.end()
    while end < len(text) and text[end] in " \t":
        end += 1
    return SpeakerLine(
        speaker=name,
        affiliation=" ".join(affiliation.split()) if affiliation else None,
        spoke_in=spoke_in or None,
        end=end,
    )
