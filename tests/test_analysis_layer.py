"""The analysis layer directives (_ext/analysis_layer.py) in a small Sphinx project, without the book."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sphinx_project import build_html

ROOT = Path(__file__).resolve().parents[1]

PAGE = """Titel
=====

Was die Studie sagt.

.. analysis-start::

Erster Absatz der Schicht.

Zweiter Absatz der Schicht.

.. analysis-end::

Nach der Schicht.
"""


def _build(tmp_path: Path, text: str, state: dict | None, monkeypatch):
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        import analysis_layer
    finally:
        sys.path.remove(str(ROOT / "_ext"))
    monkeypatch.setattr(analysis_layer, "_state", lambda document: state)
    return build_html(tmp_path, ["analysis_layer"], {"index.rst": text})


def _layer(html: str) -> str:
    start = html.index("<details")
    return html[start:html.index("</details>", start)]


STATE = {"open": False, "synthetic": True, "summary": "Nachrechnen mit Einzeldaten", "badge": "Übungsdaten",
         "note": "Diese Zahlen sind Übungsdaten."}


def test_synthetic_layer_is_collapsed_and_holds_what_lies_between(tmp_path, monkeypatch):
    html, warnings = _build(tmp_path, PAGE, STATE, monkeypatch)
    layer = _layer(html)
    assert "open" not in layer.split(">", 1)[0]
    assert "kmunetz-analysis-synthetic" in layer and "Übungsdaten" in layer
    assert "Erster Absatz der Schicht." in layer and "Zweiter Absatz der Schicht." in layer
    assert "Diese Zahlen sind Übungsdaten." in layer  # the data note opens the layer
    assert "Was die Studie sagt." not in layer and "Nach der Schicht." not in layer
    assert html.index("Was die Studie sagt.") < html.index("<details") < html.index("Nach der Schicht.")
    assert "WARNING" not in warnings


def test_layer_of_real_data_is_open(tmp_path, monkeypatch):
    state = dict(STATE, open=True, synthetic=False, badge="aus Ihrer Datei", note="Aus der Datei x.csv.")
    layer = _layer(_build(tmp_path, PAGE, state, monkeypatch)[0])
    assert layer.split(">", 1)[0].endswith(" open") and "kmunetz-analysis-data" in layer
    assert "aus Ihrer Datei" in layer and "Aus der Datei x.csv." in layer


def test_missing_state_and_unclosed_layer_are_reported(tmp_path, monkeypatch):
    html, warnings = _build(tmp_path, PAGE, None, monkeypatch)
    assert "glued no layer state" in warnings and "<details" in html
    unclosed = PAGE.replace(".. analysis-end::\n", "")
    html, warnings = _build(tmp_path / "b", unclosed, STATE, monkeypatch)
    assert "without an analysis-end" in warnings and "<details" not in html
    assert "Erster Absatz der Schicht." in html  # the content stays on the page


@pytest.mark.parametrize("heading", ["Zwischentitel\n-------------\n\n"])
def test_a_heading_ends_the_search_for_the_end_marker(tmp_path, monkeypatch, heading):
    text = PAGE.replace("Zweiter Absatz der Schicht.\n", heading + "Zweiter Absatz der Schicht.\n")
    html, warnings = _build(tmp_path, text, STATE, monkeypatch)
    assert "without an analysis-end" in warnings
