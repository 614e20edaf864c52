"""Counts in words: "1 statement", "2 statements", "1,204 highlights".

Every message that counts something says it with ``count`` so singular and plural are
right everywhere ("8 hits in 1 statement", never "1 statements").
"""

from __future__ import annotations

# Nouns whose plural is not the singular plus "s".
_IRREGULAR = {
    "match": "matches",
    "memo": "memos",
    "entity": "entities",
    "category": "categories",
    "child": "children",
    "is": "are",
    "was": "were",
    "has": "have",
    "this": "these",
}


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``singular`` or its plural, as ``n`` needs (no number)."""
    if n == 1:
        return singular
    if plural_form is not None:
        return plural_form
    if singular in _IRREGULAR:
        return _IRREGULAR[singular]
    if singular.endswith(("s", "x", "ch", "sh")):
        return singular + "es"
    return singular + "s"


def count(n: int, singular: str, plural_form: str | None = None) -> str:
    """``n`` with its noun, thousands separated: ``count(1204, "highlight")`` -> "1,204 highlights"."""
    return f"{n:,} {plural(n, singular, plural_form)}"
