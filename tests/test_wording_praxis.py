"""The sentences of the chapters on the study's design, practice examples and recommendations (kmunetz.wording.praxis)."""

from __future__ import annotations

import pytest

from kmunetz import formatting, published
from kmunetz.wording import praxis

NB = "\u00a0"


@pytest.mark.parametrize("percent, up_to, decimals", [(96, 34, 0), (80, 34, 0), (64, 34, 0), (36, 34, 0),
                                                      (0, 12, 0), (100, 12, 0), (50, 7, 0), (33.3, 40, 1),
                                                      (12.5, 16, 1), (1, 150, 0)])
def test_possible_bases_are_exactly_the_bases_with_a_whole_count(percent, up_to, decimals):
    expected = [n for n in range(1, up_to + 1)
                if any(formatting.round_half_up(100 * k / n, decimals) == percent for k in range(n + 1))]
    assert praxis.possible_bases(percent, up_to, decimals) == expected


def test_possible_bases_at_the_ends():
    assert praxis.possible_bases(0, 5) == [1, 2, 3, 4, 5]
    assert praxis.possible_bases(100, 5) == [1, 2, 3, 4, 5]
    assert praxis.possible_bases(50, 1) == []
    assert praxis.possible_bases(50, 2) == [2]
    # half up: 1 of 8 is 12,5 % and rounds to 13 %
    assert 8 in praxis.possible_bases(13, 8)


@pytest.mark.parametrize("bad", [(-1, 10), (101, 10), (50, 0)])
def test_possible_bases_rejects_impossible_input(bad):
    with pytest.raises(ValueError):
        praxis.possible_bases(*bad)


def test_largest_base():
    assert praxis.largest_base(96, 34) == 28
    assert praxis.largest_base(50, 34) == 34
    assert praxis.largest_base(50, 1) is None


def test_the_studys_panel_shares_do_not_fit_a_vote_of_every_participant():
    cat = published.load()
    panel = cat[(cat["source"] == "Expertenpanel") & (cat["wording_class"] == "gerundet")]
    participants = int(published.value("expertenpanel_teilnehmer"))
    assert len(panel) >= 2
    fits = [participants in praxis.possible_bases(v, participants) for v in panel["value"]]
    assert not any(fits)
    assert praxis.panel_fit_sentence(fits).startswith("Keiner von ihnen tut das")


@pytest.mark.parametrize("fits, start, end", [
    ([False], "Er tut das nicht: Der Anteil beruht", "die These bewertet."),
    ([True], "Er tut das. Ob wirklich jede Person die These", "zeigt die Zahl allein aber nicht."),
    ([False, False], "Keiner von ihnen tut das: Die Anteile beruhen", "jede These bewertet."),
    ([True, True, True], "Alle tun das.", "zeigen die Zahlen allein aber nicht."),
    ([True, False], "Nur einer von 2 tut das: Der übrige Anteil beruht", "jede These bewertet."),
    ([False, True, False, False], "Nur einer von 4 tut das: Die übrigen 3 Anteile beruhen", "jede These bewertet."),
    ([True, True, False], "Nur 2 von 3 tun das: Der übrige Anteil beruht", "jede These bewertet."),
    ([True, True, False, False, False], "Nur 2 von 5 tun das: Die übrigen 3 Anteile beruhen", "jede These bewertet."),
])
def test_panel_fit_sentence_in_every_case(fits, start, end):
    text = praxis.panel_fit_sentence(fits)
    assert text.startswith(start) and text.endswith(end)
    assert "  " not in text


def test_panel_fit_sentence_needs_a_share():
    with pytest.raises(ValueError):
        praxis.panel_fit_sentence([])


def test_largest_bases_sentence_names_each_share_once():
    text = praxis.largest_bases_sentence([96, 80, 96, 64, 36], 34)
    assert text.count(f"96{NB}%") == 1
    assert text.startswith(f"Ein Anteil von 96{NB}% passt zu höchstens 28 Bewertungen, einer von 80{NB}%")
    assert text.endswith(f"einer von 64{NB}% zu höchstens 33 und einer von 36{NB}% zu höchstens 33.")


def test_largest_bases_sentence_singular_all_and_none():
    assert praxis.largest_bases_sentence([100], 1) == f"Ein Anteil von 100{NB}% passt auch zu einer einzigen Bewertung."
    assert praxis.largest_bases_sentence([0, 100], 1) == (f"Ein Anteil von 0{NB}% passt auch zu einer einzigen "
                                                         f"Bewertung und einer von 100{NB}% auch zu einer einzigen.")
    assert praxis.largest_bases_sentence([50], 3) == f"Ein Anteil von 50{NB}% passt zu höchstens 2 Bewertungen."
    assert praxis.largest_bases_sentence([50, 100], 2) == (f"Ein Anteil von 50{NB}% passt auch zu allen 2 Bewertungen "
                                                          f"und einer von 100{NB}% auch zu allen 2.")
    assert praxis.largest_bases_sentence([50, 96], 1) == (f"Ein Anteil von 50{NB}% passt zu keiner Zahl von "
                                                         f"Bewertungen bis 1 und einer von 96{NB}% zu keiner.")
    assert praxis.largest_bases_sentence([12.5], 16, decimals=1) == \
        f"Ein Anteil von 12,5{NB}% passt auch zu allen 16 Bewertungen."


def test_largest_bases_sentence_needs_a_share():
    with pytest.raises(ValueError):
        praxis.largest_bases_sentence([], 34)
