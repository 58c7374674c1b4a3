"""One function per command, query or event of requests: load, apply the domain, store, publish.

The walking skeleton has none yet: the service answers `ping` only.
"""
