"""`make publish`: every launch and download link of the built site points to a file that publish writes."""

from __future__ import annotations

import pytest
import yaml

from kmunetz.builder import publish

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("book")]


def test_launch_targets_reads_binder_colab_and_download_links():
    html = ('<a href="https://mybinder.org/v2/gh/o/r/nb?urlpath=lab/tree/chapters/a.ipynb">B</a>'
            '<a href="https://colab.research.google.com/github/o/r/blob/nb/chapters/a.ipynb">C</a>'
            '<a href="../_sources/chapters/a.ipynb">D</a><a href="other.html">x</a>')
    assert publish.launch_targets(html) == [("notebooks", "chapters/a.ipynb"), ("notebooks", "chapters/a.ipynb"),
                                            ("site", "../_sources/chapters/a.ipynb")]


def test_every_launch_and_download_link_resolves(root, built_book, tmp_path):
    out = publish.publish(root, built_book, root / "_build" / "source", tmp_path / "publish", log=lambda *a: None)
    site, notebooks = out / "site", out / "notebooks"
    url, branch = publish.repository(root)
    checked = 0
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for kind, target in publish.launch_targets(html):
            if kind == "notebooks":
                assert f"/{branch}" in html, f"{page.name}: launch link not on the branch {branch!r}"
                assert (notebooks / target).is_file(), f"{page.relative_to(site)}: {target} is not published"
            else:
                assert (page.parent / target).resolve().is_file(), f"{page.relative_to(site)}: {target} missing"
            checked += 1
    assert checked >= 40, checked  # every chapter has Binder, Colab and download links
    owner_name = url.split("github.com/", 1)[1]  # the buttons name the repository of _config.yml
    assert f"gh/{owner_name}/{branch}" in (site / "chapters" / "netzwerke.html").read_text(encoding="utf-8")


def test_binder_gets_an_environment_and_kmunetz(root, built_book, tmp_path):
    out = publish.publish(root, built_book, root / "_build" / "source", tmp_path / "publish", log=lambda *a: None)
    notebooks = out / "notebooks"
    env = yaml.safe_load((notebooks / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert not any(p.startswith("-e") for p in pip), "no source tree on the notebooks branch"
    post = (notebooks / "postBuild").read_text(encoding="utf-8")
    wheel = next(notebooks.glob("kmunetz-*.whl"))
    assert wheel.name in post and (notebooks / "postBuild").stat().st_mode & 0o111
    first = (notebooks / "chapters" / "netzwerke.ipynb").read_text(encoding="utf-8")
    assert "kmunetz-setup" in first  # the set-up cell travels with the reader's notebook
