"""The book as one PDF (``make pdf``): a print document made from the built site, printed by headless Chromium.

:func:`print_document` takes the article of every page of the built HTML site in the order of
``_toc.yml`` and drops what only a screen needs: navigation, buttons, code (shown or collapsed), the
tooltips of the provenance marks (a note under their legend says so) and the Netzwerk-Check form.
Collapsed boxes are opened, links between pages become links inside the
document, links to files of the site point to the published site, and German words get soft hyphens
(``pyphen``'s German patterns; Chromium's own ``hyphens: auto`` has no German dictionary on Linux). A
title page, an imprint with the citation and a table of contents come first; ``print.css`` beside this
module lays it out on A4 with page numbers (it is not in ``_static/``: Jupyter Book would load it on
every page of the site).

:func:`write_pdf` prints it with Playwright's ``page.pdf`` (tagged, with an outline from the chapter
headings), twice: the first print gives each chapter's page, the second prints the table of contents
with those pages. Chromium stamps the PDF with the time of printing; that stamp is replaced by the
commit's date (or ``SOURCE_DATE_EPOCH``), so two prints of the same site are byte-identical.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html as _html
import io
import json
import os
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

import yaml

from .files import tree_digest, write_if_changed
from .toc import repository, toc_pages

__all__ = ["PDF_NAME", "Chapter", "chapters", "print_document", "write_pdf", "source_date", "site_url",
           "hyphenate", "outline", "LINK_CLASS"]

#: File name of the PDF, in ``<build>/pdf/`` and at the root of the site.
PDF_NAME = "kmunetz.pdf"
#: Class of the first page's download link (the PDF leaves it out).
LINK_CLASS = "kmunetz-pdf-link"
#: The print style sheet: A4, page numbers, chapters on new pages.
STYLE = Path(__file__).with_name("print.css")
#: What the PDF leaves out of a page.
DROP = [".cell_input", "details.hide", ".headerlink", ".kmunetz-tip", ".kmunetz-sr", "script", "button",
        f".{LINK_CLASS}", ".toctree-wrapper", "form", ".kmunetz-netcheck-result", ".kmunetz-netcheck-live"]
#: Table cells with less text than this are not hyphenated (a short label would make its column narrow).
CELL_HYPHENATION = 30
#: Tables with at most this many rows are kept on one page.
SMALL_TABLE = 16
#: Elements whose text is not hyphenated.
NO_HYPHENS = {"code", "pre", "script", "style", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6"}
MIN_WORD = 8  # shorter words are not hyphenated


@dataclass
class Chapter:
    """One page of the book in the PDF: its site path (``chapters/netzwerke.html``), title, part and body."""

    path: str
    title: str
    part: str | None
    body: str

    @property
    def anchor(self) -> str:
        return _anchor(self.path)


def _anchor(path: str) -> str:
    """The id of a page's section in the PDF: ``chapters/netzwerke.html`` → ``p-chapters-netzwerke``."""
    return "p-" + PurePosixPath(path).with_suffix("").as_posix().replace("/", "-")


@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="de_DE")


def hyphenate(text: str) -> str:
    """Insert soft hyphens (U+00AD) at the German break points of every word of at least eight letters.

    Examples
    --------
    >>> hyphenate("Fachkräftenetzwerke und KMU").replace("\\u00ad", "|")
    'Fach|kräf|te|netz|wer|ke und KMU'
    >>> hyphenate("kmu_beteiligt, data/assumptions.csv")
    'kmu_beteiligt, data/assumptions.csv'
    """
    hy = _hyphenator()
    # whole words only: an identifier such as kmu_beteiligt keeps its letters together
    return re.sub(rf"(?<![\w./-])[A-Za-zÄÖÜäöüß]{{{MIN_WORD},}}(?!\w|\.\w)", lambda m: hy.inserted(m.group(0), hyphen="\u00ad"), text)


def site_url(root: Path) -> str:
    """Where the site is published: GitHub Pages of the repository in ``_config.yml`` (empty if none)."""
    url = repository(root)[0]
    m = re.match(r"https://github\.com/([^/]+)/([^/]+)$", url)
    return f"https://{m.group(1).lower()}.github.io/{m.group(2)}/" if m else ""


#: A URL with a scheme (http:, https:, mailto:, data:): left as it is.
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")


