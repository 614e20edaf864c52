"""Property tests of two store rules of issue 10: deleting a used code (item 3) and
coding a span that already has a highlight (item 5), over random stores."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.store import open_store
from corpus import open_corpus

TEXT = "Mr. A (Alpha): Women and peace matter. Trafficking in persons must end. Peacekeepers protect civilians."
SPANS = [(0, 5), (0, 12), (6, 11), (13, 30), (20, 40)]  # offsets into the reading text (overlapping, nested)

highlight_plans = st.lists(
    st.tuples(st.sampled_from(SPANS), st.sets(st.integers(0, 3), max_size=3), st.booleans()),
    min_size=1, max_size=8,
)
PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _state(store, sid: str) -> tuple:
    """Everything the store says about the statement and the codebook, comparable."""
    return (
        sorted((c.id, c.name) for c in store.codes()),
        sorted((h.id, h.start, h.end, tuple(sorted(h.labels)), h.note) for h in store.highlights(sid)),
        tuple(sorted(store.marks(sid).labels)),
    )


@PROPERTY
@given(plan=highlight_plans, labels=st.sets(st.integers(0, 3)), victim=st.integers(0, 3))
def test_deleting_a_used_code_keeps_everything_else_and_undo_restores_all(
    make_corpus, tmp_path_factory, plan, labels: set[int], victim: int
) -> None:
    corpus = open_corpus(make_corpus({"a.txt": TEXT}))
    store = open_store(corpus.root, Path(tmp_path_factory.mktemp("db")), coder="t")
    try:
        text = corpus.text("a.txt")
        codes = [store.add_code(f"Code {i}").id for i in range(4)]
        for (start, end), chosen, noted in plan:
            h = store.add_highlight(text, start, end, [codes[i] for i in sorted(chosen)], note="why" if noted else "")
            if noted and h.note != "why":
                store.set_highlight_note("a.txt", h.id, "why")
        for i in sorted(labels):
            store.toggle_statement_label("a.txt", codes[i])
        gone = codes[victim]
        before = _state(store, "a.txt")
        old = {h.id: h for h in store.highlights("a.txt")}
        store.delete_code(gone, force=True)
        after = {h.id: h for h in store.highlights("a.txt")}
        assert store.code(gone) is None
        assert gone not in store.marks("a.txt").labels
        for hid, h in old.items():
            rest = tuple(c for c in h.labels if c != gone)
            if gone in h.labels and not rest and not h.note:
                assert hid not in after  # left with nothing by the deletion: it goes with the code
            else:
                assert hid in after and after[hid].labels == rest and after[hid].note == h.note
        store.undo()  # one step brings all of it back
        assert _state(store, "a.txt") == before
    finally:
        store.close()


@PROPERTY
@given(plan=highlight_plans)
def test_one_highlight_per_span_holding_every_code_applied(make_corpus, tmp_path_factory, plan) -> None:
    corpus = open_corpus(make_corpus({"a.txt": TEXT}))
    store = open_store(corpus.root, Path(tmp_path_factory.mktemp("db")), coder="t")
    try:
        text = corpus.text("a.txt")
        codes = [store.add_code(f"Code {i}").id for i in range(4)]
        applied: dict[tuple[int, int], set[str]] = {}
        for span, chosen, _ in plan:
            store.add_highlight(text, *span, [codes[i] for i in sorted(chosen)])
            applied.setdefault(span, set()).update(codes[i] for i in chosen)
        highlights = store.highlights("a.txt")
        spans = [(h.start, h.end) for h in highlights]
        assert len(spans) == len(set(spans))  # never two highlights on one span
        assert {(h.start, h.end): set(h.labels) for h in highlights} == applied
    finally:
        store.close()
