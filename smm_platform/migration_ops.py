"""Operations the migrations share (kept stable: applied migrations import them)."""

from __future__ import annotations

from django.db import migrations


def set_fillfactor(table: str, value: int, previous: int = 100) -> migrations.RunPython:
    """PostgreSQL only: leave ``100 - value`` % of each page of ``table`` free, so updates of
    its rows stay in place (HOT: no index writes); reversed to ``previous``. Other databases:
    nothing to do."""

    def run(fillfactor: int):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                name = schema_editor.quote_name(table)
                schema_editor.execute(f"ALTER TABLE {name} SET (fillfactor = {fillfactor:d})")

        return apply

    return migrations.RunPython(run(value), run(previous))
