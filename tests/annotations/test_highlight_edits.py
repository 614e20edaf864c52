"""Highlight edits as pure functions: the rows as they are in, a ``Change`` out, no store."""

from __future__ import annotations

import itertools

import pytest

from annotations.errors import AnnotationError
from annotations.highlight_edits import (
    add_to_highlight,
    code_spans,
    label_toggled,
    new_highlight,
    statement_label_toggled,
)
from annotations.model import Code, StatementMarks
from corpus.model import StatementText

TEXT = StatementText(id="s.txt", reading_text="Women and peace matter. Trafficking must end.", sha256="abc", normaliser="1")
ONE, TWO = Code("one", "One", "#d9534f"), Code("two", "Two", "#5cb85c")
CODES = {c.id: c for c in (ONE, TWO)}
WHEN = "2026-01-01T00:00:00Z"


def _ids():
    counter = itertools.count()
    return lambda: f"h{next(counter)}"


def test_a_new_highlight_takes_its_quote_and_context_from_the_text() -> None:
    h = new_highlight(TEXT, 10, 15, ("one",), "why", hid="h1", coder="me", when=WHEN)
    assert (h.quote, h.prefix, h.suffix, h.sha256, h.created) == ("peace", "Women and ", " matter. Trafficking must end.", "abc", WHEN)
    with pytest.raises(AnnotationError, match="Cannot highlight"):
        new_highlight(TEXT, 10, 500, (), "", hid="h2", coder="me", when=WHEN)


def test_coding_a_highlighted_span_again_adds_only_what_is_new() -> None:
    h = new_highlight(TEXT, 0, 5, ("one",), "", hid="h1", coder="me", when=WHEN)
    same, change = add_to_highlight(h, ("one",), "", CODES, "later")
    assert same is h and not change  # nothing new: no change, no undo step
    grown, change = add_to_highlight(h, ("one", "two"), "a note", CODES, "later")
    assert (grown.labels, grown.note, grown.modified) == (("one", "two"), "a note", "later")
    assert change.description == "add Two"
    assert [(m.before, m.after) for m in change.mutations] == [(h.to_doc(), grown.to_doc())]


def test_toggling_labels_on_a_highlight_and_a_statement() -> None:
    h = new_highlight(TEXT, 0, 5, ("one",), "", hid="h1", coder="me", when=WHEN)
    off, change = label_toggled(h, ONE, WHEN)
    assert off.labels == () and change.description == "remove One"
    marks, change = statement_label_toggled("s.txt", None, TWO, WHEN)
    assert marks == StatementMarks("s.txt", ("two",), "", WHEN)
    assert change.mutations[0].before is None  # nothing was stored: undo removes the row
    again, change = statement_label_toggled("s.txt", marks, TWO, WHEN)
    assert again.labels == () and change.mutations[0].before == marks.to_doc()


def test_coding_search_hits_adds_to_existing_spans_and_makes_one_highlight_per_new_span() -> None:
    existing = new_highlight(TEXT, 0, 5, ("two",), "", hid="old", coder="me", when=WHEN)
    spans = [(TEXT, 0, 5), (TEXT, 24, 35), (TEXT, 24, 35), (TEXT, 40, 900)]  # the last one is outside the text
    mutations, created, updated = code_spans("one", spans, {"s.txt": [existing]}, coder="me", when=WHEN, make_id=_ids())
    assert (created, updated) == (1, 1)
    assert [(m.key, m.before is None, m.after["labels"]) for m in mutations] == [("old", False, ["two", "one"]), ("h0", True, ["one"])]
    assert mutations[1].after["quote"] == "Trafficking"
