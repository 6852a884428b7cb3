"""The lock file, environment.yml and pyproject.toml describe the same environment."""

import re
import tomllib

import yaml
from conftest import locked_versions, package_name


def _env(root) -> tuple[dict, dict[str, str]]:
    env = yaml.safe_load((root / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    pins = {}
    for spec in pip:
        if spec.startswith("-e"):
            continue
        name, sep, ver = spec.partition("==")
        assert sep, f"environment.yml: {spec!r} is not pinned with =="
        pins[package_name(name)] = ver
    return env, pins


def _direct(root) -> list[str]:
    meta = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    reqs = meta["dependencies"] + [r for group in meta["optional-dependencies"].values() for r in group]
    return [package_name(re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0]) for r in reqs]


def test_environment_yml_pins_match_thelocked_versions(root):
    lock = locked_versions(root)
    _, env = _env(root)
    for name, ver in env.items():
        assert name in lock, f"environment.yml lists {name}, which requirements.lock does not"
        assert lock[name] == ver, f"{name}: environment.yml has {ver}, requirements.lock has {lock[name]}"


def test_every_direct_dependency_is_pinned_in_both(root):
    lock = locked_versions(root)
    _, env = _env(root)
    for name in _direct(root):
        assert name in lock, f"pyproject dependency {name} is missing from requirements.lock"
        assert name in env, f"pyproject dependency {name} is missing from environment.yml"


def test_environment_yml_python_and_editable_install(root):
    env, _ = _env(root)
    assert "python=3.11" in env["dependencies"]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert "-e ." in pip


def test_jupyter_book_is_version_one(root):
    assert locked_versions(root)["jupyter-book"].startswith("1.")


def test_installed_versions_match_thelocked_versions(root):
    from importlib.metadata import version

    lock = locked_versions(root)
    for name in _direct(root):
        assert version(name) == lock[name], f"{name}: installed {version(name)}, locked {lock[name]}"


def test_the_workflow_lints_tests_and_publishes_what_make_publish_writes(root):
    flow = yaml.safe_load((root / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8"))
    runs = [s.get("run", "") for job in flow["jobs"].values() for s in job["steps"]]
    assert "make lint" in runs and "make test" in runs and "make publish" in runs
    uses = {s.get("uses", "").split("@")[0]: s.get("with", {}) for job in flow["jobs"].values() for s in job["steps"]}
    assert uses["actions/upload-pages-artifact"]["path"] == "_build/publish/site"
    assert uses["peaceiris/actions-gh-pages"]["publish_dir"] == "_build/publish/notebooks"
    assert "repository']['branch']" in " ".join(runs)  # the branch is read from _config.yml, not repeated
