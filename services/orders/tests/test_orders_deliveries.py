"""Deliveries name the seller's uploads (O3, API.md "Files"): each is checked, then taken
for the delivery; a draft takes its files when saved; a download answers the kept file."""

import pytest

from microtache.errors import Conflict, Forbidden, NotFound, RuleViolation
from microtache.files import GB, LocalBlobs, Uploads
from microtache.money import Money

from orders.adapters.orm import metadata
from orders.adapters.unit_of_work import OrdersUnitOfWork
from orders.contract import DELIVERY, EVENTS, POLICIES, UPLOAD_USES, DeliveryReplySchema
from orders.domain import lifecycle
from orders.domain.orders import BUYER, Order
from orders.service_layer.commands import deliver, send_draft
from orders.service_layer.queries import delivered_file

SELLER_ID, BUYER_ID = "s", "b"


@pytest.fixture
def store(store_factory):
    store = store_factory(metadata, "orders.migrations")
    store.events, store.unit_of_work_class = EVENTS, OrdersUnitOfWork
    return store


@pytest.fixture
def uploads(tmp_path):
    return Uploads(LocalBlobs(str(tmp_path / "files")), UPLOAD_USES)


@pytest.fixture
def order_id(store):
    with store.unit_of_work() as uow:
        order = Order(
            buyer_id=BUYER_ID,
            seller_id=SELLER_ID,
            buyer_username="bea",
            seller_username="sam",
            title="A logo",
            price=Money(2500),
            delivery_days=3,
            revisions_included=1,
            created_at=uow.now(),
        )
        lifecycle.perform(order, "submit_requirements", BUYER, uow.now(), requirements="Blue")
        uow.orders.add(order)
    return order.id


def uploaded(uploads, data=b"\x89PNG logo", name="logo.png", owner=SELLER_ID):
    upload = uploads.declare(owner, DELIVERY, name, "image/png", len(data))
    return uploads.receive(upload.id, [data]).id


def delivering(store, uploads, order_id, files, caller=SELLER_ID, **flags):
    body = {"message": "Here", "files": files, "draft": False, "confirm_no_files": False}
    with store.unit_of_work() as uow:
        _, _, made = deliver(uow, uploads, {"id": caller}, order_id, {**body, **flags})
        return DeliveryReplySchema().dump(made)


def test_o3_a_delivery_takes_the_sellers_uploads_and_a_download_answers_the_kept_file(
    store, uploads, order_id
):
    logo = uploaded(uploads)
    delivery = delivering(store, uploads, order_id, [logo])
    [kept] = delivery["files"]
    assert (kept["upload_id"], kept["name"], kept["size"]) == (logo, "logo.png", 9)
    assert uploads.find(logo).attached_to == f"orders/deliveries/{delivery['id']}"
    with store.read_only() as uow:
        found = delivered_file(uow, {"id": BUYER_ID}, order_id, delivery["id"], "logo.png")
        assert found["key"] == uploads.find(logo).key and found["sha256"] == kept["sha256"]
        with pytest.raises(NotFound):  # A2: a stranger is told nothing
            delivered_file(uow, {"id": "x", "role": "user"}, order_id, delivery["id"], "logo.png")


def test_o3_each_delivered_file_is_an_upload_for_a_delivery_of_at_most_1_gb(
    store, uploads, order_id
):
    assert POLICIES.max_file_size == GB
    with pytest.raises(RuleViolation):  # the bound, when the upload is declared
        uploads.declare(SELLER_ID, DELIVERY, "big.mov", "video/mp4", GB + 1)
    with pytest.raises(Forbidden):  # the buyer's upload is not the seller's to deliver
        delivering(store, uploads, order_id, [uploaded(uploads, owner=BUYER_ID)])
    pending = uploads.declare(SELLER_ID, DELIVERY, "late.png", "image/png", 3).id
    ready = uploaded(uploads)
    with pytest.raises(RuleViolation):  # bytes not there yet: nothing is taken
        delivering(store, uploads, order_id, [ready, pending])
    assert uploads.find(ready).state == "ready"
    delivery = delivering(store, uploads, order_id, [ready])
    with pytest.raises(Conflict):  # an upload is delivered once
        delivering(store, uploads, order_id, [ready])
    assert delivery["files"][0]["upload_id"] == ready


def test_o3_a_draft_takes_its_files_when_saved_and_keeps_them_when_sent(store, uploads, order_id):
    logo = uploaded(uploads)
    draft = delivering(store, uploads, order_id, [logo], draft=True)
    assert draft["draft"] and uploads.find(logo).attached_to == f"orders/deliveries/{draft['id']}"
    with store.read_only() as uow:
        with pytest.raises(NotFound):  # a draft's files are the seller's only
            delivered_file(uow, {"id": BUYER_ID}, order_id, draft["id"], "logo.png")
    with store.unit_of_work() as uow:
        _, _, sent = send_draft(uow, {"id": SELLER_ID}, order_id, draft["id"])
        assert [f["upload_id"] for f in sent.files] == [logo]
    with store.read_only() as uow:
        assert delivered_file(uow, {"id": BUYER_ID}, order_id, draft["id"], "logo.png")["key"]


def test_o3_a_file_delivered_before_uploads_keeps_its_storage_key(store, uploads, order_id):
    old = {"key": "orders/o/1", "name": "a.txt", "content_type": "text/plain", "size": 1}
    with store.unit_of_work() as uow:
        order = uow.orders.get(order_id, lock=True)
        delivery = lifecycle.perform(
            order, "deliver", "seller", uow.now(), message="Old", files=[{**old, "sha256": "x"}]
        )
    with store.read_only() as uow:
        found = delivered_file(uow, {"id": BUYER_ID}, order_id, delivery.id, "a.txt")
    assert found["key"] == "orders/o/1" and "upload_id" not in found
