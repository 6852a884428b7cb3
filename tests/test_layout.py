"""The built site on a phone and in dark mode: headless Chromium (Debian's package) driven by Playwright.

At 390 × 844 px (a common phone), on every page of the book:

- the page is never wider than the screen (``document.documentElement.scrollWidth``), every h1/h2 fits
  its box (long German compounds break), every table either fits or sits in a box that scrolls
  sideways (``overflow-x: auto``/``scroll``) and itself fits the screen, and the links to the previous and
  next chapter (long question titles) stay on the screen;
- a figure's tick labels, legends and value labels are at least :data:`MIN_LABEL_PX` CSS pixels high: the
  theme's font size in points (``kmunetz.plotting.use_theme``) times the PNG's pixels per point (its dpi)
  times the factor the page scales the PNG by (shown width / natural width); at 1280 px they are no larger
  than the page's body text.

With the system in dark mode and nothing stored (a first visit), the theme follows the system
(``default_mode: auto``): ``html[data-theme]`` is "dark", figures sit on a white panel and the text of
tables and captions in cell outputs has WCAG AA contrast against what is behind it.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from kmunetz import paths
from kmunetz.builder import book

pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("book")]

ROOT = paths.project_root(Path(__file__).parent)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: Smallest readable height of chart text on a phone, in CSS pixels.
MIN_LABEL_PX = 9.0


def pages() -> list[str]:
    return [str(p.relative_to(ROOT).with_suffix(".html")) for p in book.toc_files(ROOT)]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(built_book):
    """The built book served on localhost (skipped when there is no built site)."""
    if not (built_book / "intro.html").is_file():
        pytest.skip(f"no built site in {built_book}")
    handler = functools.partial(_Quiet, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def open_page(browser, url: str, viewport: dict, scheme: str = "light"):
    """A page in a fresh context (empty localStorage), with the given viewport and system colour scheme.

    ``window.kmunetzStored`` is the number of localStorage entries before the page's own scripts ran.
    """
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    context.add_init_script("window.kmunetzStored = localStorage.length;")
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return context, page


#: Open every collapsed box and code cell, so that what they hold is measured too.
OPEN_ALL = """() => {
  document.querySelectorAll('article details').forEach(d => d.open = true);
  document.querySelectorAll('article button.toggle-button[aria-expanded="false"]').forEach(b => b.click());
}"""

#: What sticks out at a phone's width: the page, headings, tables outside a scroll box.
OVERFLOW = r"""() => {
  const doc = document.documentElement, screen = doc.clientWidth, art = document.querySelector('article.bd-article');
  const headings = [...art.querySelectorAll('h1, h2')].filter(h => h.scrollWidth > h.clientWidth + 1)
    .map(h => `${h.tagName} "${h.innerText.trim().slice(0, 60)}": ${h.scrollWidth} > ${h.clientWidth} px`);
  const tables = [];
  art.querySelectorAll('table').forEach(t => {
    if (t.offsetParent === null) return;
    const r = t.getBoundingClientRect();
    let box = t.parentElement;
    while (box && box !== document.body && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX))
      box = box.parentElement;
    const name = (t.querySelector('th') || t).innerText.trim().slice(0, 40);
    if (box && box !== document.body) {
      const b = box.getBoundingClientRect();
      if (b.left < -1 || b.right > screen + 1) tables.push(`${name}: its scroll box reaches ${Math.round(b.right)} px`);
    } else if (r.left < -1 || r.right > screen + 1) {
      tables.push(`${name}: ${Math.round(r.width)} px wide, not in a scroll box`);
    }
  });
  // the links to the previous and next chapter: inside the screen, their titles inside their box
  const nav = [...document.querySelectorAll('.prev-next-area a, .prev-next-area .prev-next-title')]
    .filter(e => { const r = e.getBoundingClientRect(); return r.left < -1 || r.right > screen + 1 || e.scrollWidth > e.clientWidth + 1; })
    .map(e => `${e.className} "${e.innerText.trim().replace(/\s+/g, ' ').slice(0, 50)}"`);
  return {page: doc.scrollWidth, body: document.body.scrollWidth, screen: screen, headings: headings, tables: tables,
          nav: nav};
}"""


@pytest.mark.parametrize("name", pages())
def test_page_fits_a_phone(site, browser, name):
    context, page = open_page(browser, f"{site}/{name}", PHONE)
    page.evaluate(OPEN_ALL)
    found = page.evaluate(OVERFLOW)
    context.close()
    assert found["screen"] == PHONE["width"]
    assert found["page"] <= PHONE["width"] and found["body"] <= PHONE["width"], (
        f"{name}: the page is {found['page']} px wide at {PHONE['width']} px")
    assert found["headings"] == [], f"{name}: headings wider than the column: {found['headings']}"
    assert found["tables"] == [], f"{name}: tables cut off or widening the page: {found['tables']}"
    assert found["nav"] == [], f"{name}: links to the previous or next chapter cut off: {found['nav']}"


def test_lang_is_german_for_hyphenation(built_book):
    """``hyphens: auto`` hyphenates by the page's language."""
    for name in pages():
        head = (built_book / name).read_text(encoding="utf-8")[:600]
        assert '<html lang="de"' in head, name


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_theme_follows_the_system_on_a_first_visit(site, browser, scheme):
    context, page = open_page(browser, f"{site}/chapters/rolle-der-kmu.html", PHONE, scheme)
    assert page.evaluate("window.kmunetzStored") == 0  # a first visit: no stored choice
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    assert page.evaluate("document.documentElement.dataset.mode") == "auto"
    assert page.locator(".theme-switch-button").count() >= 1  # the reader can still switch
    context.close()


