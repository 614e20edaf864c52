"""An optional metadata table joined to statements by file name.

The UNSC debates corpus ships ``speaker.tsv``: tab-separated, unquoted, one row per
speech with a ``filename`` column. Every other column becomes statement metadata.
"""

from __future__ import annotations

from pathlib import Path

from .errors import CorpusError


def load_metadata_table(path: Path) -> dict[str, dict[str, str]]:
    """Read ``path`` into ``{file name: {column: value}}``.

    Raises ``CorpusError`` with one clear sentence when the table cannot be used.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"Cannot read the metadata table {path}: {exc.strerror or exc}.") from None
    from .decoding import decode_bytes

    text, _ = decode_bytes(raw)
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        raise CorpusError(f"The metadata table {path} is empty.")
    header = [h.strip() for h in lines[0].split("\t")]
    if "filename" not in header:
        raise CorpusError(
            f"The metadata table {path} has no 'filename' column (it must be tab-separated "
            "with a header row)."
        )
    key = header.index("filename")
    rows: dict[str, dict[str, str]] = {}
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) <= key:
            continue
        name = cells[key].strip().rsplit("/", 1)[-1]
        rows[name] = {
            column: cells[i].strip()
            for i, column in enumerate(header)
            if i != key and i < len(cells) and column and cells[i].strip()
        }
    return rows
