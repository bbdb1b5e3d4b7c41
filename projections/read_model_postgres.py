"""The read model on PostgreSQL: the same views, in the ledger's database (imported only there,
so SQLite users never load psycopg)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, cast

from eventsourcing.postgres import PostgresTrackingRecorder
from psycopg.sql import SQL

from projections.read_model import MARKS, ReadModel


@lru_cache(maxsize=256)
def _dialect(statement: str) -> str:
    """Views are written for SQLite: PostgreSQL wants %s placeholders and no WITHOUT ROWID."""
    return statement.replace("?", "%s").replace(" WITHOUT ROWID", "")


class PostgresReadModel(ReadModel, PostgresTrackingRecorder):
    """The views in the ledger's PostgreSQL database, beside its events."""

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.sql_create_statements.append(cast(Any, SQL(MARKS)))
        for view in self.views:
            self.sql_create_statements += [
                cast(Any, SQL(_dialect(s))) for s in view.create_statements()
            ]

    def sql(self, statement: str) -> str:
        return _dialect(statement)

    def tracking_table(self) -> str:
        return f"{self.datastore.schema or 'public'}.{self.tracking_table_name}"
