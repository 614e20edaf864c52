"""Codebook edits as pure functions: plain data in, a ``Change`` out, no store.

The store's tests (test_codebook.py) check the same rules through ``AnnotationStore``;
these check the functions it calls, on codebooks no store needs to hold.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.codebook import (
    CodeUsage,
    StatementCoding,
    add_code,
    delete_code,
    find_parent_cycle,
    merge_codes,
    update_code,
    usage_in_summary,
)
from annotations.errors import CodebookError
from annotations.history import CODEBOOK, Change
from annotations.model import Code, Highlight, StatementMarks, StatementSummary

Row = tuple[str, str, str]  # (file, table, key), as a Mutation names a row


def _codes(*codes: Code) -> dict[str, Code]:
    return {c.id: c for c in codes}


def _highlight(hid: str, statement: str, labels: tuple[str, ...], note: str = "") -> Highlight:
    return Highlight(id=hid, statement=statement, start=0, end=5, quote="Women", labels=labels, note=note)


def _rows(codes: dict[str, Code], coding: list[StatementCoding]) -> dict[Row, dict[str, Any]]:
    """Every row these plain data stand for, keyed as a ``Mutation`` keys it."""
    rows: dict[Row, dict[str, Any]] = {(CODEBOOK, "codes", c.id): c.to_doc() for c in codes.values()}
    for item in coding:
        rows.update({(item.statement, "highlights", h.id): h.to_doc() for h in item.highlights})
        if item.marks is not None:
            rows[(item.statement, "statement", item.statement)] = item.marks.to_doc()
    return rows


def _apply(rows: dict[Row, dict[str, Any]], change: Change) -> dict[Row, dict[str, Any]]:
    """``change`` applied to ``rows``, checking that each mutation's "before" is the row as it is."""
    out = dict(rows)
    for m in change.mutations:
        row = (m.file, m.table, m.key)
        assert out.get(row) == m.before, f"{row}: the change's before is not the row"
        if m.after is None:
            out.pop(row, None)
        else:
            out[row] = m.after
    return out


def _codebook(rows: dict[Row, dict[str, Any]]) -> dict[str, Code]:
    return {key: Code.from_doc(doc) for (file, table, key), doc in rows.items() if table == "codes"}


A = Code("a", "Alpha", "#d9534f", key="1")
B = Code("b", "Beta", "#5cb85c", key="2", parent="a")
C = Code("c", "Gamma", "#5bc0de", parent="b")


def test_add_code_checks_name_key_and_parent_and_builds_one_mutation() -> None:
    codes = _codes(A, B)
    edit = add_code(codes, "n", "  New   theme ", key="3", parent="b")
    assert edit.code == Code("n", "New theme", edit.code.color, key="3", parent="b")
    assert edit.code.color not in {A.color, B.color}
    assert edit.change.description == "add code New theme"
    assert [(m.file, m.table, m.key, m.before, m.after) for m in edit.change.mutations] == [
        (CODEBOOK, "codes", "n", None, edit.code.to_doc())
    ]
    for kwargs, message in [
        ({"name": "alpha"}, "already exists"),
        ({"name": "X", "key": "1"}, "Key 1 is already used by “Alpha”"),
        ({"name": "X", "parent": "nope"}, "no parent code"),
        ({"name": "X", "color": "blurple"}, "not a colour"),
    ]:
        with pytest.raises(CodebookError, match=message):
            add_code(codes, "x", **kwargs)


def test_an_id_already_in_the_codebook_is_refused() -> None:
    with pytest.raises(CodebookError, match="already"):
        add_code(_codes(A), "a", "Other")


def test_rename_recolour_and_key_change_only_that_code() -> None:
    codes = _codes(A, B)
    renamed = update_code(codes, "b", name="Beta two", color="#ABC", key=None)
    assert renamed.code == replace(B, name="Beta two", color="#aabbcc", key=None)
    assert renamed.change.description == "change color, key, name of Beta"
    (m,) = renamed.change.mutations
    assert (m.before, m.after) == (B.to_doc(), renamed.code.to_doc())
    assert update_code(codes, "b", name="beta").code.name == "beta"  # its own name in another case is fine
    with pytest.raises(CodebookError, match="Key 1 is already used"):
        update_code(codes, "b", key="1")
    with pytest.raises(CodebookError, match="own ancestor"):
        update_code(_codes(A, B, C), "a", parent="c")
    with pytest.raises(CodebookError, match="no code with id"):
        update_code(codes, "zz", name="Z")


def test_delete_refuses_a_used_code_unless_forced_and_removes_its_uses() -> None:
    codes = _codes(A, B, C)
    coding = [
        StatementCoding("s1", (_highlight("h1", "s1", ("b",)), _highlight("h2", "s1", ("b", "a")), _highlight("h3", "s1", ("b",), note="why"))),
        StatementCoding("s2", (), StatementMarks("s2", ("b",), "memo")),
    ]
    with pytest.raises(CodebookError, match=r"“Beta” is used 4 times \(used by 3 highlights in 1 statement and as a label of 1 statement\)"):
        delete_code(codes, "b", coding)
    edit = delete_code(codes, "b", coding, force=True)
    after = _apply(_rows(codes, coding), edit.change)
    assert ("s1", "highlights", "h1") not in after  # left with no code and no note: removed
    assert after[("s1", "highlights", "h2")]["labels"] == ["a"]
    assert after[("s1", "highlights", "h3")]["labels"] == [] and after[("s1", "highlights", "h3")]["note"] == "why"
    assert after[("s2", "statement", "s2")]["labels"] == []
    assert _codebook(after) == _codes(A, replace(C, parent=None))  # its child moves up to the top
    assert edit.change.description == "delete code Beta"
    assert delete_code(codes, "c", coding).change.mutations[-1].after is None  # unused: no force needed


