"""The layering rule: corpus and annotations never import Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return set(out.split())


@pytest.mark.parametrize("package", ["corpus", "annotations"])
def test_core_packages_do_not_import_textual(package: str) -> None:
    # Import every module of the package, not just its __init__.
    code = (
        f"import pkgutil, importlib, {package}\n"
        f"for m in pkgutil.walk_packages({package}.__path__, '{package}.'):\n"
        f"    importlib.import_module(m.name)"
    )
    modules = _modules_after(code)
    assert not any(m == "textual" or m.startswith("textual.") for m in modules)


def test_corpus_does_not_import_annotations() -> None:
    code = (
        "import pkgutil, importlib, corpus\n"
        "for m in pkgutil.walk_packages(corpus.__path__, 'corpus.'):\n"
        "    importlib.import_module(m.name)"
    )
    modules = _modules_after(code)
    assert not any(m == "annotations" or m.startswith("annotations.") for m in modules)


def test_batch_command_line_does_not_import_textual() -> None:
    # The console script with every command registered, the reader's included.
    modules = _modules_after("import tui.main")
    assert "textual" not in modules
    assert not any(m.startswith(("tui.app", "tui.screens", "tui.widgets")) for m in modules)
