"""Shared fixtures: the project root and a built book (built once per test session)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kmunetz import paths
from kmunetz.builder import book
from kmunetz.builder.files import copy_project

ROOT = paths.project_root(Path(__file__).parent)
#: Debian's Chromium, which the browser tests drive through Playwright (never a downloaded browser).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def package_name(name: str) -> str:
    """A package name in the normal form pip compares (``PyYAML`` → ``pyyaml``, ``typing_extensions`` → ``typing-extensions``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_versions(root: Path) -> dict[str, str]:
    """Every package of ``requirements.lock``: normal name → pinned version."""
    pins = {}
    for line in (root / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, ver = line.partition("==")
        assert sep, f"requirements.lock: {line!r} is not pinned with =="
        pins[package_name(name)] = ver
    return pins


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_book(root: Path) -> Path:
    """Build the default book with its PDF, as ``make pdf`` does (reusing executed chapters whose inputs did not
    change); return _build/html."""
    result = book.build(root=root, jobs=2, pdf=True)
    assert result.returncode == 0, f"book build failed: {result.failed}"
    return root / "_build" / "html"


#: The parameters of :func:`edition_book`.
EDITION = {"seed": 7, "confidence": 0.9, "model": "probit", "runs": 100}


@pytest.fixture(scope="session")
def edition_book(root: Path) -> Path:
    """An edition with another seed, 90 % intervals, the probit model and a sweep of 100 surveys; its HTML folder.

    Built once per session, with its PDF (the robustness chapter's shorter sweep keeps it quick and gives other
    numbers).
    """
    result = book.build(root=root, jobs=2, parameters=EDITION, pdf=True)
    assert result.returncode == 0, result.failed
    return result.html


@pytest.fixture(scope="session")
def small_book(root: Path) -> Path:
    """An edition with a small survey (60 networks, another seed, a sweep of 100); return its HTML folder."""
    result = book.build(root=root, jobs=2, parameters={"seed": 11, "n": 60, "runs": 100})
    assert result.returncode == 0, result.failed
    return result.html


@pytest.fixture(scope="session")
def real_book(root: Path, tmp_path_factory) -> Path:
    """A book built from real-file fixtures: a survey and an expert file that follow the codebook."""
    from kmunetz import synthetic

    folder = tmp_path_factory.mktemp("real")
    survey, experts = folder / "befragung.csv", folder / "panel.csv"
    synthetic.generate_survey(seed=101).to_csv(survey, index=False)
    synthetic.generate_experts(seed=101).to_csv(experts, index=False)
    result = book.build(root=root, jobs=2, parameters={"survey": str(survey), "experts": str(experts)})
    assert result.returncode == 0, result.failed
    return result.html


@pytest.fixture(scope="session")
def unpacked_wheel(root: Path, tmp_path_factory) -> Path:
    """The kmunetz wheel of this checkout, built and unpacked outside the project (a folder for PYTHONPATH)."""
    import zipfile

    from kmunetz.builder.files import build_wheel

    out = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(root, out, log=pytest.fail)  # the builder's own wheel; a failure ends the test
    site = out / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    return site


@pytest.fixture
def project_copy(root: Path, tmp_path: Path, monkeypatch) -> Path:
    dest = copy_project(root, tmp_path / "project")
    monkeypatch.setenv("KMUNETZ_ROOT", str(dest))
    return dest


#: The chapters of :func:`small_project`: one with the study's numbers only, one with survey shares.
SMALL_TOC = ["chapters/bewerberlage", "chapters/typen"]


@pytest.fixture
def small_project(project_copy: Path) -> Path:
    """A project copy whose table of contents has the root page and two quick chapters.

    The builder caches, executes and fails chapter by chapter, so two chapters show what the whole
    book would, in seconds.
    """
    import yaml

    toc = {"format": "jb-book", "root": "intro", "chapters": [{"file": f} for f in SMALL_TOC]}
    (project_copy / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    return project_copy


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for the tests of one module (the browser, form and accessibility tests)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: apt-get install chromium (make test does this)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
