"""Keep highlights attached to the right words when a statement's text changes.

Invariant 2 of the design. A highlight stores its quote, up to 32 characters of context
each side, and the position it had. When the reading text changes (the file was
edited, or the normaliser improved), each highlight is found again:

1. at its old position, if the quote is still there;
2. else at an exact occurrence of the quote, choosing the one whose surrounding text
   best matches the stored context and that lies nearest the old position;
3. else by fuzzy matching (rapidfuzz), first near the old position, then anywhere,
   accepting only a close match (the quote was edited, not replaced);
4. else it is kept, unmoved, as ``orphaned``: never dropped.

This follows the approach of the Hypothesis annotation client's quote matcher.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import ANCHORED, ORPHANED, RELOCATED, Highlight, context_of

FUZZY_MIN_SCORE = 80.0  # percent similarity for an edited quote to still count
MAX_OCCURRENCES = 2000


@dataclass(frozen=True)
class Anchor:
    """Where a highlight is in the current text."""

    start: int
    end: int
    quote: str
    status: str


def _context_score(text: str, pos: int, end: int, prefix: str, suffix: str) -> float:
    from rapidfuzz import fuzz  # imported when a highlight has moved, not at start-up

    score = 0.0
    if prefix:
        score += fuzz.ratio(prefix, text[max(0, pos - len(prefix)) : pos])
    if suffix:
        score += fuzz.ratio(suffix, text[end : end + len(suffix)])
    return score


def _exact(text: str, h: Highlight) -> Anchor | None:
    quote = h.quote
    positions: list[int] = []
    pos = text.find(quote)
    while pos != -1 and len(positions) < MAX_OCCURRENCES:
        positions.append(pos)
        pos = text.find(quote, pos + 1)
    if not positions:
        return None
    scale = max(1, len(text))

    def rank(p: int) -> float:
        # Context dominates (0..200); distance from the old position breaks ties.
        return _context_score(text, p, p + len(quote), h.prefix, h.suffix) - 50.0 * abs(p - h.start) / scale

    best = max(positions, key=rank)
    return Anchor(best, best + len(quote), quote, RELOCATED)


def _fuzzy(text: str, h: Highlight) -> Anchor | None:
    quote = h.quote
    if len(quote.strip()) < 4:
        return None  # too short to match fuzzily without false hits
    from rapidfuzz import fuzz

    margin = max(200, 2 * len(quote))
    windows = [(max(0, h.start - margin), min(len(text), h.end + margin)), (0, len(text))]
    for lo, hi in windows:
        hit = fuzz.partial_ratio_alignment(quote, text[lo:hi], score_cutoff=FUZZY_MIN_SCORE)
        if hit is None:
            continue
        start, end = lo + hit.dest_start, lo + hit.dest_end
        # Trim whitespace the alignment may include at either end.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            return Anchor(start, end, text[start:end], RELOCATED)
    return None


def reanchor(text: str, h: Highlight) -> Anchor:
    """Find highlight ``h`` in ``text``; see the module docstring for the order."""
    if 0 <= h.start < h.end <= len(text) and text[h.start : h.end] == h.quote:
        return Anchor(h.start, h.end, h.quote, h.status if h.status != ORPHANED else RELOCATED)
    if h.quote:
        found = _exact(text, h) or _fuzzy(text, h)
        if found:
            return found
    return Anchor(h.start, h.end, h.quote, ORPHANED)


def apply_anchor(text: str, h: Highlight, sha256: str, normaliser: str, when: str) -> Highlight:
    """The highlight as re-anchored on ``text`` (unchanged object if nothing moved)."""
    anchor = reanchor(text, h)
    if anchor.status == ORPHANED:
        if h.status == ORPHANED:
            return h
        return h.evolve(status=ORPHANED, modified=when)
    moved = (anchor.start, anchor.end, anchor.quote) != (h.start, h.end, h.quote)
    prefix, suffix = context_of(text, anchor.start, anchor.end)
    status = RELOCATED if moved else (h.status if h.status != ORPHANED else RELOCATED)
    if not moved and h.sha256 == sha256 and h.normaliser == normaliser and status == h.status:
        return h
    return h.evolve(
        start=anchor.start, end=anchor.end, quote=anchor.quote, prefix=prefix, suffix=suffix,
        status=status, sha256=sha256, normaliser=normaliser, modified=when if moved else h.modified,
    )


def new_anchor_fields(text: str, start: int, end: int) -> dict[str, object]:
    """Quote and context for a new highlight on ``text[start:end]``."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} is outside the text (length {len(text)})")
    prefix, suffix = context_of(text, start, end)
    return {"start": start, "end": end, "quote": text[start:end], "prefix": prefix, "suffix": suffix, "status": ANCHORED}
