"""Encodings and line ends real corpora use."""

from __future__ import annotations

from corpus import open_corpus, parse_bytes
from corpus.decoding import decode_bytes

PROSE = "Mr. Müller (Germany): We welcome the régime change.\n"


def test_utf8_with_and_without_bom() -> None:
    plain = parse_bytes(PROSE.encode("utf-8"))
    bom = parse_bytes(b"\xef\xbb\xbf" + PROSE.encode("utf-8"))
    assert plain.reading_text == bom.reading_text == "We welcome the régime change."
    assert bom.speaker_line is not None and bom.speaker_line.speaker == "Mr. Müller"


def test_invalid_utf8_falls_back_to_windows_1252() -> None:
    raw = "The President: Council\u2019s work \u2013 caf\u00e9 \u201cquoted\u201d".encode("cp1252")
    parsed = parse_bytes(raw)
    assert parsed.encoding == "cp1252"
    assert parsed.reading_text == "Council\u2019s work \u2013 caf\u00e9 \u201cquoted\u201d"


def test_undefined_windows_1252_bytes_do_not_raise() -> None:
    parsed = parse_bytes(b"caf\xe9 \x81\x8d\x8f\x90\x9d end")
    assert parsed.reading_text == "café end"


def test_line_ends_crlf_cr_and_lf_cr() -> None:
    assert decode_bytes(b"a\r\nb\rc\n\rd")[0] == "a\nb\nc\n\nd"


def test_bare_cr_file_is_read_as_paragraphs() -> None:
    raw = "\ufeffFirst paragraph ends here.\rSecond paragraph ends here.\r".encode("utf-8")
    assert parse_bytes(raw).reading_text == "First paragraph ends here.\n\nSecond paragraph ends here."


def test_lf_cr_page_break_mid_sentence_is_joined() -> None:
    raw = b"147. A world which abounds in\n\rinjustices. For we should act.\n\r148. Next paragraph.\n"
    assert parse_bytes(raw).reading_text == (
        "147. A world which abounds in injustices. For we should act.\n\n148. Next paragraph."
    )


def test_windows_1252_corpus_file_lists_without_mojibake(make_corpus) -> None:
    root = make_corpus(
        {"UNSC_2020_SPV.8698_spch003.txt": "The President: In accordance with rule 39 of the Council\u2019s rules.".encode("cp1252")}
    )
    corpus = open_corpus(root)
    (statement,) = corpus.statements
    assert corpus.reading_text(statement.id) == "In accordance with rule 39 of the Council\u2019s rules."
