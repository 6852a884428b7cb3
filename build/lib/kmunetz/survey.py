"""Load survey microdata: the synthetic survey, or a real file that follows the codebook.

:func:`load_survey` and :func:`load_experts` return validated DataFrames. A file is read strictly
(UTF-8, comma-separated CSV, Parquet or Excel), its cells are parsed to the codebook's types, and
the whole frame is validated with the codebook's pandera schema. Every problem found is collected
into one :class:`SurveyDataError` that names the file, column, row and value and says what was
expected. Loading never writes anything.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import codebook, paths, synthetic

__all__ = ["MAX_FILE_BYTES", "SUFFIXES", "Problem", "SurveyDataError", "load_survey", "load_experts",
           "read_table", "validate", "check_sources"]

#: Files larger than this are refused before reading (the study's survey is a few dozen kB).
MAX_FILE_BYTES = 50 * 1024 * 1024
SUFFIXES = {".csv": "CSV", ".parquet": "Parquet", ".xlsx": "Excel", ".xls": "Excel"}
_MAX_LISTED = 50


@dataclass(frozen=True)
class Problem:
    """One problem in a survey file."""

    column: str | None
    row: int | None  # 1-based data row (the header is not counted)
    value: object
    message: str

    def describe(self, kind: str) -> str:
        where = []
        if self.column is not None:
            where.append(f"column {self.column!r}")
        if self.row is not None:
            line = f" (line {self.row + 1})" if kind in ("CSV", "Excel") else ""
            where.append(f"row {self.row}{line}")
        loc = ", ".join(where) or "file"
        val = "" if self.value is None else f": value {self.value!r}"
        return f"{loc}{val}: {self.message}"


class SurveyDataError(ValueError):
    """A survey file cannot be used; the message lists every problem found."""

    def __init__(self, path: Path | str, problems: list[Problem], kind: str = "file"):
        self.path = str(path)
        self.problems = problems
        self.kind = kind
        lines = [p.describe(kind) for p in problems[:_MAX_LISTED]]
        more = f"\n  … and {len(problems) - _MAX_LISTED} more" if len(problems) > _MAX_LISTED else ""
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"{self.path}: {len(problems)} {noun} found:\n  - " + "\n  - ".join(lines) + more)


def _fail(path, message: str, kind: str = "file") -> SurveyDataError:
    return SurveyDataError(path, [Problem(None, None, None, message)], kind)


def read_table(path: str | os.PathLike) -> tuple[pd.DataFrame, str]:
    """Read a CSV, Parquet or Excel file strictly; return the raw frame and the kind of file.

    Raises
    ------
    SurveyDataError
        For a missing path, a folder, an unknown suffix, a file over :data:`MAX_FILE_BYTES`, an empty
        file, a file that is not UTF-8, a CSV with another delimiter, or content that cannot be parsed.
    """
    p = paths.resolve_input(path)
    if not p.exists():
        raise _fail(p, "no such file")
    if p.is_dir():
        raise _fail(p, "is a folder, not a file; expected a CSV, Parquet or Excel file")
    kind = SUFFIXES.get(p.suffix.lower())
    if kind is None:
        raise _fail(p, f"unknown file type {p.suffix or '(no suffix)'!r}; expected one of {', '.join(SUFFIXES)}")
    size = p.stat().st_size
    if size == 0:
        raise _fail(p, "file is empty; expected a header row and one row per network", kind)
    if size > MAX_FILE_BYTES:
        raise _fail(p, f"file is {size / 1024**2:.1f} MB, larger than the limit of "
                       f"{MAX_FILE_BYTES // 1024**2} MB for survey files", kind)
    try:
        if kind == "CSV":
            return _read_csv(p), kind
        if kind == "Parquet":
            return pd.read_parquet(p), kind
        return pd.read_excel(p, dtype=object), kind
    except SurveyDataError:
        raise
    except Exception as exc:  # parser errors of pyarrow/openpyxl differ; report them uniformly
        raise _fail(p, f"cannot be read as {kind}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
                    kind) from None


def _read_csv(p: Path) -> pd.DataFrame:
    data = p.read_bytes()
    if b"\x00" in data[:4096]:
        raise _fail(p, "contains binary data (NUL bytes); expected a UTF-8 text CSV file", "CSV")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(p, f"is not UTF-8 encoded (byte 0x{data[exc.start]:02x} at position {exc.start}); "
                       "save it as UTF-8", "CSV") from None
    header = text.splitlines()[0] if text.strip() else ""
    if not header.strip():
        raise _fail(p, "has no header row; expected the codebook's column names", "CSV")
    if "," not in header:
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes")):
            if sep in header:
                raise _fail(p, f"the header is separated by {name}; expected commas (',') between columns", "CSV")
    import csv
    import io

    try:
        rows = list(csv.reader(io.StringIO(text), strict=True))
    except csv.Error as exc:
        raise _fail(p, f"malformed CSV: {exc}", "CSV") from None
    rows = [r for r in rows if r]  # blank lines carry nothing
    head, body = rows[0], rows[1:]
    ragged = [Problem(None, i, None, f"malformed CSV: {len(r)} fields, but the header has {len(head)}")
              for i, r in enumerate(body, start=1) if len(r) != len(head)]
    if ragged:
        raise SurveyDataError(p, ragged, "CSV")
    df = pd.DataFrame(body, columns=[h.strip() for h in head], dtype="string")
    return df.mask(df == "")


def _parse(raw: pd.DataFrame, table: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse cells to the codebook's types; unparseable cells become missing and are reported."""
    problems: list[Problem] = []
    out = raw.copy()
    for v in codebook.variables(table):
        if v.name not in out.columns:
            continue
        col = out[v.name]
        if v.type in ("integer", "binary", "rating"):
            text = col.astype("string").str.strip()
            num = pd.to_numeric(text, errors="coerce")
            bad = text.notna() & (text != "") & num.isna()
            frac = num.notna() & (num != num.round())
            for i in col.index[bad]:
                problems.append(Problem(v.name, int(i) + 1, col[i], f"not a number; expected {v.allowed()}"))
            for i in col.index[frac]:
                problems.append(Problem(v.name, int(i) + 1, col[i], f"not a whole number; expected {v.allowed()}"))
            out[v.name] = num.where(~frac).round().astype("Int64")
        else:
            s = col.astype("string").str.strip()
            out[v.name] = s.mask(s == "")
    return out, problems


