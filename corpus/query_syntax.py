"""The filter part of margin's two query languages, shared by the list filter and search.

Both the statement-list filter and corpus search are words plus ``key:value`` filters.
They are read by one tokenizer, so quoting and negation work the same everywhere:

- ``"two words"`` is one value (a phrase, or a filter's value: ``code:"Human trafficking"``);
  inside quotes ``\\"`` is a quote and ``\\\\`` a backslash (``quote`` writes that form);
- a leading ``-`` negates a word or a filter (``-Sahel``, ``-code:trafficking``);
- an unquoted ``_`` in a filter value also stands for a space (``code:human_trafficking``).

The list and search take the same filters (``LIST_FILTERS``, ``SEARCH_FILTERS``); a key
that is no filter (``topic:x``) is a plain word. The ``code:`` and ``is:`` filters need the
annotations, which this package never imports: ``AnnotationTest`` takes the codebook as
a plain ``{code id: name}`` mapping and each statement's codes and states as arguments.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from .countries import country_of


@dataclass(frozen=True)
class FilterKind:
    """One ``key:value`` filter: how its value looks and what it keeps (for the help)."""

    key: str
    value: str
    keeps: str
    same_as: str | None = None  # an alias: ``country:`` is ``affiliation:``


# What ``is:`` accepts, and what each keeps.
IS_STATES = {
    "coded": "statements with a highlight or a statement label",
    "uncoded": "statements with neither",
    "read": "statements already opened",
    "unread": "statements never opened",
}

_CODE = FilterKind("code", "NAME", "statements with a code whose name contains NAME (highlights or statement labels)")
_IS = FilterKind("is", "|".join(IS_STATES), "statements in that state: " + "; ".join(f"{k}: {v}" for k, v in IS_STATES.items()))

# The same filters in the list and in corpus search.
SEARCH_FILTERS: dict[str, FilterKind] = {
    k.key: k
    for k in (
        FilterKind("speaker", "NAME", "statements whose speaker contains NAME"),
        FilterKind("affiliation", "NAME", "statements whose country or organisation contains NAME (a General Debate code's country name too)"),
        FilterKind("country", "NAME", "the same as affiliation:", same_as="affiliation"),
        FilterKind("year", "2015 or 2010-2015", "statements of that year or range of years"),
        _CODE,
        _IS,
    )
}
LIST_FILTERS: dict[str, FilterKind] = dict(SEARCH_FILTERS)
METADATA_KEYS = frozenset({"speaker", "affiliation", "country", "year"})


@dataclass(frozen=True)
class Token:
    """A word, a phrase, a filter or a bracket of a query, its value unescaped."""

    value: str
    kind: str = "word"  # "word" (words, phrases and filters), "open" or "close" (brackets)
    key: str | None = None  # the filter's key, lower case, as written (``country`` stays ``country``)
    quoted: bool = False
    negated: bool = False
    unclosed: bool = False  # a quote opened and never closed (runs to the end of the query)

    @property
    def needle(self) -> str:
        """The value as a filter compares it: case-folded."""
        return self.value.casefold()


def quote(value: str) -> str:
    """``value`` as one quoted token that ``tokenize`` reads back exactly."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_KEY = re.compile(r"([A-Za-z]+):")


def _quoted(text: str, i: int) -> tuple[str, int, bool]:
    """The value of a quote whose content starts at ``i``: (value, end, unclosed)."""
    out: list[str] = []
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in '"\\':
            out.append(text[i + 1])
            i += 2
        elif c == '"':
            return "".join(out), i + 1, False
        else:
            out.append(c)
            i += 1
    return "".join(out), n, True


def tokenize(text: str, filters: Collection[str], brackets: bool = False) -> list[Token]:
    """Split a query into tokens; ``filters`` are the keys that make ``key:value`` a filter.

    ``brackets``: ``(`` and ``)`` are tokens of their own (corpus search), not letters
    of a word (the list). Never fails: an open quote runs to the end (``unclosed``), so
    a filter being typed still filters; corpus search refuses it.
    """
    stops = '"()' if brackets else '"'
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if brackets and c in "()":
            tokens.append(Token(c, "open" if c == "(" else "close"))
            i += 1
            continue
        negated = c == "-" and i + 1 < n and not text[i + 1].isspace() and not (brackets and text[i + 1] in "()")
        if negated:
            i += 1
        key = None
        m = _KEY.match(text, i)
        if m and m[1].lower() in filters:
            key = m[1].lower()
            i = m.end()
        if i < n and text[i] == '"':
            value, i, unclosed = _quoted(text, i + 1)
            tokens.append(Token(value, key=key, quoted=True, negated=negated, unclosed=unclosed))
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in stops:
            j += 1
        tokens.append(Token(text[i:j], key=key, negated=negated))
        i = j
    return tokens


