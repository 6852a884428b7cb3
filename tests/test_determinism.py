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
def test_rebuild_from_scratch_gives_identical_values(built_book, root):
    """Executing every chapter again (forced) gives the same glued values as the cached build."""
    import nbformat

    from kmunetz import book, glue

    def values():
        out = {}
        for f in sorted((root / "_build" / "executed" / "chapters").glob("*.ipynb")):
            out[f.stem] = glue.values_from_notebook(nbformat.read(f, as_version=4))
        return out

    before = values()
    result = book.build(root=root, force=True, render=False)
    assert result.returncode == 0
    assert values() == before
