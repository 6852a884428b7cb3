from kmunetz import synthetic
from kmunetz.builder import footer as provenance


def test_fingerprint_depends_on_the_data():
    a = provenance.data_fingerprint({"survey": "synthetic", "experts": "synthetic", "seed": 1, "n": 156})
    b = provenance.data_fingerprint({"survey": "synthetic", "experts": "synthetic", "seed": 1, "n": 156})
    c = provenance.data_fingerprint({"survey": "synthetic", "experts": "synthetic", "seed": 2, "n": 156})
    assert a == b and a[1] != c[1]
    assert "Startwert 1" in a[0]
    assert provenance.data_fingerprint({"catalogue": "default"}) is None


def test_fingerprint_of_a_file_is_the_hash_of_its_bytes(tmp_path):
    import hashlib

    f = tmp_path / "s.csv"
    synthetic.generate_survey(4).to_csv(f, index=False)
    label, digest = provenance.data_fingerprint({"survey": str(f), "experts": "synthetic", "seed": 4, "n": 156})
    assert "Datei s.csv" in label and len(digest) == 16
    synthetic_part = synthetic.generate_experts(4).to_csv(index=False).encode()
    assert digest == hashlib.sha256(f.read_bytes() + b"\0" + synthetic_part).hexdigest()[:16]


def test_footer_names_parameters_commit_and_edition():
    text = provenance.footer({"seed": 7, "survey": "synthetic", "experts": "synthetic", "n": 156}, "abc1234",
                             edition="seed-7")
    assert "Startwert 7 (`seed`)" in text and "Befragung: synthetisch (`survey`)" in text
    assert "Commit `abc1234`" in text and "Ausgabe:** `seed-7`" in text
    assert text.startswith(":::{admonition} Herkunft dieser Seite")


def test_git_commit_outside_git(tmp_path):
    assert provenance.git_commit(tmp_path) == "unbekannt"
