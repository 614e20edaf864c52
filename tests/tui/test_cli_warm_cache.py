"""Every corpus command answers from the cache where it can; a file changed, added or
removed since the cache was warm is still seen by each of them."""

from __future__ import annotations

import json
from pathlib import Path

# Every command answers from the cache where it can; a file changed, added or removed
# since the cache was warm must still be seen by each of them.

_BEFORE = {
    "a.txt": "Mr. A (Alpha): Old words here.",
    "b.txt": "Ms. B (Beta): Going words, soon gone.",
    "c.txt": "Mr. C (Gamma): Stays the same.",
}
_CHANGED = "Ms. Changed (Delta): Fresh words, and a longer text now."
_ADDED = "Mr. D (Epsilon): Newly added words."


def _warm_then_change(run, make_corpus, *warm: tuple[str, ...]) -> Path:
    """A corpus whose cache each ``warm`` command filled; then a.txt changed, b.txt gone, d.txt new."""
    import os

    root = make_corpus(_BEFORE)
    for args in warm:
        assert run(*args, "--corpus", str(root)).exit_code == 0
    (root / "a.txt").write_text(_CHANGED)
    os.utime(root / "a.txt", ns=(10**18, 10**18))
    (root / "b.txt").unlink()
    (root / "d.txt").write_text(_ADDED)
    return root


def test_statements_after_a_warm_cache_see_every_change(run, make_corpus) -> None:
    root = _warm_then_change(run, make_corpus, ("statements", "--json"), ("search", "words"))
    result = run("statements", "--corpus", str(root), "--json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a.txt", "c.txt", "d.txt"]
    assert (rows[0]["speaker"], rows[0]["affiliation"]) == ("Ms. Changed", "Delta")
    assert [r["length"] for r in rows] == [len(_CHANGED.split(": ", 1)[1]), len("Stays the same."), len("Newly added words.")]
    assert rows[2]["size"] == len(_ADDED)
    plain = run("statements", "--corpus", str(root)).stdout.splitlines()
    assert [line.split("\t")[:2] for line in plain] == [["a.txt", "Ms. Changed"], ["c.txt", "Mr. C"], ["d.txt", "Mr. D"]]


def test_info_after_a_warm_cache_sees_every_change(run, make_corpus) -> None:
    root = _warm_then_change(run, make_corpus, ("info",), ("statements",))
    (root / "e.txt").write_bytes(b"")  # skipped: empty
    out = run("info", "--corpus", str(root)).stdout
    assert "statements:  3" in out and "skipped:     1" in out
    size = sum((root / name).stat().st_size for name in ("a.txt", "c.txt", "d.txt"))
    assert f"size:        {size / 1e6:.1f} MB" in out


def test_search_after_a_warm_cache_sees_every_change(run, make_corpus) -> None:
    root = _warm_then_change(run, make_corpus, ("search", "words"))
    result = run("search", "words", "--corpus", str(root), "--json")
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(h["statement"] for h in hits) == ["a.txt", "d.txt"]
    assert any("Fresh words" in h["context"] for h in hits)
    assert {h["speaker"] for h in hits} == {"Ms. Changed", "Mr. D"}
    gone = run("search", '"soon gone"', "--corpus", str(root), "--json")
    assert gone.stdout == "" and "no hits" in gone.stderr
    assert run("search", "speaker:changed", "--corpus", str(root), "--json").stdout.count("\n") == 1


def test_text_after_a_warm_cache_sees_every_change(run, make_corpus) -> None:
    import os

    root = _warm_then_change(run, make_corpus, ("text", "a.txt"), ("text", "b.txt"), ("search", "words"))
    assert run("text", "a.txt", "--corpus", str(root)).stdout == _CHANGED.split(": ", 1)[1] + "\n"
    assert run("text", "d.txt", "--corpus", str(root)).stdout == "Newly added words.\n"
    gone = run("text", "b.txt", "--corpus", str(root))
    assert gone.exit_code != 0 and "There is no statement with id 'b.txt'" in gone.stderr
    # The same size, another time: still read again.
    (root / "c.txt").write_text("Mr. C (Gamma): Stays the SAME.")
    os.utime(root / "c.txt", ns=(2 * 10**18, 2 * 10**18))
    assert run("text", "c.txt", "--corpus", str(root)).stdout == "Stays the SAME.\n"
    (root / "c.txt").write_bytes(b"")  # now empty: no longer a statement
    empty = run("text", "c.txt", "--corpus", str(root))
    assert empty.exit_code != 0 and "There is no statement with id 'c.txt'" in empty.stderr
