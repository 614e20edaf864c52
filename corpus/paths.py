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


PACKAGES = ("corpus", "annotations", "tui")


def package_folders() -> list[Path]:
    """The folders of margin's own installed packages: nothing of the user's goes there.

    The three packages are installed side by side (site-packages, or the source tree
    for an editable install), so they are found from this file's location.
    """
    top = Path(__file__).resolve().parent.parent
    return [top / name for name in PACKAGES]


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or somewhere under it (both resolved)."""
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents
