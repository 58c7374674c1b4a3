"""Issue 15, item 8: the OpenAPI document states what the server enforces, so that a
request valid by the document is never refused as malformed (400) and schemathesis
finds no "schema-valid request rejected" (ST202). Built offline from the routes."""

import re
import warnings

import pytest

from gateway.openapi import document
from gateway.service import GatewayService


@pytest.fixture(scope="module")
def doc():
    return document(GatewayService)


def schema(doc, name):
    return doc["components"]["schemas"][name]


def body(doc, path, method="post"):
    return doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]


def query(doc, path):
    return {
        p["name"]: p["schema"]
        for p in doc["paths"][path]["get"]["parameters"]
        if p["in"] == "query"
    }


def test_hardening_8_the_username_pattern_and_password_rules_are_stated(doc):
    signup = schema(doc, "SignUp")["properties"]
    assert signup["username"]["pattern"] == "^[a-z0-9][a-z0-9_]{2,29}$"
    assert signup["password"]["minLength"] == 8 and signup["password"]["pattern"] == r"^\s*\S"


def test_hardening_8_an_order_is_placed_from_a_package_or_from_an_offer(doc):
    one_of = schema(doc, "PlaceOrder")["oneOf"]
    assert {"required": ["gig_id", "package"], "not": {"required": ["offer"]}} in one_of
    assert any(branch["required"] == ["offer"] for branch in one_of)


def test_hardening_8_a_review_is_a_buyers_or_a_sellers(doc):
    one_of = schema(doc, "ReviewCreate")["oneOf"]
    assert [branch["required"] for branch in one_of] == [
        ["communication", "service_as_described", "recommend"],
        ["rating"],
    ]


def test_hardening_8_extras_and_deliveries_state_what_they_need(doc):
    assert len(schema(doc, "Extras")["anyOf"]) == 2
    assert {
        "properties": {"confirm_no_files": {"enum": [True]}},
        "required": ["confirm_no_files"],
    } in schema(doc, "Delivery")["anyOf"]


def test_hardening_8_a_patch_has_at_least_one_property(doc):
    patches = [op for ops in doc["paths"].values() for verb, op in ops.items() if verb == "patch"]
    assert patches
    for operation in patches:
        assert (
            operation["requestBody"]["content"]["application/json"]["schema"]["minProperties"] == 1
        )


def test_hardening_8_texts_state_their_length_and_that_something_is_written(doc):
    # validators inside validate.And were invisible to apispec
    description = schema(doc, "BuyerRequestCreate")["properties"]["description"]
    assert description["minLength"] == 1 and description["maxLength"] == 2500
    assert re.search(description["pattern"], "  x") and not re.search(description["pattern"], "  ")
    title = schema(doc, "GigCreate")["properties"]["title"]
    assert (title["minLength"], title["maxLength"]) == (15, 80)
    assert not re.search(title["pattern"], " " * 20) and re.search(title["pattern"], " I will")


def test_hardening_8_dict_bounds_are_properties_and_nullable_objects_only_null(doc):
    criteria = schema(doc, "BuyerRequestCreate")["properties"]["criteria"]
    assert criteria["maxProperties"] == 20 and "maxLength" not in criteria
    budget = schema(doc, "QuoteRequestCreate")["properties"]["budget"]["anyOf"]
    assert {"type": "object", "nullable": True, "enum": [None]} in budget


def test_hardening_8_cards_and_search_filters_state_their_shape(doc):
    card = body(doc, "/v1/me/payment-methods")
    card = schema(doc, card["$ref"].rsplit("/", 1)[1])["properties"]["card_number"]
    assert re.search(card["pattern"], "4242 4242 4242 4242")
    assert not re.search(card["pattern"], "0" * 22)
    attributes = query(doc, "/v1/search/gigs")["attributes"]
    assert re.search(attributes["pattern"], "style:vintage,file-format:svg")
    assert not re.search(attributes["pattern"], "style")


def test_hardening_8_creating_operations_link_to_those_taking_the_new_id(doc):
    links = doc["paths"]["/v1/orders"]["post"]["responses"]["201"]["links"]
    assert links["get_order"] == {
        "operationId": "get_order",
        "parameters": {"order_id": "$response.body#/id"},
        "description": "The answer's `id` as `order_id`",
    }
    offers = doc["paths"]["/v1/requests/{request_id}/offers"]["post"]["responses"]["201"]["links"]
    assert offers["remove_offer"]["parameters"] == {
        "offer_id": "$response.body#/id",
        "request_id": "$request.path.request_id",
    }
    for path in ("/v1/gigs", "/v1/requests", "/v1/review-invitations"):
        assert doc["paths"][path]["post"]["responses"]["201"]["links"], path
    operation_ids = [op["operationId"] for ops in doc["paths"].values() for op in ops.values()]
    assert len(operation_ids) == len(set(operation_ids))
    # two collections named `reports`: each links only below itself
    review_reports = doc["paths"]["/v1/reviews/{review_id}/reports"]["post"]["responses"]["201"]
    assert "resolve_report" not in review_reports.get("links", {})


def test_every_schema_has_a_name_of_its_own():
    """Two schemas of one name (orders' and the inbox's messages, once) would be renamed
    `Name1` by apispec, with only a warning: clients generated from the document would
    get a name that says nothing."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        names = document(GatewayService)["components"]["schemas"]
    assert {"Message", "MessagePage", "OrderMessageReply", "OrderMessagePage"} <= set(names)
