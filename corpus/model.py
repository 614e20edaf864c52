"""The statement record: what the corpus layer tells the rest of margin."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement file, as listed (its text is read only on demand).

    ``id`` is the file's path relative to the corpus root in POSIX form: stable,
    human-readable and the key annotations are stored under.
    """

    id: str
    speaker: str | None
    affiliation: str | None
    spoke_in: str | None
    sha256: str
    size: int
    meta: dict[str, Any] = field(default_factory=dict)
    length: int | None = None  # length of the reading text, once it has been computed

    @property
    def year(self) -> int | None:
        value = self.meta.get("year")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    @property
    def meeting(self) -> str | None:
        value = self.meta.get("meeting")
        return str(value) if value else None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form used by ``margin statements --json`` and exports."""
        return {
            "id": self.id,
            "speaker": self.speaker,
            "affiliation": self.affiliation,
            "spoke_in": self.spoke_in,
            "meta": dict(self.meta),
            "sha256": self.sha256,
            "size": self.size,
            "length": self.length,
        }


@dataclass(frozen=True, slots=True)
class StatementText:
    """The text of a statement as read now: what annotation offsets refer to."""

    id: str
    reading_text: str
    sha256: str
    normaliser: str
