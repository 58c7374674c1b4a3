from microtache.migrations import run_env

from reviews.adapters.orm import metadata

run_env(metadata)
