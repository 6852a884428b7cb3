"""Command line: ``kmunetz build`` (and further commands as the book grows).

Errors in user input end with a one-paragraph message on stderr and exit code 2; a chapter that
raises ends with its traceback on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__

__all__ = ["main"]


def _parse_param(pairs: list[list[str]] | None) -> dict:
    from . import params

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
    )
    if result.returncode == 0 and result.html is not None:
        print(f"Book written to {result.html / 'index.html'}")
    return result.returncode


def build_parser() -> argparse.ArgumentParser:
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
    b.set_defaults(func=_cmd_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .execute import ChapterError
    from .params import ParameterError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (ParameterError, ChapterError, FileNotFoundError, ValueError, KeyError) as exc:
        msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        print(f"kmunetz {args.command}: error: {msg}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
