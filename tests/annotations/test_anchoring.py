"""Re-anchoring highlights when the text changes (invariant 2)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.anchoring import apply_anchor, new_anchor_fields, reanchor
from annotations.model import Highlight

OLD = (
    "Kazakhstan supports the findings of the report. Sexual violence is aggravated by human "
    "trafficking and is used as a tactic of war. We call for accountability. Sexual violence "
    "must end."
)


def make(text: str, quote: str, nth: int = 0) -> Highlight:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    fields = new_anchor_fields(text, start, start + len(quote))
    return Highlight(id="h", statement="s", sha256="old", normaliser="1", **fields)  # type: ignore[arg-type]


def test_unchanged_text_keeps_the_position() -> None:
    h = make(OLD, "human trafficking")
    anchor = reanchor(OLD, h)
    assert (anchor.start, anchor.end, anchor.status) == (h.start, h.end, "anchored")


def test_shifted_text_relocates_exactly() -> None:
    h = make(OLD, "human trafficking")
    new = "Mr. President, thank you. " + OLD
    moved = apply_anchor(new, h, "new", "1", "now")
    assert new[moved.start:moved.end] == "human trafficking"
    assert moved.start == h.start + len("Mr. President, thank you. ")
    assert (moved.status, moved.sha256) == ("relocated", "new")


def test_repeated_quote_is_found_by_its_context() -> None:
    h = make(OLD, "Sexual violence", nth=1)  # the second occurrence
    new = OLD.replace("Kazakhstan supports", "Kazakhstan strongly and fully supports")
    moved = apply_anchor(new, h, "new", "1", "now")
    assert moved.start == new.index("Sexual violence", new.index("accountability"))


def test_edited_quote_is_found_fuzzily() -> None:
    h = make(OLD, "used as a tactic of war")
    new = OLD.replace("used as a tactic of war", "used as a tactics of war")
    moved = apply_anchor(new, h, "new", "1", "now")
    assert moved.status == "relocated"
    assert new[moved.start:moved.end] == moved.quote
    assert "tactics of war" in moved.quote


def test_deleted_passage_is_kept_as_orphaned() -> None:
    h = make(OLD, "We call for accountability.")
    new = OLD.replace("We call for accountability. ", "")
    moved = apply_anchor(new, h, "new", "1", "now")
    assert moved.status == "orphaned"
    assert (moved.start, moved.end, moved.quote) == (h.start, h.end, h.quote)


words = st.sampled_from(["peace", "war", "women", "security", "the", "of", "trafficking", "and", "justice", "."])
texts = st.lists(words, min_size=8, max_size=80).map(" ".join)


@given(texts, st.data())
@settings(max_examples=200, deadline=None)
def test_inserting_text_elsewhere_never_loses_an_anchor(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 2))
    end = data.draw(st.integers(start + 1, min(len(text), start + 30)))
    h = Highlight(id="h", statement="s", **new_anchor_fields(text, start, end))  # type: ignore[arg-type]
    insert_at = data.draw(st.sampled_from([0, len(text)] + [i for i in range(len(text)) if i <= start or i >= end]))
    inserted = data.draw(st.text(alphabet="xyz ", min_size=1, max_size=20))
    new = text[:insert_at] + inserted + text[insert_at:]
    moved = apply_anchor(new, h, "new", "1", "now")
    # Invariant 1: the quote is exactly where the offsets say.
    assert new[moved.start:moved.end] == moved.quote == h.quote
    assert moved.status in ("anchored", "relocated")
