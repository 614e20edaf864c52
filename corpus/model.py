"""The statement record: what the corpus layer tells the rest of margin."""

from __future__ import annotations

import sys
from typing import Any

import orjson


class Statement:
    """One statement file, as listed (its text is read only on demand).

    ``id`` is the file's path relative to the corpus root in POSIX form: stable,
    human-readable and the key annotations are stored under. A corpus may hold
    100,000 of these, so the class uses slots, interns repeated strings and parses
    its metadata only when asked.
    """

    __slots__ = ("id", "speaker", "affiliation", "spoke_in", "sha256", "size", "length", "_meta", "_meta_blob")

    def __init__(
        self,
        id: str,
        speaker: str | None,
        affiliation: str | None,
        spoke_in: str | None,
        sha256: str,
        size: int,
        meta: dict[str, Any] | None = None,
        length: int | None = None,
        meta_blob: bytes | None = None,
    ) -> None:
        intern = sys.intern
        self.id = id
        self.speaker = intern(speaker) if speaker else speaker
        self.affiliation = intern(affiliation) if affiliation else affiliation
        self.spoke_in = intern(spoke_in) if spoke_in else spoke_in
        self.sha256 = sha256
        self.size = size
        self.length = length
        self._meta = meta
        self._meta_blob = meta_blob

    @property
    def meta(self) -> dict[str, Any]:
        if self._meta is None:
            self._meta = orjson.loads(self._meta_blob) if self._meta_blob else {}
            self._meta_blob = None
        return self._meta

    @property
    def year(self) -> int | None:
        value = self.meta.get("year")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form used by ``margin statements --json`` and exports."""
        return {
            "id": self.id, "speaker": self.speaker, "affiliation": self.affiliation,
            "spoke_in": self.spoke_in, "meta": dict(self.meta), "sha256": self.sha256,
            "size": self.size, "length": self.length,
        }

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Statement) and self.as_dict() == other.as_dict()

    def __hash__(self) -> int:
        return hash((self.id, self.sha256))

    def __repr__(self) -> str:
        return f"Statement({self.id!r}, speaker={self.speaker!r}, affiliation={self.affiliation!r})"


class StatementText:
    """The text of a statement as read now: what annotation offsets refer to."""

    __slots__ = ("id", "reading_text", "sha256", "normaliser")

    def __init__(self, id: str, reading_text: str, sha256: str, normaliser: str) -> None:
        self.id = id
        self.reading_text = reading_text
        self.sha256 = sha256
        self.normaliser = normaliser

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StatementText) and (self.id, self.reading_text, self.sha256, self.normaliser) == (
            other.id, other.reading_text, other.sha256, other.normaliser)

    def __repr__(self) -> str:
        return f"StatementText({self.id!r}, {len(self.reading_text)} chars)"
