"""Where margin keeps its own files: never in the corpus, never in the package.

Each location can be moved with an environment variable (tests use them to keep the
user's real folders untouched).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path


def _dir(env: str, kind: str) -> Path:
    override = os.environ.get(env)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")("margin", appauthor=False))


def cache_dir() -> Path:
    """Rebuildable data: corpus indexes and search indexes."""
    return _dir("MARGIN_CACHE_DIR", "cache")


def data_dir() -> Path:
    """The user's work: annotation stores."""
    return _dir("MARGIN_DATA_DIR", "data")


def config_dir() -> Path:
    """Settings: coder name, key bindings."""
    return _dir("MARGIN_CONFIG_DIR", "config")


def corpus_slug(root: Path) -> str:
    """A readable, collision-free folder name for a corpus root."""
    resolved = root.resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", resolved.name).strip("-.") or "corpus"
    return f"{name[:40]}-{digest}"


def bundled_sample() -> Path:
    """The five seed statements shipped inside the package."""
    return Path(__file__).resolve().parent / "sample"
