"""Loading survey files: valid files round-trip; every kind of bad file gets one complete, clear error."""


import pandas as pd
import pytest

from kmunetz import survey, synthetic
from kmunetz.survey import SurveyDataError, load_experts, load_survey


@pytest.fixture(scope="module")
def good() -> pd.DataFrame:
    return synthetic.generate_survey(seed=42)


def listing(*folders):
    return sorted(str(p) + str(p.stat().st_mtime_ns) for f in folders for p in f.rglob("*"))


class Watch:
    """A folder for input files; ``arm()`` after writing them, and the test's end asserts nothing else appeared."""

    def __init__(self, folder, root):
        self.dir, self.root, self.before = folder, root, None

    def arm(self):
        self.before = listing(self.dir, self.root / "data")

    def check(self):
        if self.before is not None:
            assert listing(self.dir, self.root / "data") == self.before, "loading wrote files"


@pytest.fixture
def untouched(tmp_path, root, monkeypatch):
    monkeypatch.chdir(tmp_path)  # anything written relative to the working directory would show up here
    watch = Watch(tmp_path, root)
    yield watch
    watch.check()


def write_csv(df, path, **kw):
    df.to_csv(path, index=False, **kw)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_valid_files_round_trip(good, tmp_path, suffix):
    path = tmp_path / f"survey{suffix}"
    {".csv": lambda: good.to_csv(path, index=False), ".parquet": lambda: good.to_parquet(path, index=False),
     ".xlsx": lambda: good.to_excel(path, index=False)}[suffix]()
    loaded = load_survey(path)
    pd.testing.assert_frame_equal(loaded, load_survey("synthetic", seed=42))


def test_columns_in_another_order_are_fine(good, tmp_path):
    path = write_csv(good[good.columns[::-1]], tmp_path / "reversed.csv")
    pd.testing.assert_frame_equal(load_survey(path), load_survey("synthetic", seed=42))


def test_experts_round_trip(tmp_path):
    path = write_csv(synthetic.generate_experts(3), tmp_path / "experts.csv")
    pd.testing.assert_frame_equal(load_experts(path), load_experts("synthetic", seed=3))


def bad_cases(good: pd.DataFrame):
    """(name, writer(path) -> path, expected fragments of the message)."""

    def csv_with(mutate, name="bad.csv"):
        def write(dirpath):
            df = good.copy().astype(object)
            df = mutate(df)
            return write_csv(df, dirpath / name)
        return write

    def raw(content: bytes, name="bad.csv"):
        def write(dirpath):
            p = dirpath / name
            p.write_bytes(content)
            return p
        return write

    def set_cell(col, row, value):
        def m(df):
            df.loc[row, col] = value
            return df
        return m

    header = ",".join(good.columns)
    return [
        ("missing path", lambda d: d / "nope.csv", ["nope.csv", "no such file"]),
        ("a folder", lambda d: (d / "folder.csv").mkdir() or d / "folder.csv", ["folder.csv", "is a folder"]),
        ("unknown suffix", raw(b"x", "survey.txt"), ["survey.txt", "unknown file type '.txt'"]),
        ("empty file", raw(b""), ["bad.csv", "file is empty"]),
        ("header only", raw((header + "\n").encode()), ["bad.csv", "no data rows"]),
        ("semicolons", raw(good.to_csv(index=False, sep=";").encode()), ["separated by semicolons", "expected commas"]),
        ("tabs", raw(good.to_csv(index=False, sep="\t").encode()), ["separated by tabs"]),
        ("latin-1", raw(good.assign(network_id="Größe").to_csv(index=False).encode("latin-1")),
         ["is not UTF-8 encoded", "byte 0xf6"]),
        ("binary garbage", raw(bytes(range(256)) * 4), ["binary data"]),
        ("ragged rows", raw((good.to_csv(index=False) + "N9," * 80 + "\n").encode()),
         ["row 157 (line 158)", "malformed CSV: 81 fields, but the header has 60"]),
        ("missing column", csv_with(lambda df: df.drop(columns=["partners"])),
         ["column 'partners'", "required column is missing"]),
        ("unknown column", csv_with(lambda df: df.assign(umsatz=1)), ["column 'umsatz'", "unknown column"]),
        ("text in a number column", csv_with(set_cell("partners", 4, "viele")),
         ["column 'partners', row 5 (line 6): value 'viele'", "not a number", "from 2 to 5000"]),
        ("not a whole number", csv_with(set_cell("years_since_founding", 0, "2.5")),
         ["column 'years_since_founding', row 1", "'2.5'", "not a whole number"]),
        ("out of range", csv_with(set_cell("partners", 9, 1)),
         ["column 'partners', row 10", "value 1", "not allowed", "from 2 to 5000"]),
        ("rating out of range", csv_with(set_cell("approach_personal", 2, 5)),
         ["column 'approach_personal', row 3", "value 5", "from 1 to 4"]),
        ("binary not 0/1", csv_with(set_cell("grown_5y", 7, 2)), ["column 'grown_5y', row 8", "value 2", "0 = nein"]),
        ("category not allowed", csv_with(set_cell("kmu_participation", 3, "teilweise")),
         ["column 'kmu_participation', row 4", "'teilweise'", "one of 'keine', 'nur_passiv', 'aktiv'"]),
        ("missing where required", csv_with(set_cell("partners", 11, None)),
         ["column 'partners', row 12", "missing value"]),
        ("duplicate ids", csv_with(set_cell("network_id", 1, "N0001")),
         ["column 'network_id', row 1", "column 'network_id', row 2", "duplicate id"]),
    ]


