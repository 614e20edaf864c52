"""Codebook operations: add, rename, recolour, key, delete, merge; starter codebook."""

from __future__ import annotations

import pytest

from annotations.codebook import starter_codebook
from annotations.errors import AnnotationError, CodebookError


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


def test_deleting_a_used_code_removes_emptied_highlights_and_one_undo_restores(coded, corpus) -> None:
    one, two = coded.code_by_key("1"), coded.code_by_key("2")
    a, c = corpus.text("a.txt"), corpus.text("b/c.txt")
    only = coded.add_highlight(a, 0, 5, [one.id])
    with_note = coded.add_highlight(a, 6, 9, [one.id], note="keep me")
    shared = coded.add_highlight(c, 0, 5, [one.id, two.id])
    coded.toggle_statement_label("b/c.txt", one.id)
    assert coded.code_usage_sentence(one.id) == "used by 3 highlights in 2 statements and as a label of 1 statement"
    before = {sid: coded.highlights(sid) for sid in ("a.txt", "b/c.txt")}
    coded.delete_code(one.id, force=True)
    assert coded.highlight("a.txt", only.id) is None  # no code and no note left: gone with it
    assert coded.highlight("a.txt", with_note.id).labels == ()  # its note keeps it
    assert coded.highlight("b/c.txt", shared.id).labels == (two.id,)
    assert coded.marks("b/c.txt").labels == ()
    assert all(h.labels or h.note for sid in ("a.txt", "b/c.txt") for h in coded.highlights(sid))
    assert coded.undo().description == f"delete code {one.name}"
    assert {sid: coded.highlights(sid) for sid in ("a.txt", "b/c.txt")} == before
    assert coded.marks("b/c.txt").labels == (one.id,) and coded.code(one.id) == one
    assert coded.undo().description.startswith("label statement")  # the step before: one undo restored it all


def test_merging_a_code_into_its_own_child_makes_no_cycle(coded, corpus) -> None:
    top = coded.add_code("Top")
    child = coded.add_code("Child", parent=top.id)
    grandchild = coded.add_code("Grandchild", parent=child.id)
    coded.add_highlight(corpus.text("a.txt"), 0, 5, [top.id, child.id])
    coded.merge_codes(top.id, child.id)
    assert coded.code(child.id).parent is None  # takes the merged code's place, not its own
    assert coded.code(grandchild.id).parent == child.id
    assert coded.highlights("a.txt")[0].labels == (child.id,)


def test_new_codes_take_the_palette_colour_farthest_from_those_in_use() -> None:
    from annotations.colors import pick_color
    from annotations.model import PALETTE

    assert pick_color([]) == PALETTE[0]
    assert pick_color([PALETTE[0]]) != PALETTE[0]
    red = "#d9534f"
    chosen = pick_color([red, "#e84393", "#f0ad4e"])  # reds, pink and orange in use
    assert chosen not in {red, "#e84393", "#f0ad4e"}
    assert chosen in {"#5bc0de", "#1abc9c", "#00a8a8", "#6c8ebf", "#5cb85c"}  # a blue or green one
    used: list[str] = []
    for _ in range(len(PALETTE)):
        used.append(pick_color(used))
    assert sorted(used) == sorted(PALETTE)  # every palette colour before any repeats


@pytest.mark.parametrize(("given", "stored"), [("blue", "#0000ff"), ("CornflowerBlue", "#6495ed"), (" teal ", "#008080"), ("#ABC", "#aabbcc")])
def test_colours_accept_css_names(coded, given: str, stored: str) -> None:
    code = coded.add_code("Named", color=given)
    assert code.color == stored
    assert coded.update_code(code.id, color=given).color == stored


def test_unknown_colour_names_are_refused(coded) -> None:
    with pytest.raises(CodebookError, match="not a colour"):
        coded.add_code("X", color="blurple")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.add_code("x" * 100_000), "at most 200 characters"),
        (lambda s: s.update_code(s.code_by_key("1").id, name="y" * 201), "at most 200 characters"),
        (lambda s: s.add_code("Fine", description="d" * 10_001), "at most 10,000 characters"),
    ],
)
def test_size_limits_on_names_and_descriptions(coded, call, message: str) -> None:
    before = coded.codes()
    with pytest.raises(CodebookError, match=message):
        call(coded)
    assert coded.codes() == before


def test_codebook_with_a_parent_cycle_is_refused_before_any_write(coded) -> None:
    from annotations.errors import ImportFileError
    from annotations.importer import validate_codebook

    entries = [{"name": "A", "parent": "B"}, {"name": "B", "parent": "A"}]
    with pytest.raises(ImportFileError, match="cycle"):
        validate_codebook(entries)
    before = sorted(p.read_bytes() for p in coded.folder.rglob("*.json") if p.name != "lock-owner.json")
    with pytest.raises(AnnotationError, match="cycle"):
        coded.import_codebook_entries(entries)
    # A cycle through a code already in the store is refused too.
    a = coded.add_code("A")
    coded.add_code("B", parent=a.id)
    with pytest.raises(AnnotationError, match="cycle"):
        coded.import_codebook_entries([{"name": "A", "parent": "B"}])
    assert coded.code(a.id).parent is None
    coded.undo(), coded.undo()
    assert sorted(p.read_bytes() for p in coded.folder.rglob("*.json") if p.name != "lock-owner.json") == before


def test_forty_new_codes_get_forty_distinct_colours(store) -> None:
    """Past the palette's end new codes still get colours unlike those in use."""
    from annotations.colors import color_distance

    colors = [store.add_code(f"Theme {i}").color for i in range(40)]
    assert len(set(colors)) == 40
    closest = min(color_distance(a, b) for i, a in enumerate(colors) for b in colors[i + 1:])
    assert closest > 20  # never two that look the same
