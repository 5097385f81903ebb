"""meaning/compare.py, by kind of change (issue 20, near misses that generalise): parts of a whole, bounds on a
number, numbers in another order, numbers that trade places, a count against "a", negating prefixes, axes of
opposites, and names that trade roles. Sentences written for these tests, in the shape of news copy."""

from __future__ import annotations

import pytest

from provenance.meaning.compare import compare, quantities, tokens


def kinds(claim: str, text: str) -> list[tuple[str, str, str]]:
    return [(d.kind, d.claim, d.document) for d in compare(claim, text).differences]


# --- numbers ---------------------------------------------------------------------------------------------

LAYOFFS = "More than a third of Brenmoor Logistics' 9,000 drivers will be laid off this month, the union said."


def test_parts_of_a_whole_are_values() -> None:
    assert compare("Over one-third of the 9,000 drivers at Brenmoor Logistics will be laid off", LAYOFFS
                   ).agreement == "states"
    assert kinds("Over half of the 9,000 drivers at Brenmoor Logistics will be laid off", LAYOFFS) == [
        ("number", "half", "a third")]
    two = "Farmers make up about two-thirds of the voters in Esk County."
    assert compare("About two thirds of Esk County's voters are farmers", two).agreement == "states"
    assert kinds("About one-third of Esk County's voters are farmers", two)[0][:2] == ("number", "one third")
    # "A third case" counts cases: an ordinal, not a part.
    assert [(q.value, q.kind) for q in quantities(tokens("A third case was found in Orlen."))] == [(3.0, "ordinal")]


def test_at_first_is_a_time_not_an_ordinal() -> None:
    text = ("The ferryman is the third Orlen resident to fall ill. Officials said 14 people who met him were "
            "initially kept in isolation.")
    assert compare("Officials said 14 people who met the ferryman were kept in isolation at first", text
                   ).agreement == "states"
    assert kinds("Officials said 14 people who met the ferryman were the first kept in isolation", text)[0][0] == \
        "number"


def test_a_number_bounded_the_other_way_differs() -> None:
    text = "The tagged heron flew more than 1,400 miles (2,253 kilometers) from the Marrow Estuary."
    assert compare("The heron flew over 1,400 miles from the Marrow Estuary", text).agreement == "states"
    assert compare("The heron flew 1,400 miles from the Marrow Estuary", text).agreement == "states"
    assert kinds("The heron flew less than 1,400 miles from the Marrow Estuary", text)[0] == (
        "number", "less than 1,400", "more than 1,400")


def test_a_score_or_record_in_another_order_differs() -> None:
    text = "The Harriers lost 3-5 to Dunmore on Friday and fell to 4-7-1 this season."
    assert compare("The Harriers lost 3-5 to Dunmore and are now 4-7-1", text).agreement == "states"
    assert kinds("The Harriers lost 5-3 to Dunmore on Friday", text) == [("number", "5-3", "3-5")]
    assert kinds("The Harriers are 4-1-7 this season after losing to Dunmore", text) == [
        ("number", "4-1-7", "4-7-1")]


def test_two_numbers_that_trade_their_words_differ() -> None:
    text = "Ossian Reyes finished with 31 points, 9 rebounds and 12 assists as Carlow won again."
    assert compare("Ossian Reyes had 31 points, 9 rebounds and 12 assists", text).agreement == "states"
    assert kinds("Ossian Reyes had 9 points, 31 rebounds and 12 assists", text)[0][0] == "number"
    rise = "The ministry wants the share of rail freight to grow from about 15% this year to 22% by the end of 2035."
    assert compare("The ministry wants rail's freight share to go from about 15% this year to 22% by the end of 2035",
                   rise
                   ).agreement == "states"
    assert kinds("The ministry wants rail's freight share to go from about 22% this year to 15% by the end of 2035",
                 rise)[0][0] == "number"
    # One word that moved is no swap: "the five newcomers join nine firms" says "five firms join nine others".
    join = "The five firms join nine others picked by Tarn Space in 2024, for 14 in all."
    assert compare("The five newcomers join nine firms that Tarn Space picked in 2024, making 14", join
                   ).agreement == "states"


def test_the_claims_words_beside_another_number_differ() -> None:
    text = ("The service opens with 30 channels (eight more were added on Sunday, after an initial dozen "
            "stations were announced), including Kell Radio.")
    assert compare("The service opens with 30 channels after eight more were added", text).agreement == "states"
    assert kinds("The service opens with 12 channels after eight more were added", text) == [
        ("number", "12 channels", "30 channels")]


def test_a_number_in_a_unit_against_a_number_of_something_else_differs() -> None:
    text = "The 2021 Tarvo comes with 12 airbags and a rear camera. Its battery gives 300 miles of range."
    assert compare("The 2021 Tarvo's battery gives a range of 300 miles", text).agreement == "states"
    assert kinds("The 2021 Tarvo has a 12-inch screen", text) == [("number", "12 inch", "12 airbags")]
    assert compare("The Tarvo's range is 300 miles (483 km)", text + " That is 483 km.").agreement == "states"


def test_a_count_against_one_of_the_same_thing_differs() -> None:
    text = "Ilves said the navy will give Port Adra's harbour police a retired patrol boat next spring."
    assert compare("The navy will hand Port Adra's harbour police a retired patrol boat, Ilves said", text
                   ).agreement == "states"
    assert kinds("The navy will hand Port Adra's harbour police two retired patrol boats, Ilves said", text) == [
        ("number", "two", "a")]