#: In dark mode: the background of every figure image, and the contrast of the text of tables and captions in
#: cell outputs against the first opaque background behind it (WCAG's relative luminance).
DARK_READABLE = """() => {
  const rgba = c => { const m = c.match(/[\\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; };
  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const behind = el => { for (let e = el; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor);
    if (c[3] > 0.5) return c; } return [255, 255, 255, 1]; };
  const ratio = el => { const a = lum(rgba(getComputedStyle(el).color)), b = lum(behind(el));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
  const art = document.querySelector('article.bd-article');
  const images = [...art.querySelectorAll('img[src*="_images/"]')].map(i => getComputedStyle(i).backgroundColor);
  const texts = 'div.cell_output td, div.cell_output th, div.cell_output caption, div.cell_output summary, figcaption';
  const low = [...art.querySelectorAll(texts)]
    .filter(e => e.offsetParent !== null && e.innerText.trim() && ratio(e) < 4.5)
    .map(e => `${e.tagName} "${e.innerText.trim().slice(0, 30)}": ${ratio(e).toFixed(2)}`);
  return {images: images, low: low.slice(0, 10)};
}"""


@pytest.mark.parametrize("name", ["chapters/rolle-der-kmu.html", "chapters/robustheit.html",
                                  "chapters/codebuch.html", "chapters/reproduktion.html"])
def test_figures_and_tables_are_readable_in_dark_mode(site, browser, name):
    context, page = open_page(browser, f"{site}/{name}", PHONE, "dark")
    page.evaluate(OPEN_ALL)
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    found = page.evaluate(DARK_READABLE)
    context.close()
    assert all(bg == "rgb(255, 255, 255)" for bg in found["images"]), f"{name}: figures without a white panel"
    assert found["low"] == [], f"{name}: text with too little contrast in dark mode: {found['low']}"


def _label_points() -> float:
    """The smallest size in points of the theme's tick labels, legends and "small" texts (value labels, notes)."""
    import matplotlib.pyplot as plt
    from matplotlib.font_manager import FontProperties

    from kmunetz import plotting

    with plt.rc_context():
        plotting.use_theme()
        sizes = [plt.rcParams[k] for k in ("xtick.labelsize", "ytick.labelsize", "legend.fontsize")] + ["small"]
        return min(FontProperties(size=s).get_size_in_points() for s in sizes)


#: Every chart image of the article: its URL, natural width and shown width (without the dark panel's padding).
FIGURES = """() => [...document.querySelectorAll('article img[src*="_images/"]')].filter(i => i.offsetParent !== null)
  .map(i => { const s = getComputedStyle(i); const pad = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth']
    .reduce((sum, k) => sum + parseFloat(s[k]), 0);
    return {src: i.src, natural: i.naturalWidth, shown: i.getBoundingClientRect().width - pad}; })"""


