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
