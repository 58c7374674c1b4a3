#!/bin/sh
# The image's entrypoint: `docker-entrypoint SERVICE [nameko run options]` runs one
# service (or the gateway) in the foreground as PID 1, so that SIGTERM reaches Nameko
# and stops it gracefully; anything else (`microtache migrate`, `sh`) runs as given.
set -eu

if [ "$#" -gt 0 ] && target=$(python -c '
import sys
from microtache.cli import GATEWAY, SERVICES
path = {**SERVICES, "gateway": GATEWAY}.get(sys.argv[1])
print(path) if path else sys.exit(1)' "$1"); then
    shift
    exec python -m microtache.serve --config "${MICROTACHE_CONFIG}" "${target}" "$@"
fi
exec "$@"
