"""The full-text index beside disclosure_searchentry, in the database's own engine.

SQLite: a contentless FTS5 table over space-joined character bigrams (rowid = entry id).
PostgreSQL: a tsvector column of positional bigrams with a GIN index.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE disclosure_search_fts USING fts5("
    "title, body, content='', tokenize='unicode61 remove_diacritics 0')",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS disclosure_search_fts"]
POSTGRES_UP = [
    "ALTER TABLE disclosure_searchentry ADD COLUMN search_vector tsvector",
    "CREATE INDEX disclosure_searchentry_vector ON disclosure_searchentry "
    "USING gin (search_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS disclosure_searchentry_vector",
    "ALTER TABLE disclosure_searchentry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