def _rewrite(article, page: str, pages: dict[str, str], base_url: str) -> None:
    """Make ids unique in the whole document and point links inside it (or to the published site)."""
    prefix = pages[page]
    for el in article.select("[id]"):
        if not el["id"].startswith("T_"):  # pandas Styler tables style their cells by these ids
            el["id"] = f"{prefix}--{el['id']}"
    for el in article.select("[aria-describedby]"):
        del el["aria-describedby"]  # the tooltips are gone
    folder = PurePosixPath(page).parent
    for a in article.select("a[href]"):
        href = a["href"]
        if href.startswith("#"):
            a["href"] = f"#{prefix}--{href[1:]}"
            continue
        if _SCHEME.match(href):
            continue
        target, _, frag = href.partition("#")
        resolved = os.path.normpath((folder / target).as_posix()).replace(os.sep, "/")
        if resolved in pages:
            a["href"] = f"#{pages[resolved]}--{frag}" if frag else f"#{pages[resolved]}"
        elif base_url:
            a["href"] = base_url + resolved + (f"#{frag}" if frag else "")
        else:
            a.unwrap()
    for img in article.select("img[src]"):
        src = img["src"]
        if not _SCHEME.match(src):
            img["src"] = os.path.normpath((folder / src).as_posix()).replace(os.sep, "/")


def _hyphenate_tree(article) -> None:
    from bs4 import NavigableString
    from bs4.element import Comment

    for text in list(article.find_all(string=True)):
        if isinstance(text, Comment) or not isinstance(text, NavigableString):
            continue
        if any(p.name in NO_HYPHENS for p in text.parents):
            continue
        cell = text.find_parent(["td", "th"])
        if cell is not None and len(cell.get_text()) < CELL_HYPHENATION:
            continue
        if any("kmunetz-value" in (p.get("class") or []) for p in text.parents):
            continue
        new = hyphenate(str(text))
        if new != str(text):
            text.replace_with(NavigableString(new))


def chapters(root: Path, html_dir: Path, base_url: str | None = None) -> list[Chapter]:
    """Every page of the built site in book order, as it goes into the PDF."""
    from bs4 import BeautifulSoup

    base_url = site_url(root) if base_url is None else base_url
    entries = toc_pages(root)
    pages = {f"{name}.html": _anchor(f"{name}.html") for name, _ in entries}
    out = []
    for name, part in entries:
        path = f"{name}.html"
        file = html_dir / path
        if not file.is_file():
            raise FileNotFoundError(f"{file}: page of _toc.yml missing from the built site; run make book first")
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.bd-article")
        if article is None:
            raise ValueError(f"{file}: no <article class=\"bd-article\"> (not a page of this book's theme)")
        for selector in DROP:
            for el in article.select(selector):
                el.decompose()
        for legend in article.select("dl.kmunetz-legend"):
            note = soup.new_tag("p", attrs={"class": "kmunetz-print-note"})
            note.string = ("In der PDF-Ausgabe stehen die Quellen nicht bei den Zahlen: Die HTML-Ausgabe zeigt sie zu "
                           "jeder Zahl, und der Reproduktionsbericht vergleicht jede Zahl der Studie mit dem Wert "
                           "dieses Buchs.")
            legend.insert_after(note)
        for table in article.select("table"):
            if len(table.select("tr")) <= SMALL_TABLE:
                table["class"] = table.get("class", []) + ["kmunetz-print-small"]
        for table in article.select("div.kmunetz-values"):
            # the filterable list of every number (some 40 pages in print) stays on the screen
            note = soup.new_tag("p", attrs={"class": "kmunetz-print-note"})
            note.string = ("Die Tabelle selbst ist in der PDF-Ausgabe ausgelassen; sie steht in der HTML-Ausgabe "
                           "dieses Kapitels und in der CSV-Datei.")
            table.replace_with(note)
        for details in article.select("details"):
            details["open"] = ""
        for el in article.select(".dropdown, .toggle-hidden"):
            el["class"] = [c for c in el.get("class", []) if c not in ("dropdown", "toggle-hidden")]
        for heading in article.select("h1, h2, h3, h4, h5, h6"):
            for text in heading.find_all(string=True):
                text.replace_with(re.sub(r"\s+", " ", str(text)))
        h1 = article.find("h1")
        if h1 is None:
            raise ValueError(f"{file}: the page has no title (h1)")
        title = h1.get_text(" ", strip=True)
        _rewrite(article, path, pages, base_url)
        _hyphenate_tree(article)
        body = "".join(str(c) for c in article.contents)
        out.append(Chapter(path, title, part, body))
    return out


