import pytest

from kmunetz.params import ParameterError, coerce, validate


def test_valid_values_pass_and_ints_become_floats():
    assert validate({"seed": 7, "confidence": 1 - 0.1, "survey": "synthetic"}) == {
        "seed": 7, "confidence": 0.9, "survey": "synthetic"}


@pytest.mark.parametrize(
    "values, fragment",
    [
        ({"seed": -1}, "'seed': value -1 is not allowed"),
        ({"seed": 1.5}, "'seed': wrong type float"),
        ({"seed": True}, "'seed': wrong type bool"),
        ({"confidence": 1.0}, "strictly between 0 and 1"),
        ({"confidence": "0.9"}, "wrong type str"),
        ({"confidence": float("nan")}, "not finite"),
        ({"survey": "/no/such/file.csv"}, "'synthetic' or the path"),
        ({"survey": "default"}, "'synthetic' or the path"),
        ({"model": "tobit"}, "'logit' or 'probit'"),
        ({"colour": "red"}, "unknown parameter 'colour'"),
    ],
)
def test_each_kind_of_bad_value_is_named(values, fragment):
    with pytest.raises(ParameterError) as info:
        validate(values)
    assert fragment in str(info.value)


def test_unknown_for_this_chapter_lists_accepted_names():
    with pytest.raises(ParameterError, match="accepts: confidence, seed"):
        validate({"model": "logit"}, allowed=["seed", "confidence"])


def test_all_problems_reported_together():
    with pytest.raises(ParameterError) as info:
        validate({"seed": -3, "confidence": 2.0})
    assert "seed" in str(info.value) and "confidence" in str(info.value)


def test_coerce():
    assert coerce("seed", "12") == 12
    with pytest.raises(ParameterError, match="cannot read 'x' as int"):
        coerce("seed", "x")
    with pytest.raises(ParameterError, match="unknown parameter 'foo'"):
        coerce("foo", "1")
