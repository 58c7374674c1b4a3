"""The web app (web/index.html, web/assets/) and its browser tests (web/tests/)."""
