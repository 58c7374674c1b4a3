"""A request's category, subcategory and criteria (R1, Q1), checked against the catalog's
category tree (C3) as `list_categories` gives it: [{slug, subcategories: [{slug,
attributes: [{slug, values}]}]}]. The catalog owns the tree; this only reads it.
What the tree refuses is 422: OpenAPI states slugs, not which exist (issue 15, item 8)."""

from typing import Any

from microtache.errors import RuleViolation

Tree = list[dict[str, Any]]


def subcategory_of(tree: Tree, category: str, subcategory: str) -> dict[str, Any] | None:
    for cat in tree:
        if cat["slug"] == category:
            return next((sub for sub in cat["subcategories"] if sub["slug"] == subcategory), None)
    return None


def check_criteria(tree: Tree, category: str, subcategory: str, criteria: dict[str, str]) -> None:
    """The subcategory must be in the category; each criterion one of the subcategory's
    attributes, with one of its values."""
    found = subcategory_of(tree, category, subcategory)
    if found is None:
        raise RuleViolation(
            "The request is not valid.",
            {
                "subcategory": [
                    f"No subcategory {subcategory!r} in category {category!r} (GET /v1/categories)."
                ]
            },
        )
    allowed = {a["slug"]: a["values"] for a in found.get("attributes", [])}
    problems = [
        f"{name!r} is not a criterion of {subcategory}."
        if name not in allowed
        else f"{name!r} must be one of {allowed[name]}."
        for name, value in criteria.items()
        if name not in allowed or value not in allowed[name]
    ]
    if problems:
        raise RuleViolation("The request is not valid.", {"criteria": problems})
