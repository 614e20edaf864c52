"""The list filter finds exactly what a plain substring test finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.list_filter import Filter, Haystacks

words = st.text(alphabet="abc ", min_size=0, max_size=12)


@given(st.lists(words, min_size=1, max_size=40), st.lists(st.text(alphabet="abc", min_size=1, max_size=3), max_size=3), st.booleans())
@settings(max_examples=200, deadline=None)
def test_filter_matches_a_plain_substring_test(texts: list[str], query_words: list[str], negate_last: bool) -> None:
    query = " ".join(query_words)
    if negate_last and query_words:
        query = " ".join(query_words[:-1] + ["-" + query_words[-1]])
    ids = [str(i) for i in range(len(texts))]
    flt = Filter.parse(query, {})
    got = flt.apply(ids, Haystacks(texts), {}, set())
    expected = [
        i for i, t in enumerate(texts)
        if all(w in t for w in flt.words) and not any(x in t for x in flt.excluded)
    ]
    assert got == expected


# --- quoted values, negated filters, a filter alone (issue 10 item 9) -----------------------

import pytest  # noqa: E402

from annotations.model import Code, StatementSummary  # noqa: E402

CODES = {
    "h": Code("h", "Human trafficking", "#d9534f"),
    "r": Code("r", "Regional cooperation", "#5bc0de"),
    "w": Code("w", "Women, peace and security", "#5cb85c"),
}
ROWS = ["Mr. Zhang Jun china a.txt", "Mr. Nebenzia russian federation b.txt", "Ms. Jun russia c.txt", "Mr. Other d.txt"]
SUMMARY = {
    "a": StatementSummary(highlights=1, codes={"h": 1}),
    "b": StatementSummary(labels=("r",)),
    "c": StatementSummary(highlights=2, codes={"h": 1, "w": 1}),
}
READ = {"a", "d"}


def _rows(query: str) -> list[str]:
    ids = ["a", "b", "c", "d"]
    flt = Filter.parse(query, CODES)
    return [ids[i] for i in flt.apply(ids, Haystacks([r.casefold() for r in ROWS]), SUMMARY, READ)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('code:"Human trafficking"', ["a", "c"]),
        ("code:human_trafficking", ["a", "c"]),
        ('code:"regional cooperation"', ["b"]),
        ('-code:"Human trafficking"', ["b", "d"]),
        ("-code:trafficking", ["b", "d"]),
        ('code:"Human trafficking" -code:women', ["a"]),
        ('"zhang jun"', ["a"]),
        ('-"russian federation"', ["a", "c", "d"]),
        ("is:coded", ["a", "b", "c"]),
        ("is:read", ["a", "d"]),
        ("-is:read", ["b", "c"]),
        ('is:"unread"', ["b", "c"]),
        ("-is:coded", ["d"]),
        ("code:", ["a", "b", "c", "d"]),  # a filter still being typed holds nothing back
        ('code:"Human traf', ["a", "c"]),  # nor does a quote still open
    ],
)
def test_quoted_and_negated_filters(query: str, expected: list[str]) -> None:
    assert _rows(query) == expected


def test_metadata_filters_in_the_list() -> None:
    """``speaker:``, ``affiliation:``/``country:`` and ``year:`` work in the list as in search,
    quoted, negated and alone; a General Debate code matches its country's name."""
    ids = ["a", "b", "c", "d"]
    fields = {
        0: ("Mr. Zhang Jun", "China", 2020),
        1: ("Mr. Nebenzia", "Russian Federation", 2019),
        2: (None, "AFG", 1991),
        3: ("Ms. Jun", "Russia", None),
    }

    def rows(query: str) -> list[str]:
        flt = Filter.parse(query, CODES)
        return [ids[i] for i in flt.apply(ids, Haystacks([r.casefold() for r in ROWS]), SUMMARY, READ, fields.__getitem__)]

    assert rows('speaker:"zhang jun"') == ["a"]
    assert rows('affiliation:"Russian Federation"') == ["b"]
    assert rows("country:afghanistan") == ["c"]
    assert rows("year:2019-2020") == ["a", "b"]
    assert rows("-year:2019-2020") == ["c", "d"]
    assert rows('-speaker:jun code:"Human trafficking"') == ["c"]