def validate(raw: pd.DataFrame, table: str = "survey", source: str = "<data>", kind: str = "file") -> pd.DataFrame:
    """Parse and validate a raw frame against the codebook; return it with the codebook's dtypes and order.

    Raises
    ------
    SurveyDataError
        Listing every problem: missing or unknown columns, unparseable cells, values out of range
        or not allowed, missing values where an answer is required, duplicate ids.
    """
    import pandera.pandas as pa

    if raw.shape[0] == 0:
        raise SurveyDataError(source, [Problem(None, None, None, "has a header but no data rows")], kind)
    raw = raw.reset_index(drop=True)
    parsed, problems = _parse(raw, table)
    known = {v.name: v for v in codebook.variables(table)}
    try:
        codebook.schema(table).validate(parsed, lazy=True)
    except pa.errors.SchemaErrors as err:
        seen = {(p.column, p.row) for p in problems}
        fc = err.failure_cases
        for rec in fc.to_dict("records"):
            check, column = str(rec["check"]), rec["column"]
            value = rec["failure_case"]
            row = None if rec["index"] is None or pd.isna(rec["index"]) else int(rec["index"]) + 1
            if check == "column_in_schema":
                problems.append(Problem(str(value), None, None, "unknown column; it is not in the codebook "
                                                                "(data/codebook.yaml)"))
                continue
            if check == "column_in_dataframe":
                problems.append(Problem(str(value), None, None, "required column is missing"))
                continue
            if column not in known or (column, row) in seen:
                continue
            v = known[column]
            if check == "not_nullable":
                msg, value = f"missing value; expected {v.allowed()}", None
            elif check == "field_uniqueness":
                msg = "duplicate id; each row needs its own id"
            else:
                if check.startswith("dtype(") or check.startswith("coerce_dtype"):
                    continue  # reported by the parser
                msg = f"not allowed; expected {v.allowed()}"
            if hasattr(value, "item"):
                value = value.item()
            problems.append(Problem(column, row, value, msg))
            seen.add((column, row))
    if problems:
        problems.sort(key=lambda p: (p.row is not None, p.row or 0, p.column or ""))
        raise SurveyDataError(source, problems, kind)
    return parsed[codebook.names(table)].astype(codebook.dtypes(table))


def _load(table: str, source, seed: int, n: int, generate) -> pd.DataFrame:
    if isinstance(source, str) and source == "synthetic":
        return validate(generate(seed=seed, n=n), table, source=f"synthetic {table} (seed {seed}, n {n})")
    if isinstance(source, pd.DataFrame):
        return validate(source, table)
    raw, kind = read_table(source)
    return validate(raw, table, source=str(paths.resolve_input(source)), kind=kind)


def load_survey(source: str | os.PathLike | pd.DataFrame = "synthetic", seed: int = synthetic.DEFAULT_SEED,
                n: int = synthetic.DEFAULT_N, chart_values: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return the validated coordinator survey.

    Parameters
    ----------
    source : "synthetic", path or DataFrame
        ``"synthetic"`` (default) generates the calibrated synthetic survey; a path reads a CSV,
        Parquet or Excel file that follows the codebook.
    seed, n : int
        Seed and number of networks of the synthetic survey (ignored for files).
    chart_values : path, optional
        Chart values the synthetic survey is calibrated to (default ``data/published/chart_values.csv``).

    Examples
    --------
    >>> df = load_survey()
    >>> df.shape
    (156, 60)
    >>> load_survey("no/such/file.csv")
    Traceback (most recent call last):
    ...
    kmunetz.survey.SurveyDataError: .../no/such/file.csv: 1 problem found:
      - file: no such file
    """
    def generate(seed, n):
        return synthetic.generate_survey(seed=seed, n=n, chart_values=chart_values)

    return _load("survey", source, seed, n, generate)


def load_experts(source: str | os.PathLike | pd.DataFrame = "synthetic", seed: int = synthetic.DEFAULT_SEED,
                 n: int = synthetic.DEFAULT_EXPERTS) -> pd.DataFrame:
    """Return the validated expert panel (ratings 1–4 of 20 theses).

    Examples
    --------
    >>> load_experts().shape
    (34, 22)
    """
    return _load("experts", source, seed, n, synthetic.generate_experts)


def check_sources(values: dict) -> None:
    """Validate the data files named by ``survey`` / ``experts`` parameters (if any) before any kernel starts.

    Raises :class:`SurveyDataError` listing every problem of the first bad file.
    """
    if values.get("survey", "synthetic") != "synthetic":
        load_survey(values["survey"])
    if values.get("experts", "synthetic") != "synthetic":
        load_experts(values["experts"])
    if values.get("chart_values", "default") != "default":
        from . import published

        published.chart_values(values["chart_values"])

