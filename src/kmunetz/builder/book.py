"""Build the book: execute chapters in parallel (cached), stage them, render with Jupyter Book.

Jupyter Book 1 executes notebooks one after another and its cache keys only on a notebook's code.
Here chapters are executed by a process pool, and each executed chapter is kept with a key made of
its text, its parameters and :func:`kmunetz.execute.dependency_digest` (package code, data, lock file).
Executed notebooks are staged in ``_build/source`` next to the book's static files; only files whose
content changed are rewritten, so Sphinx re-renders only changed pages. Jupyter Book then renders the
staged source with execution off, strictly (``-W -n --keep-going``), into ``_build/html``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from .. import formatting, paths
from .. import params as _params
from . import execute as _exec
from . import files, toc
from .files import tree_digest, write_if_changed
from .toc import toc_files

__all__ = ["BuildResult", "toc_files", "edition_name", "check_parameters", "build"]

#: Files and folders of the project copied into the staged source as they are.
STATIC = ["_config.yml", "_toc.yml", "references.bib", "_static", "_ext", "_templates"]


@dataclass
class BuildResult:
    """What a build did: which chapters it executed or reused, which failed, and how long it took."""

    executed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    html: Path | None = None
    returncode: int = 0


def _sync_static(root: Path, stage: Path) -> None:
    """Copy the static files into the stage; a file removed from the project leaves the stage too."""
    for name in STATIC:
        src = root / name
        if src.is_file():
            write_if_changed(stage / name, src.read_bytes())
        elif src.is_dir():
            for f in src.rglob("*"):
                if f.is_file():
                    write_if_changed(stage / f.relative_to(root), f.read_bytes())
            staged = stage / name
            for f in list(staged.rglob("*")) if staged.is_dir() else []:
                # pycache and files the builder adds (the list of all numbers) are not the project's
                if f.is_file() and not (src / f.relative_to(staged)).exists() and "__pycache__" not in f.parts \
                        and f.name != VALUES_CSV:
                    f.unlink()


def _dedupe_head_scripts(html_dir: Path) -> None:
    """Remove repeated, identical inline ``<script>`` lines from every page's ``<head>``.

    With Jupyter Book 1.0.4, sphinx-thebe and sphinx-togglebutton register their inline set-up
    scripts twice on some pages; the browser then stops with "Identifier 'THEBE_JS_URL' has already
    been declared". Dropping exact repeats (the first copy stays) removes the error and nothing else.
    """

    line = re.compile(r"^\s*<script>.*</script>\s*$")
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        head, sep, body = text.partition("</head>")
        if not sep:
            continue
        seen: set[str] = set()
        kept = []
        for ln in head.split("\n"):
            if line.match(ln):
                if ln.strip() in seen:
                    continue
                seen.add(ln.strip())
            kept.append(ln)
        new = "\n".join(kept) + sep + body
        if new != text:
            page.write_text(new, encoding="utf-8")


def _stage_digest(stage: Path) -> str:
    """Hash of everything Jupyter Book renders from (paths and contents of the staged source)."""
    return tree_digest(stage, (p for p in stage.rglob("*") if p.is_file()))


def _code_digest(stage: Path) -> str:
    """Hash of the staged local Sphinx extensions and templates (they shape every page)."""
    return tree_digest(stage, (p for folder in ("_ext", "_templates") for p in (stage / folder).rglob("*")
                               if p.is_file() and "__pycache__" not in p.parts))


def _stored_key(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        return nbformat.read(path, as_version=4).metadata.get("kmunetz", {}).get("cache_key")
    except Exception:  # a damaged staged notebook is simply re-executed
        return None


def _run_one(chapter: str, parameters: dict, timeout: int, root: str,
             log_dir: str | None = None, warm: bool = True) -> tuple[str, str | None, str | None]:
    """Worker: execute one chapter; return (chapter, notebook JSON or None, error text or None).

    The kernel's own process messages (start-up and shutdown chatter) go to ``log_dir/<chapter>.log``
    instead of the terminal; a chapter's errors come back through papermill with their traceback.
    """
    os.environ["KMUNETZ_ROOT"] = root
    if log_dir:
        Path(log_dir).mkdir(parents=True, exist_ok=True)
        fd = os.open(Path(log_dir) / f"{Path(chapter).stem}.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 2)
        os.close(fd)
    try:
        from .kernels import worker_kernel

        kernel = worker_kernel(Path(chapter).parent) if warm else None
        nb = _exec.execute(chapter, parameters, timeout=timeout, kernel=kernel)
    except Exception as exc:  # reported by the parent, with the traceback
        return chapter, None, str(exc)
    return chapter, nbformat.writes(nb), None


def _jupyter_book() -> list[str]:
    exe = Path(sys.executable).with_name("jupyter-book")
    return [str(exe)] if exe.exists() else [shutil.which("jupyter-book") or "jupyter-book"]


def edition_name(parameters: Mapping[str, Any]) -> str:
    """Folder name of an edition built with ``parameters`` (e.g. ``seed-7_confidence-0.9``).

    Examples
    --------
    >>> edition_name({"seed": 7, "survey": "/data/real survey.csv"})
    'seed-7_survey-real-survey'
    """

    parts = []
    for k, v in sorted(parameters.items()):
        text = Path(v).stem if isinstance(v, str) and ("/" in v or "." in v) else str(v)
        parts.append(f"{k}-{re.sub(r'[^A-Za-z0-9.]+', '-', text).strip('-')}")
    return "_".join(parts)


def check_parameters(root: Path, parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Validate book-wide parameter overrides: types and ranges, and that some chapter accepts each name."""

    accepted: set[str] = set()
    for src in toc_files(root):
        if src.suffix == ".md" and _exec.is_notebook(src):
            accepted |= set(_exec.chapter_parameters(src))
    # a broken data file is reported before any chapter runs
    return _params.check(parameters, accepted=sorted(accepted), scope="book", files=True)


