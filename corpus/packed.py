"""A column of strings packed into one string, for the listing snapshot (``corpus.listing``).

A hundred thousand small strings cost as many objects to unmarshal; one joined
string and an array of offsets cost two, and an item is sliced out only when asked.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import overload

SEP = "\x00"  # cannot occur in a path, and the listing keeps its text columns free of it


class Packed(Sequence[str]):
    """A column of strings kept as one joined string and the offsets of its items.

    Loading it is a copy of two large objects; an item is sliced out when asked for,
    and the whole list is split (in C) only when something scans every item.
    """

    __slots__ = ("_text", "_starts", "_list")

    def __init__(self, text: str, starts: array[int]) -> None:
        self._text = text  # items joined by SEP
        self._starts = starts  # where each item starts, and one past the end (+1)
        self._list: list[str] | None = None

    @classmethod
    def of(cls, items: Sequence[str]) -> Packed:
        starts = array("i", [0])
        for item in items:
            starts.append(starts[-1] + len(item) + 1)
        return cls(SEP.join(items), starts)

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: int | slice) -> str | list[str]:
        if self._list is not None:
            return self._list[i]
        if isinstance(i, slice):
            return self.tolist()[i]
        if i < 0:
            i += len(self)
        return self._text[self._starts[i] : self._starts[i + 1] - 1]

    def tolist(self) -> list[str]:
        if self._list is None:
            self._list = self._text.split(SEP) if len(self) else []
        return self._list

    def __iter__(self) -> Iterator[str]:
        return iter(self.tolist())

    def index(self, value: object, start: int = 0, stop: int | None = None) -> int:
        """Where ``value`` is, found by a scan of the joined string (no split)."""
        if not isinstance(value, str):
            raise ValueError(value)
        if self._list is not None:
            return self._list.index(value)
        text, n = self._text, len(value)
        pos = text.find(value)
        while pos != -1:
            end = pos + n
            if (pos == 0 or text[pos - 1] == SEP) and (end == len(text) or text[end] == SEP):
                return bisect_right(self._starts, pos) - 1
            pos = text.find(value, pos + 1)
        raise ValueError(value)

    def state(self) -> tuple[str, bytes]:
        return self._text, self._starts.tobytes()

    @classmethod
    def from_state(cls, text: str, starts: bytes) -> Packed:
        offsets = array("i")
        offsets.frombytes(starts)
        return cls(text, offsets)
