"""Same commit, same parameters: identical data files and identical glued values, across processes.

That every chapter executed again, in another environment, gives the book's glued values and figures
byte for byte is checked by tests/test_fresh_environment.py.
"""

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
    runs = [subprocess.Popen([sys.executable, "-m", "kmunetz", "run", "aktive-teilnahme", "-p", "seed", "31",
                              "-o", str(tmp_path / run)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for run in ("a", "b")]  # two processes at once
    for proc in runs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    a = (tmp_path / "a" / "aktive-teilnahme.values.json").read_bytes()
    b = (tmp_path / "b" / "aktive-teilnahme.values.json").read_bytes()
    assert a == b
    assert len(a) > 500
