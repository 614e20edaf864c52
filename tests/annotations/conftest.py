"""Fixtures for the annotation tests: a small corpus and a store on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.store import AnnotationStore, open_store
from corpus import Corpus, open_corpus

TEXTS = {
    "a.txt": "Mr. A (Alpha): Women and peace matter. Trafficking in persons must end. Peacekeepers protect civilians.",
    "b/c.txt": "Ms. C (Gamma): Accountability is essential. Justice for survivors is essential too.",
    "a_b.txt": "The President: I thank the speaker.",
}


@pytest.fixture
def corpus(make_corpus) -> Corpus:
    return open_corpus(make_corpus(TEXTS))


@pytest.fixture
def store(corpus: Corpus, tmp_path: Path) -> AnnotationStore:
    s = open_store(corpus.root, tmp_path / "store", coder="tester")
    yield s
    s.close()


@pytest.fixture
def coded(store: AnnotationStore) -> AnnotationStore:
    """A store with three codes."""
    store.add_code("Women, peace and security", key="1")
    store.add_code("Human trafficking", key="2")
    store.add_code("Peacekeeping", key="3")
    store.history = type(store.history)()  # start the tests with an empty undo history
    return store
