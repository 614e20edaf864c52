"""display_safe: nothing drawn from a file can command the terminal."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from corpus.safe_text import BIDI_CONTROLS, display_safe
from corpus.wording import count, plural


def test_plain_text_is_unchanged() -> None:
    assert display_safe("Women, peace and security — Ünïcode ✓") == "Women, peace and security — Ünïcode ✓"


def test_escape_sequences_become_visible_pictures() -> None:
    shown = display_safe("\x1b]0;pwned\x07 and \x1b[31mred")
    assert "\x1b" not in shown and "\x07" not in shown
    assert shown == "␛]0;pwned␇ and ␛[31mred"


def test_bidi_overrides_are_dropped() -> None:
    assert display_safe("abc\u202etxt.exe") == "abctxt.exe"


def test_newlines_kept_only_when_asked() -> None:
    assert display_safe("a\nb") == "a b"
    assert display_safe("a\nb", keep_newlines=True) == "a\nb"


@given(st.text())
def test_no_control_or_bidi_character_survives(text: str) -> None:
    shown = display_safe(text)
    for ch in shown:
        assert unicodedata.category(ch) not in ("Cc", "Cs", "Zl", "Zp"), repr(ch)
        assert ch not in BIDI_CONTROLS


@given(st.text())
def test_idempotent(text: str) -> None:
    once = display_safe(text, keep_newlines=True)
    assert display_safe(once, keep_newlines=True) == once


def test_count_and_plural() -> None:
    assert count(1, "statement") == "1 statement"
    assert count(2, "statement") == "2 statements"
    assert count(1204, "highlight") == "1,204 highlights"
    assert count(0, "match") == "0 matches"
    assert plural(1, "hit") == "hit"


def test_every_control_and_format_character_of_this_python_is_caught() -> None:
    """The hand-made character class agrees with the running Python's Unicode tables."""
    from corpus.safe_text import has_unsafe

    for code in range(0x110000):
        ch = chr(code)
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Zl", "Zp") or (category == "Cf" and ch not in "\u200c\u200d"):
            assert has_unsafe(ch), f"U+{code:04X} ({category}) is not caught"
            assert display_safe(ch) != ch or ch == " ", f"U+{code:04X}"
        elif ch in "\u200c\u200d":
            assert display_safe(f"\u0628{ch}\u0628") == f"\u0628{ch}\u0628"  # joins two Arabic letters: kept
            assert display_safe(f"a{ch}b") == "ab"  # joins nothing: Rich would draw the b zero cells wide
        elif ch not in ("\n", "\t"):
            assert display_safe(f"a{ch}b") == f"a{ch}b", f"U+{code:04X} ({category}) is changed"


@given(st.text())
def test_typed_text_keeps_no_control_but_newlines_and_tabs(text: str) -> None:
    from corpus.safe_text import typed_text

    kept = typed_text(text)
    assert all(unicodedata.category(ch) != "Cc" or ch in "\n\t" for ch in kept)
    assert not set(kept) & BIDI_CONTROLS
    assert typed_text(kept) == kept
    assert typed_text("plain words, — ünï\nline") == "plain words, — ünï\nline"
