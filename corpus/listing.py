"""The statement list of a corpus, held as columns and turned into objects on demand.

Reopening a corpus of 100,000 statements must show the app within a second. Fetching
every row from SQLite and building 100,000 ``Statement`` objects takes about half a
second; loading the same listing from one marshalled snapshot of columns takes a few
tens of milliseconds, and a ``Statement`` is then built only when something looks at
it (the rows on screen, the statement being read).
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

import orjson

from .discovery import SkippedFile, natural_key
from .filenames import metadata_from_path
from .model import Statement
from .normalise import NORMALISER_VERSION
from .packed import SEP, Packed

if TYPE_CHECKING:
    from .statement_files import IndexRow

SNAPSHOT_VERSION = 4  # bump when the snapshot's layout changes
_DIGEST = 32  # bytes of a sha256
_NO_DIGEST = bytes(_DIGEST)  # a file listed but not read yet has no hash


def _clean(value: str | None) -> str:
    return value.replace(SEP, " ") if value else ""


class Listing(Sequence[Statement]):
    """Statements in natural order of id, as a read-only sequence.

    ``column(name)`` gives a whole column (``id``, ``speaker``, ``affiliation``,
    ``spoke_in``; ``""`` where there is none) without building objects: the list
    filter and the command palette scan those. Indexing builds the ``Statement`` once and keeps it.
    Metadata is the file name's (``metadata_from_path``) unless a metadata table added
    some, so the snapshot need not hold it.
    """

    def __init__(
        self,
        ids: Sequence[str],
        speakers: Sequence[str],
        affiliations: Sequence[str],
        spoke_in: Sequence[str],
        shas: list[str] | bytes,
        sizes: Sequence[int],
        lengths: array[int],
        metas: list[dict[str, Any] | None] | None = None,
        skipped: list[SkippedFile] | None = None,
    ) -> None:
        self._columns: dict[str, Any] = {"id": ids, "speaker": speakers, "affiliation": affiliations, "spoke_in": spoke_in}
        self._ids = ids
        self._shas = shas  # hex digests, or (from a snapshot) the raw digests end to end
        self._sizes = sizes
        self._lengths = lengths  # -1: not known yet
        self._metas = metas  # None: every statement's metadata comes from its file name
        self._made: list[Statement | None] = [None] * len(ids)
        self.skipped: list[SkippedFile] = skipped or []
        self._positions: dict[str, int] | None = None
        self._scans = 0

    # ------------------------------------------------------------------ building
    @classmethod
    def from_statements(cls, statements: Sequence[Statement], skipped: list[SkippedFile] | None = None) -> Listing:
        return cls(
            [s.id for s in statements], [s.speaker or "" for s in statements], [s.affiliation or "" for s in statements],
            [s.spoke_in or "" for s in statements], [s.sha256 for s in statements], [s.size for s in statements],
            array("i", (-1 if s.length is None else s.length for s in statements)), [dict(s.meta) for s in statements],
            skipped,
        )

    @classmethod
    def from_rows(cls, rows: Sequence[IndexRow]) -> Listing:
        """Index rows (already in natural order; their ``meta`` is the file name's)."""
        ids: list[str] = []
        speakers: list[str] = []
        affiliations: list[str] = []
        spoke: list[str] = []
        shas: list[str] = []
        sizes: list[int] = []
        lengths: list[int] = []
        skipped: list[SkippedFile] = []
        for row in rows:
            if row.skipped:
                skipped.append(SkippedFile(row.id, row.skipped))
                continue
            affiliation = row.affiliation
            if affiliation is None and row.meta and b'"country"' in row.meta:
                affiliation = str(orjson.loads(row.meta).get("country") or "") or None
            ids.append(row.id)
            speakers.append(row.speaker or "")
            affiliations.append(affiliation or "")
            spoke.append(row.spoke_in or "")
            shas.append(row.sha256 or "")
            sizes.append(row.size or 0)
            known = row.length is not None and row.normaliser == NORMALISER_VERSION
            lengths.append(row.length if known and row.length is not None else -1)
        skipped.sort(key=lambda s: natural_key(s.id))
        return cls(ids, speakers, affiliations, spoke, shas, sizes, array("i", lengths), None, skipped)

    def with_table(self, table: dict[str, dict[str, str]]) -> Listing:
        """This listing with a metadata table's rows merged in (the file's own data wins)."""
        speakers = list(self.column("speaker"))
        affiliations: list[str | None] = list(self.column("affiliation"))
        metas: list[dict[str, Any] | None] = list(self._metas) if self._metas is not None else [None] * len(self)
        for i, sid in enumerate(self.column("id")):
            extra = table.get(sid.rsplit("/", 1)[-1])
            if not extra:
                continue
            meta = {**self._meta(i), **extra}
            metas[i] = meta
            speakers[i] = speakers[i] or extra.get("speaker") or ""
            affiliation = affiliations[i] or extra.get("country") or extra.get("affiliation") or None
            if affiliation is None and meta.get("country"):
                affiliation = str(meta["country"])
            affiliations[i] = affiliation or ""
        return Listing(self._ids, speakers, [a or "" for a in affiliations], self._columns["spoke_in"], self._shas,
                       self._sizes, self._lengths, metas, self.skipped)

    # ------------------------------------------------------------------ snapshot
    def to_bytes(self) -> bytes:
        """A compact snapshot: each text column one joined string, numbers as arrays.

        A few large objects load far faster than 100,000 small ones; the rows are split
        on load (in C) and the digests sliced only when a statement is built.
        """
        if self._metas is not None:
            raise ValueError("Only a listing of the index's rows (metadata from file names) is snapshotted.")
        shas = b"".join(bytes.fromhex(self.sha_at(i)) if self.sha_at(i) else _NO_DIGEST for i in range(len(self)))
        columns = [Packed.of(self.column("id")).state()]  # a path never holds the separator
        columns += [Packed.of([_clean(v) for v in self.column(name)]).state() for name in ("speaker", "affiliation", "spoke_in")]
        return marshal.dumps((
            SNAPSHOT_VERSION, len(self), columns, shas,
            array("q", self._sizes).tobytes(), self._lengths.tobytes(),
            [(s.id, s.reason) for s in self.skipped],
        ))

    @classmethod
    def from_bytes(cls, blob: bytes) -> Listing | None:
        """A listing from ``to_bytes``, or None if the snapshot is from another version or damaged."""
        try:
            version, count, *values = marshal.loads(blob)
            if version != SNAPSHOT_VERSION or len(values) != 5:
                return None
            columns_state, shas, sizes_b, lengths_b, skipped = values
            packed = [Packed.from_state(text, starts) for text, starts in columns_state]
            if len(packed) != 4:
                return None
            ids, speakers, affiliations, spoke_in = packed
            sizes, lengths = array("q"), array("i")
            sizes.frombytes(sizes_b)
            lengths.frombytes(lengths_b)
            if any(len(c) != count for c in (*packed, sizes, lengths)):
                return None
            if not isinstance(shas, bytes) or len(shas) != count * _DIGEST:
                return None
            skips = [SkippedFile(i, r) for i, r in skipped]
            return cls(ids, speakers, affiliations, spoke_in, shas, sizes, lengths, None, skips)
        except (EOFError, ValueError, TypeError, AttributeError):
            return None

    def sha_at(self, i: int) -> str:
        """The hex sha256 of the statement at ``i`` ("" if not read yet), no ``Statement`` built."""
        if isinstance(self._shas, bytes):
            digest = self._shas[i * _DIGEST : (i + 1) * _DIGEST]
            return "" if digest == _NO_DIGEST else digest.hex()
        return self._shas[i]

    def _meta(self, i: int) -> dict[str, Any]:
        meta = self._metas[i] if self._metas is not None else None
        return meta if meta is not None else metadata_from_path(self._ids[i])

    # ------------------------------------------------------------------ sequence
    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Statement: ...

    @overload
    def __getitem__(self, index: slice) -> list[Statement]: ...

    def __getitem__(self, index: int | slice) -> Statement | list[Statement]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._ids)))]
        made = self._made[index]
        if made is None:
            c = self._columns
            i = index if index >= 0 else index + len(self._ids)
            length = self._lengths[i]
            made = Statement(
                self._ids[i], c["speaker"][i] or None, c["affiliation"][i] or None, c["spoke_in"][i] or None,
                self.sha_at(i), self._sizes[i], self._meta(i), None if length < 0 else length,
            )
            self._made[i] = made
        return made

    def __iter__(self) -> Iterator[Statement]:
        for i in range(len(self._ids)):
            yield self[i]

    def __contains__(self, value: object) -> bool:
        if isinstance(value, Statement):
            value = value.id
        return isinstance(value, str) and self.index_of(value) is not None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Listing({len(self)} statements)"

    # ------------------------------------------------------------------ columns
    def id_at(self, index: int) -> str:
        """The id of the statement at ``index`` (no ``Statement`` built, no column split)."""
        return self._ids[index]

    def metadata_at(self, index: int) -> dict[str, Any]:
        """The metadata of the statement at ``index`` (no ``Statement`` built; do not modify)."""
        return self._meta(index)

    def records(self) -> Iterator[dict[str, Any]]:
        """Every statement's ``as_dict()``, in order, without building a ``Statement``.

        ``margin statements --json`` writes 100,000 of these: whole columns split once
        (in C) and one dict per statement cost a fraction of an object and then a dict.
        """
        ids, speakers, affiliations, spoke = (self.column(name) for name in ("id", "speaker", "affiliation", "spoke_in"))
        if isinstance(self._shas, bytes):
            hexes, none = self._shas.hex(), _NO_DIGEST.hex()
            shas = [h if (h := hexes[i : i + 2 * _DIGEST]) != none else "" for i in range(0, len(hexes), 2 * _DIGEST)]
        else:
            shas = self._shas
        metas = self._metas
        rows = zip(ids, speakers, affiliations, spoke, shas, self._sizes, self._lengths)
        for i, (sid, speaker, affiliation, spoke_in, sha, size, length) in enumerate(rows):
            meta = metas[i] if metas is not None else None
            yield {
                "id": sid, "speaker": speaker or None, "affiliation": affiliation or None, "spoke_in": spoke_in or None,
                "meta": dict(meta) if meta is not None else metadata_from_path(sid), "sha256": sha, "size": size,
                "length": None if length < 0 else length,
            }

    @property
    def total_size(self) -> int:
        """Bytes of every statement file listed."""
        return sum(self._sizes)

    def sample_indexes(self, count: int = 64) -> list[int]:
        """Up to ``count`` indexes spread evenly from the first statement to the last."""
        n = len(self._ids)
        if n <= count:
            return list(range(n))
        return sorted({round(i * (n - 1) / (count - 1)) for i in range(count)})

    def varying_metadata(self, keys: Sequence[str], exhaustive_up_to: int = 5000) -> set[str]:
        """Which of ``keys`` do not hold the same value on every statement.

        A list column whose value is the same on every row tells nothing. Up to
        ``exhaustive_up_to`` statements every one is looked at (stopping once every key
        varies); above that, 2,000 statements spread evenly over the natural order stand
        for the rest (a full pass costs ~0.35 s at 100,000 statements, on the first
        frame), so a value found only on a handful of rows may not make its column.
        """
        n = len(self._ids)
        indexes = range(n) if n <= exhaustive_up_to else self.sample_indexes(2000)
        first: dict[str, Any] | None = None
        varying: set[str] = set()
        for i in indexes:
            meta = self._meta(i)
            if first is None:
                first = meta
                continue
            for k in keys:
                if k not in varying and meta.get(k) != first.get(k):
                    varying.add(k)
            if len(varying) == len(keys):
                break
        return varying

    def column(self, name: str) -> list[str]:
        """One column for all statements (``id``, ``speaker``, ``affiliation``, ``spoke_in``, …); do not modify."""
        values = self._columns[name]
        return values.tolist() if isinstance(values, Packed) else values

    @property
    def unread(self) -> bool:
        """Whether some statement is listed but its file not read yet (no hash)."""
        if isinstance(self._shas, bytes):  # a scan in C for an empty digest on a digest boundary
            pos = self._shas.find(_NO_DIGEST)
            while pos != -1 and pos % _DIGEST:
                pos = self._shas.find(_NO_DIGEST, pos + 1)
            return pos != -1
        return "" in self._shas

    @property
    def lengths_known(self) -> bool:
        """Whether every statement's reading-text length is known."""
        return -1 not in self._lengths

    @property
    def positions(self) -> dict[str, int]:
        """Statement id -> index (built on first use: ~30 ms at 100,000 statements)."""
        if self._positions is None:
            self._positions = dict(zip(self.column("id"), range(len(self._ids))))
        return self._positions

    def index_of(self, statement_id: str) -> int | None:
        """Where a statement is, or None; scans the ids until ``positions`` is built.

        Start-up needs one or two lookups, and a scan in C costs a millisecond where
        building the table costs thirty; from the fourth lookup on, the table is built.
        """
        if self._positions is not None or self._scans >= 3:
            return self.positions.get(statement_id)
        self._scans += 1
        try:
            return self._ids.index(statement_id)
        except ValueError:
            return None
