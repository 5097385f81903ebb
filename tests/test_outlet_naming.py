"""A credit of a known outlet by any name or address it goes by. No database."""

from __future__ import annotations

from provenance.outlet_naming import OutletLabels, credit_of

# Known only by the domain of a link: its name is the domain until someone names it.
BY_DOMAIN = OutletLabels(("harbourledger.example",), frozenset({"harbourledgerexample"}), ("harbourledger.example",))
NAMED = OutletLabels(("Northgate Courier", "The Courier of Northgate"),
                     frozenset({"northgatecourier", "courierofnorthgate"}), ())


def test_a_credit_names_an_outlet_known_only_by_its_domain() -> None:
    for text, evidence in [
        ("The council voted on Tuesday.\n\nvia The Harbour Ledger\n", "via The Harbour Ledger"),
        ("The council voted on Tuesday. (via The Harbour Ledger)", "via The Harbour Ledger"),
        ("The council voted.\n\nRead the full story at The Harbour Ledger.", "Read the full story at The Harbour Ledger"),
        ("Yesterday The Harbour Ledger reported that the council voted.", "The Harbour Ledger reported"),
        ("According to The Harbour Ledger, the council voted.", "According to The Harbour Ledger"),
        ("The council voted.\n\nThis article first appeared on harbourledger.example.",
         "first appeared on harbourledger.example"),
    ]:
        found = credit_of(text, BY_DOMAIN)
        assert found is not None and found.evidence == evidence, text
        assert text[found.start:found.end].strip() == evidence


def test_other_names_and_words_that_are_no_credit_do_not_name_it() -> None:
    for text in ["via The Harbour Leader", "via Harbour Times", "The Harbour Ledger is a weekly paper.",
                 "Tickets are sold via the harbour ledger shop.", "Read more at harbourledger.example.org."]:
        assert credit_of(text, BY_DOMAIN) is None, text


def test_an_alias_is_a_name_of_the_outlet() -> None:
    found = credit_of("The ferry plan passed.\n\nOriginally published by The Courier of Northgate.", NAMED)
    assert found is not None and found.pattern == "first-appeared"
    assert credit_of("The ferry plan passed.\n\nOriginally published by The Courier of Southgate.", NAMED) is None


def test_the_name_a_domain_spells() -> None:
    wire = OutletLabels(("openwire.example",), frozenset(), ("openwire.example",))
    assert wire.names_it("Open Wire Digest") and wire.names_it("OpenWire")
    assert not wire.names_it("Open Water")
    station = OutletLabels(("whdh7.com",), frozenset(), ("whdh7.com",))
    assert station.names_it("WHDH") and not station.names_it("WHD")
    assert BY_DOMAIN.links_here("https://www.harbourledger.example/2025/03/10/ferry-plan")
    assert not BY_DOMAIN.links_here("https://harbourledger.example.org/ferry") and not BY_DOMAIN.links_here(None)
