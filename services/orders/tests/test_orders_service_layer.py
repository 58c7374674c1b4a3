"""The service layer on the fake unit of work: commands, deadlines and messages publish
what the contract says, with no database and no broker."""

import pytest
from orders_fakes import FakeUnitOfWork
from test_orders_lifecycle import DAY, T0, order

from microtache.errors import Forbidden, NotFound
from microtache.files import LocalBlobs, Uploads

from orders.contract import MESSAGE_ATTACHMENT, UPLOAD_USES
from orders.service_layer.commands import command
from orders.service_layer.events import deadline_reached
from orders.service_layer.messages import message_file, post_message

BUYER = {"id": "b", "username": "bea", "role": "user"}
SELLER = {"id": "s", "username": "sam", "role": "user"}
ADMIN = {"id": "a", "username": "root", "role": "admin"}


@pytest.fixture
def uploads(tmp_path):
    return Uploads(LocalBlobs(str(tmp_path)), UPLOAD_USES)


@pytest.fixture
def uow():
    uow = FakeUnitOfWork(T0)
    uow.orders.add(order(id="o1"))
    return uow


def test_o2_a_start_asks_for_its_due_deadline_and_publishes_order_started(uow):
    command(uow, BUYER, "o1", "submit_requirements", requirements="Blue")
    assert uow.types() == ["deadline_requested", "order_started"]
    assert uow.published[0]["key"] == "orders:o1:due"
    assert uow.published[0]["payload"] == {
        "order_id": "o1",
        "name": "due",
        "due": (T0 + 3 * DAY).isoformat(),
    }


def test_o8_the_due_deadline_makes_it_late_and_asks_for_the_next_one(uow):
    command(uow, SELLER, "o1", "skip_requirements")
    uow.published.clear()
    uow.clock_now = T0 + 3 * DAY
    event = {
        "event_id": "e1",
        "event_type": "order_deadline_reached",
        "order_id": "o1",
        "name": "due",
        "due": (T0 + 3 * DAY).isoformat(),
        "key": "orders:o1:due",
        "due_at": (T0 + 3 * DAY).isoformat(),
    }
    assert deadline_reached(uow, event) == "late"
    assert uow.types() == ["deadline_cancelled", "deadline_requested", "order_late"]
    assert deadline_reached(uow, event) is None  # no longer applies (S3)


def test_a2_an_order_is_only_its_parties_and_an_admins(uow, uploads):
    with pytest.raises(NotFound):
        command(uow, {"id": "x", "role": "user"}, "o1", "skip_requirements")
    hello = {"text": "Hello", "files": []}
    with pytest.raises(Forbidden):
        post_message(uow, uploads, ADMIN, "o1", hello)
    message = post_message(uow, uploads, BUYER, "o1", hello)
    assert uow.published[-1]["recipient_id"] == "s" and message.sender_role == "buyer"


def test_o14_a_message_carries_the_sender_s_uploads_and_only_the_parties_read_them(uow, uploads):
    mine = uploads.declare("b", MESSAGE_ATTACHMENT, "brief.pdf", "application/pdf", 5)
    uploads.receive(mine.id, [b"%PDF-"])
    theirs = uploads.declare("x", MESSAGE_ATTACHMENT, "x.pdf", "application/pdf", 5)
    uploads.receive(theirs.id, [b"%PDF-"])
    with pytest.raises(Forbidden):  # someone else's upload
        post_message(uow, uploads, BUYER, "o1", {"text": "See", "files": [theirs.id]})
    message = post_message(uow, uploads, BUYER, "o1", {"text": "See", "files": [mine.id]})
    assert [f["name"] for f in message.files] == ["brief.pdf"]
    assert uploads.find(mine.id).attached_to == f"orders/messages/{message.id}"
    assert message_file(uow, SELLER, "o1", message.id, mine.id)["key"] == f"uploads/{mine.id}"
    with pytest.raises(NotFound):
        message_file(uow, {"id": "x", "role": "user"}, "o1", message.id, mine.id)
    with pytest.raises(NotFound):
        message_file(uow, SELLER, "o1", message.id, theirs.id)
