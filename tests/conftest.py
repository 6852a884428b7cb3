"""Shared fixtures: the project root and a built book (built once per test session)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kmunetz import book, paths

ROOT = paths.project_root(Path(__file__).parent)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_book(root: Path) -> Path:
    """Build the default book (reusing executed chapters whose inputs did not change); return _build/html."""
    result = book.build(root=root, jobs=2)
    assert result.returncode == 0, f"book build failed: {result.failed}"
    return root / "_build" / "html"


def copy_project(root: Path, dest: Path) -> Path:
    """Copy the project sources (not builds, not the venv) to ``dest`` for tests that modify it."""
    ignore = shutil.ignore_patterns("_build", ".venv", ".git", "__pycache__", ".pytest_cache", ".hypothesis",
                                    "*.egg-info", "test-output", "__pycache__")
    shutil.copytree(root, dest, ignore=ignore)
    return dest


@pytest.fixture
def project_copy(root: Path, tmp_path: Path, monkeypatch) -> Path:
    dest = copy_project(root, tmp_path / "project")
    monkeypatch.setenv("KMUNETZ_ROOT", str(dest))
    return dest
