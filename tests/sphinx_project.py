"""A small Sphinx project with the book's extensions from _ext/, built in a temporary folder (sphinx.testing)."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_html(tmp_path: Path, extensions: Iterable[str], files: Mapping[str, str], static: Iterable[str] = (),
               page: str = "index") -> tuple[str, str]:
    """Build ``files`` (name → text, e.g. ``{"index.md": …}``) with ``extensions``; return a page's HTML and the warnings.

    ``static`` names files of the book's ``_static/`` to copy into the project's, for the extensions that
    add them to the page.
    """
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    src.mkdir(parents=True)
    static = list(static)
    if static:
        (src / "_static").mkdir()
        for name in static:
            shutil.copy(ROOT / "_static" / name, src / "_static" / name)
    conf = [f"import sys\nsys.path.insert(0, {str(ROOT / '_ext')!r})", f"extensions = {list(extensions)!r}"]
    if static:
        conf.append("html_static_path = ['_static']")
    (src / "conf.py").write_text("\n".join(conf) + "\n", encoding="utf-8")
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "build")
    try:
        app.build()
        html = (tmp_path / "build" / "html" / f"{page}.html").read_text(encoding="utf-8")
        return html, app._warning.getvalue()
    finally:
        app.cleanup()
