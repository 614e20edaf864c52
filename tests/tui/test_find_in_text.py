"""Finding a phrase in one statement (the reader's find): where the hits are, and how
next and previous move between them."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tui.find_in_text import Finding, find_all

# Letters whose case-folding keeps one character for one (most speeches), and a few
# that fold to two ("ß" -> "ss", "İ" -> "i̇", "ﬁ" -> "fi"), which send the search down
# its other path.
ONE_FOR_ONE = "aAbBeEéÉiIsSkKœŒ ."
TWO_FOR_ONE = "ßİﬁ"
# Texts of few letters, so that a query repeats and overlaps itself ("aa" in "aAa").
FEW = st.lists(st.sampled_from(["a", "A", "aA", "b", "é", " "]), max_size=40).map("".join)
SELF_OVERLAPPING = ["aa", "AAA", "a a", "aba"]


def brute_force(text: str, query: str) -> list[tuple[int, int]]:
    """Every offset where the text, folded, reads the query, folded (overlaps too)."""
    needle = query.casefold()
    folded = text.casefold()
    return [(i, i + len(needle)) for i in range(len(text)) if folded.startswith(needle, i)]


def test_hits_are_case_insensitive_and_in_order() -> None:
    text = "Peace and security. PEACE first; peacekeeping."
    assert find_all(text, "peace") == ((0, 5), (20, 25), (33, 38))


def test_overlapping_occurrences_are_all_hits() -> None:
    assert find_all("aaaa", "aa") == ((0, 2), (1, 3), (2, 4))


def test_an_empty_query_or_no_occurrence_finds_nothing() -> None:
    assert find_all("some text", "") == ()
    assert find_all("some text", "absent") == ()
    assert find_all("", "a") == ()


def test_a_text_whose_folding_changes_its_length_is_still_searched_in_place() -> None:
    # "Straße" folds to "strasse": offsets in the folded text would point past the
    # word; the hits must be offsets in the text itself.
    text = "Die Straße. Der Weg."
    (hit,) = find_all(text, "weg")
    assert text[hit[0] : hit[1]] == "Weg"


def a_query(data: st.DataObject, text: str, alphabet: str) -> str:
    """A piece of the text, maybe in another case (so it occurs), one that can overlap
    itself, or any."""
    kind = data.draw(st.sampled_from(["piece", "overlapping", "any"]))
    if kind == "overlapping":
        return data.draw(st.sampled_from(SELF_OVERLAPPING))
    if text and kind == "piece":
        start = data.draw(st.integers(0, len(text) - 1))
        piece = text[start : start + data.draw(st.integers(1, 4))]
        return piece.swapcase() if data.draw(st.booleans()) else piece
    return data.draw(st.text(alphabet=alphabet, min_size=1, max_size=4))


@given(st.data())
def test_every_hit_reads_the_query_case_folded_and_none_is_missed(data: st.DataObject) -> None:
    text = data.draw(FEW | st.text(alphabet=ONE_FOR_ONE, max_size=60))
    query = a_query(data, text, ONE_FOR_ONE)
    hits = find_all(text, query)
    for start, end in hits:
        assert text[start:end].casefold() == query.casefold()
    assert list(hits) == brute_force(text, query)


@given(st.data())
def test_every_hit_is_the_query_ignoring_case_at_its_offset(data: st.DataObject) -> None:
    text = data.draw(st.text(alphabet=ONE_FOR_ONE + TWO_FOR_ONE, max_size=60))
    query = a_query(data, text, ONE_FOR_ONE + TWO_FOR_ONE)
    hits = find_all(text, query)
    assert list(hits) == sorted(set(hits))
    for start, end in hits:
        assert 0 <= start < end <= len(text)
        found = text[start:end]
        # Case-folded ("ss" for "ß"), or, where folding would move offsets, the same
        # letters ignoring case ("İ" for "i").
        assert found.casefold() == query.casefold() or re.fullmatch(re.escape(query), found, re.IGNORECASE)


@given(st.data())
def test_next_after_the_last_hit_wraps_to_the_first_and_previous_back(data: st.DataObject) -> None:
    text = data.draw(st.text(alphabet="ab ", min_size=1, max_size=40))
    query = data.draw(st.sampled_from(["a", "b", "ab", "a b"]))
    finding = Finding.of(text, query)
    if not finding.hits:
        assert finding.from_offset(0).hit is None
        assert finding.step(1).hit is None
        return
    offset = data.draw(st.integers(0, len(text)))
    first = finding.from_offset(offset)
    after = [h for h in finding.hits if h[0] >= offset]
    assert first.hit == (after[0] if after else finding.hits[0])
    # Going forward once per hit comes back to where it started, through every hit.
    seen = []
    current = first
    for _ in finding.hits:
        current = current.step(1)
        seen.append(current.hit)
    assert current.hit == first.hit
    assert sorted(seen) == sorted(finding.hits)
    last = Finding.of(text, query).from_offset(finding.hits[-1][0])
    assert last.step(1).hit == finding.hits[0]
    assert last.step(1).step(-1).hit == finding.hits[-1]


def test_the_position_is_told_from_one() -> None:
    finding = Finding.of("x y x y x", "x").from_offset(3)
    assert (finding.hit, finding.number, len(finding.hits)) == ((4, 5), 2, 3)
    assert Finding.of("abc", "z").number == 0