def source_date(root: Path) -> _dt.datetime:
    """The PDF's date: ``SOURCE_DATE_EPOCH`` if set, else the date of the commit, else 1 January 1980 (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        try:
            proc = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True,
                                  text=True, timeout=10)
            epoch = proc.stdout.strip() if proc.returncode == 0 else None
        except (OSError, subprocess.SubprocessError):
            epoch = None
    try:
        return _dt.datetime.fromtimestamp(int(epoch or 315532800), tz=_dt.UTC)
    except ValueError as err:
        raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r}: expected whole seconds since 1970 (e.g. 1764000000)") from err


def _citation(root: Path, config: dict) -> tuple[str, str]:
    """(how to cite the book, the study) from ``CITATION.cff`` and ``_config.yml`` (``config``)."""
    from .. import __version__

    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    study = (cff.get("references") or [{}])[0]
    names = [f"{a.get('family-names', '')}, {a.get('given-names', '')}".strip(", ") for a in study.get("authors", [])]
    authors = "; ".join(names)
    inst = (study.get("institution") or {}).get("name", "")
    study_text = f"{authors} ({study.get('year', '')}): {study.get('title', '')}. {inst}."
    year = str(cff.get("date-released", ""))[:4]
    book_text = f"{config.get('author', '')} ({year}): {cff.get('title', config.get('title', ''))}. Version {__version__}."
    return book_text, study_text


def _front_matter(root: Path, config: dict, chs: list[Chapter], pages: dict[str, int], date: _dt.datetime,
                  commit: str, edition: str | None, parameters: dict | None, url: str) -> str:
    from .. import __version__
    from .footer import parameter_text

    e = _html.escape
    book_cite, study_cite = _citation(root, config)
    month = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember"][date.month - 1]
    when = f"{date.day}. {month} {date.year}"
    edition_line = ""
    if edition:
        shown = "; ".join(re.sub(r"`([^`]*)`", r"<code>\1</code>", e(parameter_text(k, v)))
                          for k, v in (parameters or {}).items())
        kind = "für Studierende, ohne die Lösungen der Übungen" if edition.startswith("student") else "Sonderausgabe"
        edition_line = (f"<p><strong>Ausgabe {kind}</strong> (<code>{e(edition)}</code>)"
                        f"{', gebaut mit ' + shown if shown else ''}.</p>")
    title = e(config.get("title", ""))
    survey = str((parameters or {}).get("survey", "synthetic"))
    data_note = ("Die Kapitel rechnen mit einem synthetischen Datensatz, der die im Text der Studie genannten Zahlen "
                 "nachbildet; die Befragungsdaten der Studie sind nicht öffentlich." if survey == "synthetic" else
                 f"Die Kapitel rechnen mit den Befragungsdaten der Datei {Path(survey).name}.")
    parts = [f"""<section class="title-page">
<p class="title">{title}</p>
<p class="subtitle">Ein reproduzierbares Forschungsbuch zur gleichnamigen Studie des IAW Tübingen (2017)</p>
<p class="data-note">{e(data_note)}</p>
<p class="authors">{e(config.get("author", ""))}</p>
<p class="based-on">Grundlage: {e(study_cite)}</p>
<p class="version">Version {e(__version__)} · {e(when)}</p>
</section>
<section class="imprint">
<p class="imprint-title">Zitiervorschlag</p>
<p>{e(book_cite)}{f' <a href="{e(url)}">{e(url)}</a>' if url else ''}</p>
<p class="imprint-title">Die Studie</p>
<p>{e(study_cite)} Die Kapitel folgen den Abschnitten ihrer Kurzfassung; Zahlen der Studie sind mit S gekennzeichnet,
alle anderen Zahlen mit ihrer Herkunft (siehe „Woher jede Zahl stammt“ im ersten Kapitel). Dieses Buch ist eine
unabhängige Auswertung; es stammt nicht vom IAW, vom Herausgeber oder vom Auftraggeber der Studie.</p>
<p class="imprint-title">Diese Ausgabe</p>
<p>Gedruckt aus der HTML-Ausgabe des Buchs. Code und Zahlen: kmunetz {e(__version__)}, Commit <code>{e(commit)}</code>,
Stand {e(when)}. Ausgeblendet sind Programmcode, Schaltflächen, das Formular des Netzwerk-Checks und die
Quellenangaben der Herkunftszeichen; sie stehen in der HTML-Ausgabe{f' (<a href="{e(url)}">{e(url)}</a>)' if url else ''}.
Wo der Text von eingeklapptem Code, Schaltflächen oder Downloads spricht, meint er die HTML-Ausgabe; die Lösungen der
Übungen stehen hier direkt unter den Übungen.</p>
{edition_line}
<p>Text und Abbildungen: CC BY 4.0 · Code: MIT.</p>
</section>
<nav class="contents" aria-label="Inhaltsverzeichnis">
<p class="contents-title">Inhalt</p>
"""]
    current = object()
    parts.append("<ol>")
    for ch in chs:
        if ch.part != current and ch.part:
            parts.append(f'<li class="contents-part">{e(ch.part)}</li>')
        current = ch.part
        page = pages.get(ch.anchor)
        parts.append(f'<li><a href="#{ch.anchor}"><span class="contents-text">{e(ch.title)}</span>'
                     f'<span class="contents-page">{page if page else ""}</span></a></li>')
    parts.append("</ol></nav>")
    return "\n".join(parts)


def print_document(root: Path, html_dir: Path, chs: list[Chapter], pages: dict[str, int], *, date: _dt.datetime,
                   commit: str, edition: str | None = None, parameters: dict | None = None) -> str:
    """The whole book as one HTML document for printing (images resolved against ``html_dir``)."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    css = STYLE.read_text(encoding="utf-8")
    url = site_url(root)
    body = [_front_matter(root, config, chs, pages, date, commit, edition, parameters, url)]
    current = object()
    for ch in chs:
        label = f'<p class="part-label">{_html.escape(ch.part)}</p>' if ch.part and ch.part != current else ""
        current = ch.part
        body.append(f'<section class="chapter" id="{ch.anchor}">{label}\n{ch.body}\n</section>')
    title = _html.escape(config.get("title", ""))
    author = _html.escape(config.get("author", ""))
    base = html_dir.resolve().as_uri() + "/"
    return (f'<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="author" content="{author}"><base href="{base}"><style>{css}</style></head>\n'
            f'<body>\n' + "\n".join(body) + "\n</body></html>\n")


