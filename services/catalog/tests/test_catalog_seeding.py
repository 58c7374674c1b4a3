"""The seeding command's catalog: realistic gigs across the tree, found by search (C1, C3, C4)."""
import random

from sqlalchemy import func, select

from catalog.adapters.orm import gigs, users
from catalog.adapters.repository import Catalog
from catalog.adapters.seeding import seed
from catalog.domain.categories import category_tree
from catalog.domain.gigs import check_gig


def test_c1_c3_seeded_gigs_spread_over_the_tree_and_are_searchable(catalog_store):
    store = catalog_store()
    assert seed(store.engine, gig_count=600, seller_count=50, rng=random.Random(7)) == {
        "sellers": 50, "gigs": 600}
    with store.unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(users)) == 50
        categories = uow.session.scalars(select(gigs.c.category).distinct()).all()
        assert len(categories) == len(category_tree().as_list())
        catalog = Catalog(uow.session)
        rows, _ = catalog.search_gigs({"q": "logo design"}, 20, 0)
        assert rows and all("logo" in row["title"].lower() or "logo" in row["subcategory"]
                            for row in rows)
        gig = catalog.gig(rows[0]["id"])
        check_gig(gig, category_tree(), active_gigs_of_seller=0)   # every C1/C2/C3 rule holds
