"""The store: highlights, labels, notes, persistence, undo and redo."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.errors import AnnotationError
from annotations.model import covering
from annotations.store import AnnotationStore, open_store


def test_highlight_is_saved_with_anchor_context(coded, corpus, tmp_path: Path) -> None:
    text = corpus.text("a.txt")
    start = text.reading_text.index("Trafficking")
    end = start + len("Trafficking in persons")
    h = coded.add_highlight(text, start, end, [coded.code_by_key("2").id], note="key passage")
    assert h.quote == "Trafficking in persons"
    assert h.suffix == text.reading_text[end:end + 32]
    assert h.prefix == text.reading_text[max(0, start - 32):start]
    assert (h.sha256, h.coder, h.status) == (text.sha256, "tester", "anchored")
    coded.close()
    reopened = AnnotationStore(tmp_path / "store", readonly=True)
    (again,) = reopened.highlights("a.txt")
    assert again == h


def test_overlapping_and_multi_code_highlights(coded, corpus) -> None:
    text = corpus.text("a.txt")
    one, two = coded.code_by_key("1").id, coded.code_by_key("2").id
    outer = coded.add_highlight(text, 0, 40, [one, two])
    inner = coded.add_highlight(text, 10, 20, [two])
    assert [h.id for h in covering(coded.highlights("a.txt"), 15)] == [inner.id, outer.id]  # as the reader asks
    assert coded.summary()["a.txt"].codes == {one: 1, two: 2}
    assert coded.code_counts() == {one: 1, two: 2}


def test_toggle_note_delete_and_statement_marks(coded, corpus) -> None:
    text = corpus.text("a.txt")
    one, two = coded.code_by_key("1").id, coded.code_by_key("2").id
    h = coded.add_highlight(text, 0, 5, [one])
    assert coded.toggle_highlight_label("a.txt", h.id, two).labels == (one, two)
    assert coded.toggle_highlight_label("a.txt", h.id, one).labels == (two,)
    assert coded.set_highlight_note("a.txt", h.id, "memo").note == "memo"
    assert coded.toggle_statement_label("b/c.txt", one).labels == (one,)
    assert coded.set_statement_note("b/c.txt", "statement memo").note == "statement memo"
    coded.delete_highlight("a.txt", h.id)
    assert coded.highlights("a.txt") == []
    assert coded.marks("b/c.txt").labels == (one,)


def test_bad_spans_and_unknown_codes_are_refused(coded, corpus) -> None:
    text = corpus.text("a.txt")
    with pytest.raises(AnnotationError, match="outside the text"):
        coded.add_highlight(text, 5, 5000, [])
    with pytest.raises(AnnotationError, match="outside the text"):
        coded.add_highlight(text, 5, 5, [])
    with pytest.raises(AnnotationError, match="no code"):
        coded.add_highlight(text, 0, 5, ["nope"])
    assert coded.highlights("a.txt") == []


def test_unlimited_undo_and_redo_across_statements(coded, corpus) -> None:
    one = coded.code_by_key("1").id
    a, c = corpus.text("a.txt"), corpus.text("b/c.txt")
    h1 = coded.add_highlight(a, 0, 5, [one])
    coded.toggle_statement_label("b/c.txt", one)
    h2 = coded.add_highlight(c, 0, 14, [one])
    coded.set_highlight_note("a.txt", h1.id, "n")
    coded.delete_highlight("b/c.txt", h2.id)
    for _ in range(5):
        assert coded.undo() is not None
    assert coded.undo() is None
    assert coded.highlights("a.txt") == [] and coded.highlights("b/c.txt") == []
    assert coded.marks("b/c.txt").labels == ()
    for _ in range(5):
        assert coded.redo() is not None
    assert coded.redo() is None
    assert [h.note for h in coded.highlights("a.txt")] == ["n"]
    assert coded.highlights("b/c.txt") == []
    assert coded.marks("b/c.txt").labels == (one,)


def test_new_action_clears_redo(coded, corpus) -> None:
    a = corpus.text("a.txt")
    coded.add_highlight(a, 0, 5)
    coded.undo()
    coded.add_highlight(a, 6, 9)
    assert coded.redo() is None


def test_batch_is_one_undo_step(coded, corpus) -> None:
    one = coded.code_by_key("1").id
    with coded.batch("code hits"):
        coded.add_highlight(corpus.text("a.txt"), 0, 5, [one])
        coded.add_highlight(corpus.text("b/c.txt"), 0, 5, [one])
    assert coded.undo().description == "code hits"
    assert coded.highlights("a.txt") == [] and coded.highlights("b/c.txt") == []


def test_similar_ids_get_separate_files(coded, corpus) -> None:
    coded.add_highlight(corpus.text("a_b.txt"), 0, 5)
    coded.add_highlight(corpus.text("b/c.txt"), 0, 5)
    assert sorted(coded.statement_ids()) == ["a_b.txt", "b/c.txt"]


def test_store_inside_corpus_is_refused(corpus) -> None:
    with pytest.raises(AnnotationError, match="inside the corpus folder"):
        open_store(corpus.root, corpus.root / "db")


def test_store_path_that_is_a_file_is_refused(corpus, tmp_path: Path) -> None:
    f = tmp_path / "file.json"
    f.write_text("{}")
    with pytest.raises(AnnotationError, match="is a file"):
        open_store(corpus.root, f)


def test_reading_state_and_marks(coded) -> None:
    coded.mark_read("a.txt")
    coded.mark_read("b/c.txt")
    coded.save_state({"statement": "a.txt", "cursor": 12})
    assert coded.read_ids() == {"a.txt", "b/c.txt"}
    assert coded.load_state() == {"statement": "a.txt", "cursor": 12}


def test_apply_code_to_many_spans_is_one_undoable_step(coded, corpus) -> None:
    one, two = coded.code_by_key("1").id, coded.code_by_key("2").id
    a, c = corpus.text("a.txt"), corpus.text("b/c.txt")
    existing = coded.add_highlight(a, 0, 5, [two])
    created, updated = coded.apply_code_to_spans(one, [(a, 0, 5), (a, 10, 15), (c, 0, 14), (c, 0, 14)], "code 3 hits")
    assert (created, updated) == (2, 1)
    assert coded.highlight("a.txt", existing.id).labels == (two, one)
    assert [(h.start, h.end) for h in coded.highlights("b/c.txt")] == [(0, 14)]
    assert coded.undo().description == "code 3 hits"
    assert coded.highlight("a.txt", existing.id).labels == (two,)
    assert coded.highlights("b/c.txt") == []


def test_summary_built_in_the_background_keeps_later_changes(coded, corpus, tmp_path: Path) -> None:
    one = coded.code_by_key("1").id
    coded.add_highlight(corpus.text("a.txt"), 0, 5, [one])
    coded.close()
    store = AnnotationStore(tmp_path / "store")
    assert not store.summary_ready
    built = store.compute_summary()  # as a worker thread would
    store.add_highlight(corpus.text("b/c.txt"), 0, 5, [one])  # while it was running
    store.install_summary(built)
    assert store.summary_ready
    assert {sid: s.highlights for sid, s in store.summary().items()} == {"a.txt": 1, "b/c.txt": 1}
    store.close()


def test_summary_computed_in_a_helper_process_matches(coded, corpus, tmp_path: Path, monkeypatch) -> None:
    from annotations import summary as summary_module

    one, two = coded.code_by_key("1").id, coded.code_by_key("2").id
    coded.add_highlight(corpus.text("a.txt"), 0, 5, [one, two])
    coded.add_highlight(corpus.text("b/c.txt"), 2, 6, [two])
    coded.close()
    store = AnnotationStore(tmp_path / "store", readonly=True)
    here = store.compute_summary()
    monkeypatch.setattr(summary_module, "CHILD_THRESHOLD", 0)  # the app's path for large stores
    assert store.compute_summary(in_child=True) == here
    assert here["a.txt"].codes == {one: 1, two: 1}


def test_coding_an_existing_span_adds_the_code_to_that_highlight(coded, corpus) -> None:
    one, two = coded.code_by_key("1").id, coded.code_by_key("2").id
    text = corpus.text("a.txt")
    first = coded.add_highlight(text, 0, 5, [one])
    again = coded.add_highlight(text, 0, 5, [two], note="memo")
    (only,) = coded.highlights("a.txt")
    assert again.id == first.id == only.id
    assert only.labels == (one, two) and only.note == "memo"
    same = coded.add_highlight(text, 0, 5, [one])  # nothing new: no change, no undo step
    assert same == only
    coded.add_highlight(text, 0, 6, [one])  # a different span is a new highlight
    assert len(coded.highlights("a.txt")) == 2
    coded.undo(), coded.undo()
    assert coded.highlights("a.txt") == [first]


def test_note_size_limit(coded, corpus) -> None:
    text = corpus.text("a.txt")
    h = coded.add_highlight(text, 0, 5)
    for call in (
        lambda: coded.set_highlight_note("a.txt", h.id, "n" * 100_001),
        lambda: coded.set_statement_note("a.txt", "n" * 30_000_000),
        lambda: coded.add_highlight(text, 6, 9, note="n" * 100_001),
    ):
        with pytest.raises(AnnotationError, match="at most 100,000 characters"):
            call()
    assert coded.highlights("a.txt") == [h] and coded.marks("a.txt").note == ""
    coded.set_highlight_note("a.txt", h.id, "n" * 100_000)  # the limit itself is fine
