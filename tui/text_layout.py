"""Soft-wrapping the reading text for the reader pane (pure; no Textual).

The reader shows each paragraph wrapped at word boundaries to the pane's width, with a
blank line between paragraphs. A ``Layout`` maps between text offsets (what
annotations use) and screen rows/columns (what the cursor and the mouse use).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len

_TOKEN = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Row:
    """One screen row: ``text[start:end]`` (``start == end`` for a paragraph gap)."""

    start: int
    end: int
    gap: bool = False


def _char_width(ch: str) -> int:
    return cell_len(ch) if ord(ch) > 0x2FF else 1


def _one_cell_each(paragraph: str) -> bool:
    """Every character takes one cell (true of most speeches, curly quotes and all)."""
    return paragraph.isascii() or all(_char_width(ch) == 1 for ch in set(paragraph))


@lru_cache(maxsize=16)
def _row_pattern(width: int) -> re.Pattern[str]:
    """Greedy: as much of a one-cell-per-character line as ends a word within ``width``
    columns, with the spaces after it."""
    return re.compile(rf".{{0,{width - 1}}}\S(?=\s|\Z)\s*")


class Layout:
    """The wrapped rows of a text at one width."""

    def __init__(self, text: str, width: int, fast: bool = True) -> None:
        self.text = text
        self.width = max(8, width)
        self.rows: list[Row] = []
        self._fast = fast
        self._wrap()
        self._starts = [r.start for r in self.rows]

    def _wrap(self) -> None:
        pos = 0
        paragraphs = self.text.split("\n")
        for i, para in enumerate(paragraphs):
            if i:
                pos += 1  # the "\n"
            if not para:
                if i and i < len(paragraphs) - 1:
                    self.rows.append(Row(pos, pos, gap=True))
                continue
            if self._fast and _one_cell_each(para):
                self._wrap_ascii(para, pos)
            else:
                self._wrap_tokens(para, pos)
            pos += len(para)
        if not self.rows:
            self.rows.append(Row(0, 0))

    def _wrap_ascii(self, para: str, pos: int) -> None:
        """Rows of a paragraph whose characters are one cell each, by regular expression.

        The same rows as ``_wrap_tokens`` (a property test compares them), about ten
        times faster: a 60 KB statement is laid out while the key that opened it is
        still being handled.
        """
        width, rows, n = self.width, self.rows, len(para)
        match = _row_pattern(width).match
        i = 0
        while i < n:
            m = match(para, i)
            if m is None:
                j = i
                while j < n and para[j].isspace():
                    j += 1
                if j == n:  # only spaces left: they end the row they are on
                    break
                if j > i:  # spaces, then a word too long for what is left of the row
                    rows.append(Row(pos + i, pos + j))
                    i = j
                    continue
                rows.append(Row(pos + i, pos + i + width))  # a word longer than a row: cut
                i += width
                continue
            end = m.end()
            if end >= n:
                break
            rows.append(Row(pos + i, pos + end))
            i = end
        rows.append(Row(pos + i, pos + n))

    def _wrap_tokens(self, para: str, pos: int) -> None:
        """Rows of a paragraph word by word, measuring wide characters."""
        text, width = self.text, self.width
        row_start, used = pos, 0
        for match in _TOKEN.finditer(para):
            token = match.group(0)
            word = token.rstrip()
            w = sum(_char_width(c) for c in word) if not word.isascii() else len(word)
            t_start = pos + match.start()
            if used and used + w > width:
                self.rows.append(Row(row_start, t_start))
                row_start, used = t_start, 0
            while w > width:  # a word longer than the row: hard split
                cut, cells = t_start, 0
                while cut < t_start + len(word) and cells + _char_width(text[cut]) <= width:
                    cells += _char_width(text[cut])
                    cut += 1
                cut = max(cut, t_start + 1)
                self.rows.append(Row(row_start, cut))
                row_start, used = cut, 0
                word = text[cut : t_start + len(word)]
                t_start = cut
                w = sum(_char_width(c) for c in word)
            used += w + (len(token) - len(token.rstrip()))
        self.rows.append(Row(row_start, pos + len(para)))

    def __len__(self) -> int:
        return len(self.rows)

    def row_of(self, offset: int) -> int:
        """The row that shows ``offset`` (offsets past a row's end belong to it)."""
        i = bisect_right(self._starts, offset) - 1
        i = max(0, min(i, len(self.rows) - 1))
        while i > 0 and self.rows[i].gap:
            i -= 1
        return i

    def column_of(self, offset: int) -> int:
        row = self.rows[self.row_of(offset)]
        segment = self.text[row.start : min(offset, row.end)]
        return sum(_char_width(c) for c in segment) if not segment.isascii() else len(segment)

    def offset_at(self, row_index: int, column: int) -> int:
        """The text offset shown at a screen position (clamped to the row)."""
        row_index = max(0, min(row_index, len(self.rows) - 1))
        row = self.rows[row_index]
        if row.gap:
            return row.start
        cells, offset = 0, row.start
        # The cursor may rest on a paragraph's closing "\n" (end of paragraph) but not
        # past a wrapped row's last character, nor past the end of the text.
        at_paragraph_end = row.end < len(self.text) and self.text[row.end] == "\n"
        last = row.end if at_paragraph_end else max(row.start, row.end - 1)
        while offset < row.end:
            w = _char_width(self.text[offset])
            if cells + w > column:
                break
            cells += w
            offset += 1
        return max(0, min(offset, last))


@lru_cache(maxsize=16)
def layout_of(text: str, width: int) -> Layout:
    """The layout of ``text`` at ``width``, kept for the last few texts and widths: the
    statements around the list cursor are laid out once, ahead (``Reader.prepare``),
    and moving onto one reuses its layout. A ``Layout`` is never changed once made."""
    return Layout(text, width)
