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
    fmt = ax.xaxis.get_major_formatter()
    assert fmt(12.5, 0) == "12,5\u00a0%"
    assert fmt(12.25, 0) == "12,25\u00a0%"  # a tick label never rounds its value (decimals is a minimum)
    plotting.annotate_assumed(ax)
    assert any(plotting.ASSUMED_NOTE == t.get_text() for t in ax.texts)


def _labels(axis):
    axis.axes.figure.draw_without_rendering()
    lo, hi = sorted(axis.get_view_interval())
    return [(loc, t.label1.get_text()) for loc, t in zip(axis.get_majorticklocs(), axis.get_major_ticks())
            if lo <= loc <= hi]


def test_german_formatter_keeps_the_tick_value_and_uses_the_minus_sign():
    fmt = plotting.GermanFormatter(decimals=0)
    assert fmt.format_ticks([0, 2.5, 5, 7.5]) == ["0,0", "2,5", "5,0", "7,5"]  # one number of decimals per axis
    assert fmt.format_ticks([-10, 0, 10]) == ["\u221210", "0", "10"]
    assert fmt.format_ticks([1000, 2000]) == ["1.000", "2.000"]
    assert plotting.GermanFormatter(1, percent=True, scale=100).format_ticks([0.125, 0.25]) == [
        "12,5\u00a0%", "25,0\u00a0%"]
    fig, ax = plt.subplots()
    ax.plot([-0.37, 0.12], [0, 1])
    plotting.german_axis(ax, "x")
    labels = _labels(ax.xaxis)
    assert labels and all("-" not in text for _, text in labels)
    assert any(text.startswith("\u2212") for loc, text in labels if loc < 0)


def test_histogram_counts_get_whole_number_ticks():
    # the partner histogram: up to 14 networks per bin on a 3-inch axis; matplotlib's default
    # locator puts ticks at 2.5, 7.5, 12.5 there
    counts = np.repeat(np.arange(1, 15), np.arange(1, 15))
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.hist(counts, bins=14)
    fig.draw_without_rendering()
    assert any(loc % 1 for loc in ax.get_yticks())  # the default would give fractional ticks here
    plotting.integer_axis(ax, "y")
    labels = _labels(ax.yaxis)
    assert len(labels) >= 3
    assert all(float(loc).is_integer() and text == plotting.formatting.integer(loc) for loc, text in labels)
    assert plotting.is_integer_axis(ax.yaxis) and not plotting.is_integer_axis(ax.xaxis)


def test_distribution_chart_declares_its_count_axes():
    partners = pd.Series(np.geomspace(3, 130, 156).round())
    ax = plotting.distribution_chart(partners, log=True, integer=True)
    assert plotting.is_integer_axis(ax.yaxis) and plotting.is_integer_axis(ax.xaxis)
    assert ax.get_xscale() == "log"
    assert [text for _, text in _labels(ax.xaxis)] == ["10", "100"]
    assert not plotting.is_integer_axis(plotting.distribution_chart(partners).xaxis)
