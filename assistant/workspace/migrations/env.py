"""Alembic environment: migrations run on the connection the workspace hands over."""

from __future__ import annotations

from alembic import context

from assistant.workspace.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic` on the command line: the URL from the config
    from sqlalchemy import create_engine

    connectable = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
