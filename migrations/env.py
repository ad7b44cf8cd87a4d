"""Alembic environment: the URL comes from the caller (``kennisbank.database.migrate``) or alembic.ini."""

from alembic import context
from sqlalchemy import text

import api.redactie.accounts  # noqa: F401  (registers tables on Base.metadata for autogenerate)
import api.storage  # noqa: F401
import kennisbank.repository  # noqa: F401
from kennisbank.database import Base, make_engine

target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=context.config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":  # replicas starting together migrate one after the other
                connection.execute(text("SELECT pg_advisory_xact_lock(7261001)"))
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
