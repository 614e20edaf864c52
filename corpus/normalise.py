"""The reading text: the one string every annotation offset refers to.

A pure, deterministic function of a file's bytes and ``NORMALISER_VERSION``. Bump the
version whenever the output for any input may change: stored highlights carry it and
are re-anchored when it differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cleaning import clean_text
from .decoding import decode_bytes
from .reflow import reflow
from .speaker import SpeakerLine, parse_speaker_line
from .words import common_words, repair_inline_hyphen, split_run_on, zipf

NORMALISER_VERSION = "1"

_TOKEN = re.compile(r"[^\W\d_]{3,}")
_GLUED_COMMA = re.compile(r"[,;](?=[^\W\d_])")
_INLINE_HYPHEN = re.compile(r"\b([^\W\d_]+)- ([^\W\d_]+)")


@dataclass(frozen=True)
class ParsedText:
    """A statement file's text split into its speaker line and its reading text."""

    speaker_line: SpeakerLine | None
    reading_text: str
    encoding: str


_SPLIT_WORD = re.compile(r"\b([^\W\d_]{1,3}) ([^\W\d_]{3,})\b")


def _join_split_words(paragraph: str, fragments: set[str]) -> str:
    """``West A frica`` -> ``West Africa``: a PDF space inside a word.

    Only when the right part is not a word at all and the joined form is a real word.
    """
    if not fragments:
        return paragraph

    def join(match: re.Match[str]) -> str:
        left, right = match.groups()
        if right in fragments and zipf(left + right) >= 3.0:
            return left + right
        return match.group(0)

    return _SPLIT_WORD.sub(join, paragraph)


def _space_after_comma(match: re.Match[str]) -> str:
    """``level,we`` -> ``level, we``; numbers like ``1,000`` never reach here."""
    start = match.start()
    before = match.string[start - 1] if start else ""
    return match.group(0) + " " if before.isalpha() else match.group(0)


def _repair_words(paragraph: str) -> str:
    if _GLUED_COMMA.search(paragraph):
        paragraph = _GLUED_COMMA.sub(_space_after_comma, paragraph)
    if "- " in paragraph:
        paragraph = _INLINE_HYPHEN.sub(
            lambda m: repair_inline_hyphen(m.group(1), m.group(2)) or m.group(0), paragraph
        )

    # Most tokens are common words: look each distinct one up once, and rewrite the
    # paragraph only when some token really splits.
    splits = {}
    common = common_words()
    unknown = [t for t in set(_TOKEN.findall(paragraph)) if t.lower() not in common]
    if unknown:
        paragraph = _join_split_words(paragraph, {t for t in unknown if zipf(t) == 0})
    for token in unknown:
        parts = split_run_on(token)
        if parts:
            splits[token] = " ".join(parts)
    if not splits:
        return paragraph
    return _TOKEN.sub(lambda m: splits.get(m.group(0), m.group(0)), paragraph)


def normalise_text(text: str) -> tuple[SpeakerLine | None, str]:
    """Cleaned, decoded text -> (speaker line, reading text)."""
    text = clean_text(text)
    paragraphs = reflow(text)
    speaker = None
    if paragraphs:
        speaker = parse_speaker_line(paragraphs[0])
        if speaker:
            paragraphs[0] = paragraphs[0][speaker.end :].strip()
            if not paragraphs[0]:
                paragraphs.pop(0)
    body = "\n\n".join(_repair_words(p) for p in paragraphs if p)
    return speaker, body


def parse_bytes(raw: bytes) -> ParsedText:
    """Decode and normalise a statement file's bytes."""
    text, encoding = decode_bytes(raw)
    speaker, body = normalise_text(text)
    return ParsedText(speaker, body, encoding)


def reading_text(raw: bytes) -> str:
    """The reading text of a statement file's bytes."""
    return parse_bytes(raw).reading_text


def parse_header(raw: bytes) -> tuple[SpeakerLine | None, str]:
    """The speaker line of a file, read from its first kilobytes only.

    Listing a corpus needs every statement's speaker but not its reading text, so this
    skips reflow and word repair (and the word list they load): the first lines up to
    a blank line are joined and parsed. Returns the speaker line and the encoding.
    """
    text, encoding = decode_bytes(raw[:1024])
    # A speaker line (name, affiliation, language note) fits well within 600 characters.
    head = clean_text(text[:600]).lstrip()
    first = head.split("\n\n", 1)[0]
    return parse_speaker_line(" ".join(first.split())), encoding
