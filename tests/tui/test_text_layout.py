"""The reader's soft wrap: rows cover the text in order, fit the width, and the fast
(regular expression) wrap of plain paragraphs gives exactly the word-by-word rows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.text_layout import Layout

WORDS = st.sampled_from(["a", "the", "Council", "“Women’s”", "—", "\u00a0", "\u200b", "peace-keeping", "S/2018/250", "x" * 15, "y" * 40, "é", "日本語", ""])
SPACES = st.sampled_from([" ", "  ", "\t", " " * 5])
PARAGRAPH = st.lists(st.tuples(WORDS, SPACES), max_size=40).map(lambda parts: "".join(w + s for w, s in parts))
TEXT = st.lists(st.one_of(PARAGRAPH, SPACES, st.just("")), max_size=8).map("\n".join)
ASCII_TEXT = st.text(alphabet=st.sampled_from(list("ab cdefg  hij\n\n\t-.")), max_size=400)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(TEXT, ASCII_TEXT), width=st.integers(min_value=1, max_value=50))
def test_fast_wrap_gives_the_word_by_word_rows(text: str, width: int) -> None:
    assert Layout(text, width).rows == Layout(text, width, fast=False).rows


@settings(max_examples=200, deadline=None)
@given(text=TEXT, width=st.integers(min_value=8, max_value=50))
def test_rows_cover_the_text_in_order_and_fit(text: str, width: int) -> None:
    layout = Layout(text, width)
    previous_end = 0
    for row in layout.rows:
        assert row.start >= previous_end and row.end >= row.start
        gap = text[previous_end:row.start]
        assert gap in ("", "\n") or set(gap) <= {"\n"}, (previous_end, row)  # only paragraph breaks between rows
        shown = text[row.start:row.end].rstrip()
        assert cell_len(shown) <= layout.width or " " not in shown  # only a single over-long word may not fit
        previous_end = row.end
    assert text[previous_end:].strip("\n") == ""


def test_a_long_word_is_cut_and_the_rest_flows_on() -> None:
    layout = Layout("ab " + "x" * 20 + " cd ef", 8)
    shown = [layout.text[r.start:r.end] for r in layout.rows]
    assert shown == ["ab ", "xxxxxxxx", "xxxxxxxx", "xxxx cd ", "ef"]


def test_offsets_map_to_rows_and_back() -> None:
    text = "Mr. President, I thank you.\n\nWe commend the Secretary-General for his report."
    layout = Layout(text, 12)
    for offset in range(len(text)):
        row = layout.row_of(offset)
        if text[offset] != "\n":
            column = layout.column_of(offset)
            assert layout.offset_at(row, column) == offset
