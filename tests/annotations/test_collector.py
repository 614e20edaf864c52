"""Bulk jobs pause the cycle collector and always give it back as it was."""

from __future__ import annotations

import gc

import pytest

from annotations.collector import paused_collector


def test_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with paused_collector():
        assert not gc.isenabled()
        with paused_collector():  # nested: still paused, and the outer one restores
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restored_after_an_error() -> None:
    with pytest.raises(ValueError):
        with paused_collector():
            raise ValueError("bad file")
    assert gc.isenabled()


def test_left_off_if_it_was_off() -> None:
    gc.disable()
    try:
        with paused_collector():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_export_runs_with_the_collector_paused(monkeypatch, tmp_path) -> None:
    from annotations import export
    from annotations.store import AnnotationStore
    from corpus import open_corpus

    seen = []
    real = export._export_document

    def spy(store, corpus):
        seen.append(gc.isenabled())
        return real(store, corpus)

    monkeypatch.setattr(export, "_export_document", spy)
    corpus = open_corpus(None)
    store = AnnotationStore(tmp_path / "db", readonly=False)
    try:
        document = export.export_document(store, corpus)
    finally:
        store.close()
    assert seen == [False] and gc.isenabled()
    assert document["statements"] == []
