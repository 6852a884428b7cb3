"""The published site in a real browser: headless Chromium (Debian's package) driven by Playwright.

The built book is served on localhost; every page must load without console errors or failed
requests, the sidebar must list the chapters in the study's order, the search must find pages,
every figure must load and carry alt text, and the glued numbers must be visible. (The "next" links
are followed in tests/test_site.py, from the HTML files.) The first
screen of every page is saved under ``test-output/screenshots/erster-bildschirm/`` for a person to look at.

Accessibility: axe-core (axe-playwright-python) finds no violation of the WCAG 2.0/2.1 A and AA rules
on any page, in the light theme and after switching to dark mode with the theme's own button, with
every collapsed box (code, "Daten zur Abbildung", solutions) open and one provenance tooltip shown; the provenance
marks are reached with the keyboard, show their tooltip and a visible focus outline in both modes.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest

from kmunetz import formatting, paths, published
from kmunetz.builder import book

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("book")]

ROOT = paths.project_root(Path(__file__).parent)
SHOTS = ROOT / "test-output" / "screenshots"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(built_book):
    handler = functools.partial(_Quiet, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def pages() -> list[str]:
    return [str(p.relative_to(ROOT).with_suffix(".html")) for p in book.toc_files(ROOT)]


def open_page(browser, url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url} ({r.failure})"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="networkidle")
    return page, problems


#: The first screen: the heading, then the first paragraph, with no code toggle or cell output above it.
FIRST_SCREEN = """() => {
  const art = document.querySelector('article.bd-article');
  const h1 = art.querySelector('h1');
  const after = el => h1.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING;
  const para = [...art.querySelectorAll('p')].find(p => after(p) && !p.closest('.cell, .admonition, table')
                                                    && p.innerText.trim().length > 60);
  const bottom = para ? para.getBoundingClientRect().bottom : Infinity;
  const above = [...art.querySelectorAll('.cell, details, button.toggle-button, .admonition')]
    .filter(el => el.getBoundingClientRect().height > 0 && el.getBoundingClientRect().top < bottom)
    .map(el => el.className || el.tagName);
  return {paragraph: !!para, bottom: bottom, above: above};
}"""

#: Tables that do not fit the text column: wider than their scroll box, or reaching out of the article.
WIDE_TABLES = """() => {
  document.querySelectorAll('article details').forEach(d => d.open = true);
  document.querySelectorAll('article button.toggle-button[aria-expanded="false"]').forEach(b => b.click());
  const art = document.querySelector('article.bd-article'); const a = art.getBoundingClientRect(); const out = [];
  art.querySelectorAll('table').forEach(t => {
    if (t.offsetParent === null) return;
    let box = t.parentElement;
    while (box !== art && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
    const hidden = box !== art && box.scrollWidth > box.clientWidth + 1;
    if (hidden || t.getBoundingClientRect().right > a.right + 1)
      out.push((t.querySelector('th') || t).innerText.slice(0, 40) + ': ' + Math.round(t.scrollWidth) + ' px');
  });
  return out;
}"""


@pytest.mark.parametrize("name", pages())
def test_page_loads_cleanly_opens_with_its_text_and_its_tables_and_figures_fit(site, browser, name):
    """One visit per page: no console error or failed request, the heading and first paragraph on the first
    screen with nothing above, every figure loaded with its alt text, every table within the text column."""
    page, problems = open_page(browser, f"{site}/{name}")
    assert page.locator("article.bd-article h1").count() == 1
    assert problems == [], "\n".join(problems)
    images = page.locator("article img").evaluate_all(
        "els => els.map(e => ({src: e.getAttribute('src'), w: e.naturalWidth, alt: e.getAttribute('alt') || ''}))")
    for img in images:
        assert img["w"] > 0, f"{name}: image did not load: {img['src']}"
        assert len(img["alt"]) >= 40 and not img["alt"].lower().startswith(("png", "image", "_images")), img
    first = page.evaluate(FIRST_SCREEN)
    assert first["paragraph"], f"{name}: no paragraph of text after the heading"
    assert first["bottom"] <= 900, f"{name}: the first paragraph ends below the first screen ({first['bottom']:.0f} px)"
    assert first["above"] == [], f"{name}: above the first paragraph: {first['above']}"
    shots = SHOTS / "erster-bildschirm"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / (Path(name).stem + ".png")))
    assert page.evaluate(WIDE_TABLES) == [], f"{name}: tables wider than the text column at 1280 px"
    page.close()


def test_sidebar_lists_every_chapter_in_order(site, browser):
    page, _ = open_page(browser, f"{site}/intro.html")
    hrefs = page.locator("nav.bd-docs-nav a.reference.internal").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    chapters = [h.split("#")[0] for h in hrefs if h.startswith("chapters/")]
    assert chapters == pages()[1:]
    page.close()


@pytest.mark.parametrize("term, target", [("Ludwigsburg", "praxis-ludwigsburg.html"), ("Ressourcenmangel", "huerden.html")])
def test_search_finds_the_page(site, browser, term, target):
    page, problems = open_page(browser, f"{site}/search.html?q={term}")
    page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    links = page.locator("#search-results ul.search li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(target in (h or "") for h in links), links
    assert problems == []
    page.close()


def test_glued_numbers_are_visible(site, browser):
    page, _ = open_page(browser, f"{site}/chapters/bewerberlage.html")
    text = page.locator("main").inner_text()
    # the study's numbers in its own words ("zehn Bewerber", "drei geeignet", "32"): the number's word is visible
    for key in ["bewerber_klein", "geeignete_klein", "bewerber_gross", "geeignete_gross"]:
        number = published.get(key)["wording"].split()[0]
        assert re.search(rf"\b{number}(?![a-zäöüß\d])", text), (key, number)  # the mark's letter may follow
    page.close()
    import nbformat

    from kmunetz import glue

    nb = nbformat.read(ROOT / "_build" / "source" / "chapters" / "rolle-der-kmu.ipynb", as_version=4)
    values = glue.values_from_notebook(nb)
    page, _ = open_page(browser, f"{site}/chapters/rolle-der-kmu.html")
    # the recomputed values sit in the collapsed analysis layer: hidden until the reader opens it
    assert "zwei Drittel" in page.locator("main").inner_text()
    page.locator("details.kmunetz-analysis > summary").first.click()
    text = page.locator("main").inner_text().replace("\u00a0", " ")
    assert formatting.percent(values["kmu_aktiv"], 1, scale=1).replace("\u00a0", " ") in text
    assert values["kmu_aktiv_ci"].replace("\u00a0", " ") in text
    page.close()


#: The WCAG 2.0 and 2.1 rules of levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

#: Open every collapsed box of the article and the first provenance tooltip, so that axe checks them too.
OPEN_ALL = """() => {
  document.querySelectorAll('article details').forEach(d => d.open = true);
  const value = document.querySelector('article .kmunetz-value');
  if (value) value.classList.add('kmunetz-open');
}"""


def switch_to_dark(page):
    """Click the theme's own button (light → dark → auto) until the page is dark; then move the pointer and
    the focus away, so that the button's tooltip is gone before anything is measured."""
    for _ in range(3):
        if page.evaluate("document.documentElement.dataset.theme") == "dark":
            break
        page.locator(".theme-switch-button").first.click()
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_function("!document.querySelector('.tooltip')")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    settle(page)


def settle(page):
    """Wait until the colours' transitions and the boxes' fading in have ended (axe measures what is drawn)."""
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


def axe_violations(page, name: str, mode: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return [f"{name} [{mode}] {v['id']}: {', '.join(map(str, n['target']))} {n['html'][:160]}"
            f" ({' '.join(n.get('failureSummary', '').split())[:220]})"
            for v in result.response["violations"] for n in v["nodes"]]


@pytest.mark.parametrize("name", pages() + ["genindex.html", "search.html"])
def test_page_has_no_wcag_violations_in_light_and_dark_mode(site, browser, name):
    """axe-core, WCAG 2.0/2.1 A and AA: none in the light theme (the book's default), none after the
    theme's button has switched to dark mode; collapsed boxes and one tooltip are open for both runs."""
    page, _ = open_page(browser, f"{site}/{name}")
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    page.evaluate(OPEN_ALL)
    settle(page)
    found = axe_violations(page, name, "light")
    switch_to_dark(page)
    found += axe_violations(page, name, "dark")
    page.close()
    assert found == [], f"{len(found)} accessibility violations:\n" + "\n".join(found)


#: Press Tab until a provenance mark has the focus; its tooltip and focus outline, as a reader sees them.
FOCUSED_MARK = """() => {
  const el = document.activeElement;
  if (!el || !el.classList.contains('kmunetz-value')) return null;
  const tip = el.querySelector('.kmunetz-tip'); const s = getComputedStyle(el);
  return {tip: getComputedStyle(tip).display, outline: s.outlineStyle, width: parseFloat(s.outlineWidth)};
}"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_provenance_marks_are_reached_by_keyboard_with_visible_focus(site, browser, mode):
    page, _ = open_page(browser, f"{site}/chapters/rolle-der-kmu.html")
    if mode == "dark":
        switch_to_dark(page)
    page.locator("article h1").click()
    for _ in range(60):
        page.keyboard.press("Tab")
        mark = page.evaluate(FOCUSED_MARK)
        if mark:
            break
    assert mark, "no provenance mark within 60 presses of Tab after the heading"
    assert mark["tip"] == "block" and mark["outline"] != "none" and mark["width"] >= 2, mark
    page.keyboard.press("Escape")
    assert page.evaluate("getComputedStyle(document.activeElement.querySelector('.kmunetz-tip')).display") == "none"
    page.close()
