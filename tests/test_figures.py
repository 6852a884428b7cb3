"""Figures are checked like text: tick labels show their ticks' true values, the German way.

Unit tests of :func:`kmunetz.plotting.audit_figure` with good and bad figures, the IPython hook
that audits every figure a notebook shows, and (slow) the audits of every figure of the built book.
"""

from __future__ import annotations

import base64
import hashlib
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.ticker import FuncFormatter, ScalarFormatter  # noqa: E402

from kmunetz import formatting, plotting  # noqa: E402
from kmunetz.builder import execute  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def rounding(decimals=0):
    """The formatter the partner histogram used to have: rounds every tick to ``decimals``."""
    return FuncFormatter(lambda v, _pos: formatting.number(v, decimals))


# -- parsing -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("0", 0.0), ("2,5", 2.5), ("−2,5", -2.5), ("-3", -3.0), ("1.234", 1234.0), ("12.345,25", 12345.25),
    ("25\u00a0%", 25.0), ("25 %", 25.0), ("25%", 25.0), ("−0,5\u202f%", -0.5),
])
def test_german_numbers_are_read(text, value):
    assert plotting.parse_german_number(text) == value


@pytest.mark.parametrize("text", ["2.5", "1,234.5", "1.23", "Bildung", "", "1e6", "$\\mathdefault{10^{2}}$"])
def test_other_texts_are_no_german_numbers(text):
    assert plotting.parse_german_number(text) is None


# -- audit_figure: good figures ------------------------------------------------------------------

def test_the_book_chart_functions_pass_the_audit():
    plotting.use_theme()
    shares = pd.DataFrame({"label": ["a", "b", "c"], "share": [0.62, 0.35, 0.125], "lower": [0.5, 0.25, 0.05],
                           "upper": [0.72, 0.46, 0.2]})
    effects = pd.DataFrame({"label": ["a", "b"], "ame": [5.5, -12.25], "lower": [-1.5, -20.0], "upper": [12.0, -4.5]})
    partners = pd.Series(np.geomspace(3, 130, 156).round())
    fig, axes = plt.subplots(2, 2, figsize=(10, 7))
    plotting.share_chart(shares, ax=axes[0, 0])
    plotting.effect_chart(effects, ax=axes[0, 1])
    plotting.distribution_chart(partners, ax=axes[1, 0], log=True, integer=True)
    plotting.distribution_chart(partners, ax=axes[1, 1])
    assert plotting.audit_figure(fig) == []


def test_a_percent_formatter_that_scales_is_read_with_its_scale():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0.0, 0.45])
    plotting.german_axis(ax, "x", decimals=1)
    plotting.german_axis(ax, "y", percent=True, scale=100)  # ticks are shares, labels percent
    assert plotting.audit_figure(fig) == []
    assert "20\u00a0%" in [t.get_text() for t in ax.get_yticklabels()]
    # the same labels without the declared scale would be a hundred times the ticks' values
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: formatting.percent(v, 0)))
    problems = plotting.audit_figure(fig)
    assert problems and all("y axis" in p for p in problems)


def test_category_names_are_not_read_as_values():
    fig, ax = plt.subplots()
    ax.barh([0, 1, 2], [3, 5, 8])
    ax.set_yticks([0, 1, 2], ["Covid-19-Hilfen", "50 bis 249 Beschäftigte", "Bildung"])
    plotting.integer_axis(ax, "x")
    assert plotting.audit_figure(fig) == []


# -- audit_figure: bad figures -------------------------------------------------------------------

def test_a_rounded_tick_label_is_reported_with_axes_axis_and_tick():
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.hist(np.repeat(np.arange(1, 15), np.arange(1, 15)), bins=14)
    ax.set_title("Partner je Netzwerk")
    ax.set_yticks([0, 2.5, 5, 7.5, 10, 12.5])  # fixed, not left to the locator (its choice depends on the theme)
    ax.yaxis.set_major_formatter(rounding(0))
    problems = plotting.audit_figure(fig)
    rounded = [p for p in problems if "tick at 2.5" in p]
    assert rounded, problems
    assert "'Partner je Netzwerk'" in rounded[0] and "y axis" in rounded[0] and "'3'" in rounded[0]
    # the book's formatter on the same ticks shows their true values
    plotting.german_axis(ax, "y")
    assert plotting.audit_figure(fig) == []


