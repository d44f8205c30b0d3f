"""Adding to counter rows on SQLite and PostgreSQL in one statement."""

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert


def add_counts(session, model, keys: tuple[str, ...], deltas: dict) -> None:
    """Add each delta to the row with its key, creating rows that do not exist."""
    rows = [
        dict(zip(keys, key, strict=True), count=delta)
        for key, delta in deltas.items()
        if delta
    ]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(model).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={"count": model.count + statement.excluded.count},
    )
    session.execute(statement)
