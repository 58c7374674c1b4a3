"""`GET /metrics`: this gateway process's Prometheus metrics, for an admin.

Prometheus scrapes every process on its metrics port (`METRICS_PORT`, 9100 in the
containers: deploy/k8s's ServiceMonitors), which no Service or Ingress exposes to
clients. The API's own port is public through the Ingress, and the business counters
(orders, money) are no one else's business: here the same text needs an admin's
token. Not an API operation, so not in the OpenAPI document (docs/operations.md,
"Metrics").
"""

from werkzeug.wrappers import Response

from microtache import metrics

from gateway.http import route


class MetricsRoutes:
    @route("GET", "/metrics", admin=True, in_schema=False, tags=["operations"])
    def metrics_text(self, request, caller):
        text, content_type = metrics.exposition()
        return Response(text, status=200, content_type=content_type)
