"""Metadata carried by file names and folders, for the corpora researchers use.

UNSC debates corpus: ``UNSC_2020_SPV.8699_spch005.txt``, resumed meetings
``UNSC_2014_SPV.7180Resumption1_spch012.txt`` and the 2020 videoconference records
``UNSC_2020_SPV.2020_791_spch001.txt`` (issued as letters, S/2020/791).
General Debate corpus: ``Session 46 - 1991/AFG_46_1991.txt`` (also ``EU_66_2011.txt``).
"""

from __future__ import annotations

import re
from typing import Any

_UNSC = re.compile(
    r"UNSC_(?P<year>\d{4})_SPV\.(?:(?P<vtc_year>\d{4})_(?P<vtc>\d+)|(?P<meeting>\d+))"
    r"(?:[_ .-]?Resumption[_ .-]?(?P<resumption>\d+))?"
    r"(?:_spch(?P<speech>\d+))?",
    re.IGNORECASE,
)
# Country codes are ISO 3166 alpha-3, plus the corpus's own: EU, and 4-letter codes of
# former states (YDYE, ISO 3166-3).
_UNGD = re.compile(r"(?P<country>[A-Z]{2,4})_(?P<session>\d{1,3})_(?P<year>\d{4})")
_SESSION_DIR = re.compile(r"Session\s+(?P<session>\d{1,3})\s*-\s*(?P<year>\d{4})", re.IGNORECASE)


def metadata_from_path(statement_id: str) -> dict[str, Any]:
    """Metadata read from a statement id (its path relative to the corpus root)."""
    name = statement_id.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0]
    meta: dict[str, Any] = {}
    unsc = _UNSC.fullmatch(stem)
    if unsc:
        meta["source"] = "UNSC"
        meta["year"] = int(unsc["year"])
        if unsc["vtc"]:
            meta["meeting"] = f"S/{unsc['vtc_year']}/{int(unsc['vtc'])}"
            meta["videoconference"] = True
        else:
            meta["meeting"] = f"S/PV.{int(unsc['meeting'])}"
        if unsc["resumption"]:
            meta["resumption"] = int(unsc["resumption"])
        if unsc["speech"]:
            meta["speech"] = int(unsc["speech"])
        return meta
    ungd = _UNGD.fullmatch(stem)
    if ungd:
        meta["source"] = "UNGD"
        meta["country"] = ungd["country"]
        meta["session"] = int(ungd["session"])
        meta["year"] = int(ungd["year"])
        return meta
    for folder in reversed(statement_id.split("/")[:-1]):
        session = _SESSION_DIR.fullmatch(folder.strip())
        if session:
            meta["session"] = int(session["session"])
            meta["year"] = int(session["year"])
            break
    return meta
