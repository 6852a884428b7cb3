"""File helpers of the builder, each in one place: hashing a tree, writing files safely, copying the project,
building the wheel."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

__all__ = ["tree_digest", "write_if_changed", "atomic_write", "copy_project", "build_wheel", "PROJECT_IGNORE"]

#: What a copy of the project leaves out: builds, environments, caches.
PROJECT_IGNORE = ("_build", ".venv", ".git", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info",
                  "test-output", "build", "dist")


def tree_digest(base: Path, files: Iterable[Path]) -> str:
    """SHA-256 of the files' paths (relative to ``base``) and contents, in sorted order.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); (d / "a").write_text("x"); (d / "b").write_text("y")
    1
    1
    >>> tree_digest(d, [d / "a", d / "b"]) == tree_digest(d, [d / "b", d / "a"]) != tree_digest(d, [d / "a"])
    True
    """
    h = hashlib.sha256()
    for f in sorted(files):
        h.update(str(Path(f).relative_to(base)).encode() + b"\0" + Path(f).read_bytes() + b"\0")
    return h.hexdigest()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` (atomically) unless it already holds them; return whether it wrote."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def atomic_write(files: Mapping[Path, str]) -> None:
    """Write all files or none: each goes to a temporary file first, then all are moved into place."""
    tmps = []
    try:
        for target, text in files.items():
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            tmps.append((tmp, target))
        for tmp, target in tmps:
            os.replace(tmp, target)
    finally:
        for tmp, _ in tmps:
            if os.path.exists(tmp):
                os.unlink(tmp)


def copy_project(root: Path, dest: Path) -> Path:
    """Copy the project's sources (no builds, environments or caches) to ``dest``; links stay links."""
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns(*PROJECT_IGNORE), symlinks=True)
    return dest


def build_wheel(root: Path, out_dir: Path, log=print) -> Path | None:
    """Build the kmunetz wheel of this checkout into ``out_dir`` (for the student zip); None if pip cannot.

    The build runs in a private copy of the project: setuptools writes ``build/`` and ``*.egg-info``
    into the tree it builds, so two builds of the same checkout at once (parallel tests, a student
    edition beside them) would break each other.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("kmunetz-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="kmunetz-wheel-") as tmp:
        source = copy_project(Path(root), Path(tmp) / "source")
        proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", str(source),
                               "-w", str(out_dir)], capture_output=True, text=True)
    wheels = sorted(out_dir.glob("kmunetz-*.whl"))
    if proc.returncode != 0 or not wheels:
        log("Could not build the kmunetz wheel for the student zip; its notebooks will install kmunetz from the "
            f"repository instead. pip said: {(proc.stderr or proc.stdout).strip().splitlines()[-1:]}")
        return None
    return wheels[-1]
