"""The annotation model: codes, highlights, and what is said of a whole statement.

Inside the store, highlights and statements refer to codes by ``id`` so that renaming a
code touches only the codebook; exports refer to them by name.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

ANCHORED, RELOCATED, ORPHANED = "anchored", "relocated", "orphaned"
STATUSES = (ANCHORED, RELOCATED, ORPHANED)
CONTEXT = 32  # characters of prefix and suffix kept with every highlight

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
KEYS = tuple("123456789")

# Distinct, readable on dark and light backgrounds; new codes take the next free one.
PALETTE = (
    "#d9534f", "#f0ad4e", "#5cb85c", "#5bc0de", "#9b59b6", "#e67e22",
    "#1abc9c", "#e84393", "#6c8ebf", "#b5a642", "#8d6e63", "#00a8a8",
)


def now() -> str:
    """UTC timestamp in the export's format."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_id() -> str:
    return uuid.uuid4().hex


# Size limits on what people type or files bring in: generous for real work, small
# enough that one field cannot make the store slow or huge (issue 11). The README says
# them; every error that applies one names it.
MAX_NAME = 200  # characters of a code name or a coder name
MAX_DESCRIPTION = 10_000  # characters of a code's description
MAX_NOTE = 100_000  # characters of a highlight's or a statement's note
MAX_ID = 200  # characters of an id given in an import file
MAX_CONTEXT = 1_000  # characters of an imported prefix or suffix (margin writes 32)


def size_problem(what: str, value: str, limit: int) -> str | None:
    """The sentence refusing ``value`` when it is longer than ``limit``, else ``None``."""
    if len(value) <= limit:
        return None
    return f"{what} can be at most {limit:,} characters (this one has {len(value):,})."


def normalise_color(value: str) -> str:
    """A ``#rgb`` / ``#rrggbb`` colour or a CSS colour name, as lower-case ``#rrggbb``.

    Names come from the CSS table of ``webcolors`` (``blue`` is ``#0000ff``, as in a
    browser), so a name means the same colour here as everywhere else.
    """
    value = value.strip()
    if _HEX.fullmatch(value):
        if len(value) == 4:
            value = "#" + "".join(c * 2 for c in value[1:])
        return value.lower()
    import webcolors  # only when a name is given

    try:
        return str(webcolors.name_to_hex(value.replace(" ", "").lower())).lower()
    except ValueError:
        raise ValueError(f"{value[:40]!r} is not a colour like #d9534f or a CSS colour name like blue") from None


def parse_time(value: str | None) -> datetime | None:
    """A ``modified``/``created`` time as an aware datetime; ``None`` when not given.

    Times without a zone are taken as UTC. Raises ``ValueError`` for text that is not a
    time. Comparing parsed times, not strings: "10:00:00.5Z" is after "10:00:00Z".
    """
    if not value:
        return None
    when = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Code:
    """A theme label of the codebook."""

    id: str
    name: str
    color: str
    key: str | None = None
    description: str = ""
    parent: str | None = None  # id of the parent code

    def to_doc(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Code:
        return cls(
            id=str(doc["id"]), name=str(doc["name"]), color=str(doc.get("color") or PALETTE[0]),
            key=doc.get("key"), description=str(doc.get("description") or ""), parent=doc.get("parent"),
        )


@dataclass(frozen=True)
class Highlight:
    """A coded span of a statement's reading text (code-point offsets)."""

    id: str
    statement: str
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    labels: tuple[str, ...] = ()  # code ids
    note: str = ""
    coder: str = ""
    created: str = ""
    modified: str = ""
    sha256: str = ""
    normaliser: str = ""
    status: str = ANCHORED

    def to_doc(self) -> dict[str, Any]:
        # Written out rather than dataclasses.asdict: this runs for every highlight of
        # an import or export, and asdict deep-copies (10x slower).
        return {
            "id": self.id, "statement": self.statement, "start": self.start, "end": self.end,
            "quote": self.quote, "prefix": self.prefix, "suffix": self.suffix, "labels": list(self.labels),
            "note": self.note, "coder": self.coder, "created": self.created, "modified": self.modified,
            "sha256": self.sha256, "normaliser": self.normaliser, "status": self.status,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Highlight:
        return cls(
            id=str(doc["id"]), statement=str(doc["statement"]), start=int(doc["start"]),
            end=int(doc["end"]), quote=str(doc["quote"]), prefix=str(doc.get("prefix", "")),
            suffix=str(doc.get("suffix", "")), labels=tuple(doc.get("labels", ())),
            note=str(doc.get("note", "")), coder=str(doc.get("coder", "")),
            created=str(doc.get("created", "")), modified=str(doc.get("modified", "")),
            sha256=str(doc.get("sha256", "")), normaliser=str(doc.get("normaliser", "")),
            status=str(doc.get("status", ANCHORED)),
        )

    def evolve(self, **changes: Any) -> Highlight:
        return replace(self, **changes)


@dataclass(frozen=True)
class StatementMarks:
    """Codes applied to a whole statement, and its memo."""

    statement: str
    labels: tuple[str, ...] = ()
    note: str = ""
    modified: str = ""

    def to_doc(self) -> dict[str, Any]:
        return {"statement": self.statement, "labels": list(self.labels), "note": self.note, "modified": self.modified}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> StatementMarks:
        return cls(
            statement=str(doc["statement"]), labels=tuple(doc.get("labels", ())),
            note=str(doc.get("note", "")), modified=str(doc.get("modified", "")),
        )

    @property
    def empty(self) -> bool:
        return not self.labels and not self.note


def covering(highlights: list[Highlight], offset: int) -> list[Highlight]:
    """The anchored highlights that cover ``offset``, innermost (shortest) first."""
    hits = [h for h in highlights if h.start <= offset < h.end and h.status != ORPHANED]
    return sorted(hits, key=lambda h: (h.end - h.start, h.start))


def context_of(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix (up to ``CONTEXT`` characters) around ``text[start:end]``."""
    return text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


@dataclass
class StatementSummary:
    """What the statement list shows of a statement's annotations."""

    highlights: int = 0
    labels: tuple[str, ...] = ()
    codes: dict[str, int] = field(default_factory=dict)  # code id -> highlights using it
    has_note: bool = False