#: Where the first page wants the link to the PDF (an HTML comment in intro.md, invisible otherwise).
EDITION_MARKER = "<!-- edition-notes -->"


def _edition_intro(text: str, parameters: Mapping[str, Any], student: bool = False, pdf: bool = False) -> str:
    note = pdf_note = ""
    if pdf:
        from .pdf import LINK_CLASS, PDF_NAME

        pdf_note = (f'<p class="{LINK_CLASS}">Das ganze Buch gibt es auch als PDF zum Drucken und Zitieren, mit '
                    f'Inhaltsverzeichnis und Seitenzahlen: <a href="{PDF_NAME}" download>{PDF_NAME}</a>.</p>\n\n')
    if student:
        note += (":::{admonition} Ausgabe für Studierende\n:class: tip\n\n"
                 "In dieser Ausgabe fehlen die Lösungen der Übungen. Jedes Kapitel gibt es als Notebook "
                 "ohne Lösungen und ohne Ausgaben im Ordner `notebooks/` dieser Ausgabe, alle zusammen in "
                 "`notebooks/kmunetz-notebooks.zip`.\n:::\n\n")
    if parameters:
        shown = ", ".join(f"`{k} = {v!r}`" for k, v in parameters.items())
        note += (":::{admonition} Sonderausgabe\n:class: warning\n\n"
                 f"Diese Ausgabe des Buchs wurde mit geänderten Parametern gebaut: {shown}. "
                 "Zahlen und Abbildungen weichen deshalb von der Standardausgabe ab.\n:::\n\n")
    # the PDF link follows the findings (where the first page marks its place), the edition's notes lead
    if EDITION_MARKER in text:
        text = text.replace(EDITION_MARKER, pdf_note.strip(), 1)
    else:
        note = pdf_note + note
    lines = text.split("\n", 1)
    return lines[0] + "\n\n" + note + (lines[1] if len(lines) > 1 else "")