def test_merge_into_a_code_below_it_makes_no_cycle() -> None:
    codes = _codes(A, B, C)
    coding = [StatementCoding("s1", (_highlight("h1", "s1", ("a", "c")),))]
    edit = merge_codes(codes, "a", "c", coding)
    after = _apply(_rows(codes, coding), edit.change)
    assert _codebook(after) == _codes(replace(B, parent="c"), replace(C, parent=None))
    assert edit.code == replace(C, parent=None)  # the target as it is afterwards
    assert after[("s1", "highlights", "h1")]["labels"] == ["c"]
    with pytest.raises(CodebookError, match="into itself"):
        merge_codes(codes, "a", "a", coding)


def test_usage_from_the_summary_says_what_a_deletion_touches() -> None:
    summary = {
        "s1": StatementSummary(highlights=2, codes={"a": 2}),
        "s2": StatementSummary(highlights=1, labels=("a",), codes={"a": 1}),
        "s3": StatementSummary(labels=("a",)),
    }
    usage = usage_in_summary(summary, "a")
    assert usage == CodeUsage(3, 2, 2) and usage.total == 5
    assert usage.sentence() == "used by 3 highlights in 2 statements and as a label of 2 statements"
    assert usage_in_summary(summary, "b").sentence() == "not used"
    assert CodeUsage(0, 0, 1).sentence() == "used as a label of 1 statement"


# ---------------------------------------------------------------- properties

IDS = [f"c{i}" for i in range(6)]


@st.composite
def codebooks(draw: st.DrawFn) -> dict[str, Code]:
    """Random forests: each code's parent is one made before it (or none)."""
    n = draw(st.integers(2, len(IDS)))
    codes: dict[str, Code] = {}
    for i, cid in enumerate(IDS[:n]):
        parent = draw(st.sampled_from([None, *IDS[:i]]))
        codes[cid] = Code(cid, f"Code {i}", "#d9534f", parent=parent)
    return codes


@st.composite
def codings(draw: st.DrawFn, codes: dict[str, Code]) -> list[StatementCoding]:
    ids = sorted(codes)
    out = []
    for s in range(draw(st.integers(0, 3))):
        sid = f"s{s}"
        highlights = tuple(
            _highlight(f"{sid}h{k}", sid, tuple(draw(st.lists(st.sampled_from(ids), unique=True, max_size=3))), draw(st.sampled_from(["", "why"])))
            for k in range(draw(st.integers(0, 4)))
        )
        labels = draw(st.none() | st.lists(st.sampled_from(ids), unique=True, max_size=2))
        marks = StatementMarks(sid, tuple(labels)) if labels is not None else None
        out.append(StatementCoding(sid, highlights, marks))
    return out


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_merging_or_deleting_never_makes_a_cycle_and_undo_restores_exactly(data: st.DataObject) -> None:
    codes = data.draw(codebooks())
    coding = data.draw(codings(codes))
    source = data.draw(st.sampled_from(sorted(codes)))
    target = data.draw(st.sampled_from([None, *(c for c in sorted(codes) if c != source)]))
    edit = merge_codes(codes, source, target, coding) if target else delete_code(codes, source, coding, force=True)
    before = _rows(codes, coding)
    after = _apply(before, edit.change)
    codebook = _codebook(after)
    assert source not in codebook and set(codebook) == set(codes) - {source}
    assert find_parent_cycle({c.id: c.parent for c in codebook.values()}) is None
    assert all(c.parent is None or c.parent in codebook for c in codebook.values())  # no parent left dangling
    for row, doc in after.items():
        if row[1] != "codes":
            assert source not in doc["labels"]
            assert len(doc["labels"]) == len(set(doc["labels"]))
            if row[1] == "highlights" and source in before[row]["labels"]:
                assert doc["labels"] or doc["note"]  # the edit leaves no highlight empty
    if target:
        assert edit.code == codebook[target]
    assert _apply(after, edit.change.inverse()) == before  # undo: exactly as before


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_reparenting_is_refused_or_leaves_no_cycle(data: st.DataObject) -> None:
    codes = data.draw(codebooks())
    child = data.draw(st.sampled_from(sorted(codes)))
    parent = data.draw(st.sampled_from([None, *sorted(codes)]))
    try:
        edit = update_code(codes, child, parent=parent)
    except CodebookError as exc:
        assert "own ancestor" in str(exc)
        return
    after = _codebook(_apply(_rows(codes, []), edit.change))
    assert find_parent_cycle({c.id: c.parent for c in after.values()}) is None
    assert after[child].parent == parent
