"""Alembic, per service: each service keeps its migrations in `<package>/migrations`.

A service's `migrations/env.py` is two lines: import its metadata, call `run_env`.
"""
import importlib
import os
import threading

from alembic import command, context
from alembic.config import Config


def alembic_config(migrations_package, url):
    module = importlib.import_module(migrations_package)
    config = Config()
    config.set_main_option("script_location", os.path.dirname(module.__file__))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


_one_at_a_time = threading.Lock()   # Alembic's context is process-global


def upgrade(migrations_package, url, revision="head"):
    with _one_at_a_time:
        command.upgrade(alembic_config(migrations_package, url), revision)


def _render_item(type_, obj, autogen_context):
    """Autogenerate writes shared column types as the plain SQLAlchemy type they store."""
    from microtache.types import UtcDateTime
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_env(metadata):
    """The body of every service's `migrations/env.py`."""
    from microtache.database import make_engine

    url = context.config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata,
                          render_as_batch=connection.dialect.name == "sqlite",
                          render_item=_render_item)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def new_revision(migrations_package, message):
    """Autogenerate a revision from the models (against an empty scratch database).

    Alembic's own generic template is used, so services keep no copy of it.
    """
    import shutil
    import tempfile

    import alembic

    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/scratch.db"
        config = alembic_config(migrations_package, url)
        folder = config.get_main_option("script_location")
        template = os.path.join(folder, "script.py.mako")
        shutil.copy(os.path.join(os.path.dirname(alembic.__file__), "templates", "generic",
                                 "script.py.mako"), template)
        try:
            command.upgrade(config, "head")
            command.revision(config, message=message, autogenerate=True)
        finally:
            os.remove(template)


def create_messaging_tables_v1(op):
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


def drop_messaging_tables_v1(op):
    op.drop_table("processed_events")
    op.drop_index("ix_outbox_messages_sent_at", table_name="outbox_messages")
    op.drop_table("outbox_messages")
