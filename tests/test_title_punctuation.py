"""A link to a chapter whose title is a question, at a sentence's end: "…aus?" and not "…aus?." (_ext/title_punctuation.py)."""

from __future__ import annotations

from pathlib import Path

from sphinx_project import build_html

INDEX = """Start
=====

.. toctree::

   frage

Mehr dazu steht im Kapitel :doc:`frage`.

Siehe :doc:`frage`, dann weiter; oder (:doc:`frage`).

Ein Kapitel ohne Frage: :doc:`aussage`.
"""


def _build(tmp_path: Path) -> str:
    html, _ = build_html(tmp_path, ["title_punctuation"], {
        "index.rst": INDEX,
        "frage.rst": "Wodurch zeichnen sich Netzwerke aus?\n====================================\n\nText.\n",
        "aussage.rst": "Methodik\n========\n\n.. toctree::\n   :hidden:\n\nText.\n"})
    return html


def test_a_question_title_at_a_sentence_end_keeps_one_end_mark(tmp_path):
    from bs4 import BeautifulSoup

    text = " ".join(BeautifulSoup(_build(tmp_path), "html.parser").select_one("div.body, [role=main]").get_text().split())
    assert "im Kapitel Wodurch zeichnen sich Netzwerke aus?" in text
    assert "aus?." not in text
    # other marks after the link stay, and a title that is no question keeps its full stop
    assert "Siehe Wodurch zeichnen sich Netzwerke aus?, dann weiter" in text
    assert "(Wodurch zeichnen sich Netzwerke aus?)" in text
    assert "Ein Kapitel ohne Frage: Methodik." in text