def test_a_fractional_tick_on_an_axis_of_counts_is_reported():
    fig, ax = plt.subplots()
    ax.bar(["a", "b"], [1, 2])
    ax.set_ylabel("Netzwerke")
    plotting.integer_axis(ax, "y")
    assert plotting.audit_figure(fig) == []
    ax.set_yticks([0, 0.5, 1, 1.5, 2])  # labels stay true ("0,5"), but half a network is no count
    problems = plotting.audit_figure(fig)
    assert len(problems) == 2
    assert all("y label 'Netzwerke'" in p and "y axis" in p and "whole number" in p for p in problems)
    assert sorted(re.search(r"tick at ([\d.]+)", p)[1] for p in problems) == ["0.5", "1.5"]


def test_a_hyphen_minus_is_reported():
    fig, ax = plt.subplots()
    ax.plot([-20, 10], [0, 1])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}".replace("\u2212", "-")))
    ax.yaxis.set_major_formatter(plotting.GermanFormatter(1))
    problems = plotting.audit_figure(fig)
    assert problems and all("x axis" in p and "hyphen" in p for p in problems)
    assert any("tick at -20" in p and "'-20'" in p for p in problems)
    plotting.german_axis(ax, "x")
    assert plotting.audit_figure(fig) == []


def test_a_decimal_point_is_reported():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 2.5])
    plotting.german_axis(ax, "x", decimals=1)
    problems = plotting.audit_figure(fig)  # the y axis keeps matplotlib's formatter: "0.5", "1.0", ...
    assert problems and all("y axis" in p and "decimal separator" in p for p in problems)
    assert any("tick at 0.5" in p and "'0.5'" in p for p in problems)


def test_labels_of_minor_ticks_are_audited():
    fig, ax = plt.subplots()
    ax.plot([20, 60], [0, 1])
    ax.set_xscale("log")  # less than a decade: matplotlib labels minor ticks as 2×10^1 ...
    plotting.german_axis(ax, "x")
    plotting.german_axis(ax, "y", decimals=1)
    problems = plotting.audit_figure(fig)
    assert problems and all("minor tick" in p and "not a German number" in p for p in problems)
    ax.xaxis.set_minor_formatter(plotting.GermanFormatter(0))
    assert plotting.audit_figure(fig) == []


def test_an_offset_or_power_of_ten_is_reported():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1_000_000, 1_000_004])  # matplotlib labels 0 ... 4 and writes "+1e6" beside the axis
    plotting.german_axis(ax, "x", decimals=1)
    ax.yaxis.set_major_formatter(ScalarFormatter())
    problems = plotting.audit_figure(fig)
    assert any("y axis: tick labels are relative to" in p for p in problems)
    plotting.german_axis(ax, "y")
    assert plotting.audit_figure(fig) == []


def test_ticks_outside_the_view_and_hidden_axes_are_not_audited():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    plotting.german_axis(ax, "x", decimals=1)
    plotting.german_axis(ax, "y", decimals=1)
    ax.set_xticks([-5, 0, 0.5, 1, 6])  # ticks outside the view are not drawn
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: "Unsinn" if abs(v) > 2 else formatting.number(v, 1)))
    assert plotting.audit_figure(fig) == []
    ax.yaxis.set_major_formatter(rounding(0))
    assert plotting.audit_figure(fig)
    ax.yaxis.set_visible(False)
    assert plotting.audit_figure(fig) == []


# -- the hook that audits every figure a notebook shows ------------------------------------------

@pytest.fixture
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    sh = InteractiveShell.instance()
    yield sh
    sh.display_formatter.formatters.pop(plotting.AUDIT_MIME, None)
    InteractiveShell.clear_instance()


