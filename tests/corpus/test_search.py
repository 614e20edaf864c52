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
        ("NOT peace", "NOT needs a word or phrase before it"),
        ("-peace", "-peace needs a word or phrase before it"),
        ("peace OR", "ends with OR"),
        ("(peace", "unbalanced"),
        ("peace)", "unbalanced"),
        ("year:nineties", "year: takes a year"),
        ("speaker:", "needs a value"),
        ('speaker:""', "needs a value"),
        ("-code:", "-code: needs a value"),
        ("is:done", "is: takes coded, uncoded, read, unread"),
    ],
)
def test_bad_queries_are_one_sentence(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(query)


def test_query_without_words_or_filters_is_refused(make_corpus) -> None:
    corpus = open_corpus(make_corpus({"a.txt": "Text."}))
    for query in ("", "  ", "--", "()"):
        with pytest.raises(QueryError):
            list(search(corpus, query))


def test_minus_word_is_not(make_corpus) -> None:
    corpus = _generated(make_corpus)
    assert _statements(corpus, "peace -sahel") == _statements(corpus, "peace NOT sahel")
    assert _statements(corpus, 'peace -"sexual violence"') == _statements(corpus, 'peace NOT "sexual violence"')


@pytest.mark.parametrize("query", ["peace", "traffic*", '"sexual violence"', "women OR Sahel", "security NOT peace"])
def test_ranking_halves_in_two_threads_gives_the_single_query_order(make_corpus, monkeypatch, query: str) -> None:
    from corpus import fts as search_module

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


# --- quoted filter values, negated filters, filter-only queries (issue 10 item 9) -----------

def _people(make_corpus):
    files = {
        "a.txt": "Mr. Zhang Jun (China): Peace in the region and regional cooperation.",
        "b.txt": "Mr. Nebenzia (Russian Federation): Peace talks and more peace.",
        "c.txt": "Ms. Zhang (Russia): Nothing about it here.",
        "d.txt": "Mr. Jun Zhang (Federation of Russia): Peace at last.",
    }
    corpus = open_corpus(make_corpus(files))
    corpus.ensure_texts()
    return corpus


def _statements(corpus, query: str) -> set[str]:
    return {h.statement for h in search(corpus, query, limit=None)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('peace affiliation:"Russian Federation"', {"b.txt"}),
        ('peace speaker:"zhang jun"', {"a.txt"}),
        ('peace country:"russian federation"', {"b.txt"}),
        ('peace -affiliation:"Russian Federation"', {"a.txt", "d.txt"}),
        ("peace -speaker:zhang", {"b.txt"}),
        ("peace -year:2015", {"a.txt", "b.txt", "d.txt"}),
    ],
)
def test_quoted_and_negated_filter_values(make_corpus, query: str, expected: set[str]) -> None:
    assert _statements(_people(make_corpus), query) == expected


def test_a_filter_alone_lists_each_matching_statement_once(make_corpus) -> None:
    corpus = _people(make_corpus)
    hits = list(search(corpus, 'speaker:"zhang"', limit=None))
    assert [h.statement for h in hits] == ["a.txt", "c.txt", "d.txt"]  # list order, one each
    for h in hits:
        text = corpus.reading_text(h.statement)
        # The hit is the statement's first line, at most 80 characters and cut after a word.
        line = text.split("\n", 1)[0]
        assert h.start == 0 and h.match == text[: h.end] and line.startswith(h.match)
        assert h.end == len(line) or (h.end <= 80 and line[h.end] == " " and " " not in line[h.end + 1 : 81])
    assert _statements(corpus, "-speaker:zhang") == {"b.txt"}
    assert _statements(corpus, "speaker:zhang", ) == {"a.txt", "c.txt", "d.txt"}
    allowed = {"c.txt"}
    assert {h.statement for h in search(corpus, "speaker:zhang", limit=None, allowed=allowed)} == allowed
    assert len(list(search(corpus, "speaker:zhang", limit=2))) == 2


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("AND peace", "AND needs a word or phrase before it"),
        ("OR peace", "OR needs a word or phrase before it"),
        ("peace AND", "ends with AND"),
        ("peace AND OR war", "OR needs a word or phrase before it"),
    ],
)
def test_bare_operators_say_what_is_wrong(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message) as info:
        parse_query(query)
    assert "everything but" not in str(info.value)


@pytest.mark.parametrize("key", ["speaker", "affiliation", "country", "year", "code", "is"])
def test_every_filter_takes_a_quoted_value(key: str) -> None:
    value = "2015" if key == "year" else ("read" if key == "is" else "two words")
    query = parse_query(f'{key}:"{value}"')
    assert [(f.key, f.value) for f in query.filters] == [("affiliation" if key == "country" else key, value)]
    assert not query.terms


def test_a_long_first_line_is_cut_after_a_word(make_corpus) -> None:
    words = " ".join(f"word{i}" for i in range(40))
    corpus = open_corpus(make_corpus({"long.txt": f"Mr. Long (Somewhere): {words}.\n\nSecond paragraph."}))
    corpus.ensure_texts()
    (hit,) = list(search(corpus, "speaker:long"))
    text = corpus.reading_text("long.txt")
    assert hit.start == 0 and 70 < hit.end <= 80 and text[hit.end] == " " and hit.match == text[: hit.end]