def build(
    root: Path | None = None,
    jobs: int = 2,
    parameters: Mapping[str, Any] | None = None,
    output: Path | None = None,
    force: bool = False,
    timeout: int = 600,
    render: bool = True,
    warm: bool = True,
    student: bool = False,
    pdf: bool = False,
    log=print,
) -> BuildResult:
    """Execute stale chapters in parallel and render the book.

    Parameters
    ----------
    root : Path, optional
        Project root (default: :func:`kmunetz.paths.project_root`).
    jobs : int
        Chapters executed at once (one warm kernel per job).
    parameters : mapping, optional
        Parameter overrides applied to every chapter that has a parameter of that name. With
        overrides, the book is an *edition*: it is built into ``_build/editions/<name>/`` and leaves
        the default build untouched.
    output : Path, optional
        Build folder (default ``<root>/_build``, or the edition's folder); HTML goes to
        ``<output>/html`` for the default build and ``<output>/_build/html`` for an edition.
    force : bool
        Re-execute every chapter even if its cache key is unchanged.
    render : bool
        Run Jupyter Book after executing (False: execute and stage only).
    warm : bool
        Execute in warm kernels (one per job, reset before each chapter) instead of a fresh kernel each.
    student : bool
        Build the student edition into ``_build/student/``: every solution removed (text and code),
        and each chapter written as a notebook without solutions and outputs, plus a zip of them all.
    pdf : bool
        Also print the book as one PDF (:mod:`kmunetz.builder.pdf`) into ``pdf/`` beside the HTML folder
        (``_build/pdf/`` for the default build) and to the root of the site, which then links it from its
        first page. Needs Chromium; without ``pdf`` nothing of the PDF machinery is used.
    """
    root = (root or paths.project_root()).resolve()
    parameters = check_parameters(root, parameters or {})
    edition = edition_name(parameters) if parameters else None
    if student:
        edition = "student" + (f"_{edition}" if edition else "")
    if output is None:
        if student:
            output = root / "_build" / "student"
        else:
            output = root / "_build" if edition is None else root / "_build" / "editions" / edition
    output = output.resolve()
    output.mkdir(parents=True, exist_ok=True)
    # one build of an output folder at a time: two Sphinx runs writing the same folder corrupt it
    import fcntl

    with open(output / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build_locked(root=root, jobs=jobs, parameters=parameters, edition=edition, output=output, force=force,
                             timeout=timeout, render=render, warm=warm, student=student, pdf=pdf and render,
                             log=log)


def _print_pdf(root: Path, html: Path, parameters: Mapping[str, Any], edition: str | None, log) -> int:
    """Print the site ``html`` to ``<html>/../pdf/`` and copy the PDF to the site's root; return an exit code."""
    from . import pdf as _pdf

    target = html.parent / "pdf" / _pdf.PDF_NAME
    try:
        _pdf.write_pdf(root, html, target, edition=edition, parameters=dict(parameters), log=log)
    except Exception as err:  # noqa: BLE001 - the build reports any printing failure and exits non-zero
        print(f"PDF: printing {html} failed: {err}", file=sys.stderr)
        return 1
    write_if_changed(html / _pdf.PDF_NAME, target.read_bytes())
    return 0


#: The page that lists every glued number of the book with its provenance (appended when staging).
VALUES_PAGE = "reproduktion"
#: File name of the same list as CSV, next to the staged static files.
VALUES_CSV = "herkunft-der-zahlen.csv"


def values_rows(notebooks: list[tuple[str, nbformat.NotebookNode]]) -> list[dict[str, str]]:
    """Every glued number of the executed chapters with its provenance, in book order.

    ``notebooks`` are (chapter path relative to the root without suffix, executed notebook) pairs.
    """
    from ..glue import provenance_from_notebook

    rows = []
    for rel, nb in notebooks:
        title = next((ln.lstrip("# ").strip() for c in nb.cells if c.cell_type == "markdown"
                      for ln in c.source.splitlines() if ln.startswith("# ")), rel)
        for entry in provenance_from_notebook(nb):
            p = entry["provenance"]
            rows.append({"Kapitel": title, "Seite": rel, "Schlüssel": entry["name"], "Wert": entry["text"],
                         "Herkunft": p["label"], "Klasse": p["kind"],
                         "Katalog": ", ".join(p.get("catalogue", [])), "Annahmen": ", ".join(p.get("assumptions", [])),
                         "Einzelheiten": " ".join(p.get("details", [])).replace("`", "")})
    return rows


def values_section(rows: list[dict[str, str]], page_rel: str) -> str:
    """The section appended to the reproduction report: a filterable table of every glued number, plus CSV."""
    from html import escape

    from ..provenance import KINDS

    counts = {k: sum(r["Klasse"] == k for r in rows) for k in KINDS}
    depth = "../" * (page_rel.count("/"))
    options = "".join(f'<option value="{k}">{escape(KINDS[k].label)} ({counts[k]})</option>'
                      for k in KINDS if counts[k])
    body, nowrap = [], ' class="kmunetz-nowrap"'
    for r in rows:
        source = "; ".join(f"<code>{formatting.break_after(escape(x), '_.,')}</code>" for x in (r["Katalog"], r["Annahmen"]) if x) or "–"
        body.append(
            f'<tr data-provenance="{r["Klasse"]}"><td><a href="{depth}{escape(r["Seite"])}.html">{escape(r["Kapitel"])}</a></td>'
            f'<td><code>{formatting.break_after(escape(r["Schlüssel"]), "_.,")}</code></td>'
            # a number stays on one line; a glued sentence wraps
            f'<td{nowrap if len(r["Wert"]) <= 16 else ""}>{formatting.break_after(escape(r["Wert"]))}</td>'
            f'<td>{escape(r["Herkunft"])}</td><td>{source}</td></tr>')
    return "\n".join([
        "## Alle Zahlen des Buchs und ihre Herkunft", "",
        "Die Tabelle führt jede Zahl auf, die in dieser Ausgabe des Buchs in die Kapitel eingefügt ist, mit "
        "ihrer Herkunft und ihren Quellen: Zeilen des Katalogs der Studie und Annahmen des synthetischen Datensatzes. "
        f"Die Auswahl filtert nach Herkunft; dieselbe Liste mit allen Einzelheiten gibt es als "
        f"{{download}}`CSV-Datei <{depth}_static/{VALUES_CSV}>`.", "",
        f'<div class="kmunetz-values"><details><summary>Tabelle aller {len(rows)} Zahlen anzeigen</summary>'
        '<label for="kmunetz-filter">Herkunft anzeigen: </label>'
        f'<select id="kmunetz-filter" class="kmunetz-filter"><option value="">alle ({len(rows)})</option>{options}</select>'
        '<table class="table kmunetz-values-table"><thead><tr><th>Kapitel</th><th>Schlüssel</th><th>Wert</th>'
        '<th>Herkunft</th><th>Katalog; Annahmen</th></tr></thead><tbody>' + "".join(body) + "</tbody></table></details></div>", "",
    ])


def _build_locked(*, root: Path, jobs: int, parameters: dict[str, Any], edition: str | None, output: Path, force: bool,
                  timeout: int, render: bool, warm: bool, student: bool, pdf: bool = False, log) -> BuildResult:
    """The build itself, run while :func:`build` holds the output folder's lock (same parameters as there).

    1. Execute every chapter whose cache key (text, parameters, dependency digest) changed, in parallel;
       reuse the others from ``output/executed``.
    2. Stage the executed notebooks with their provenance footer and set-up cell, the table of all
       glued numbers and the static files into ``output/source`` (only changed files are rewritten).
    3. Render with Jupyter Book unless nothing staged changed; for the student edition, also write the
       notebooks without solutions, the wheel and the zip.
    4. With ``pdf``, print the rendered site as one PDF (unless the pages it is made of are unchanged).
    """
    from .. import __version__
    from . import footer as page_footer
    from .teaching import setup_cell

    repository = toc.repository(root)[0]
    executed_dir = output / "executed"
    stage = output / "source"
    result = BuildResult()
    deps = _exec.dependency_digest(root)
    commit = page_footer.git_commit(root)

    _sync_static(root, stage)
    todo: dict[str, tuple[Path, Path, dict, str]] = {}
    ready: list[tuple[Path, Path]] = []
    student_sources: list[Path] = []
    sources = toc_files(root)
    pages: set[Path] = set()  # the staged page of every source; any other page file there is stale
    for original in sources:
        rel = original.relative_to(root)
        src = original
        if student and original.suffix == ".md":
            from .teaching import strip_solutions

            src = output / "chapters-src" / rel  # the chapter without its solutions
            write_if_changed(src, strip_solutions(original.read_text(encoding="utf-8")).encode("utf-8"))
        notebook = src.suffix == ".md" and _exec.is_notebook(src)
        pages.add(stage / (rel.with_suffix(".ipynb") if notebook else rel))
        if notebook:
            student_sources.append(src)
            nb = _exec.read_chapter(src)
            own = _exec.chapter_parameters(nb)
            overrides = {k: v for k, v in parameters.items() if k in own}
            _params.check(overrides, accepted=_exec.chapter_parameters(nb), where=str(rel))
            key = _exec.cache_key(src, overrides, deps)
            cached = executed_dir / rel.with_suffix(".ipynb")
            target = stage / rel.with_suffix(".ipynb")
            if not force and _stored_key(cached) == key:
                result.reused.append(str(rel))
                ready.append((cached, target))
                continue
            # an edition reuses the default build's execution of a chapter its parameters do not change
            shared = root / "_build" / "executed" / rel.with_suffix(".ipynb")
            if not force and shared != cached and _stored_key(shared) == key:
                write_if_changed(cached, shared.read_bytes())
                result.reused.append(str(rel))
                ready.append((cached, target))
                continue
            todo[str(src)] = (cached, target, overrides, key)
        else:
            data = src.read_bytes()
            if (parameters or student or pdf) and original == sources[0]:
                data = _edition_intro(data.decode("utf-8"), parameters, student, pdf).encode("utf-8")
            write_if_changed(stage / rel, data)
    for stale in [p for p in stage.rglob("*") if p.suffix in (".md", ".ipynb") and p not in pages
                  and not p.relative_to(stage).parts[0].startswith("_")]:
        stale.unlink()  # a chapter removed from the table of contents, or no longer a notebook

    if todo:
        log(f"Executing {len(todo)} chapter(s) with {jobs} job(s); {len(result.reused)} unchanged.")
        from .kernels import warm_up

        chapter_dir = str(Path(next(iter(todo))).parent)
        init = dict(initializer=warm_up, initargs=(chapter_dir, str(root))) if warm else {}
        with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(todo))), **init) as pool:
            logs = str(output / "logs")
            futures = [pool.submit(_run_one, ch, ov, timeout, str(root), logs, warm)
                       for ch, (_, _, ov, _) in todo.items()]
            for fut in as_completed(futures):
                chapter, text, error = fut.result()
                rel = str(Path(chapter).relative_to(output / "chapters-src" if student else root))
                if error is not None:
                    result.failed[rel] = error
                    log(f"FAILED  {rel}")
                    continue
                cached, target, _, key = todo[chapter]
                nb = nbformat.reads(text, as_version=4)
                nb.metadata["kmunetz"]["cache_key"] = key
                result.seconds[rel] = nb.metadata["kmunetz"]["seconds"]
                write_if_changed(cached, nbformat.writes(nb).encode())
                ready.append((cached, target))
                result.executed.append(rel)
                log(f"ok      {rel}  ({result.seconds[rel]:.1f} s)")
                for problem in _exec.figure_problems(nb):  # tests/test_figures.py fails on these
                    log(f"        figure check: {problem}")
    else:
        log(f"All {len(result.reused)} chapter(s) up to date; nothing to execute.")

    if result.failed:
        for rel, error in result.failed.items():
            print(f"\n===== {rel} raised an error =====\n{error}", file=sys.stderr)
        print(f"\n{len(result.failed)} chapter(s) failed; the book was not rendered.", file=sys.stderr)
        result.returncode = 1
        return result

    # stage: the executed notebook plus its provenance footer (rewritten only when it changes); the
    # reproduction report also gets the list of every glued number of the book with its provenance
    executed = {target: nbformat.read(cached, as_version=4) for cached, target in ready}
    order = {stage / src.relative_to(root).with_suffix(".ipynb"): i for i, src in enumerate(sources)}
    in_order = sorted(executed.items(), key=lambda kv: order.get(kv[0], len(order)))
    rows = values_rows([(str(t.relative_to(stage).with_suffix("")), nb) for t, nb in in_order])
    import csv
    import io

    buf = io.StringIO()
    if rows:
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    write_if_changed(stage / "_static" / VALUES_CSV, buf.getvalue().encode("utf-8"))
    for _cached, target in ready:
        nb = executed[target]
        meta = nb.metadata.get("kmunetz", {})
        if target.stem == VALUES_PAGE:
            rel = str(target.relative_to(stage).with_suffix(""))
            section = nbformat.v4.new_markdown_cell(values_section(rows, rel), metadata={"tags": ["kmunetz-values"]})
            section["id"] = "kmunetz-values"
            nb.cells.append(section)
        note = page_footer.footer(meta.get("parameters", {}), commit, edition)
        cell = nbformat.v4.new_markdown_cell(note, metadata={"tags": ["kmunetz-provenance"]})
        cell["id"] = "kmunetz-provenance"  # a fixed id: the same page stages to the same bytes
        nb.cells.append(cell)
        # the reader's download runs anywhere: its first cell installs kmunetz where it is missing (hidden here)
        if not any(c.get("id") == "kmunetz-setup" for c in nb.cells):
            nb.cells.insert(0, setup_cell(__version__, repository))
        nb.metadata["kmunetz"] = {k: v for k, v in meta.items() if k not in ("seconds", "cache_key")}
        write_if_changed(target, nbformat.writes(nb).encode())

    if render:
        html_root = output if edition is None and output.name == "_build" else output / "_build"
        result.html = html_root / "html"
        stamp = output / ".rendered"
        digest = _stage_digest(stage)
        if (result.html / "index.html").is_file() and stamp.is_file() and stamp.read_text() == digest:
            log("HTML up to date; nothing to render.")
            if pdf:
                result.returncode = _print_pdf(root, result.html, parameters, edition, log)
            return result
        stamp.unlink(missing_ok=True)
        # Sphinx re-reads only pages whose source changed; a change of the local extensions or
        # templates changes every page, so the environment is dropped and all pages are read again.
        code_stamp, code_digest = output / ".rendered-code", _code_digest(stage)
        if not code_stamp.is_file() or code_stamp.read_text() != code_digest:
            shutil.rmtree(html_root / ".doctrees", ignore_errors=True)
        cmd = _jupyter_book() + ["build", str(stage), "--path-output", str(html_root.parent),
                                 "-W", "-n", "--keep-going"]
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=root)
        log(f"Rendered in {time.perf_counter() - start:.1f} s")
        result.returncode = proc.returncode
        if proc.returncode == 0:
            _dedupe_head_scripts(result.html)
            if student:
                from .teaching import student_notebooks

                wheel = files.build_wheel(root, result.html / "notebooks", log)
                archive = student_notebooks(student_sources, result.html / "notebooks", wheel=wheel,
                                            repository=repository)
                log(f"Student notebooks (no solutions, no outputs): {archive.parent}, zip: {archive.name}")
            stamp.write_text(digest)
            code_stamp.write_text(code_digest)
            if pdf:
                result.returncode = _print_pdf(root, result.html, parameters, edition, log)
        else:
            # Sphinx re-reads only changed pages: forget the environment so that the next build
            # reports this build's warnings again instead of passing on unchanged pages.
            shutil.rmtree(html_root / ".doctrees", ignore_errors=True)
    return result
