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
