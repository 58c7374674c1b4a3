from microtache.migrations import run_env

from inbox.adapters.orm import metadata

run_env(metadata)