def test_every_displayed_figure_carries_its_audit(shell):
    from IPython.core.pylabtools import select_figure_formats

    assert plotting.register_audit(shell)
    # the inline backend, when it is set up at the first figure, clears every formatter's entry for Figure
    select_figure_formats(shell, {"png"})
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 12.5])
    ax.yaxis.set_major_formatter(rounding(0))
    data, _ = shell.display_formatter.format(fig)
    assert "image/png" in data
    audit = data[plotting.AUDIT_MIME]
    assert audit["problems"] == plotting.audit_figure(fig) and audit["problems"]
    assert plotting.AUDIT_MIME not in shell.display_formatter.format(pd.DataFrame({"a": [1]}))[0]


def test_register_audit_outside_ipython_does_nothing():
    assert plotting.register_audit() is False


def test_figure_problems_of_a_notebook():
    audit_ok = {plotting.AUDIT_MIME: {"axes": ["a"], "problems": []}, "image/png": "iVBO", "text/plain": ""}
    audit_bad = {plotting.AUDIT_MIME: {"axes": ["b"], "problems": ["y axis, major tick at 2.5: label '3'"]},
                 "image/png": "iVBO", "text/plain": ""}
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", data=audit_ok)]),
        nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", data=audit_bad)]),
        nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", data={"image/png": "iVBO"})]),
        nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", data={"text/plain": "x"})]),
    ])
    assert [f["cell"] for f in execute.figure_audits(nb)] == [0, 1, 2]
    assert execute.figure_problems(nb) == ["figure 2 (cell 1): y axis, major tick at 2.5: label '3'",
                                           "figure 3 (cell 2): not audited"]


@pytest.mark.slow
def test_executing_a_chapter_stores_each_figure_audit(tmp_path):
    page = tmp_path / "figures.md"
    page.write_text(
        "# Abbildungen\n\n"
        "```{code-cell} ipython3\n"
        "import matplotlib.pyplot as plt\nfrom IPython.display import display\nfrom matplotlib.ticker import FuncFormatter\n"
        "from kmunetz import formatting, plotting\nplotting.use_theme()\n```\n\n"
        "```{code-cell} ipython3\n"
        "fig, ax = plt.subplots()\nax.bar(['a', 'b'], [3, 13])\nplotting.integer_axis(ax, 'y')\nplt.show()\n```\n\n"
        "```{code-cell} ipython3\n"
        "fig, ax = plt.subplots(figsize=(7, 3))\nax.bar(['a', 'b'], [3, 13])\nax.set_title('Gerundet')\n"
        "ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: formatting.number(v, 0)))\nax.set_yticks([0, 2.5, 5])\n"
        "display(fig)\nplt.close(fig)\n```\n")
    nb = execute.execute(page)
    figures = execute.figure_audits(nb)
    assert [f["image"] for f in figures] == ["image/png", "image/png"]
    assert figures[0]["audit"]["problems"] == []
    assert figures[1]["audit"]["problems"] == [
        "axes 'Gerundet', y axis, major tick at 2.5: label '3' shows 3, the tick's value is 2.5"]


# -- every figure of the built book --------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.xdist_group("book")
def test_every_figure_of_the_book_is_audited_and_passes(built_book, root):
    executed = sorted((root / "_build" / "executed").rglob("*.ipynb"))
    assert executed
    problems, audited = [], []
    for path in executed:
        nb = nbformat.read(path, as_version=4)
        problems += [f"{path.stem}: {p}" for p in execute.figure_problems(nb)]  # also: figures not audited
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if plotting.AUDIT_MIME in data and "image/png" in data:
                    audited.append(hashlib.sha256(base64.b64decode(data["image/png"])).hexdigest())
    assert problems == []
    # the pages show exactly the audited figures (myst-nb names an output image by its SHA-256)
    shown = []
    for page in sorted((built_book / "chapters").glob("*.html")):
        shown += re.findall(r'<img [^>]*src="\.\./_images/([0-9a-f]{64})\.png"', page.read_text(encoding="utf-8"))
    assert len(shown) >= 15, "the book's figures were not found on its pages"
    assert sorted(shown) == sorted(audited), "figures on the pages and audited figures differ"
