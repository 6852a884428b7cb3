"""kmunetz run / sweep, cache invalidation and editions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from kmunetz import glue, paths, reproduce
from kmunetz.builder import book, execute, runner
from kmunetz.survey import load_experts, load_survey

ROOT = paths.project_root(Path(__file__).parent)


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kmunetz", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=600)


@pytest.mark.slow
def test_run_writes_notebook_and_values(tmp_path):
    out = tmp_path / "out"
    proc = cli("run", "rolle-der-kmu", "-p", "seed", "7", "-p", "confidence", "0.9", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    nb = nbformat.read(out / "rolle-der-kmu.ipynb", as_version=4)
    values = json.loads((out / "rolle-der-kmu.values.json").read_text())
    assert values == json.loads(json.dumps(glue.values_from_notebook(nb)))
    comp = reproduce.compare(load_survey(seed=7), load_experts(seed=7), 0.9).set_index("key")
    assert values["kmu_aktiv"] == pytest.approx(comp.loc["kmu_aktiv", "value"])
    assert values["kmu_aktiv_ci"] != ""
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "remove-cell" in injected[0].metadata["tags"]
    assert "seed = 7" in injected[0].source
    assert nb.metadata["kmunetz"]["parameters"]["confidence"] == 0.9


@pytest.mark.slow
def test_run_with_a_parameter_file(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("seed: 11\nmodel: probit\n")
    out = tmp_path / "out"
    proc = cli("run", "chapters/aktive-teilnahme.md", "-f", str(f), "-p", "seed", "12", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    values = json.loads((out / "aktive-teilnahme.values.json").read_text())
    assert values["modell_name"] == "Probit"
    nb = nbformat.read(out / "aktive-teilnahme.ipynb", as_version=4)
    assert nb.metadata["kmunetz"]["parameters"]["seed"] == 12  # the command line wins over the file


@pytest.mark.parametrize("args, fragment", [
    (["-p", "colour", "red"], "unknown parameter 'colour' (value 'red'); this chapter accepts: seed, n, survey, experts, confidence"),
    (["-p", "seed", "abc"], "parameter 'seed': cannot read 'abc' as int"),
    (["-p", "seed", "-1"], "parameter 'seed': value -1 is not allowed; expected a whole number from 0"),
    (["-p", "confidence", "1.5"], "parameter 'confidence': value 1.5 is not allowed"),
    (["-p", "n", "5"], "parameter 'n': value 5 is not allowed; expected a whole number from 30"),
    (["-p", "survey", "nowhere.csv"], "parameter 'survey'"),
    (["-f", "missing.yaml"], "parameter file 'missing.yaml' not found"),
])
def test_run_rejects_bad_parameters_before_any_kernel(tmp_path, args, fragment):
    out = tmp_path / "out"
    proc = cli("run", "rolle-der-kmu", *args, "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 2
    assert fragment in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists()


def test_run_rejects_bad_files_and_chapters(tmp_path):
    bad = tmp_path / "list.yaml"
    bad.write_text("- 1\n- 2\n")
    proc = cli("run", "typen", "-f", str(bad), "-o", str(tmp_path / "o"))
    assert proc.returncode == 2 and "expected a mapping of name: value, got list" in proc.stderr
    proc = cli("run", "nicht-da", "-o", str(tmp_path / "o"))
    assert proc.returncode == 2 and "chapter 'nicht-da' not found; known chapters:" in proc.stderr
    afile = tmp_path / "file"
    afile.write_text("x")
    proc = cli("run", "typen", "-o", str(afile))
    assert proc.returncode == 2 and "exists and is not a folder" in proc.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.slow
def test_sweep_of_three_seeds(tmp_path):
    proc = cli("sweep", "rolle-der-kmu", "--seeds", "3-5", "--jobs", "2", "-q", "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    tidy = pd.read_csv(tmp_path / "rolle-der-kmu.sweep.csv")
    summary = pd.read_csv(tmp_path / "rolle-der-kmu.sweep-summary.csv").set_index("name")
    assert sorted(tidy["seed"].unique()) == [3, 4, 5]
    per_seed = tidy.groupby("seed")["name"].nunique()
    assert per_seed.nunique() == 1  # every seed glues the same values
    # the summary is computed from the tidy table, and the values are the package's
    for seed in (3, 4, 5):
        comp = reproduce.compare(load_survey(seed=seed), load_experts(seed=seed)).set_index("key")
        row = tidy[(tidy["seed"] == seed) & (tidy["name"] == "kmu_aktiv")]
        assert row["value"].iloc[0] == pytest.approx(comp.loc["kmu_aktiv", "value"])
    keine = tidy[tidy["name"] == "keine_kmu"]["value"]
    assert summary.loc["keine_kmu", "median"] == pytest.approx(keine.median())
    assert summary.loc["kmu_aktiv", "published"] == pytest.approx(66.7)
    assert summary.loc["kmu_aktiv", "seeds"] == 3


@pytest.mark.parametrize("text", ["5-3", "a-b", "1,x", ""])
def test_sweep_rejects_bad_seed_ranges(text):
    from kmunetz.params import ParameterError

    with pytest.raises(ParameterError, match="--seeds"):
        runner.parse_seeds(text)


def test_sweep_needs_a_seed_parameter():
    from kmunetz.params import ParameterError

    with pytest.raises(ParameterError, match="has no 'seed' parameter"):
        runner.sweep("methodik", [1, 2], outdir=None, progress=False)


@pytest.mark.slow
def test_warm_and_fresh_kernels_give_the_same_values():
    ch = ROOT / "chapters" / "typen.md"
    from kmunetz.builder.kernels import single_use

    fresh = execute.execute(ch, {"seed": 5})
    with single_use(ch.parent) as k:
        warm1 = execute.execute(ch, {"seed": 5}, kernel=k)
        execute.execute(ROOT / "chapters" / "motive.md", {"seed": 9}, kernel=k)  # leave state behind
        warm2 = execute.execute(ch, {"seed": 5}, kernel=k)
    values = [glue.values_from_notebook(nb) for nb in (fresh, warm1, warm2)]
    assert values[0] == values[1] == values[2]
    strip = lambda nb: [c.source for c in nb.cells]  # noqa: E731
    assert strip(warm1) == strip(warm2)


@pytest.mark.slow
def test_cache_follows_src_and_chapter_changes(small_project):
    project_copy = small_project
    first = book.build(root=project_copy, render=False)
    notebooks = set(first.executed)
    assert first.returncode == 0 and notebooks
    again = book.build(root=project_copy, render=False)
    assert again.executed == [] and set(again.reused) == notebooks
    ch = project_copy / "chapters" / "typen.md"
    ch.write_text(ch.read_text() + "\nEin zusätzlicher Satz.\n")
    one = book.build(root=project_copy, render=False)
    assert one.executed == ["chapters/typen.md"]
    f = project_copy / "src" / "kmunetz" / "formatting.py"
    f.write_text(f.read_text() + "\n# a change in the package\n")
    all_again = book.build(root=project_copy, render=False)
    assert set(all_again.executed) == notebooks


def tree_digest(folder: Path) -> str:
    from kmunetz.builder.files import tree_digest as digest

    return digest(folder, [p for p in folder.rglob("*") if p.is_file()])


@pytest.mark.slow
@pytest.mark.xdist_group("book")
def test_edition_leaves_the_default_build_untouched(built_book, root):
    before = tree_digest(built_book)
    from conftest import EDITION  # the parameters of the edition_book fixture: the suite builds it once

    result = book.build(root=root, parameters=EDITION)
    assert result.returncode == 0
    assert tree_digest(built_book) == before
    assert result.html == root / "_build" / "editions" / "confidence-0.9_model-probit_runs-100_seed-7" / "_build" / "html"
    from test_book import page_text

    intro = page_text(result.html / "intro.html")
    assert "Sonderausgabe" in intro and "seed = 7" in intro and "confidence = 0.9" in intro
    page = page_text(result.html / "chapters" / "rolle-der-kmu.html")
    assert "Herkunft dieser Seite" in page and "Startwert 7" in page


def test_book_rejects_unknown_edition_parameters(root):
    from kmunetz.params import ParameterError

    with pytest.raises(ParameterError, match="no chapter has them"):
        book.build(root=root, parameters={"colour": "x"})
