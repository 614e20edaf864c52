"""Fuzzing the importers (issue 11): mutated valid exports import, or are refused cleanly.

Every input either imports (and importing it again changes nothing), or is refused
with one sentence (an ``AnnotationError``, never another exception) and the store
byte for byte unchanged. The number of examples is bounded so this runs in CI.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.errors import AnnotationError
from annotations.export import export_document
from annotations.importer import codebook_entries_from, import_export_file
from annotations.store import AnnotationStore, open_store

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 10**6) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12) | st.sampled_from(["", "a.txt", "b/c.txt", "../x", "Peacekeeping", "#fff", "blue", "1", "2026-01-01T00:00:00Z"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _paths(value: Any, here: tuple = ()) -> list[tuple]:
    """Every place in a JSON document (the root excluded)."""
    out = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        out.append(here + (key,))
        out.extend(_paths(child, here + (key,)))
    return out


def _mutate(document: dict, data) -> dict:
    document = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        paths = _paths(document)
        if not paths:
            break
        path = data.draw(st.sampled_from(paths), label="path")
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        action = data.draw(st.sampled_from(["delete", "replace", "duplicate", "copy from elsewhere"]), label="action")
        if action == "delete":
            del parent[key]
        elif action == "replace":
            parent[key] = data.draw(JSON, label="value")
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        else:  # a value of the right shape from another place: ids, names and offsets mixed up
            other = data.draw(st.sampled_from(paths), label="source")
            value = document
            for k in other:
                value = value[k]
            parent[key] = copy.deepcopy(value)
    return document


def _store_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in (".lock", "lock-owner.json")}


@pytest.fixture
def seeded(corpus, tmp_path: Path) -> tuple[dict, Path]:
    """A valid export made elsewhere, and a store in use to import it into."""
    with open_store(corpus.root, tmp_path / "elsewhere", coder="other") as other:
        top = other.add_code("Peacekeeping", key="3")
        child = other.add_code("Protection of civilians", parent=top.id)
        other.add_code("Accountability", color="#aabbcc")
        other.add_highlight(corpus.text("a.txt"), 0, 5, [top.id], note="n1")
        other.add_highlight(corpus.text("a.txt"), 3, 20, [child.id])
        other.add_highlight(corpus.text("b/c.txt"), 0, 14, [top.id, child.id])
        other.toggle_statement_label("b/c.txt", top.id)
        other.set_statement_note("a_b.txt", "memo")
        document = export_document(other, corpus)
    base = tmp_path / "base"
    with open_store(corpus.root, base, coder="tester") as store:
        one = store.add_code("Women, peace and security", key="1")
        store.add_code("Peacekeeping")
        store.add_highlight(corpus.text("a.txt"), 0, 5, [one.id], note="local")
        store.toggle_statement_label("b/c.txt", one.id)
    return document, base


def _check_refusal(exc: AnnotationError, folder: Path, before: dict[str, bytes]) -> None:
    message = str(exc)
    assert message and "\n" not in message and message.rstrip("”").endswith((".", ")")), message
    assert "Traceback" not in message
    assert _store_bytes(folder) == before


@FUZZ
@given(data=st.data())
def test_mutated_exports_import_or_are_refused_cleanly(corpus, seeded, tmp_path_factory, data) -> None:
    document, base = seeded
    folder = tmp_path_factory.mktemp("fuzz") / "store"
    shutil.copytree(base, folder)
    path = folder.parent / "export.json"
    path.write_bytes(orjson.dumps(_mutate(document, data)))
    before = _store_bytes(folder)
    with AnnotationStore(folder, coder="tester") as store:
        try:
            import_export_file(path, corpus, store)
        except AnnotationError as exc:
            _check_refusal(exc, folder, before)
            return
        once = _store_bytes(folder)
        again = import_export_file(path, corpus, store)
        assert (again.highlights_added, again.highlights_updated, again.statements_changed, again.codes_added) == (0, 0, 0, 0)
        assert _store_bytes(folder) == once  # importing twice changes nothing the second time


@FUZZ
@given(data=st.data())
def test_mutated_codebooks_import_or_are_refused_cleanly(seeded, tmp_path_factory, data) -> None:
    document, base = seeded
    codebook = {"format": "margin.codebook", "version": 1, "codebook": document["codebook"]}
    folder = tmp_path_factory.mktemp("fuzz") / "store"
    shutil.copytree(base, folder)
    path = folder.parent / "codebook.json"
    path.write_bytes(orjson.dumps(_mutate(codebook, data)))
    before = _store_bytes(folder)
    with AnnotationStore(folder, coder="tester") as store:
        try:
            store.import_codebook_entries(codebook_entries_from(orjson.loads(path.read_bytes()), path))
        except AnnotationError as exc:
            _check_refusal(exc, folder, before)
            return
        once = _store_bytes(folder)
        assert store.import_codebook_entries(codebook_entries_from(orjson.loads(path.read_bytes()), path)) == (0, 0)
        assert _store_bytes(folder) == once
