"""Metadata from file names and from a metadata table."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import open_corpus
from corpus.errors import CorpusError
from corpus.filenames import metadata_from_path


@pytest.mark.parametrize(
    ("statement_id", "expected"),
    [
        ("UNSC_2020_SPV.8699_spch005.txt", {"source": "UNSC", "year": 2020, "meeting": "S/PV.8699", "speech": 5}),
        ("UNSC_2014_SPV.7180Resumption1_spch012.txt", {"source": "UNSC", "year": 2014, "meeting": "S/PV.7180", "resumption": 1, "speech": 12}),
        ("UNSC_2020_SPV.2020_791_spch001.txt", {"source": "UNSC", "year": 2020, "meeting": "S/2020/791", "videoconference": True, "speech": 1}),
        ("Session 46 - 1991/AFG_46_1991.txt", {"source": "UNGD", "country": "AFG", "session": 46, "year": 1991}),
        ("Session 46 - 1991/speech.txt", {"session": 46, "year": 1991}),
        ("notes/anything.txt", {}),
    ],
)
def test_metadata_from_names(statement_id: str, expected: dict) -> None:
    assert metadata_from_path(statement_id) == expected


def test_general_debate_affiliation_comes_from_the_path(make_corpus) -> None:
    root = make_corpus({"Session 46 - 1991/AFG_46_1991.txt": "At the outset I wish to convey."})
    (statement,) = open_corpus(root).statements
    assert statement.speaker is None
    assert statement.affiliation == "AFG"


def test_metadata_table_is_joined_on_filename(make_corpus, tmp_path: Path) -> None:
    root = make_corpus({"speeches/UNSC_2020_SPV.8698_spch004.txt": "Mr. Chambas: I am honoured."})
    table = tmp_path / "speaker.tsv"
    table.write_text("filename\tspeaker\tcountry\trole_in_un\nUNSC_2020_SPV.8698_spch004.txt\tMohamed Ibn Chambas\t\tUN official\n")
    (statement,) = open_corpus(root, metadata=table).statements
    assert statement.meta["role_in_un"] == "UN official"
    assert statement.meta["speaker"] == "Mohamed Ibn Chambas"
    assert statement.speaker == "Mr. Chambas"  # the speaker line wins; the table fills gaps
    assert "country" not in statement.meta  # empty cells are not metadata


def test_bad_metadata_table_is_one_clear_error(make_corpus, tmp_path: Path) -> None:
    root = make_corpus({"a.txt": "Text."})
    table = tmp_path / "bad.tsv"
    table.write_text("name,speaker\n")
    with pytest.raises(CorpusError, match="no 'filename' column"):
        open_corpus(root, metadata=table)
    with pytest.raises(CorpusError, match="Cannot read the metadata table"):
        open_corpus(root, metadata=tmp_path / "missing.tsv")
