"""The table of malformed inputs: every entry point, every case, one clear message, no partial output.

Each row: an id, the command-line arguments (``{file}`` stands for the prepared input), how to prepare
the input, and a fragment the error message must contain. Every case must exit non-zero, print no
Python traceback, and leave the working folder and the project's outputs exactly as they were.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kmunetz import paths, synthetic

ROOT = paths.project_root(Path(__file__).parent)
GOOD = synthetic.generate_survey(seed=3)
EXPERTS = synthetic.generate_experts(seed=3)


def csv_text(df: pd.DataFrame) -> str:
    return df.to_csv(index=False)


def mutate(col, row, value):
    df = GOOD.copy().astype(object)
    df.loc[row, col] = value
    return csv_text(df)


def write(name: str, content: str | bytes | None = None, size: int | None = None):
    def make(folder: Path) -> Path:
        p = folder / name
        if size is not None:
            with open(p, "wb") as fh:  # sparse: the size check must refuse it before reading
                fh.truncate(size)
        elif isinstance(content, bytes):
            p.write_bytes(content)
        elif content is not None:
            p.write_text(content, encoding="utf-8")
        return p
    return make


def folder(name: str):
    def make(base: Path) -> Path:
        (base / name).mkdir()
        return base / name
    return make


def parquet_cut(folder_: Path) -> Path:
    p = folder_ / "cut.parquet"
    GOOD.to_parquet(p, index=False)
    p.write_bytes(p.read_bytes()[:300])
    return p


def nothing(_folder: Path) -> None:
    return None


EXPERT_BAD = EXPERTS.copy().astype(object)
EXPERT_BAD.loc[2, "thesis_03"] = 7

CASES = [
    # id, args, prepare, expected fragment
    ("truncated-csv", ["check", "--survey", "{file}"], write("cut.csv", csv_text(GOOD)[:5000]), "malformed CSV"),
    ("latin1-encoding", ["check", "--survey", "{file}"],
     write("latin.csv", csv_text(GOOD.assign(network_id=[f"Größe{i}" for i in range(len(GOOD))])).encode("latin-1")),
     "is not UTF-8 encoded"),
    ("semicolon-delimiter", ["check", "--survey", "{file}"], write("semi.csv", GOOD.to_csv(index=False, sep=";")),
     "separated by semicolons"),
    ("missing-column", ["check", "--survey", "{file}"], write("m.csv", csv_text(GOOD.drop(columns=["formal"]))),
     "column 'formal': required column is missing"),
    ("extra-column", ["check", "--survey", "{file}"], write("x.csv", csv_text(GOOD.assign(umsatz=1))),
     "column 'umsatz': unknown column"),
    ("wrong-type", ["check", "--survey", "{file}"], write("t.csv", mutate("partners", 3, "dreißig")),
     "column 'partners', row 4 (line 5): value 'dreißig': not a number"),
    ("out-of-range", ["check", "--survey", "{file}"], write("r.csv", mutate("approach_press", 0, 9)),
     "column 'approach_press', row 1 (line 2): value 9: not allowed; expected a whole number from 1 to 4"),
    ("nan-not-allowed", ["check", "--survey", "{file}"], write("nan.csv", mutate("partners", 5, "")),
     "column 'partners', row 6 (line 7): missing value"),
    ("not-in-allowed-set", ["check", "--survey", "{file}"], write("c.csv", mutate("contact_kmu", 1, "täglich")),
     "value 'täglich': not allowed; expected one of 'nie', 'selten'"),
    ("duplicate-ids", ["check", "--survey", "{file}"], write("d.csv", mutate("network_id", 7, "N0001")),
     "duplicate id"),
    ("empty-file", ["check", "--survey", "{file}"], write("empty.csv", ""), "file is empty"),
    ("header-only", ["check", "--survey", "{file}"], write("h.csv", ",".join(GOOD.columns) + "\n"), "no data rows"),
    ("binary-garbage", ["check", "--survey", "{file}"], write("garbage.csv", bytes(range(256)) * 8), "binary data"),
    ("directory", ["check", "--survey", "{file}"], folder("adir.csv"), "is a folder, not a file"),
    ("huge-file", ["check", "--survey", "{file}"], write("huge.csv", size=60 * 1024 * 1024),
     "larger than the limit of 50 MB"),
    ("unknown-suffix", ["check", "--survey", "{file}"], write("survey.txt", "a,b\n1,2\n"), "unknown file type '.txt'"),
    ("no-such-file", ["check", "--survey", "missing.csv"], nothing, "missing.csv: 1 problem found"),
    ("truncated-parquet", ["check", "--survey", "{file}"], parquet_cut, "cannot be read as Parquet"),
    ("corrupt-excel", ["check", "--survey", "{file}"], write("bad.xlsx", b"PK\x03\x04 not really a zip"),
     "cannot be read as Excel"),
    ("expert-rating-out-of-range", ["check", "--experts", "{file}"], write("e.csv", csv_text(EXPERT_BAD)),
     "column 'thesis_03', row 3 (line 4): value 7: not allowed"),
    ("negative-seed", ["check", "--seed", "-4"], nothing, "parameter 'seed': value -4 is not allowed"),
    ("confidence-above-one", ["check", "--confidence", "1.5"], nothing, "parameter 'confidence': value 1.5"),
    ("confidence-zero", ["check", "--confidence", "0"], nothing, "strictly between 0 and 1"),
    ("n-too-small", ["check", "--n", "5"], nothing, "parameter 'n': value 5 is not allowed"),
    ("run-unknown-parameter", ["run", "typen", "-p", "farbe", "rot", "-o", "out"], nothing,
     "unknown parameter 'farbe' (value 'rot')"),
    ("run-wrong-parameter-type", ["run", "typen", "-p", "seed", "zwölf", "-o", "out"], nothing,
     "parameter 'seed': cannot read 'zwölf' as int"),
    ("run-confidence-out-of-range", ["run", "typen", "-p", "confidence", "2", "-o", "out"], nothing,
     "parameter 'confidence': value 2.0 is not allowed"),
    ("run-negative-seed", ["run", "typen", "-p", "seed", "-1", "-o", "out"], nothing, "value -1 is not allowed"),
    ("run-invalid-yaml", ["run", "typen", "-f", "{file}", "-o", "out"], write("p.yaml", "seed: [1, 2\n"),
     "not valid YAML"),
    ("run-unknown-chapter", ["run", "kapitel-99", "-o", "out"], nothing, "chapter 'kapitel-99' not found"),
    ("run-broken-survey-file", ["run", "typen", "-p", "survey", "{file}", "-o", "out"],
     write("broken.csv", mutate("grown_5y", 0, 5)), "column 'grown_5y', row 1 (line 2): value 5: not allowed"),
    ("sweep-bad-seed-range", ["sweep", "typen", "--seeds", "9-2", "-o", "out"], nothing, "--seeds '9-2'"),
    ("sweep-no-seed-parameter", ["sweep", "methodik", "--seeds", "1-2", "-o", "out"], nothing,
     "has no 'seed' parameter"),
    ("sweep-zero-jobs", ["sweep", "typen", "--seeds", "1-2", "--jobs", "0", "-o", "out"], nothing,
     "--jobs must be at least 1"),
    ("edition-unknown-parameter", ["build", "--root", "{root}", "-p", "farbe", "rot"], nothing,
     "unknown parameter 'farbe' (value 'rot')"),
    ("edition-negative-seed", ["build", "--root", "{root}", "-p", "seed", "-2"], nothing,
     "parameter 'seed': value -2 is not allowed"),
    ("edition-missing-survey", ["build", "--root", "{root}", "-p", "survey", "nirgends.csv"], nothing,
     "parameter 'survey'"),
]


def snapshot(*folders: Path) -> list[tuple[str, int]]:
    out = []
    for f in folders:
        if f.exists():
            out += sorted((str(p), p.stat().st_mtime_ns) for p in f.rglob("*"))
    return out



#: Cases run end to end as a user runs them (a new Python process); the others call the same entry point
#: in-process, which is what the process runs too.
END_TO_END = {"wrong-type", "huge-file", "run-broken-survey-file", "sweep-bad-seed-range", "edition-missing-survey"}


def invoke(args: list[str], work: Path, end_to_end: bool, monkeypatch, capsys) -> tuple[int, str, str]:
    """Run ``kmunetz ARGS`` in the folder ``work``; return the exit code, standard output and error."""
    if end_to_end:
        proc = subprocess.run([sys.executable, "-m", "kmunetz", *args], cwd=work, capture_output=True, text=True,
                              timeout=600)
        return proc.returncode, proc.stdout, proc.stderr
    from kmunetz.builder import cli

    monkeypatch.chdir(work)
    try:
        code = cli.main(args)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_five_cases_run_end_to_end():
    assert END_TO_END <= {c[0] for c in CASES} and len(END_TO_END) == 5


@pytest.mark.parametrize("case", [c[0] for c in CASES])
def test_bad_input(case, tmp_path, monkeypatch, capsys):
    _, args, prepare, fragment = next(c for c in CASES if c[0] == case)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    made = prepare(inputs)
    args = [a.replace("{file}", str(made) if made else "").replace("{root}", str(ROOT)) for a in args]
    # this test's own folders and the project's data; other tests may build editions meanwhile, so the
    # editions folder is checked for the one folder this command would have created
    watched = [tmp_path, ROOT / "data"]
    editions = ROOT / "_build" / "editions"
    existed = set(editions.iterdir()) if editions.is_dir() else set()
    before = snapshot(*watched)
    code, stdout, stderr = invoke(args, work, case in END_TO_END, monkeypatch, capsys)
    assert code != 0, stdout
    assert fragment in stderr, stderr
    assert "Traceback (most recent call last)" not in stderr
    assert snapshot(*watched) == before, "the failed command left output behind"
    if args[0] == "build":
        from kmunetz.builder.book import edition_name

        pairs = dict(zip(args[4::3], args[5::3]))
        name = edition_name(pairs)
        assert not (editions / name).exists() or (editions / name) in existed, f"edition folder {name} created"
