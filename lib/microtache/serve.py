"""`python -m microtache.serve --config config.yaml catalog.service:CatalogService`

Exactly `nameko run`, without eventlet's deprecation banner in every log.
"""
import sys

import microtache  # noqa: F401  (quiets eventlet's banner before nameko imports it)
from nameko.cli.main import main

if __name__ == "__main__":
    sys.argv = ["nameko", "run", *sys.argv[1:]]
    main()
