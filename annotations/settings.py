"""User settings shared by the command line and the app: coder name, key bindings.

Read from ``config.toml`` in the user config directory::

    coder = "Aigerim"
    [keys]
    undo = "u"
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

from corpus.paths import config_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def config_path() -> Path:
    return config_dir() / "config.toml"


def load_config() -> dict[str, Any]:
    """The parsed config file, or ``{}`` when it is missing or unreadable."""
    try:
        with config_path().open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def resolve_coder(explicit: str | None = None) -> str:
    """``--coder``, else the config's ``coder``, else the login name."""
    if explicit and explicit.strip():
        return explicit.strip()
    configured = load_config().get("coder")
    if isinstance(configured, str) and configured.strip():
        return configured.strip()
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"
