import pytest

from kmunetz import glue, published
from kmunetz.builder import execute
from kmunetz.params import ParameterError


@pytest.fixture(scope="module")
def chapter(root):
    return root / "chapters" / "bewerberlage.md"


def test_every_notebook_chapter_has_exactly_one_parameters_cell(root):
    from kmunetz.builder.book import toc_files

    for src in toc_files(root, part="Die Studie"):
        if src.suffix == ".md" and execute.is_notebook(src):
            nb = execute.read_chapter(src)
            tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
            assert len(tagged) == 1, src
            # the parameters cell comes right after the imports cell
            code = [c for c in nb.cells if c.cell_type == "code"]
            assert code.index(tagged[0]) == 1, src


def test_chapter_parameters_are_read_from_the_cell(chapter):
    assert execute.chapter_parameters(chapter) == {"catalogue": "default"}


def test_page_without_parameters_has_none(tmp_path):
    p = tmp_path / "appendix.md"
    p.write_text("# A\n\n```{code-cell} ipython3\nx = 1\n```\n")
    assert execute.chapter_parameters(p) == {}


def test_parameters_cell_must_be_unique(tmp_path):
    p = tmp_path / "two.md"
    p.write_text("# T\n\n```{code-cell} ipython3\n:tags: [parameters]\na = 1\n```\n\n"
                 "```{code-cell} ipython3\n:tags: [parameters]\nb = 2\n```\n")
    with pytest.raises(execute.ChapterError, match="exactly one code cell tagged 'parameters', found 2"):
        execute.chapter_parameters(p)


def test_overrides_checked_before_any_kernel(chapter):
    from kmunetz import params

    accepted = execute.chapter_parameters(execute.read_chapter(chapter))
    with pytest.raises(ParameterError, match="unknown parameter.*'seed'.*accepts: catalogue"):
        params.check({"seed": 1}, accepted=accepted)
    with pytest.raises(ParameterError, match="'catalogue'"):
        params.check({"catalogue": "/does/not/exist.csv"}, accepted=accepted)
    with pytest.raises(ParameterError, match="unknown parameter.*'seed'"):  # execute checks through it
        execute.execute(chapter, {"seed": 1})


def test_cache_key_depends_on_text_parameters_and_dependencies(chapter, tmp_path):
    base = execute.cache_key(chapter, {}, "d1")
    assert base == execute.cache_key(chapter, {}, "d1")
    assert base != execute.cache_key(chapter, {"catalogue": "x"}, "d1")
    assert base != execute.cache_key(chapter, {}, "d2")
    other = tmp_path / "c.md"
    other.write_bytes(chapter.read_bytes() + b"\n")
    assert base != execute.cache_key(other, {}, "d1")


def test_dependency_digest_sees_src_and_data(project_copy):
    before = execute.dependency_digest(project_copy)
    (project_copy / "src" / "kmunetz" / "formatting.py").write_text(
        (project_copy / "src" / "kmunetz" / "formatting.py").read_text() + "\n# changed\n")
    after_src = execute.dependency_digest(project_copy)
    (project_copy / "data" / "published" / "numbers.csv").write_text(
        (project_copy / "data" / "published" / "numbers.csv").read_text() + "\n")
    after_data = execute.dependency_digest(project_copy)
    assert len({before, after_src, after_data}) == 3


@pytest.mark.slow
def test_chapter_glues_the_catalogue_numbers(chapter):
    nb = execute.execute(chapter)
    values = glue.values_from_notebook(nb)
    for key in ["bewerber_klein", "geeignete_klein", "bewerber_gross", "geeignete_gross"]:
        assert values[key] == published.value(key)
    assert values["faktor_bewerber"] == pytest.approx(published.value("bewerber_gross") / published.value("bewerber_klein"))
    assert values["faktor_geeignete"] == pytest.approx(
        published.value("geeignete_gross") / published.value("geeignete_klein"))
    assert nb.metadata["kmunetz"]["parameters"] == {"catalogue": "default"}


@pytest.mark.slow
def test_chapter_with_another_catalogue(chapter, tmp_path):
    cat = published.load()
    alt = tmp_path / "alt.csv"
    cat.loc[cat["key"] == "bewerber_klein", "value"] = 8
    cat.to_csv(alt, index=False)
    nb = execute.execute(chapter, {"catalogue": str(alt)})
    values = glue.values_from_notebook(nb)
    assert values["bewerber_klein"] == 8
    assert values["faktor_bewerber"] == pytest.approx(32 / 8)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "remove-cell" in injected[0].metadata["tags"]


def test_normalise_makes_equal_runs_equal():
    """Execution counts, cell ids, timestamps and memory addresses differ between runs; normalise removes them."""
    import nbformat

    def run(address: str, start: str, ids: str):
        out = nbformat.v4.new_output("execute_result", data={"text/plain": f"<pandas.io.formats.style.Styler at {address}>",
                                                             "text/html": "<table id=\"T_x\"></table>"},
                                     execution_count=7)
        cell = nbformat.v4.new_code_cell("t", outputs=[out], execution_count=7,
                                         metadata={"execution": {"iopub.execute_input": start}})
        cell["id"] = ids
        return nbformat.v4.new_notebook(cells=[cell], metadata={"papermill": {"start_time": start}})

    a = execute.normalise(run("0x7f8a3b4c91d0", "2026-11-27T10:00", "abc"))
    b = execute.normalise(run("0x7f24ce24f810", "2026-11-27T11:00", "xyz"))
    assert a == b
    assert a.cells[0].outputs[0]["data"]["text/plain"] == "<pandas.io.formats.style.Styler>"
    assert a.cells[0].execution_count == 1 and a.cells[0]["id"] == "cell-0"
