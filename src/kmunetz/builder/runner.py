"""Re-execute chapters with other parameters: one run (``kmunetz run``) or a seed sweep (``kmunetz sweep``).

Both validate every parameter before any kernel starts and write their results only when the whole
run succeeded, so a failed or rejected run leaves no partial output behind.
"""

from __future__ import annotations

import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import nbformat

from .. import glue, params, paths
from . import execute as _exec
from .files import atomic_write

# pandas is imported where it is needed (summaries), not at import time: a sweep starts its worker
# kernels sooner when the command itself starts quickly

__all__ = ["resolve_chapter", "load_param_file", "prepare", "run", "parse_seeds", "sweep", "summarise"]


def resolve_chapter(name: str | os.PathLike) -> Path:
    """Find a chapter by path or by slug (``netzwerke`` → ``chapters/netzwerke.md``)."""
    p = Path(name)
    candidates = [p, paths.project_root() / p, paths.chapters_dir() / p, paths.chapters_dir() / f"{p}.md"]
    for c in candidates:
        if c.is_file() and c.suffix == ".md":
            return c.resolve()
    known = sorted(f.stem for f in paths.chapters_dir().glob("*.md") if _exec.is_notebook(f))
    raise _exec.ChapterError(f"chapter {str(name)!r} not found; known chapters: {', '.join(known)}")


