from microtache.migrations import run_env

from catalog.adapters.orm import metadata

run_env(metadata)
