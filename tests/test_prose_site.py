"""German that reads right with any data: the prose check (kmunetz.prose) on several built books.

The default book, an edition with another seed and 90 % intervals, a small survey of 60 networks and a
book built from real-file fixtures. Every page of each is read as a reader sees it (prose, headings,
captions, tooltips, tables, cell outputs; not code), and every rule must pass. Exceptions are listed
with a reason in ``tests/fixtures/prose_allowed.csv``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from kmunetz import paths, prose
from kmunetz.builder import book

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("book")]

ROOT = paths.project_root(Path(__file__).parent)
ALLOWED = Path(__file__).parent / "fixtures" / "prose_allowed.csv"
PAGES = [str(p.relative_to(ROOT).with_suffix(".html")) for p in book.toc_files(ROOT)]


def allowed() -> list[tuple[str, str, re.Pattern]]:
    with ALLOWED.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert all(r["reason"].strip() for r in rows), "every exception needs a reason"
    assert {r["rule"] for r in rows} <= set(prose.RULES) | {"*"}, "an exception names an unknown rule"
    return [(r["page"], r["rule"], re.compile(r["pattern"])) for r in rows]


@pytest.mark.parametrize("which", ["default", "edition", "small", "real"])
def test_the_book_reads_as_german(which, request):
    html = request.getfixturevalue({"default": "built_book", "edition": "edition_book", "small": "small_book",
                                    "real": "real_book"}[which])
    findings = prose.check_book(html, PAGES, allowed())
    assert not findings, f"{len(findings)} problem(s) in the {which} book:\n" + "\n".join(map(str, findings[:40]))


def test_the_check_reads_every_page_it_should(built_book):
    # the check must see the text: a page's blocks include its heading and its glued numbers
    blocks = prose.blocks((built_book / "chapters" / "rolle-der-kmu.html").read_text(encoding="utf-8"))
    assert any("Rolle" in b for b in blocks)
    assert sum(bool(re.search(r"\d\u00a0%", b)) for b in blocks) >= 5
