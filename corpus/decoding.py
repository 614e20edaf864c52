"""Bytes of a statement file -> one Python string with ``\\n`` line ends.

Real corpora mix encodings: the General Debate corpus is UTF-8 (some files with a
byte-order mark), the UNSC debates corpus is Windows-1252. We try strict UTF-8 first
because a Windows-1252 file that also happens to be valid UTF-8 is vanishingly rare,
while the reverse guess would turn every accented UTF-8 letter into mojibake.
"""

from __future__ import annotations

import codecs

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    # Windows-1252 leaves five bytes (0x81 0x8D 0x8F 0x90 0x9D) undefined; map them to
    # their Latin-1 code points (C1 controls), which the cleaning step then removes.
    if not isinstance(error, UnicodeDecodeError):  # registered for decoding only
        raise error
    bad = error.object[error.start : error.end]
    return "".join(chr(b) for b in bad), error.end


codecs.register_error("margin-latin1", _latin1_fallback)


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode ``raw`` and unify line ends; return ``(text, encoding_name)``.

    LF, CRLF and bare CR (old Mac files are one ``\\n``-free line) all become ``\\n``;
    an LF-CR pair (seen in General Debate files) becomes an empty line, which the
    reflow step treats as a soft break.
    """
    if raw.startswith(_UTF8_BOM):
        text, encoding = raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif raw[:2] in _UTF16_BOMS:
        text, encoding = raw.decode("utf-16", errors="replace"), "utf-16"
    else:
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = raw.decode("cp1252", errors="margin-latin1"), "cp1252"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding


def looks_binary(raw: bytes) -> bool:
    """A NUL byte outside a UTF-16 file means this is not a text statement."""
    if raw[:2] in _UTF16_BOMS:
        return False
    return b"\x00" in raw
