import nbformat
import pytest

from kmunetz import glue
from kmunetz.provenance import Provenance


def test_german_kinds():
    assert glue.german(0.3, "percent").text == "30,0\u00a0%"
    assert glue.german(37.5, "percent_value", 0).text == "38\u00a0%"
    assert glue.german(3.2, "points").text == "+3,2\u00a0Prozentpunkte"
    g = glue.german(12, "integer")
    assert (g.value, g.text) == (12, "12")


def test_mimebundle_keeps_raw_value_and_quoted_text():
    bundle = glue.german(0.25, "percent")._repr_mimebundle_()
    assert bundle["text/plain"] == repr("25,0\u00a0%")  # myst-nb literal-evals it back
    assert bundle[glue.MIME] == {"value": 0.25, "text": "25,0\u00a0%"}


def test_values_from_notebook_reads_what_myst_nb_stores():
    from myst_nb.ext.glue import GLUE_PREFIX

    g = glue.german(0.5, "percent")
    out = nbformat.v4.new_output("display_data", data={GLUE_PREFIX + k: v for k, v in g._repr_mimebundle_().items()},
                                 metadata={"scrapbook": {"name": "half", "mime_prefix": GLUE_PREFIX}})
    other = nbformat.v4.new_output("display_data", data={GLUE_PREFIX + "text/plain": "'abc'"},
                                   metadata={"scrapbook": {"name": "word", "mime_prefix": GLUE_PREFIX}})
    cell = nbformat.v4.new_code_cell("x", outputs=[out, other])
    nb = nbformat.v4.new_notebook(cells=[cell])
    assert glue.values_from_notebook(nb) == {"half": 0.5, "word": "abc"}


def test_bad_input_names_the_key():
    origin = Provenance.setting("test")
    with pytest.raises(ValueError, match="glue_number 'x': cannot glue NaN"):
        glue.glue_number("x", float("nan"), origin=origin)
    with pytest.raises(ValueError, match="kind must be one of"):
        glue.glue_number("x", 1.0, kind="euro", origin=origin)


def test_year_kind_has_no_digit_grouping():
    g = glue.german(2014, "year")
    assert (g.text, g.value) == ("2014", 2014)
    assert glue.german(2014, "integer").text == "2.014"


def test_glue_writes_what_myst_nb_glue_writes():
    """kmunetz glues without myst-nb (a student's Jupyter has none); the outputs must be myst-nb's own."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output
    from myst_nb import glue as myst_glue

    InteractiveShell.instance()
    for display in (True, False):
        with capture_output() as ours:
            glue.glue_text("x", "beteiligt", display=display)
        with capture_output() as theirs:
            myst_glue("x", glue.Glued("beteiligt", "beteiligt"), display=display)
        assert [(o.data, o.metadata) for o in ours.outputs] == [(o.data, o.metadata) for o in theirs.outputs]
        assert ours.outputs and ours.outputs[0].metadata["scrapbook"]["name"] == "x"
