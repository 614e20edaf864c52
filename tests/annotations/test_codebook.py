"""Codebook operations: add, rename, recolour, key, delete, merge; starter codebook."""

from __future__ import annotations

import pytest

from annotations.codebook import starter_codebook
from annotations.errors import CodebookError


def test_add_rename_recolour_and_key(coded) -> None:
    code = coded.add_code("Terrorism")
    assert code.color.startswith("#") and code.key is None
    assert coded.update_code(code.id, name="Terrorism and its financing").name == "Terrorism and its financing"
    assert coded.update_code(code.id, color="#ABC").color == "#aabbcc"
    assert coded.update_code(code.id, key="4").key == "4"
    assert coded.code_by_key("4").id == code.id
    assert coded.update_code(code.id, key=None).key is None


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.add_code("human TRAFFICKING"), "already exists"),
        (lambda s: s.add_code("  "), "needs a name"),
        (lambda s: s.add_code("New", key="1"), "Key 1 is already used"),
        (lambda s: s.add_code("New", key="0"), "one of 1-9"),
        (lambda s: s.add_code("New", color="red-ish"), "is not a colour"),
    ],
)
def test_refused_codebook_changes(coded, call, message: str) -> None:
    before = coded.codes()
    with pytest.raises(CodebookError, match=message):
        call(coded)
    assert coded.codes() == before


def test_delete_refused_while_used_unless_forced(coded, corpus) -> None:
    one = coded.code_by_key("1")
    two = coded.code_by_key("2")
    h = coded.add_highlight(corpus.text("a.txt"), 0, 5, [one.id, two.id])
    coded.toggle_statement_label("b/c.txt", one.id)
    with pytest.raises(CodebookError, match="is used 2 times"):
        coded.delete_code(one.id)
    coded.delete_code(one.id, force=True)
    assert coded.code(one.id) is None
    assert coded.highlight("a.txt", h.id).labels == (two.id,)
    assert coded.marks("b/c.txt").labels == ()
    coded.undo()
    assert coded.code(one.id) == one
    assert coded.highlight("a.txt", h.id).labels == (one.id, two.id)
    assert coded.marks("b/c.txt").labels == (one.id,)


def test_merge_moves_every_use_and_is_undoable(coded, corpus) -> None:
    one, two = coded.code_by_key("1"), coded.code_by_key("2")
    child = coded.add_code("Sub-theme", parent=two.id)
    both = coded.add_highlight(corpus.text("a.txt"), 0, 5, [one.id, two.id])
    only = coded.add_highlight(corpus.text("b/c.txt"), 0, 5, [two.id])
    coded.merge_codes(two.id, one.id)
    assert coded.code(two.id) is None
    assert coded.highlight("a.txt", both.id).labels == (one.id,)
    assert coded.highlight("b/c.txt", only.id).labels == (one.id,)
    assert coded.code(child.id).parent == one.id
    assert coded.code_counts() == {one.id: 2}
    coded.undo()
    assert coded.code(two.id) == two
    assert coded.highlight("b/c.txt", only.id).labels == (two.id,)
    assert coded.code(child.id).parent == two.id


def test_parent_cycles_are_refused(coded) -> None:
    a = coded.add_code("A")
    b = coded.add_code("B", parent=a.id)
    with pytest.raises(CodebookError, match="own ancestor"):
        coded.update_code(a.id, parent=b.id)


def test_starter_codebook_has_the_seed_themes(store) -> None:
    added, updated = store.import_codebook_entries(starter_codebook())
    assert (added, updated) == (8, 0)
    assert [c.name for c in store.codes()] == [
        "Women, peace and security", "Conflict-related sexual violence", "Human trafficking",
        "Peacekeeping", "Accountability and justice", "Terrorism and its financing",
        "Regional cooperation", "National action",
    ]
    assert store.import_codebook_entries(starter_codebook()) == (0, 0)  # idempotent
