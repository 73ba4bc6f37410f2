"""Every foreign key is the first column of an index (a primary key or unique constraint
counts): without one, "the exchanges of this person" or "the reminders of this exchange" scan
the whole table, and an event's cost grows with the programme (production-core item 1)."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint

from storage.schema import metadata


def test_every_foreign_key_has_an_index() -> None:
    missing = []
    for table in metadata.sorted_tables:
        leading = {next(iter(ix.columns)).name for ix in table.indexes}
        leading |= {
            next(iter(c.columns)).name for c in table.constraints if isinstance(c, UniqueConstraint)
        }
        if table.primary_key.columns:
            leading.add(next(iter(table.primary_key.columns)).name)
        missing += [
            f"{table.name}.{c.name}" for c in table.columns
            if c.foreign_keys and c.name not in leading
        ]  # fmt: skip
    assert not missing, f"add an index (storage/schema_indexes.py + a migration): {missing}"
