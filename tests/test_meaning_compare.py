"""meaning/compare.py: a sentence that says the claim in other words states it; one that keeps the names
and changes a number, a date, the actor, the direction, or negates it differs, and says what differs.
Sentences written for these tests, in the shape of news copy."""

from __future__ import annotations

import pytest

from provenance.meaning.compare import compare, quantities, tokens
from provenance.meaning.forms import alternatives, place_found, place_terms

SENTENCE = ("The Valdoria water board agreed on Tuesday to release 40 percent more water from the Tavira Dam, "
            "chair Marta Ilves told reporters in Porto Lenz.")


@pytest.mark.parametrize("claim", [
    "Valdoria's water board has agreed to let 40 percent more water out of the Tavira Dam",
    "On Tuesday Marta Ilves said the board would release 40 percent more water from the Tavira Dam",
    "The board agreed to release forty percent more water from the Tavira Dam",
])
def test_the_same_thing_in_other_words_states(claim: str) -> None:
    assert compare(claim, SENTENCE).agreement == "states"


@pytest.mark.parametrize(("claim", "kind", "said", "written"), [
    ("The Valdoria water board agreed to release 14 percent more water from the Tavira Dam",
     "number", "14", "40"),
    ("The Valdoria water board agreed on Wednesday to release 40 percent more water from the Tavira Dam",
     "date", "Wednesday", "Tuesday"),
    ("The Valdoria water board refused to release 40 percent more water from the Tavira Dam",
     "negation", "refused to release", "release"),
    ("The Valdoria water board did not agree to release 40 percent more water from the Tavira Dam",
     "negation", "not agree", "agreed"),
])
def test_one_fact_changed_differs_and_says_what(claim: str, kind: str, said: str, written: str) -> None:
    result = compare(claim, SENTENCE)
    assert result.agreement == "differs"
    assert (kind, said, written) in [(d.kind, d.claim, d.document) for d in result.differences]


def test_numbers_are_read_as_values_with_their_words_and_scales() -> None:
    text = "The ministry handed out 5 million masks and a dozen clinics opened, at a cost of $12.9bn."
    assert compare("Five million masks were handed out and 12 clinics opened", text).agreement == "states"
    assert compare("The masks cost 12.9 billion dollars", text).agreement == "states"
    wrong = compare("The ministry handed out 500,000 masks", text)
    assert [(d.kind, d.claim, d.document) for d in wrong.differences] == [("number", "500,000", "5 million")]
    # A ratio is one number: eight is not one for eight.
    ratio = compare("Shareholders get 8 new shares for each old one", "Shareholders get one for eight in the split.")
    assert ratio.agreement == "differs" and ratio.differences[0].document == "one for eight"
    assert compare("The split gives 1/8 of a share", "The split gives one for eight.").agreement == "states"


def test_digits_inside_names_are_not_numbers() -> None:
    values = [q.value for q in quantities(tokens("The RAV4 and the 4K screen of the ID.3 sold 300 units."))]
    assert values == [300.0]


def test_dates_years_days_and_centuries() -> None:
    text = "The plant, built in 1889, closed on May 2 after the 14th century walls cracked."
    assert compare("The plant closed on May 2", text).agreement == "states"
    assert compare("The plant closed on 2 May", text).agreement == "states"
    for claim, said, written in [("The plant was built in 1898", "1898", "1889"),
                                 ("The plant closed on May 12", "May 12", "May 2"),
                                 ("The 16th century walls cracked", "16th century", "14th century")]:
        d = compare(claim, text).differences
        assert [(x.kind, x.claim, x.document) for x in d] == [("date", said, written)], claim


def test_negation_reaches_a_few_words_and_stops_at_the_clause() -> None:
    text = "The council said it is unlikely to approve the budget, but it will not close the library."
    assert compare("The council is unlikely to approve the budget", text).agreement == "states"
    assert compare("The council will approve the budget", text).agreement == "differs"
    assert compare("The council will keep the library open and not close it", text).agreement == "states"
    assert compare("The council will close the library", text).differences[0].kind == "negation"
    # "refused to" negates what follows it; a negation in another clause does not reach the claim's words.
    assert compare("Prosecutors released the footage",
                   "Prosecutors refused to release the footage.").agreement == "differs"
    assert compare("Prosecutors released the footage",
                   "Prosecutors released the footage after the judge did not object.").agreement == "states"


@pytest.mark.parametrize(("claim", "text"), [
    ("Oil prices jumped on Tuesday", "Oil prices fell sharply on Tuesday, while stocks rose."),
    ("Orvik is the cleanest city in Valdoria", "Orvik is the most polluted city in Valdoria."),
    ("The jury acquitted Henrik Sorn", "The jury convicted Henrik Sorn of fraud."),
    ("The minister praised the union", "The minister criticised the union on Monday."),
    ("Shares were priced at a premium", "Shares were priced at a discount to the close."),
])
def test_opposite_words_differ_in_direction(claim: str, text: str) -> None:
    result = compare(claim, text)
    assert result.agreement == "differs" and result.differences[0].kind == "direction"


def test_actors_swapped_or_replaced() -> None:
    text = "Porto Lenz beat Orvik 3-1 on Sunday, and Marta Ilves of the Lenz Farmers Union paid the fine."
    assert compare("Porto Lenz beat Orvik 3-1", text).agreement == "states"
    swapped = compare("Orvik beat Porto Lenz 3-1", text).differences
    assert swapped[0].kind == "actor"
    other = compare("Marta Ilves of the Orvik Growers Guild paid the fine", text).differences
    assert other[0].kind == "actor" and other[0].claim == "Orvik Growers Guild"
    subject = compare("Henrik Sorn paid the fine on Sunday", text).differences
    assert subject[0].kind == "actor"


def test_a_claim_about_what_happened_to_a_name_is_not_a_changed_actor() -> None:
    # Headline English: "X closed" tells what was done to X; the text names who did it.
    text = "The county of Marrow Vale reopened the Elm Ferry crossing to all lorries on Friday after repairs."
    assert compare("Elm Ferry crossing reopened to all lorries", text).agreement == "states"
    # Someone else doing it to someone else is still another actor.
    assert compare("Elm Ferry council reopened the Marrow Vale road", text).agreement == "differs"


def test_places_by_their_other_names() -> None:
    assert [t[0] for t in place_terms("Washington and the U.S. Treasury met the UK team")] == [
        "washington", "u.s.", "uk"]
    assert place_found("united states", "aid from the U.S. was frozen")
    assert not place_found("united states", "tell us what was frozen")  # "us" is not the US
    assert "aid" in alternatives("assistance") and alternatives("reservoir") == ()
    assert compare("Washington froze its aid", "The U.S. froze its aid in March.").agreement == "states"
