"""Root of every test run: green the standard library before anything imports it
(nameko 2.14's pytest plugin does not), so services run inside pytest."""
import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()
