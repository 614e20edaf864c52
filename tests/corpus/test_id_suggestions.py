"""Suggestions for an id that is not in the corpus."""

from __future__ import annotations

from corpus.id_suggestions import closest_ids, did_you_mean

IDS = ["a/UNSC_2020_SPV.8698_spch012.txt", "a/UNSC_2020_SPV.8698_spch013.txt", "b/notes.md", "c/notes.txt"]


def test_the_id_without_its_extension_or_folder_comes_first() -> None:
    assert closest_ids("a/UNSC_2020_SPV.8698_spch012", IDS) == ["a/UNSC_2020_SPV.8698_spch012.txt"]
    assert closest_ids("UNSC_2020_SPV.8698_spch013.txt", IDS) == ["a/UNSC_2020_SPV.8698_spch013.txt"]
    assert closest_ids("b/notes", IDS) == ["b/notes.md"]
    assert closest_ids("A/unsc_2020_spv.8698_SPCH012.TXT", IDS) == ["a/UNSC_2020_SPV.8698_spch012.txt"]


def test_else_the_most_alike_and_nothing_when_nothing_is() -> None:
    assert sorted(closest_ids("a/UNSC_2020_SPV.8698_spch014.txt", IDS, limit=2)) == IDS[:2]
    assert closest_ids("zzzzzz", IDS) == []
    assert did_you_mean([]) == ""
    assert did_you_mean(["x"]) == "Did you mean 'x'?"
    assert did_you_mean(["x", "y", "z"]) == "Did you mean 'x', 'y' or 'z'?"
