"""Property tests: normalising and listing never fail, whatever the bytes."""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import open_corpus, parse_bytes

# Bytes biased towards what breaks text code: line ends, hyphens, escapes, BOMs.
pieces = st.sampled_from(
    [b"\n", b"\r", b"\r\n", b"\n\r", b"-", b" ", b":", b"(", b")", b"\xef\xbb\xbf", b"\x1b[31m",
     b"\x00", b"\xff\xfe", b"\x85", b"\xe2\x80\x8f", b"ofthe", b"Mr. X (Y): ", b"organi-\nzation",
     b"Secretary-\nGeneral", b"[bold]", b"\t", b"\xc3", b"\xa9", b"word. ", b"Next "]
)
blobs = st.one_of(st.binary(max_size=400), st.lists(st.one_of(pieces, st.binary(max_size=8)), max_size=60).map(b"".join))


def has_control_characters(text: str) -> bool:
    """The property's own oracle: a control character other than a newline."""
    return any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in text)


@given(blobs)
@settings(max_examples=300, deadline=None)
def test_normalising_any_bytes_is_total_deterministic_and_clean(raw: bytes) -> None:
    first = parse_bytes(raw)
    second = parse_bytes(raw)
    assert first == second
    text = first.reading_text
    assert not has_control_characters(text)
    assert "\n\n\n" not in text
    assert text == text.strip()
    assert unicodedata.is_normalized("NFC", text)


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_normalising_is_idempotent_on_its_own_output_shape(text: str) -> None:
    once = parse_bytes(text.encode("utf-8")).reading_text
    assert not has_control_characters(once)


@given(st.lists(blobs, min_size=1, max_size=4))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_listing_any_files_never_raises(tmp_path: Path, contents: list[bytes]) -> None:
    root = Path(tempfile.mkdtemp(dir=tmp_path))  # a fresh folder for every example
    for i, raw in enumerate(contents):
        (root / f"f{i}.txt").write_bytes(raw)
    corpus = open_corpus(root)
    assert len(corpus) + len(corpus.skipped) == len(contents)
    for statement in corpus:
        assert not has_control_characters(corpus.reading_text(statement.id))
