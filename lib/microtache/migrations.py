"""Alembic, per service: each service keeps its migrations in `<package>/migrations`.

A service's `migrations/env.py` is two lines: import its metadata, call `run_env`.

Alembic is imported only when a migration runs: a running service (MIGRATE_ON_START
false, as `microtache run` starts them) imports this module but never migrates.
"""

from __future__ import annotations

import importlib
import os
import threading
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from alembic.autogenerate.api import AutogenContext
    from alembic.config import Config
    from alembic.operations import Operations
    from sqlalchemy import MetaData


def migrations_folder(migrations_package: str) -> str:
    """Where a service's migrations package lives (a regular package: it has an
    `__init__.py`, so a `__file__`)."""
    module = importlib.import_module(migrations_package)
    if module.__file__ is None:
        raise ValueError(f"{migrations_package} is a namespace package: give it an __init__.py")
    return os.path.dirname(module.__file__)


def alembic_config(migrations_package: str, url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", migrations_folder(migrations_package))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


_one_at_a_time = threading.Lock()  # Alembic's context is process-global


def upgrade(migrations_package: str, url: str, revision: str = "heads") -> None:
    from alembic import command

    with _one_at_a_time:
        command.upgrade(alembic_config(migrations_package, url), revision)


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Autogenerate writes shared column types as the plain SQLAlchemy type they store."""
    from microtache.types import UtcDateTime

    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_env(metadata: MetaData) -> None:
    """The body of every service's `migrations/env.py`."""
    from alembic import context

    from microtache.database import make_engine

    url = context.config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError(
            "Alembic's configuration names no sqlalchemy.url: "
            "run migrations through microtache.migrations"
        )
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            render_item=_render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def new_revision(migrations_package: str, message: str) -> None:
    """Autogenerate a revision from the models (against an empty scratch database).

    Alembic's own generic template is used, so services keep no copy of it.
    """
    import shutil
    import tempfile

    import alembic
    from alembic import command

    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/scratch.db"
        config = alembic_config(migrations_package, url)
        template = os.path.join(migrations_folder(migrations_package), "script.py.mako")
        shutil.copy(
            os.path.join(
                os.path.dirname(alembic.__file__), "templates", "generic", "script.py.mako"
            ),
            template,
        )
        try:
            command.upgrade(config, "heads")
            command.revision(config, message=message, autogenerate=True)
        finally:
            os.remove(template)


def create_messaging_tables_v1(op: Operations) -> None:
    """The outbox and processed-events tables as every service's first revision made them.

    Frozen: a later change to these tables is a new revision in each service.
    """
    import sqlalchemy as sa

    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("event_type", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    op.create_index("ix_outbox_messages_sent_at", "outbox_messages", ["sent_at"])
    op.create_table(
        "processed_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("consumer", sa.String(length=200), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "consumer", name="uq_processed_event_consumer"),
    )


def drop_messaging_tables_v1(op: Operations) -> None:
    op.drop_table("processed_events")
    op.drop_index("ix_outbox_messages_sent_at", table_name="outbox_messages")
    op.drop_table("outbox_messages")
