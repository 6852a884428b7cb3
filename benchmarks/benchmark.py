"""Measure how long the book takes to build, rebuild, re-run and sweep on this machine.

Not a test: it prints its figures. Run with ``make benchmark`` (or ``.venv/bin/python
benchmarks/benchmark.py --repeat 3``). Every measurement runs in a temporary copy of the project,
so the working tree and its ``_build`` are left alone. Medians of ``--repeat`` runs are reported.

Measured:
- clean build (no ``_build``), rebuild with no change, rebuild after editing one chapter;
- the same book built the stock way: ``jupyter-book build`` with ``execute_notebooks: force``, so
  that Jupyter Book executes every chapter itself, one after another (see :func:`stock_copy`);
- one ``kmunetz run`` of a chapter;
- a sweep of 20 seeds with 1 and with 2 jobs;
- the lower bound: all chapters' code executed one after another in one plain Python process
  (no kernels, no notebooks, no rendering);
- the robustness sweep of ``tests/test_robustness.py`` (500 small synthetic surveys, n = 60) in one
  process, against its target of 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
EDIT_CHAPTER = "typen"


#: Seeds of the robustness chapter's sweep in the benchmark (its default).
ROBUST_RUNS = 500

#: The sweep of ``tests/test_robustness.py::test_no_effect_beyond_100_points_in_500_small_surveys``:
#: seeds, networks per survey, and the seconds it may take on this machine.
SWEEP_SEEDS, SWEEP_N, SWEEP_TARGET = 500, 60, 60.0


def copy_project(dest: Path) -> Path:
    from kmunetz.builder.files import copy_project as copy

    return copy(ROOT, dest)


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    return timed_output(cmd, cwd, env, keep_stdout=False)[0]


def timed_output(cmd: list[str], cwd: Path, env: dict | None = None,
                 keep_stdout: bool = True) -> tuple[float, str, str]:
    """Run ``cmd``; return its wall-clock seconds, stdout and stderr (stop the benchmark if it fails)."""
    start = time.perf_counter()
    stdout = subprocess.PIPE if keep_stdout else subprocess.DEVNULL
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(cmd)}\n{(proc.stdout or '')[-2000:]}\n"
                         f"{proc.stderr[-3000:]}")
    return elapsed, proc.stdout, proc.stderr


def stock_copy(dest: Path) -> Path:
    """A copy of the project set up to be built the stock way: Jupyter Book executes every chapter.

    ``_config.yml`` turns execution off twice (``execute.execute_notebooks`` and, because
    ``sphinx.config`` takes precedence over it in Jupyter Book 1, ``nb_execution_mode``). The copy
    gets ``execute_notebooks: force`` and loses the ``nb_execution_mode`` line, the two lines a user
    would change; everything else (local extensions in ``_ext/``, templates) stays as it is.
    """
    proj = copy_project(dest)
    config = proj / "_config.yml"
    text = config.read_text(encoding="utf-8")
    text, on = re.subn(r"(?m)^(\s+execute_notebooks:).*$", r"\1 force", text)
    text, dropped = re.subn(r"(?m)^\s+nb_execution_mode:.*\n", "", text)
    if (on, dropped) != (1, 1):
        raise SystemExit("benchmark: _config.yml no longer has one execute_notebooks and one nb_execution_mode "
                         "line; adapt stock_copy() to its layout")
    config.write_text(text, encoding="utf-8")
    return proj


def stock_build(proj: Path) -> tuple[float, int, int]:
    """Build ``proj`` (a :func:`stock_copy`, no ``_build``) with ``jupyter-book build``, as a user would.

    Returns the seconds, the number of chapters Jupyter Book executed and the number of Sphinx
    warnings. No ``-W``: the stock build warns where the builder does not (see README), but it must
    succeed, execute every chapter and write a page for every file of the table of contents.
    """
    from kmunetz.builder import book, execute

    # A user runs the stock build in the checkout with nothing set: each chapter finds the project
    # from its own folder, where Jupyter Book executes it (kmunetz.paths walks up to _toc.yml), so
    # KMUNETZ_ROOT is dropped rather than pointed anywhere.
    env = {k: v for k, v in os.environ.items() if k != "KMUNETZ_ROOT"}
    seconds, out, err = timed_output([str(BIN / "jupyter-book"), "build", str(proj)], proj, env)
    sources = book.toc_files(proj)
    notebooks = [s for s in sources if s.suffix == ".md" and execute.is_notebook(s)]
    executed = len(re.findall(r"Executed notebook in", out + err))
    missing = [str(s.relative_to(proj)) for s in sources
               if not (proj / "_build" / "html" / s.relative_to(proj).with_suffix(".html")).is_file()]
    if missing or executed != len(notebooks):
        raise SystemExit(f"benchmark: the stock build executed {executed} of {len(notebooks)} chapters; "
                         f"pages missing: {missing or 'none'}")
    summary = re.search(r"build succeeded(?:, (\d+) warnings?)?", re.sub(r"\x1b\[[0-9;]*m", "", out))
    warnings = int(summary.group(1) or 0) if summary else -1
    return seconds, executed, warnings


ROBUSTNESS_SWEEP = textwrap.dedent(f"""
    import json
    from kmunetz import robustness
    s = robustness.sweep(range(1, {SWEEP_SEEDS} + 1), n={SWEEP_N}, published_seeds=0)
    print(json.dumps({{"seconds": s.seconds}}))
