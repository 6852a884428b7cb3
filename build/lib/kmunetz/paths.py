"""Where the project, its data and its build outputs live.

The project root is the folder that holds ``_toc.yml`` and ``src/kmunetz``. It is found, in this
order, from the environment variable ``KMUNETZ_ROOT``, by walking up from the current working
directory (so that a copy of the project in another folder is self-contained), or from the location
of this package in a source checkout.

The data (codebook, catalogue of the study's numbers, assumptions) are edited in the project's
``data/`` folder. The installed package carries the same files as package data (the wheel is built
from ``data/`` through the link ``src/kmunetz/data``), so that :func:`data_dir` finds them through
``importlib.resources`` where no project is around: in a student's notebook, in Colab, on Binder.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

__all__ = [
    "project_root",
    "data_dir",
    "package_data_dir",
    "published_dir",
    "chapters_dir",
    "build_dir",
    "resolve_input",
]

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def _is_root(path: Path) -> bool:
    return (path / "_toc.yml").is_file() and (path / "data").is_dir()


def project_root(start: Path | str | None = None) -> Path:
    """Return the project root folder.

    Parameters
    ----------
    start : path-like, optional
        Folder to start the upward search from; defaults to the current working directory.

    Returns
    -------
    pathlib.Path
        The absolute path of the project root.

    Examples
    --------
    >>> (project_root() / "_toc.yml").is_file()
    True
    """
    return _find_root(os.environ.get("KMUNETZ_ROOT"), str(Path(start or Path.cwd()).resolve()))


@lru_cache(maxsize=64)
def _find_root(env: str | None, start: str) -> Path:
    """The project root for this environment setting and start folder (cached: the data layer asks often)."""
    if env:
        root = Path(env).resolve()
        if not _is_root(root):
            raise FileNotFoundError(
                f"KMUNETZ_ROOT={env!r} is not a project root: expected _toc.yml and data/ inside it"
            )
        return root
    here = Path(start)
    for candidate in (here, *here.parents):
        if _is_root(candidate):
            return candidate
    if _is_root(_PACKAGE_ROOT):
        return _PACKAGE_ROOT
    raise FileNotFoundError(
        f"no project root found above {here} (a folder with _toc.yml and data/); "
        "set KMUNETZ_ROOT to the project folder"
    )


def data_dir() -> Path:
    """Return the ``data/`` folder of the project, or the package's copy where there is no project."""
    try:
        return project_root() / "data"
    except FileNotFoundError:
        return package_data_dir()


def package_data_dir() -> Path:
    """Return the data shipped inside the installed package (``kmunetz/data``, via ``importlib.resources``)."""
    from importlib.resources import files

    folder = Path(str(files("kmunetz") / "data"))
    if not (folder / "codebook.yaml").is_file():
        raise FileNotFoundError(f"{folder}: the package data are missing (codebook.yaml); reinstall kmunetz")
    return folder


def published_dir() -> Path:
    """Return ``data/published/``, the catalogue of the study's numbers."""
    return data_dir() / "published"


def chapters_dir() -> Path:
    """Return the ``chapters/`` folder with the MyST notebooks."""
    return project_root() / "chapters"


def build_dir() -> Path:
    """Return the ``_build/`` folder for all build outputs."""
    return project_root() / "_build"


def resolve_input(path: str | os.PathLike) -> Path:
    """Resolve a user-given input path: absolute, relative to the working directory, or to the root.

    Examples
    --------
    >>> resolve_input("data/published/numbers.csv").name
    'numbers.csv'
    """
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p.resolve()
    try:
        candidate = project_root() / p
    except FileNotFoundError:  # no project around (an installed package): relative to the working directory
        return p.resolve()
    return candidate.resolve() if candidate.exists() else p.resolve()
