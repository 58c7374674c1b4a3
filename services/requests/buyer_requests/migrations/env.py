from microtache.migrations import run_env

from buyer_requests.adapters.orm import metadata

run_env(metadata)