def outline(pdf: Path | bytes) -> list[tuple[int, str, int]]:
    """The PDF's bookmarks (of a file or of the PDF's bytes) as (level, title, page number from 1), in order."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))
    out: list[tuple[int, str, int]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, str(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


#: Script run in the page before printing: every element wider than the text column.
_OVERFLOW_JS = """() => {
  const width = document.body.clientWidth;
  const out = [], seen = new Set();
  const left = document.body.getBoundingClientRect().left;
  for (const el of document.querySelectorAll('section.chapter *, nav.contents *, section.imprint *')) {
    const box = el.getBoundingClientRect();
    if (box.width && (box.right - left > width + 1 || el.scrollWidth > el.clientWidth + 1 && el.clientWidth)) {
      seen.add(el);
      if (seen.has(el.parentElement)) continue;  // the outermost element that is too wide is enough
      const w = Math.max(box.right - left, el.scrollWidth);
      const chapter = el.closest('section.chapter');
      out.push({chapter: chapter ? chapter.id : '', element: el.tagName.toLowerCase(), width: Math.round(w),
                text: (el.innerText || el.alt || '').slice(0, 60)});
    }
  }
  return {width: width, overflow: out};
}"""

#: A4 less the page margins of print.css (20 mm each side), in CSS pixels.
TEXT_WIDTH_PX = round((210 - 40) / 25.4 * 96)


def _drop_soft_hyphens(m: re.Match) -> bytes:
    """``/ActualText <FEFF…>`` (UTF-16BE) without its U+00AD code units; ``<>`` if nothing is left."""
    units = [m.group(1)[i:i + 4] for i in range(0, len(m.group(1)), 4)]
    kept = b"".join(u for u in units if u.upper() != b"00AD")
    return b"/ActualText <" + (b"FEFF" + kept if kept else b"") + b">"


def _searchable(data: bytes) -> bytes:
    """Drop the soft hyphens from the PDF's text layer, so that hyphenated words are found whole.

    Chromium draws every soft hyphen that does not break a line as an invisible space marked with the
    replacement text U+00AD (within a ligature: "f", U+00AD, "f"); search then misses "Fachkräfte" written
    ``Fach|kräf|te``. The U+00AD leave the replacement texts; the visible hyphen at a line break stays
    (U+2010), as in any hyphenated text.
    """
    import logging

    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # Chromium's trailer size is one short of its objects
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        contents = page.get_contents()
        if contents is None:
            continue
        old = contents.get_data()
        new = re.sub(rb"/ActualText <FEFF([0-9A-Fa-f]*)>", _drop_soft_hyphens, old)
        if new != old:
            contents.set_data(new)
            page.replace_contents(contents)
            page.compress_content_streams()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stamp_date(data: bytes, date: _dt.datetime) -> bytes:
    """Replace Chromium's print time in the PDF's info dictionary with ``date`` (same length, offsets hold)."""
    stamp = date.strftime("D:%Y%m%d%H%M%S+00'00'").encode()

    def fix(m: re.Match) -> bytes:
        if len(m.group(2)) != len(stamp):
            raise ValueError(f"unexpected PDF date {m.group(2)!r}; expected the form D:YYYYMMDDHHmmSS+00'00'")
        return m.group(1) + stamp + b")"

    return re.sub(rb"(/(?:CreationDate|ModDate) \()([^)]*)\)", fix, data)


def write_pdf(root: Path, html_dir: Path, target: Path, *, edition: str | None = None,
              parameters: dict | None = None, log=print) -> dict:
    """Print the built site ``html_dir`` as one PDF to ``target``; return a report.

    The report (also written next to the PDF as ``<name>.json``) lists the chapters with their first
    page, the number of pages and every element wider than the text column (there should be none).
    Nothing is written if printing fails.
    """
    from .footer import git_commit

    chs = chapters(root, html_dir)
    date = source_date(root)
    commit = git_commit(root)
    target = Path(target)
    report_file = target.with_suffix(".json")
    inputs = [html_dir / c.path for c in chs] + sorted((html_dir / "_images").glob("*"))
    digest = hashlib.sha256("\0".join([
        tree_digest(html_dir, inputs), STYLE.read_text(encoding="utf-8"),
        Path(__file__).read_text(encoding="utf-8"), date.isoformat(), commit, edition or "",
        json.dumps(parameters or {}, sort_keys=True, default=str)]).encode()).hexdigest()
    if target.is_file() and report_file.is_file():
        old = json.loads(report_file.read_text(encoding="utf-8"))
        if old.get("input") == digest:
            log(f"PDF up to date: {target}")
            return old
    chromium = os.environ.get("KMUNETZ_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).is_file():
        raise FileNotFoundError(f"{chromium}: Chromium, which prints the PDF, is not installed; install Debian's "
                                "chromium (make browser-deps) or set KMUNETZ_CHROMIUM to its executable")
    from playwright.sync_api import sync_playwright

    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.with_name(target.stem + ".print.html")

    def print_twice() -> tuple[bytes, dict[str, int], dict]:
        """Print until the contents' page numbers hold; return the PDF, the chapters' pages and the layout."""
        pages: dict[str, int] = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium)
            try:
                page = browser.new_page(viewport={"width": TEXT_WIDTH_PX, "height": 1200})
                page.emulate_media(media="print")
                data = b""
                for _attempt in range(3):
                    work.write_text(print_document(root, html_dir, chs, pages, date=date, commit=commit, edition=edition,
                                                   parameters=parameters), encoding="utf-8")
                    page.goto(work.resolve().as_uri(), wait_until="load")
                    page.evaluate("document.fonts.ready")
                    layout = page.evaluate(_OVERFLOW_JS)
                    data = page.pdf(format="A4", tagged=True, outline=True, prefer_css_page_size=True,
                                    print_background=True)
                    found = {}
                    titles = iter(chs)
                    for level, title, number in outline(data):
                        if level == 0:
                            ch = next(titles, None)
                            if ch is None or " ".join(title.split()) != ch.title:
                                raise ValueError(f"PDF outline entry {title!r} does not match the chapter "
                                                 f"{ch.title if ch else None!r}; every page needs exactly one h1")
                            found[ch.anchor] = number
                    if found == pages:
                        break
                    pages = found
                else:
                    raise RuntimeError("the table of contents' page numbers did not settle after three prints")
            finally:
                browser.close()
        return data, pages, layout

    # Playwright's sync API refuses to run in a thread with a running event loop (Jupyter, or a test
    # that has its own browser open): print in a thread of its own
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        data, pages, layout = pool.submit(print_twice).result()
    work.unlink(missing_ok=True)
    import pypdf

    count = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    write_if_changed(target, _searchable(_stamp_date(data, date)))
    report = {"pdf": target.name, "pages": count, "chapters": [{"title": c.title, "page": pages[c.anchor]}
                                                               for c in chs],
              "text_width_px": layout["width"], "overflow": layout["overflow"], "date": date.isoformat(),
              "input": digest}
    write_if_changed(report_file, (json.dumps(report, ensure_ascii=False, indent=1) + "\n").encode())
    for item in layout["overflow"]:
        log(f"        PDF: {item['element']} wider than the page in {item['chapter']}: {item['text']!r}")
    log(f"PDF: {target} ({count} pages, {target.stat().st_size / 1e6:.1f} MB)")
    return report
