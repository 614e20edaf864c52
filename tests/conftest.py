"""Shared fixtures: every test gets its own cache, data and config folders."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Module- and session-scoped fixtures too must never touch the user's folders."""
    base = tempfile.mkdtemp(prefix="margin-tests-")
    for name in ("CACHE", "DATA", "CONFIG"):
        os.environ[f"MARGIN_{name}_DIR"] = os.path.join(base, name.lower())


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep margin's caches and stores out of the user's real folders."""
    base = tmp_path_factory.mktemp("margin-home")
    for name in ("CACHE", "DATA", "CONFIG"):
        folder = base / name.lower()
        folder.mkdir()
        monkeypatch.setenv(f"MARGIN_{name}_DIR", str(folder))
    monkeypatch.setenv("MARGIN_CODER", "tester")
    return base


@pytest.fixture
def make_corpus(tmp_path: Path):
    """Write ``{relative path: bytes or str}`` into a fresh corpus folder."""

    def make(files: dict[str, bytes | str], name: str = "corpus") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return root

    return make
