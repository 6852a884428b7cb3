import subprocess
import sys
import time

import pytest


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kmunetz", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_check_prints_the_comparison_and_passes():
    start = time.perf_counter()
    proc = run("check")
    elapsed = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr
    assert "kmu_aktiv" in proc.stdout and "rund zwei Drittel" in proc.stdout
    assert "28 of 28 published numbers agree" in proc.stdout
    assert "by construction" in proc.stdout
    print(f"kmunetz check took {elapsed:.1f} s")


def test_check_other_seed_and_size():
    proc = run("check", "--seed", "99", "--n", "400")
    assert proc.returncode == 0, proc.stderr
    assert "n = 400" in proc.stdout


def test_check_exits_non_zero_on_disagreement(tmp_path):
    from kmunetz.survey import load_survey

    s = load_survey()
    s.loc[s["hurdle_resources"] == 1, "hurdle_resources"] = 0
    path = tmp_path / "real.csv"
    s.to_csv(path, index=False)
    proc = run("check", "--survey", str(path))
    assert proc.returncode == 1
    assert "genuine replication" in proc.stdout
    line = next(line for line in proc.stdout.splitlines() if line.startswith("huerde_ressourcen"))
    assert line.rstrip().endswith("NO")


@pytest.mark.parametrize("args, fragment", [
    (["--seed", "-5"], "parameter 'seed': value -5 is not allowed"),
    (["--confidence", "1.5"], "parameter 'confidence'"),
    (["--survey", "missing.csv"], "missing.csv: 1 problem found"),
])
def test_check_bad_input(args, fragment, tmp_path):
    proc = run("check", *args, cwd=tmp_path)
    assert proc.returncode == 2
    assert fragment in proc.stderr
    assert "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []
