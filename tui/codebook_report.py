"""What a codebook import did to the keys, in words: a code whose key another code
already holds gets no key (the store never steals one), and the user must be told."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotations.model import Code
from corpus.safe_text import display_safe
from corpus.wording import count


def key_ranges(keys: Iterable[str]) -> str:
    """``["1", "2", "3", "5"]`` -> ``"1-3, 5"`` (digit keys as ranges, others as they are)."""
    digits = sorted({int(k) for k in keys if k.isdigit()})
    others = sorted({k for k in keys if not k.isdigit()})
    parts: list[tuple[int, int]] = []  # runs of consecutive digits, (first, last)
    for d in digits:
        if parts and parts[-1][1] == d - 1:
            parts[-1] = (parts[-1][0], d)
        else:
            parts.append((d, d))
    words = [str(a) if a == b else f"{a}-{b}" for a, b in parts]
    return ", ".join(words + others)


def keys_sentence(entries: list[dict[str, Any]], codes: list[Code]) -> str:
    """Which keys now apply the imported codes, and which codes got none and why."""
    by_name = {c.name.casefold(): c for c in codes}
    holder = {c.key: c for c in codes if c.key}
    applied: list[str] = []
    missed: list[str] = []
    for entry in entries:
        key = entry.get("key")
        if not key:
            continue
        code = by_name.get(" ".join(str(entry["name"]).split()).casefold())
        if code is not None and code.key == key:
            applied.append(key)
            continue
        other = holder.get(key)
        why = f"{key} is held by “{display_safe(other.name)}”" if other is not None else f"{key} is not set"
        missed.append(f"{display_safe(str(entry['name']))} ({why})")
    if not applied and not missed:
        return "its codes have no keys."
    text = f"keys {key_ranges(applied)} apply its codes" if applied else "none of its keys could be given"
    if missed:
        text += f"; {count(len(missed), 'code')} got no key: " + ", ".join(missed)
        text += " (set keys in the codebook, ctrl+k)"
    return text + "."
