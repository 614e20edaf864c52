"""The bundled sample (the user's own five statements) reads cleanly."""

from __future__ import annotations

import re

import pytest

from corpus import bundled_sample, open_corpus


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    corpus = open_corpus(None)
    return {s.id[:3]: corpus.reading_text(s.id) for s in corpus}


def test_sample_lists_five_statements_with_speakers() -> None:
    corpus = open_corpus(None)
    assert corpus.is_sample
    assert [s.id for s in corpus] == sorted(p.name for p in bundled_sample().glob("*.txt"))
    assert [(s.speaker, s.affiliation) for s in corpus] == [
        ("Mr. Umarov", "Kazakhstan"),
        ("Mr. Abdrakhmanov", "Kazakhstan"),
        ("Mr. Abdrakhmanov", "Kazakhstan"),
        ("Mr. Rakhmetullin", "Kazakhstan"),
        ("Mrs. Abylkassymova", "Kazakhstan"),
    ]


def test_speaker_line_is_not_reading_text(texts: dict[str, str]) -> None:
    assert texts["000"].startswith("Kazakhstan thanks the Peruvian presidency for highlighting")
    assert "(Kazakhstan):" not in texts["000"]


def test_no_single_line_break_remains(texts: dict[str, str]) -> None:
    for text in texts.values():
        assert not re.search(r"[^\n]\n[^\n]", text)
        assert "\n\n\n" not in text
        assert text == text.strip()


def test_compound_hyphens_kept_at_line_ends(texts: dict[str, str]) -> None:
    assert "the Special Representative of the Secretary-General on Sexual Violence" in texts["000"]
    assert "the United Nations zero-tolerance policy" in texts["001"]
    assert "local women at the grass-roots level." in texts["003"]
    assert "training, capacity-building and assistance" in texts["003"]
    assert "designing our gender-responsible policies" in texts["003"]


def test_page_break_in_mid_sentence_is_joined(texts: dict[str, str]) -> None:
    assert "recovery and reintegration, accompanied by humanitarian and development assistance" in texts["000"]


def test_paragraph_break_without_blank_line(texts: dict[str, str]) -> None:
    assert "women in conflict zones affected by climate change.\n\nMy country, Kazakhstan, accords" in texts["002"]


def test_run_together_words_are_split(texts: dict[str, str]) -> None:
    assert "especially of displaced, minority and rural women" in texts["000"]
    assert "\n\nAt the regional level, we are focusing on Afghanistan, with a multidimensional" in texts["000"]
    assert "violations of the terms of a ceasefire agreement." in texts["001"]
    assert "the Organization of Islamic Cooperation" in texts["001"]
    assert "conscious of the voices of women" in texts["003"]


def test_real_words_are_never_split(texts: dict[str, str]) -> None:
    joined = " ".join(texts.values())
    assert "peacebuilding" in joined
    assert "Afghanistan" in joined
    assert "peace building" not in joined
    assert "Afghan istan" not in joined


def test_space_inside_a_word_is_removed() -> None:
    from corpus import parse_bytes

    text = parse_bytes(b"The President: the region of West A frica and the Sahel is a region.").reading_text
    assert text == "the region of West Africa and the Sahel is a region."
    kept = parse_bytes(b"The President: I am a bout champion of a view.").reading_text
    assert kept == "I am a bout champion of a view."
