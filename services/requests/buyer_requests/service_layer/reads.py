"""Reading one buyer request (A2, R2, R6): its buyer and an admin read all of it, a seller
it is open to what sellers see of it; to anyone else it does not exist."""

from microtache.errors import NotFound

from buyer_requests.domain.requests import OWNER, reader_of
from buyer_requests.service_layer.lookups import counted, request_of


def read_request(uow, caller, request_id):
    """(the request with its offer count, whether the caller reads all of it)."""
    request = request_of(uow, request_id)
    declined = uow.requests.declined_by(request.id, caller["id"])
    reader = reader_of(request, caller, uow.sellers.get(caller["id"]), declined)
    if reader is None:
        raise NotFound("No such request.", {"request_id": request_id})
    return counted(uow, request), reader == OWNER
