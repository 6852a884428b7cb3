"""The book's table of contents (``_toc.yml``: which pages, in which order) and its repository (``_config.yml``)."""

from __future__ import annotations

from pathlib import Path

import yaml

__all__ = ["toc_files", "repository"]


def toc_files(root: Path, part: str | None = None) -> list[Path]:
    """Return the source files named in ``_toc.yml`` (root page first), in navigation order.

    With ``part``, only the files of the part with that caption (e.g. "Die Studie", "Anhang").
    """
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names: list[str] = [toc["root"]] if part is None else []

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                names.append(e["file"])
            walk(e.get("sections"))

    for p in toc.get("parts", []):
        if part is None or p.get("caption") == part:
            walk(p.get("chapters"))
    if part is None:
        walk(toc.get("chapters"))
    out = []
    for name in names:
        matches = [root / f"{name}{ext}" for ext in (".md", ".ipynb") if (root / f"{name}{ext}").is_file()]
        if not matches:
            raise FileNotFoundError(f"_toc.yml names {name!r}, but neither {name}.md nor {name}.ipynb exists")
        out.append(matches[0])
    return out


def repository(root: Path) -> tuple[str, str]:
    """The repository URL and the branch of the launch buttons, as set once in ``_config.yml``."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    repo = config.get("repository") or {}
    return str(repo.get("url", "")).rstrip("/"), str(repo.get("branch", "main"))
