#!/bin/sh
# The image's entrypoint: `docker-entrypoint SERVICE [nameko run options]` runs one
# service (or the gateway) in the foreground as PID 1, so that SIGTERM reaches Nameko
# and stops it gracefully; anything else (`microtache migrate`, `sh`) runs as given.
set -eu

# The names are those of the configuration's registry (config.yaml `SERVICES`, `GATEWAY`).
if [ "$#" -gt 0 ] && target=$(python -c '
import sys
from microtache.cli import registry
known = registry(sys.argv[2])
path = {**known["SERVICES"], "gateway": known["GATEWAY"]}.get(sys.argv[1])
print(path) if path else sys.exit(1)' "$1" "${MICROTACHE_CONFIG}"); then
    shift
    exec python -m microtache.serve --config "${MICROTACHE_CONFIG}" "${target}" "$@"
fi
exec "$@"
