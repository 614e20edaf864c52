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


def test_a_part_of_an_id_suggests_the_ids_that_hold_it() -> None:
    """``margin text spch010``: a fragment is too short to be alike any id by ratio, but
    the ids that contain it are what the user is after (in corpus order)."""
    ids = [f"UNSC_2020_SPV.{m}_spch{n:03}.txt" for m in (8698, 8699) for n in (9, 10, 11)]
    assert closest_ids("spch010", ids) == ["UNSC_2020_SPV.8698_spch010.txt", "UNSC_2020_SPV.8699_spch010.txt"]
    assert closest_ids("SPCH010", ids, limit=1) == ["UNSC_2020_SPV.8698_spch010.txt"]
    assert closest_ids("spch", ids) == ids[:3]  # many hold it: the first few, as listed
    assert closest_ids("", ids) == []
