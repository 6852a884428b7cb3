"""The book's table of contents (``_toc.yml``: which pages, in which order) and its repository (``_config.yml``)."""

from __future__ import annotations

from pathlib import Path

import yaml

__all__ = ["toc_pages", "toc_files", "repository"]


def toc_pages(root: Path) -> list[tuple[str, str | None]]:
    """Every page named in ``_toc.yml`` (without suffix) with its part's caption, in navigation order.

    The root page and chapters outside parts have no caption (None).
    """
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    out: list[tuple[str, str | None]] = [(toc["root"], None)]

    def walk(entries, caption):
        for e in entries or []:
            if "file" in e:
                out.append((e["file"], caption))
            walk(e.get("sections"), caption)

    for p in toc.get("parts", []):
        walk(p.get("chapters"), p.get("caption"))
    walk(toc.get("chapters"), None)
    return out


def toc_files(root: Path, part: str | None = None) -> list[Path]:
    """Return the source files named in ``_toc.yml`` (root page first), in navigation order.

    With ``part``, only the files of the part with that caption (e.g. "Die Studie", "Anhang").
    """
    names = [name for name, caption in toc_pages(root) if part is None or caption == part]
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
