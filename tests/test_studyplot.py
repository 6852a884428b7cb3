"""Figures of the study's numbers: what their table says about each statement (kmunetz.studyplot)."""

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from kmunetz import formatting, published, studyplot  # noqa: E402

NB = formatting.NBSP
CHARTS = Path(__file__).parent / "fixtures" / "chart_values.csv"


def test_the_range_in_words_for_catalogue_rows_and_typed_chart_values():
    table = studyplot.study_table({"netzwerke_gewachsen": "gewachsen", "abb_handlungsfelder_bildung": "Bildung",
                                   "fachkraefte_anteil": "Fachkräfte", "branchenunabhaengig": "branche"},
                                  chart_values=str(CHARTS))
    typed = published.chart_values(str(CHARTS)).loc["abb_handlungsfelder_bildung", "value"]
    # "mehr als die Hälfte" excludes one half; "fast 90 %" excludes 90 %; a typed value allows only itself
    assert list(table["allowed"]) == [f"über 50 bis 100{NB}%", formatting.percent(typed, 0, scale=1),
                                      f"85 bis unter 90{NB}%", f"80 bis 90{NB}%"]


def test_a_bound_is_not_drawn_as_a_value():
    # the study names no value for "mehr als die Hälfte" or "überwiegend": no dot, no sampling interval
    table = studyplot.study_table({"netzwerke_gewachsen": "gewachsen", "typ_formell": "formell",
                                   "kmu_aktiv": "aktiv"})
    assert [math.isnan(v) for v in table["value"]] == [True, True, False]
    assert [math.isnan(v) for v in table["ci_lower"]] == [True, True, False]
    ax = studyplot.study_chart(table)
    dots = [c for c in ax.collections if c.get_label() == "genannter Wert"]
    assert len(dots) == 1 and len(dots[0].get_offsets()) == 1  # the one named value only
    plt.close(ax.figure)


def test_the_chart_names_each_row_with_the_studys_words_and_stays_in_its_width():
    from kmunetz import plotting

    with plt.rc_context():
        plotting.use_theme()
        table = studyplot.study_table({"kmu_beteiligt": "KMU beteiligt", "kmu_nur_passiv": "KMU nur passiv beteiligt"})
        ax = studyplot.study_chart(table)
        fig = ax.figure
        names = [t.get_text() for t in ax.get_yticklabels()]
        assert names == ["KMU beteiligt\n„9 von 10“", "KMU nur passiv\nbeteiligt\n„etwa ein Viertel“"]
        # everything drawn fits the figure's width: a phone scales the figure, not extra margins
        fig.canvas.draw()
        tight = fig.get_tightbbox(fig.canvas.get_renderer())
        assert tight.width <= fig.get_figwidth() + 0.05, (tight.width, fig.get_figwidth())
        plt.close(fig)


def test_an_empty_table_has_no_rows_and_no_chart():
    table = studyplot.study_table({})
    assert table.empty and "allowed" in table.columns
    with pytest.raises(ValueError, match="no rows"):
        studyplot.study_chart(table)
