from microtache.migrations import run_env

from scheduler.adapters.orm import metadata

run_env(metadata)
