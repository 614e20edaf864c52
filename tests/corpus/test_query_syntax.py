"""The shared query tokenizer: quoting round-trips, filters, negation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.query_syntax import LIST_FILTERS, SEARCH_FILTERS, quote, tokenize

values = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
keys = st.sampled_from(sorted(SEARCH_FILTERS))


@given(values)
@settings(max_examples=300, deadline=None)
def test_a_quoted_value_parses_back_to_itself(value: str) -> None:
    (token,) = tokenize(quote(value), SEARCH_FILTERS)
    assert (token.key, token.value, token.quoted, token.negated, token.unclosed) == (None, value, True, False, False)


@given(keys, values, st.booleans(), values)
@settings(max_examples=300, deadline=None)
def test_a_quoted_filter_value_parses_back_to_itself(key: str, value: str, negated: bool, other: str) -> None:
    text = f"{'-' if negated else ''}{key}:{quote(value)} {quote(other)}"
    first, second = tokenize(text, SEARCH_FILTERS)
    assert (first.key, first.value, first.negated, first.quoted) == (key, value, negated, True)
    assert (second.key, second.value) == (None, other)


def test_words_filters_and_brackets() -> None:
    tokens = tokenize('(peace OR -war) Code:"Human trafficking" -is:read speaker:zhang', SEARCH_FILTERS, brackets=True)
    assert [(t.kind, t.key, t.value, t.negated) for t in tokens] == [
        ("open", None, "(", False),
        ("word", None, "peace", False),
        ("word", None, "OR", False),
        ("word", None, "war", True),
        ("close", None, ")", False),
        ("word", "code", "Human trafficking", False),
        ("word", "is", "read", True),
        ("word", "speaker", "zhang", False),
    ]


def test_unknown_keys_are_words_and_open_quotes_run_to_the_end() -> None:
    assert [(t.key, t.value) for t in tokenize("topic:x code:y", LIST_FILTERS)] == [(None, "topic:x"), ("code", "y")]
    (token,) = tokenize('code:"Human traf', LIST_FILTERS)
    assert (token.key, token.value, token.unclosed) == ("code", "Human traf", True)
    assert [t.value for t in tokenize("-", LIST_FILTERS)] == ["-"]
