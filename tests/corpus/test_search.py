"""Corpus search: FTS5 finds what a plain regular expression finds."""

from __future__ import annotations

import os
import random
import re

import pytest

from corpus import open_corpus
from corpus.search import QueryError, parse_query, search

WORDS = ["peace", "peacekeeping", "women", "security", "Council", "trafficking", "traffic",
         "the", "of", "and", "Secretary-General", "sexual", "violence", "justice", "Sahel", "régime"]
PUNCT = [" ", " ", " ", ", ", ". ", "; ", " (", ") ", " - ", "\n\n"]


def _generated(make_corpus, n: int = 40, seed: int = 7):
    rng = random.Random(seed)
    files = {}
    for i in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(20, 120))]
        body = "".join(w + rng.choice(PUNCT) for w in words)
        speaker = rng.choice(["Mr. A (Alpha)", "Ms. B (Beta)", "The President"])
        year = 2010 + i % 5
        files[f"UNSC_{year}_SPV.{7000 + i}_spch001.txt"] = f"{speaker}: {body.strip()}."
    corpus = open_corpus(make_corpus(files))
    corpus.ensure_texts()
    return corpus


def _regex_hits(corpus, pattern: str) -> set[tuple[str, int, int]]:
    rx = re.compile(pattern, re.IGNORECASE)
    return {(s.id, m.start(), m.end()) for s in corpus for m in rx.finditer(corpus.reading_text(s.id))}


def _hits(corpus, query: str) -> set[tuple[str, int, int]]:
    return {(h.statement, h.start, h.end) for h in search(corpus, query, limit=None)}


@pytest.mark.parametrize(
    ("query", "pattern"),
    [
        ("peace", r"\bpeace\b"),
        ("PEACE", r"\bpeace\b"),
        ("traffic*", r"\btraffic\w*"),
        ('"sexual violence"', r"\bsexual\W+violence\b"),
        ('"women security"', r"\bwomen\W+security\b"),
        ("Secretary-General", r"\bsecretary\W+general\b"),
        ("régime", r"\brégime\b"),
    ],
)
def test_search_finds_what_a_regex_finds(make_corpus, query: str, pattern: str) -> None:
    corpus = _generated(make_corpus)
    expected = _regex_hits(corpus, pattern)
    assert expected, "the generated corpus should contain the term"
    assert _hits(corpus, query) == expected


def test_boolean_operators_pick_statements(make_corpus) -> None:
    corpus = _generated(make_corpus)
    texts = {s.id: corpus.reading_text(s.id).casefold() for s in corpus}

    def has(word: str, text: str) -> bool:
        return re.search(rf"\b{word}\b", text) is not None

    def statements(query: str) -> set[str]:
        return {h.statement for h in search(corpus, query, limit=None)}

    assert statements("peace sahel") == {i for i, t in texts.items() if has("peace", t) and has("sahel", t)}
    assert statements("peace OR sahel") == {i for i, t in texts.items() if has("peace", t) or has("sahel", t)}
    assert statements("peace AND NOT sahel") == {i for i, t in texts.items() if has("peace", t) and not has("sahel", t)}
    assert statements("(justice OR sahel) NOT peace") == {
        i for i, t in texts.items() if (has("justice", t) or has("sahel", t)) and not has("peace", t)
    }
    # A NOT term is never marked as a hit.
    assert all(h.match.casefold() == "peace" for h in search(corpus, "peace NOT sahel", limit=None))


def test_filters_and_ranking(make_corpus) -> None:
    corpus = _generated(make_corpus)
    hits = list(search(corpus, "justice speaker:president year:2011-2012", limit=None))
    assert hits
    for h in hits:
        statement = corpus.get(h.statement)
        assert statement.speaker == "The President" and 2011 <= statement.year <= 2012
    ranks = [h.rank for h in hits]
    assert ranks == sorted(ranks)
    allowed = {hits[0].statement}
    assert {h.statement for h in search(corpus, "justice", limit=None, allowed=allowed)} == allowed


def test_context_and_limit(make_corpus) -> None:
    corpus = _generated(make_corpus)
    (hit,) = list(search(corpus, "justice", limit=1))
    text = corpus.reading_text(hit.statement)
    assert text[hit.start:hit.end].casefold() == "justice"
    assert hit.context == (hit.left + hit.match + hit.right) and "\n" not in hit.context
    assert hit.match in hit.context and len(hit.left) <= 40 and len(hit.right) <= 40


def test_index_follows_changed_files(make_corpus) -> None:
    root = make_corpus({"a.txt": "Mr. A (B): The word zebra appears here.", "b.txt": "Ms. C (D): Nothing."})
    corpus = open_corpus(root)
    corpus.ensure_texts()
    assert _hits(corpus, "zebra") == {("a.txt", 9, 14)}
    (root / "a.txt").write_text("Mr. A (B): Now only a giraffe.")
    os.utime(root / "a.txt", ns=(9, 9))
    (root / "b.txt").unlink()
    corpus = open_corpus(root)
    corpus.ensure_texts()
    assert _hits(corpus, "zebra") == set()
    assert _hits(corpus, "giraffe") == {("a.txt", 11, 18)}
    assert _hits(corpus, "nothing") == set()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"open', "unclosed quote"),
        ("NOT peace", "needs a term before it"),
        ("peace OR", "ends with an operator"),
        ("(peace", "unbalanced"),
        ("peace)", "unbalanced"),
        ("year:nineties", "year: takes a year"),
        ("speaker:", "needs a value"),
    ],
)
def test_bad_queries_are_one_sentence(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(query)


def test_query_without_words_is_refused(make_corpus) -> None:
    corpus = open_corpus(make_corpus({"a.txt": "Text."}))
    with pytest.raises(QueryError, match="no word"):
        list(search(corpus, "speaker:x"))


@pytest.mark.parametrize("query", ["peace", "traffic*", '"sexual violence"', "women OR Sahel", "security NOT peace"])
def test_ranking_halves_in_two_threads_gives_the_single_query_order(make_corpus, monkeypatch, query: str) -> None:
    from corpus import search as search_module

    corpus = _generated(make_corpus, n=60)
    monkeypatch.setattr(search_module, "_HALVES_FROM", 10**12)
    single = [(h.statement, h.start) for h in search(corpus, query, limit=25)]
    monkeypatch.setattr(search_module, "_HALVES_FROM", 0)  # as on a large corpus
    used: list[object] = []
    real = search_module._ranked_in_halves
    monkeypatch.setattr(search_module, "_ranked_in_halves", lambda *a: used.append(real(*a)) or used[-1])
    halves = [(h.statement, h.start) for h in search(corpus, query, limit=25)]
    assert used and used[0] is not None  # the two-thread ranking ran
    assert halves == single and single
