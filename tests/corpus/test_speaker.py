"""The speaker line: who speaks, for whom, in which language."""

from __future__ import annotations

import pytest

from corpus.speaker import parse_speaker_line


@pytest.mark.parametrize(
    ("line", "speaker", "affiliation", "spoke_in"),
    [
        ("Mr. Umarov (Kazakhstan): Kazakhstan thanks", "Mr. Umarov", "Kazakhstan", None),
        ("The President (spoke in French): I thank", "The President", None, "French"),
        ("Mr. Zhang Jun (China) (spoke in Chinese): China", "Mr. Zhang Jun", "China", "Chinese"),
        ("Ms. DiCarlo: Thank you", "Ms. DiCarlo", None, None),
        ("The Secretary-General: I", "The Secretary-General", None, None),
        ("Sheikha Alya Ahmed Saif Al-Thani (Qatar) (spoke in Arabic): At", "Sheikha Alya Ahmed Saif Al-Thani", "Qatar", "Arabic"),
        ("Dame Karen Pierce (United Kingdom): Thank", "Dame Karen Pierce", "United Kingdom", None),
        ("Archbishop Auza (Holy See): The", "Archbishop Auza", "Holy See", None),
        ("Prince Zeid Ra'ad Al Hussein: I", "Prince Zeid Ra'ad Al Hussein", None, None),
        ("Mr. Pecsteen de Buytswerve (Belgium) (spoke in French): At", "Mr. Pecsteen de Buytswerve", "Belgium", "French"),
        ("Mr. Moncada (Venezuela (Bolivarian Republic of)) (spoke in Spanish): We", "Mr. Moncada", "Venezuela (Bolivarian Republic of)", "Spanish"),
        ("Lord Ahmad of Wimbledon (United Kingdom): I", "Lord Ahmad of Wimbledon", "United Kingdom", None),
        ("Ms. Norman-Chalet (United States of America): At", "Ms. Norman-Chalet", "United States of America", None),
        ("The President:\nI thank", "The President", None, None),
    ],
)
def test_speaker_lines(line: str, speaker: str, affiliation: str | None, spoke_in: str | None) -> None:
    parsed = parse_speaker_line(line)
    assert parsed is not None
    assert (parsed.speaker, parsed.affiliation, parsed.spoke_in) == (speaker, affiliation, spoke_in)


@pytest.mark.parametrize(
    "line",
    [
        "Today, we face a simple choice: act now",
        "In conclusion: we must act",
        "Kazakhstan thanks the presidency: we",
        "General Assembly: this is not a speaker",
        "Note: the text",
        "The following is clear: peace",
    ],
)
def test_prose_with_a_colon_is_not_a_speaker_line(line: str) -> None:
    assert parse_speaker_line(line) is None


def test_speaker_line_end_is_where_the_text_starts() -> None:
    text = "Mr. Zhang Jun (China) (spoke in Chinese): China welcomes"
    parsed = parse_speaker_line(text)
    assert parsed is not None and text[parsed.end :] == "China welcomes"
