"""``margin search`` with filters: quoted values, negation, filters alone, counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotations.store import open_store
from corpus import open_corpus
from tui.main import cli

FILES = {
    "UNSC_2015_SPV.7000_spch001.txt": "Mr. Zhang Jun (China): Peace and regional cooperation against human trafficking.",
    "UNSC_2016_SPV.7001_spch002.txt": "Mr. Nebenzia (Russian Federation): Peace talks.\n\nMore peace.",
    "UNSC_2017_SPV.7002_spch003.txt": "Ms. Jun (Russia): Nothing about it.",
}
A, B, C = sorted(FILES)


@pytest.fixture
def world(make_corpus, tmp_path: Path):
    root = make_corpus(FILES)
    corpus = open_corpus(root)
    db = tmp_path / "db"
    store = open_store(root, db, coder="tester")
    code = store.add_code("Human trafficking")
    store.add_code("Regional cooperation")
    text = corpus.text(A)
    start = text.reading_text.index("human trafficking")
    store.add_highlight(text, start, start + len("human trafficking"), [code.id])
    store.mark_read(B)
    store.close()
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(cli, ["search", *args, "--corpus", str(root), "--db", str(db), "--json"], catch_exceptions=False)

    return run


def _statements(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [json.loads(line)["statement"] for line in result.stdout.splitlines()]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('code:"Human trafficking"', [A]),
        ("code:human_trafficking", [A]),
        ('-code:"Human trafficking"', [B, C]),
        ('code:"Regional cooperation"', []),
        ("is:coded", [A]),
        ("is:uncoded", [B, C]),
        ("is:read", [B]),
        ("-is:read", [A, C]),
        ('affiliation:"Russian Federation"', [B]),
        ('speaker:"zhang jun"', [A]),
        ("year:2016-2017 -speaker:jun", [B]),
        ('peace -affiliation:"Russian Federation"', [A]),
        ('peace is:read', [B, B]),
    ],
)
def test_filters_with_and_without_words(world, query: str, expected: list[str]) -> None:
    assert _statements(world(query)) == expected


def test_code_filter_without_a_store_finds_nothing(make_corpus, tmp_path: Path) -> None:
    root = make_corpus(FILES)
    result = CliRunner().invoke(cli, ["search", "code:x", "--corpus", str(root), "--db", str(tmp_path / "none")])
    assert result.exit_code == 0 and result.stdout == ""
    assert "no hits" in result.stderr
    result = CliRunner().invoke(cli, ["search", "is:uncoded", "--corpus", str(root), "--db", str(tmp_path / "none")])
    assert len(result.stdout.splitlines()) == 3


@pytest.mark.parametrize(
    ("query", "message"),
    [("AND peace", "AND needs a word or phrase before it."), ('speaker:"open', "unclosed quote"), ("is:done", "is: takes")],
)
def test_bad_queries_are_one_sentence_on_stderr(world, query: str, message: str) -> None:
    result = world(query)
    assert result.exit_code != 0 and message in result.stderr and "Traceback" not in result.output
    assert "everything but" not in result.stderr


def test_a_limit_that_cuts_the_result_is_said_on_stderr(world) -> None:
    """3 hits of "peace" (1 in A, 2 in B): --limit 2 shows 2 and says so; 3 or 0 (all) say nothing."""
    cut = world("peace", "--limit", "2")
    assert len(_statements(cut)) == 2
    assert cut.stderr == "margin: Showing the first 2 hits; --limit N for more (--limit 0 for all).\n"
    for limit in ("3", "0"):
        result = world("peace", "--limit", limit)
        assert len(_statements(result)) == 3 and result.stderr == "", limit


def test_a_limit_that_cuts_statements_says_statements(world) -> None:
    result = world("year:2015-2017", "--limit", "1")
    assert _statements(result) == [A]
    assert "Showing the first statement; --limit N for more" in result.stderr


def test_the_default_limit_is_50_and_says_when_it_cuts(make_corpus) -> None:
    root = make_corpus({f"s{i:02}.txt": "Mr. A (B): peace peace peace." for i in range(20)})
    result = CliRunner().invoke(cli, ["search", "peace", "--corpus", str(root)])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 50
    assert "Showing the first 50 hits; --limit N for more (--limit 0 for all)." in result.stderr
