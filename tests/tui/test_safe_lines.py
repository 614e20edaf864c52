"""The app's last-line-of-defence filter: no control character, and the same width."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from textual.color import Color

from corpus.safe_text import has_unsafe
from tui.safe_lines import SafeTextFilter

_texts = st.text(alphabet=st.sampled_from(list("ab é—\u4e2d\u202e\u200d\x1b\x07\x9b\x00\t\u00ad[]")), max_size=12)


@given(st.lists(_texts, max_size=6))
def test_filtered_lines_keep_their_width_and_hold_no_control(texts: list[str]) -> None:
    segments = [Segment(text, Style(bold=i % 2 == 0)) for i, text in enumerate(texts)]
    width = sum(s.cell_length for s in segments)
    out = SafeTextFilter().apply(segments, Color(0, 0, 0))
    assert sum(s.cell_length for s in out) == width
    assert not has_unsafe("".join(s.text for s in out))  # a joiner may end one segment and join the next


def test_clean_lines_come_back_as_they_are() -> None:
    segments = [Segment("Women, peace — ", Style(bold=True)), Segment("中文 ✓")]
    assert SafeTextFilter().apply(segments, Color(0, 0, 0)) is segments


def test_an_escape_is_shown_as_a_picture() -> None:
    out = SafeTextFilter().apply([Segment("x\x1b]0;pwned\x07 tail   ")], Color(0, 0, 0))
    assert "".join(s.text for s in out).startswith("x␛]0;pwned␇ tail")
