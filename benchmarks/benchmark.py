"""Measure how long the book takes to build, rebuild, re-run and sweep on this machine.

Not a test: it prints its figures. Run with ``make benchmark`` (or ``.venv/bin/python
benchmarks/benchmark.py --repeat 3``). Every measurement runs in a temporary copy of the project,
so the working tree and its ``_build`` are left alone. Medians of ``--repeat`` runs are reported.

Measured:
- clean build (no ``_build``), rebuild with no change, rebuild after editing one chapter;
- one ``kmunetz run`` of a chapter;
- a sweep of 20 seeds with 1 and with 2 jobs;
- the lower bound: all chapters' code executed one after another in one plain Python process
  (no kernels, no notebooks, no rendering).
"""

from __future__ import annotations

import argparse
import os
import platform
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


def copy_project(dest: Path) -> Path:
    from kmunetz.builder.files import copy_project as copy

    return copy(ROOT, dest)


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return elapsed


LOWER_BOUND = textwrap.dedent("""
    import os, sys, time
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import jupytext
    from kmunetz.builder import book
    from pathlib import Path
    root = Path(sys.argv[1])
    os.environ["KMUNETZ_ROOT"] = str(root)
    for src in book.toc_files(root):
        if src.suffix != ".md" or "```{code-cell}" not in src.read_text():
            continue
        nb = jupytext.read(src, fmt="md:myst")
        code = "\\n".join(c.source for c in nb.cells if c.cell_type == "code")
        os.chdir(src.parent)
        exec(compile(code, str(src), "exec"), {"__name__": "__main__"})
        plt.close("all")
""")


def measure(repeat: int) -> dict[str, list[float]]:
    kmunetz = str(BIN / "kmunetz")
    results: dict[str, list[float]] = {k: [] for k in
                                       ["clean", "nochange", "edit", "run", "robust", "sweep1", "sweep2", "lower"]}
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
        print(f"  repetition {i + 1}/{repeat} done", file=sys.stderr)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions; medians are reported (default 3)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.system()} {platform.release()}")
    r = measure(args.repeat)
    med = {k: statistics.median(v) for k, v in r.items()}
    rows = [
        ("clean build (execute all chapters, render)", "clean"),
        ("rebuild, nothing changed", "nochange"),
        (f"rebuild after editing chapters/{EDIT_CHAPTER}.md", "edit"),
        (f"kmunetz run {EDIT_CHAPTER}", "run"),
        (f"kmunetz run robustheit ({ROBUST_RUNS} synthetic surveys)", "robust"),
        ("kmunetz sweep aktive-teilnahme, 20 seeds, 1 job", "sweep1"),
        ("kmunetz sweep aktive-teilnahme, 20 seeds, 2 jobs", "sweep2"),
        ("lower bound: all chapter code in one Python process", "lower"),
    ]
    print(f"\n{'measurement':55} {'median s':>9}   runs")
    for label, key in rows:
        print(f"{label:55} {med[key]:9.2f}   {', '.join(f'{v:.2f}' for v in r[key])}")
    clean_ratio = med["clean"] / med["lower"]
    speedup = med["sweep1"] / med["sweep2"]
    edit_target = 1.5 * (med["run"] + 5)
    print("\nTargets")
    print(f"  clean build / lower bound       {clean_ratio:5.2f}  (target <= 2.00)  {'met' if clean_ratio <= 2 else 'NOT met'}")
    print(f"  no-change rebuild               {med['nochange']:5.2f} s (target <= 5 s)  {'met' if med['nochange'] <= 5 else 'NOT met'}")
    print(f"  one-chapter edit rebuild        {med['edit']:5.2f} s (target <= {edit_target:.2f} s = 1.5 x (run + 5 s))  "
          f"{'met' if med['edit'] <= edit_target else 'NOT met'}")
    print(f"  sweep speed-up, 2 jobs vs 1     {speedup:5.2f}  (target >= 1.70)  {'met' if speedup >= 1.7 else 'NOT met'}")
    gen = generation_seconds(args.repeat)
    print(f"  one synthetic survey            {gen:5.2f} s (target < 1 s)  {'met' if gen < 1 else 'NOT met'}")
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
