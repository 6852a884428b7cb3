"""Command line: ``kmunetz build`` (and further commands as the book grows).

Errors in user input end with a one-paragraph message on stderr and exit code 2; a chapter that
raises ends with its traceback on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import __version__

__all__ = ["main"]


def _parse_param(pairs: list[list[str]] | None) -> dict:
    from .. import params

    out = {}
    for name, text in pairs or []:
        out[name] = params.coerce(name, text)
    return out


def _cmd_build(args: argparse.Namespace) -> int:
    from . import book

    result = book.build(
        root=Path(args.root).resolve() if args.root else None,
        jobs=args.jobs,
        parameters=_parse_param(args.param),
        force=args.force,
        render=not args.no_render,
        student=args.student,
        pdf=args.pdf,
    )
    if result.returncode == 0 and result.html is not None:
        print(f"Book written to {result.html / 'index.html'}")
        if args.pdf:
            from .pdf import PDF_NAME

            print(f"PDF written to {result.html.parent / 'pdf' / PDF_NAME}")
        if args.param:
            print("(an edition: the default build in _build/html is untouched)")
    return result.returncode


def _cmd_publish(args: argparse.Namespace) -> int:
    from .. import paths
    from . import publish

    root = Path(args.root).resolve() if args.root else paths.project_root()
    publish.publish(root, root / "_build" / "html", root / "_build" / "source", Path(args.output).resolve())
    return 0


def _fmt(v, decimals: int = 1) -> str:
    import pandas as pd

    return "" if pd.isna(v) else f"{v:.{decimals}f}"


def _cmd_check(args: argparse.Namespace) -> int:
    import pandas as pd

    from .. import params, reproduce, survey
    from ..synthetic import DEFAULT_N

    params.check({"seed": args.seed, "n": args.n, "confidence": args.confidence})
    srv = survey.load_survey(args.survey, seed=args.seed, n=args.n)
    exp = survey.load_experts(args.experts, seed=args.seed)
    scaled = args.survey == "synthetic" and args.n != DEFAULT_N
    table = reproduce.compare(srv, exp, confidence=args.confidence, scaled=scaled)
    all_synthetic = args.survey == "synthetic" and args.experts == "synthetic"
    source = f"synthetic (seed {args.seed}, n {args.n})" if args.survey == "synthetic" else args.survey
    print(f"Survey: {source}; experts: {args.experts}; confidence {args.confidence:g}")
    head = f"{'key':36} {'study':22} {'allowed':>16} {'n (study)':>9} {'n':>5} {'value':>7} {'interval':>17}  ok"
    print(head)
    print("-" * len(head))
    for r in table.itertuples():
        allowed = f"{r.bounds[0]}{_fmt(r.lower_allowed)}; {_fmt(r.upper_allowed)}{r.bounds[1]}"
        ci = "" if pd.isna(r.ci_lower) else f"[{_fmt(r.ci_lower)}; {_fmt(r.ci_upper)}]"
        base, n = _fmt(r.base_n, 0), _fmt(r.n, 0)
        print(f"{r.key:36} {r.wording[:22]:22} {allowed:>16} {base:>9} {n:>5} {_fmt(r.value):>7} {ci:>17}  "
              f"{'yes' if r.agrees else 'NO'}")
    print()
    print(reproduce.summary_line(table, all_synthetic))
    if scaled:
        print(f"The synthetic survey was drawn with n = {args.n} "
              f"instead of the study's {DEFAULT_N}: sample sizes are shown, not judged.")
    return 0 if table["agrees"].all() else 1


def _cmd_exhibits(args: argparse.Namespace) -> int:
    from . import exhibits

    if args.write:
        current = exhibits.update_readme(write=True)
        print("README.md exhibit list was up to date." if current else "README.md exhibit list rewritten.")
        return 0
    if args.check:
        if exhibits.update_readme(write=False):
            print("README.md exhibit list is up to date.")
            return 0
        print("README.md exhibit list is out of date; run: kmunetz exhibits --write", file=sys.stderr)
        return 1
    print(exhibits.markdown(exhibits.collect()))
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from . import runner

    ipynb, values = runner.run(args.chapter, args.param, args.file, args.output)
    print(f"Wrote {ipynb} and {values}")
    return 0


def _cmd_sweep(args: argparse.Namespace) -> int:
    import pandas as pd

    from . import runner

    seeds = runner.parse_seeds(args.seeds)
    tidy, summary = runner.sweep(args.chapter, seeds, jobs=args.jobs, cli=args.param, param_file=args.file,
                                 outdir=args.output, progress=not args.quiet)
    with pd.option_context("display.max_rows", 500, "display.width", 160):
        print(summary.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    stem = runner.resolve_chapter(args.chapter).stem
    print(f"\n{len(seeds)} seeds; wrote {args.output}/{stem}.sweep.csv and {stem}.sweep-summary.csv")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from ..synthetic import DEFAULT_N, DEFAULT_SEED

    parser = argparse.ArgumentParser(prog="kmunetz", description="Research book 'KMU als Partner regionaler Fachkräftenetzwerke'.")
    parser.add_argument("--version", action="version", version=f"kmunetz {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="execute the chapters (parallel, cached) and render the book")
    b.add_argument("--root", help="project folder (default: found from the working directory)")
    b.add_argument("--jobs", "-j", type=int, default=2, help="chapters executed at once (default 2)")
    b.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="override a parameter in every chapter that has it")
    b.add_argument("--force", action="store_true", help="re-execute every chapter")
    b.add_argument("--no-render", action="store_true", help="execute and stage only; do not run Jupyter Book")
    b.add_argument("--student", action="store_true",
                   help="student edition: no solutions; notebooks without solutions and outputs, and a zip")
    b.add_argument("--pdf", action="store_true",
                   help="also print the book as one PDF (A4) into pdf/ beside the HTML (needs Chromium)")
    b.set_defaults(func=_cmd_build)

    pub = sub.add_parser("publish", help="write the site and the launch notebooks for a static host (after build)")
    pub.add_argument("--root", help="project folder (default: found from the working directory)")
    pub.add_argument("-o", "--output", default="_build/publish", help="output folder (default _build/publish)")
    pub.set_defaults(func=_cmd_publish)

    c = sub.add_parser("check", help="compare survey data with every published number of the study")
    c.add_argument("--survey", default="synthetic", help="'synthetic' (default) or a survey file (CSV, Parquet, Excel)")
    c.add_argument("--experts", default="synthetic", help="'synthetic' (default) or an expert panel file")
    c.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed of the synthetic data (default {DEFAULT_SEED})")
    c.add_argument("--n", type=int, default=DEFAULT_N, help=f"networks in the synthetic survey (default {DEFAULT_N})")
    c.add_argument("--confidence", type=float, default=0.95, help="confidence level of the intervals (default 0.95)")
    c.set_defaults(func=_cmd_check)

    x = sub.add_parser("exhibits", help="list every figure and in-text number of the book (from the chapters)")
    g = x.add_mutually_exclusive_group()
    g.add_argument("--write", action="store_true", help="write the list into README.md")
    g.add_argument("--check", action="store_true", help="exit 1 if README.md's list is out of date")
    x.set_defaults(func=_cmd_exhibits)

    r = sub.add_parser("run", help="execute one chapter with parameters (papermill)")
    r.add_argument("chapter", help="chapter path or slug, e.g. chapters/netzwerke.md or netzwerke")
    r.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"), help="set a parameter")
    r.add_argument("-f", "--file", help="YAML file of parameters (name: value); -p wins over it")
    r.add_argument("-o", "--output", default="_build/runs", help="output folder (default _build/runs)")
    r.set_defaults(func=_cmd_run)

    w = sub.add_parser("sweep", help="run a chapter for many seeds in parallel and summarise every glued value")
    w.add_argument("chapter", help="chapter path or slug")
    w.add_argument("--seeds", required=True, help="A-B (inclusive), a comma-separated list, or one seed")
    w.add_argument("--jobs", "-j", type=int, default=2, help="runs at once (default 2)")
    w.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"), help="set a parameter")
    w.add_argument("-f", "--file", help="YAML file of parameters")
    w.add_argument("-o", "--output", default="_build/sweeps", help="output folder (default _build/sweeps)")
    w.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    w.set_defaults(func=_cmd_sweep)
    return parser


def main(argv: list[str] | None = None) -> int:
    from ..params import ParameterError
    from .execute import ChapterError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (ParameterError, ChapterError, FileNotFoundError, ValueError, KeyError) as exc:
        # SurveyDataError is a ValueError: its message lists every problem of the file
        msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        print(f"kmunetz {args.command}: error: {msg}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
