"""The near-duplicate matcher itself (coproduce.conversations.similar, pure Python): what it counts as the same
statement said again, and what not."""

from __future__ import annotations

import numpy as np

from coproduce.conversations.similar import Matcher, negated, normalise, pair_scores

STATEMENTS = [
    (1, [("Parking at the hospital makes me late.", "en")]),
    (2, [("Evening clinics would help people who work.", "en")]),
    (3, [("Mae angen mwy o gefnogaeth ar ofalwyr ifanc yn yr ysgol.", "cy")]),
    (4, [("Appointment letters should say how long I will be at the clinic.", "en")]),
    (5, [("Volunteer drivers take people to their appointments.", "en")]),
]


def keys(matches) -> list:
    return [m.key for m in matches]


def test_case_punctuation_and_typing_slips():
    matcher = Matcher(STATEMENTS)
    assert keys(matcher.similar("PARKING at the hospitl makes me late!!", "en")) == [1]


def test_reordered_words():
    assert keys(Matcher(STATEMENTS).similar("People who work would be helped by evening clinics.", "en")) == [2]


def test_a_different_statement_is_not_offered():
    assert Matcher(STATEMENTS).similar("Wheelchairs should be available at the main entrance.", "en") == []


def test_a_one_sided_negation_is_not_the_same_statement():
    matcher = Matcher(STATEMENTS)
    same = matcher.scores("Evening clinics would help people who work", "en")[1]
    opposite = matcher.scores("Evening clinics would not help people who work", "en")[1]
    assert same > 0.99 and opposite <= same * 0.5  # halved (and the word "not" itself differs)
    assert keys(matcher.similar("Evening clinics would not help people who work", "en")) == []
    assert negated("Appointments shouldn't be cancelled", "en")
    assert not negated("Appointments should be cancelled", "en")


def test_welsh_negation_and_its_look_alikes():
    assert negated("Ni ddylai apwyntiadau gael eu canslo.", "cy")
    assert negated("Dydw i ddim eisiau hyn.", "cy")
    assert negated("Does unman i eistedd.", "cy")
    assert not negated("Dylai gofalwyr gael parcio am ddim.", "cy")  # "am ddim": free
    assert not negated("Pan fyddwn ni'n cyrraedd, dylen nhw ddweud.", "cy")  # "ni": we
    assert not negated("Dim ond un apwyntiad sydd ei angen.", "cy")  # "dim ond": only


def test_welsh_mutations_meet_their_radical():
    assert normalise("gofalwyr", "cy") == normalise("ofalwyr", "cy")
    assert normalise("clun", "cy") == normalise("glun", "cy") == normalise("nghlun", "cy")
    assert normalise("pentref", "cy") == normalise("mhentref", "cy")
    matcher = Matcher(STATEMENTS)
    assert keys(matcher.similar("Mae angen cefnogaeth ar gyfer gofalwyr ifanc mewn ysgolion.", "cy")) == [3]


def test_a_confirmed_translation_is_found_in_its_language():
    with_translation = [(2, [("Evening clinics would help people who work.", "en"), *WELSH_2]), *STATEMENTS[2:]]
    query = "Byddai clinigau gyda'r nos o help i bobl sy'n gweithio."
    assert keys(Matcher(with_translation).similar(query, "cy")) == [2]
    assert keys(Matcher(STATEMENTS).similar(query, "cy")) == []  # not without it


WELSH_2 = [("Byddai clinigau gyda’r nos yn helpu pobl sy’n gweithio.", "cy")]


def test_at_most_three_each_once_most_similar_first():
    entries = [
        (
            10,
            [
                ("Parking at the hospital makes me late.", "en"),
                ("Mae parcio yn yr ysbyty yn fy ngwneud yn hwyr.", "cy"),
            ],
        ),
        (11, [("Parking at the hospital makes me late every time.", "en")]),
        (12, [("Hospital parking makes me late.", "en")]),
        (13, [("The parking at the hospital makes me so late.", "en")]),
    ]
    found = Matcher(entries).similar("Parking at the hospital makes me late!", "en")
    assert len(found) == 3 and len(set(keys(found))) == 3
    assert found[0].key == 10
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


def test_an_empty_conversation_and_an_extended_one():
    empty = Matcher([])
    assert empty.similar("Parking at the hospital makes me late.", "en") == []
    grown = empty.extended(STATEMENTS[:1])
    assert keys(grown.similar("parking at the hospital makes me late", "en")) == [1]
    more = grown.extended([(9, [("Buses to the hospital stop too early in the evening.", "en")])])
    assert keys(more.similar("The buses to the hospital stop too early in the evening", "en")) == [9]
    assert len(grown) == 1 and len(more) == 2  # extending makes a new matcher


def test_pair_scores_are_cosines():
    scores = pair_scores([("Parking makes me late.", "Parking makes me late!"), ("Parking", "Evening clinics")], "en")
    assert np.isclose(scores[0], 1.0, atol=1e-5)
    assert scores[1] < 0.2
