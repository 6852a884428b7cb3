"""What a static host serves: the site, and the notebooks behind its launch buttons.

``kmunetz publish`` (``make publish``) writes, from a built book,

- ``site/``: the HTML site (and the PDF edition where one was built, ``_build/pdf/*.pdf``);
- ``notebooks/``: the tree the Colab and Binder buttons open, on the branch ``repository.branch`` of
  the repository ``repository.url`` in ``_config.yml``: every chapter as an executed ``.ipynb`` at the
  path the buttons use (``chapters/<name>.ipynb``), the kmunetz wheel, an ``environment.yml`` without
  the editable install and a ``postBuild`` that installs the wheel (Binder runs both).

The workflow in ``.github/workflows/book.yml`` publishes ``site/`` to GitHub Pages and pushes
``notebooks/`` to that branch.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import yaml

from .files import build_wheel
from .toc import repository

__all__ = ["publish", "launch_targets", "repository"]


def launch_targets(html: str) -> list[tuple[str, str]]:
    """The (kind, path) every launch or download link of a page points to.

    Binder and Colab links give the path inside the repository branch; the download link gives the
    path relative to the page. Examples: ``("notebooks", "chapters/netzwerke.ipynb")`` and
    ``("site", "../_sources/chapters/netzwerke.ipynb")``.
    """
    out = []
    for href in re.findall(r'href="([^"]+)"', html):
        href = href.replace("&amp;", "&")
        if "mybinder.org/v2/gh/" in href:
            urlpath = parse_qs(urlparse(href).query).get("urlpath", [""])[0]
            out.append(("notebooks", urlpath.split("/tree/", 1)[-1]))
        elif "colab.research.google.com/github/" in href:
            out.append(("notebooks", href.split("/blob/", 1)[1].split("/", 1)[1]))
        elif "_sources/" in href and href.endswith((".ipynb", ".md")):
            out.append(("site", href))
    return out


def publish(root: Path, html_dir: Path, source_dir: Path, out: Path, log=print) -> Path:
    """Write ``site/`` and ``notebooks/`` into ``out`` (emptied first) from a built book; return ``out``.

    ``html_dir`` is the built site, ``source_dir`` the staged executed notebooks (``_build/source``).
    """
    if not (html_dir / "index.html").is_file():
        raise FileNotFoundError(f"{html_dir}: no built site (index.html missing); run make book first")
    if out.exists():
        shutil.rmtree(out)
    site, notebooks = out / "site", out / "notebooks"
    shutil.copytree(html_dir, site)
    for pdf in sorted((root / "_build" / "pdf").glob("*.pdf")):
        shutil.copy2(pdf, site / pdf.name)
    for nb in sorted((source_dir / "chapters").glob("*.ipynb")):
        target = notebooks / "chapters" / nb.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(nb, target)
    wheel = build_wheel(root, notebooks, log)
    env = yaml.safe_load((root / "environment.yml").read_text(encoding="utf-8"))
    for dep in env.get("dependencies", []):
        if isinstance(dep, dict) and "pip" in dep:
            dep["pip"] = [p for p in dep["pip"] if not p.startswith("-e")]  # no source tree on this branch
    (notebooks / "environment.yml").write_text(
        "# Environment for Binder, derived from the book's environment.yml (kmunetz comes from postBuild).\n"
        + yaml.safe_dump(env, sort_keys=False, allow_unicode=True), encoding="utf-8")
    url, branch = repository(root)
    install = f"pip install --no-deps {wheel.name}" if wheel else f"pip install --no-deps 'kmunetz @ git+{url}'"
    (notebooks / "postBuild").write_text(f"#!/bin/bash\nset -euo pipefail\n{install}\n", encoding="utf-8")
    (notebooks / "postBuild").chmod(0o755)
    (notebooks / "README.md").write_text(
        f"# Notebooks des Buchs\n\nDieser Zweig (`{branch}`) enthält die ausgeführten Kapitel als Notebooks für "
        "die Schaltflächen „Binder“ und „Colab“ des Buchs. Er wird bei jeder Veröffentlichung neu geschrieben.\n",
        encoding="utf-8")
    log(f"Published: {site} (site), {notebooks} (the branch {branch!r} of {url})")
    return out
