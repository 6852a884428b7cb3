import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from kmunetz import plotting  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_import_changes_no_global_style():
    import importlib

    before = dict(plt.rcParams)
    importlib.reload(plotting)
    assert dict(plt.rcParams) == before


def test_grouped_bars_with_error_bars():
    df = pd.DataFrame({"cat": ["a", "a", "b", "b"], "grp": ["x", "y", "x", "y"], "v": [0.2, 0.4, 0.6, 0.8],
                       "lo": [0.1, 0.3, 0.5, 0.7], "hi": [0.3, 0.5, 0.7, 0.9]})
    fig, ax = plt.subplots()
    out = plotting.bar_chart(df, x="v", y="cat", hue="grp", lower="lo", upper="hi", percent=True, ax=ax)
    assert out is ax
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == [20.0, 40.0, 60.0, 80.0]  # shares drawn in percent
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["x", "y"]
    labels = [t.get_text() for t in ax.texts]
    assert "20\u00a0%" in labels and "80\u00a0%" in labels
    # error bars: one line collection per group, spanning lo..hi
    segs = np.concatenate([c.get_segments() for c in ax.collections])
    spans = sorted(round(abs(s[1][0] - s[0][0]), 6) for s in segs)
    assert spans == [20.0] * 4


def test_palette_is_okabe_ito_and_theme_applies():
    plotting.use_theme()
    from matplotlib.colors import to_hex

    cycle = [to_hex(c["color"]).upper() for c in plt.rcParams["axes.prop_cycle"]]
    assert cycle[:3] == ["#0072B2", "#E69F00", "#009E73"]


def test_bad_columns_and_orient():
    df = pd.DataFrame({"c": ["a"], "v": [1.0]})
    with pytest.raises(KeyError, match="'nope' not in data"):
        plotting.bar_chart(df, x="nope", y="c")
    with pytest.raises(ValueError, match="orient"):
        plotting.bar_chart(df, x="v", y="c", orient="diag")
    with pytest.raises(ValueError, match="both lower and upper"):
        plotting.bar_chart(df.assign(lo=0.5), x="v", y="c", lower="lo")


def test_german_axis_and_assumed_note():
    fig, ax = plt.subplots()
    plotting.german_axis(ax, "x", decimals=1, percent=True)
    assert ax.xaxis.get_major_formatter()(12.25, 0) == "12,3\u00a0%"
    plotting.annotate_assumed(ax)
    assert any(plotting.ASSUMED_NOTE == t.get_text() for t in ax.texts)
