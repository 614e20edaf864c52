"""Coding a selection snaps it outward to whole words (issue 10, item 18)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.word_snap import _continues, coded_span, snap_to_words

TEXT = "Kazakhstan thanks the Peruvian presidency. “Women’s” peace-keeping (S/RES/1325 (2000)), 1.5 million."


def snapped(start: int, end: int) -> str:
    lo, hi = snap_to_words(TEXT, start, end)
    return TEXT[lo:hi]


def test_a_selection_ending_mid_word_takes_the_whole_word() -> None:
    assert snapped(0, len("Kazakhstan thanks the P")) == "Kazakhstan thanks the Peruvian"
    assert snapped(3, 5) == "Kazakhstan"


def test_spaces_and_punctuation_at_the_ends_are_left_out() -> None:
    i = TEXT.index("presidency")
    assert snapped(i - 1, i + len("presidency. ")) == "presidency"
    j = TEXT.index("“Women")
    assert snapped(j, j + 3) == "Women’s"


def test_joined_words_are_not_cut() -> None:
    i = TEXT.index("keeping")
    assert snapped(i, i + 2) == "peace-keeping"
    j = TEXT.index("RES")
    assert snapped(j, j + 1) == "S/RES/1325"
    k = TEXT.index("5 million")
    assert snapped(k, k + 3) == "1.5 million"


def test_exact_mode_keeps_the_selection_and_a_span_without_words_is_kept() -> None:
    assert coded_span(TEXT, 0, 23, "exact") == (0, 23)
    assert coded_span(TEXT, 0, 23, "words") == (0, 30)
    i = TEXT.index("(S")
    assert snap_to_words(TEXT, i, i + 1) == (i, i + 1)


WORDS = st.sampled_from(["peace", "Council", "Women’s", "peace-keeping", "S/RES/1325", "(2000).", "1.5", "—", "“", "U.N.", "a", "x9"])
SEPARATORS = st.sampled_from([" ", ", ", ". ", "\n\n", " — ", "; "])
PROSE = st.lists(st.tuples(WORDS, SEPARATORS), min_size=1, max_size=20).map(lambda parts: "".join(w + s for w, s in parts))


@settings(max_examples=400, deadline=None)
@given(text=PROSE, data=st.data())
def test_snapping_properties(text: str, data) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=len(text)))
    lo, hi = snap_to_words(text, start, end)
    core = [i for i in range(start, end) if text[i].isalnum()]
    if not core:
        assert (lo, hi) == (start, end)
        return
    # It covers every letter and digit selected,
    assert lo <= core[0] and core[-1] < hi
    # starts and ends on word boundaries, on a letter or digit,
    assert text[lo].isalnum() and text[hi - 1].isalnum()
    assert not _continues(text, lo - 1) and not _continues(text, hi)
    # and snapping again changes nothing.
    assert snap_to_words(text, lo, hi) == (lo, hi)