def unknown_state(tokens: Iterable[Token], short: bool = False) -> str | None:
    """The sentence saying an ``is:`` filter names no state (``is:foo``), naming the
    states it takes; None when every ``is:`` value is one (an empty one is still being typed).

    ``short``: without the value (the list shows it in the box above), so it fits the
    status line of an 80-column terminal: "is: coded, uncoded, read or unread."
    """
    for t in tokens:
        if t.key == "is" and t.value.strip() and t.needle.strip() not in IS_STATES:
            if short:
                *first, last = IS_STATES
                return f"is: {', '.join(first)} or {last}."
            return f"is: takes {', '.join(IS_STATES)}, not {t.value!r}."
    return None


def text_matches(token: Token, field_text: str | None) -> bool:
    """Does a text filter's value occur in ``field_text`` (case-insensitive)?

    An unquoted ``_`` may also stand for a space, so ``speaker:zhang_jun`` works without quotes.
    """
    hay = (field_text or "").casefold()
    needle = token.needle
    return needle in hay or (not token.quoted and "_" in needle and needle.replace("_", " ") in hay)


def metadata_passes(filters: Iterable[Token], speaker: str | None, affiliation: str | None, year: int | None) -> bool:
    """Does a statement pass the ``speaker:``, ``affiliation:`` (``country:``) and
    ``year:`` filters among ``filters`` (other filters are left to their own test)?

    An affiliation written as a country code (General Debate files: ``AFG``) matches
    its country's name too, as the list shows it.
    """
    for f in filters:
        key = f.key
        if key == "speaker":
            ok = text_matches(f, speaker)
        elif key in ("affiliation", "country"):
            country = country_of(affiliation)
            ok = text_matches(f, affiliation) or (country is not None and text_matches(f, country))
        elif key == "year":
            lo, hi = year_range(f.value) or (0, -1)
            ok = year is not None and lo <= year <= hi
        else:
            continue
        if ok == f.negated:
            return False
    return True


def matching_codes(token: Token, codebook: Mapping[str, str]) -> frozenset[str]:
    """Ids of the codes (``{id: name}``) whose name contains the ``code:`` value."""
    return frozenset(cid for cid, name in codebook.items() if text_matches(token, name))


def year_range(value: str) -> tuple[int, int] | None:
    """``2015`` -> (2015, 2015), ``2010-2015`` -> (2010, 2015); None if it is neither."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", value)
    return (int(m[1]), int(m[2] or m[1])) if m else None


@dataclass
class AnnotationTest:
    """The ``code:`` and ``is:`` filters of a query, resolved against a codebook.

    ``passes`` then decides one statement from what the store says about it: the
    codes it uses (highlights and statement labels), whether it is coded, and read.
    """

    code_sets: list[tuple[bool, frozenset[str]]] = field(default_factory=list)  # (negated, code ids)
    states: list[tuple[bool, str]] = field(default_factory=list)  # (negated, state)

    @classmethod
    def of(cls, tokens: Iterable[Token], codebook: Mapping[str, str]) -> AnnotationTest:
        test = cls()
        for t in tokens:
            if t.key == "code" and t.value:
                test.code_sets.append((t.negated, matching_codes(t, codebook)))
            elif t.key == "is" and t.value:
                test.states.append((t.negated, t.needle.strip()))
        return test

    def __bool__(self) -> bool:
        return bool(self.code_sets or self.states)

    def passes(self, codes: Collection[str], coded: bool, read: bool) -> bool:
        for negated, wanted in self.code_sets:
            if (not wanted.isdisjoint(codes)) == negated:
                return False
        for negated, state in self.states:
            have = {"coded": coded, "uncoded": not coded, "read": read, "unread": not read}.get(state)
            if have is None or have == negated:  # an unknown state (still being typed) keeps nothing
                return False
        return True
