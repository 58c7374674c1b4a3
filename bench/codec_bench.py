"""make bench-codec: kombu's JSON codec against microtache.codec (orjson) on the
messages an order sends: the gateway's RPC request, the order in its reply, and the
`order_placed` event. Encode + decode, microseconds each; writes
bench/results/codec.json. Not a test.
"""

import json
import os
import platform
import timeit
import uuid
from datetime import UTC, datetime

from kombu.utils import json as kombu_json

from microtache import codec

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOW = datetime.now(UTC).isoformat()


def an_order():
    return {
        "id": str(uuid.uuid4()),
        "gig_id": str(uuid.uuid4()),
        "buyer_id": str(uuid.uuid4()),
        "seller_id": str(uuid.uuid4()),
        "status": "awaiting_requirements",
        "package": {"tier": "basic", "title": "Basic logo", "price": 2500, "delivery_days": 3},
        "extras": [{"id": "fast", "title": "Fast delivery", "price": 1000, "days": -1}],
        "total": {"amount": 3500, "currency": "USD"},
        "service_fee": {"amount": 275, "currency": "USD"},
        "created_at": NOW,
        "due_at": None,
        "allowed": ["submit_requirements", "cancel", "send_message"],
        "timeline": [{"at": NOW, "kind": "placed", "by": "buyer", "note": None}],
    }


MESSAGES = {
    "rpc request": {
        "args": [],
        "kwargs": {
            "buyer_id": str(uuid.uuid4()),
            "gig_id": str(uuid.uuid4()),
            "package": "basic",
            "extras": ["fast"],
            "payment_method_id": str(uuid.uuid4()),
            "idempotency_key": str(uuid.uuid4()),
        },
    },
    "rpc reply": {"result": an_order(), "error": None},
    "event": {
        "event_id": str(uuid.uuid4()),
        "event_type": "order_placed",
        "occurred_at": NOW,
        "version": 1,
        "correlation_id": uuid.uuid4().hex,
        "order": an_order(),
    },
}


def per_call_us(dumps, loads, message, number=20_000):
    seconds = min(timeit.repeat(lambda: loads(dumps(message)), number=number, repeat=5))
    return round(seconds / number * 1e6, 2)


def main():
    results = {}
    for name, message in MESSAGES.items():
        kombu_us = per_call_us(kombu_json.dumps, kombu_json.loads, message)
        orjson_us = per_call_us(codec.dumps, codec.loads, message)
        size = len(codec.dumps(message))
        results[name] = {"bytes": size, "kombu_us": kombu_us, "orjson_us": orjson_us}
        print(f"{name:12} {size:5} bytes  kombu {kombu_us:6.1f} us  orjson {orjson_us:5.1f} us")
    report = {
        "machine": {"python": platform.python_version(), "load_average": os.getloadavg()},
        "encode_and_decode": results,
    }
    path = os.path.join(ROOT, "bench", "results", "codec.json")
    with open(path, "w") as out:
        json.dump(report, out, indent=2)
    print(f"written: {path}")


if __name__ == "__main__":
    main()