# --- negation and opposites ------------------------------------------------------------------------------

def test_a_negating_prefix_is_a_negation() -> None:
    text = "Dr. Amaro Quist, a surgeon at Lenholm Hospital, disagreed and ordered a second biopsy."
    assert compare("Amaro Quist did not agree and ordered a second biopsy", text).agreement == "states"
    assert compare("Amaro Quist disagreed, ordering a second biopsy", text).agreement == "states"
    assert kinds("Amaro Quist agreed and ordered a second biopsy", text) == [("negation", "agreed", "disagreed")]
    stable = "Early tests by Vantor Labs show the new build runs at an unstable frame rate."
    assert kinds("Vantor Labs tests show the new build runs at a stable frame rate", stable)[0][0] == "negation"
    # Words that only begin like a prefix are not negated ("discovered" is not "not covered").
    assert compare("The crew discovered the wreck", "The crew discovered the wreck off Tarn Point.").agreement \
        == "states"


@pytest.mark.parametrize(("text", "same", "other"), [
    ("Ludo Ferrante, the younger brother of the mayor, was arrested.",
     "The mayor's younger brother Ludo Ferrante was arrested", "The mayor's older brother Ludo Ferrante was arrested"),
    ("The study found the new hull design would make the ferry a lot smaller.",
     "The new hull design would make the ferry much smaller", "The new hull design would make the ferry much larger"),
    ("Engineers said the redesign would shrink the size of the ferry.",
     "The redesign would make the ferry smaller", "The redesign would make the ferry bigger"),
    ("The vaults would be darkened and their temperature reduced to cool the samples.",
     "The samples would be kept colder in darkened vaults", "The samples would be kept warmer in darkened vaults"),
    ("In March the patient returned with worsening pain in his knee.",
     "The patient came back in March with pain that had got worse",
     "The patient came back in March with pain that had got better"),
    ("Prosecutors in Orlen have dropped their inquiry into the Tamsin Bank loans.",
     "Orlen's prosecutors dropped the inquiry into Tamsin Bank's loans",
     "Orlen's prosecutors reopened the inquiry into Tamsin Bank's loans"),
    ("The merger of Kell Media and Dunmore Press became final on Tuesday.",
     "The merger of Kell Media and Dunmore Press became final", "The merger of Kell Media and Dunmore Press was called off"),
    ("All the parties in Esk County are spending most of their budget online.",
     "Every party in Esk County is spending most of its budget online",
     "Few parties in Esk County are spending most of their budget online"),
    ("The rover will look for ice at the south pole of Tarn.",
     "The rover will search for ice at Tarn's south pole", "The rover will search for ice at Tarn's north pole"),
])
def test_words_on_an_axis_of_opposites_differ(text: str, same: str, other: str) -> None:
    assert compare(same, text).agreement == "states"
    assert kinds(other, text)[0][0] == "direction"


def test_a_few_is_not_few() -> None:
    text = "After a few weeks, all the clinics in Orlen had reopened."
    assert compare("All the clinics in Orlen had reopened after a few weeks", text).agreement == "states"


# --- names and their roles -------------------------------------------------------------------------------

def test_an_apposition_is_not_a_swap() -> None:
    text = "Halvard, a wealthy shipowner Ilves chose as his envoy to Tarn, testified on Tuesday."
    assert compare("Ilves chose Halvard, a rich shipowner, as his envoy to Tarn", text).agreement == "states"


def test_the_claims_object_doing_it_to_its_subject_differs() -> None:
    text = "Corin Vale has agreed a deal to replace Arno Pike as Dunmore's coach until 2027."
    assert compare("Corin Vale has agreed to take over from Arno Pike as Dunmore's coach", text
                   ).agreement == "states"
    assert kinds("Arno Pike has agreed to take over from Corin Vale as Dunmore's coach", text)[0][0] == "actor"
    # In the passive the names stand the other way round and say the same.
    passive = "Halvard was chosen by Ilves as envoy to Tarn last year."
    assert compare("Ilves chose Halvard as envoy to Tarn", passive).agreement == "states"


def test_a_name_in_the_plural_is_the_same_name() -> None:
    text = "Truck and SUV sales are down 4.1 percent, while sedan sales are down 9.8 percent."
    assert compare("Sales of trucks and SUVs are down 4.1 percent, and sedan sales fell 9.8 percent", text
                   ).agreement == "states"
    assert kinds("Sales of trucks and SUVs are up 4.1 percent, and sedan sales fell 9.8 percent", text)[0][0] == \
        "direction"


def test_names_that_trade_partners_across_clauses_differ() -> None:
    text = "Kell Motors is showing a hybrid Tarvo, while Brenmoor is unveiling an electric van named Osprey."
    assert compare("Brenmoor unveils an electric van called Osprey, while Kell Motors shows a hybrid Tarvo",
                   text).agreement == "states"
    assert kinds("Kell Motors unveils an electric van called Osprey, while Brenmoor shows a hybrid Tarvo",
                 text)[0][0] == "actor"


def test_the_winner_of_the_claim_beaten_in_the_text_differs() -> None:
    text = "Osric Hale won the deciding set to give the hosts a 3-2 win over Carlow in the Tarn Cup final."
    assert compare("The hosts beat Carlow 3-2 in the Tarn Cup final", text).agreement == "states"
    assert kinds("Carlow beat the hosts 3-2 in the Tarn Cup final", text)[0][0] == "actor"
    assert kinds("The hosts lost to Carlow 3-2 in the Tarn Cup final", text)[0][0] in ("actor", "direction")
