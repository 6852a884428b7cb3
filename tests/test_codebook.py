import pytest

from kmunetz import codebook, synthetic


def test_every_variable_has_type_label_question_and_chapter():
    for table in codebook.TABLES:
        for v in codebook.variables(table):
            assert v.label and v.question and v.asked and v.chapter, v.name
            if v.type == "category":
                assert v.values, v.name
            if v.type == "integer":
                assert v.min is not None and v.max is not None and v.min < v.max, v.name


def test_names_are_unique_and_python_identifiers():
    for table in codebook.TABLES:
        names = codebook.names(table)
        assert len(names) == len(set(names))
        assert all(n.isidentifier() for n in names)


def test_item_bases_of_the_study_are_documented():
    asked = {v.name: v.asked for v in codebook.variables()}
    assert "154" in asked["kmu_participation"]
    assert "110" in asked["benefit_contacts"]
    assert "103" in asked["hurdle_resources"]


def test_panel_has_twenty_theses():
    assert len(codebook.names("experts", prefix="thesis_")) == 20


def test_schema_accepts_generated_data_and_is_strict():
    import pandera.pandas as pa

    df = synthetic.generate_survey()
    codebook.schema().validate(df)
    with pytest.raises((pa.errors.SchemaError, pa.errors.SchemaErrors)):
        codebook.schema().validate(df.assign(extra=1))


def test_as_frame_has_one_row_per_variable():
    assert len(codebook.as_frame()) == len(codebook.variables())
    assert set(codebook.as_frame()["Typ"]) <= {"Kennung", "Ganzzahl", "ja/nein (1/0)", "Bewertung", "Kategorie"}


def test_unknown_table():
    with pytest.raises(ValueError, match="table must be one of"):
        codebook.variables("firms")
