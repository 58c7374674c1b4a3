"""`python -m microtache.serve --config config.yaml catalog.service:CatalogService`

Exactly `nameko run`, without eventlet's deprecation banner in every log.
"""
import sys
import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

from nameko.cli.main import main  # noqa: E402

if __name__ == "__main__":
    sys.argv = ["nameko", "run", *sys.argv[1:]]
    main()
