"""The built book: strict build, pages, glued numbers, citations; a failing chapter fails the build."""

import re
import subprocess
import sys
from html import unescape

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("book")]


def page_text(path) -> str:
    html = path.read_text(encoding="utf-8")
    main = re.sub(r"<wbr\s*/?>", "", html[html.find("<main"):])  # a line-break hint is not a space
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))  # keeps no-break spaces


def test_index_and_chapter_pages_exist(built_book):
    assert (built_book / "index.html").is_file()
    assert (built_book / "intro.html").is_file()
    assert (built_book / "chapters" / "bewerberlage.html").is_file()


def test_html_declares_german(built_book):
    assert '<html lang="de"' in (built_book / "intro.html").read_text(encoding="utf-8")


def reading_text(path) -> str:
    """The article's text as a reader sees it: without tooltips, screen-reader hints and provenance letters."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for el in soup.select(".kmunetz-tip, .kmunetz-sr, sup.kmunetz-mark"):
        el.decompose()
    return re.sub(r"\s+", " ", soup.select_one("article").get_text())


def test_chapter_shows_the_catalogue_numbers_in_its_words(built_book):
    from kmunetz import published

    text = reading_text(built_book / "chapters" / "bewerberlage.html")
    # the study's own words for each number, from the catalogue ("zehn Bewerber", "drei geeignet", "32", "fast 90 %")
    for key in ["bewerber_klein", "geeignete_klein", "bewerber_gross", "geeignete_gross", "fachkraefte_anteil"]:
        wording = re.sub(r"\s", " ", published.get(key)["wording"])
        assert wording in text, (key, wording)
    # computed from the catalogue by hand: 32 / 10 = 3.2 applicants, 12 / 3 = 4 suitable ones
    assert "gut 3-mal so viele Bewerber" in text
    assert "etwa 4-mal so viele geeignete" in text


def test_chapter_figure_is_embedded_with_caption_and_alt(built_book):
    html = (built_book / "chapters" / "bewerberlage.html").read_text(encoding="utf-8")
    imgs = re.findall(r'<img[^>]+src="(\.\./_images/[^"]+\.png)"[^>]*>', html)
    assert imgs, "no figure on the chapter page"
    tag = re.search(r'<img[^>]+_images/[^"]+\.png"[^>]*>', html).group(0)
    assert 'alt="Gruppiertes Balkendiagramm' in tag
    assert (built_book / "chapters" / imgs[0]).resolve().is_file()
    assert 'id="fig-bewerber"' in html


def test_citations_resolve_to_the_bibliography(built_book):
    html = (built_book / "chapters" / "bewerberlage.html").read_text(encoding="utf-8")
    links = re.findall(r'href="literatur\.html#id\d+"', html)
    assert len(links) >= 2
    assert "Moczall" in page_text(built_book / "chapters" / "bewerberlage.html")
    bib = page_text(built_book / "chapters" / "literatur.html")
    assert "Fachkräftenetzwerke" in bib and "Leifels" in bib


def test_no_raw_roles_or_glue_errors_left(built_book):
    for page in built_book.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "{glue:" not in text and "{cite:" not in text, page


def test_failing_chapter_fails_the_build_with_traceback(small_project):
    project_copy = small_project
    bad = project_copy / "chapters" / "kaputt.md"
    bad.write_text(
        "---\njupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n  name: python3\n"
        "  display_name: Python 3\n  language: python\n---\n\n# Kaputt\n\n"
        "```{code-cell} ipython3\nimport math\n```\n\n"
        "```{code-cell} ipython3\n:tags: [parameters]\nseed = 1\n```\n\n"
        "```{code-cell} ipython3\ndef divide(a):\n    return a / 0\n\ndivide(seed)\n```\n", encoding="utf-8")
    toc = project_copy / "_toc.yml"
    toc.write_text(toc.read_text() + "- file: chapters/kaputt\n")
    proc = subprocess.run([sys.executable, "-m", "kmunetz", "build", "--root", str(project_copy)],
                          cwd=project_copy, capture_output=True, text=True, timeout=600)
    assert proc.returncode != 0
    assert "chapters/kaputt.md raised an error" in proc.stderr
    assert "ZeroDivisionError" in proc.stderr and "divide(seed)" in proc.stderr
    assert not (project_copy / "_build" / "html").exists()


def test_unchanged_rebuild_executes_nothing(built_book, root):
    from kmunetz.builder import book

    result = book.build(root=root, render=False)
    assert result.executed == [] and result.returncode == 0
    assert "chapters/bewerberlage.md" in result.reused


def test_codebook_appendix_lists_every_variable(built_book):
    from kmunetz import codebook

    text = page_text(built_book / "chapters" / "codebuch.html")
    for table in codebook.TABLES:
        for name in codebook.names(table):
            assert name in text, name
    assert "angenommen" in text and "veröffentlicht" in text


def test_navigation_order_follows_the_toc(built_book, root):
    from kmunetz.builder.book import toc_files

    html = (built_book / "intro.html").read_text(encoding="utf-8")
    start = html.find('aria-label="Main"')
    assert start > 0, "no main navigation"
    nav = html[start:html.find('</nav>', start)]
    pages = [str(p.relative_to(root).with_suffix(".html")) for p in toc_files(root)[1:]]
    positions = [nav.find(f'href="{p}"') for p in pages]
    assert all(p >= 0 for p in positions), dict(zip(pages, positions))
    assert positions == sorted(positions)


def test_every_figure_has_meaningful_alt_text(built_book):
    for page in (built_book / "chapters").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<img[^>]*>", html):
            if "_images/" not in tag:
                continue
            alt = re.search(r'alt="([^"]*)"', tag)
            assert alt and len(alt.group(1)) >= 40, f"{page.name}: {tag[:120]}"


def test_survey_chapters_carry_the_synthetic_data_note(built_book):
    from kmunetz.builder import book, execute

    for src in book.toc_files(built_book.parents[1], part="Die Studie"):
        if src.suffix == ".md" and execute.is_notebook(src) and "survey" in execute.chapter_parameters(src):
            html = (built_book / "chapters" / f"{src.stem}.html").read_text(encoding="utf-8")
            layer = html.find('<details class="kmunetz-analysis')
            if layer >= 0:  # a chapter in two layers: the note opens its analysis layer
                note = html[layer:html.find("</p>", layer)]
                assert "Übungsdaten" in note and "nicht öffentlich" in note and "gebaut" in note, src.stem
            else:
                text = page_text(built_book / "chapters" / f"{src.stem}.html")
                assert "Synthetische Daten" in text and "konstruiert" in text, src.stem


def test_footer_and_data_note_read_as_german(built_book):
    text = page_text(built_book / "chapters" / "netzwerke.html")
    assert "Herausgeber: Projekt kmunetz" in text and "Durch Projekt" not in text and "By Projekt" not in text
    # the note on the data opens the collapsed layer of the exercise data, after the reading line's text
    html = (built_book / "chapters" / "netzwerke.html").read_text(encoding="utf-8")
    first_para, note = html.find("<p>Regionale "), html.find('class="kmunetz-analysis-note"')
    assert 0 < first_para < note, "the data note must follow the first paragraph"
    assert "Übungsdaten" in html[note: note + 600]
    assert "admonition" not in html[note - 400: note]


def test_a_static_file_removed_from_the_project_leaves_the_stage(tmp_path):
    from kmunetz.builder.book import VALUES_CSV, _sync_static

    root, stage = tmp_path / "project", tmp_path / "stage"
    (root / "_static").mkdir(parents=True)
    (root / "_static" / "a.css").write_text("a")
    (root / "_static" / "b.css").write_text("b")
    _sync_static(root, stage)
    (stage / "_static" / VALUES_CSV).write_text("x")  # written by the builder, not a project file
    (root / "_static" / "b.css").unlink()
    _sync_static(root, stage)
    assert sorted(p.name for p in (stage / "_static").iterdir()) == sorted(["a.css", VALUES_CSV])
