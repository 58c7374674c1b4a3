"""The bus's description, next to the API's: `/asyncapi.json` (gateway/asyncapi.py)."""

from typing import Any

from gateway import asyncapi
from gateway.http import route

_document: dict[str, Any] = {}


class BusRoutes:
    @route(
        "GET",
        "/asyncapi.json",
        public=True,
        tags=["operations"],
        summary="The AsyncAPI 3 description of the events on the bus, from the contracts",
    )
    def asyncapi_json(self, request):
        if not _document:
            _document.update(asyncapi.document(asyncapi.contracts(self.config)))
        return _document
