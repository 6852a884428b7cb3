"""The analysis library as an installed package: a wheel that carries its data and runs outside the project.

The wheel is built from this checkout and unpacked into a folder outside the repository; Python runs
there with no project root and no ``KMUNETZ_ROOT``, and with the Jupyter stack (jupyter-book,
papermill, nbclient, nbformat, myst-nb, jupytext, ipykernel) made impossible to import. The library
must still import, find its data through ``importlib.resources`` and reproduce the study's numbers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kmunetz import paths

pytestmark = pytest.mark.slow

ROOT = paths.project_root(Path(__file__).parent)
#: The analysis library: what a notebook outside the book needs.
LIBRARY = ["codebook", "published", "synthetic", "survey", "stats", "estimation", "models", "reproduce",
           "robustness", "netcheck", "plotting", "formatting", "provenance", "params", "paths", "glue", "chapter",
           "prose"]
JUPYTER = ["jupyter_book", "papermill", "nbclient", "nbformat", "myst_nb", "jupytext", "ipykernel"]

SCRIPT = r"""
import importlib, importlib.abc, json, sys
BLOCKED = set(sys.argv[1].split(","))

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is not installed here")
        return None

sys.meta_path.insert(0, Block())
import kmunetz
for name in sys.argv[2].split(","):
    importlib.import_module("kmunetz." + name)
from kmunetz import codebook, paths, published, reproduce, synthetic
survey, experts = synthetic.generate_survey(seed=2017), synthetic.generate_experts(seed=2017)
table = reproduce.compare(survey, experts)
print(json.dumps({"data": str(paths.data_dir()), "file": kmunetz.__file__, "rows": len(published.load()),
                  "variables": len(codebook.variables()), "agree": int(table["agrees"].sum()), "checked": len(table),
                  "jupyter": sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)}))
"""


def test_the_wheel_carries_the_data_of_data_folder(unpacked_wheel):
    shipped = unpacked_wheel / "kmunetz" / "data"
    files = sorted(p.relative_to(ROOT / "data") for p in (ROOT / "data").rglob("*") if p.is_file())
    assert files, "data/ is empty"
    for rel in files:
        assert (shipped / rel).read_bytes() == (ROOT / "data" / rel).read_bytes(), rel


def test_the_library_runs_outside_the_project_without_jupyter(unpacked_wheel, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("KMUNETZ_ROOT", "PYTHONPATH")}
    env["PYTHONPATH"] = str(unpacked_wheel)
    proc = subprocess.run([sys.executable, "-c", SCRIPT, ",".join(JUPYTER), ",".join(LIBRARY)], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert Path(result["file"]).is_relative_to(unpacked_wheel), result["file"]  # not the checkout's copy
    assert Path(result["data"]).is_relative_to(unpacked_wheel), result["data"]
    assert result["jupyter"] == []
    assert result["rows"] > 0 and result["variables"] > 0
    assert result["agree"] == result["checked"] > 0