CASES = [c[0] for c in bad_cases(synthetic.generate_survey(seed=42))]


@pytest.mark.parametrize("case", CASES)
def test_bad_file_gets_one_clear_error_and_writes_nothing(good, untouched, case):
    name, write, fragments = next(c for c in bad_cases(good) if c[0] == case)
    path = write(untouched.dir)
    untouched.arm()
    with pytest.raises(SurveyDataError) as info:
        load_survey(path)
    message = str(info.value)
    assert str(path.name) in message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in:\n{message}"


def test_all_problems_are_listed_together(good, untouched):
    df = good.copy().astype(object)
    df.loc[0, "partners"] = "x"
    df.loc[1, "kmu_participation"] = "sometimes"
    df.loc[2, "grown_5y"] = 7
    df = df.drop(columns=["formal"])
    path = write_csv(df, untouched.dir / "many.csv")
    untouched.arm()
    with pytest.raises(SurveyDataError) as info:
        load_survey(path)
    err = info.value
    assert len(err.problems) == 4
    assert "4 problems found" in str(err)
    assert {p.column for p in err.problems} == {"partners", "kmu_participation", "grown_5y", "formal"}


def test_file_over_the_size_limit(good, untouched, monkeypatch):
    monkeypatch.setattr(survey, "MAX_FILE_BYTES", 1000)
    path = write_csv(good, untouched.dir / "big.csv")
    untouched.arm()
    with pytest.raises(SurveyDataError, match="larger than the limit"):
        load_survey(path)


def test_bad_expert_file(untouched):
    df = synthetic.generate_experts(1).astype(object)
    df.loc[0, "thesis_03"] = 9
    path = write_csv(df, untouched.dir / "experts.csv")
    untouched.arm()
    with pytest.raises(SurveyDataError, match=r"column 'thesis_03', row 1 \(line 2\): value 9: not allowed"):
        load_experts(path)


def test_truncated_parquet(good, untouched):
    path = untouched.dir / "cut.parquet"
    good.to_parquet(path, index=False)
    path.write_bytes(path.read_bytes()[:200])
    untouched.arm()
    with pytest.raises(SurveyDataError, match="cannot be read as Parquet"):
        load_survey(path)
