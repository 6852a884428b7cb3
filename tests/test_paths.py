import pytest

from kmunetz import paths


def test_root_found_from_working_directory(root, tmp_path, monkeypatch):
    monkeypatch.delenv("KMUNETZ_ROOT", raising=False)
    monkeypatch.chdir(root / "chapters")
    assert paths.project_root() == root
    assert paths.published_dir() == root / "data" / "published"


def test_env_variable_wins_and_is_checked(project_copy, monkeypatch, tmp_path):
    assert paths.project_root() == project_copy
    monkeypatch.setenv("KMUNETZ_ROOT", str(tmp_path / "nothing"))
    with pytest.raises(FileNotFoundError, match="is not a project root"):
        paths.project_root()


def test_copy_is_self_contained(project_copy, monkeypatch):
    monkeypatch.delenv("KMUNETZ_ROOT")
    monkeypatch.chdir(project_copy / "chapters")
    assert paths.project_root() == project_copy