def _png_dpi(built_book: Path, url: str) -> float | None:
    """The dpi matplotlib wrote into a figure's PNG (None: not a matplotlib PNG)."""
    from PIL import Image

    with Image.open(built_book / unquote(urlparse(url).path).lstrip("/")) as im:
        if "Matplotlib" not in str(im.info.get("Software", "")):
            return None
        return float(im.info["dpi"][0])


def chart_text_px(built_book: Path, figures: list[dict], points: float) -> list[tuple[str, float]]:
    """(image name, height in CSS pixels of text of ``points`` points) for every matplotlib figure shown."""
    out = []
    for f in figures:
        dpi = _png_dpi(built_book, f["src"])
        if dpi is not None:
            out.append((Path(urlparse(f["src"]).path).name[:12], points * dpi / 72 * f["shown"] / f["natural"]))
    return out


@pytest.mark.parametrize("name", pages())
def test_chart_text_is_readable_on_a_phone_and_not_oversized_on_a_wide_screen(site, browser, built_book, name):
    points = _label_points()
    small = []
    for scheme in ("light", "dark"):  # the dark panel's padding makes a figure a little narrower
        context, page = open_page(browser, f"{site}/{name}", PHONE, scheme)
        page.evaluate(OPEN_ALL)
        sizes = chart_text_px(built_book, page.evaluate(FIGURES), points)
        context.close()
        small += [f"{img} ({scheme}): {px:.1f} px" for img, px in sizes if px < MIN_LABEL_PX]
    assert small == [], f"{name}: chart labels smaller than {MIN_LABEL_PX} px at {PHONE['width']} px: {small}"
    context, page = open_page(browser, f"{site}/{name}", DESKTOP)
    page.evaluate(OPEN_ALL)
    body = float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)"))
    sizes = chart_text_px(built_book, page.evaluate(FIGURES), points)
    context.close()
    large = [f"{img}: {px:.1f} px" for img, px in sizes if px > body]
    assert large == [], f"{name}: chart labels larger than the {body:.0f}-px text at {DESKTOP['width']} px: {large}"


#: Focus every visible number of the article in turn (the keyboard's way to open its tooltip) and report the
#: tooltips that do not lie inside the window, 8 px from its edges (kmunetz's _static/provenance.js places them).
TIPS_INSIDE = """() => {
  const margin = 8, tol = 0.5, out = [];
  const root = document.documentElement, width = root.clientWidth, height = root.clientHeight;
  // the reading line: not the collapsed boxes (layers, "Für Methodiker", figure data)
  const values = [...document.querySelectorAll('article.bd-article .kmunetz-value')]
    .filter(v => v.checkVisibility() && !v.closest('div.dropdown, details'));
  for (const v of values) {
    v.focus();
    const tip = v.querySelector('.kmunetz-tip'); if (!tip) continue;
    const r = tip.getBoundingClientRect();
    if (getComputedStyle(tip).display !== 'block' || r.left < margin - tol || r.right > width - margin + tol
        || r.top < margin - tol || r.bottom > height - margin + tol)
      out.push(`"${v.innerText.split('\\n')[0].slice(0, 20)}": ${Math.round(r.left)}..${Math.round(r.right)}`
               + ` x ${Math.round(r.top)}..${Math.round(r.bottom)}`);
    v.blur();
  }
  return {count: values.length, outside: out.slice(0, 10)};
}"""


def study_pages() -> list[str]:
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    part = next(p for p in toc["parts"] if p["caption"] == "Die Studie")
    return ["intro.html"] + [c["file"] + ".html" for c in part["chapters"]]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_every_tooltip_of_the_study_part_opens_inside_the_window(site, browser, viewport):
    seen, outside = 0, []
    for name in study_pages():
        context, page = open_page(browser, f"{site}/{name}", viewport)
        found = page.evaluate(TIPS_INSIDE)
        context.close()
        seen += found["count"]
        outside += [f"{name}: {o}" for o in found["outside"]]
    assert seen >= 80, f"only {seen} marked numbers found in the study part"
    assert outside == [], "tooltips outside the window:\n" + "\n".join(outside)
