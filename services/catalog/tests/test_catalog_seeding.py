"""The seeding command's catalog: realistic gigs across the tree, found by search (C1, C3, C4)."""

import random

from sqlalchemy import func, select

from microtache.database import make_engine

from catalog.adapters.orm import gigs, users
from catalog.adapters.seeding import seed
from catalog.domain.categories import category_tree
from catalog.domain.gigs import check_gig
from catalog.seed import main


def test_c1_c3_seeded_gigs_spread_over_the_tree_and_are_searchable(catalog_store):
    store = catalog_store()
    assert seed(store.engine, gig_count=600, seller_count=50, rng=random.Random(7)) == {
        "sellers": 50,
        "gigs": 600,
    }
    with store.unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(users)) == 50
        categories = uow.session.scalars(select(gigs.c.category).distinct()).all()
        assert len(categories) == len(category_tree().as_list())
        rows, _ = uow.search.gigs({"q": "logo design"}, 20, 0)
        assert rows and all(
            "logo" in row["title"].lower() or "logo" in row["subcategory"] for row in rows
        )
        gig = uow.gigs.get(rows[0]["id"])
        check_gig(gig, category_tree(), active_gigs_of_seller=0)  # every C1/C2/C3 rule holds


def test_c1_the_seed_command_migrates_the_catalog_database_then_seeds_it(tmp_path, capsys):
    config = tmp_path / "config.yaml"
    config.write_text(f"DATA_DIR: {tmp_path / 'data'}\nDATABASES: {{}}\n")
    main(["--config", str(config), "--gigs", "30", "--sellers", "4"])
    assert "{'sellers': 4, 'gigs': 30}" in capsys.readouterr().out
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'catalog.db'}")
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(gigs)) == 30
    engine.dispose()
