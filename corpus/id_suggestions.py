"""The ids closest to one that is not in the corpus, to suggest after a typo.

An id is the file's path with its extension (``UNSC_2020_SPV.8698_spch012.txt``), so the
most common miss is the id without it, or a file name without its folder: those come
first; then the ids that hold it (a part such as ``spch010``); else the ids most alike
(rapidfuzz), when they are alike enough to be a typo.
"""

from __future__ import annotations

from collections.abc import Sequence

SIMILAR_ENOUGH = 80  # rapidfuzz ratio (0-100): below it a suggestion would be noise
MIN_PART = 3  # a shorter part of an id is in too many of them to point at one


def closest_ids(wanted: str, ids: Sequence[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` ids of ``ids`` that ``wanted`` probably meant, best first."""
    folded = wanted.casefold()
    exact = [
        i for i in ids
        if i.casefold().startswith(folded + ".") and "/" not in i[len(wanted):]  # without its extension
        or i.rsplit("/", 1)[-1].casefold() in (folded, folded.rsplit("/", 1)[-1])  # without its folder
        or i.casefold() == folded  # another case
    ]
    if exact:
        return exact[:limit]
    if not folded:
        return []
    if len(folded) >= MIN_PART:  # a part of an id ("spch010"): the ids that hold it, as listed
        holding = [i for i in ids if folded in i.casefold()][:limit]
        if holding:
            return holding
    from rapidfuzz import fuzz, process  # only for a miss: start-up stays fast

    found = process.extract(wanted, ids, scorer=fuzz.ratio, limit=limit, score_cutoff=SIMILAR_ENOUGH)
    return [choice for choice, _score, _index in found]


def did_you_mean(ids: Sequence[str]) -> str:
    """``Did you mean 'a', 'b' or 'c'?`` ('' for no id)."""
    if not ids:
        return ""
    quoted = [repr(i) for i in ids]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"Did you mean {listed}?"