""")


LOWER_BOUND = textwrap.dedent("""
    import os, sys, time
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from kmunetz.builder import book, execute
    from pathlib import Path
    root = Path(sys.argv[1])
    os.environ["KMUNETZ_ROOT"] = str(root)
    for src in book.toc_files(root):
        if src.suffix != ".md" or not execute.is_notebook(src):
            continue
        nb = execute.read_chapter(src)
        code = "\\n".join(c.source for c in nb.cells if c.cell_type == "code")
        os.chdir(src.parent)
        exec(compile(code, str(src), "exec"), {"__name__": "__main__"})
        plt.close("all")
""")


def measure(repeat: int) -> tuple[dict[str, list[float]], list[tuple[int, int]]]:
    """Medians' raw material: the seconds of every run per measurement, and (chapters executed, Sphinx
    warnings) of each stock build."""
    kmunetz = str(BIN / "kmunetz")
    results: dict[str, list[float]] = {k: [] for k in
                                       ["clean", "nochange", "edit", "run", "robust", "sweep1", "sweep2", "lower",
                                        "stock", "robustsweep"]}
    stock_info: list[tuple[int, int]] = []
    for i in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            proj = copy_project(Path(tmp) / "project")
            env = {**os.environ, "KMUNETZ_ROOT": str(proj)}
            results["clean"].append(timed([kmunetz, "build", "--root", str(proj)], proj, env))
            results["nochange"].append(timed([kmunetz, "build", "--root", str(proj)], proj, env))
            chapter = proj / "chapters" / f"{EDIT_CHAPTER}.md"
            chapter.write_text(chapter.read_text() + f"\nBenchmark-Änderung {i}.\n")
            results["edit"].append(timed([kmunetz, "build", "--root", str(proj)], proj, env))
            results["run"].append(timed([kmunetz, "run", EDIT_CHAPTER, "-o", str(Path(tmp) / "run")], proj, env))
            results["robust"].append(timed([kmunetz, "run", "robustheit", "-p", "runs", str(ROBUST_RUNS), "-o",
                                            str(Path(tmp) / "robust")], proj, env))
            for jobs, key in ((1, "sweep1"), (2, "sweep2")):
                results[key].append(timed([kmunetz, "sweep", "aktive-teilnahme", "--seeds", "1-20", "--jobs",
                                           str(jobs), "-q", "-o", str(Path(tmp) / f"sweep{jobs}")], proj, env))
            script = Path(tmp) / "lower_bound.py"
            script.write_text(LOWER_BOUND)
            results["lower"].append(timed([sys.executable, str(script), str(proj)], proj, env))
            seconds, executed, warnings = stock_build(stock_copy(Path(tmp) / "stock"))
            results["stock"].append(seconds)
            stock_info.append((executed, warnings))
            # the sweep's own clock (s.seconds), as the test read it; a fresh process, in the copy
            out = timed_output([sys.executable, "-c", ROBUSTNESS_SWEEP], proj, env)[1]
            results["robustsweep"].append(json.loads(out.strip().splitlines()[-1])["seconds"])
        print(f"  repetition {i + 1}/{repeat} done", file=sys.stderr)
    return results, stock_info


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions; medians are reported (default 3)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.system()} {platform.release()}")
    r, stock_info = measure(args.repeat)
    med = {k: statistics.median(v) for k, v in r.items()}
    rows = [
        ("clean build (execute all chapters, render)", "clean"),
        ("stock Jupyter Book (jupyter-book build, executes all)", "stock"),
        ("rebuild, nothing changed", "nochange"),
        (f"rebuild after editing chapters/{EDIT_CHAPTER}.md", "edit"),
        (f"kmunetz run {EDIT_CHAPTER}", "run"),
        (f"kmunetz run robustheit ({ROBUST_RUNS} synthetic surveys)", "robust"),
        (f"robustness sweep, {SWEEP_SEEDS} surveys of n = {SWEEP_N}, one process", "robustsweep"),
        ("kmunetz sweep aktive-teilnahme, 20 seeds, 1 job", "sweep1"),
        ("kmunetz sweep aktive-teilnahme, 20 seeds, 2 jobs", "sweep2"),
        ("lower bound: all chapter code in one Python process", "lower"),
    ]
    print(f"\n{'measurement':55} {'median s':>9}   runs")
    for label, key in rows:
        print(f"{label:55} {med[key]:9.2f}   {', '.join(f'{v:.2f}' for v in r[key])}")
    clean_ratio = med["clean"] / med["lower"]
    stock_ratio = med["stock"] / med["clean"]
    speedup = med["sweep1"] / med["sweep2"]
    edit_target = 1.5 * (med["run"] + 5)
    executed, warnings = stock_info[-1]
    print(f"\nStock build: Jupyter Book executed {executed} chapters, {warnings} Sphinx warnings "
          "(the clean build renders with -W: none)")
    print("\nRatios")
    print(f"  stock build / clean build       {stock_ratio:5.2f}  (the clean build is {stock_ratio:.2f} times faster)")
    print(f"  clean build / lower bound       {clean_ratio:5.2f}  (target <= 2.00)  {'met' if clean_ratio <= 2 else 'NOT met'}")
    print("\nTargets")
    print(f"  no-change rebuild               {med['nochange']:5.2f} s (target <= 5 s)  {'met' if med['nochange'] <= 5 else 'NOT met'}")
    print(f"  one-chapter edit rebuild        {med['edit']:5.2f} s (target <= {edit_target:.2f} s = 1.5 x (run + 5 s))  "
          f"{'met' if med['edit'] <= edit_target else 'NOT met'}")
    print(f"  sweep speed-up, 2 jobs vs 1     {speedup:5.2f}  (target >= 1.70)  {'met' if speedup >= 1.7 else 'NOT met'}")
    gen = generation_seconds(args.repeat)
    print(f"  one synthetic survey            {gen:5.2f} s (target < 1 s)  {'met' if gen < 1 else 'NOT met'}")
    sweep = med["robustsweep"]
    print(f"  robustness sweep, {SWEEP_SEEDS} surveys   {sweep:5.2f} s (target < {SWEEP_TARGET:.0f} s)  "
          f"{'met' if sweep < SWEEP_TARGET else 'NOT met'}")
    return 0


def generation_seconds(repeat: int) -> float:
    """Median time to generate one synthetic survey (after a first, warming call)."""
    from kmunetz import synthetic

    synthetic.generate_survey(1)
    times = []
    for seed in range(2, 2 + repeat):
        start = time.perf_counter()
        synthetic.generate_survey(seed)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    sys.exit(main())