def load_param_file(path: str | os.PathLike) -> dict[str, Any]:
    """Read a YAML file of parameters (a mapping of name → value)."""
    import yaml

    p = Path(path)
    if not p.is_file():
        raise params.ParameterError(f"parameter file {str(path)!r} not found")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise params.ParameterError(f"parameter file {p}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise params.ParameterError(f"parameter file {p}: expected a mapping of name: value, got {type(data).__name__}")
    return data


def prepare(chapter: str | os.PathLike, cli: list[tuple[str, str]] | None = None,
            param_file: str | os.PathLike | None = None) -> tuple[Path, nbformat.NotebookNode, dict[str, Any]]:
    """Resolve the chapter and merge parameters (file, then command line), validated against the chapter."""
    path = resolve_chapter(chapter)
    nb = _exec.read_chapter(path)
    values: dict[str, Any] = {}
    if param_file is not None:
        values.update(load_param_file(param_file))
    defaults = _exec.chapter_parameters(nb)
    for name, text in cli or []:
        if name not in defaults:
            raise params.ParameterError(
                f"{path.name}: unknown parameter {name!r} (value {text!r}); this chapter accepts: "
                f"{', '.join(defaults) or 'none'}")
        values[name] = params.coerce(name, text)
    # a broken data file is reported here, before any kernel starts
    return path, nb, params.check(values, accepted=defaults, where=path.name, files=True)


def _check_outdir(outdir: Path) -> None:
    if outdir.exists() and not outdir.is_dir():
        raise params.ParameterError(f"output {str(outdir)!r} exists and is not a folder")


def run(chapter: str | os.PathLike, cli: list[tuple[str, str]] | None = None,
        param_file: str | os.PathLike | None = None, outdir: str | os.PathLike = "_build/runs",
        timeout: int = 600) -> tuple[Path, Path]:
    """Execute one chapter with parameters; write ``<chapter>.ipynb`` and ``<chapter>.values.json``.

    Returns the two paths. Nothing is written if the parameters are invalid or the chapter fails.
    """
    path, nb, values = prepare(chapter, cli, param_file)
    out = Path(outdir)
    _check_outdir(out)
    from .kernels import single_use

    with single_use(path.parent) as kernel:
        executed = _exec.execute(path, values, timeout=timeout, kernel=kernel)
    glued = glue.values_from_notebook(executed)
    out.mkdir(parents=True, exist_ok=True)
    ipynb, vjson = out / f"{path.stem}.ipynb", out / f"{path.stem}.values.json"
    atomic_write({ipynb: nbformat.writes(executed),
                   vjson: json.dumps(glued, ensure_ascii=False, indent=1, sort_keys=True) + "\n"})
    return ipynb, vjson


def parse_seeds(text: str) -> list[int]:
    """Parse ``A-B`` (inclusive), ``A,B,C`` or a single seed.

    Examples
    --------
    >>> parse_seeds("3-6"), parse_seeds("1,5"), parse_seeds("9")
    ([3, 4, 5, 6], [1, 5], [9])
    """
    try:
        if "-" in text.strip()[1:]:
            a, b = text.split("-", 1)
            lo, hi = int(a), int(b)
            if hi < lo:
                raise ValueError
            seeds = list(range(lo, hi + 1))
        else:
            seeds = [int(x) for x in text.split(",")]
    except ValueError:
        raise params.ParameterError(f"--seeds {text!r}: expected A-B (A ≤ B), a comma-separated list, or one seed") from None
    for s in seeds:
        params.check({"seed": s})
    return seeds


def _sweep_one(chapter: str, values: dict, seed: int, root: str, timeout: int) -> tuple[int, dict | None, str | None]:
    os.environ["KMUNETZ_ROOT"] = root
    try:
        from .kernels import worker_kernel

        kernel = worker_kernel(Path(chapter).parent)
        nb = _exec.execute(chapter, {**values, "seed": seed}, timeout=timeout, kernel=kernel)
        return seed, glue.values_from_notebook(nb), None
    except Exception as exc:
        return seed, None, str(exc)


def sweep(chapter: str | os.PathLike, seeds: list[int], jobs: int = 2, cli: list[tuple[str, str]] | None = None,
          param_file: str | os.PathLike | None = None, outdir: str | os.PathLike | None = "_build/sweeps",
          progress: bool = True, timeout: int = 600):
    """Run a chapter for many seeds in parallel; return (tidy values, summary) and write both as CSV.

    The tidy table has one row per seed and glued value (``seed, name, value, text``); the summary has
    one row per numeric value: median, 5th and 95th percentile, min, max, and the published value
    when the name is a catalogue key.
    """
    path, _, values = prepare(chapter, cli, param_file)
    if "seed" not in _exec.chapter_parameters(path):
        raise params.ParameterError(f"{path.name} has no 'seed' parameter; a seed sweep needs one")
    if jobs < 1:
        raise params.ParameterError(f"--jobs must be at least 1, got {jobs}")
    out = Path(outdir) if outdir is not None else None
    if out is not None:
        _check_outdir(out)
    rows, failures = [], {}
    from tqdm.auto import tqdm

    from .kernels import warm_up

    with ProcessPoolExecutor(max_workers=min(jobs, len(seeds)), initializer=warm_up,
                             initargs=(str(path.parent), str(paths.project_root()))) as pool:
        futures = [pool.submit(_sweep_one, str(path), values, s, str(paths.project_root()), timeout) for s in seeds]
        bar = tqdm(total=len(seeds), desc=f"{path.stem}: seeds", unit="run", disable=not progress, file=sys.stderr)
        for fut in as_completed(futures):
            seed, glued, error = fut.result()
            bar.update(1)
            if error is not None:
                failures[seed] = error
                continue
            for name, v in glued.items():
                num = v if isinstance(v, (int, float)) and not isinstance(v, bool) else None
                rows.append({"seed": seed, "name": name, "value": num, "text": None if num is not None else str(v)})
        bar.close()
    import pandas as pd

    if failures:
        first = min(failures)
        raise _exec.ChapterError(f"{len(failures)} of {len(seeds)} runs failed (first: seed {first}):\n{failures[first]}")
    tidy = pd.DataFrame(rows).sort_values(["seed", "name"], kind="stable").reset_index(drop=True)
    summary = summarise(tidy)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        atomic_write({out / f"{path.stem}.sweep.csv": tidy.to_csv(index=False),
                       out / f"{path.stem}.sweep-summary.csv": summary.to_csv(index=False)})
    return tidy, summary


def summarise(tidy):
    """Median and 5th–95th percentile of every numeric value across seeds, beside the published value."""
    import pandas as pd

    from .. import published

    num = tidy.dropna(subset=["value"])
    g = num.groupby("name", sort=True)["value"]
    summary = pd.DataFrame({
        "seeds": g.size(), "median": g.median(), "p05": g.quantile(0.05), "p95": g.quantile(0.95),
        "min": g.min(), "max": g.max(),
    }).reset_index()
    cat = published.load()
    summary["published"] = summary["name"].map(lambda k: cat.loc[k, "value"] if k in cat.index else None)
    summary["published_wording"] = summary["name"].map(lambda k: cat.loc[k, "wording"] if k in cat.index else None)
    return summary
