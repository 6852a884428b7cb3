"""Same commit, same parameters: identical data files and identical glued values, across processes."""

from __future__ import annotations

import subprocess
import sys

import pytest

GENERATE = ("from kmunetz import synthetic; import sys; "
            "synthetic.generate_survey(int(sys.argv[1])).to_csv(sys.argv[2], index=False); "
            "synthetic.generate_experts(int(sys.argv[1])).to_csv(sys.argv[3], index=False)")


def test_data_files_are_identical_across_processes(tmp_path):
    for run in ("a", "b"):
        subprocess.run([sys.executable, "-c", GENERATE, "2017", str(tmp_path / f"{run}-survey.csv"),
                        str(tmp_path / f"{run}-experts.csv")], check=True, timeout=120)
    assert (tmp_path / "a-survey.csv").read_bytes() == (tmp_path / "b-survey.csv").read_bytes()
    assert (tmp_path / "a-experts.csv").read_bytes() == (tmp_path / "b-experts.csv").read_bytes()


# the strip chart of the robustness chapter, on the effects of a short sweep of its first seeds; drawn with
# the jitter seed of each (path, seed) pair given on the command line
STRIP = ("import sys; import matplotlib; matplotlib.use('Agg'); import numpy as np; "
         "from kmunetz import plotting, robustness; plotting.use_theme(); "
         "e = robustness.sweep(range(2017, 2025)).effects; e = e[e['usable']]; "
         "order = list(dict.fromkeys(e['label'])); "
         "colour = np.where(e['study_direction'] > 0, plotting.PALETTE[0], plotting.PALETTE[5]); "
         "pairs = zip(sys.argv[1::2], sys.argv[2::2]); "
         "[plotting.strip_chart(e, x='ame', y='label', order=order, color=colour, seed=int(s)).figure.savefig(p) "
         " for p, s in pairs]")


def test_strip_chart_draws_the_same_pixels_in_every_process(tmp_path):
    from kmunetz.plotting import JITTER_SEED

    a, b, other = (tmp_path / f"{name}.png" for name in ("a", "b", "other"))
    for args in ([a, JITTER_SEED, other, JITTER_SEED + 1], [b, JITTER_SEED]):
        subprocess.run([sys.executable, "-c", STRIP, *map(str, args)], check=True, timeout=120)
    assert a.read_bytes() == b.read_bytes()
    # the jitter reaches the pixels: another seed draws another figure
    assert other.read_bytes() != a.read_bytes()


@pytest.mark.slow
def test_glued_values_are_identical_across_runs(tmp_path):
    for run in ("a", "b"):
        proc = subprocess.run([sys.executable, "-m", "kmunetz", "run", "aktive-teilnahme", "-p", "seed", "31",
                               "-o", str(tmp_path / run)], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
    a = (tmp_path / "a" / "aktive-teilnahme.values.json").read_bytes()
    b = (tmp_path / "b" / "aktive-teilnahme.values.json").read_bytes()
    assert a == b
    assert len(a) > 500


@pytest.mark.slow
@pytest.mark.xdist_group("book")
def test_rebuild_from_scratch_gives_identical_values_and_figures(built_book, root):
    """Executing every chapter again (forced) gives the same glued values and figures as the cached build."""
    from itertools import zip_longest

    import nbformat

    from kmunetz import glue
    from kmunetz.builder import book

    def values():
        out = {}
        for f in sorted((root / "_build" / "executed" / "chapters").glob("*.ipynb")):
            out[f.stem] = glue.values_from_notebook(nbformat.read(f, as_version=4))
        return out

    def figures():
        out = {}
        for f in sorted((root / "_build" / "executed" / "chapters").glob("*.ipynb")):
            nb = nbformat.read(f, as_version=4)
            out[f.stem] = [o["data"]["image/png"] for c in nb.cells for o in c.get("outputs", [])
                           if "image/png" in o.get("data", {})]
        return out

    before, before_figures = values(), figures()
    assert sum(map(len, before_figures.values())) >= 15
    result = book.build(root=root, force=True, render=False)
    assert result.returncode == 0
    assert values() == before
    after = figures()
    assert after.keys() == before_figures.keys()
    changed = [f"{name}, figure {i + 1}" for name in before_figures
               for i, (x, y) in enumerate(zip_longest(before_figures[name], after[name])) if x != y]
    assert changed == []
