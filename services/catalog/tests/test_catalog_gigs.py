"""The catalog's gig rules, on the domain alone (C1, C2, C3)."""

from datetime import UTC, datetime

import pytest

from microtache.errors import RuleViolation  # check_gig: 422 since issue 15, item 8
from microtache.money import Money

from catalog.domain.categories import category_tree
from catalog.domain.gigs import MAX_ACTIVE_GIGS, Extra, Gig, Package, check_gig


def make_gig(**overrides):
    fields = dict(
        seller_id="s1",
        title="I will design a minimalist logo",
        description="Clean vector logos.",
        category="graphics-design",
        subcategory="logo-design",
        created_at=datetime.now(UTC),
        packages=[Package("basic", Money(2500), 3, 1)],
    )
    fields.update(overrides)
    return Gig(**fields)


def test_c1_a_gig_with_one_to_three_packages_is_valid():
    packages = [
        Package("basic", Money(500), 1, 0),
        Package("standard", Money(1500), 3, 2),
        Package("premium", Money(5000), 7, 5),
    ]
    check_gig(
        make_gig(packages=packages, extras=[Extra("Rush", Money(1000), 0)]),
        category_tree(),
        active_gigs_of_seller=0,
    )


@pytest.mark.parametrize(
    "tiers",
    [[], ["basic", "basic"], ["basic", "standard", "premium", "basic"]],
    ids=["none", "same-tier-twice", "four"],
)
def test_c1_packages_are_one_to_three_distinct_tiers(tiers):
    packages = [Package(tier, Money(500), 1, 0) for tier in tiers]
    with pytest.raises(RuleViolation) as error:
        check_gig(make_gig(packages=packages), category_tree(), 0)
    assert "packages" in error.value.details


def test_c1_price_and_delivery_bounds():
    with pytest.raises(RuleViolation) as error:
        check_gig(make_gig(packages=[Package("basic", Money(499), 0, 0)]), category_tree(), 0)
    assert len(error.value.details["packages"]) == 2


def test_c2_description_is_at_most_500_characters():
    check_gig(make_gig(description="x" * 500), category_tree(), 0)
    with pytest.raises(RuleViolation) as error:
        check_gig(make_gig(description="x" * 501), category_tree(), 0)
    assert "description" in error.value.details


def test_c2_a_seller_offers_at_most_10_active_services():
    check_gig(make_gig(), category_tree(), MAX_ACTIVE_GIGS - 1)
    with pytest.raises(RuleViolation):
        check_gig(make_gig(), category_tree(), MAX_ACTIVE_GIGS)


def test_c3_subcategory_and_its_attributes_come_from_the_tree():
    check_gig(
        make_gig(attributes={"style": "minimalist", "file-format": "svg"}), category_tree(), 0
    )
    with pytest.raises(RuleViolation) as error:
        check_gig(make_gig(attributes={"style": "cubist", "colour": "red"}), category_tree(), 0)
    assert len(error.value.details["attributes"]) == 2
    with pytest.raises(RuleViolation):
        check_gig(make_gig(category="writing-translation"), category_tree(), 0)


def test_c3_the_tree_is_a_realistic_marketplace():
    categories = category_tree().as_list()
    subcategories = [s for c in categories for s in c["subcategories"]]
    assert len(categories) >= 8 and len(subcategories) >= 60
    assert all(s["attributes"] for s in subcategories)
