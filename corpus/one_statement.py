"""One statement's reading text straight from the index cache, when its file is unchanged.

``margin text ID`` needs one row and one file, not a walk of 100,000: if the file's
stat is the one its cached row was read with (what a walk checks), the file is read
and, if its hash is the cached one, the cached text is the answer (else the file is
normalised now). Anything else (a file
that is new, changed, gone, skipped, or now reached through a link out of the folder)
gets ``None``, and the caller opens the whole corpus as before.
"""

from __future__ import annotations

import hashlib
import os
import stat

from .discovery import follows_links
from .index import CorpusIndex
from .model import StatementText
from .normalise import NORMALISER_VERSION, parse_bytes
from .statement_files import read_statement_file


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def unchanged_text(index: CorpusIndex, statement_id: str) -> StatementText | None:
    """The reading text of ``statement_id`` if its file is as the index last read it, else None."""
    row = index.row(statement_id)
    if row is None or row.skipped or not row.sha256:
        return None
    path = os.path.join(index.root, *statement_id.split("/"))
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or (info.st_size, info.st_mtime_ns) != (row.size, row.mtime_ns):
        return None
    if not follows_links(index.root) and not _inside(os.path.realpath(path), os.path.realpath(index.root)):
        return None  # a folder on the way was replaced by a link out: the walk decides
    raw, _ = read_statement_file(path, info.st_size)  # one small file: checked by its hash too
    if raw is None:
        return None
    sha = hashlib.sha256(raw).hexdigest()
    reading = index.cached_text(statement_id, sha) if sha == row.sha256 else None
    if reading is None:
        reading = parse_bytes(raw).reading_text
        if sha == row.sha256:
            index.store_texts([(statement_id, sha, reading)])
    return StatementText(statement_id, reading, sha, NORMALISER_VERSION)
