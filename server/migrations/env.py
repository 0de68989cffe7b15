"""Alembic environment: run with a connection handed in by ``server.core.db.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from server.core.orm import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # the alembic command line, for generating revisions
        url = config.get_main_option("sqlalchemy.url") or "sqlite:///alembic-dev.sqlite3"
        with create_engine(url).connect() as conn:
            context.configure(
                connection=conn, target_metadata=target_metadata, render_as_batch=True
            )
            with context.begin_transaction():
                context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run()
