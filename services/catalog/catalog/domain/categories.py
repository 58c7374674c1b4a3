"""The category tree (C3), shipped as data in `catalog/data/categories.json`."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

Node = dict[str, Any]  # a category or subcategory, as categories.json has it


class CategoryTree:
    def __init__(self, tree: dict[str, Any]) -> None:
        self.tree = tree
        self._subcategories = {
            (category["slug"], sub["slug"]): sub
            for category in tree["categories"]
            for sub in category["subcategories"]
        }
        self._category_of = {sub: cat for cat, sub in self._subcategories}

    def subcategory(self, category: str | None, subcategory: str | None) -> Node | None:
        return self._subcategories.get((category, subcategory))

    def category_of(self, subcategory: str) -> str | None:
        return self._category_of.get(subcategory)

    def as_list(self) -> list[Node]:
        return self.tree["categories"]


@lru_cache(maxsize=1)
def category_tree() -> CategoryTree:
    text = resources.files("catalog").joinpath("data/categories.json").read_text("utf-8")
    return CategoryTree(json.loads(text))
