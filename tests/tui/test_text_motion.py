"""Sentence starts for ( and ): UN-record abbreviations and numbers do not end a sentence."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.text_layout import Layout
from tui.text_motion import sentence_starts, target


def starts(text: str) -> list[str]:
    return [text[i:i + 4] for i in sentence_starts(text)]


def test_abbreviations_initials_and_numbers_do_not_end_a_sentence() -> None:
    text = ("Mr. President, Mrs. Ode and Dr. Li: see No. 5, para. 3. Resolution 1325 (2000). "
            "The U.N. Security Council spent 1.5 billion. “We act,” he said. Do we? Yes!\n\nNext one.")
    assert starts(text) == ["Mr. ", "Reso", "The ", "“We ", "Do w", "Yes!", "Next"]


def test_a_lower_case_word_after_a_full_stop_continues_the_sentence() -> None:
    assert starts("It grew by approx. ten per cent. It fell.") == ["It g", "It f"]


WORDS = st.sampled_from(["Mr.", "No.", "U.N.", "1.5", "The", "council", "end.", "Why?", "(2000).", "\n\n", "“Yes.”"])


@settings(max_examples=200, deadline=None)
@given(words=st.lists(WORDS, min_size=1, max_size=30), data=st.data())
def test_sentence_moves_go_to_starts_and_back(words: list[str], data) -> None:
    text = " ".join(words)
    found = sentence_starts(text)
    assert list(found) == sorted(set(found)) and found[0] == 0 and all(0 <= i < len(text) for i in found)
    layout = Layout(text, 40)
    cursor = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    forward = target(text, layout, cursor, "sentence", 10, 0)
    later = [i for i in found if i > cursor]
    assert forward == (later[0] if later else cursor)  # the next start, or stay at the last sentence
    if later:
        back = target(text, layout, forward, "sentence_back", 10, 0)
        assert back == found[found.index(forward) - 1]  # ( from a start: the sentence before
