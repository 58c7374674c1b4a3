"""`GET /v1/me/events`: the signed-in person's live stream (gateway/live.py)."""

from nameko.events import BROADCAST, event_handler
from werkzeug.wrappers import Response

from microtache.config import setting

from gateway.http import route
from gateway.live import stream

# What the inbox publishes (inbox.contract), and whom each is pushed to.
PUSHED = {
    "notification_created": ("user_id",),
    "message_sent": ("recipient_id", "sender_id"),
}


def _pushes(event_type, people):
    def handler(self, payload):
        data = {k: v for k, v in payload.items() if k not in ("event_id", "version")}
        for key in people:
            if payload.get(key):
                self.live.push(str(payload[key]), event_type, data)

    handler.__name__ = f"push_{event_type}"
    # a queue of this process's own, gone with it: a push is a hint (gateway/live.py)
    return event_handler("inbox", event_type, handler_type=BROADCAST, reliable_delivery=False)(
        handler
    )


class LiveRoutes:
    """Server-Sent Events of notifications and messages (issue 18)."""

    @route(
        "GET",
        "/v1/me/events",
        query_token=True,
        tags=["notifications"],
        summary="My live stream (text/event-stream): `notification_created` and "
        "`message_sent` as they happen (N1, M2); a browser's EventSource may pass its "
        "token as `?access_token=`",
    )
    def live_events(self, request, caller):
        # each event leaves at once (eventlet gathers 4 KiB per write by default)
        request.environ["eventlet.minimum_write_chunk_size"] = 0
        heartbeat = float(setting(self.config, "LIVE_HEARTBEAT_SECONDS"))
        return Response(
            stream(self.live, caller["id"], heartbeat),
            mimetype="text/event-stream",
            direct_passthrough=True,
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    push_notification_created = _pushes("notification_created", PUSHED["notification_created"])
    push_message_sent = _pushes("message_sent", PUSHED["message_sent"])
