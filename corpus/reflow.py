"""Hard-wrapped lines -> paragraphs.

PDF extracts are wrapped at ~55-80 columns, break paragraphs without a blank line, and
split paragraphs at page breaks with a blank line in mid-sentence. Files from other
sources keep one paragraph per line. The decisions here look only at the file itself.
"""

from __future__ import annotations

import re

from .words import join_line_end_hyphen

# A sentence ends with . ! ? … : ; possibly followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_SENTENCE_START = re.compile(r"^[\"'“‘(\[]*[^\W_a-z]|^[•\-–—*]\s|^\(\w{1,4}\)\s")
_LIST_MARKER = re.compile(r"^(?:\d{1,4}[.)]|\(\w{1,4}\)|[•*]|[a-z][.)])\s")
_LEADING_LOWER = re.compile(r"^[\"'“‘(\[]*[a-z]")
_HYPHEN_END = re.compile(r"([^\W\d_]+)-$")
_FIRST_WORD = re.compile(r"^(\S+)")
_WORD_HEAD = re.compile(r"^([^\W\d_]+)")

HARD_WRAP_MAX = 110  # wider "lines" are paragraphs, not wrapped lines


def _percentile(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def wrap_width(lines: list[str]) -> int | None:
    """The file's wrap width, or ``None`` when it is not hard-wrapped."""
    lengths = [len(line) for line in lines if line]
    if len(lengths) < 4:
        return None
    width = _percentile(lengths, 0.9)
    if width > HARD_WRAP_MAX:
        return None
    # Mostly near-full lines: at least half of the lines reach 60% of the width.
    if sum(1 for n in lengths if n >= 0.6 * width) < 0.5 * len(lengths):
        return None
    return width


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def _continues(prev: str, nxt: str) -> bool:
    """After a blank line: does ``nxt`` carry on the sentence of ``prev`` (page break)?"""
    if _ends_sentence(prev):
        return False
    if _LEADING_LOWER.match(nxt):
        return True
    return prev.endswith((",", "-", "–", "—"))


def reflow(text: str) -> list[str]:
    """Split ``text`` into paragraphs with every wrapped line joined back."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    width = wrap_width(lines)
    paragraphs: list[list[str]] = []
    prev: str | None = None
    gap = False
    for line in lines:
        if not line:
            gap = True
            continue
        if prev is None:
            paragraphs.append([line])
        elif _same_paragraph(prev, line, gap, width):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
        prev, gap = line, False
    return [_join_lines(p) for p in paragraphs]


def _same_paragraph(prev: str, line: str, gap: bool, width: int | None) -> bool:
    if gap or width is None:
        return _continues(prev, line)
    if _LIST_MARKER.match(line) and _ends_sentence(prev):
        return False
    if _ends_sentence(prev) and _SENTENCE_START.match(line):
        # A break the writer chose: the next word would have fitted on this line.
        first = _FIRST_WORD.match(line)
        return not (first and len(prev) + 1 + len(first.group(1)) <= width)
    return True


def _join_lines(lines: list[str]) -> str:
    pieces = [lines[0]]
    for prev, line in zip(lines, lines[1:]):
        hyphen = _HYPHEN_END.search(prev[-40:]) if prev.endswith("-") else None
        if hyphen:
            head = _WORD_HEAD.match(line)
            if head and join_line_end_hyphen(hyphen.group(1), head.group(1)):
                pieces[-1] = pieces[-1][:-1]
            pieces.append(line)  # a real compound keeps its hyphen, with no space
        elif prev.endswith(("—", "/")) or line.startswith("—"):
            pieces.append(line)
        else:
            pieces.append(" ")
            pieces.append(line)
    return "".join(pieces)
